package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
)

// reviewPage is how many reports /review shows at once, each a message
// with its buttons.
const reviewPage = 10

// reviewCommand answers /review: the fund reports in the officer's scope
// that tripped a check and await an officer, each with Approve and Ask
// again.
func (t *turn) reviewCommand(string) error {
	if busy, err := t.busy(); busy { // its buttons would answer the dialogue's question
		return err
	}
	reviews, err := t.r.OpenReviews(t.ctx, bot.OfficerScope(t.user))
	if err != nil {
		return fmt.Errorf("load reviews: %w", err)
	}
	if len(reviews) == 0 {
		t.say("review.empty", nil)
		return t.reask()
	}
	t.say("review.header", map[string]any{"n": len(reviews)})
	for i, v := range reviews {
		if i == reviewPage {
			t.say("review.more", map[string]any{"n": len(reviews) - i})
			break
		}
		t.replies = append(t.replies, dialogue.Reply{Key: "review.item", Args: t.reviewArgs(v), Choices: []dialogue.Choice{
			{Value: reviewButton("review_ok", v.ID), Key: "review.button_approve"},
			{Value: reviewButton("review_ask", v.ID), Key: "review.button_ask"},
		}})
	}
	return t.reask()
}

// reviewArgs are a review's figures, before and now, and what it tripped.
func (t *turn) reviewArgs(v bot.FundReview) map[string]any {
	args := fundArgs(v.Report)
	args["club"] = v.ClubName
	none := messages.Key("review.none_before")
	for _, k := range []string{"income", "activity", "loans", "borrowers"} {
		args[k+"_before"] = none
	}
	if v.Previous != nil {
		for k, a := range fundArgs(*v.Previous) {
			args[k+"_before"] = a
		}
	}
	flags := make([]string, len(v.Flags))
	for i, f := range v.Flags {
		flags[i] = "• " + messages.Render(t.lang, "review.flag."+f, nil)
	}
	args["flags"] = messages.HTML(strings.Join(flags, "\n"))
	if v.Question != "" {
		args["asked"] = messages.HTML(messages.Render(t.lang, "review.item_asked",
			map[string]any{"when": messages.DateTime(v.Asked.In(bot.Vietnam())), "question": v.Question}))
	}
	return args
}

// fundArgs are a report's figures as a message shows them.
func fundArgs(r bot.FundReport) map[string]any {
	return map[string]any{"date": messages.Date(r.AsOf), "income": messages.Money(r.IncomeFund),
		"activity": messages.Money(r.ActivityFund), "loans": messages.Money(r.LoansOutstanding),
		"borrowers": r.MembersWithLoans}
}

// reviewButtonCommand answers the buttons about a review: an officer's
// Approve and Ask again, a leader's Right and Correct. Typed, they are no
// command.
func (t *turn) reviewButtonCommand(name string) error {
	action, idText, _ := strings.Cut(name, ".")
	id, err := strconv.ParseInt(idText, 10, 64)
	if t.in.Kind != bot.InputButton || err != nil {
		t.say("command.unknown", map[string]any{"help": messages.Key(t.helpKey())})
		return t.reask()
	}
	switch action {
	case "review_ok", "review_ask":
		if !bot.IsOfficer(t.user) {
			return t.notOfficer()
		}
		v, ok, err := t.scopedReview(id)
		if err != nil || !ok {
			return err
		}
		if action == "review_ok" {
			return t.approveReview(v)
		}
		return t.startReviewAsk(v)
	}
	return t.recheckAnswer(action, id)
}

// scopedReview returns the open review id if it is in the officer's
// scope, else says it is gone.
func (t *turn) scopedReview(id int64) (bot.FundReview, bool, error) {
	reviews, err := t.r.OpenReviews(t.ctx, bot.OfficerScope(t.user))
	if err != nil {
		return bot.FundReview{}, false, fmt.Errorf("load reviews: %w", err)
	}
	for _, v := range reviews {
		if v.ID == id {
			return v, true, nil
		}
	}
	t.say("review.gone", nil)
	return bot.FundReview{}, false, nil
}

// approveReview resolves a review as approved by the officer.
func (t *turn) approveReview(v bot.FundReview) error {
	if _, err := t.tx.ResolveReview(t.ctx, v.ID, bot.ResolvedApproved, t.user.ID, t.now); err != nil {
		return fmt.Errorf("approve review: %w", err)
	}
	t.say("review.approved", map[string]any{"club": v.ClubName, "date": messages.Date(v.Report.AsOf)})
	return nil
}

// notifyUser sends a sentence to every chat account of user id, after the
// replies: an officer told of a leader's answer.
func (t *turn) notifyUser(id int64, key string, args map[string]any) error {
	accounts, err := t.r.UserAccounts(t.ctx, id)
	if err != nil {
		return fmt.Errorf("load accounts: %w", err)
	}
	for _, r := range accounts {
		lang := messages.Normalize(r.User.Lang)
		t.files = append(t.files, bot.Outgoing{Channel: r.Channel, ChatID: r.ChatID, Lang: lang,
			Text: messages.Render(lang, key, args)})
	}
	return nil
}

// reviewButton is the value of a /review or leader's button about review id.
func reviewButton(action string, id int64) string {
	return "menu." + action + "." + strconv.FormatInt(id, 10)
}
