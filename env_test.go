package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMalformedEnvironmentStopsTheStart shows that every setting read from
// the environment, when malformed, stops the command at start with a
// message naming the variable and its value, instead of running on zero.
func TestMalformedEnvironmentStopsTheStart(t *testing.T) {
	shared := []string{"serve", "digest", "invite", "import", "seed", "demo"}
	serveOnly := []string{"serve"}
	tests := []struct {
		name, value, why string
		commands         []string
	}{
		{"CLUBBOT_OLDER_AGE", "abc", "not a whole number", shared},
		{"CLUBBOT_OLDER_AGE", "0", "must be from 1 to 120", shared},
		{"REMINDER_DAY", "x", "not a whole number", shared},
		{"REMINDER_DAY", "31", "must be from 1 to 28", shared},
		{"CLUBBOT_SESSION_TTL", "1 day", "not a duration such as 24h", shared},
		{"CLUBBOT_SESSION_TTL", "-1h", "must be longer than zero", shared},
		{"CLUBBOT_INVITE_TTL", "7d", "not a duration such as 24h", shared},
		{"REMINDER_HOUR", "9am", "not a whole number", serveOnly},
		{"REMINDER_HOUR", "22", "must be from 8 to 20", serveOnly},
		{"DIGEST_SCHEDULE", "every monday", "not a cron schedule", serveOnly},
		{"DIGEST_SCHEDULE", "30 7 * *", "not a cron schedule", serveOnly},
		{"CLUBBOT_HEALTH_MAX_SILENCE", "2 minutes", "not a duration", serveOnly},
		{"CLUBBOT_METRICS", "9090", "not an address such as :8080", serveOnly},
		{"CLUBBOT_LISTEN", "8080", "not an address such as :8080", serveOnly},
		{"ZALO_LISTEN", "localhost", "not an address such as :8080", serveOnly},
		{"ZALO_API_BASE", "openapi.zalo.me/v3.0", "not an http:// or https:// URL", serveOnly},
		{"ZALO_OAUTH_BASE", "ftp://oauth.zaloapp.com", "not an http:// or https:// URL", serveOnly},
	}
	for _, tt := range tests {
		for _, cmd := range tt.commands {
			t.Run(cmd+" "+tt.name+"="+tt.value, func(t *testing.T) {
				db := filepath.Join(t.TempDir(), "c.db")
				env := map[string]string{"CLUBBOT_DB": db, tt.name: tt.value}
				var out strings.Builder
				err := run(context.Background(), []string{cmd}, strings.NewReader(""), &out, &out, func(k string) string { return env[k] })
				want := tt.name + "=" + tt.value + ": " + tt.why
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("%s with %s=%q: %v, want %q", cmd, tt.name, tt.value, err, want)
				}
				if _, statErr := os.Stat(db); statErr == nil {
					t.Errorf("%s opened the database before refusing %s", cmd, tt.name)
				}
			})
		}
	}
}

// TestWellFormedEnvironmentIsAccepted shows that the values the README
// gives pass, so serve goes on to its next check (no channel configured).
func TestWellFormedEnvironmentIsAccepted(t *testing.T) {
	env := map[string]string{"CLUBBOT_DB": filepath.Join(t.TempDir(), "c.db"), "CLUBBOT_OLDER_AGE": "55",
		"REMINDER_DAY": "28", "REMINDER_HOUR": "8", "CLUBBOT_SESSION_TTL": "24h", "CLUBBOT_INVITE_TTL": "168h",
		"DIGEST_SCHEDULE": "@weekly", "CLUBBOT_HEALTH_MAX_SILENCE": "2m", "CLUBBOT_METRICS": "127.0.0.1:9090",
		"CLUBBOT_LISTEN": ":8080", "ZALO_API_BASE": "https://openapi.zalo.me", "ZALO_OAUTH_BASE": "http://127.0.0.1:1"}
	var out strings.Builder
	err := run(context.Background(), []string{"serve"}, strings.NewReader(""), &out, &out, func(k string) string { return env[k] })
	if err == nil || strings.Contains(err.Error(), "=") {
		t.Fatalf("serve with a well-formed environment: %v", err)
	}
}
