package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

func TestUnitsSeeded(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	want := map[bot.UnitLevel]int{bot.LevelProvince: 1, bot.LevelDistrict: 13, bot.LevelCommune: 54}
	units := map[bot.UnitLevel][]bot.Unit{}
	for level, n := range want {
		us, err := d.Units(ctx, level)
		if err != nil || len(us) != n {
			t.Fatalf("level %d: %d units, %v; want %d", level, len(us), err, n)
		}
		units[level] = us
	}
	prov := units[bot.LevelProvince][0]
	if prov.Code != "22" || prov.Name != "Quảng Ninh" || prov.Type != "tỉnh" ||
		!prov.ValidFrom.Equal(day(1997, 1, 1)) || prov.ValidTo != nil {
		t.Fatalf("province = %+v", prov)
	}
	for _, u := range units[bot.LevelDistrict] {
		if *u.ParentID != prov.ID || !u.InForce(day(2025, 6, 30)) || u.InForce(day(2025, 7, 1)) {
			t.Fatalf("district %s: parent %d, valid %v to %v", u.Name, *u.ParentID, u.ValidFrom, u.ValidTo)
		}
	}
	for _, u := range units[bot.LevelCommune] {
		if *u.ParentID != prov.ID || u.InForce(day(2025, 6, 30)) || !u.InForce(day(2025, 7, 1)) ||
			len(u.FormerDistrictIDs) == 0 {
			t.Fatalf("commune %s: %+v", u.Name, u)
		}
	}
}

func TestHaiHoaFormerDistricts(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	haiHoa, err := d.UnitByName(ctx, bot.LevelCommune, "xa hai hoa")
	if err != nil {
		t.Fatal(err)
	}
	camPha, _ := d.UnitByName(ctx, bot.LevelDistrict, "Cẩm Phả")
	tienYen, _ := d.UnitByName(ctx, bot.LevelDistrict, "huyện Tiên Yên")
	if haiHoa.Code != "06799" || len(haiHoa.FormerDistrictIDs) != 2 ||
		haiHoa.FormerDistrictIDs[0] != camPha.ID || haiHoa.FormerDistrictIDs[1] != tienYen.ID {
		t.Fatalf("Hải Hòa = %+v; Cẩm Phả %d, Tiên Yên %d", haiHoa, camPha.ID, tienYen.ID)
	}
	err = d.InTx(ctx, func(tx bot.Writer) error {
		u, err := tx.Unit(ctx, haiHoa.ID)
		if err == nil && (u.FullName() != "xã Hải Hòa" || len(u.FormerDistrictIDs) != 2) {
			t.Errorf("Unit(%d) = %+v", haiHoa.ID, u)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.UnitByName(ctx, bot.LevelCommune, "Hoành Bồ Cũ")
	wantCode(t, err, bot.ENOTFOUND)
}

func TestSeedUnitsFromFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "clubbot.db")
	d := openAt(t, path)
	districts := filepath.Join(dir, "d.csv")
	communes := filepath.Join(dir, "c.csv")
	comm := strings.Replace(string(embeddedCommunes), "06978,Ba Chẽ", "06970,Ba Chẽ", 1)
	comm = strings.Replace(comm, "06712,Móng Cái 1,", "06712,Móng  Cái I,", 1)
	os.WriteFile(districts, embeddedDistricts, 0o644)
	os.WriteFile(communes, []byte(comm), 0o644)
	if err := d.SeedUnitsFromFiles(ctx, districts, communes); err != nil {
		t.Fatal(err)
	}
	d.Close()
	d = openAt(t, path) // the operator's data survives a reopen
	defer d.Close()
	if n := count(t, d, "units", "level = 3"); n != 54 {
		t.Fatalf("communes = %d", n)
	}
	if u, err := d.UnitByCode(ctx, bot.LevelCommune, "06970"); err != nil || u.Name != "Ba Chẽ" {
		t.Fatalf("Ba Chẽ 06970: %+v, %v", u, err)
	}
	if u, err := d.UnitByCode(ctx, bot.LevelCommune, "06712"); err != nil || u.Name != "Móng Cái I" {
		t.Fatalf("06712: %+v, %v", u, err)
	}
	_, err := d.UnitByCode(ctx, bot.LevelCommune, "06978")
	wantCode(t, err, bot.ENOTFOUND)
}

func TestLoadUnitsRejectsBadFilesAndReferencedDeletes(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	bad := strings.Replace(string(embeddedCommunes), "Cẩm Phả;Tiên Yên", "Cẩm Phả;Hoành Bồ", 1)
	err := d.LoadUnits(ctx, strings.NewReader(string(embeddedDistricts)), strings.NewReader(bad))
	wantCode(t, err, bot.EINVALID)
	club := newClub(t, d, "CLB Thử")
	unit, _ := d.direct().Unit(ctx, club.UnitID)
	var kept []string
	for _, line := range strings.Split(string(embeddedCommunes), "\n") {
		if !strings.HasPrefix(line, unit.Code+",") {
			kept = append(kept, line)
		}
	}
	err = d.LoadUnits(ctx, strings.NewReader(string(embeddedDistricts)),
		strings.NewReader(strings.Join(kept, "\n")))
	wantCode(t, err, bot.ECONFLICT)
	if n := count(t, d, "units", "level = 3"); n != 54 {
		t.Fatalf("communes after failed load = %d", n)
	}
}
