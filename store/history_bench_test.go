package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// BenchmarkHistory reads the first page of /history from an audit log of
// 100,000 entries (one per member added, one per fund report) over 2,000
// clubs, for the province, a district-level unit and a commune-level
// unit: the narrower the scope, the more entries are passed over.
func BenchmarkHistory(b *testing.B) {
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(b.TempDir(), "clubbot.db"), WithLogger(nil))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	asOf := time.Date(2025, 11, 28, 0, 0, 0, 0, bot.Vietnam())
	err = d.SeedSynthetic(ctx, SyntheticOptions{Clubs: 2_000, Members: 80_000, Months: 10, Seed: 1, AsOf: asOf})
	if err != nil {
		b.Fatal(err)
	}
	_, err = d.sql.ExecContext(ctx, `INSERT INTO audit_log (at, user_id, entity, entity_id, action, "after")
		SELECT at, NULL, entity, id, 'create', json_object('FullName', name) FROM (
			SELECT joined_on AS at, 'member' AS entity, id, full_name AS name FROM members
			UNION ALL SELECT as_of, 'fund_report', id, '' FROM fund_reports)
		ORDER BY at`)
	if err != nil {
		b.Fatal(err)
	}
	var entries, communeID, districtID int64
	if err := d.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&entries); err != nil {
		b.Fatal(err)
	}
	// The commune-level unit with the fewest clubs, and a district.
	err = d.sql.QueryRowContext(ctx, `SELECT unit_id, COALESCE(former_district_id, 0) FROM clubs
		GROUP BY unit_id ORDER BY COUNT(*), unit_id LIMIT 1`).Scan(&communeID, &districtID)
	if err != nil {
		b.Fatal(err)
	}
	if districtID == 0 {
		err = d.sql.QueryRowContext(ctx, `SELECT district_id FROM unit_former_districts WHERE unit_id = ? LIMIT 1`,
			communeID).Scan(&districtID)
		if err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name  string
		scope bot.Scope
	}{
		{"province", bot.Scope{Kind: bot.ScopeProvince}},
		{"district", bot.Scope{Kind: bot.ScopeUnit, UnitID: &districtID}},
		{"commune", bot.Scope{Kind: bot.ScopeUnit, UnitID: &communeID}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				changes, err := d.direct().History(ctx, c.scope, 0, 21)
				if err != nil || len(changes) == 0 {
					b.Fatalf("%d changes, %v", len(changes), err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/page")
			b.ReportMetric(float64(entries), "entries")
		})
	}
}
