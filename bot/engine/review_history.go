package engine

import (
	"html"
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// reviewHistory says what a change to a club's life cycle or a review of
// a fund report did, for /history; false for other changes.
func reviewHistory(lang string, c bot.Change) (string, bool) {
	args := map[string]any{"club": c.Club}
	switch c.Entity + "." + c.Action {
	case "club.rename":
		var before bot.Club
		decodeChange(c.Before, &before)
		args["old"] = before.Name
		return messages.Render(lang, "history.club_rename", args), true
	case "club.dissolve":
		return messages.Render(lang, "history.club_dissolve", args), true
	case "club.change_leader":
		var before struct{ Leaders []string }
		decodeChange(c.Before, &before)
		for i, n := range before.Leaders {
			before.Leaders[i] = html.EscapeString(n)
		}
		args["names"] = messages.HTML(strings.Join(before.Leaders, ", "))
		return messages.Render(lang, "history.club_change_leader", args), true
	case "fund_review." + bot.ResolvedApproved, "fund_review." + bot.ResolvedConfirmed, "fund_review." + bot.ResolvedCorrected:
		var v bot.FundReview
		decodeChange(c.After, &v)
		args["date"] = messages.Date(v.Report.AsOf)
		return messages.Render(lang, "history.review_"+c.Action, args), true
	}
	return "", false
}
