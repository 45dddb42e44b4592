package relay_test

import (
	"context"
	"fmt"
	"html"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/store"
	"github.com/clubbot/clubbot/store/storetest"
)

// harness is a store with one club and the engine on it, for the tests
// that drive the dispatcher and the sender against real dialogues.
type harness struct {
	t      testing.TB
	ctx    context.Context
	db     *store.DB
	path   string // the database file
	engine *engine.Engine
	now    time.Time
	clubID int64
	n      int
}

func newHarness(t testing.TB) *harness { return newHarnessWith(t) }

// newHarnessWith is newHarness with more options for the store.
func newHarnessWith(t testing.TB, opts ...store.Option) *harness {
	h := &harness{t: t, ctx: context.Background(), now: time.Date(2026, 11, 29, 9, 0, 0, 0, bot.Vietnam())}
	opts = append([]store.Option{store.WithClock(h.clock), store.WithLogger(nil)}, opts...)
	h.path = storetest.Addr(t, filepath.Join(t.TempDir(), "clubbot.db"))
	db, err := store.Open(h.ctx, h.path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h.db = db
	h.engine = engine.NewEngine(db, h.clock, engine.Config{}, slog.New(slog.DiscardHandler))
	unit, err := db.UnitByName(h.ctx, bot.LevelCommune, "Móng Cái 1")
	if err != nil {
		t.Fatal(err)
	}
	club := bot.Club{Name: "CLB Hoa Sen", UnitID: unit.ID, FoundedOn: h.now.AddDate(-1, 0, 0),
		DecisionNo: "12/QĐ-UBND", Status: bot.ClubActive, StartingFund: 20_000_000}
	if err := db.CreateClub(h.ctx, &club, 0, h.now); err != nil {
		t.Fatal(err)
	}
	h.clubID = club.ID
	return h
}

func (h *harness) clock() time.Time { return h.now }

// invite creates a leader invite for the harness's club and returns its code.
func (h *harness) invite() string {
	code, hash, err := bot.NewInviteCode()
	if err != nil {
		h.t.Fatal(err)
	}
	id := h.clubID
	inv := bot.Invite{CodeHash: hash, Role: bot.RoleLeader,
		Scope: bot.Scope{Kind: bot.ScopeClub, ClubID: &id}, ExpiresAt: h.now.Add(7 * 24 * time.Hour)}
	if err := h.db.CreateInvite(h.ctx, &inv); err != nil {
		h.t.Fatal(err)
	}
	return code
}

// say types a line in chat (a command if it starts with a slash), has the
// engine handle it and returns what the user sees, marking it sent.
func (h *harness) say(chat, line string) string {
	h.t.Helper()
	in := bot.Inbound{Kind: bot.InputText, Text: line}
	if strings.HasPrefix(line, "/") {
		name, args, _ := strings.Cut(line[1:], " ")
		in = bot.Inbound{Kind: bot.InputCommand, Command: name, Text: args}
	}
	h.n++
	in.Key, in.Channel, in.ChatID, in.ChannelUserID, in.Name = fmt.Sprintf("test:%d", h.n), "test", chat, chat, "Bà Lan"
	if _, err := h.db.RecordInbound(h.ctx, in, h.now); err != nil {
		h.t.Fatal(err)
	}
	if err := h.engine.Handle(h.ctx, in); err != nil {
		h.t.Fatalf("handle %+v: %v", in, err)
	}
	out, err := h.db.PendingOutbox(h.ctx, 100)
	if err != nil {
		h.t.Fatal(err)
	}
	var texts []string
	for _, o := range out {
		if err := h.db.MarkSent(h.ctx, o.ID, h.now); err != nil {
			h.t.Fatal(err)
		}
		texts = append(texts, o.Text)
	}
	return strings.Join(texts, "\n---\n")
}

// onboard links chat as the club's leader through a deep link.
func (h *harness) onboard(chat string) {
	h.t.Helper()
	expect(h.t, h.say(chat, "/start "+h.invite()), "chủ nhiệm CLB Hoa Sen")
}

// members returns the club's active members.
func (h *harness) members() []bot.Member {
	var ms []bot.Member
	err := h.db.InTx(h.ctx, func(tx bot.Writer) (err error) {
		ms, err = tx.ActiveMembers(h.ctx, h.clubID)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return ms
}

var tags = regexp.MustCompile(`</?[a-z]+>`)

// expect checks that the text a user sees contains want.
func expect(t testing.TB, got, want string) {
	t.Helper()
	if !strings.Contains(html.UnescapeString(tags.ReplaceAllString(got, "")), want) {
		t.Fatalf("the user saw:\n%s\nwhich lacks %q", got, want)
	}
}
