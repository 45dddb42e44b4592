package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoReadsStandardInputToTheEnd runs `clubbot demo` as a newcomer
// would, with its input piped: it answers every line, numbered buttons and
// labels typed without diacritics included, and exits without error.
func TestDemoReadsStandardInputToTheEnd(t *testing.T) {
	script := strings.Join([]string{
		"/status",
		"1",            // the menu's first button: add a member
		"pham thi lan", // name
		"nu",           // gender, typed label without diacritics
		"1961",         // year
		"2",            // household: near-poor
		"khong", "co",  // ethnic minority, volunteer
		"luu", "khong", // save, no other member
		"/as officer", "/status",
		"/as leader", "/status",
		"/lang en", "/as admin", "/as leader", "/as someone",
	}, "\n") + "\n"
	var out, errOut strings.Builder
	db := filepath.Join(t.TempDir(), "demo.db")
	err := run(context.Background(), []string{"demo", "--db", db}, strings.NewReader(script), &out, &errOut, func(string) string { return "" })
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, errOut.String())
	}
	got := out.String()
	for _, want := range []string{
		"CLB Hoa Sen", "1) ➕ Thêm thành viên", "Họ tên: Pham Thi Lan", "Hoàn cảnh: Hộ cận nghèo",
		"Đã lưu thành viên Pham Thi Lan", "Bây giờ bác là cán bộ Hội", "Thành viên: 26",
		"Bây giờ bác là quản trị viên", "You are now the club leader.",
		"Type /as leader, /as officer or /as admin.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the demo never showed %q:\n%s", want, got)
		}
	}
}
