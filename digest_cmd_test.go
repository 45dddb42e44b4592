package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// runDigestCmd runs `clubbot digest` with args on the database db.
func runDigestCmd(t *testing.T, db string, args ...string) (string, error) {
	t.Helper()
	var out, errOut strings.Builder
	env := func(name string) string { return map[string]string{"CLUBBOT_DB": db}[name] }
	err := digestCommand(context.Background(), args, &out, &errOut, env)
	return out.String() + errOut.String(), err
}

// demoDB returns a database with the demo's three clubs.
func demoDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.db")
	db := openStore(t, path)
	if err := db.SeedDemo(context.Background(), time.Date(2025, 8, 15, 9, 0, 0, 0, bot.Vietnam())); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDigestCommandPrintsTheProvinceAsPlainText(t *testing.T) {
	out, err := runDigestCmd(t, demoDB(t), "--dry-run", "--as-of", "2025-08-15")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{
		"📊 Tiến độ tuần – tỉnh Quảng Ninh",
		"Số liệu đến ngày 15/08/2025, kế hoạch theo QĐ 1336/QĐ-TTg",
		"⚠️ Số CLB: 3/191 (2%)",
		"CLB cần chú ý: 3",
		"• CLB Sao Mai (",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("digest lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "<b>") || strings.Contains(out, "&amp;") {
		t.Errorf("markup left in the terminal text:\n%s", out)
	}
}

func TestDigestCommandOfAnAreaInEnglish(t *testing.T) {
	out, err := runDigestCmd(t, demoDB(t), "--dry-run", "--lang", "en", "--area", "Móng Cái", "--as-of", "2025-08-15")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{"Weekly progress – thành phố Móng Cái", "Clubs: 1 (province's target: 191)", "CLB Hoa Sen"} {
		if !strings.Contains(out, want) {
			t.Errorf("digest lacks %q:\n%s", want, out)
		}
	}
	if _, err := runDigestCmd(t, demoDB(t), "--dry-run", "--area", "Atlantis"); err == nil {
		t.Error("an unknown area gave no error")
	}
	if _, err := runDigestCmd(t, demoDB(t)); err == nil {
		t.Error("digest without --dry-run gave no error")
	}
}
