package importer

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReadRecords feeds any bytes to the importer's CSV reading: it must
// not panic, must keep no blank record, and must number lines upwards.
func FuzzReadRecords(f *testing.F) {
	for _, s := range []string{
		"Tên CLB,Xã/phường\nCLB Hoa Sen,Móng Cái 1\n", "clb;xa\nHoa Sen;Móng Cái 1\n", "clb\txa\n\n\t\nHoa Sen\tCô Tô",
		"\"unterminated\n", "a,\"b\"\"c\",d\r\n", "\xff\xfe\x00t\x00", ",,,\n;;;\n", "\"a\nb\",c\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if why, line := checkEncoding(data); (why == "") != (line == 0) {
			t.Fatalf("checkEncoding(%q) = %q, %d", data, why, line)
		} else if why == "" && !utf8.Valid(data) {
			t.Fatalf("checkEncoding(%q) passes invalid UTF-8", data)
		}
		recs, err := readRecords(data)
		if err != nil {
			return
		}
		last := 0
		for _, r := range recs {
			if strings.TrimSpace(strings.Join(r.cells, "")) == "" || r.line <= last {
				t.Fatalf("readRecords(%q): record %+v after line %d", data, r, last)
			}
			last = r.line
		}
	})
}

// FuzzHeaderKey checks that folding a header is stable: a folded header
// folds to itself and holds only letters and digits.
func FuzzHeaderKey(f *testing.F) {
	for _, s := range []string{"Ngày thành lập", "ngay_thanh_lap", "Số thành viên vay", "ĐỊA BÀN", "\ufeffTên CLB", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := headerKey(s)
		if again := headerKey(k); again != k {
			t.Fatalf("headerKey(%q) = %q, but headerKey of it = %q", s, k, again)
		}
		if strings.ContainsAny(k, " _-/.") {
			t.Fatalf("headerKey(%q) = %q", s, k)
		}
	})
}
