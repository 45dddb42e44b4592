package store

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"io"
	"os"
	"time"

	"gorm.io/gorm/clause"

	"github.com/clubbot/clubbot/bot"
)

// The province and the validity of each tier of units.
const (
	ProvinceCode = "22"
	ProvinceName = "Quảng Ninh"
	provinceType = "tỉnh"
)

var (
	provinceFrom  = day(1997, 1, 1)
	districtsFrom = day(2020, 1, 1)
	communesFrom  = day(2025, 7, 1) // Nghị quyết 1679/NQ-UBTVQH15
)

//go:embed data/quangninh-districts-2020-2025.csv
var embeddedDistricts []byte

//go:embed data/quangninh-communes-2025.csv
var embeddedCommunes []byte

// unitRow is a row of units.
type unitRow struct {
	ID        int64
	Code      string
	Name      string
	NameKey   string
	Type      string
	Level     int
	ParentID  *int64
	ValidFrom time.Time
	ValidTo   *time.Time
}

// TableName names the table.
func (unitRow) TableName() string { return "units" }

// unitFormerDistrictRow links a commune-level unit to a district it was
// formed from; position 0 is the one that gave it its code.
type unitFormerDistrictRow struct {
	UnitID     int64 `gorm:"primaryKey;autoIncrement:false"`
	DistrictID int64
	Position   int `gorm:"primaryKey;autoIncrement:false"`
}

// TableName names the table.
func (unitFormerDistrictRow) TableName() string { return "unit_former_districts" }

// toUnit converts a row and its former districts to a bot.Unit.
func (r unitRow) toUnit(former []int64) bot.Unit {
	return bot.Unit{
		ID: r.ID, Code: r.Code, Name: r.Name, Type: r.Type,
		Level: bot.UnitLevel(r.Level), ParentID: r.ParentID,
		ValidFrom: fromDB(r.ValidFrom), ValidTo: fromDBPtr(r.ValidTo),
		FormerDistrictIDs: former,
	}
}

// seedEmbeddedUnits loads the embedded CSV files unless they are already
// loaded or an operator has replaced them.
func (d *DB) seedEmbeddedUnits(ctx context.Context) error {
	sum := checksum(embeddedDistricts, embeddedCommunes)
	return d.inTx(ctx, func(t *Tx) error {
		if need, err := t.needsEmbeddedSeed(ctx, "units", sum); err != nil || !need {
			return err
		}
		return t.loadUnitsCSV(ctx, embeddedDistricts, embeddedCommunes, sourceEmbedded, sum)
	})
}

// LoadUnits replaces the administrative units with those in two CSV files:
// districts (code,name,type) and communes (code,name,type,former_district,
// with former districts named and separated by ';'). Units are matched by
// code and level; units no longer listed are deleted, which fails with
// ECONFLICT if a club, user or invite still refers to them. The embedded
// files are not reloaded at later opens.
func (d *DB) LoadUnits(ctx context.Context, districts, communes io.Reader) error {
	dist, err := io.ReadAll(districts)
	if err != nil {
		return wrapErr("read districts", err)
	}
	comm, err := io.ReadAll(communes)
	if err != nil {
		return wrapErr("read communes", err)
	}
	sum := checksum(dist, comm)
	return d.inTx(ctx, func(t *Tx) error {
		return t.loadUnitsCSV(ctx, dist, comm, "operator", sum)
	})
}

// SeedUnitsFromFiles is LoadUnits with the two CSV files named by path.
func (d *DB) SeedUnitsFromFiles(ctx context.Context, districtsCSV, communesCSV string) error {
	dist, err := os.Open(districtsCSV)
	if err != nil {
		return invalid("seed units: %v", err)
	}
	defer dist.Close()
	comm, err := os.Open(communesCSV)
	if err != nil {
		return invalid("seed units: %v", err)
	}
	defer comm.Close()
	return d.LoadUnits(ctx, dist, comm)
}

// loadUnitsCSV parses and stores the units, and records the seed.
func (t *Tx) loadUnitsCSV(ctx context.Context, dist, comm []byte, source, sum string) error {
	districts, err := parseDistricts(bytes.NewReader(dist))
	if err != nil {
		return err
	}
	communes, err := parseCommunes(bytes.NewReader(comm), districts)
	if err != nil {
		return err
	}
	prov := unitRow{Code: ProvinceCode, Name: ProvinceName, Type: provinceType,
		Level: int(bot.LevelProvince), ValidFrom: provinceFrom}
	if err := t.upsertUnit(ctx, &prov); err != nil {
		return err
	}
	byName, err := t.loadDistricts(ctx, prov.ID, districts)
	if err != nil {
		return err
	}
	if err := t.loadCommunes(ctx, prov.ID, communes, byName); err != nil {
		return err
	}
	return t.recordSeed(ctx, "units", source, sum)
}

// loadDistricts upserts the district-level units, deletes unlisted ones and
// returns their ids by folded name.
func (t *Tx) loadDistricts(ctx context.Context, provID int64, specs []unitSpec) (map[string]int64, error) {
	byName := make(map[string]int64, len(specs))
	for _, s := range specs {
		to := communesFrom
		r := unitRow{Code: s.code, Name: s.name, Type: s.typ, Level: int(bot.LevelDistrict),
			ParentID: &provID, ValidFrom: districtsFrom, ValidTo: &to}
		if err := t.upsertUnit(ctx, &r); err != nil {
			return nil, err
		}
		byName[bot.Fold(s.name)] = r.ID
	}
	return byName, nil
}

// loadCommunes upserts the commune-level units with their former
// districts, then deletes unlisted units of both lower levels.
func (t *Tx) loadCommunes(ctx context.Context, provID int64, specs []unitSpec, districts map[string]int64) error {
	keep := map[int64]bool{}
	for _, s := range specs {
		r := unitRow{Code: s.code, Name: s.name, Type: s.typ, Level: int(bot.LevelCommune),
			ParentID: &provID, ValidFrom: communesFrom}
		if err := t.upsertUnit(ctx, &r); err != nil {
			return err
		}
		ids := make([]int64, len(s.former))
		for i, n := range s.former {
			ids[i] = districts[n]
		}
		if err := t.setFormerDistricts(ctx, r.ID, ids); err != nil {
			return err
		}
		keep[r.ID] = true
	}
	if err := t.pruneUnits(ctx, bot.LevelCommune, keep); err != nil {
		return err
	}
	kept := map[int64]bool{}
	for _, id := range districts {
		kept[id] = true
	}
	return t.pruneUnits(ctx, bot.LevelDistrict, kept)
}

// upsertUnit inserts or updates r by code and level and sets r.ID.
func (t *Tx) upsertUnit(ctx context.Context, r *unitRow) error {
	r.NameKey = bot.Fold(r.Name)
	r.ValidFrom, r.ValidTo = toDB(r.ValidFrom), toDBPtr(r.ValidTo)
	err := t.q(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "code"}, {Name: "level"}},
		DoUpdates: clause.AssignmentColumns([]string{"name", "name_key", "type", "parent_id", "valid_from", "valid_to"}),
	}).Create(r).Error
	if err == nil {
		err = t.q(ctx).Model(&unitRow{}).Select("id").
			Where("code = ? AND level = ?", r.Code, r.Level).Scan(&r.ID).Error
	}
	return wrapErr("store unit "+r.Code, err)
}

// setFormerDistricts replaces a unit's former districts.
func (t *Tx) setFormerDistricts(ctx context.Context, unitID int64, districtIDs []int64) error {
	err := t.q(ctx).Where("unit_id = ?", unitID).Delete(&unitFormerDistrictRow{}).Error
	for i, id := range districtIDs {
		if err != nil {
			break
		}
		err = t.q(ctx).Create(&unitFormerDistrictRow{UnitID: unitID, DistrictID: id, Position: i}).Error
	}
	return wrapErr("store former districts", err)
}

// pruneUnits deletes the units of level not in keep. ECONFLICT if one is
// still referred to.
func (t *Tx) pruneUnits(ctx context.Context, level bot.UnitLevel, keep map[int64]bool) error {
	var rows []unitRow
	if err := t.q(ctx).Where("level = ?", int(level)).Find(&rows).Error; err != nil {
		return wrapErr("list units", err)
	}
	for _, r := range rows {
		if keep[r.ID] {
			continue
		}
		err := t.q(ctx).Delete(&unitRow{}, r.ID).Error
		var be *bot.Error
		if err = wrapErr("delete unit", err); errors.As(err, &be) && be.Code == bot.EINVALID {
			return bot.Errorf(bot.ECONFLICT, "delete unit %s %s: still referred to", r.Code, r.Name)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// Unit returns the unit with this id, or ENOTFOUND.
func (t *Tx) Unit(ctx context.Context, id int64) (bot.Unit, error) {
	var r unitRow
	if err := t.q(ctx).Take(&r, id).Error; err != nil {
		return bot.Unit{}, wrapErr("unit", err)
	}
	units, err := t.withFormer(ctx, []unitRow{r})
	if err != nil {
		return bot.Unit{}, err
	}
	return units[0], nil
}

// Units returns the units of a level (all levels for 0), in file order.
func (d *DB) Units(ctx context.Context, level bot.UnitLevel) ([]bot.Unit, error) {
	return d.direct().units(ctx, level)
}

// units is Units inside t.
func (t *Tx) units(ctx context.Context, level bot.UnitLevel) ([]bot.Unit, error) {
	q := t.q(ctx).Order("id")
	if level != 0 {
		q = q.Where("level = ?", int(level))
	}
	var rows []unitRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, wrapErr("units", err)
	}
	return t.withFormer(ctx, rows)
}

// UnitByName returns the unit of a level whose name, with or without its
// type, matches name when folded: "Móng Cái 1", "phuong mong cai 1".
// ENOTFOUND if none matches, ECONFLICT if several do.
func (d *DB) UnitByName(ctx context.Context, level bot.UnitLevel, name string) (bot.Unit, error) {
	units, err := d.Units(ctx, level)
	if err != nil {
		return bot.Unit{}, err
	}
	key := bot.Fold(name)
	var found []bot.Unit
	for _, u := range units {
		if bot.Fold(u.Name) == key || bot.Fold(u.FullName()) == key {
			found = append(found, u)
		}
	}
	switch len(found) {
	case 0:
		return bot.Unit{}, notFound("unit %q", name)
	case 1:
		return found[0], nil
	}
	return bot.Unit{}, bot.Errorf(bot.ECONFLICT, "unit %q: %d units match", name, len(found))
}

// UnitByCode returns the unit of a level with this code, or ENOTFOUND.
func (d *DB) UnitByCode(ctx context.Context, level bot.UnitLevel, code string) (bot.Unit, error) {
	return d.direct().unitByCode(ctx, level, code)
}

// unitByCode is UnitByCode inside t.
func (t *Tx) unitByCode(ctx context.Context, level bot.UnitLevel, code string) (bot.Unit, error) {
	var r unitRow
	err := t.q(ctx).Where("code = ? AND level = ?", code, int(level)).Take(&r).Error
	if err != nil {
		return bot.Unit{}, wrapErr("unit "+code, err)
	}
	units, err := t.withFormer(ctx, []unitRow{r})
	if err != nil {
		return bot.Unit{}, err
	}
	return units[0], nil
}

// withFormer converts rows to units with their former districts, read in
// one query.
func (t *Tx) withFormer(ctx context.Context, rows []unitRow) ([]bot.Unit, error) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var links []unitFormerDistrictRow
	err := t.q(ctx).Where("unit_id IN ?", ids).Order("unit_id, position").Find(&links).Error
	if err != nil {
		return nil, wrapErr("former districts", err)
	}
	former := map[int64][]int64{}
	for _, l := range links {
		former[l.UnitID] = append(former[l.UnitID], l.DistrictID)
	}
	units := make([]bot.Unit, len(rows))
	for i, r := range rows {
		units[i] = r.toUnit(former[r.ID])
	}
	return units, nil
}
