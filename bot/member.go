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
