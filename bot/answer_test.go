package bot

import (
	"reflect"
	"testing"
)

// TestParseBirthYear applies the one rule of the member dialogue and the
// import: from 1900 to MinMemberAge years ago.
func TestParseBirthYear(t *testing.T) {
	for in, want := range map[string]int{"1958": 1958, "1900": 1900, "2011": 2011, "11": 2011, "12": 1912, "năm 1960": 1960} {
		if got, err := ParseBirthYear(in, 2026); err != nil || got != want {
			t.Errorf("ParseBirthYear(%q, 2026) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"2012", "2026", "2030", "1899", "abc", ""} {
		if got, err := ParseBirthYear(in, 2026); ErrorCode(err) != EINVALID || got != 0 {
			t.Errorf("ParseBirthYear(%q, 2026) = %d, %v; want an invalid error", in, got, err)
		}
	}
	if got := LastBirthYear(2026); got != 2011 {
		t.Errorf("LastBirthYear(2026) = %d, want 2011", got)
	}
}

// TestAdvanceBirthYear: the member dialogue refuses a member younger than
// 15, naming the range, and takes one of 15.
func TestAdvanceBirthYear(t *testing.T) {
	env := Env{Now: stepNow, Lang: "vi", OlderAge: 60}
	runStepCases(t, []stepCase{
		{name: "a 14-year-old is refused", flow: "member", in: at("member", "year", 3, nil), input: text("2012"), env: env,
			want: at("member", "year", 3, nil), wantLead: "invalid.year", wantKey: "member.ask_year"},
		{name: "two digits of a 14-year-old are read as 1912", flow: "member", in: at("member", "year", 3, nil), input: text("12"), env: env,
			want: at("member", "household", 4, map[string]string{"year": "1912"}, "year"), wantKey: "member.ask_household", wantChoices: 3},
		{name: "a 15-year-old is taken", flow: "member", in: at("member", "year", 3, nil), input: text("2011"), env: env,
			want: at("member", "household", 4, map[string]string{"year": "2011"}, "year"), wantKey: "member.ask_household", wantChoices: 3},
	})
	res := Advance(Flows()["member"], at("member", "year", 3, nil), text("2020"), env)
	if args := res.Replies[0].LeadArgs; !reflect.DeepEqual(args, map[string]any{"max": "2011", "age": MinMemberAge}) {
		t.Errorf("the refusal's arguments are %v, want max 2011 and age 15", args)
	}
}

func TestParseText(t *testing.T) {
	for in, want := range map[string]string{
		"Về quê": "Về quê", "  đi   xa ": "đi xa", "45/QĐ-UBND": "45/QĐ-UBND", "1": "1", "? a": "? a",
		"Về quê 🏡": "Về quê 🏡", "CLB Hoa Sen!!!": "CLB Hoa Sen!!!",
	} {
		if got, err := ParseText(in); err != nil || got != want {
			t.Errorf("ParseText(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", " ", "?", "...", "…", "😀", "😀 😀", "!?", "— / —", "\u200b", "\x00\x1b", "🏡 !", long} {
		if got, err := ParseText(in); ErrorCode(err) != EINVALID || got != "" {
			t.Errorf("ParseText(%q) = %q, %v; want an invalid error", in, got, err)
		}
	}
}

// TestAdvanceTextRefusals: free-text answers without a letter or a digit
// are refused with the question's own example, and the question again.
func TestAdvanceTextRefusals(t *testing.T) {
	env := Env{Now: stepNow, Lang: "vi", OlderAge: 60}
	other := map[string]string{"member": "7", "reason": "other"}
	runStepCases(t, []stepCase{
		{name: "a question mark is no reason", flow: "leave", in: at("leave", "reason_text", 4, other), input: text("?"), env: env,
			want: at("leave", "reason_text", 4, other), wantLead: "invalid.text", wantKey: "leave.ask_reason_text"},
		{name: "emoji alone are no reason", flow: "leave", in: at("leave", "reason_text", 4, other), input: text("😢😢"), env: env,
			want: at("leave", "reason_text", 4, other), wantLead: "invalid.text", wantKey: "leave.ask_reason_text"},
		{name: "a reason in words", flow: "leave", in: at("leave", "reason_text", 4, other), input: text("Về quê 🏡"), env: env,
			want:    at("leave", "confirm", 5, withField(map[string]string{"member": "7", "reason": "other"}, "reason_text", "Về quê 🏡"), "reason_text"),
			wantKey: "leave.summary", wantChoices: 3},
		{name: "dots are no club name", flow: "newclub", in: at("newclub", "name", 1, nil), input: text("..."), env: env,
			want: at("newclub", "name", 1, nil), wantLead: "newclub.invalid_name", wantKey: "newclub.ask_name"},
		{name: "a question mark is no decision", flow: "newclub", in: at("newclub", "decision", 5, nil), input: text("?"), env: env,
			want: at("newclub", "decision", 5, nil), wantLead: "newclub.invalid_decision", wantKey: "newclub.ask_decision"},
		{name: "a member's name of punctuation", flow: "member", in: at("member", "name", 1, nil), input: text("..."), env: env,
			want: at("member", "name", 1, nil), wantLead: "invalid.name", wantKey: "member.ask_name"},
	})
}
