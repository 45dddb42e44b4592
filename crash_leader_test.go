package main

// The club leaders of TestCrashManyDialogues: each enters members and fund
// reports, one dialogue after another, while the bot is killed under them,
// and checks every reply as a person reads it.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/messages"
)

// killStep is one answer of a scripted dialogue: what the reply to it must
// contain, and what the bot must show when asked to repeat the question
// after it (the reply itself may be lost in a kill).
type killStep struct {
	crashStep
	reask []string // what a nudge's reply holds after the help text
	idle  bool     // the answer ends the dialogue: a nudge gets the help text and the menu
}

// owedReply is the reply an input sent to the bot is owed.
type owedReply struct {
	input string
	step  int  // the leader's step it was sent in
	nudge bool // /help: the help text, then the question again
	idle  bool // /help with no dialogue open: the help text and the menu
	want  []string
}

// matches reports whether m can be the reply owed, help being the help
// text and idleHelp the whole reply to /help with no dialogue open.
func (r owedReply) matches(m telegramtest.SentMessage, help, idleHelp string) bool {
	if r.nudge != strings.HasPrefix(m.Text, help) {
		return false
	}
	if r.nudge && r.idle {
		return m.Text == idleHelp
	}
	for _, w := range r.want {
		if !strings.Contains(m.Text, w) {
			return false
		}
	}
	return true
}

// fundEntry is a fund report a leader saved.
type fundEntry struct{ income, activity, loans int64 }

// killLeader is a club leader chatting with the bot while it is killed at
// random moments. Replies come in the order of the inputs, but a kill may
// lose one (the sender does not send again what it may have sent), so
// when the reply to an answer does not come for a while the leader writes
// /help, which shows the question again, as a person would write again.
type killLeader struct {
	srv      *telegramtest.Server
	chat     int64
	user     telegramtest.User
	club     int64
	rng      *rand.Rand
	help     string        // the leader's help text, which starts a nudge's reply
	idleHelp string        // the reply to /help with no dialogue open: help text and menu
	slowDown string        // the notice to a chat that sends faster than a person types
	silence  time.Duration // how long without a reply before a nudge; doubled while nudges go unanswered
	heard    *atomic.Int64 // messages received by all the leaders, the killer's measure of progress

	seen      int         // messages received
	owed      []owedReply // inputs whose reply has not come, oldest first
	step      int         // steps taken, the one in progress included
	done      bool        // the step in progress has its question
	inputs    int         // inputs sent, nudges included
	nudges    int
	slowed    int           // flood notices: the bot reads this chat's messages in turn, later
	lost      int           // inputs whose reply never came: a later one did
	members   []crashMember // members saved (Lưu pressed), in order
	funds     []fundEntry   // fund reports saved
	dialogues int           // dialogues finished
	trail     []string      // the latest inputs and replies, for a failure report
}

// newKillLeader is the leader of club in chat, with a random script from seed.
func newKillLeader(srv *telegramtest.Server, chat, club int64, seed uint64, silence time.Duration, heard *atomic.Int64) *killLeader {
	return &killLeader{srv: srv, chat: chat, club: club, rng: rand.New(rand.NewPCG(seed, uint64(chat))),
		user: telegramtest.User{ID: chat, FirstName: "Lan", LanguageCode: "vi"}, help: messages.Plain(messages.VI, "help.leader"),
		idleHelp: messages.Plain(messages.VI, "help.leader") + "\n\n" + messages.Plain(messages.VI, "menu.next"),
		slowDown: messages.Plain(messages.VI, "flood.slow_down"),
		silence:  silence, heard: heard}
}

// run plays dialogues while more says so, and returns the first thing that
// went wrong.
func (k *killLeader) run(ctx context.Context, more func() bool) error {
	for ctx.Err() == nil && more() {
		var steps []killStep
		if k.rng.IntN(3) == 0 {
			steps = k.fundDialogue()
		} else {
			steps = k.memberDialogue(1 + k.rng.IntN(3))
		}
		for _, s := range steps {
			if err := k.take(ctx, s); err != nil {
				return fmt.Errorf("chat %d, dialogue %d, %v: %w\nlatest:\n%s", k.chat, k.dialogues+1, s, err,
					strings.Join(k.trail, "\n"))
			}
		}
		k.dialogues++
	}
	return nil
}

// take sends s and waits until the question after it is shown.
func (k *killLeader) take(ctx context.Context, s killStep) error {
	k.step++
	k.done = false
	if err := k.send(s.crashStep); err != nil {
		return err
	}
	k.owe(owedReply{input: s.String(), step: k.step, want: s.want})
	deadline := time.Now().Add(time.Minute)
	silence := k.silence
	for !k.done {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no reply in a minute, %d nudges in all", k.nudges)
		}
		wait, cancel := context.WithTimeout(ctx, silence)
		msgs, err := k.srv.WaitSentAfter(wait, k.chat, k.seen)
		cancel()
		if err != nil {
			if ctx.Err() == nil {
				k.nudge(s)
				silence = min(2*silence, 8*k.silence)
			}
			continue
		}
		silence = k.silence
		for _, m := range msgs {
			if err := k.receive(m); err != nil {
				return err
			}
		}
	}
	return nil
}

// send types or presses s.
func (k *killLeader) send(s crashStep) error {
	k.inputs++
	switch {
	case s.press:
		if _, err := k.srv.Press(k.chat, s.text); err != nil {
			return err
		}
	case strings.HasPrefix(s.text, "/"):
		k.srv.SendCommand(k.chat, k.user, strings.TrimPrefix(s.text, "/"), "")
	default:
		k.srv.SendText(k.chat, k.user, s.text)
	}
	k.note("> " + s.String())
	return nil
}

// nudge writes /help, whose reply shows the question s leads to.
func (k *killLeader) nudge(s killStep) {
	k.inputs++
	k.nudges++
	k.srv.SendCommand(k.chat, k.user, "help", "")
	k.note("> /help (nudge)")
	k.owe(owedReply{input: "/help", step: k.step, nudge: true, idle: s.idle, want: s.reask})
}

func (k *killLeader) owe(r owedReply) { k.owed = append(k.owed, r) }

// receive takes message m as the reply to the oldest input it can answer:
// the replies owed to the inputs before that one were lost.
func (k *killLeader) receive(m telegramtest.SentMessage) error {
	k.seen++
	k.heard.Add(1)
	k.note(fmt.Sprintf("< %d: %q", k.seen-1, m.Text))
	if m.Text == k.slowDown { // answers no input: the inputs wait their turn
		k.slowed++
		return nil
	}
	i := slices.IndexFunc(k.owed, func(r owedReply) bool { return r.matches(m, k.help, k.idleHelp) })
	if i < 0 {
		var owed []string
		for _, r := range k.owed {
			owed = append(owed, fmt.Sprintf("%s: %q", r.input, r.want))
		}
		return fmt.Errorf("message %d answers no input waiting for a reply (sent twice?): %q\nwaiting: %s",
			k.seen-1, m.Text, strings.Join(owed, ", "))
	}
	k.lost += i
	if k.owed[i].step == k.step {
		k.done = true
	}
	k.owed = k.owed[i+1:]
	return nil
}

// finish takes the messages that came after the leader's last step, once
// the bot has settled: the replies still owed then were lost.
func (k *killLeader) finish() error {
	sent := k.srv.Sent(k.chat)
	for _, m := range sent[k.seen:] {
		if err := k.receive(m); err != nil {
			return fmt.Errorf("chat %d after the last step: %w", k.chat, err)
		}
	}
	k.lost += len(k.owed)
	k.owed = nil
	return nil
}

// note keeps the latest inputs and replies.
func (k *killLeader) note(s string) {
	if len(k.trail) == 24 {
		k.trail = k.trail[1:]
	}
	k.trail = append(k.trail, s)
}

// killFamilies and killGivenNames make the members' names, unique in a
// club: names take no digits.
var (
	killFamilies   = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"}
	killGivenNames = []string{"An", "Bình", "Cường", "Dung", "Em", "Gấm", "Hải", "Huệ", "Khánh", "Lan", "Minh", "Nga",
		"Phúc", "Quyên", "Sơn", "Thu", "Tuấn", "Xuân"}
	killMiddles = []string{"Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh"}
)

// nextName is a name no member of the leader's club has.
func (k *killLeader) nextName() string {
	n := len(k.members)
	f, g := len(killFamilies), len(killGivenNames)
	return killFamilies[n%f] + " " + killMiddles[(n/f)%len(killMiddles)] + " " + killGivenNames[(n/f/len(killMiddles))%g]
}

// memberDialogue enters n members: /member, each member's answers ending
// with Lưu, Có between them and Không at the end.
func (k *killLeader) memberDialogue(n int) []killStep {
	var steps []killStep
	for i := range n {
		m := randomMember(k.rng, k.nextName())
		for _, s := range m.steps(k.rng, i == 0) {
			reask := slices.DeleteFunc(slices.Clone(s.want), func(w string) bool { return strings.HasPrefix(w, "Đã lưu") })
			steps = append(steps, killStep{crashStep: s, reask: reask})
		}
		k.members = append(k.members, m)
	}
	end := chooser{k.rng}.yesNo(false, "Xong ạ")
	return append(steps, killStep{crashStep: end, idle: true})
}

// fundDialogue reports the funds, with amounts that move little since the
// last report (a big move asks "are you sure?") and an income fund unique
// in the club.
func (k *killLeader) fundDialogue() []killStep {
	f := fundEntry{income: 20_000_000 + int64(len(k.funds)+1)*1000, activity: 2_000_000 + int64(k.rng.IntN(900))*1000,
		loans: 15_000_000 + int64(k.rng.IntN(3000))*1000}
	// Loans and borrowers agree (loans with no borrower asks "are you sure?").
	borrowers := 0
	if len(k.members) > 0 {
		borrowers = 1 + k.rng.IntN(len(k.members))
	} else {
		f.loans = 0
	}
	k.funds = append(k.funds, f)
	money := messages.FormatMoney
	summary := []string{"Quỹ tăng thu nhập: " + money(f.income), "Quỹ hoạt động: " + money(f.activity),
		"Dư nợ: " + money(f.loans), "Số thành viên đang vay: " + strconv.Itoa(borrowers)}
	c := chooser{k.rng}
	steps := []killStep{
		{crashStep: crashStep{text: "/fund", want: []string{"Quỹ tăng thu nhập"}}},
		{crashStep: crashStep{text: messages.FormatInt(f.income), want: []string{"Quỹ hoạt động"}}},
		{crashStep: crashStep{text: messages.FormatInt(f.activity), want: []string{"dư nợ"}}},
		{crashStep: crashStep{text: messages.FormatInt(f.loans), want: []string{"đang vay vốn"}}},
		{crashStep: crashStep{text: strconv.Itoa(borrowers), want: summary}},
		{crashStep: c.pick("Lưu", "Lưu", "Đã lưu báo cáo quỹ"), idle: true},
	}
	for i := range steps[:len(steps)-1] {
		steps[i].reask = steps[i].want
	}
	return steps
}
