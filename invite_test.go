package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/store"
)

// TestInviteCommandInvitesOfficersAndAdmins creates invites for every role
// and scope with the command, and checks what the database holds.
func TestInviteCommandInvitesOfficersAndAdmins(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	env := map[string]string{"CLUBBOT_DB": dbPath, "TELEGRAM_BOT_USERNAME": "hoa_sen_bot"}
	invite := func(args ...string) (string, error) {
		var out strings.Builder
		err := run(context.Background(), append([]string{"invite"}, args...), nil, &out, &out, func(k string) string { return env[k] })
		return out.String(), err
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--role", "officer", "--area", "mong cai"}, "for:     thành phố Móng Cái"},
		{[]string{"--role", "officer", "--area", "đặc khu Cô Tô"}, "for:     đặc khu Cô Tô"},
		{[]string{"--role", "officer", "--province"}, "for:     tỉnh Quảng Ninh"},
		{[]string{"--role", "admin"}, "link:    https://t.me/hoa_sen_bot?start="},
	} {
		out, err := invite(c.args...)
		if err != nil || !strings.Contains(out, c.want) {
			t.Errorf("invite %v: %v\n%s", c.args, err, out)
		}
	}
	for _, bad := range [][]string{
		{"--role", "officer"},
		{"--role", "officer", "--area", "Móng Cái", "--province"},
		{"--role", "admin", "--club", "Hoa Sen"},
		{"--role", "guest"},
	} {
		if _, err := invite(bad...); err == nil || !strings.Contains(err.Error(), "--role officer --area NAME") {
			t.Errorf("invite %v: %v", bad, err)
		}
	}
	if out, err := invite("--role", "officer", "--area", "Mong Caii"); err == nil || !strings.Contains(err.Error(), "Móng Cái") {
		t.Errorf("a misspelt area: %v\n%s", err, out)
	}
	db := openStore(t, dbPath)
	invites, err := db.Invites(context.Background())
	if err != nil || len(invites) != 4 {
		t.Fatalf("database holds %+v, %v", invites, err)
	}
	kinds := []bot.ScopeKind{bot.ScopeUnit, bot.ScopeUnit, bot.ScopeProvince, bot.ScopeProvince}
	roles := []bot.Role{bot.RoleOfficer, bot.RoleOfficer, bot.RoleOfficer, bot.RoleAdmin}
	for i, inv := range invites {
		if inv.Role != roles[i] || inv.Scope.Kind != kinds[i] {
			t.Errorf("invite %d: %+v", i, inv)
		}
	}
}

// TestInviteCommandValidity checks how long the command's codes last: 7
// days by default, CLUBBOT_INVITE_TTL, or --days for one code.
func TestInviteCommandValidity(t *testing.T) {
	for _, c := range []struct {
		ttl  string
		args []string
		want time.Duration
	}{
		{"", nil, 7 * 24 * time.Hour},
		{"48h", nil, 48 * time.Hour},
		{"48h", []string{"--days", "3"}, 3 * 24 * time.Hour},
	} {
		dbPath := filepath.Join(t.TempDir(), "clubbot.db")
		env := map[string]string{"CLUBBOT_DB": dbPath, "CLUBBOT_INVITE_TTL": c.ttl}
		var out strings.Builder
		before := clock()
		args := append([]string{"invite", "--role", "admin"}, c.args...)
		if err := run(context.Background(), args, nil, &out, &out, func(k string) string { return env[k] }); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out.String())
		}
		db, err := store.Open(context.Background(), dbPath, store.WithLogger(nil))
		if err != nil {
			t.Fatal(err)
		}
		invites, err := db.Invites(context.Background())
		db.Close()
		if err != nil || len(invites) != 1 {
			t.Fatalf("database holds %+v, %v", invites, err)
		}
		if got := invites[0].ExpiresAt.Sub(before); got < c.want || got > c.want+time.Minute {
			t.Errorf("ttl %q %v: the code lasts %s, want %s", c.ttl, c.args, got, c.want)
		}
	}
}
