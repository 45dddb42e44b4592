package bot

import "time"

// Gender of a member as the clubs report it.
type Gender string

// Genders.
const (
	Female Gender = "female"
	Male   Gender = "male"
)

// Household is the poverty classification of a member's household.
type Household string

// Household classes.
const (
	HouseholdPoor     Household = "poor"
	HouseholdNearPoor Household = "near_poor"
	HouseholdNeither  Household = "neither"
)

// Member is a person in a club. FullName is stored in Unicode NFC.
type Member struct {
	ID             int64
	ClubID         int64
	FullName       string
	Gender         Gender
	BirthYear      int
	Household      Household
	EthnicMinority bool
	CareVolunteer  bool // home-care volunteer (tình nguyện viên chăm sóc tại nhà)
	JoinedOn       time.Time
	LeftOn         *time.Time
	LeftReason     string
	// SourceKey identifies the dialogue step that created the member, so
	// that a retried save after a crash stores nothing twice.
	SourceKey string
}

// IsOlder reports whether the member counts as an older person in year,
// given the age threshold (60 by the Law on the Elderly; some clubs use 55).
func (m Member) IsOlder(year, olderAge int) bool {
	return year-m.BirthYear >= olderAge
}

// MinMemberAge is the youngest age at which a person joins a club.
const MinMemberAge = 15

// ParseBirthYear reads a member's year of birth as ParseYear does, from 1900
// to LastBirthYear: the member dialogue and the import apply this one rule.
func ParseBirthYear(s string, thisYear int) (int, error) {
	y, err := ParseYear(s, thisYear)
	if err != nil {
		return 0, err
	}
	if y > LastBirthYear(thisYear) {
		return 0, Errorf(EINVALID, "younger than %d", MinMemberAge)
	}
	return y, nil
}

// LastBirthYear is the latest year of birth of a member in thisYear, who
// is then MinMemberAge years old.
func LastBirthYear(thisYear int) int {
	return thisYear - MinMemberAge
}
