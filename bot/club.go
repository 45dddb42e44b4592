package bot

import "time"

// ClubStatus says whether a club still operates.
type ClubStatus string

// Club statuses.
const (
	ClubActive    ClubStatus = "active"
	ClubDissolved ClubStatus = "dissolved"
)

// Club is an Intergenerational Self-Help Club (CLB liên thế hệ tự giúp nhau).
type Club struct {
	ID               int64
	Name             string
	UnitID           int64  // commune-level unit
	FormerDistrictID *int64 // district-level unit (before 1 July 2025)
	FoundedOn        time.Time
	DecisionNo       string
	Status           ClubStatus
	StartingFund     int64 // đồng
}
