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
// contain, and what the bot must show when it asks the question after it
// again, after a restart (the reply itself may be lost in a kill).
type killStep struct {
	crashStep
	reask []string // what the question after the answer holds, asked again
	idle  bool     // the answer ends the dialogue: asked again, it is the menu
}

// owedReply is the reply an input sent to the bot is owed, and the
// question the leader is at once it comes.
type owedReply struct {
	input string
	step  int // the leader's step it was sent in
	want  []string
	reask []string
	idle  bool
}

// matches reports whether m can be the reply owed.
func (r owedReply) matches(m telegramtest.SentMessage) bool {
	for _, w := range r.want {
		if !strings.Contains(m.Text, w) {
			return false
		}
	}
	return true
}

// asksAgain reports whether m is the restart notice followed by the
// question the reply owed leads to: with no dialogue open, exactly the
// menu.
func (r owedReply) asksAgain(m telegramtest.SentMessage, notice, menu string) bool {
	question, ok := strings.CutPrefix(m.Text, notice+"\n\n")
	if !ok {
		return false
	}
	if r.idle {
		return question == menu
	}
	for _, w := range r.reask {
		if !strings.Contains(question, w) {
			return false
		}
	}
	return true
}

// fundEntry is a fund report a leader saved.
type fundEntry struct{ income, activity, loans int64 }

// killLeader is a club leader chatting with the bot while it is killed at
// random moments. Replies come in the order of the inputs. A kill may
// catch a reply between the sender's claim and its mark, and the
// restarted bot does not send it again (it may have gone out); instead it
// sends the restart notice followed by the question the leader is at. The
// leader never writes to ask for it: a reply that never comes, nor its
// question after a notice, fails the test.
type killLeader struct {
	srv      *telegramtest.Server
	chat     int64
	user     telegramtest.User
	club     int64
	rng      *rand.Rand
	notice   string        // the notice after a restart, which the question follows
	menu     string        // the question with no dialogue open
	slowDown string        // the notice to a chat that sends faster than a person types
	wait     time.Duration // how long a leader waits for a reply before giving up
	heard    *atomic.Int64 // messages received by all the leaders, the killer's measure of progress

	seen      int           // messages received
	owed      []owedReply   // inputs whose reply has not come, oldest first
	last      owedReply     // the latest input answered: the leader is at its question
	step      int           // steps taken, the one in progress included
	done      bool          // the step in progress has its question
	inputs    int           // inputs sent
	recovered int           // replies lost in a kill, made good by the notice and the question
	repeated  int           // questions asked again after the notice though their reply had come
	slowed    int           // flood notices: the bot reads this chat's messages in turn, later
	lost      int           // inputs whose reply never came, nor the question after a notice
	members   []crashMember // members saved (Lưu pressed), in order
	funds     []fundEntry   // fund reports saved
	dialogues int           // dialogues finished
	trail     []string      // the latest inputs and replies, for a failure report
}

// newKillLeader is the leader of club in chat, with a random script from
// seed, who has joined and is at the menu.
func newKillLeader(srv *telegramtest.Server, chat, club int64, seed uint64, wait time.Duration, heard *atomic.Int64) *killLeader {
	return &killLeader{srv: srv, chat: chat, club: club, rng: rand.New(rand.NewPCG(seed, uint64(chat))),
		user:   telegramtest.User{ID: chat, FirstName: "Lan", LanguageCode: "vi"},
		notice: messages.Plain(messages.VI, "restart.notice"), menu: messages.Plain(messages.VI, "menu.next"),
		slowDown: messages.Plain(messages.VI, "flood.slow_down"),
		wait:     wait, heard: heard, last: owedReply{input: "/start", idle: true}}
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

// take sends s and waits until the question after it is shown: its reply,
// or after a restart the notice followed by the question.
func (k *killLeader) take(ctx context.Context, s killStep) error {
	k.step++
	k.done = false
	if err := k.send(s.crashStep); err != nil {
		return err
	}
	k.owed = append(k.owed, owedReply{input: s.String(), step: k.step, want: s.want, reask: s.reask, idle: s.idle})
	wait, cancel := context.WithTimeout(ctx, k.wait)
	defer cancel()
	for !k.done {
		msgs, err := k.srv.WaitSentAfter(wait, k.chat, k.seen)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			return fmt.Errorf("left without its question: no reply, nor the question after a restart notice, in %v", k.wait)
		}
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

// receive takes message m as the reply to the oldest input it can answer
// (the replies owed to the inputs before that one were lost), or, after
// the restart notice, as the question such a reply leads to or the
// question the leader is at, asked again.
func (k *killLeader) receive(m telegramtest.SentMessage) error {
	k.seen++
	k.heard.Add(1)
	k.note(fmt.Sprintf("< %d: %q", k.seen-1, m.Text))
	if m.Text == k.slowDown { // answers no input: the inputs wait their turn
		k.slowed++
		return nil
	}
	restarted := strings.HasPrefix(m.Text, k.notice)
	i := slices.IndexFunc(k.owed, func(r owedReply) bool {
		if restarted {
			return r.asksAgain(m, k.notice, k.menu)
		}
		return r.matches(m)
	})
	switch {
	case i < 0 && restarted && k.last.asksAgain(m, k.notice, k.menu):
		k.repeated++ // its reply came as the bot was killed, or just before
		return nil
	case i < 0:
		var owed []string
		for _, r := range k.owed {
			owed = append(owed, fmt.Sprintf("%s: %q", r.input, r.want))
		}
		return fmt.Errorf("message %d answers no input waiting for a reply, nor asks again the question the leader is at "+
			"(%s: %q): %q\nwaiting: %s", k.seen-1, k.last.input, k.last.reask, m.Text, strings.Join(owed, ", "))
	case restarted:
		k.recovered++
	}
	k.lost += i
	if k.owed[i].step == k.step {
		k.done = true
	}
	k.last = k.owed[i]
	k.owed = k.owed[i+1:]
	return nil
}

// finish takes the messages that came after the leader's last step, once
// the bot has settled: the replies still owed then were lost. The last
// message must show the question the leader is at.
func (k *killLeader) finish() error {
	sent := k.srv.Sent(k.chat)
	for _, m := range sent[k.seen:] {
		if err := k.receive(m); err != nil {
			return fmt.Errorf("chat %d after the last step: %w", k.chat, err)
		}
	}
	k.lost += len(k.owed)
	k.owed = nil
	if n := len(sent); n > 0 && !k.last.matches(sent[n-1]) && !k.last.asksAgain(sent[n-1], k.notice, k.menu) {
		return fmt.Errorf("chat %d: the last message, %q, is not the question after %s", k.chat, sent[n-1].Text, k.last.input)
	}
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
