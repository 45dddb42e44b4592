package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/clubbot/clubbot/bot"
)

// schemaLinkCodes lets an invite name the existing user it adds an account
// to: the code a user makes with /link to join their other channel.
var schemaLinkCodes = []string{
	`ALTER TABLE invites ADD COLUMN link_user_id INTEGER REFERENCES users(id)`,
}

// inviteRow is a row of invites.
type inviteRow struct {
	ID          int64
	CodeHash    string
	Role        string
	ScopeKind   string
	ScopeClubID *int64
	ScopeUnitID *int64
	Phone       string
	ExpiresAt   time.Time
	UsedAt      *time.Time
	UsedBy      *int64
	CreatedBy   *int64
	LinkUserID  *int64
}

// TableName names the table.
func (inviteRow) TableName() string { return "invites" }

// toInvite converts a row to a bot.Invite.
func (r inviteRow) toInvite() bot.Invite {
	return bot.Invite{
		ID: r.ID, CodeHash: r.CodeHash, Role: bot.Role(r.Role),
		Scope: bot.Scope{Kind: bot.ScopeKind(r.ScopeKind), ClubID: r.ScopeClubID, UnitID: r.ScopeUnitID},
		Phone: r.Phone, ExpiresAt: fromDB(r.ExpiresAt), UsedAt: fromDBPtr(r.UsedAt),
		UsedBy: r.UsedBy, CreatedBy: r.CreatedBy, LinkUserID: r.LinkUserID,
	}
}

// failedCodeRow is a row of failed_codes: one wrong invite code entered.
type failedCodeRow struct {
	ID            int64
	Channel       string
	ChannelUserID string
	At            time.Time
}

// TableName names the table.
func (failedCodeRow) TableName() string { return "failed_codes" }

// CreateInvite stores inv, unused, and sets inv.ID. Its phone, if any, must
// be normalised as +84...; ECONFLICT if the code hash is already stored.
func (t *Tx) CreateInvite(ctx context.Context, inv *bot.Invite) error {
	if inv == nil || inv.CodeHash == "" || inv.ExpiresAt.IsZero() {
		return invalid("create invite: code hash and expiry are required")
	}
	if inv.Phone != "" && !strings.HasPrefix(inv.Phone, "+") {
		return invalid("create invite: phone %q is not normalised", inv.Phone)
	}
	if err := checkRoleScope(inv.Role, inv.Scope); err != nil {
		return err
	}
	row := inviteRow{
		CodeHash: inv.CodeHash, Role: string(inv.Role), ScopeKind: string(inv.Scope.Kind),
		ScopeClubID: inv.Scope.ClubID, ScopeUnitID: inv.Scope.UnitID, Phone: inv.Phone,
		ExpiresAt: toDB(inv.ExpiresAt), CreatedBy: inv.CreatedBy, LinkUserID: inv.LinkUserID,
	}
	if err := t.q(ctx).Create(&row).Error; err != nil {
		return wrapErr("create invite", err)
	}
	*inv = row.toInvite()
	return t.audit(ctx, idOf(inv.CreatedBy), t.now(), entityInvite, inv.ID, actionCreate, nil, inviteAuditOf(*inv))
}

// inviteAudit is what the audit log keeps of an invite: never its code's
// hash, which would let anyone with the log try codes offline.
type inviteAudit struct {
	Role      bot.Role
	Scope     bot.Scope
	Phone     string `json:",omitempty"`
	ExpiresAt time.Time
	UsedAt    *time.Time `json:",omitempty"`
	UsedBy    *int64     `json:",omitempty"`
	// LinkUser and Channel say whose other account a /link code added,
	// and on which channel.
	LinkUser *int64 `json:",omitempty"`
	Channel  string `json:",omitempty"`
}

// inviteAuditOf is the audited part of inv.
func inviteAuditOf(inv bot.Invite) inviteAudit {
	return inviteAudit{Role: inv.Role, Scope: inv.Scope, Phone: inv.Phone, ExpiresAt: inv.ExpiresAt,
		UsedAt: inv.UsedAt, UsedBy: inv.UsedBy, LinkUser: inv.LinkUserID}
}

// CreateInvite stores inv in its own transaction and sets inv.ID.
func (d *DB) CreateInvite(ctx context.Context, inv *bot.Invite) error {
	return d.inTx(ctx, func(t *Tx) error { return t.CreateInvite(ctx, inv) })
}

// InviteByCodeHash returns the invite whose code hashes to hash, used or
// not, or ENOTFOUND.
func (t *Tx) InviteByCodeHash(ctx context.Context, hash string) (bot.Invite, error) {
	var r inviteRow
	if err := t.q(ctx).Where("code_hash = ?", hash).Take(&r).Error; err != nil {
		return bot.Invite{}, wrapErr("invite by code", err)
	}
	return r.toInvite(), nil
}

// InviteByPhone returns the latest unused invite for the phone number that
// has not expired at now, or ENOTFOUND.
func (t *Tx) InviteByPhone(ctx context.Context, phone string, now time.Time) (bot.Invite, error) {
	var r inviteRow
	err := t.q(ctx).Where("phone = ? AND phone <> '' AND used_at IS NULL AND expires_at > ?", phone, toDB(now)).
		Order("id DESC").Take(&r).Error
	if err != nil {
		return bot.Invite{}, wrapErr("invite by phone", err)
	}
	return r.toInvite(), nil
}

// RedeemInvite marks the invite used by the account's user, creating the
// user (from u, with the invite's role and scope, and its phone if u has
// none) and the account, or giving an existing account's user the
// invite's role and scope. A /link invite instead adds the account to its
// user, whose role, scope and language stay; ECONFLICT if the account
// is linked already. ENOTFOUND for no invite, ECONFLICT if it is used,
// EINVALID if it expired before at.
func (t *Tx) RedeemInvite(ctx context.Context, inviteID int64, u bot.User, acct bot.Account, at time.Time) (bot.User, error) {
	var inv inviteRow
	if err := t.q(ctx).Take(&inv, inviteID).Error; err != nil {
		return bot.User{}, wrapErr("redeem invite", err)
	}
	switch {
	case inv.UsedAt != nil:
		return bot.User{}, bot.Errorf(bot.ECONFLICT, "redeem invite %d: already used", inviteID)
	case !at.Before(inv.ExpiresAt):
		return bot.User{}, invalid("redeem invite %d: expired", inviteID)
	}
	userID, err := t.redeemingUser(ctx, inv, u, acct)
	if err != nil {
		return bot.User{}, err
	}
	res := t.q(ctx).Model(&inviteRow{}).Where("id = ? AND used_at IS NULL", inviteID).
		Updates(map[string]any{"used_at": toDB(at), "used_by": userID})
	if res.Error != nil {
		return bot.User{}, wrapErr("redeem invite", res.Error)
	}
	if res.RowsAffected == 0 {
		return bot.User{}, bot.Errorf(bot.ECONFLICT, "redeem invite %d: already used", inviteID)
	}
	before := inv.toInvite()
	after := before
	after.UsedAt, after.UsedBy = &at, &userID
	audited := inviteAuditOf(after)
	if inv.LinkUserID != nil {
		audited.Channel = acct.Channel
	}
	err = t.audit(ctx, userID, at, entityInvite, inviteID, actionRedeem, inviteAuditOf(before), audited)
	if err != nil {
		return bot.User{}, err
	}
	return t.user(ctx, userID)
}

// redeemingUser gives the invite's role and scope to the user of acct,
// creating the user and the account if the account is new, and returns
// the user's id.
func (t *Tx) redeemingUser(ctx context.Context, inv inviteRow, u bot.User, acct bot.Account) (int64, error) {
	var a accountRow
	err := t.q(ctx).Where("channel = ? AND channel_user_id = ?", acct.Channel, acct.ChannelUserID).Take(&a).Error
	if inv.LinkUserID != nil {
		return t.linkingUser(ctx, *inv.LinkUserID, acct, err)
	}
	if err == nil {
		err = t.q(ctx).Model(&userRow{}).Where("id = ?", a.UserID).Updates(map[string]any{
			"role": inv.Role, "scope_kind": inv.ScopeKind,
			"scope_club_id": inv.ScopeClubID, "scope_unit_id": inv.ScopeUnitID,
		}).Error
		return a.UserID, wrapErr("redeem invite: update user", err)
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, wrapErr("redeem invite: find account", err)
	}
	u.ID, u.Role = 0, bot.Role(inv.Role)
	u.Scope = bot.Scope{Kind: bot.ScopeKind(inv.ScopeKind), ClubID: inv.ScopeClubID, UnitID: inv.ScopeUnitID}
	if u.Phone == "" {
		u.Phone = inv.Phone
	}
	if err := t.CreateUser(ctx, &u); err != nil {
		return 0, err
	}
	acct.UserID = u.ID
	return u.ID, t.AddAccount(ctx, acct)
}

// linkingUser adds acct to the user a /link code was made by, unless
// finding the account (found) says it exists already.
func (t *Tx) linkingUser(ctx context.Context, userID int64, acct bot.Account, found error) (int64, error) {
	if found == nil {
		return 0, bot.Errorf(bot.ECONFLICT, "link account: %s account already linked", acct.Channel)
	}
	if !errors.Is(found, gorm.ErrRecordNotFound) {
		return 0, wrapErr("link account: find account", found)
	}
	// Revoking a user deletes their accounts: a code they made before
	// must not give the access back.
	var n int64
	if err := t.q(ctx).Model(&accountRow{}).Where("user_id = ?", userID).Count(&n).Error; err != nil {
		return 0, wrapErr("link account: count accounts", err)
	}
	if n == 0 {
		return 0, bot.Errorf(bot.EFORBIDDEN, "link account: user %d was revoked", userID)
	}
	acct.UserID = userID
	return userID, t.AddAccount(ctx, acct)
}

// RecordFailedCode notes one wrong invite code from a channel account.
func (t *Tx) RecordFailedCode(ctx context.Context, channel, channelUserID string, at time.Time) error {
	row := failedCodeRow{Channel: channel, ChannelUserID: channelUserID, At: toDB(at)}
	return wrapErr("record failed code", t.q(ctx).Create(&row).Error)
}

// FailedCodesSince counts the account's wrong invite codes at or after since.
func (t *Tx) FailedCodesSince(ctx context.Context, channel, channelUserID string, since time.Time) (int, error) {
	var n int64
	err := t.q(ctx).Model(&failedCodeRow{}).
		Where("channel = ? AND channel_user_id = ? AND at >= ?", channel, channelUserID, toDB(since)).
		Count(&n).Error
	return int(n), wrapErr("failed codes", err)
}
