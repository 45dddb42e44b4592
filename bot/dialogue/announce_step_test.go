package dialogue

import (
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

func photo(caption string) bot.Inbound {
	return bot.Inbound{Kind: bot.InputUnsupported, Caption: caption,
		File: &bot.File{Kind: bot.FilePhoto, ID: "AgADph1"}}
}

func TestAnnounceFlowSteps(t *testing.T) {
	env := Env{Now: stepNow, Lang: "vi", Reach: map[bot.Audience]bot.AnnouncementReach{
		bot.AudienceLeaders: {Recipients: 3, Unreachable: 1}, bot.AudienceOfficers: {Recipients: 5}}}
	typed := map[string]string{"announcement": "Họp sơ kết quý"}
	withPhoto := map[string]string{"announcement": "Họp", FieldFileKind: "photo", FieldFileID: "AgADph1", FieldFileName: ""}
	ready := map[string]string{"announcement": "Họp sơ kết quý", "audience": "leaders"}
	cases := []stepCase{
		{name: "a new announcement asks for its message", flow: "announce", in: at("announce", "start", 1, nil), input: press(1, "new"), env: env,
			want: at("announce", "message", 2, nil, "start"), wantKey: "announce.ask_message"},
		{name: "typed text keeps its lines", flow: "announce", in: at("announce", "message", 2, nil, "start"), input: text(" Họp sơ kết quý \r\n\n\n 8 giờ "), env: env,
			want:    at("announce", "audience", 3, map[string]string{"announcement": "Họp sơ kết quý\n\n8 giờ"}, "start", "message"),
			wantKey: "announce.ask_audience", wantChoices: 2},
		{name: "a photo with its caption is taken by its id", flow: "announce", in: at("announce", "message", 2, nil, "start"), input: photo("Họp"), env: env,
			want: at("announce", "audience", 3, withPhoto, "start", "message"), wantKey: "announce.ask_audience", wantChoices: 2},
		{name: "a photo without caption is taken too", flow: "announce", in: at("announce", "message", 2, nil), input: photo(""), env: env,
			want:    at("announce", "audience", 3, map[string]string{"announcement": "", FieldFileKind: "photo", FieldFileID: "AgADph1", FieldFileName: ""}, "message"),
			wantKey: "announce.ask_audience", wantChoices: 2},
		{name: "a sticker (or a photo on Zalo) asks for text", flow: "announce", in: at("announce", "message", 2, nil), input: bot.Inbound{Kind: bot.InputUnsupported}, env: env,
			want: at("announce", "message", 2, nil), wantLead: "input.unsupported", wantKey: "announce.ask_message"},
		{name: "punctuation alone is refused", flow: "announce", in: at("announce", "message", 2, nil), input: text("..."), env: env,
			want: at("announce", "message", 2, nil), wantLead: "invalid.text", wantKey: "announce.ask_message"},
		{name: "too long a text is refused", flow: "announce", in: at("announce", "message", 2, nil), input: text(strings.Repeat("a", MaxAnnouncement+1)), env: env,
			want: at("announce", "message", 2, nil), wantLead: "announce.too_long", wantKey: "announce.ask_message"},
		{name: "the audience leads to the preview's summary with Gửi", flow: "announce", in: at("announce", "audience", 3, typed, "start", "message"), input: text("1"), env: env,
			want: at("announce", "confirm", 4, ready, "start", "message", "audience"), wantKey: "announce.summary", wantChoices: 3},
		{name: "Gửi typed asks the engine to send", flow: "announce", in: at("announce", "confirm", 4, ready), input: text("gui"), env: env,
			want: at("announce", "confirm", 4, ready), wantAct: ActionSendAnnouncement},
		{name: "Sửa asks what to change", flow: "announce", in: at("announce", "confirm", 4, ready), input: press(4, "edit"), env: env,
			want: at("announce", "edit", 5, ready, "confirm"), wantKey: "edit.ask", wantChoices: 2},
		{name: "a new text replaces the photo", flow: "announce", in: at("announce", "message", 6, map[string]string{"announcement": "Họp", FieldEdit: "1",
			FieldFileKind: "photo", FieldFileID: "AgADph1", "audience": "leaders"}), input: text("Họp lúc 9 giờ"), env: env,
			want:    at("announce", "confirm", 7, map[string]string{"announcement": "Họp lúc 9 giờ", "audience": "leaders"}, "message"),
			wantKey: "announce.summary", wantChoices: 3},
		{name: "Huỷ sends nothing", flow: "announce", in: at("announce", "confirm", 4, ready), input: press(4, "cancel"), env: env,
			want: at("", "", 5, nil), wantKey: "flow.cancelled"},
		{name: "/back from the message goes to the list", flow: "announce", in: at("announce", "message", 2, nil, "start"), input: cmd("back"), env: env,
			want: at("announce", "start", 3, nil), wantKey: "announce.start", wantChoices: 1},
		{name: "/cancel ends it", flow: "announce", in: at("announce", "audience", 3, typed, "start", "message"), input: cmd("cancel"), env: env,
			want: at("", "", 4, nil), wantKey: "flow.cancelled"},
	}
	runStepCases(t, cases)
}

func TestAnnounceSummaryCountsTheUnreachable(t *testing.T) {
	env := Env{Lang: "vi", Reach: map[bot.Audience]bot.AnnouncementReach{bot.AudienceLeaders: {Recipients: 3, Unreachable: 1}}}
	f := Flows()["announce"]
	res := Ask(f, at("announce", "confirm", 4, map[string]string{"audience": "leaders"}), f.Step(StepConfirm), env, "", nil)
	got := messages.Render("vi", res.Replies[0].Key, res.Replies[0].Args)
	if !strings.Contains(got, "Chủ nhiệm các CLB – <b>3</b> người") || !strings.Contains(got, "1 người sẽ không nhận được") {
		t.Fatalf("summary = %q", got)
	}
	if labels := res.Replies[0].Choices; labels[0].LabelIn("vi") != "Gửi" || labels[2].LabelIn("vi") != "Huỷ" {
		t.Fatalf("buttons = %+v", labels)
	}
}
