package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
)

// startReviewAsk opens the question dialogue about review v.
func (t *turn) startReviewAsk(v bot.FundReview) error {
	if busy, err := t.busy(); busy {
		return err
	}
	f := t.e.flows["reviewask"]
	t.s.Flow, t.s.Step, t.s.Back = f.Name, f.Steps[0].Name, nil
	t.s.Draft = map[string]string{"review": strconv.FormatInt(v.ID, 10), "club": v.ClubName}
	t.s.Seq++
	res := dialogue.Ask(f, t.s, f.Step(t.s.Step), dialogue.Env{Now: t.now, Lang: t.lang}, "review.ask_about",
		map[string]any{"club": v.ClubName, "date": messages.Date(v.Report.AsOf)})
	t.s = res.Session
	t.replies = append(t.replies, res.Replies...)
	return nil
}

// askReview records the confirmed question and sends it to the club's
// leader, unless the leader is in the middle of a dialogue: then it waits
// for the dialogue to end (deliverQuestions), as scheduled messages do.
func (t *turn) askReview(env dialogue.Env) error {
	id, _ := strconv.ParseInt(t.s.Draft["review"], 10, 64)
	question := dialogue.ReviewQuestion(t.s.Draft, t.lang)
	t.s = dialogue.Idle(t.s)
	v, ok, err := t.scopedReview(id)
	if err != nil || !ok {
		return err
	}
	if err := t.tx.AskReview(t.ctx, id, question, t.user.ID, t.now); err != nil {
		return fmt.Errorf("ask review: %w", err)
	}
	v.Question = question
	leaders, err := t.r.ClubLeaders(t.ctx, v.ClubID)
	if err != nil {
		return fmt.Errorf("load leaders: %w", err)
	}
	args := map[string]any{"club": v.ClubName}
	if len(leaders) == 0 {
		t.say("review.no_leader", args)
		return nil
	}
	busy, err := t.leadersBusy(leaders)
	if err != nil || busy {
		t.say("review.asked_later", args)
		return err
	}
	for _, r := range leaders {
		msg, err := t.questionTo(r, v)
		if err != nil {
			return err
		}
		t.files = append(t.files, msg)
	}
	t.say("review.asked", args)
	return t.tx.MarkReviewDelivered(t.ctx, id, t.now)
}

// leadersBusy reports whether a leader is in the middle of a dialogue on
// any of their chats.
func (t *turn) leadersBusy(leaders []bot.Recipient) (bool, error) {
	for _, r := range leaders {
		open, err := t.r.OpenDialogues(t.ctx, r.User.ID)
		if err != nil {
			return false, fmt.Errorf("open dialogues: %w", err)
		}
		if len(open) > 0 {
			return true, nil
		}
	}
	return false, nil
}

// questionTo is the question about review v for the leader's chat r, its
// buttons valid while the chat stays where it is now.
func (t *turn) questionTo(r bot.Recipient, v bot.FundReview) (bot.Outgoing, error) {
	seq := 0
	if s, err := t.r.Session(t.ctx, r.Channel, r.ChatID); err == nil {
		seq = s.Seq
	} else if bot.ErrorCode(err) != bot.ENOTFOUND {
		return bot.Outgoing{}, fmt.Errorf("leader's session: %w", err)
	}
	lang := messages.Normalize(r.User.Lang)
	reply := questionReply(v)
	return bot.Outgoing{Channel: r.Channel, ChatID: r.ChatID, Lang: lang,
		Text: messages.Render(lang, reply.Key, reply.Args), Buttons: layout(reply.Choices, lang, seq)}, nil
}

// questionReply is the question about review v with Right and Correct.
func questionReply(v bot.FundReview) dialogue.Reply {
	args := fundArgs(v.Report)
	args["club"], args["question"] = v.ClubName, v.Question
	return dialogue.Reply{Key: "recheck.question", Args: args, Choices: []dialogue.Choice{
		{Value: reviewButton("recheck_yes", v.ID), Key: "recheck.yes"},
		{Value: reviewButton("recheck_fix", v.ID), Key: "recheck.fix"},
	}}
}

// deliverQuestions gives an idle leader the questions that waited for
// their dialogue to end.
func (t *turn) deliverQuestions() error {
	clubID := t.clubID()
	if clubID == 0 || !t.s.Idle() {
		return nil
	}
	waiting, err := t.r.UndeliveredQuestions(t.ctx, clubID)
	if err != nil {
		return fmt.Errorf("load questions: %w", err)
	}
	for _, v := range waiting {
		t.replies = append(t.replies, questionReply(v))
		if err := t.tx.MarkReviewDelivered(t.ctx, v.ID, t.now); err != nil {
			return err
		}
	}
	return nil
}

// recheckAnswer handles a leader's Right or Correct.
func (t *turn) recheckAnswer(action string, id int64) error {
	clubID := t.clubID()
	if clubID == 0 {
		return t.refuse()
	}
	v, err := t.r.FundReview(t.ctx, id)
	if bot.ErrorCode(err) == bot.ENOTFOUND || err == nil && (v.ClubID != clubID || !v.Resolved.IsZero()) {
		t.say("recheck.gone", nil)
		return nil
	} else if err != nil {
		return fmt.Errorf("load review: %w", err)
	}
	if action == "recheck_fix" {
		return t.startReviewCorrection(v)
	}
	if _, err := t.tx.ResolveReview(t.ctx, id, bot.ResolvedConfirmed, t.user.ID, t.now); err != nil {
		return fmt.Errorf("confirm review: %w", err)
	}
	t.say("recheck.thanks", nil)
	return t.notifyUser(v.AskedBy, "review.answer_ok", map[string]any{"club": v.ClubName, "date": messages.Date(v.Report.AsOf)})
}

// startReviewCorrection opens the fund dialogue over the report's figures at
// "which answer to change?": the leader changes what is wrong and saves a
// new report, which resolves the review.
func (t *turn) startReviewCorrection(v bot.FundReview) error {
	f := t.e.flows["fund"]
	t.s.Flow, t.s.Step, t.s.Back = f.Name, dialogue.StepEdit, []string{dialogue.StepConfirm}
	t.s.Draft = map[string]string{
		"income": strconv.FormatInt(v.Report.IncomeFund, 10), "activity": strconv.FormatInt(v.Report.ActivityFund, 10),
		"loans": strconv.FormatInt(v.Report.LoansOutstanding, 10), "borrowers": strconv.Itoa(v.Report.MembersWithLoans),
		dialogue.FieldReview: strconv.FormatInt(v.ID, 10),
	}
	t.s.Seq++
	res := dialogue.Ask(f, t.s, f.Step(dialogue.StepEdit), dialogue.Env{Now: t.now, Lang: t.lang}, "recheck.fix_lead", nil)
	t.s = res.Session
	t.replies = append(t.replies, res.Replies...)
	return nil
}

// resolveCorrection resolves the review a corrected report answers and
// tells the officer who asked.
func (t *turn) resolveCorrection(r bot.FundReport) error {
	id, _ := strconv.ParseInt(t.s.Draft[dialogue.FieldReview], 10, 64)
	if id == 0 {
		return nil
	}
	v, err := t.r.FundReview(t.ctx, id)
	if err != nil || v.ClubID != r.ClubID {
		return err
	}
	done, err := t.tx.ResolveReview(t.ctx, id, bot.ResolvedCorrected, t.user.ID, t.now)
	if err != nil || !done {
		return err
	}
	args := fundArgs(r)
	args["club"] = v.ClubName
	return t.notifyUser(v.AskedBy, "review.answer_fixed", args)
}

// reviewCorrectionEnv compares a correction with the report before the one under
// review, not with the report it corrects.
func (t *turn) reviewCorrectionEnv(env *dialogue.Env) error {
	id, _ := strconv.ParseInt(t.s.Draft[dialogue.FieldReview], 10, 64)
	if id == 0 {
		return nil
	}
	v, err := t.r.FundReview(t.ctx, id)
	if err != nil {
		return fmt.Errorf("load review: %w", err)
	}
	env.LastFund = v.Previous
	return nil
}

// flagFund puts a saved report under review when it trips a check, and
// resolves the review a correction answers.
func (t *turn) flagFund(r bot.FundReport, env dialogue.Env) error {
	if err := t.resolveCorrection(r); err != nil {
		return fmt.Errorf("resolve review: %w", err)
	}
	if env.LastFund != nil && env.LastFund.ID == r.ID { // a report stored before: reviewed then
		return nil
	}
	flags := bot.FundChecks(r, env.LastFund)
	if len(flags) == 0 {
		return nil
	}
	v := bot.FundReview{ReportID: r.ID, ClubID: r.ClubID, Flags: flags, Previous: env.LastFund}
	if err := t.tx.AddFundReview(t.ctx, &v, t.now); err != nil {
		return fmt.Errorf("add fund review: %w", err)
	}
	return nil
}

// typedRecheck reads a leader's typed answer to an officer's question, as
// channels without buttons (Zalo) need: "đúng" or "sửa", or the choice's
// number while the question is still the last thing the chat was sent
// (the chat has not been written to since it was delivered); otherwise a
// number is the menu's.
func (t *turn) typedRecheck() (bool, error) {
	clubID := t.clubID()
	if clubID == 0 || t.in.Kind != bot.InputText {
		return false, nil
	}
	asked, err := t.r.DeliveredQuestions(t.ctx, clubID)
	if err != nil || len(asked) == 0 {
		return false, err
	}
	v := asked[0]
	choices := questionReply(v).Choices
	value, ok := "", false
	if !t.s.Updated.After(v.Delivered) {
		value, ok = dialogue.Choose(choices, t.in.Text, false, t.lang)
	} else {
		for _, c := range choices {
			if bot.Fold(c.LabelIn(t.lang)) == bot.Fold(t.in.Text) {
				value, ok = c.Value, true
			}
		}
	}
	if !ok {
		return false, nil
	}
	action, _, _ := strings.Cut(strings.TrimPrefix(value, "menu."), ".")
	return true, t.recheckAnswer(action, v.ID)
}
