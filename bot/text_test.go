package bot

import (
	"reflect"
	"strings"
	"testing"
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
		if got := EditDistance(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
	}
}
