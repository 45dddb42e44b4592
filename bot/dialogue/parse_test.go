package dialogue

import (
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in        string
		want      int64
		ambiguous bool
	}{
		{"0", 0, false},
		{"0đ", 0, false},
		{"000", 0, false},
		{"20.000.000", 20_000_000, false},
		{"20.000.000đ", 20_000_000, false},
		{"20.000.000 đ", 20_000_000, false},
		{"20.000.000 Đ", 20_000_000, false},
		{"20,000,000", 20_000_000, false},
		{"20 triệu", 20_000_000, false},
		{"20 trieu", 20_000_000, false},
		{"20 TRIỆU", 20_000_000, false},
		{"20tr", 20_000_000, false},
		{"20 tr", 20_000_000, false},
		{"20trđ", 20_000_000, false},
		{"20 triệu đồng", 20_000_000, false},
		{"20,5 triệu", 20_500_000, false},
		{"20.5tr", 20_500_000, false},
		{"20,25tr", 20_250_000, false},
		{"0,5 tr", 500_000, false},
		{"500k", 500_000, false},
		{"500 K", 500_000, false},
		{"500 nghìn", 500_000, false},
		{"500 ngan", 500_000, false},
		{"500 ngàn đồng", 500_000, false},
		{"500 nghin", 500_000, false},
		{"1,5k", 1_500, false},
		{"1 tỷ", 1_000_000_000, false},
		{"1 ty", 1_000_000_000, false},
		{"1 tỉ", 1_000_000_000, false},
		{"1,2 tỷ", 1_200_000_000, false},
		{"1.2 ty", 1_200_000_000, false},
		{"1000 tỷ", 1_000_000_000_000, false},
		{"20000000", 20_000_000, false},
		{"20 000 000", 20_000_000, false},
		{"20\u00a0000\u00a0000 đ", 20_000_000, false},
		{"1 500 tr", 1_500_000_000, false},
		{"20000000 vnd", 20_000_000, false},
		{"20.000.000 VNĐ", 20_000_000, false},
		{"20.000.000 đồng", 20_000_000, false},
		{"20.000.000 dong", 20_000_000, false},
		{"20.000.000d", 20_000_000, false},
		{"20.000.000,00 đ", 20_000_000, false},
		{"20.000.000.", 20_000_000, false},
		{" 20tr ", 20_000_000, false},
		{"2\u200b0tr", 20_000_000, false},
		{"\u202e20tr\u202c", 20_000_000, false},
		{"20\x00tr\x1b", 20_000_000, false},
		{"20\ttr\n", 20_000_000, false},
		{"20.500", 20_500, false},
		{"20,500", 20_500, false},
		{"1.000", 1_000, false},
		{"1000", 1_000, false},
		{"1.000.000.000.000", 1_000_000_000_000, false},
		{"999.999.999.999", 999_999_999_999, false},
		// Guesses the caller must confirm.
		{"20.5", 20_500_000, true},
		{"20,5", 20_500_000, true},
		{"20,5đ", 20_500_000, true},
		{"0,5", 500_000, true},
		{"0.500", 500_000, true}, // a first group of 0 is no grouping
		{"20", 20_000_000, true},
		{"20đ", 20_000_000, true},
		{"999", 999_000_000, true},
		{"1", 1_000_000, true},
		{"020", 20_000_000, true},
		{"1.500tr", 1_500_000_000, true},
		{"1,500 tr", 1_500_000_000, true},
		{"20.500 k", 20_500_000, true},
	}
	for _, tt := range tests {
		got, amb, err := ParseMoney(tt.in)
		if err != nil || got != tt.want || amb != tt.ambiguous {
			t.Errorf("ParseMoney(%q) = %d, %v, %v; want %d, %v", tt.in, got, amb, err, tt.want, tt.ambiguous)
		}
	}
}

func TestParseMoneyRefused(t *testing.T) {
	refused := []string{
		"", " ", "\t\n", "đ", "tr", "vnd",
		"-20", "-20tr", "−5", "- 5",
		"20 30", "20 30tr", "20 000 00", // compound forms: money_test.go
		"abc", "20abc", "20 trieu abc", "20 m", "20 usd", "20$", "$20", "hai muoi",
		"20..000", "20.000.00", "20,000.000.000", "1.5.3", ".5", "20 000.000", "20.000,000",
		"1,2345678 tr", "20.000,5", "0,5đ k", "20 k tr",
		"1000000000001", "1.000.000.000.001", "1001 tỷ", "2000000 tr",
		strings.Repeat("9", 16), strings.Repeat("1", 30), "123456789012345678901234567890 tr",
		"1,000000000000001 ty",
		"<b>20</b>", "２０", long, strings.Repeat("1 ", 5000),
	}
	for _, in := range refused {
		got, amb, err := ParseMoney(in)
		if bot.ErrorCode(err) != bot.EINVALID || got != 0 || amb {
			t.Errorf("ParseMoney(%.40q) = %d, %v, %v; want an invalid error", in, got, amb, err)
		}
	}
}

func TestParseYear(t *testing.T) {
	tests := []struct {
		in   string
		this int
		want int
	}{
		{"1958", 2026, 1958},
		{"19\x0058\n", 2026, 1958},
		{" 1958 ", 2026, 1958},
		{"1900", 2026, 1900},
		{"2026", 2026, 2026},
		{"năm 1958", 2026, 1958},
		{"58", 2026, 1958},
		{"00", 2026, 2000},
		{"05", 2026, 2005},
		{"11", 2026, 2011}, // aged 15
		{"12", 2026, 1912}, // 2012 would make a 14-year-old member
		{"25", 2026, 1925},
		{"99", 2026, 1999},
		{"45", 2050, 1945},
		{"30", 2050, 2030},
	}
	for _, tt := range tests {
		if got, err := ParseYear(tt.in, tt.this); err != nil || got != tt.want {
			t.Errorf("ParseYear(%q, %d) = %d, %v; want %d", tt.in, tt.this, got, err, tt.want)
		}
	}
	refused := []string{
		"", " ", "1899", "2027", "0", "5", "958", "19580", "-1958", "1958.5", "1,958",
		"abc", "mot chin nam tam", "<b>1958</b>", strings.Repeat("9", 30), long,
	}
	for _, in := range refused {
		if got, err := ParseYear(in, 2026); bot.ErrorCode(err) != bot.EINVALID {
			t.Errorf("ParseYear(%.40q) = %d, %v; want an invalid error", in, got, err)
		}
	}
}

func TestParseDate(t *testing.T) {
	hcm := bot.Vietnam()
	today := time.Date(2025, 9, 15, 14, 30, 0, 0, hcm)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, hcm) }
	tests := []struct {
		in   string
		want time.Time
	}{
		{"31/08/2025", day(2025, 8, 31)},
		{"31-8-2025", day(2025, 8, 31)},
		{"31.8.2025", day(2025, 8, 31)},
		{"31/8/25", day(2025, 8, 31)},
		{"31/8", day(2025, 8, 31)},
		{"1/1", day(2025, 1, 1)},
		{"16/9", day(2025, 9, 16)},   // tomorrow: slack for time zones
		{"20/12", day(2024, 12, 20)}, // no year, and this year's is ahead
		{"1/1/99", day(1999, 1, 1)},  // 2099 is ahead
		{"29/2/2024", day(2024, 2, 29)},
		{"ngày 31/8/2025", day(2025, 8, 31)},
		{" 31 / 8 ", day(2025, 8, 31)},
		{"hôm nay", day(2025, 9, 15)},
		{"hom nay", day(2025, 9, 15)},
		{"Hôm nay.", day(2025, 9, 15)},
		{"today", day(2025, 9, 15)},
		{"hôm qua", day(2025, 9, 14)},
		{"15/9/1900", day(1900, 9, 15)},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, today)
		if err != nil || !got.Equal(tt.want) || got.Location() != hcm {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	// Today is Vietnam's, whatever the zone of the clock: at 23:30 UTC on
	// 15 September it is already the 16th.
	if got, err := ParseDate("hôm nay", time.Date(2025, 9, 15, 23, 30, 0, 0, time.UTC)); err != nil || !got.Equal(day(2025, 9, 16)) {
		t.Errorf("ParseDate(hôm nay) at 23:30 UTC = %v, %v; want 16/09/2025", got, err)
	}
	refused := []string{
		"", " ", "31/02/2025", "31/2", "29/2/2025", "31/4/2025", "0/1/2025", "1/0/2025", "32/1/2025",
		"1/13/2025", "17/9/2025", "1/1/2026", "31/12/1899", "31/8/5", "31/8/202", "31/8/20255",
		"31/8-2025", "2025-08-31", "31//8", "31/8/2025/1", "/8/2025", "31", "31 8 2025", "31/8/2025 abc",
		"ngày mai", "abc", "-1/8/2025", "1,5", "<b>1/1/2025</b>",
		strings.Repeat("1", 30), "1/" + strings.Repeat("1", 30), long,
	}
	for _, in := range refused {
		if got, err := ParseDate(in, today); bot.ErrorCode(err) != bot.EINVALID {
			t.Errorf("ParseDate(%.40q) = %v, %v; want an invalid error", in, got, err)
		}
	}
}

func TestParseCount(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"50", 50}, {" 50 ", 50}, {"50 người", 50}, {"50 nguoi", 50}, {"50người", 50},
		{"50 thành viên", 50}, {"0", 0}, {"100000", 100_000}, {"100.000", 100_000},
		{"1.000", 1000}, {"1,000", 1000}, {"007", 7},
	}
	for _, tt := range tests {
		if got, err := ParseCount(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseCount(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	refused := []string{
		"", " ", "người", "-5", "5.5", "1,5", "1.00", "1..000", ".5", "5.", "100001", "1.000.000",
		"năm mươi", "fifty", "50 con", "5 0", "50%", "<b>50</b>", "１２",
		strings.Repeat("9", 30), long,
	}
	for _, in := range refused {
		if got, err := ParseCount(in); bot.ErrorCode(err) != bot.EINVALID {
			t.Errorf("ParseCount(%.40q) = %d, %v; want an invalid error", in, got, err)
		}
	}
}

func TestParsePhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0912345678", "+84912345678"},
		{"0912 345 678", "+84912345678"},
		{"0912.345.678", "+84912345678"},
		{"0912-345-678", "+84912345678"},
		{"+84912345678", "+84912345678"},
		{"84912345678", "+84912345678"},
		{"+84 912 345 678", "+84912345678"},
		{"(+84) 912 345 678", "+84912345678"},
		{"+84 0912 345 678", "+84912345678"},
		{"0084912345678", "+84912345678"},
		{"0312345678", "+84312345678"},
		{"0512345678", "+84512345678"},
		{"0712345678", "+84712345678"},
		{"0812345678", "+84812345678"},
		{"0841234567", "+84841234567"},
		{" 0912\u200b345678 ", "+84912345678"},
		{"0912\x00345\t678\n", "+84912345678"},
	}
	for _, tt := range tests {
		if got, err := ParsePhone(tt.in); err != nil || got != tt.want {
			t.Errorf("ParsePhone(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	refused := []string{
		"", " ", "091234567", "09123456789", "0212345678", "0112345678", "0612345678", "0412345678",
		"+85912345678", "+8491234567", "8491234567", "+840912345678999", "0912345678+",
		"09l2345678", "0912/345/678", "+1 912 345 678", "abc", "<b>0912345678</b>",
		"0912345678\u202e0", strings.Repeat("9", 30), long,
	}
	for _, in := range refused {
		if got, err := ParsePhone(in); bot.ErrorCode(err) != bot.EINVALID {
			t.Errorf("ParsePhone(%.40q) = %q, %v; want an invalid error", in, got, err)
		}
	}
}

func TestParseName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nguyen van an", "Nguyen Van An"},
		{"lê thị hoa", "Lê Thị Hoa"},
		{"NGUYỄN VĂN ĐỨC", "Nguyễn Văn Đức"},
		{"  đặng   thị\tđào ", "Đặng Thị Đào"},
		{"Le\u0302 Thi\u0323 Hoa", "Lê Thị Hoa"}, // decomposed input becomes NFC
		{"h'hen niê", "H'Hen Niê"},
		{"h’hen niê", "H'Hen Niê"},
		{"trần-lê an", "Trần-Lê An"},
		{"nguyễn v. an", "Nguyễn V. An"},
		{"ơn", "Ơn"},
		{"An\u200b", "An"},
		{"\u202eAn", "An"},
		{"Lê\x00 Thị\r\nHoa\x7f", "Lê Thị Hoa"},
		{strings.Repeat("a", 60), "A" + strings.Repeat("a", 59)},
	}
	for _, tt := range tests {
		if got, err := ParseName(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseName(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	refused := []string{
		"", " ", "a", " a ", "..", "- '", strings.Repeat("a", 61), "Nguyen Van 2", "An1",
		"<b>An</b>", "An <script>", "An 😀", "An\u2764\ufe0f", "An & Hoa", "An, Hoa", "An_Hoa",
		"نص عربي", "\u202eنص", "张伟", "Ан", "a\u0301\u0301", long,
	}
	for _, in := range refused {
		if got, err := ParseName(in); bot.ErrorCode(err) != bot.EINVALID {
			t.Errorf("ParseName(%.40q) = %q, %v; want an invalid error", in, got, err)
		}
	}
}

func TestParseYesNo(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"co", true}, {"có", true}, {"Có", true}, {"CÓ!", true}, {"c", true}, {"yes", true},
		{"Yes.", true}, {"y", true}, {"u", true}, {"ừ", true}, {"uh", true}, {"dung", true},
		{"đúng", true}, {"Đúng rồi", true}, {"ok", true}, {"OK!!", true}, {"1", true},
		{"dạ", true}, {"vâng", true}, {" có ạ ", true}, {"đồng ý", true},
		{"khong", false}, {"không", false}, {"Không.", false}, {"ko", false}, {"k", false},
		{"no", false}, {"n", false}, {"sai", false}, {"2", false}, {"hông", false},
	}
	for _, tt := range tests {
		if got, err := ParseYesNo(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseYesNo(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	refused := []string{"", " ", "?", "maybe", "co khong", "3", "0", "yess", "<b>co</b>", long}
	for _, in := range refused {
		if got, err := ParseYesNo(in); bot.ErrorCode(err) != bot.EINVALID {
			t.Errorf("ParseYesNo(%.40q) = %v, %v; want an invalid error", in, got, err)
		}
	}
}

func TestMatchChoice(t *testing.T) {
	labels := []string{"Móng Cái", "Hạ Long", "Hà Nội", "Hà Nam"}
	tests := []struct {
		in     string
		labels []string
		want   int
		ok     bool
	}{
		{"1", labels, 0, true},
		{"4", labels, 3, true},
		{" 2. ", labels, 1, true},
		{"mong cai", labels, 0, true},
		{"MÓNG CÁI", labels, 0, true},
		{"móng  cái", labels, 0, true},
		{"mo", labels, 0, true},
		{"ha l", labels, 1, true},
		{"ha no", labels, 2, true},
		{"hà nam", labels, 3, true},
		{"ha", labels, -1, false}, // three labels start with it
		{"m", labels, -1, false},  // a prefix of one character is too short
		{"0", labels, -1, false},
		{"5", labels, -1, false},
		{"-1", labels, -1, false},
		{"", labels, -1, false},
		{"  ", labels, -1, false},
		{"hue", labels, -1, false},
		{strings.Repeat("9", 30), labels, -1, false},
		{long, labels, -1, false},
		{"1", nil, -1, false},
		{"an", []string{"An", "an"}, -1, false}, // two equal labels
		{"an", []string{"An", "Anh"}, 0, true},  // equality beats a prefix
		{"2024", []string{"2023", "2024"}, 1, true},
		{"nguyen van an", []string{"Nguyễn Văn An (1958)", "Nguyễn Văn Ân (1960)"}, -1, false},
		{"nguyen van an (1958", []string{"Nguyễn Văn An (1958)", "Nguyễn Văn Ân (1960)"}, 0, true},
	}
	for _, tt := range tests {
		got, ok := MatchChoice(tt.in, tt.labels)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("MatchChoice(%.40q, %q) = %d, %v; want %d, %v", tt.in, tt.labels, got, ok, tt.want, tt.ok)
		}
	}
}
