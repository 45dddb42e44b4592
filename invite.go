package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/store"
)

// inviteCommand prints a single-use invite code and its Telegram deep link.
func inviteCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var cfg config
	fs := newFlagSet("invite", "Creates a single-use invite code for a club leader and prints it with its deep link\n"+
		"https://t.me/<bot>?start=<code>. The person opens the link, or types the code to the bot.", stderr)
	cfg.register(fs, getenv, "clubbot.db")
	role := fs.String("role", "leader", "role of the invitee: leader")
	club := fs.String("club", "", "name of the club (part of it is enough, diacritics optional)")
	phone := fs.String("phone", "", "the invitee's phone number: sharing it with the bot redeems the invite too")
	days := fs.Int("days", 7, "days before the code expires")
	username := fs.String("bot", envOr(getenv, "TELEGRAM_BOT_USERNAME", ""), "the bot's username, for the deep link (env TELEGRAM_BOT_USERNAME)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *role != string(bot.RoleLeader) || *club == "" {
		fs.Usage()
		return fmt.Errorf("invite needs --role leader and --club NAME (officer invites come with the officers' features)")
	}
	db, err := cfg.openStore(ctx, nil, clock)
	if err != nil {
		return err
	}
	defer db.Close()
	target, err := findClub(ctx, db, *club)
	if err != nil {
		return err
	}
	code, inv, err := createLeaderInvite(ctx, db, target, *phone, time.Duration(*days)*24*time.Hour)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "club:    %s\ncode:    %s\nexpires: %s\nlink:    %s\n",
		target.Name, code, inv.ExpiresAt.Format("02/01/2006 15:04"), deepLink(*username, code))
	return nil
}

// createLeaderInvite stores a single-use invite that makes its holder the
// club's leader, and returns its code: only the code's hash is stored.
func createLeaderInvite(ctx context.Context, db *store.DB, club bot.Club, phone string, valid time.Duration) (string, bot.Invite, error) {
	inv := bot.Invite{Role: bot.RoleLeader, Scope: bot.Scope{Kind: bot.ScopeClub, ClubID: &club.ID},
		ExpiresAt: clock().Add(valid)}
	if phone != "" {
		normal, err := bot.ParsePhone(phone)
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

// deepLink is the link that opens the bot with the code as /start payload.
func deepLink(username, code string) string {
	if username == "" {
		username = "<bot_username>"
	}
	return "https://t.me/" + strings.TrimPrefix(username, "@") + "?start=" + code
}
