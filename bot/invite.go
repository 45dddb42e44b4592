package bot

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/clubbot/clubbot/messages"
)

// inviteAlphabet is Crockford's base 32: no I, L, O or U, which people
// confuse with 1, 0 and V when they copy a code by hand.
const inviteAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// inviteCodeLen is 13 characters of 5 bits: 65 random bits.
const inviteCodeLen = 13

// NewInviteCode returns a fresh random invite code, grouped for reading
// ("7KQ2-M9XD-T4RWA"), and the hash under which it is stored.
func NewInviteCode() (code, hash string, err error) {
	raw := make([]byte, inviteCodeLen)
	if _, err := rand.Read(raw); err != nil {
		return "", "", fmt.Errorf("read random: %w", err)
	}
	var b strings.Builder
	for i, r := range raw {
		if i == 4 || i == 8 {
			b.WriteByte('-')
		}
		b.WriteByte(inviteAlphabet[int(r)%32])
	}
	code = b.String()
	return code, HashInviteCode(code), nil
}

// NormalizeInviteCode removes spaces and dashes, upper-cases, and reads
// the letters people mistake for digits as those digits.
func NormalizeInviteCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(Fold(code)) {
		switch {
		case r == 'O':
			b.WriteByte('0')
		case r == 'I' || r == 'L':
			b.WriteByte('1')
		case strings.ContainsRune(inviteAlphabet, r):
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '_':
		default:
			return ""
		}
	}
	return b.String()
}

// HashInviteCode is the stored form of a code: only its holder knows it.
func HashInviteCode(code string) string {
	sum := sha256.Sum256([]byte(NormalizeInviteCode(code)))
	return hex.EncodeToString(sum[:])
}

// LooksLikeInviteCode reports whether text could be a code someone typed.
func LooksLikeInviteCode(text string) bool {
	return len(NormalizeInviteCode(text)) == inviteCodeLen
}

// redeemCode links the user through an invite code, or explains why not.
func (t *turn) redeemCode(code string) error {
	locked, err := t.codesLocked()
	if err != nil || locked {
		return err
	}
	inv, err := t.tx.InviteByCodeHash(t.ctx, HashInviteCode(code))
	switch {
	case ErrorCode(err) == ENOTFOUND || !LooksLikeInviteCode(code):
		return t.codeFailed("code.wrong")
	case err != nil:
		return fmt.Errorf("find invite: %w", err)
	case inv.UsedAt != nil:
		return t.codeFailed(codeKey(inv, "used"))
	case !within(t.now, inv.ExpiresAt):
		return t.codeFailed(codeKey(inv, "expired"))
	case inv.LinkUserID != nil:
		return t.linkAccount(inv)
	}
	return t.link(inv)
}

// codesLocked tells the user, and reports true, after too many wrong codes.
func (t *turn) codesLocked() (bool, error) {
	since := t.now.Add(-time.Hour)
	n, err := t.tx.FailedCodesSince(t.ctx, t.in.Channel, t.in.ChannelUserID, since)
	if err != nil {
		return false, fmt.Errorf("count failed codes: %w", err)
	}
	if n < t.e.cfg.CodeTries {
		return false, nil
	}
	t.say("code.locked", nil)
	if t.user != nil {
		return true, t.reask()
	}
	t.s = idle(t.s)
	return true, nil
}

// codeFailed counts a wrong code and asks again.
func (t *turn) codeFailed(key string) error {
	if err := t.tx.RecordFailedCode(t.ctx, t.in.Channel, t.in.ChannelUserID, t.now); err != nil {
		return fmt.Errorf("record failed code: %w", err)
	}
	return t.onboardAgain(key)
}

// onboardAgain puts the guest back at the code question after lead. A
// known user is only told, and asked their own question again.
func (t *turn) onboardAgain(lead string) error {
	if t.user != nil {
		t.say(lead, nil)
		return t.reask()
	}
	t.s.Flow, t.s.Step, t.s.Draft = "onboard", "code", map[string]string{}
	t.s.Seq++
	t.replies = append(t.replies, Reply{Lead: lead, Key: "onboard.ask_code", Phone: true})
	return nil
}

// redeemPhone links the user through a phone number an admin registered.
func (t *turn) redeemPhone(phone string, own bool) error {
	if !own {
		return t.onboardAgain("onboard.not_own_phone")
	}
	normal, err := ParsePhone(phone)
	if err != nil {
		return t.onboardAgain("onboard.phone_unknown")
	}
	inv, err := t.tx.InviteByPhone(t.ctx, normal, t.now)
	if ErrorCode(err) == ENOTFOUND {
		return t.onboardAgain("onboard.phone_unknown")
	} else if err != nil {
		return fmt.Errorf("find invite by phone: %w", err)
	}
	return t.link(inv)
}

// link redeems the invite for this account and welcomes the user.
func (t *turn) link(inv Invite) error {
	u := User{Name: CleanText(t.in.Name), Lang: t.lang, Role: inv.Role, Scope: inv.Scope, Phone: inv.Phone}
	acct := Account{Channel: t.in.Channel, ChannelUserID: t.in.ChannelUserID}
	user, err := t.tx.RedeemInvite(t.ctx, inv.ID, u, acct, t.now)
	if ErrorCode(err) == ECONFLICT {
		return t.codeFailed("code.used")
	} else if err != nil {
		return fmt.Errorf("redeem invite: %w", err)
	}
	t.user = &user
	t.s = idle(t.s)
	return t.welcome()
}

// welcome greets a newly linked user with where they belong.
func (t *turn) welcome() error {
	t.menuCmds = t.chatMenu()
	if id := t.clubID(); id != 0 {
		club, err := t.tx.Club(t.ctx, id)
		if err != nil {
			return fmt.Errorf("load club: %w", err)
		}
		t.say("onboard.linked_leader", map[string]any{"club": club.Name})
		t.menu("menu.ask")
		return nil
	}
	t.say("onboard.linked_officer", map[string]any{"role": messages.Key("role." + string(t.user.Role))})
	return nil
}
