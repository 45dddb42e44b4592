package dialogue

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/clubbot/clubbot/bot"
)

// yearRe matches a folded year of two or four digits, maybe after "năm".
var yearRe = regexp.MustCompile(`^(?:nam )?([0-9]{2}|[0-9]{4})$`)

// ParseYear reads a year of birth between 1900 and thisYear: "1958", or
// "58", which is 1958 unless 2058 is past and makes its member at least 15.
func ParseYear(s string, thisYear int) (int, error) {
	m := yearRe.FindStringSubmatch(strings.TrimRight(bot.Fold(s), "."))
	if m == nil {
		return 0, bot.Errorf(bot.EINVALID, "not a year")
	}
	y, _ := strconv.Atoi(m[1])
	if len(m[1]) == 2 && thisYear-(2000+y) >= 15 {
		y += 2000
	} else if len(m[1]) == 2 {
		y += 1900
	}
	if y < 1900 || y > thisYear {
		return 0, bot.Errorf(bot.EINVALID, "year out of range")
	}
	return y, nil
}

// MinMemberAge is the youngest age at which a person joins a club.
const MinMemberAge = 15

// ParseBirthYear reads a member's year of birth as ParseYear does, from 1900
// to LastBirthYear: the member dialogue and the import apply this one rule.
func ParseBirthYear(s string, thisYear int) (int, error) {
	y, err := ParseYear(s, thisYear)
	if err != nil {
		return 0, err
	}
	if y > LastBirthYear(thisYear) {
		return 0, bot.Errorf(bot.EINVALID, "younger than %d", MinMemberAge)
	}
	return y, nil
}

// LastBirthYear is the latest year of birth of a member in thisYear, who
// is then MinMemberAge years old.
func LastBirthYear(thisYear int) int {
	return thisYear - MinMemberAge
}

// dateRe matches a folded day: d/m, d/m/yy or d/m/yyyy, with "/", "-" or
// "." between the parts.
var dateRe = regexp.MustCompile(`^([0-9]{1,2})([/.-])([0-9]{1,2})(?:([/.-])([0-9]{4}|[0-9]{2}))?$`)

// ParseDate reads a day: "31/08/2025", "31-8-2025", "31.8.25", "31/8" or
// "hôm nay". A day without a year is in this year, or last year if this
// year's is still to come. The result is midnight in Vietnam, and today is
// today's day in Vietnam; days more than one day after today are refused
// (one day of slack for a phone's clock).
func ParseDate(s string, today time.Time) (time.Time, error) {
	f := strings.TrimPrefix(strings.TrimRight(bot.Fold(s), "."), "ngay ")
	loc, base := bot.Vietnam(), bot.Day(today)
	switch f {
	case "hom nay", "homnay", "today":
		return base, nil
	case "hom qua", "homqua", "yesterday":
		return base.AddDate(0, 0, -1), nil
	}
	p := dateRe.FindStringSubmatch(strings.ReplaceAll(f, " ", ""))
	if p == nil || p[4] != "" && p[4] != p[2] {
		return time.Time{}, bot.Errorf(bot.EINVALID, "not a date")
	}
	d, _ := strconv.Atoi(p[1])
	m, _ := strconv.Atoi(p[3])
	y, _ := strconv.Atoi(p[5])
	switch len(p[5]) {
	case 0:
		if y = base.Year(); time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc).After(base.AddDate(0, 0, 1)) {
			y--
		}
	case 2:
		if y += 2000; y > base.Year() {
			y -= 100
		}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
	if y < 1900 || m < 1 || m > 12 || t.Day() != d || t.Month() != time.Month(m) {
		return time.Time{}, bot.Errorf(bot.EINVALID, "no such date")
	} else if t.After(base.AddDate(0, 0, 1)) {
		return time.Time{}, bot.Errorf(bot.EINVALID, "date in the future")
	}
	return t, nil
}

// countRe matches a folded count: up to six digits, or thousands grouped
// with "." or "," (a count has no decimals, so "1.000" is a thousand).
var countRe = regexp.MustCompile(`^(?:[0-9]{1,6}|[1-9][0-9]{0,2}(?:[.,][0-9]{3})+) ?(?:nguoi|thanh vien)?$`)

// ParseCount reads a number of people from 0 to 100000: "50", "50 người",
// "1.000".
func ParseCount(s string) (int, error) {
	f := bot.Fold(s)
	if !countRe.MatchString(f) {
		return 0, bot.Errorf(bot.EINVALID, "not a whole number")
	}
	if n, err := strconv.Atoi(onlyDigits(f)); err == nil && n <= 100_000 {
		return n, nil
	}
	return 0, bot.Errorf(bot.EINVALID, "count too large")
}

// phoneRe matches a mobile number without separators: +84, 0084 or 84,
// then nine digits starting with 3, 5, 7, 8 or 9, or the same with a 0 for
// +84. People often keep that trunk 0 after +84 ("+84 0912 345 678").
var phoneRe = regexp.MustCompile(`^(?:(?:\+84|0084|84)0?|0)([35789][0-9]{8})$`)

// phoneSeparators are what people put between the digits of a number.
var phoneSeparators = strings.NewReplacer(" ", "", ".", "", "-", "", "(", "", ")", "")

// ParsePhone reads a Vietnamese mobile number, with or without +84 and with
// spaces, dots, hyphens or brackets, and returns it as "+84" and nine digits.
func ParsePhone(s string) (string, error) {
	m := phoneRe.FindStringSubmatch(phoneSeparators.Replace(bot.CleanText(s)))
	if m == nil {
		return "", bot.Errorf(bot.EINVALID, "not a mobile number")
	}
	return "+84" + m[1], nil
}

// ParseName reads a person's full name of 2 to 60 characters: Latin letters
// (Vietnamese included), spaces, apostrophes, hyphens and dots. Each word is
// capitalised and the rest lower-cased, since leaders type in any case:
// "NGUYỄN văn an" becomes "Nguyễn Văn An", and "h'hen niê" "H'Hen Niê".
func ParseName(s string) (string, error) {
	c := strings.ReplaceAll(bot.CleanText(s), "’", "'")
	out := make([]rune, 0, len(c))
	start, letters := true, 0
	for _, r := range c {
		switch {
		case unicode.IsLetter(r) && unicode.Is(unicode.Latin, r):
			if start {
				r = unicode.ToTitle(r)
			} else {
				r = unicode.ToLower(r)
			}
			start, letters = false, letters+1
		case strings.ContainsRune(" '-.", r):
			start = true
		default:
			return "", bot.Errorf(bot.EINVALID, "not a name")
		}
		out = append(out, r)
	}
	name := norm.NFC.String(string(out))
	if n := utf8.RuneCountInString(name); letters == 0 || n < 2 || n > 60 {
		return "", bot.Errorf(bot.EINVALID, "not a name")
	}
	return name, nil
}

// yesNoWords maps folded answers to yes (true) or no (false).
var yesNoWords = map[string]bool{
	"co": true, "c": true, "yes": true, "y": true, "u": true, "uh": true, "uhm": true,
	"dung": true, "ok": true, "oke": true, "okay": true, "1": true, "da": true,
	"vang": true, "dong y": true, "co a": true, "da co": true, "dung roi": true,
	"khong": false, "ko": false, "k": false, "kg": false, "khg": false, "hong": false,
	"no": false, "n": false, "sai": false, "2": false, "khong a": false,
	"phai": true, "dung vay": true, "co roi": true, "yeah": true, "yep": true,
	"khong co": false, "khong phai": false, "ko co": false, "chua": false, "nope": false,
}

// ParseYesNo reads a typed yes or no, in Vietnamese with or without
// diacritics or in English; trailing punctuation is ignored.
func ParseYesNo(s string) (bool, error) {
	yes, ok := yesNoWords[strings.TrimRight(bot.Fold(s), " .,!?~")]
	if !ok {
		return false, bot.Errorf(bot.EINVALID, "not yes or no")
	}
	return yes, nil
}

// onlyDigits returns the ASCII digits of s.
func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r < '0' || r > '9' {
			return -1
		}
		return r
	}, s)
}

// maxEcho is how many characters of what a user typed a reply repeats.
const maxEcho = 60

// EchoText is text cleaned and cut to maxEcho characters, for a reply
// that repeats what the user typed ("no member named …"): a pasted page
// must not come back as a page.
func EchoText(text string) string {
	clean := bot.CleanText(text)
	if r := []rune(clean); len(r) > maxEcho {
		return strings.TrimSpace(string(r[:maxEcho-1])) + "…"
	}
	return clean
}

// maxText is the longest free-text answer, in characters.
const maxText = 200

// ParseText reads a free-text answer (a reason, a club's name, a decision
// number), cleaned by bot.CleanText: up to maxText characters with at least
// one letter or digit, so that "?", "..." or emoji alone are refused.
func ParseText(s string) (string, error) {
	clean := bot.CleanText(s)
	hasWord := strings.IndexFunc(clean, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
	if !hasWord || utf8.RuneCountInString(clean) > maxText {
		return "", bot.Errorf(bot.EINVALID, "not text")
	}
	return clean, nil
}
