package digest

import (
	"context"
	"fmt"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// ReminderComposer writes the monthly reminder to a leader whose club is
// late with its fund report (bot.FundReportLate: on and after ReminderDay,
// none since the month began), with a button that starts the report, and
// a second that starts the activity report when the month's is missing.
type ReminderComposer struct {
	Store bot.Store
	// ReminderDay is the day of the month the reminder goes out; zero
	// counts from the first.
	ReminderDay int
}

// Compose returns the reminder, or nothing when the club's fund report is
// not late.
func (c ReminderComposer) Compose(ctx context.Context, r bot.Recipient, asOf time.Time) ([]bot.Outgoing, error) {
	if r.User.Role != bot.RoleLeader || r.User.Scope.ClubID == nil {
		return nil, nil
	}
	var reported, activityDue bool
	var club bot.Club
	err := c.Store.InTx(ctx, func(tx bot.Writer) error {
		var err error
		if club, err = tx.Club(ctx, *r.User.Scope.ClubID); err != nil {
			return err
		}
		month := bot.ActivityMonth(asOf, c.ReminderDay)
		acts, err := tx.ActivityReports(ctx, club.ID, month)
		if err != nil {
			return err
		}
		activityDue = len(acts) == 0 || !acts[0].Month.Equal(month)
		last, err := tx.LastFundReport(ctx, club.ID)
		if bot.ErrorCode(err) == bot.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		_, late := bot.FundReportLate(last.AsOf, asOf, c.ReminderDay)
		reported = !late
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check fund reports: %w", err)
	}
	if reported || club.Status == bot.ClubDissolved {
		return nil, nil
	}
	return []bot.Outgoing{c.message(ctx, r, club, asOf, activityDue)}, nil
}

// message is the reminder itself; its button is valid while the leader's
// dialogue stays where it is now. activityDue adds the button of the
// activity report.
func (c ReminderComposer) message(ctx context.Context, r bot.Recipient, club bot.Club, asOf time.Time, activityDue bool) bot.Outgoing {
	seq := 0
	if s, err := c.Store.Session(ctx, r.Channel, r.ChatID); err == nil {
		seq = s.Seq
	}
	lang := messages.Normalize(r.User.Lang)
	text := messages.Render(lang, "reminder.fund", messages.Args{"club": club.Name, "month": int(asOf.In(bot.Vietnam()).Month())})
	buttons := [][]bot.Button{{{Label: messages.Plain(lang, "menu.fund"), Data: bot.EncodeButton(seq, "menu.fund")}}}
	if activityDue {
		text += "\n" + messages.Render(lang, "reminder.activity", messages.Args{"month": int(asOf.In(bot.Vietnam()).Month())})
		buttons = append(buttons, []bot.Button{{Label: messages.Plain(lang, "reminder.activity_button"), Data: bot.EncodeButton(seq, "menu.activity")}})
	}
	return bot.Outgoing{Channel: r.Channel, ChatID: r.ChatID, Text: text, Lang: lang, Buttons: buttons}
}
