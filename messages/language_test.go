package messages

import (
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// englishWords are English words that have crept into Vietnamese replies
// before; a command such as /status or a literal in <code> is not a word.
var englishWords = []string{
	"ok", "okay", "menu", "status", "error", "please", "button", "click", "help", "cancel", "back",
	"save", "delete", "edit", "yes", "no", "link", "chat", "file", "admin", "leader", "officer", "user",
	"demo", "bot", "report", "fund", "member", "members", "club", "clubs", "email", "online", "sorry", "thanks",
	"hello", "hi", "next", "done", "list", "export", "sheet", "login", "password", "account", "invite", "code",
}

// viFragments are Vietnamese templates that are not sentences but parts of
// one (a reason after a club's name, a role inside a sentence, a line of a
// list or a label), so their first letter follows the sentence they go in.
var viFragments = map[string]bool{
	"attention.no_report": true, "attention.stale_report": true, "attention.members": true,
	"attention.women": true, "attention.older": true, "attention.loans": true,
	"role.leader": true, "role.officer": true, "role.admin": true,
	"choices.or": true, "history.system": true,
	"activity.none": true, "attention.no_meeting": true, "status.activity_full": true, "status.activity_missing": true, "status.activity_none_done": true,
	"history.activity_meeting": true, "history.activity_no_meeting": true,
}

var (
	markup     = regexp.MustCompile(`<code>[^<]*</code>|</?[a-z]+>|&[a-z]+;`)
	command    = regexp.MustCompile(`(^|\s)/[a-z_]+`)
	asciiWord  = regexp.MustCompile(`[\p{L}]+`)
	leadingArg = regexp.MustCompile(`^\{\^?([a-z_]+)\}`)
	anyArg     = regexp.MustCompile(`\{\^?[a-z_]+\}`)
	sentences  = regexp.MustCompile(`[.!?]\s+`)
)

// markArgs are arguments that are a sign (✅, ⚠️) before a sentence, not
// its first word.
func markArg(name string) bool { return name == "mark" || strings.HasSuffix(name, "_ok") }

// firstLetterOK reports whether a sentence starts with a capital letter once
// signs (emoji, bullets), markup and mark arguments are skipped. A sentence
// that starts with a value (a name, a number) or a command (a line of a
// help) is fine, and so is an example in brackets, which belongs to the
// sentence before it.
func firstLetterOK(s string) bool {
	for {
		s = strings.TrimLeftFunc(s, func(r rune) bool {
			return !unicode.Is(unicode.Latin, r) && !unicode.IsDigit(r) && !strings.ContainsRune("{/(", r)
		})
		if strings.HasPrefix(s, "/") || strings.HasPrefix(s, "(") {
			return true
		}
		m := leadingArg.FindStringSubmatch(s)
		if m == nil {
			break
		}
		if !markArg(m[1]) {
			return true
		}
		s = s[len(m[0]):]
	}
	for _, r := range s {
		return !unicode.IsLetter(r) || unicode.IsUpper(r)
	}
	return true
}

// TestVietnameseRepliesReadAsVietnamese checks every Vietnamese template:
// each line and each sentence starts with a capital letter, nobody is
// called "bạn", and no English word is used where a Vietnamese one
// belongs.
func TestVietnameseRepliesReadAsVietnamese(t *testing.T) {
	deny := map[string]bool{}
	for _, w := range englishWords {
		deny[w] = true
	}
	cat := catalog(VI)
	keys := make([]string, 0, len(cat))
	for k := range cat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		text := markup.ReplaceAllString(cat[key], "")
		if strings.HasPrefix(key, "cmd.") || strings.HasPrefix(key, "menu.") || viFragments[key] {
			// Labels of commands and buttons still may not say "bạn" or use English.
		} else {
			for _, line := range strings.Split(text, "\n") {
				for _, s := range sentences.Split(strings.TrimSpace(line), -1) {
					if !firstLetterOK(s) {
						t.Errorf("vi %q: %q starts with a small letter", key, s)
					}
				}
			}
		}
		words := asciiWord.FindAllString(command.ReplaceAllString(anyArg.ReplaceAllString(text, " "), " "), -1)
		for _, w := range words {
			switch lower := strings.ToLower(w); {
			case lower == "bạn":
				t.Errorf("vi %q calls the user %q: %q", key, w, cat[key])
			case deny[lower]:
				t.Errorf("vi %q uses the English word %q: %q", key, w, cat[key])
			}
		}
	}
}

func TestFirstLetterOK(t *testing.T) {
	for s, want := range map[string]bool{
		"✅ Đã lưu.": true, "{mark} Số CLB": true, "{mark} số CLB": false, "{place} có 3 CLB": true,
		"<b>{club}</b>": true, "và 3 CLB khác": false, "• {club} ({unit})": true, "    Chưa có CLB": true,
		"12 thành viên": true, "": true, "ℹ️ Để theo dõi": true, "ℹ️ để": false, "(ví dụ: 20tr)": true,
		"/fund – báo cáo quỹ": true,
	} {
		if got := firstLetterOK(markup.ReplaceAllString(s, "")); got != want {
			t.Errorf("firstLetterOK(%q) = %v, want %v", s, got, want)
		}
	}
}

// placeArg is a unit's name at the start of a line, where it must be
// capitalised: units are named "thành phố Hạ Long", "xã Cô Tô".
var placeArg = regexp.MustCompile(`(^|\n)(<[bi]>)*\{(place|scope)\}`)

// TestPlacesStartingALineAreCapitalised: a line that starts with the name
// of a unit uses {^place}, so "thành phố Hạ Long có 1 CLB" is written
// "Thành phố Hạ Long có 1 CLB".
func TestPlacesStartingALineAreCapitalised(t *testing.T) {
	for _, lang := range Langs {
		for key, tmpl := range catalog(lang) {
			if placeArg.MatchString(tmpl) {
				t.Errorf("%s %s starts a line with a place's name in lower case: %q", lang, key, tmpl)
			}
		}
	}
	got := Render(VI, "officer.answer_clubs", Args{"place": "thành phố Hạ Long", "count": 1})
	if want := "Thành phố Hạ Long có <b>1</b> CLB đang hoạt động."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := Render(VI, "area.empty", Args{"place": "xã <Cô Tô>"}); got != "<b>Xã &lt;Cô Tô&gt;</b>\nChưa có CLB." {
		t.Errorf("an escaped place: got %q", got)
	}
}

// TestEnglishCountsAgree: an English count of one takes the singular.
func TestEnglishCountsAgree(t *testing.T) {
	for _, c := range []struct {
		count int
		want  string
	}{
		{1, "Cô Tô has <b>1</b> active club."},
		{2, "Cô Tô has <b>2</b> active clubs."},
		{0, "Cô Tô has <b>0</b> active clubs."},
	} {
		if got := Render(EN, "officer.answer_clubs", Args{"place": "Cô Tô", "count": c.count}); got != c.want {
			t.Errorf("%d clubs: got %q, want %q", c.count, got, c.want)
		}
	}
	got := Render(EN, "officer.answer_members", Args{"place": "Cô Tô", "count": int64(1), "clubs": 1})
	if want := "Cô Tô has <b>1</b> member in 1 club."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
