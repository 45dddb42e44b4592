package bot

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// long is a 10,000-character input, to show that nothing is slow or panics.
var long = strings.Repeat("a", 10_000)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"   \t\n ", ""},
		{"Móng Cái", "mong cai"},
		{"mong cai", "mong cai"},
		{"  MÓNG   CÁI  ", "mong cai"},
		{"Đặng Thị Đào", "dang thi dao"},
		{"đ Đ", "d d"},
		{"Nguyễn Văn Ơn Ư", "nguyen van on u"},
		{"Lê\u00a0Thị\u3000Hoa", "le thi hoa"},
		{"Le\u0302 Thi\u0323", "le thi"}, // decomposed input
		{"ti\u200bền", "tien"},
		{"a\x00b\x1fc", "abc"},
		{"\u202eabc\u202c", "abc"},
		{"<b>Hoa</b>", "<b>hoa</b>"},
		{"20.000.000đ", "20.000.000d"},
		{"\xff", "\ufffd"},
		{long, long},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%.40q) = %.40q, want %.40q", tt.in, got, tt.want)
		}
	}
}

func TestFoldCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{" \t\r\n ", ""},
		{"  Lê   Thị\n\nHoa ", "Lê Thị Hoa"},
		{"Le\u0302", "Lê"}, // NFC
		{"a\u200bb\u200cc\u200dd\u200ee\u200ff", "abcdef"},
		{"\u202aa\u202bb\u202cc\u202dd\u202ee", "abcde"},
		{"\u2066a\u2067b\u2068c\u2069", "abc"},
		{"\ufeffHoa\u2060", "Hoa"},
		{"a\x00b\x07c\x7fd\u0085e", "abcd e"},
		{"\u202eنص عربي", "نص عربي"},
		{"Hoa\u200b \u200b An", "Hoa An"},
		{"<b>Hoa</b>", "<b>Hoa</b>"},
		{"a\xffb", "a\ufffdb"},
		{long, long},
	}
	for _, tt := range tests {
		if got := CleanText(tt.in); got != tt.want {
			t.Errorf("CleanText(%.40q) = %.40q, want %.40q", tt.in, got, tt.want)
		}
	}
}

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
		if ErrorCode(err) != EINVALID || got != 0 || amb {
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
		if got, err := ParseYear(in, 2026); ErrorCode(err) != EINVALID {
			t.Errorf("ParseYear(%.40q) = %d, %v; want an invalid error", in, got, err)
		}
	}
}

func TestParseDate(t *testing.T) {
	hcm := Vietnam()
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
		if got, err := ParseDate(in, today); ErrorCode(err) != EINVALID {
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
		if got, err := ParseCount(in); ErrorCode(err) != EINVALID {
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
		if got, err := ParsePhone(in); ErrorCode(err) != EINVALID {
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
		if got, err := ParseName(in); ErrorCode(err) != EINVALID {
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
		if got, err := ParseYesNo(in); ErrorCode(err) != EINVALID {
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

func TestFuzzyFind(t *testing.T) {
	names := []string{
		"Nguyễn Văn An",   // 0
		"Nguyễn Thị Anh",  // 1
		"Lê Thị Hoa",      // 2
		"Trần Văn Ân",     // 3
		"Nguyen Van An",   // 4
		"Phạm Thị Hòa",    // 5
		"Nguyễn Văn Bình", // 6
		"Hoàng Văn Nam",   // 7
	}
	tests := []struct {
		query string
		limit int
		want  []int
	}{
		{"nguyen van an", 10, []int{0, 4}},
		{"NGUYỄN VĂN AN", 10, []int{0, 4}},
		{"Nguyễn-Văn An", 10, []int{0, 4}},
		{"an", 10, []int{0, 1, 3, 4, 6, 7}}, // "van" is one edit from "an"
		{"nguyen an", 10, []int{0, 1, 4, 6}},
		{"hoa", 10, []int{2, 5, 7}}, // "hoang" starts with "hoa"
		{"le hoa", 10, []int{2}},
		{"thi hoa", 10, []int{2, 5}},
		{"nguyn van an", 10, []int{0, 4}}, // one typo in a long word
		{"ngyuen van binh", 10, []int{6}}, // a swap costs two edits
		{"ngyuen van bnh", 10, []int{6}},
		{"van ann", 10, []int{0, 3, 4}}, // "ann" is one edit from "an"
		{"hoa pham", 10, []int{5}},
		{"bnh", 10, []int{1, 6}}, // one edit from "anh" and "binh"
		{"hxa", 10, []int{2, 5}},
		{"nguyen van", 2, []int{0, 4}},
		{"an", 1, []int{0}},
		{"xyz", 10, nil},
		{"nxxxen", 10, nil}, // three edits
		{"", 10, nil},
		{"  ", 10, nil},
		{"an", 0, nil},
		{long, 10, nil},
		{"<b>hoa</b>", 10, nil},
	}
	for _, tt := range tests {
		got := FuzzyFind(tt.query, names, tt.limit)
		if len(got) == 0 && len(tt.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("FuzzyFind(%.40q, %d) = %v, want %v", tt.query, tt.limit, got, tt.want)
		}
	}
	if got := FuzzyFind("an", nil, 5); len(got) != 0 {
		t.Errorf("FuzzyFind with no names = %v", got)
	}
	// Each name word matches one query word, an equal one first.
	if got, want := FuzzyFind("an anh", []string{"An Van", "Anh An"}, 10), []int{1}; !reflect.DeepEqual(got, want) {
		t.Errorf("FuzzyFind(an anh) = %v, want %v", got, want)
	}
	// Ranking: exact first, then prefixes, then by distance.
	ranked := []string{"Hoa Bxnh", "Hoàng Văn Bình", "Hòa Bình", "Hxa Bxnh", "Hoa Bình"}
	if got, want := FuzzyFind("hoa binh", ranked, 10), []int{2, 4, 1, 0, 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("FuzzyFind ranking = %v, want %v", got, want)
	}
}

func TestFuzzyEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		max  int
		want int
	}{
		{"", "", 2, 0}, {"abc", "abc", 2, 0}, {"abc", "abd", 2, 1}, {"abc", "ab", 2, 1},
		{"kitten", "sitting", 5, 3}, {"kitten", "sitting", 2, 3}, {"a", "bcdef", 1, 2},
		{"ngyuen", "nguyen", 2, 2}, {"hòa", "hoa", 1, 1},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
	}
}
