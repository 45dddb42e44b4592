package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// invisibles are the zero-width and bidi characters phones and copy-paste
// slip into names, one of each.
var invisibles = []rune{0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
	0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF}

// storedKeys adds a member and a club named name and returns the name and
// name key the database holds for each.
func storedKeys(t testing.TB, d *DB, clubID int64, name string) (member, club [2]string) {
	t.Helper()
	ctx := context.Background()
	m := bot.Member{ClubID: clubID, FullName: name, Gender: bot.Female, BirthYear: 1958, Household: bot.HouseholdPoor}
	if err := d.inTx(ctx, func(tx *Tx) error { return tx.AddMember(ctx, &m, 5, testNow) }); err != nil {
		t.Fatalf("AddMember(%q): %v", name, err)
	}
	if err := d.gorm.Table("members").Where("id = ?", m.ID).Select("full_name, name_key").Row().Scan(&member[0], &member[1]); err != nil {
		t.Fatal(err)
	}
	unit, err := d.UnitByCode(ctx, bot.LevelCommune, "06712")
	if err != nil {
		t.Fatal(err)
	}
	c := bot.Club{Name: name, UnitID: unit.ID, FormerDistrictID: &unit.FormerDistrictIDs[0], FoundedOn: day(2022, 3, 15)}
	if err := d.CreateClub(ctx, &c, 0, testNow); err != nil {
		t.Fatalf("CreateClub(%q): %v", name, err)
	}
	if err := d.gorm.Table("clubs").Where("id = ?", c.ID).Select("name, name_key").Row().Scan(&club[0], &club[1]); err != nil {
		t.Fatal(err)
	}
	return member, club
}

// checkStoredKeys fails unless the member's and club's stored names are
// the engine's CleanText of name and their keys the engine's Fold.
func checkStoredKeys(t testing.TB, d *DB, clubID int64, name string) {
	t.Helper()
	member, club := storedKeys(t, d, clubID, name)
	for _, got := range [][2]string{member, club} {
		if got[0] != bot.CleanText(name) || got[1] != bot.Fold(name) {
			t.Errorf("stored %q as name %q key %q, the engine reads it as %q folded %q",
				name, got[0], got[1], bot.CleanText(name), bot.Fold(name))
		}
	}
}

func TestNameKeysAreTheEnginesFold(t *testing.T) {
	d := openTest(t)
	clubID := newClub(t, d, "CLB Hoa Sen").ID
	names := []string{"Nguyễn Thị Hằng", "Nguyễn Thị Ha\u0306\u0300ng", "ĐẶNG  Văn Đức", "đặng văn đức",
		"Lê\tThị\u00a0Hoa", "Hải Hoà", "Hải Hòa"}
	for _, r := range invisibles {
		names = append(names, fmt.Sprintf("Nguyễn%cVăn An", r), fmt.Sprintf("%cHoa Sen%c", r, r))
	}
	for _, name := range names {
		t.Run(fmt.Sprintf("%+q", name), func(t *testing.T) { checkStoredKeys(t, d, clubID, name) })
	}
	var n int64
	d.gorm.Table("members").Where("name_key LIKE ?", "%\u200b%").Count(&n)
	if n != 0 {
		t.Errorf("%d member keys hold a zero-width space", n)
	}
	units, err := d.Units(context.Background(), bot.LevelCommune)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		var key string
		d.gorm.Table("units").Where("id = ?", u.ID).Select("name_key").Row().Scan(&key)
		if key != bot.Fold(u.Name) {
			t.Fatalf("unit %q has key %q, the engine folds it to %q", u.Name, key, bot.Fold(u.Name))
		}
	}
}

func TestMemberNamedWithZeroWidthSpaceIsFound(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	m := bot.Member{ClubID: c.ID, FullName: "Nguyễn\u200bVăn An", Gender: bot.Male, BirthYear: 1958, Household: bot.HouseholdPoor}
	tx(t, d, func(tx *Tx) error { return tx.AddMember(ctx, &m, 5, testNow) })
	for _, query := range []string{"nguyen van an", "Nguyễn Văn An", "nguyenvanan", "NGUYEN\u200b VAN\u202e AN"} {
		var named, all []bot.Member
		tx(t, d, func(tx *Tx) (err error) {
			if named, err = tx.ActiveMembersNamed(ctx, c.ID, query, 1958); err != nil {
				return err
			}
			all, err = tx.ClubMembers(ctx, c.ID)
			return err
		})
		if len(named) != 1 || named[0].ID != m.ID {
			t.Errorf("ActiveMembersNamed(%q) = %+v, want member %d", query, named, m.ID)
		}
		names := make([]string, len(all))
		for i, a := range all {
			names[i] = a.FullName
		}
		if found := bot.FuzzyFind(query, names, 5); len(found) != 1 || all[found[0]].ID != m.ID {
			t.Errorf("FuzzyFind(%q, %q) = %v, want the member", query, names, found)
		}
	}
}

// FuzzNameKey checks that whatever name a leader sends, the store keeps
// it as the engine cleans it and keys it as the engine folds it.
func FuzzNameKey(f *testing.F) {
	for _, s := range []string{"Nguyễn\u200bVăn An", "ĐẶNG Thị\u202e Hoa", "Le\u0302 Thi\u0323", "\ufeffAn\u2060", "İ ǅ ﬃ", "a\u0301\u0301"} {
		f.Add(s)
	}
	d, err := Open(context.Background(), testAddr(f, f.TempDir()+"/clubbot.db"), WithLogger(nil))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { d.Close() })
	var clubID int64
	f.Fuzz(func(t *testing.T, name string) {
		if bot.CleanText(name) == "" || len(name) > 200 {
			return // refused before the store, by the engine's name parser
		}
		if clubID == 0 {
			clubID = newClub(t, d, "CLB Fuzz").ID
		}
		checkStoredKeys(t, d, clubID, name)
	})
}
