package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/clubbot/clubbot/bot"
)

// schemaV14Announcements adds officers' announcements, and the scheduled
// sending each outbox row belongs to, from which an announcement's counts
// are read.
var schemaV14Announcements = []string{
	`CREATE TABLE announcements (
		id INTEGER PRIMARY KEY,
		author_id INTEGER NOT NULL REFERENCES users(id),
		scope_kind TEXT NOT NULL,
		scope_unit_id INTEGER REFERENCES units(id),
		audience TEXT NOT NULL,
		text TEXT NOT NULL DEFAULT '',
		file_kind TEXT NOT NULL DEFAULT '',
		file_id TEXT NOT NULL DEFAULT '',
		file_name TEXT NOT NULL DEFAULT '',
		created_at DATETIME NOT NULL,
		recipients INTEGER NOT NULL DEFAULT 0)`,
	`CREATE INDEX idx_announcements_created_at ON announcements(created_at)`,
	`ALTER TABLE outbox ADD COLUMN delivery_id INTEGER`,
	`CREATE INDEX idx_outbox_delivery_id ON outbox(delivery_id) WHERE delivery_id IS NOT NULL`,
}

// announcementRow is a row of announcements.
type announcementRow struct {
	ID          int64
	AuthorID    int64
	ScopeKind   string
	ScopeUnitID *int64
	Audience    string
	Text        string
	FileKind    string
	FileID      string
	FileName    string
	CreatedAt   time.Time
	Recipients  int
	AuthorName  string `gorm:"->;-:migration"` // read through a join
}

// TableName names the table.
func (announcementRow) TableName() string { return "announcements" }

// toAnnouncement converts a row.
func (r announcementRow) toAnnouncement() bot.Announcement {
	a := bot.Announcement{ID: r.ID, AuthorID: r.AuthorID, AuthorName: r.AuthorName, Audience: bot.Audience(r.Audience),
		Text: r.Text, CreatedAt: fromDB(r.CreatedAt), Recipients: r.Recipients,
		Scope: bot.Scope{Kind: bot.ScopeKind(r.ScopeKind), UnitID: r.ScopeUnitID}}
	if r.FileID != "" {
		a.File = &bot.File{Kind: bot.FileKind(r.FileKind), ID: r.FileID, Name: r.FileName}
	}
	return a
}

// CreateAnnouncement stores a with an audit entry, sets a.ID, and counts
// a.Recipients: the users of its scope and audience, the author excepted.
func (t *Tx) CreateAnnouncement(ctx context.Context, a *bot.Announcement, at time.Time) error {
	reach, err := t.AnnouncementReach(ctx, a.Scope, a.Audience, a.AuthorID)
	if err != nil {
		return err
	}
	a.Recipients, a.CreatedAt = reach.Recipients, at
	row := announcementRow{AuthorID: a.AuthorID, ScopeKind: string(a.Scope.Kind), ScopeUnitID: a.Scope.UnitID,
		Audience: string(a.Audience), Text: a.Text, CreatedAt: toDB(at), Recipients: a.Recipients}
	if a.File != nil {
		row.FileKind, row.FileID, row.FileName = string(a.File.Kind), a.File.ID, a.File.Name
	}
	if err := t.q(ctx).Omit("AuthorName").Create(&row).Error; err != nil {
		return wrapErr("create announcement", err)
	}
	a.ID = row.ID
	after := map[string]any{"audience": a.Audience, "recipients": a.Recipients, "text": a.Text}
	if a.File != nil {
		after["file"] = a.File.Kind
	}
	return t.audit(ctx, a.AuthorID, at, "announcement", a.ID, "create", nil, after)
}

// recipientsSQL selects the accounts of the users an announcement of a
// scope and audience goes to ({leaders} and {officers} are the scope's
// conditions), with their chat's dialogue, the author and, with
// :undelivered set, the users it was recorded for excepted.
const recipientsSQL = `SELECT u.id, u.name, u.lang, u.role, u.scope_kind, u.scope_club_id, u.scope_unit_id,
		a.channel, a.channel_user_id, a.inactive_since, s.flow, s.updated
	FROM users u JOIN accounts a ON a.user_id = u.id
	LEFT JOIN sessions s ON s.channel = a.channel AND s.chat_id = a.channel_user_id
	WHERE u.id <> :author AND (
		(u.role = 'leader' AND u.scope_club_id IN (SELECT c.id FROM clubs c WHERE c.status = 'active' {leaders}))
		OR (:officers = 1 AND u.role = 'officer' {officers}))
	AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.user_id = u.id AND d.kind = 'announcement'
		AND d.period = :period)
	ORDER BY u.id, a.inactive_since IS NOT NULL, a.id`

// recipientRow is a row of recipientsSQL.
type recipientRow struct {
	ID            int64
	Name          string
	Lang          string
	Role          string
	ScopeKind     string
	ScopeClubID   *int64
	ScopeUnitID   *int64
	Channel       string
	ChannelUserID string
	InactiveSince *time.Time
	Flow          *string
	Updated       *time.Time
}

// AnnouncementRecipients returns the accounts of the users a is meant for
// and not yet recorded as sent to, by user, active accounts first.
func (d *DB) AnnouncementRecipients(ctx context.Context, a bot.Announcement) ([]bot.AnnouncementRecipient, error) {
	return d.direct().announcementRecipients(ctx, a.Scope, a.Audience, a.AuthorID, bot.AnnouncementPeriod(a.ID))
}

// announcementRecipients returns the accounts of the users of scope and
// audience, those recorded for period excepted.
func (t *Tx) announcementRecipients(ctx context.Context, scope bot.Scope, audience bot.Audience, authorID int64,
	period string) ([]bot.AnnouncementRecipient, error) {
	leaders, args, err := t.historyScope(ctx, scope)
	if err != nil {
		return nil, err
	}
	officers := ""
	if scope.Kind == bot.ScopeUnit && scope.UnitID != nil {
		officers = "AND " + unitOrFormedFrom("u.scope_unit_id", ":unit_id")
		args = append(args, sql.Named("unit_id", *scope.UnitID))
	}
	withOfficers := 0
	if audience == bot.AudienceOfficers {
		withOfficers = 1
	}
	args = append(args, sql.Named("author", authorID), sql.Named("officers", withOfficers), sql.Named("period", period))
	q := replaceAll(replaceAll(recipientsSQL, "{leaders}", leaders), "{officers}", officers)
	var rows []recipientRow
	if err := t.raw(ctx, q, args).Scan(&rows).Error; err != nil {
		return nil, wrapErr("announcement recipients", err)
	}
	out := make([]bot.AnnouncementRecipient, len(rows))
	for i, r := range rows {
		u := userRow{ID: r.ID, Name: r.Name, Lang: r.Lang, Role: r.Role, ScopeKind: r.ScopeKind,
			ScopeClubID: r.ScopeClubID, ScopeUnitID: r.ScopeUnitID}
		out[i] = bot.AnnouncementRecipient{Recipient: bot.Recipient{User: u.toUser(), Channel: r.Channel, ChatID: r.ChannelUserID},
			Inactive: r.InactiveSince != nil}
		if r.Flow != nil && *r.Flow != "" && r.Updated != nil {
			since := fromDB(*r.Updated)
			out[i].DialogueSince = &since
		}
	}
	return out, nil
}

// AnnouncementReach counts the users an announcement of scope and
// audience would go to, and those of them with no active account.
func (t *Tx) AnnouncementReach(ctx context.Context, scope bot.Scope, audience bot.Audience, authorID int64) (bot.AnnouncementReach, error) {
	rows, err := t.announcementRecipients(ctx, scope, audience, authorID, "")
	if err != nil {
		return bot.AnnouncementReach{}, err
	}
	var reach bot.AnnouncementReach
	for _, user := range bot.ByUser(rows) {
		reach.Recipients++
		if user[0].Inactive { // active accounts come first
			reach.Unreachable++
		}
	}
	return reach, nil
}

// announcementCountsSQL counts where the recipients of announcements
// stand, from the outbox rows of their deliveries: a user counts once, by
// the best of their rows (sent, then waiting, then blocked, then out of
// reach). A row a crash caught while sending counts as sent: it is not
// sent again, and most likely went out.
const announcementCountsSQL = `SELECT period,
		SUM(CASE WHEN state = 3 THEN 1 ELSE 0 END) AS delivered,
		SUM(CASE WHEN state = 2 THEN 1 ELSE 0 END) AS queued,
		SUM(CASE WHEN state = 1 THEN 1 ELSE 0 END) AS blocked,
		SUM(CASE WHEN state = 0 THEN 1 ELSE 0 END) AS unreachable
	FROM (SELECT d.period, d.user_id, MAX(CASE
			WHEN o.sent_at IS NOT NULL OR o.fail_reason = :uncertain THEN 3
			WHEN o.failed_at IS NULL THEN 2
			WHEN o.fail_reason LIKE :blocked THEN 1
			ELSE 0 END) AS state
		FROM deliveries d JOIN outbox o ON o.delivery_id = d.id
		WHERE d.kind = 'announcement' AND d.period IN ({periods})
		GROUP BY d.period, d.user_id) AS per_user
	GROUP BY period`

// Announcements returns the latest announcements made in scope, newest
// first, with their counts, read in one query over the outbox.
func (t *Tx) Announcements(ctx context.Context, scope bot.Scope, limit int) ([]bot.AnnouncementSent, error) {
	q := withAuthor(t.q(ctx))
	if scope.Kind == bot.ScopeUnit && scope.UnitID != nil {
		q = q.Where(unitOrFormedFrom("announcements.scope_unit_id", "@unit"), sql.Named("unit", *scope.UnitID))
	} else if scope.Kind != bot.ScopeProvince {
		return nil, nil // a leader's scope has none
	}
	var rows []announcementRow
	if err := q.Order("announcements.id DESC").Limit(limit).Scan(&rows).Error; err != nil {
		return nil, wrapErr("announcements", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	counts, err := t.announcementCounts(ctx, rows)
	if err != nil {
		return nil, err
	}
	out := make([]bot.AnnouncementSent, len(rows))
	for i, r := range rows {
		c := counts[bot.AnnouncementPeriod(r.ID)]
		c.Waiting += max(r.Recipients-c.Delivered-c.Waiting-c.Blocked-c.Unreachable, 0) // not recorded yet
		out[i] = bot.AnnouncementSent{Announcement: r.toAnnouncement(), Counts: c}
	}
	return out, nil
}

// announcementCounts reads the counts of the announcements of rows.
func (t *Tx) announcementCounts(ctx context.Context, rows []announcementRow) (map[string]bot.AnnouncementCounts, error) {
	// The periods are announcement ids, written in the query: a driver
	// binds no list to one parameter.
	periods := make([]string, len(rows))
	for i, r := range rows {
		periods[i] = "'" + bot.AnnouncementPeriod(r.ID) + "'"
	}
	var counted []struct {
		Period                                  string
		Delivered, Queued, Blocked, Unreachable int
	}
	args := []any{sql.Named("uncertain", UncertainReason), sql.Named("blocked", bot.BlockedReason+"%")}
	q := replaceAll(announcementCountsSQL, "{periods}", strings.Join(periods, ", "))
	if err := t.raw(ctx, q, args).Scan(&counted).Error; err != nil {
		return nil, wrapErr("announcement counts", err)
	}
	out := map[string]bot.AnnouncementCounts{}
	for _, c := range counted {
		out[c.Period] = bot.AnnouncementCounts{Delivered: c.Delivered, Waiting: c.Queued, Blocked: c.Blocked, Unreachable: c.Unreachable}
	}
	return out, nil
}

// withAuthor selects announcements with their author's name, as
// announcementRow reads them.
func withAuthor(q *gorm.DB) *gorm.DB {
	return q.Table("announcements").Select("announcements.*, users.name AS author_name").
		Joins("JOIN users ON users.id = announcements.author_id")
}

// unitOrFormedFrom is the condition that column, a unit's id, is the unit
// param names or a commune-level unit formed from it.
func unitOrFormedFrom(column, param string) string {
	return "(" + column + " = " + param + " OR " + column + " IN (SELECT unit_id FROM unit_former_districts WHERE district_id = " + param + "))"
}

// OpenAnnouncements returns the announcements made since a time, oldest
// first: those still being sent.
func (d *DB) OpenAnnouncements(ctx context.Context, since time.Time) ([]bot.Announcement, error) {
	var rows []announcementRow
	err := withAuthor(d.gorm.WithContext(ctx)).
		Where("announcements.created_at >= ?", toDB(since)).Order("announcements.id").Scan(&rows).Error
	if err != nil {
		return nil, wrapErr("open announcements", err)
	}
	out := make([]bot.Announcement, len(rows))
	for i, r := range rows {
		out[i] = r.toAnnouncement()
	}
	return out, nil
}

// DeliverFailed records the sending as DeliverOnce does, but its messages,
// for a user the channel will not deliver to (blocked, out of reach), as
// failed with reason instead of queued.
func (d *DB) DeliverFailed(ctx context.Context, del bot.Delivery, msgs []bot.Outgoing, at time.Time, reason string) (bool, error) {
	return d.deliverOnce(ctx, del, msgs, at, reason)
}
