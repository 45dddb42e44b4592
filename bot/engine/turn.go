package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
)

// turn is the handling of one inbound event: inside a transaction, or
// for an officer's question (isQuery) outside any.
type turn struct {
	e   *Engine
	ctx context.Context
	// r reads: the transaction, or for a question the store's Reader.
	r bot.Reader
	// tx writes in the transaction; a question has none (nil), and
	// answers with reads alone.
	tx      bot.Writer
	in      bot.Inbound
	now     time.Time
	s       bot.Session
	user    *bot.User // nil until the account is linked
	lang    string
	replies []dialogue.Reply
	// menuCmds, when set, becomes the chat's command menu with the first
	// reply (when someone joins, as their role's commands).
	menuCmds []bot.MenuCommand
	files    []bot.Outgoing // sent after the replies (a digest's chart, a spreadsheet)
	preview  []bot.Outgoing // sent before the replies (an announcement as its recipients see it)
}

// language is the user's language, else the one chosen in this chat.
func (t *turn) language() string {
	if t.user != nil && t.user.Lang != "" {
		return messages.Normalize(t.user.Lang)
	}
	return messages.Normalize(t.s.Lang)
}

// say adds a reply.
func (t *turn) say(key string, args map[string]any) {
	t.replies = append(t.replies, dialogue.Reply{Key: key, Args: args})
}

// run handles the event, then offers a leader who is not in a dialogue
// the menu's buttons, so that the next step is always a press away.
func (t *turn) run() error {
	if err := t.route(); err != nil {
		return err
	}
	if err := t.deliverQuestions(); err != nil {
		return err
	}
	if t.s.Idle() && t.clubID() != 0 {
		if n := len(t.replies); n == 0 || len(t.replies[n-1].Choices) == 0 && !t.replies[n-1].Phone {
			t.menu("menu.next")
		}
	}
	return nil
}

// route sends the event where it belongs: flow commands and answers to the
// flow's step function, everything else to the engine's commands.
func (t *turn) route() error {
	t.expire()
	inFlow := !t.s.Idle()
	switch {
	case t.in.Kind == bot.InputCommand && (!inFlow || (t.in.Command != "back" && t.in.Command != "cancel")):
		return t.command(t.in.Command, t.in.Text)
	case inFlow:
		return t.advance(t.in)
	case t.in.Kind == bot.InputButton:
		return t.idleButton()
	case t.user == nil:
		return t.guest()
	}
	if answered, err := t.typedRecheck(); answered || err != nil {
		return err
	}
	// A leader may type a menu choice ("1", "bao cao quy") instead of
	// pressing it.
	if value, ok := dialogue.MenuChoice(t.in.Text, t.lang); ok && t.clubID() != 0 {
		return t.command(strings.TrimPrefix(value, "menu."), "")
	}
	if IsQuestion(t.in.Text) && !bot.IsOfficer(t.user) && t.clubID() != 0 {
		// A leader's question about figures is answered with what they may
		// see, their own club, rather than refused.
		t.say("leader.own_club_note", nil)
		return t.status()
	}
	if bot.IsOfficer(t.user) || IsQuestion(t.in.Text) {
		return t.officerCommand((*turn).question, t.in.Text)
	}
	t.menu("menu.ask")
	return nil
}

// expire ends a dialogue left idle for longer than the session TTL.
func (t *turn) expire() {
	if t.s.Idle() || t.now.Sub(t.s.Updated) < t.e.cfg.SessionTTL {
		return
	}
	t.s = dialogue.Idle(t.s)
	t.say("session.expired", nil)
}

// flowEnv loads what flow f's steps may look at.
func (t *turn) flowEnv(f *dialogue.Flow) (dialogue.Env, error) {
	env := dialogue.Env{Now: t.now, Lang: t.lang, OlderAge: t.e.cfg.OlderAge}
	if bot.IsOfficer(t.user) {
		return env, t.officerEnv(f, &env)
	}
	clubID := t.clubID()
	if clubID != 0 && loadsCorrectionEnv(f, t.s.Step) {
		return t.correctionEnv(f, env, clubID)
	}
	if clubID != 0 && f.Name == "activity" {
		return t.activityEnv(env, clubID)
	}
	if clubID == 0 || (f.Name != "leave" && f.Name != "fund") {
		return env, nil
	}
	members, err := t.r.ActiveMembers(t.ctx, clubID)
	if err != nil {
		return env, fmt.Errorf("load members: %w", err)
	}
	env.Members = members
	if f.Name == "fund" {
		last, err := t.r.LastFundReport(t.ctx, clubID)
		if err == nil {
			env.LastFund = &last
		} else if bot.ErrorCode(err) != bot.ENOTFOUND {
			return env, fmt.Errorf("load last fund report: %w", err)
		}
		return env, t.reviewCorrectionEnv(&env)
	}
	return env, nil
}

// advance hands an input to the current flow's step function.
func (t *turn) advance(in bot.Inbound) error {
	f := t.e.flows[t.s.Flow]
	if f == nil {
		t.s = dialogue.Idle(t.s)
		t.menu("menu.ask")
		return nil
	}
	env, err := t.flowEnv(f)
	if err != nil {
		return err
	}
	res := dialogue.Advance(f, t.s, in, env)
	t.s = res.Session
	t.replies = append(t.replies, res.Replies...)
	if res.Action == dialogue.ActionNone {
		return t.previewAnnouncement()
	}
	return t.act(f, res.Action, env)
}

// reask repeats the current question after what was said so far.
func (t *turn) reask() error {
	if t.s.Idle() {
		return nil
	}
	return t.advance(bot.Inbound{Kind: bot.InputCommand, Command: "repeat"})
}

// busy tells a user in the middle of a dialogue that they are, and asks
// its question again, reporting true; a new dialogue or a list with
// buttons must not start over it.
func (t *turn) busy() (bool, error) {
	if t.s.Idle() {
		return false, nil
	}
	t.say("flow.busy", nil)
	return true, t.reask()
}

// start begins flow name for a leader.
func (t *turn) start(name string) error {
	if busy, err := t.busy(); busy {
		return err
	}
	if t.clubID() == 0 {
		return t.refuse()
	}
	f := t.e.flows[name]
	env, err := t.flowEnv(f)
	if err != nil {
		return err
	}
	if name == "leave" && len(env.Members) == 0 {
		t.say("leave.no_members", nil)
		return nil
	}
	if err := t.noteOpenDialogues(); err != nil {
		return err
	}
	res := dialogue.Enter(f, t.s, f.Steps[0].Name, nil)
	t.s = res.Session
	t.replies = append(t.replies, res.Replies...)
	return nil
}

// clubID is the club a leader speaks for, 0 for anyone else.
func (t *turn) clubID() int64 {
	if t.user == nil || t.user.Role != bot.RoleLeader || t.user.Scope.ClubID == nil {
		return 0
	}
	return *t.user.Scope.ClubID
}

// refuse answers a command the user may not use.
func (t *turn) refuse() error {
	if t.user == nil {
		return t.guest()
	}
	t.say("forbidden.leader_only", nil)
	return nil
}

// menu offers a leader's main choices, or the guest's way in.
func (t *turn) menu(key string) {
	if t.user == nil {
		t.replies = append(t.replies, dialogue.Reply{Key: "onboard.ask_code", Phone: true})
		return
	}
	if t.clubID() == 0 {
		t.say(t.helpKey(), nil)
		return
	}
	t.replies = append(t.replies, dialogue.Reply{Key: key, Choices: dialogue.MenuChoices()})
}

// idleButton handles a button press when no dialogue is open: the menu's.
func (t *turn) idleButton() error {
	seq, value, ok := bot.DecodeButton(t.in.Data)
	if !ok || seq != t.s.Seq || !strings.HasPrefix(value, "menu.") {
		t.say("step.stale", nil)
		t.menu("menu.ask")
		return nil
	}
	return t.command(strings.TrimPrefix(value, "menu."), "")
}

// render turns the replies into messages in the user's language. A reply
// without buttons is joined to the next one, so a note and the question
// that follows arrive as one message.
func (t *turn) render() []bot.Outgoing {
	var out []bot.Outgoing
	var pending []string
	for _, r := range t.replies {
		text := ""
		if r.Lead != "" {
			text = messages.Render(t.lang, t.wording(r.Lead), r.LeadArgs)
		}
		if r.Key != "" {
			text = joinText(text, messages.Render(t.lang, t.wording(r.Key), r.Args))
		}
		pending = append(pending, text)
		if len(r.Choices) == 0 && !r.Phone {
			continue
		}
		out = append(out, t.message(strings.Join(pending, "\n\n"), r))
		pending = nil
	}
	if len(pending) > 0 {
		out = append(out, t.message(strings.Join(pending, "\n\n"), dialogue.Reply{}))
	}
	if len(t.menuCmds) > 0 && len(out) > 0 {
		out[0].Menu = t.menuCmds
	}
	return append(append(t.preview, out...), t.files...)
}

// wording is key, or on a channel without buttons its ".typed" variant
// when the catalog has one: "press the button" would puzzle a Zalo user.
func (t *turn) wording(key string) string {
	if t.in.Typed && messages.Has(t.lang, key+".typed") {
		return key + ".typed"
	}
	return key
}

// message builds one outgoing message with r's buttons.
func (t *turn) message(text string, r dialogue.Reply) bot.Outgoing {
	o := bot.Outgoing{Channel: t.in.Channel, ChatID: t.in.ChatID, Text: text, Lang: t.lang}
	if r.Phone {
		o.RequestPhone = true
		o.PhoneLabel = messages.Plain(t.lang, "button.share_phone")
	}
	o.Buttons = layout(r.Choices, t.lang, t.s.Seq)
	return o
}

// layout puts short labels side by side and long ones a row each.
func layout(choices []dialogue.Choice, lang string, seq int) [][]bot.Button {
	if len(choices) == 0 {
		return nil
	}
	short := len(choices) <= 3
	for _, c := range choices {
		if len([]rune(c.LabelIn(lang))) > 12 {
			short = false
		}
	}
	var rows [][]bot.Button
	for _, c := range choices {
		b := bot.Button{Label: c.LabelIn(lang), Data: bot.EncodeButton(seq, c.Value)}
		if short && len(rows) == 1 {
			rows[0] = append(rows[0], b)
		} else {
			rows = append(rows, []bot.Button{b})
		}
	}
	return rows
}

func joinText(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n\n" + b
}
