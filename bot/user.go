package bot

import "time"

// Role is what a user may do.
type Role string

// Roles.
const (
	RoleLeader  Role = "leader"
	RoleOfficer Role = "officer"
	RoleAdmin   Role = "admin"
)

// ScopeKind says what part of the data a user's role applies to.
type ScopeKind string

// Scope kinds.
const (
	ScopeClub     ScopeKind = "club"
	ScopeUnit     ScopeKind = "unit"
	ScopeProvince ScopeKind = "province"
)

// Scope is a club, an administrative unit, or the whole province.
type Scope struct {
	Kind   ScopeKind
	ClubID *int64
	UnitID *int64
}

// User is a person who talks to the bot: a club leader, an officer or an
// admin. A person may reach the bot through several channel accounts.
type User struct {
	ID    int64
	Name  string
	Phone string
	Lang  string // "vi" or "en"
	Role  Role
	Scope Scope
}

// Account links a channel identity (a Telegram user id, a Zalo user id) to a
// user. ChannelUserID is a string: Zalo ids exceed 2^53.
type Account struct {
	Channel       string
	ChannelUserID string
	UserID        int64
}

// Invite lets whoever holds its code join with a role and scope. Only a hash
// of the code is stored. An invite with a Phone is also redeemed by sharing
// that phone number. An invite with a LinkUserID is made by that user with
// /link: it adds the redeeming account to them, keeping their role, scope
// and language, instead of making a new user.
type Invite struct {
	ID        int64
	CodeHash  string
	Role      Role
	Scope     Scope
	Phone     string
	ExpiresAt time.Time
	UsedAt    *time.Time
	UsedBy    *int64
	CreatedBy *int64
	// LinkUserID is the user a /link code adds an account to; nil for an
	// invite of a new person.
	LinkUserID *int64
}
