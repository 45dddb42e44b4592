package bot

import "time"

// UnitLevel is the tier of an administrative unit.
type UnitLevel int

// Levels of administrative units. District-level units exist until 30 June
// 2025; commune-level units of the two-tier system from 1 July 2025.
const (
	LevelProvince UnitLevel = 1
	LevelDistrict UnitLevel = 2
	LevelCommune  UnitLevel = 3
)

// Unit is an administrative unit in force between ValidFrom and ValidTo
// (nil: still in force). Units are data, loaded from an embedded file that an
// operator can replace.
type Unit struct {
	ID        int64
	Code      string // GSO / QĐ 19/2025 code, e.g. "06712"
	Name      string // "Móng Cái 1"
	Type      string // "phường", "xã", "đặc khu", "huyện", "thành phố", "tỉnh"
	Level     UnitLevel
	ParentID  *int64
	ValidFrom time.Time
	ValidTo   *time.Time
	// FormerDistrictIDs lists the district-level units a commune-level unit
	// was formed from, the first being the one that gave it its code.
	FormerDistrictIDs []int64
}

// FullName is the unit's type and name, e.g. "phường Móng Cái 1".
func (u Unit) FullName() string {
	if u.Type == "" {
		return u.Name
	}
	return u.Type + " " + u.Name
}

// InForce reports whether the unit exists on day t.
func (u Unit) InForce(t time.Time) bool {
	return !t.Before(u.ValidFrom) && (u.ValidTo == nil || t.Before(*u.ValidTo))
}
