// Package console is a channel on a terminal: it reads lines, shows
// messages as plain text and buttons as numbered choices. `clubbot demo`
// uses it, and so can anyone trying the bot without a Telegram token.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/chattext"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
)

// Name is the channel's name in accounts, sessions and the outbox.
const Name = "console"

// Inbox records events and finds the person behind an account, whose
// language the console's own lines are in; the store is one.
type Inbox interface {
	RecordInbound(ctx context.Context, in bot.Inbound, at time.Time) (bool, error)
	UserByAccount(ctx context.Context, channel, channelUserID string) (bot.User, error)
}

// Handler handles a recorded event; the engine is one.
type Handler interface {
	Handle(ctx context.Context, in bot.Inbound) error
}

// Flusher sends what the outbox holds; the sender is one.
type Flusher interface {
	Flush(ctx context.Context) (time.Duration, error)
}

// Console talks to one person at a terminal, who may switch persona.
type Console struct {
	out     io.Writer
	inbox   Inbox
	handler Handler
	flusher Flusher
	now     func() time.Time

	choices *dialogue.NumberedChoices // the buttons last shown, by persona

	mu   sync.Mutex
	user string // the channel user id of the current persona
	seq  int
}

var _ bot.Channel = (*Console)(nil)

// New returns a console writing to out, speaking as persona user.
func New(out io.Writer, inbox Inbox, handler Handler, flusher Flusher, now func() time.Time, user string) *Console {
	return &Console{out: out, inbox: inbox, handler: handler, flusher: flusher, now: now, user: user,
		choices: dialogue.NewNumberedChoices()}
}

// SetPipeline sets the handler and flusher, which are built after the
// console because the sender needs the console as its channel.
func (c *Console) SetPipeline(handler Handler, flusher Flusher) {
	c.handler, c.flusher = handler, flusher
}

// Run reads lines until EOF or ctx ends. Each line is handled and its
// replies printed before the next is read.
func (c *Console) Run(ctx context.Context, in io.Reader) error {
	scanner := bufio.NewScanner(in)
	scanner.Buffer(make([]byte, 64*1024), 1024*1024)
	for ctx.Err() == nil && scanner.Scan() {
		if err := c.Line(ctx, scanner.Text()); err != nil {
			return err
		}
	}
	return scanner.Err()
}

// Line handles one typed line.
func (c *Console) Line(ctx context.Context, line string) error {
	line = strings.TrimSpace(line)
	if line == "" {
		return nil
	}
	if rest, ok := strings.CutPrefix(line, "/as"); ok && (rest == "" || rest[0] == ' ') {
		c.switchPersona(ctx, strings.TrimSpace(rest))
		return nil
	}
	in := c.inbound(line)
	if _, err := c.inbox.RecordInbound(ctx, in, c.now()); err != nil {
		return fmt.Errorf("record input: %w", err)
	}
	if err := c.handler.Handle(ctx, in); err != nil {
		fmt.Fprintln(c.out, messages.Plain(messages.VI, "store.unavailable"))
		return nil
	}
	_, err := c.flusher.Flush(ctx)
	return err
}

// switchPersona changes who is typing: /as leader|officer|admin. It says
// so in the new persona's language, naming the role as the bot does.
func (c *Console) switchPersona(ctx context.Context, role string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch role {
	case "leader", "officer", "admin":
		c.user = "demo-" + role
		c.choices.Forget(c.user)
		lang := c.lang(ctx)
		fmt.Fprintln(c.out, chattext.Plain(messages.Render(lang, "demo.as", messages.Args{"role": messages.Key("role." + role)})))
	default:
		fmt.Fprintln(c.out, chattext.Plain(messages.Render(c.lang(ctx), "demo.as_usage", nil)))
	}
}

// lang is the current persona's language, Vietnamese if it is unknown.
func (c *Console) lang(ctx context.Context) string {
	u, err := c.inbox.UserByAccount(ctx, Name, c.user)
	if err != nil {
		return messages.VI
	}
	return messages.Normalize(u.Lang)
}

// inbound turns a typed line into an event. A number or a label of the
// last buttons shown is a press on that button.
func (c *Console) inbound(line string) bot.Inbound {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	in := bot.Inbound{
		Key:     fmt.Sprintf("%s:%s:%d:%d", Name, c.user, c.now().UnixNano(), c.seq),
		Channel: Name, ChatID: c.user, ChannelUserID: c.user, Name: c.user, Typed: true,
	}
	switch {
	case strings.HasPrefix(line, "/"):
		name, args, _ := strings.Cut(line[1:], " ")
		in.Kind, in.Command, in.Text = bot.InputCommand, strings.ToLower(name), strings.TrimSpace(args)
		if in.Command == "phone" { // the console's stand-in for a share-contact button
			in.Kind, in.Phone, in.OwnContact = bot.InputContact, in.Text, true
		}
	default:
		in.Kind, in.Text = bot.InputText, line
		if data, ok := c.choices.Press(c.user, line); ok {
			in.Kind, in.Data, in.Text = bot.InputButton, data, ""
		}
	}
	return in
}

// Send prints a message, its buttons numbered.
func (c *Console) Send(_ context.Context, out bot.Outgoing) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if out.ChatID != c.user { // another persona's message, e.g. after /as
		return nil
	}
	var b strings.Builder
	b.WriteString("\n🤖 " + strings.ReplaceAll(chattext.Plain(c.choices.Show(out)), "\n", "\n   ") + "\n")
	if out.File != nil { // a terminal cannot show it: say what it is
		b.WriteString(fmt.Sprintf("   [%s: %s, %d KB]\n", out.File.Kind, out.File.Name, (len(out.File.Data)+1023)/1024))
	}
	if out.RequestPhone {
		b.WriteString("   [" + out.PhoneLabel + ": /phone 0912345678]\n")
	}
	_, err := io.WriteString(c.out, b.String())
	return err
}
