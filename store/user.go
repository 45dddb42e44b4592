package store

import (
	"context"
	"strings"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// userRow is a row of users.
type userRow struct {
	ID          int64
	Name        string
	Phone       string
	Lang        string
	Role        string
	ScopeKind   string
	ScopeClubID *int64
	ScopeUnitID *int64
	CreatedAt   time.Time
}

// TableName names the table.
func (userRow) TableName() string { return "users" }

// toUser converts a row to a bot.User.
func (r userRow) toUser() bot.User {
	return bot.User{
		ID: r.ID, Name: r.Name, Phone: r.Phone, Lang: r.Lang, Role: bot.Role(r.Role),
		Scope: bot.Scope{Kind: bot.ScopeKind(r.ScopeKind), ClubID: r.ScopeClubID, UnitID: r.ScopeUnitID},
	}
}

// userToRow converts a bot.User to a row; an empty language is "vi".
func userToRow(u bot.User) userRow {
	lang := u.Lang
	if lang == "" {
		lang = "vi"
	}
	return userRow{
		ID: u.ID, Name: bot.CleanText(u.Name), Phone: strings.TrimSpace(u.Phone), Lang: lang,
		Role: string(u.Role), ScopeKind: string(u.Scope.Kind),
		ScopeClubID: u.Scope.ClubID, ScopeUnitID: u.Scope.UnitID,
	}
}

// accountRow is a row of accounts.
type accountRow struct {
	ID            int64
	Channel       string
	ChannelUserID string
	UserID        int64
}

// TableName names the table.
func (accountRow) TableName() string { return "accounts" }

// checkRoleScope validates a role and its scope.
func checkRoleScope(role bot.Role, s bot.Scope) error {
	switch role {
	case bot.RoleLeader, bot.RoleOfficer, bot.RoleAdmin:
	default:
		return invalid("unknown role %q", role)
	}
	switch {
	case s.Kind == bot.ScopeClub && s.ClubID != nil:
	case s.Kind == bot.ScopeUnit && s.UnitID != nil:
	case s.Kind == bot.ScopeProvince:
	default:
		return invalid("scope %q lacks its club or unit", s.Kind)
	}
	return nil
}

// user returns the user with this id, or ENOTFOUND.
func (t *Tx) user(ctx context.Context, id int64) (bot.User, error) {
	var r userRow
	if err := t.q(ctx).Take(&r, id).Error; err != nil {
		return bot.User{}, wrapErr("user", err)
	}
	return r.toUser(), nil
}

// SetUserLang sets the user's language ("vi" or "en"); ENOTFOUND if there
// is no such user.
func (t *Tx) SetUserLang(ctx context.Context, userID int64, lang string) error {
	if lang != "vi" && lang != "en" {
		return invalid("set user language: unknown language %q", lang)
	}
	res := t.q(ctx).Model(&userRow{}).Where("id = ?", userID).Update("lang", lang)
	if res.Error != nil {
		return wrapErr("set user language", res.Error)
	}
	if res.RowsAffected == 0 {
		return notFound("user %d", userID)
	}
	return nil
}

// CreateUser stores u and sets u.ID.
func (t *Tx) CreateUser(ctx context.Context, u *bot.User) error {
	if u == nil {
		return invalid("create user: no user")
	}
	if err := checkRoleScope(u.Role, u.Scope); err != nil {
		return err
	}
	row := userToRow(*u)
	row.ID, row.CreatedAt = 0, toDB(t.now())
	if err := t.q(ctx).Create(&row).Error; err != nil {
		return wrapErr("create user", err)
	}
	*u = row.toUser()
	return nil
}

// AddAccount links a channel account to a user; ECONFLICT if the account
// is already linked.
func (t *Tx) AddAccount(ctx context.Context, a bot.Account) error {
	if a.Channel == "" || a.ChannelUserID == "" {
		return invalid("add account: empty channel or user id")
	}
	row := accountRow{Channel: a.Channel, ChannelUserID: a.ChannelUserID, UserID: a.UserID}
	return wrapErr("add account", t.q(ctx).Create(&row).Error)
}

// CreateUser stores u in its own transaction and sets u.ID.
func (d *DB) CreateUser(ctx context.Context, u *bot.User) error {
	return d.inTx(ctx, func(t *Tx) error { return t.CreateUser(ctx, u) })
}

// AddAccount links a channel account to a user in its own transaction.
func (d *DB) AddAccount(ctx context.Context, a bot.Account) error {
	return d.inTx(ctx, func(t *Tx) error { return t.AddAccount(ctx, a) })
}

// Users returns everyone linked to at least one chat account, by name.
func (t *Tx) Users(ctx context.Context) ([]bot.User, error) {
	var rows []userRow
	err := t.q(ctx).Where("id IN (SELECT user_id FROM accounts)").Order("name, id").Find(&rows).Error
	if err != nil {
		return nil, wrapErr("users", err)
	}
	out := make([]bot.User, len(rows))
	for i, r := range rows {
		out[i] = r.toUser()
	}
	return out, nil
}

// RevokeUser unlinks the user's chat accounts, with an audit entry: the
// user and their history stay, their access goes. ENOTFOUND if the user
// has no account.
func (t *Tx) RevokeUser(ctx context.Context, userID, actorID int64, at time.Time) error {
	var accounts []accountRow
	if err := t.q(ctx).Where("user_id = ?", userID).Find(&accounts).Error; err != nil {
		return wrapErr("revoke user", err)
	}
	if len(accounts) == 0 {
		return notFound("revoke user: user %d has no account", userID)
	}
	if err := t.q(ctx).Where("user_id = ?", userID).Delete(&accountRow{}).Error; err != nil {
		return wrapErr("revoke user", err)
	}
	return t.audit(ctx, actorID, at, entityUser, userID, actionRevoke, accounts, nil)
}

// MarkInactive records that the user of a chat account blocked the bot:
// scheduled sendings skip the account until the user writes again. Private
// chats have the user's id as chat id. An unknown account is no error (a
// chat that never joined).
func (d *DB) MarkInactive(ctx context.Context, channel, chatID string, at time.Time) error {
	return d.inTx(ctx, func(t *Tx) error {
		err := t.q(ctx).Model(&accountRow{}).
			Where("channel = ? AND channel_user_id = ? AND inactive_since IS NULL", channel, chatID).
			Update("inactive_since", toDB(at)).Error
		return wrapErr("mark inactive", err)
	})
}
