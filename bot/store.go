package bot

import (
	"context"
	"time"
)

// Store is what the engine needs from persistence. InTx runs fn in one
// transaction: a step's session, its data changes, the inbound event marked
// done and the replies queued commit together or not at all. fn may be run
// more than once (the store retries it alone when a group commit fails), so
// it must have no effect outside the transaction.
//
// Session and UserByAccount read outside any transaction: the engine reads
// a chat's state before it takes the write lock, which is safe because the
// events of one chat are handled one at a time. ClubStats and DistrictsOf
// read outside it too: officers' figures need not see the step's own writes.
type Store interface {
	InTx(ctx context.Context, fn func(tx Writer) error) error
	// Reader reads outside any transaction, for questions that change
	// nothing.
	Reader() Reader
	Session(ctx context.Context, channel, chatID string) (Session, error)
	UserByAccount(ctx context.Context, channel, channelUserID string) (User, error)
	// ClubStats returns the figures on day asOf of every active club in
	// scope: the province, a district-level unit (clubs formerly in it, or in
	// a commune-level unit formed from it), a commune-level unit, or a club.
	ClubStats(ctx context.Context, scope Scope, asOf time.Time, olderAge int) ([]ClubStat, error)
	// DistrictsOf returns the district-level units a scope covers.
	DistrictsOf(ctx context.Context, scope Scope) ([]Unit, error)
}

// Reader reads the store: Store.Reader outside any transaction (for the
// questions that change nothing), or a Writer inside one. Methods that find
// nothing return an *Error with code ENOTFOUND.
type Reader interface {
	ReviewReader       // fund reports under review (bot/review.go)
	CorrectionReader   // members and fund reports to correct (bot/correction.go)
	ActivityReader     // clubs' monthly activity reports (bot/activity.go)
	AnnouncementReader // officers' announcements (bot/announcement.go)

	// Session returns the chat's session, or ENOTFOUND.
	Session(ctx context.Context, channel, chatID string) (Session, error)
	// InboundDone reports whether the event with this key was handled.
	InboundDone(ctx context.Context, key string) (bool, error)
	// UserByAccount returns the user linked to a channel account, or ENOTFOUND.
	UserByAccount(ctx context.Context, channel, channelUserID string) (User, error)
	// InviteByCodeHash returns the invite whose code hashes to hash, or ENOTFOUND.
	InviteByCodeHash(ctx context.Context, hash string) (Invite, error)
	// InviteByPhone returns an unused, unexpired invite registered for the
	// phone number (normalised as +84...), or ENOTFOUND.
	InviteByPhone(ctx context.Context, phone string, now time.Time) (Invite, error)
	// OpenDialogues returns the sessions (without drafts) of the user's
	// chats that are in the middle of a dialogue, on any channel.
	OpenDialogues(ctx context.Context, userID int64) ([]Session, error)
	// FailedCodesSince counts the wrong invite codes an account typed since a time.
	FailedCodesSince(ctx context.Context, channel, channelUserID string, since time.Time) (int, error)
	// UndeliveredSince counts the scheduled messages recorded since a time
	// as undelivered, their user being out of reach on every account.
	UndeliveredSince(ctx context.Context, since time.Time) (int, error)
	Club(ctx context.Context, id int64) (Club, error)
	Unit(ctx context.Context, id int64) (Unit, error)
	// CurrentPlan returns the plan whose period contains t, else the latest.
	CurrentPlan(ctx context.Context, t time.Time) (Plan, error)
	ActiveMembers(ctx context.Context, clubID int64) ([]Member, error)
	Member(ctx context.Context, id int64) (Member, error)
	// LastFundReport returns the club's latest fund report, or ENOTFOUND.
	LastFundReport(ctx context.Context, clubID int64) (FundReport, error)
	// ClubFigures counts a club's active members in SQL.
	ClubFigures(ctx context.Context, clubID int64, year, olderAge int) (ClubFigures, error)
	// Units returns the administrative units of a level (all for 0), by id.
	Units(ctx context.Context, level UnitLevel) ([]Unit, error)
	// ClubsInUnit returns the clubs of a commune-level unit, active or not.
	ClubsInUnit(ctx context.Context, unitID int64) ([]Club, error)
	// Users returns everyone linked to at least one chat account, by name.
	Users(ctx context.Context) ([]User, error)
	// History returns the audit log's changes in scope, newest first: it
	// skips the first offset and returns at most limit. Changes to no club
	// (officers' invites, revoked access) are in the province's scope only.
	History(ctx context.Context, scope Scope, offset, limit int) ([]Change, error)
}

// Writer is the store inside a transaction: it reads as Reader does, its
// own writes included, and writes.
type Writer interface {
	Reader
	ReviewWriter       // fund reports under review (bot/review.go)
	ClubAdminWriter    // clubs renamed, dissolved, given a new leader (bot/club_admin.go)
	RecoveryTx         // replies a crash may have lost (bot/recovery.go)
	CorrectionWriter   // members and fund reports corrected (bot/correction.go)
	ActivityWriter     // monthly activity reports saved and corrected (bot/activity.go)
	ChatOrderTx        // one process at a time per chat, events in order (bot/chat_order.go)
	AnnouncementWriter // officers' announcements (bot/announcement.go)

	SaveSession(ctx context.Context, s Session) error
	// MarkInboundDone records the event as handled, reporting false if it
	// already was. Inside a step's transaction it claims the event: a
	// rolled-back step leaves it to be handled again.
	MarkInboundDone(ctx context.Context, key string, at time.Time) (bool, error)
	// Enqueue adds replies to the outbox, in order.
	Enqueue(ctx context.Context, out []Outgoing, at time.Time) error
	SetUserLang(ctx context.Context, userID int64, lang string) error
	// RedeemInvite marks the invite used and creates the user and its
	// account (or, if the account exists, gives its user the invite's role
	// and scope). ECONFLICT if the invite was used meanwhile.
	RedeemInvite(ctx context.Context, inviteID int64, u User, acct Account, at time.Time) (User, error)
	// RecordFailedCode records a wrong invite code an account typed.
	RecordFailedCode(ctx context.Context, channel, channelUserID string, at time.Time) error
	// AddMember stores m and an audit entry. A member whose SourceKey is
	// already stored is not stored again; m gets the stored id either way.
	AddMember(ctx context.Context, m *Member, actorID int64, at time.Time) error
	// MemberLeft records a departure and an audit entry. A member who has
	// already left is left as is (no error), so a retried step is harmless.
	MemberLeft(ctx context.Context, memberID int64, on time.Time, reason string, actorID int64, at time.Time) error
	// AddFundReport stores r and an audit entry, once per SourceKey.
	AddFundReport(ctx context.Context, r *FundReport, actorID int64, at time.Time) error
	// CreateClub stores c with an audit entry and sets c.ID.
	CreateClub(ctx context.Context, c *Club, actorID int64, at time.Time) error
	// CreateInvite stores an unused invite and sets inv.ID.
	CreateInvite(ctx context.Context, inv *Invite) error
	// RevokeUser unlinks the user's chat accounts, with an audit entry:
	// their history stays, their access goes.
	RevokeUser(ctx context.Context, userID, actorID int64, at time.Time) error
}

// ClubFigures are the counts /status shows for a club.
type ClubFigures struct {
	Members int
	Women   int
	Older   int
}
