package engine_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// newHistoryHarness is the officers' harness an hour later, after the
// leader of CLB Hoa Sen (Móng Cái) added a member and reported the funds
// again, and after changes in Cô Tô: an invite for CLB Sóng Biển's leader
// and a member the system added there.
func newHistoryHarness(t *testing.T) *officerHarness {
	h := newOfficerHarness(t)
	h.now = h.now.Add(time.Hour)
	h.harness.addMember(leader, "Phạm Thị Cúc", "1948")
	h.now = h.now.Add(time.Minute)
	h.reportFunds("25tr")
	h.now = h.now.Add(time.Minute)
	h.adminInvitesLeader("06/12/2026")
	h.addMember(h.coTo, "Vũ Thị Sen", bot.Female, 1955)
	return h
}

func TestHistoryShowsAnOfficerTheChangesInScope(t *testing.T) {
	h := newHistoryHarness(t)
	for _, c := range []struct {
		chat, lang string
		want       string
	}{
		{area, "vi", `Thay đổi gần đây – thành phố Móng Cái (trang 1)
• 29/11/2026 10:01 – Bà Lan: Báo cáo quỹ CLB Hoa Sen ngày 29/11/2026: quỹ tăng thu nhập 20.000.000 đ → 25.000.000 đ, quỹ hoạt động 2.000.000 đ → 2.000.000 đ, dư nợ 15.000.000 đ → 15.000.000 đ
• 29/11/2026 10:00 – Bà Lan: Thêm thành viên Phạm Thị Cúc vào CLB Hoa Sen
• 29/11/2026 09:00 – Bà Lan: Báo cáo quỹ đầu tiên của CLB Hoa Sen ngày 29/11/2026: quỹ tăng thu nhập 20.000.000 đ, quỹ hoạt động 2.000.000 đ, dư nợ 15.000.000 đ
• 29/11/2026 09:00 – Bà Lan: Dùng mã mời, trở thành chủ nhiệm CLB (CLB Hoa Sen)
• 29/11/2026 09:00 – hệ thống: Tạo mã mời chủ nhiệm CLB cho CLB Hoa Sen
• 29/11/2026 09:00 – hệ thống: Thêm thành viên Trần Văn Nam vào CLB Hoa Sen
• 29/11/2026 09:00 – hệ thống: Thêm thành viên Nguyễn Thị Hoa vào CLB Hoa Sen
• 29/11/2026 09:00 – hệ thống: Ghi nhận CLB mới CLB Hoa Sen, vốn ban đầu 20.000.000 đ`},
		{province, "en", `Recent changes – tỉnh Quảng Ninh (page 1)
• 29/11/2026 10:02 – the system: Added member Vũ Thị Sen to CLB Sóng Biển
• 29/11/2026 10:02 – admin: Made an invite for the club leader of CLB Sóng Biển
• 29/11/2026 10:01 – Bà Lan: Fund report of CLB Hoa Sen on 29/11/2026: income fund 20.000.000 đ → 25.000.000 đ, activity fund 2.000.000 đ → 2.000.000 đ, loans outstanding 15.000.000 đ → 15.000.000 đ
• 29/11/2026 10:00 – Bà Lan: Added member Phạm Thị Cúc to CLB Hoa Sen
• 29/11/2026 09:00 – Bà Lan: First fund report of CLB Hoa Sen on 29/11/2026: income fund 20.000.000 đ, activity fund 2.000.000 đ, loans outstanding 15.000.000 đ
• 29/11/2026 09:00 – Bà Lan: Used an invite, now club leader of CLB Hoa Sen
• 29/11/2026 09:00 – the system: Made an invite for the club leader of CLB Hoa Sen
• 29/11/2026 09:00 – the system: Added member Lê Thị Thu to CLB Sóng Biển
• 29/11/2026 09:00 – the system: Added member Trần Văn Nam to CLB Hoa Sen
• 29/11/2026 09:00 – the system: Added member Nguyễn Thị Hoa to CLB Hoa Sen
• 29/11/2026 09:00 – the system: Registered new club CLB Sóng Biển, starting fund 20.000.000 đ
• 29/11/2026 09:00 – the system: Registered new club CLB Hoa Sen, starting fund 20.000.000 đ`},
	} {
		h.say(c.chat, "/lang "+c.lang)
		if got := plainText(h.say(c.chat, "/history")); got != c.want {
			t.Errorf("%s saw:\n%s\nwant:\n%s", c.chat, got, c.want)
		}
	}
}

// TestHistoryPagesNeverShowChangesOutOfScope adds many members on both
// sides of the Móng Cái border and reads every page as an officer of
// each side: each page holds at most 20 changes, the pages together hold
// every change in scope once, and none from outside.
func TestHistoryPagesNeverShowChangesOutOfScope(t *testing.T) {
	h := newHistoryHarness(t)
	for i := range 25 {
		h.addMember(h.clubID, fmt.Sprintf("Hoa Sen %02d", i), bot.Female, 1950)
		h.addMember(h.coTo, fmt.Sprintf("Sóng Biển %02d", i), bot.Female, 1950)
	}
	coTo, err := h.db.UnitByName(h.ctx, bot.LevelCommune, "đặc khu Cô Tô")
	if err != nil {
		t.Fatal(err)
	}
	h.addUser("coto", bot.RoleOfficer, bot.Scope{Kind: bot.ScopeUnit, UnitID: &coTo.ID})
	for _, c := range []struct {
		chat, mine, other string
		changes           int
	}{
		{area, "CLB Hoa Sen", "Sóng Biển", 8 + 25},
		{"coto", "CLB Sóng Biển", "Hoa Sen", 4 + 25},
	} {
		var lines []string
		for page := 1; ; page++ {
			got := plainText(h.say(c.chat, fmt.Sprintf("/history %d", page)))
			if strings.Contains(got, c.other) {
				t.Fatalf("%s saw a change outside their scope on page %d:\n%s", c.chat, page, got)
			}
			n := strings.Count(got, "\n• ")
			if n == 0 {
				expect(t, got, "Không còn thay đổi nào cũ hơn")
				break
			}
			if n > 20 || (n == 20) != strings.Contains(got, "Xem tiếp: /history "+fmt.Sprint(page+1)) {
				t.Fatalf("%s page %d has %d changes:\n%s", c.chat, page, n, got)
			}
			for _, l := range strings.Split(got, "\n")[1:] {
				if strings.HasPrefix(l, "• ") {
					lines = append(lines, l)
					if !strings.Contains(l, c.mine) {
						t.Errorf("%s saw a change not about %s: %s", c.chat, c.mine, l)
					}
				}
			}
		}
		seen := map[string]bool{}
		for _, l := range lines {
			if seen[l] {
				t.Errorf("%s saw twice: %s", c.chat, l)
			}
			seen[l] = true
		}
		if len(lines) != c.changes {
			t.Errorf("%s saw %d changes over the pages, want %d", c.chat, len(lines), c.changes)
		}
	}
	expect(t, h.say(leader, "/history"), "dành cho cán bộ Hội")
}

// TestHelpSetsTheRolesMenuWithHistory checks that /help gives an officer
// or admin a menu with /history, and a leader one without.
func TestHelpSetsTheRolesMenuWithHistory(t *testing.T) {
	h := newOfficerHarness(t)
	for _, c := range []struct {
		chat    string
		history bool
	}{{leader, false}, {area, true}, {admin, true}} {
		out := h.sendRaw(c.chat, bot.Inbound{Kind: bot.InputCommand, Command: "help"})
		if len(out) == 0 || len(out[0].Menu) == 0 {
			t.Fatalf("%s: /help set no menu: %+v", c.chat, out)
		}
		has := false
		for _, m := range out[0].Menu {
			has = has || m.Name == "history" && m.Description == "Thay đổi gần đây"
		}
		if has != c.history {
			t.Errorf("%s: menu %+v has /history: %v, want %v", c.chat, out[0].Menu, has, c.history)
		}
	}
}
