package engine

import (
	"fmt"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
)

// linkCommand gives a linked user a single-use code that adds their account
// on another channel to them, with the same role, scope and language. It
// is stored as an invite bound to the user, so it has an invite's format,
// hashing, expiry and limit on wrong tries.
func (t *turn) linkCommand() error {
	if t.user == nil {
		return t.guest()
	}
	code, hash, err := bot.NewInviteCode()
	if err != nil {
		return err
	}
	id := t.user.ID
	inv := bot.Invite{CodeHash: hash, Role: t.user.Role, Scope: t.user.Scope,
		ExpiresAt: t.now.Add(t.e.cfg.InviteTTL), CreatedBy: &id, LinkUserID: &id}
	if err := t.tx.CreateInvite(t.ctx, &inv); err != nil {
		return fmt.Errorf("create link code: %w", err)
	}
	args := map[string]any{"code": code, "expires": messages.Date(inv.ExpiresAt),
		"link": dialogue.DeepLink(t.e.cfg.BotUsername, code)}
	if t.e.cfg.BotUsername == "" {
		t.say("link.created_nolink", args)
	} else {
		t.say("link.created", args)
	}
	return t.reask()
}

// codeKey is the message for a code found used or expired (what is
// "used" or "expired"): a /link code's holder makes a new one themselves.
func codeKey(inv bot.Invite, what string) string {
	if inv.LinkUserID != nil {
		return "link." + what
	}
	return "code." + what
}

// linkAccount adds this chat's account to the user who made the /link
// code, and welcomes them with their own role and language. A chat already
// linked is only told so: the code stays unused.
func (t *turn) linkAccount(inv bot.Invite) error {
	if t.user != nil {
		key := "link.other_person"
		if t.user.ID == *inv.LinkUserID {
			key = "link.already"
		}
		t.say(key, nil)
		return t.reask()
	}
	acct := bot.Account{Channel: t.in.Channel, ChannelUserID: t.in.ChannelUserID}
	user, err := t.tx.RedeemInvite(t.ctx, inv.ID, bot.User{}, acct, t.now)
	switch bot.ErrorCode(err) {
	case "":
	case bot.ECONFLICT:
		return t.codeFailed("link.used")
	case bot.EFORBIDDEN: // the user was revoked since
		return t.codeFailed("code.wrong")
	default:
		return fmt.Errorf("link account: %w", err)
	}
	t.user = &user
	t.lang = t.language()
	t.s = dialogue.Idle(t.s)
	t.say("link.done", map[string]any{"channel": channelName(t.in.Channel)})
	if err := t.noteOpenDialogues(); err != nil {
		return err
	}
	return t.welcome()
}

// noteOpenDialogues tells a user linked on several channels that a
// dialogue they began elsewhere still waits there: it is never continued
// in this chat.
func (t *turn) noteOpenDialogues() error {
	if t.user == nil {
		return nil
	}
	open, err := t.r.OpenDialogues(t.ctx, t.user.ID)
	if err != nil {
		return fmt.Errorf("open dialogues: %w", err)
	}
	for _, s := range open {
		here := s.Channel == t.in.Channel && s.ChatID == t.in.ChatID
		if here || t.now.Sub(s.Updated) >= t.e.cfg.SessionTTL {
			continue
		}
		t.say("link.open_elsewhere", map[string]any{"channel": channelName(s.Channel)})
		return nil
	}
	return nil
}

// channelName names a channel for the user: a catalog key for the
// channels the catalog knows, else the channel's own name.
func channelName(channel string) any {
	switch channel {
	case "telegram", "zalo":
		return messages.Key("channel." + channel)
	}
	return channel
}
