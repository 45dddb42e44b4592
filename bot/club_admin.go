package bot

import (
	"context"
	"time"
)

// ClubAdminWriter renames and dissolves clubs and unlinks their leaders.
type ClubAdminWriter interface {
	// RenameClub renames a club, audited old -> new.
	RenameClub(ctx context.Context, clubID int64, name string, actorID int64, at time.Time) error
	// DissolveClub marks a club dissolved and unlinks its leaders, audited.
	DissolveClub(ctx context.Context, clubID int64, actorID int64, at time.Time) error
	// UnlinkClubLeaders unlinks the club's leaders' chat accounts, audited,
	// and returns their names.
	UnlinkClubLeaders(ctx context.Context, clubID int64, actorID int64, at time.Time) ([]string, error)
}

// The club life cycle's writes are refused to questions answered outside
// a transaction, as every write is.
