package dialogue

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/clubbot/clubbot/bot"
)

// dotted formats n with dots between groups of three digits, as a
// Vietnamese leader writes an amount: 20000000 becomes "20.000.000".
func dotted(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{
		"0", "20.000.000", "20.000.000đ", "20,000,000", "20 triệu", "20tr", "20,5 triệu", "20.5tr",
		"500k", "500 nghìn", "1 tỷ", "1,2 tỷ", "20 000 000", "20.5", "20", "20.500", "1.500tr",
		"-5", "20 30", "abc", "1000 tỷ", "1001 tỷ", "999999999999999", "1,000000000000001 ty",
		"20.000.000,00 đ", "0,5", strings.Repeat("9", 30),
		"3tr2", "12tr750", "1tr5", "2 triệu 4", "2 triệu 400 nghìn", "1 triệu rưỡi", "1 tỷ 2", "1 tỷ 200 triệu",
		"1tr05", "2 triệu 4000", "12tr0750", "20tr 30tr", "1,5tr2", "2 triệu 400.000", "1 nghìn 2 triệu",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ambiguous, err := ParseMoney(s)
		if err != nil {
			if bot.ErrorCode(err) != bot.EINVALID || n != 0 || ambiguous {
				t.Fatalf("ParseMoney(%q) = %d, %v, %v", s, n, ambiguous, err)
			}
			return
		}
		if n < 0 || n > maxMoney {
			t.Fatalf("ParseMoney(%q) = %d, out of range", s, n)
		}
		if ambiguous && n == 0 {
			t.Fatalf("ParseMoney(%q) = 0 but ambiguous", s)
		}
		checkMoneyForms(t, s, n, ambiguous)
		// Amounts from 1 to 999 đ are read as millions when written bare, so
		// only 0 and amounts from 1000 đ can round-trip.
		if ambiguous || (n > 0 && n < 1000) {
			return
		}
		back, amb, err := ParseMoney(dotted(n))
		if err != nil || back != n || amb {
			t.Fatalf("ParseMoney(%q) = %d, but ParseMoney(%q) = %d, %v, %v", s, n, dotted(n), back, amb, err)
		}
	})
}

// compoundRe matches an amount whose digits after the unit continue it
// from the left ("12tr75"), and halfRe one with rưỡi ("1 triệu rưỡi").
var (
	compoundRe = regexp.MustCompile(`^([0-9]{1,6}) ?(trieu|tr|nghin|ngan|k|ty|ti) ?([1-9][0-9]{0,2}|[0-9]{3})$`)
	halfRe     = regexp.MustCompile(`^([0-9]{1,6}) ?(trieu|tr|nghin|ngan|k|ty|ti) ?ruoi$`)
)

// checkMoneyForms checks that an accepted amount s, read as n, reads the
// same written another way: a compound form as the decimals it stands for
// ("12tr75" as "12,75 tr", "1 triệu rưỡi" as "1,5 triệu"), and any amount
// followed by "đồng".
func checkMoneyForms(t *testing.T, s string, n int64, ambiguous bool) {
	f := bot.Fold(s)
	var decimal string
	if m := compoundRe.FindStringSubmatch(f); m != nil {
		// Four decimals: with three, "12,750 tr" could be 12750 tr.
		decimal = m[1] + "," + m[3] + strings.Repeat("0", 4-len(m[3])) + " " + m[2]
	} else if m := halfRe.FindStringSubmatch(f); m != nil {
		decimal = m[1] + ",5 " + m[2]
	}
	if decimal != "" {
		if d, _, err := ParseMoney(decimal); err != nil || d != n || ambiguous {
			t.Fatalf("ParseMoney(%q) = %d, %v, but ParseMoney(%q) = %d, %v", s, n, ambiguous, decimal, d, err)
		}
	}
	if !dongRe.MatchString(f) && !strings.ContainsAny(f, ".,!?;:") {
		if d, amb, err := ParseMoney(s + " đồng"); err != nil || d != n || amb != ambiguous {
			t.Fatalf("ParseMoney(%q) = %d, %v, but with đồng %d, %v, %v", s, n, ambiguous, d, amb, err)
		}
	}
}

func FuzzParseYear(f *testing.F) {
	for _, s := range []string{"1958", "58", "00", "12", "1899", "2027", "năm 1958", "abc", "-58", "5"} {
		f.Add(s, 2026)
	}
	f.Add("25", 2040)
	f.Add("99", 1950)
	f.Fuzz(func(t *testing.T, s string, thisYear int) {
		y, err := ParseYear(s, thisYear)
		if err != nil {
			if bot.ErrorCode(err) != bot.EINVALID || y != 0 {
				t.Fatalf("ParseYear(%q, %d) = %d, %v", s, thisYear, y, err)
			}
			return
		}
		if y < 1900 || y > thisYear {
			t.Fatalf("ParseYear(%q, %d) = %d, out of range", s, thisYear, y)
		}
		if back, err := ParseYear(strconv.Itoa(y), thisYear); err != nil || back != y {
			t.Fatalf("ParseYear(%q) = %d, but ParseYear(%d) = %d, %v", s, y, y, back, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"31/08/2025", "31-8-2025", "31.8.2025", "31/8/25", "31/8", "hôm nay", "today", "31/02/2025",
		"29/2/2024", "2025-08-31", "1/1/99", "32/1", "31/8/2025/1", "hom qua",
	} {
		f.Add(s, int64(1757921400), 7*3600) // 15 Sept 2025, 14:30 in Hanoi
	}
	f.Add("1/1", int64(-2208988800), 0)
	f.Add("31/12", int64(253402300799), -12*3600)
	f.Fuzz(func(t *testing.T, s string, unix int64, offset int) {
		// Keep today within 1970 to 2070 and offsets real.
		if unix %= 100 * 365 * 86400; unix < 0 {
			unix = -unix
		}
		loc := time.FixedZone("X", offset%(14*3600))
		today := time.Unix(unix, 0).In(loc)
		d, err := ParseDate(s, today)
		if err != nil {
			if bot.ErrorCode(err) != bot.EINVALID || !d.IsZero() {
				t.Fatalf("ParseDate(%q, %v) = %v, %v", s, today, d, err)
			}
			return
		}
		if d.Location() != bot.Vietnam() || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
			t.Fatalf("ParseDate(%q, %v) = %v, not midnight in Vietnam", s, today, d)
		}
		midnight := bot.Day(today)
		if d.Year() < 1900 || d.After(midnight.AddDate(0, 0, 1)) {
			t.Fatalf("ParseDate(%q, %v) = %v, out of range", s, today, d)
		}
		if back, err := ParseDate(d.Format("02/01/2006"), today); err != nil || !back.Equal(d) {
			t.Fatalf("ParseDate(%q) = %v, but it does not read back: %v, %v", s, d, back, err)
		}
	})
}

func FuzzParseCount(f *testing.F) {
	for _, s := range []string{"50", " 50 ", "50 người", "50 nguoi", "0", "100000", "100001", "-5", "5.5", "1.000", "abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseCount(s)
		if err != nil {
			if bot.ErrorCode(err) != bot.EINVALID || n != 0 {
				t.Fatalf("ParseCount(%q) = %d, %v", s, n, err)
			}
			return
		}
		if n < 0 || n > 100_000 {
			t.Fatalf("ParseCount(%q) = %d, out of range", s, n)
		}
		if back, err := ParseCount(strconv.Itoa(n)); err != nil || back != n {
			t.Fatalf("ParseCount(%q) = %d, but ParseCount(%d) = %d, %v", s, n, n, back, err)
		}
	})
}

// phoneForm is the form ParsePhone returns.
var phoneForm = regexp.MustCompile(`^\+84[35789][0-9]{8}$`)

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{
		"0912345678", "0912 345 678", "0912.345.678", "+84912345678", "84912345678", "+84 912 345 678",
		"0212345678", "091234567", "+840912345678", "(+84) 912-345-678", "abc",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePhone(s)
		if err != nil {
			if bot.ErrorCode(err) != bot.EINVALID || p != "" {
				t.Fatalf("ParsePhone(%q) = %q, %v", s, p, err)
			}
			return
		}
		if !phoneForm.MatchString(p) {
			t.Fatalf("ParsePhone(%q) = %q, not +84 and nine digits", s, p)
		}
		if back, err := ParsePhone(p); err != nil || back != p {
			t.Fatalf("ParsePhone(%q) = %q, but ParsePhone(%q) = %q, %v", s, p, p, back, err)
		}
		if local := "0" + p[3:]; mustPhone(local) != p {
			t.Fatalf("ParsePhone(%q) = %q, but %q reads as %q", s, p, local, mustPhone(local))
		}
	})
}

func mustPhone(s string) string {
	p, _ := ParsePhone(s)
	return p
}

func FuzzParseName(f *testing.F) {
	for _, s := range []string{
		"nguyen van an", "lê thị hoa", "NGUYỄN VĂN ĐỨC", "h'hen niê", "trần-lê an", "a", "<b>An</b>",
		"An 😀", "Le\u0302 Thi\u0323", "\u202eAn", "ǆan", "ıi", "ßa", "ǅ", "Kelvin \u212a",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, err := ParseName(s)
		if err != nil {
			if bot.ErrorCode(err) != bot.EINVALID || name != "" {
				t.Fatalf("ParseName(%q) = %q, %v", s, name, err)
			}
			return
		}
		if n := utf8.RuneCountInString(name); n < 2 || n > 60 || !utf8.ValidString(name) || !norm.NFC.IsNormalString(name) {
			t.Fatalf("ParseName(%q) = %q: bad length, encoding or normal form", s, name)
		}
		if strings.IndexFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !strings.ContainsRune(" '-.", r) }) >= 0 {
			t.Fatalf("ParseName(%q) = %q: a character that is not allowed", s, name)
		}
		if again, err := ParseName(name); err != nil || again != name {
			t.Fatalf("ParseName(%q) = %q, but ParseName(%q) = %q, %v", s, name, name, again, err)
		}
	})
}

func FuzzParseText(f *testing.F) {
	for _, s := range []string{"Về quê", "?", "...", "😀", "45/QĐ-UBND", "\u200b", "? a", "\xff", "<b>x</b>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		clean, err := ParseText(s)
		if err != nil {
			if bot.ErrorCode(err) != bot.EINVALID || clean != "" {
				t.Fatalf("ParseText(%q) = %q, %v", s, clean, err)
			}
			return
		}
		if clean != bot.CleanText(s) || utf8.RuneCountInString(clean) > maxText ||
			strings.IndexFunc(clean, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
			t.Fatalf("ParseText(%q) = %q: not the cleaned text, too long, or without a letter or digit", s, clean)
		}
		if again, err := ParseText(clean); err != nil || again != clean {
			t.Fatalf("ParseText(%q) = %q, but ParseText of it = %q, %v", s, clean, again, err)
		}
	})
}
