package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// TestNamesOfEarlierVersionsAreKeyedAgain opens a database whose club and
// member were saved, before migration 11, with a zero-width space in the
// name and a key that kept it: the migration cleans the names and keys
// them by the engine's fold, so that a search by name finds them.
func TestNamesOfEarlierVersionsAreKeyedAgain(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clubbot.db")
	d := openAt(t, path)
	c := newClub(t, d, "CLB Hoa Sen")
	m := bot.Member{ClubID: c.ID, FullName: "Nguyễn Văn An", Gender: bot.Male, BirthYear: 1950,
		Household: bot.HouseholdNeither, JoinedOn: testNow}
	tx(t, d, func(tx *Tx) error { return tx.AddMember(ctx, &m, 0, testNow) })
	for _, stmt := range []string{
		"UPDATE members SET full_name = 'Nguyễn\u200bVăn An', name_key = 'nguyen\u200bvan an'",
		"UPDATE clubs SET name = 'CLB Hoa\u200b Sen', name_key = 'clb hoa\u200b sen'",
		`DELETE FROM schema_migrations WHERE version = 11`,
	} {
		if err := d.gorm.Exec(stmt).Error; err != nil {
			t.Fatalf("back to schema 10: %s: %v", stmt, err)
		}
	}
	d.Close()
	d = openAt(t, path)
	defer d.Close()
	if n := count(t, d, "members", "full_name = ? AND name_key = ?", "NguyễnVăn An", bot.Fold("NguyễnVăn An")); n != 1 {
		t.Errorf("members cleaned and keyed again: %d, want 1", n)
	}
	if n := count(t, d, "clubs", "name = ? AND name_key = ?", "CLB Hoa Sen", "clb hoa sen"); n != 1 {
		t.Errorf("clubs cleaned and keyed again: %d, want 1", n)
	}
	tx(t, d, func(tx *Tx) error {
		found, err := tx.ActiveMembersNamed(ctx, c.ID, "nguyen van an", 1950)
		if err != nil || len(found) != 1 {
			t.Errorf("search for nguyen van an after the migration: %+v, %v", found, err)
		}
		return nil
	})
}
