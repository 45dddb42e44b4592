package main

// Kills at random moments of many member dialogues, to find what chosen
// moments miss.

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/messages"
)

// crashMember is one member the randomized test enters.
type crashMember struct {
	name      string
	female    bool
	year      int
	household int // 1 poor, 2 near poor, 3 neither, as the buttons are ordered
	ethnic    bool
	volunteer bool
}

var crashNames = []string{
	"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
	"Vũ Thị Gấm", "Đặng Văn Hải", "Bùi Thị Huệ", "Đỗ Văn Khánh", "Hồ Thị Lan",
	"Ngô Văn Minh", "Dương Thị Nga", "Lý Văn Phúc", "Mai Thị Quyên", "Trịnh Văn Sơn",
	"Đinh Thị Thu", "Cao Văn Tuấn", "Lương Thị Xuân",
}

var (
	householdLabels = []string{"Hộ nghèo", "Hộ cận nghèo", "Không thuộc diện nào"}
	householdValues = []bot.Household{bot.HouseholdPoor, bot.HouseholdNearPoor, bot.HouseholdNeither}
)

// randomMember is a member named name with random answers.
func randomMember(rng *rand.Rand, name string) crashMember {
	return crashMember{name: name, female: rng.IntN(2) == 0, year: 1930 + rng.IntN(70),
		household: 1 + rng.IntN(3), ethnic: rng.IntN(2) == 0, volunteer: rng.IntN(2) == 0}
}

// storedAs reports whether the database holds m's answers in s.
func (m crashMember) storedAs(s bot.Member) bool {
	return (s.Gender == bot.Female) == m.female && s.BirthYear == m.year && s.Household == householdValues[m.household-1] &&
		s.EthnicMinority == m.ethnic && s.CareVolunteer == m.volunteer
}

// crashStep is one answer of a member dialogue: typed text or a button,
// and what the reply to it must contain.
type crashStep struct {
	text   string // typed, or the button's label when press
	press  bool
	want   []string
	remark string
}

// steps is the dialogue that enters m, starting with the command or the
// answer that opens the name question. The random choices between typing
// and pressing are made in the order of the dialogue, so that a seed
// replays the same run.
func (m crashMember) steps(rng *rand.Rand, first bool) []crashStep {
	c := chooser{rng}
	open := crashStep{text: "/member", want: []string{"Họ và tên"}}
	if !first {
		open = c.yesNo(true, "Họ và tên")
	}
	gender, genderLabel := "2", "Nam"
	if m.female {
		gender, genderLabel = "1", "Nữ"
	}
	household := householdLabels[m.household-1]
	return []crashStep{
		open,
		{text: m.name, want: []string{"Giới tính"}},
		c.pick(gender, genderLabel, "Năm sinh"),
		{text: strconv.Itoa(m.year), want: []string{"Hoàn cảnh"}},
		c.pick(strconv.Itoa(m.household), household, "dân tộc thiểu số"),
		c.yesNo(m.ethnic, "tình nguyện viên"),
		m.summaryStep(c, genderLabel, household),
		c.pick("Lưu", "Lưu", "Đã lưu thành viên "+m.name, "Bác có muốn thêm thành viên khác không?"),
	}
}

// summaryStep answers the last question, which the bot follows with the
// summary of m.
func (m crashMember) summaryStep(c chooser, genderLabel, household string) crashStep {
	s := c.yesNo(m.volunteer,
		"Họ tên: "+m.name, "Giới tính: "+genderLabel, "Năm sinh: "+strconv.Itoa(m.year),
		"Hoàn cảnh: "+household, "Dân tộc thiểu số: "+yesNoLabel(m.ethnic),
		"Tình nguyện viên: "+yesNoLabel(m.volunteer))
	s.remark = "summary"
	return s
}

// chooser chooses at random between typing an answer and pressing its
// button.
type chooser struct{ rng *rand.Rand }

// pick is the step that types typed or presses label, and whose reply must
// contain want.
func (c chooser) pick(typed, label string, want ...string) crashStep {
	if c.rng.IntN(2) == 0 {
		return crashStep{text: typed, want: want}
	}
	return crashStep{text: label, press: true, want: want}
}

// yesNo is the step that answers yes or no, typed or pressed.
func (c chooser) yesNo(yes bool, want ...string) crashStep {
	typed, label := "k", "Không"
	if yes {
		typed, label = "có", "Có"
	}
	return c.pick(typed, label, want...)
}

func yesNoLabel(yes bool) string {
	if yes {
		return "Có"
	}
	return "Không"
}

// send queues the step at the fake without waiting for the reply, and
// returns the update's id.
func (s crashStep) send(t *testing.T, u *tgUser) int {
	t.Helper()
	switch {
	case s.press:
		id, err := u.srv.Press(u.chat, s.text)
		if err != nil {
			t.Fatal(err)
		}
		return id
	case strings.HasPrefix(s.text, "/"):
		return u.srv.SendCommand(u.chat, u.user, strings.TrimPrefix(s.text, "/"), "")
	default:
		return u.srv.SendText(u.chat, u.user, s.text)
	}
}

func (s crashStep) String() string {
	if s.press {
		return "press " + strconv.Quote(s.text)
	}
	return "type " + strconv.Quote(s.text)
}

// TestCrashAtRandomMoments enters members one after another and kills the
// binary once per member, at a random moment (0-30 ms, half of them under
// 3 ms) after a random answer, typed or pressed. Every dialogue must go on where it was, with
// every answer, each member must be stored and confirmed once, and no
// reply may be sent twice or lost, except those a kill caught after their
// claim and before Telegram received them (lost: the sender sends at most
// once), which are reported: after them, the restart notice and the
// question must come. CLUBBOT_CRASH_SEED replays a run.
func TestCrashAtRandomMoments(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	const rounds = 15
	seed := crashSeed(t)
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))

	b, clubID, code := newCrashRig(t)
	u := newUser(t, b.srv, 701)
	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	b.settle()
	c := &crashRounds{t: t, rng: rng, b: b, u: u, replies: len(b.srv.Sent(u.chat))}
	for r := 0; r < rounds; r++ {
		c.enter(r, randomMember(rng, crashNames[r]))
	}
	b.settle()
	b.stop()
	t.Logf("crashes:\n%s", strings.Join(c.crashes, "\n"))

	ms := b.members(clubID)
	if len(ms) != rounds {
		t.Errorf("%d members stored, %d dialogues finished", len(ms), rounds)
	}
	c.checkSaved(ms)
	c.checkReplies()
	if len(b.window) > 0 {
		var s []string
		for _, h := range b.window {
			s = append(s, h.String())
		}
		t.Logf("%d of %d kills caught a reply between its claim and MarkSent; it was not sent again:\n%s",
			len(b.window), rounds, strings.Join(s, "\n"))
	}
}

// crashSeed returns the seed of the random choices, CLUBBOT_CRASH_SEED when
// set, and logs it so that a failed run can be replayed.
func crashSeed(t *testing.T) uint64 {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("CLUBBOT_CRASH_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("CLUBBOT_CRASH_SEED: %v", err)
		}
	}
	t.Logf("CLUBBOT_CRASH_SEED=%d", seed)
	return seed
}

// crashRounds is the state of TestCrashAtRandomMoments: what it has
// entered, expects and done, for the checks at the end.
type crashRounds struct {
	t       *testing.T
	rng     *rand.Rand
	b       *childBot
	u       *tgUser
	replies int           // replies expected so far
	lost    int           // replies a kill caught after their claim, before Telegram had them
	notices int           // restart notices, each with the question the user was at
	entered []crashMember // members whose dialogue finished
	crashes []string      // what was done at each crash, for the report
}

// enter runs the dialogue that enters m in round r, killing the binary
// once at a random moment after a random answer, and checks every reply.
func (c *crashRounds) enter(r int, m crashMember) {
	c.t.Helper()
	round := fmt.Sprintf("round %d (%s)", r, m.name)
	steps := m.steps(c.rng, r == 0)
	crashAt, delay := randomKill(c.rng, len(steps))
	for i, s := range steps {
		var got string
		id := s.send(c.t, c.u)
		if i == crashAt {
			got = c.killAfter(round, i, s, id, delay)
		} else {
			got = c.u.reply()
		}
		c.replies++
		for _, want := range s.want {
			if !strings.Contains(got, want) {
				c.t.Fatalf("%s, step %d (%v): the user saw\n%s\nwhich lacks %q\ncrashes so far:\n%s",
					round, i, s, got, want, strings.Join(c.crashes, "\n"))
			}
		}
	}
	c.entered = append(c.entered, m)
}

// randomKill picks which of n steps to kill the binary after, and how long
// after. Half the kills come within 3 ms, while the answer is being
// fetched, recorded or handled; the others anywhere up to 30 ms.
func randomKill(rng *rand.Rand, n int) (step int, delay time.Duration) {
	step, delay = rng.IntN(n), time.Duration(rng.IntN(31))*time.Millisecond
	if rng.IntN(2) == 0 {
		delay = time.Duration(rng.IntN(3000)) * time.Microsecond
	}
	return step, delay
}

// killAfter kills the binary delay after step i, queued as update id, and
// starts it again. It returns what the user saw once the new process
// settled, and notes what the kill caught for the report.
func (c *crashRounds) killAfter(round string, i int, s crashStep, id int, delay time.Duration) string {
	c.t.Helper()
	time.Sleep(delay)
	killed := time.Now()
	c.b.kill()
	fate := c.b.fate(id)
	hits := c.b.unmarked(killed)
	c.b.start()
	c.b.settle()
	got := c.u.newMessages()
	notice := messages.Plain(messages.VI, "restart.notice")
	c.notices += strings.Count(got, notice)
	if lost := lostTexts(hits); lost != "" {
		if !strings.Contains(got, notice) {
			c.t.Errorf("%s: a kill lost the reply %q, and no restart notice followed:\n%s", round, lost, got)
		}
		c.lost += strings.Count(lost, "\n---\n") + 1
		// What the reply held besides the question, such as "Đã lưu", is
		// checked in the lost text.
		got = strings.TrimPrefix(got+"\n---\n", "\n---\n") + lost
	}
	what := fmt.Sprintf("%s: SIGKILL %v after step %d, %v (%s); settled %v after the kill",
		round, delay, i, s, fate, time.Since(killed).Round(time.Millisecond))
	for _, h := range hits {
		what += fmt.Sprintf("\n    between claim and mark: %v", h)
	}
	c.crashes = append(c.crashes, what)
	return got
}

// checkSaved checks that each member entered was stored once, with every
// answer, those given before the crash included, and confirmed once
// (unless a kill lost the confirmation).
func (c *crashRounds) checkSaved(ms []bot.Member) {
	t := c.t
	t.Helper()
	sent, lost := c.b.srv.Sent(c.u.chat), lostTexts(c.b.window)
	confirmed := 0
	for _, want := range c.entered {
		n := timesSaved(sent, want.name)
		lostOnce := strings.Contains(lost, "Đã lưu thành viên "+want.name)
		confirmed += n
		if lostOnce {
			confirmed++
		}
		if n != 1 && !(n == 0 && lostOnce) {
			t.Errorf("the user was told %d times that %s was saved (lost by a kill: %v), want 1", n, want.name, lostOnce)
		}
		if m := wantOneMember(t, ms, want.name); !want.storedAs(m) {
			t.Errorf("entered %+v, stored %+v", want, m)
		}
	}
	if confirmed != len(ms) {
		t.Errorf("%d members stored, %d confirmed", len(ms), confirmed)
	}
}

// timesSaved counts the messages telling the user that name was saved.
func timesSaved(sent []telegramtest.SentMessage, name string) int {
	n := 0
	for _, msg := range sent {
		if strings.Contains(msg.Text, "Đã lưu thành viên "+name) {
			n++
		}
	}
	return n
}

// checkReplies checks that the bot sent one reply per answer, none twice,
// none lost but those a kill caught after their claim, and a restart
// notice no more often than a kill caught a reply.
func (c *crashRounds) checkReplies() {
	t, srv := c.t, c.b.srv
	t.Helper()
	if sent := srv.Sent(c.u.chat); len(sent) != c.replies-c.lost+c.notices {
		t.Errorf("the bot sent %d messages: want %d replies, %d of them lost by kills, and %d restart notices",
			len(sent), c.replies, c.lost, c.notices)
	}
	if c.notices > len(c.b.window) {
		t.Errorf("%d restart notices, %d replies caught by a kill", c.notices, len(c.b.window))
	}
	for _, d := range duplicates(srv, c.u.chat) {
		t.Errorf("message %s repeats the one before it", d)
	}
}

// duplicates lists the messages that repeat the message before them (the
// test that assertNoDuplicateReplies applies), as "index: text".
func duplicates(srv *telegramtest.Server, chat int64) []string {
	sent := srv.Sent(chat)
	var dups []string
	for i := 1; i < len(sent); i++ {
		if sent[i].RawText == sent[i-1].RawText && fmt.Sprint(sent[i].Buttons) == fmt.Sprint(sent[i-1].Buttons) {
			dups = append(dups, fmt.Sprintf("%d: %q", i, sent[i].Text))
		}
	}
	return dups
}
