// Package messages holds every sentence clubbot says to people, in
// Vietnamese and English, and the formatting of money and dates.
//
// Templates name their arguments in braces ("Đã lưu {name}."); "{^place}"
// capitalises the argument's first letter, for a sentence or a line that
// starts with a name that may not ("thành phố Hạ Long"); and
// "{count|club|clubs}" is the word that agrees with the number count holds.
// Render escapes every string argument for Telegram's HTML mode, so user
// text can never break or inject markup; templates themselves may use <b>
// and <i>.
package messages

import (
	"html"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Languages.
const (
	VI = "vi"
	EN = "en"
)

// Langs lists the supported languages, the default first.
var Langs = []string{VI, EN}

// Args are a template's named arguments. Strings are escaped; Money, Date,
// int and HTML values are formatted as their types say.
type Args map[string]any

// Money is an amount in đồng, rendered as "20.000.000 đ".
type Money int64

// Date is a day, rendered as "31/08/2025".
type Date time.Time

// DateTime is a moment, rendered in its own zone as "31/08/2025 14:05".
type DateTime time.Time

// HTML is markup that was already rendered and escaped, inserted as is.
type HTML string

// Key is the key of another sentence, rendered in the same language.
type Key string

// Normalize returns a supported language code for lang, VI by default.
func Normalize(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), EN) {
		return EN
	}
	return VI
}

// Has reports whether key exists in the catalog of lang.
func Has(lang, key string) bool {
	_, ok := lookup(lang, key)
	return ok
}

// Render returns the sentence key in lang with args filled in. A key missing
// from lang falls back to Vietnamese, and a missing key renders as the key
// itself so that a mistake is visible rather than silent.
func Render(lang, key string, args Args) string {
	tmpl, ok := lookup(lang, key)
	if !ok {
		if tmpl, ok = lookup(VI, key); !ok {
			return html.EscapeString(key)
		}
	}
	if !strings.Contains(tmpl, "{") {
		return tmpl
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(tmpl[open:], '}')
		if end < 0 {
			break
		}
		b.WriteString(tmpl[:open])
		name := tmpl[open+1 : open+end]
		b.WriteString(fill(lang, name, args))
		tmpl = tmpl[open+end+1:]
	}
	b.WriteString(tmpl)
	return b.String()
}

// parts lists a language's catalog, split by subject so that each file
// stays readable: the leaders' dialogues, the officers', the digests and
// the schedule's reminders, the chart's and the spreadsheet's labels.
func parts(lang string) []map[string]string {
	if Normalize(lang) == EN {
		return []map[string]string{en, enOfficer, enDigest, enSchedule, enReport, enHistory, enLink,
			enParse,
			enAnswers,
			enQuestions,
			enReview,
			enCorrect,
			enRestart,
			enActivity,
			enAnnounce,
		}
	}
	return []map[string]string{vi, viOfficer, viDigest, viSchedule, viReport, viHistory, viLink,
		viParse,
		viAnswers,
		viQuestions,
		viReview,
		viCorrect,
		viRestart,
		viActivity,
		viAnnounce,
	}
}

// lookup finds key's template in lang.
func lookup(lang, key string) (string, bool) {
	for _, part := range parts(lang) {
		if tmpl, ok := part[key]; ok {
			return tmpl, true
		}
	}
	return "", false
}

// catalog returns every template of lang in one map.
func catalog(lang string) map[string]string {
	all := map[string]string{}
	for _, part := range parts(lang) {
		for k, v := range part {
			all[k] = v
		}
	}
	return all
}

// fill renders what a template's braces hold: an argument, "^name"
// for the argument capitalised, or "name|one|other" for the word that
// agrees with the number name holds (English "1 club", "2 clubs").
func fill(lang, name string, args Args) string {
	if arg, forms, ok := strings.Cut(name, "|"); ok {
		one, other, _ := strings.Cut(forms, "|")
		if n, isInt := args[arg].(int); isInt && n == 1 {
			return one
		}
		if n, isInt := args[arg].(int64); isInt && n == 1 {
			return one
		}
		return other
	}
	if capital, ok := strings.CutPrefix(name, "^"); ok {
		return capitalize(format(lang, args[capital]))
	}
	return format(lang, args[name])
}

// capitalize upper-cases the first letter of s, which is plain text or
// escaped HTML that starts with text.
func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

func format(lang string, v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case Key:
		return Render(lang, string(v), nil)
	case string:
		return html.EscapeString(v)
	case HTML:
		return string(v)
	case Money:
		return FormatMoney(int64(v))
	case Date:
		return FormatDate(time.Time(v))
	case DateTime:
		return FormatDateTime(time.Time(v))
	case int:
		return FormatInt(int64(v))
	case int64:
		return FormatInt(v)
	default:
		return ""
	}
}

// FormatMoney renders an amount in đồng as "20.000.000 đ".
func FormatMoney(amount int64) string {
	return FormatInt(amount) + " đ"
}

// FormatInt renders n with dots between groups of thousands, the
// Vietnamese way: 5.000, 1.234.567.
func FormatInt(n int64) string {
	digits := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FormatDate renders a day as "31/08/2025".
func FormatDate(t time.Time) string {
	return t.Format("02/01/2006")
}

// FormatDateTime renders a moment as "31/08/2025 14:05".
func FormatDateTime(t time.Time) string {
	return t.Format("02/01/2006 15:04")
}

// Percent renders part of whole as a whole percentage, 0 when whole is 0.
func Percent(part, whole int) int {
	if whole == 0 {
		return 0
	}
	return (part*100 + whole/2) / whole
}

// Plain renders key without arguments as plain text, for button labels and
// command menus, which channels show without markup.
func Plain(lang, key string) string {
	return html.UnescapeString(Render(lang, key, nil))
}
