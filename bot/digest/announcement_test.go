package digest

import (
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

func TestAnnouncementMessages(t *testing.T) {
	a := bot.Announcement{AuthorName: "Nguyễn Thị <Lan>", Text: "Họp lúc 8 giờ & mang <sổ>"}
	out := AnnouncementMessages(a, "tỉnh Quảng Ninh", "vi")
	want := "📢 <b>Thông báo của Hội Người cao tuổi tỉnh Quảng Ninh</b>\nNgười gửi: Nguyễn Thị &lt;Lan&gt;\n\nHọp lúc 8 giờ &amp; mang &lt;sổ&gt;"
	if len(out) != 1 || out[0].Text != want || out[0].File != nil {
		t.Fatalf("text only: %+v, want %q", out, want)
	}
	a.File = &bot.File{Kind: bot.FilePhoto, ID: "AgADph1"}
	out = AnnouncementMessages(a, "tỉnh Quảng Ninh", "en")
	if len(out) != 1 || out[0].File == nil || out[0].File.ID != "AgADph1" || out[0].File.Name != "Attached photo" ||
		!strings.HasPrefix(out[0].Text, "📢 <b>Announcement from the Association of the Elderly, tỉnh Quảng Ninh</b>") {
		t.Fatalf("with a photo: %+v", out)
	}
	a.Text = strings.Repeat("chữ ", 300)
	out = AnnouncementMessages(a, "tỉnh Quảng Ninh", "vi")
	if len(out) != 2 || out[0].File != nil || out[1].File == nil || out[1].Text != "" {
		t.Fatalf("a text too long for a caption goes first, the photo after: %+v", out)
	}
	if a.File.Name != "" {
		t.Fatal("AnnouncementMessages changed the announcement's file")
	}
}
