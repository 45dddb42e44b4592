package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/store"
)

// inviteFlags are the flags of `clubbot invite` that say whom it invites.
type inviteFlags struct {
	role, club, area, phone string
	province                bool
	days                    int
}

// inviteCommand prints a single-use invite code and its Telegram deep link.
func inviteCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var cfg config
	fs := newFlagSet("invite", "Creates a single-use invite code and prints it with its deep link\n"+
		"https://t.me/<bot>?start=<code>. The person opens the link, or types the code to the bot.\n"+
		"  --role leader --club NAME            a club's leader\n"+
		"  --role officer --area NAME           an officer of a district- or commune-level unit\n"+
		"  --role officer --province            a provincial officer\n"+
		"  --role admin                         an admin", stderr)
	env := newEnvReader(getenv)
	cfg.register(fs, env, "clubbot.db")
	var f inviteFlags
	fs.StringVar(&f.role, "role", "leader", "role of the invitee: leader, officer or admin")
	fs.StringVar(&f.club, "club", "", "leader: name of the club (part of it is enough, diacritics optional)")
	fs.StringVar(&f.area, "area", "", "officer: name of the unit followed, e.g. \"Móng Cái\" or \"đặc khu Cô Tô\"")
	fs.BoolVar(&f.province, "province", false, "officer: follows the whole province")
	fs.StringVar(&f.phone, "phone", "", "the invitee's phone number: sharing it with the bot redeems the invite too")
	fs.IntVar(&f.days, "days", 0, "days before the code expires (default: --invite-ttl, 7 days)")
	if err := env.err(); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := f.check(); err != nil {
		fs.Usage()
		return err
	}
	db, err := cfg.openStore(ctx, nil, clock)
	if err != nil {
		return err
	}
	defer db.Close()
	scope, target, err := f.scope(ctx, db)
	if err != nil {
		return err
	}
	valid := cfg.InviteTTL
	if f.days > 0 {
		valid = time.Duration(f.days) * 24 * time.Hour
	}
	code, inv, err := createInvite(ctx, db, bot.Role(f.role), scope, f.phone, valid)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "role:    %s\nfor:     %s\ncode:    %s\nexpires: %s\nlink:    %s\n", f.role,
		target, code, inv.ExpiresAt.Format("02/01/2006 15:04"), deepLink(cfg.BotUsername, code))
	return nil
}

// check refuses flags that do not name one role and one scope.
func (f inviteFlags) check() error {
	switch {
	case f.role == string(bot.RoleLeader) && f.club != "" && f.area == "" && !f.province:
	case f.role == string(bot.RoleOfficer) && f.club == "" && (f.area != "") != f.province:
	case f.role == string(bot.RoleAdmin) && f.club == "" && f.area == "" && !f.province:
	default:
		return errors.New("invite needs --role leader --club NAME, --role officer --area NAME, " +
			"--role officer --province, or --role admin")
	}
	return nil
}

// scope finds the club or unit the flags name, and says it in words.
func (f inviteFlags) scope(ctx context.Context, db *store.DB) (bot.Scope, string, error) {
	switch {
	case f.club != "":
		club, err := findClub(ctx, db, f.club)
		return bot.Scope{Kind: bot.ScopeClub, ClubID: &club.ID}, club.Name, err
	case f.area != "":
		unit, err := unitNamed(ctx, db, f.area)
		return bot.Scope{Kind: bot.ScopeUnit, UnitID: &unit.ID}, unit.FullName(), err
	}
	return bot.Scope{Kind: bot.ScopeProvince}, "tỉnh " + store.ProvinceName, nil
}

// createInvite stores a single-use invite for role and scope and returns
// its code: only the code's hash is stored.
func createInvite(ctx context.Context, db *store.DB, role bot.Role, scope bot.Scope, phone string, valid time.Duration) (string, bot.Invite, error) {
	inv := bot.Invite{Role: role, Scope: scope, ExpiresAt: clock().Add(valid)}
	if phone != "" {
		normal, err := dialogue.ParsePhone(phone)
		if err != nil {
			return "", inv, fmt.Errorf("phone %q: %w", phone, err)
		}
		inv.Phone = normal
	}
	code, hash, err := bot.NewInviteCode()
	if err != nil {
		return "", inv, err
	}
	inv.CodeHash = hash
	if err := db.CreateInvite(ctx, &inv); err != nil {
		return "", inv, fmt.Errorf("create invite: %w", err)
	}
	return code, inv, nil
}

// findClub returns the one club whose name matches name.
func findClub(ctx context.Context, db *store.DB, name string) (bot.Club, error) {
	clubs, err := db.ClubsByName(ctx, name)
	if err != nil {
		return bot.Club{}, fmt.Errorf("find club: %w", err)
	}
	switch {
	case len(clubs) == 0:
		return bot.Club{}, fmt.Errorf("no club matches %q", name)
	case len(clubs) > 1 && bot.Fold(clubs[0].Name) != bot.Fold(name):
		var names []string
		for _, c := range clubs {
			names = append(names, c.Name)
		}
		return bot.Club{}, fmt.Errorf("%q matches several clubs: %s", name, strings.Join(names, "; "))
	}
	return clubs[0], nil
}

// unitNamed returns the district- or commune-level unit named name, with or
// without its type, ignoring case and diacritics: the former district when
// both levels have the name (write "đặc khu Cô Tô" for the commune-level
// one). When none has it, the error gives the closest names.
func unitNamed(ctx context.Context, db *store.DB, name string) (bot.Unit, error) {
	all, err := db.Units(ctx, 0)
	if err != nil {
		return bot.Unit{}, fmt.Errorf("find unit: %w", err)
	}
	var units []bot.Unit
	var names []string
	for _, u := range all {
		if u.Level != bot.LevelProvince {
			units, names = append(units, u), append(names, u.FullName())
		}
	}
	var found []bot.Unit
	for _, u := range units {
		if bot.Fold(name) == bot.Fold(u.Name) || bot.Fold(name) == bot.Fold(u.FullName()) {
			found = append(found, u)
		}
	}
	if len(found) == 0 {
		return bot.Unit{}, fmt.Errorf("no unit is called %q; closest: %s", name,
			strings.Join(engine.Suggest(name, names, 5), "; "))
	}
	return engine.PreferPlace(found, bot.Scope{Kind: bot.ScopeProvince}), nil
}

// deepLink is the link that opens the bot with the code as /start payload.
func deepLink(username, code string) string {
	if username == "" {
		username = "<bot_username>"
	}
	return dialogue.DeepLink(username, code)
}
