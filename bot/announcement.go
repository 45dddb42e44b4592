package bot

import (
	"context"
	"strconv"
	"time"
)

// Audience says whom an officer's announcement goes to.
type Audience string

// Audiences of an announcement.
const (
	AudienceLeaders  Audience = "leaders"  // the leaders of the scope's clubs
	AudienceOfficers Audience = "officers" // those leaders and the officers of the scope
)

// DeliveryAnnouncement is the kind of the deliveries of an announcement;
// their period is the announcement's id (AnnouncementPeriod).
const DeliveryAnnouncement = "announcement"

// BlockedReason starts the fail reason of a message the channel refused
// because its user blocked the bot: the announcements' counts tell those
// from the users out of reach.
const BlockedReason = "blocked"

// Announcement is an officer's message to the leaders, and optionally the
// officers, of their scope. Text is as typed (escaped when rendered); File,
// when set, is a photo or a document by its channel's id (Telegram's
// file_id), sent again without being downloaded.
type Announcement struct {
	ID         int64
	AuthorID   int64
	AuthorName string // filled by the store's reads
	Scope      Scope
	Audience   Audience
	Text       string
	File       *File
	CreatedAt  time.Time
	Recipients int // users it was meant for when it was sent
}

// AnnouncementPeriod is the delivery period of announcement id: its id.
func AnnouncementPeriod(id int64) string { return strconv.FormatInt(id, 10) }

// AnnouncementCounts is where an announcement's recipients stand, each
// counted once: it reached them, waits (in the outbox, or for a recipient
// in the middle of a dialogue), the user blocked the bot, or the user is
// out of reach (outside Zalo's messaging window, or only on a channel the
// bot does not serve).
type AnnouncementCounts struct {
	Delivered   int
	Waiting     int
	Blocked     int
	Unreachable int
}

// AnnouncementReach is what the preview counts: the users an announcement
// would go to, and how many of them cannot be reached now (every account
// out of Zalo's messaging window, or blocked).
type AnnouncementReach struct {
	Recipients  int
	Unreachable int
}

// AnnouncementSent is an announcement with its counts, for the history.
type AnnouncementSent struct {
	Announcement
	Counts AnnouncementCounts
}

// AnnouncementReader reads announcements.
type AnnouncementReader interface {
	// AnnouncementReach counts the users an announcement of this scope
	// and audience would reach, the author excepted.
	AnnouncementReach(ctx context.Context, scope Scope, audience Audience, authorID int64) (AnnouncementReach, error)
	// Announcements returns the latest announcements made in scope (by
	// its officers or those of a unit within it), newest first, with
	// their counts.
	Announcements(ctx context.Context, scope Scope, limit int) ([]AnnouncementSent, error)
}

// AnnouncementWriter stores announcements.
type AnnouncementWriter interface {
	// CreateAnnouncement stores a and an audit entry, sets a.ID, and
	// counts a.Recipients.
	CreateAnnouncement(ctx context.Context, a *Announcement, at time.Time) error
}

// AnnouncementRecipient is one chat account of a user an announcement goes
// to. Inactive says the channel will not deliver to it (the user blocked
// the bot, or is outside Zalo's messaging window) until the user writes
// again; DialogueSince, set while the chat is in the middle of a dialogue,
// is when the dialogue last moved.
type AnnouncementRecipient struct {
	Recipient
	Inactive      bool
	DialogueSince *time.Time
}

// ByUser groups accounts listed user by user into one slice per user, in
// order.
func ByUser(rs []AnnouncementRecipient) [][]AnnouncementRecipient {
	var out [][]AnnouncementRecipient
	for i, r := range rs {
		if i == 0 || rs[i-1].User.ID != r.User.ID {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], r)
	}
	return out
}
