package engine_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
)

// hostileCase is one row of testdata/hostile.txt.
type hostileCase struct {
	line   int
	lang   string
	target string // "member/name", "guest", "idle", "officer"
	kind   string
	input  string // with placeholders still in
	want   string // a catalog key, or "" when accepted
	value  string // the accepted value, when want is ""
}

func (c hostileCase) String() string {
	in := c.input
	if len(in) > 40 {
		in = in[:40] + "…"
	}
	return fmt.Sprintf("hostile.txt:%d %s:%s %s %q", c.line, c.lang, c.target, c.kind, in)
}

// TestHostileInput delivers each input of testdata/hostile.txt at the
// step it targets, through the engine and a real store: the user must see
// the catalog sentence the row names, in valid HTML, the session must stay
// at its step with its draft, and no club data may change.
func TestHostileInput(t *testing.T) {
	cases := readHostileCases(t, "testdata/hostile.txt")
	if len(cases) < 200 {
		t.Fatalf("%d cases, want at least 200", len(cases))
	}
	h := newOfficerHarness(t)
	ids := hostileIDs(h)
	var at, atLang, chat, data string
	var guests int
	for _, c := range cases {
		if c.target == "guest" { // a fresh guest each time: wrong codes count
			guests++
			chat = fmt.Sprintf("guest-%d", guests)
			h.reach(chat, c.lang, nil)
			h.say(chat, "/start")
			at, data = "", ""
		} else if c.target != at || c.lang != atLang {
			chat = h.reachTarget(c.target, c.lang)
			at, atLang = c.target, c.lang
			data = ""
		}
		if data == "" {
			data = h.clubData()
		}
		h.hostile(c, chat, data, ids)
	}
}

// hostileIDs are the values of the placeholders of button data: ids of
// Cô Tô's club, member and commune, outside the leader's club and the area
// officer's scope.
func hostileIDs(h *officerHarness) map[string]string {
	coTo, err := h.db.UnitByName(h.ctx, bot.LevelCommune, "đặc khu Cô Tô")
	if err != nil {
		h.t.Fatal(err)
	}
	var member int64
	err = h.db.InTx(h.ctx, func(tx bot.Writer) error {
		ms, err := tx.ActiveMembers(h.ctx, h.coTo)
		if err == nil && len(ms) > 0 {
			member = ms[0].ID
		}
		return err
	})
	if err != nil || member == 0 {
		h.t.Fatalf("Cô Tô's member: %v", err)
	}
	return map[string]string{
		"{otherclub}":   strconv.FormatInt(h.coTo, 10),
		"{othermember}": strconv.FormatInt(member, 10),
		"{otherunit}":   strconv.FormatInt(coTo.ID, 10),
	}
}

// hostilePaths are the answers that bring a chat to each target, from no
// dialogue: the leader's for their flows, the officers' for theirs. They
// type numbers for choices, which read the same in both languages.
var hostilePaths = map[string]struct {
	chat string
	path []string
}{
	"idle":                {leader, nil},
	"officer":             {area, nil},
	"member/name":         {leader, []string{"/member"}},
	"member/gender":       {leader, []string{"/member", "Nguyễn Thị Lan"}},
	"member/year":         {leader, []string{"/member", "Nguyễn Thị Lan", "1"}},
	"member/household":    {leader, []string{"/member", "Nguyễn Thị Lan", "1", "1958"}},
	"member/ethnic":       {leader, []string{"/member", "Nguyễn Thị Lan", "1", "1958", "3"}},
	"member/volunteer":    {leader, []string{"/member", "Nguyễn Thị Lan", "1", "1958", "3", "k"}},
	"member/confirm":      {leader, []string{"/member", "Nguyễn Thị Lan", "1", "1958", "3", "k", "k"}},
	"member/edit":         {leader, []string{"/member", "Nguyễn Thị Lan", "1", "1958", "3", "k", "k", "2"}},
	"member/another":      {leader, []string{"/member", "Nguyễn Thị Lan", "1", "1958", "3", "k", "k", "1"}},
	"fund/income":         {leader, []string{"/fund"}},
	"fund/activity":       {leader, []string{"/fund", "21tr"}},
	"fund/loans":          {leader, []string{"/fund", "21tr", "2tr"}},
	"fund/borrowers":      {leader, []string{"/fund", "21tr", "2tr", "15tr"}},
	"fund/confirm":        {leader, []string{"/fund", "21tr", "2tr", "15tr", "1"}},
	"fund/edit":           {leader, []string{"/fund", "21tr", "2tr", "15tr", "1", "2"}},
	"leave/search":        {leader, []string{"/leave"}},
	"leave/pick":          {leader, []string{"/leave", "nguyen"}},
	"leave/reason":        {leader, []string{"/leave", "nguyen", "1"}},
	"leave/reason_text":   {leader, []string{"/leave", "nguyen", "1", "4"}},
	"leave/confirm":       {leader, []string{"/leave", "nguyen", "1", "1"}},
	"newclub/name":        {area, []string{"/newclub"}},
	"newclub/unit_search": {area, []string{"/newclub", "CLB Mai Vàng"}},
	"newclub/unit":        {area, []string{"/newclub", "CLB Mai Vàng", "mong cai"}},
	"newclub/founded":     {area, []string{"/newclub", "CLB Mai Vàng", "mong cai", "1"}},
	"newclub/decision":    {area, []string{"/newclub", "CLB Mai Vàng", "mong cai", "1", "15/10/2026"}},
	"newclub/fund":        {area, []string{"/newclub", "CLB Mai Vàng", "mong cai", "1", "15/10/2026", "88/QĐ-UBND"}},
	"newclub/confirm":     {area, []string{"/newclub", "CLB Mai Vàng", "mong cai", "1", "15/10/2026", "88/QĐ-UBND", "20tr"}},
	"invite/role":         {province, []string{"/invite"}},
	"invite/club":         {province, []string{"/invite", "1", "clb"}},
	"invite/unit":         {province, []string{"/invite", "2", "2", "mong cai"}},
	"revoke/search":       {admin, []string{"/revoke"}},
	"revoke/pick":         {admin, []string{"/revoke", "a"}},
}

// reachTarget brings the target's chat to the target's step in lang.
func (h *officerHarness) reachTarget(target, lang string) string {
	h.t.Helper()
	p, ok := hostilePaths[target]
	if !ok {
		h.t.Fatalf("no path to %q", target)
	}
	h.reach(p.chat, lang, p.path)
	if flow, step, _ := strings.Cut(target, "/"); step != "" {
		if s := h.session(p.chat); s.Flow != flow || s.Step != step {
			h.t.Fatalf("the path to %s ends at %s/%s", target, s.Flow, s.Step)
		}
	}
	return p.chat
}

// reach cancels what chat is doing, sets its language and types path.
func (h *officerHarness) reach(chat, lang string, path []string) {
	h.t.Helper()
	h.say(chat, "/cancel")
	h.say(chat, "/lang "+lang)
	for _, line := range path {
		h.say(chat, line)
	}
}

func (h *officerHarness) session(chat string) bot.Session {
	h.t.Helper()
	s, err := h.db.Session(h.ctx, "test", chat)
	if err != nil && bot.ErrorCode(err) != bot.ENOTFOUND {
		h.t.Fatal(err)
	}
	return s
}

// clubData sums up the club data no hostile input may change: clubs,
// their members and funds, invites, users and the audit log.
func (h *officerHarness) clubData() string {
	h.t.Helper()
	clubs, err := h.db.Clubs(h.ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	invites, err := h.db.Invites(h.ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	audit, err := h.db.AuditLog(h.ctx, 0)
	if err != nil {
		h.t.Fatal(err)
	}
	sum := sha256.New()
	enc := json.NewEncoder(sum) // follows pointers, which %v would print as addresses
	err = h.db.InTx(h.ctx, func(tx bot.Writer) error {
		users, err := tx.Users(h.ctx)
		err = cmpErr(err, enc.Encode([]any{clubs, invites, audit, users}))
		for _, c := range clubs {
			ms, err2 := tx.ActiveMembers(h.ctx, c.ID)
			fund, _ := tx.LastFundReport(h.ctx, c.ID)
			err = cmpErr(err, cmpErr(err2, enc.Encode([]any{ms, fund})))
		}
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return fmt.Sprintf("%d clubs, %d invites, %d audit entries, %x", len(clubs), len(invites), len(audit), sum.Sum(nil)[:8])
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// hostile delivers one case at chat's current step and checks the result
// against data, the club data before.
func (h *officerHarness) hostile(c hostileCase, chat, data string, ids map[string]string) {
	h.t.Helper()
	before := h.session(chat)
	in := c.inbound(before.Seq, ids)
	var replies []string
	func() {
		defer func() {
			if p := recover(); p != nil {
				h.t.Fatalf("%v: panic: %v", c, p)
			}
		}()
		replies = h.send(chat, in)
	}()
	got := strings.Join(replies, "\n")
	for _, r := range replies {
		if err := checkTelegramHTML(r); err != nil {
			h.t.Errorf("%v: invalid HTML (%v) in %q", c, err, clip(r))
		}
		if n := utf8.RuneCountInString(r); n > 4096 {
			h.t.Errorf("%v: a reply of %d characters, over one message", c, n)
		}
	}
	after := h.session(chat)
	if c.want != "" {
		if want := messages.Render(c.lang, c.want, c.args()); !containsInOrder(got, strings.Split(want, echoed)) {
			h.t.Errorf("%v: the user saw\n%s\nwhich lacks %s: %q", c, clip(got), c.want, want)
		}
		if !sameStep(before, after, c.target == "guest") {
			h.t.Errorf("%v: the session moved from %s to %s", c, describe(before), describe(after))
		}
	} else if field := hostileFields[c.target]; after.Draft[field] != c.value {
		h.t.Errorf("%v: %s holds %q, want %q (%s)", c, field, after.Draft[field], c.value, clip(got))
	}
	if now := h.clubData(); now != data {
		h.t.Errorf("%v: club data changed from %s to %s", c, data, now)
	}
	if !sameStep(before, after, false) { // put the chat back for the next case
		before.Updated = h.now
		if err := h.db.InTx(h.ctx, func(tx bot.Writer) error { return tx.SaveSession(h.ctx, before) }); err != nil {
			h.t.Fatal(err)
		}
	}
}

// hostileFields are the draft fields the accepted rows check.
var hostileFields = map[string]string{
	"member/name": "name", "member/gender": "gender", "member/year": "year", "member/volunteer": "volunteer",
	"fund/income": "income", "leave/reason_text": "reason_text", "newclub/founded": "founded", "newclub/decision": "decision",
	"newclub/name": "club_name",
}

// sameStep reports whether a is b: flow, step, draft and the way back, and
// the step counter unless a guest's wrong code asked the question anew.
func sameStep(a, b bot.Session, guest bool) bool {
	return a.Flow == b.Flow && a.Step == b.Step && maps.Equal(a.Draft, b.Draft) && slices.Equal(a.Back, b.Back) &&
		(a.Seq == b.Seq || guest && b.Seq > a.Seq)
}

func describe(s bot.Session) string {
	return fmt.Sprintf("%s/%s #%d %v", s.Flow, s.Step, s.Seq, s.Draft)
}

func clip(s string) string {
	if r := []rune(s); len(r) > 300 {
		return string(r[:300]) + "…"
	}
	return s
}

// echoed stands for what the bot repeats of the user's words in an
// expected sentence: the rest of the sentence must be there, in order.
const echoed = "\x00"

// containsInOrder reports whether s holds the parts in order.
func containsInOrder(s string, parts []string) bool {
	for _, p := range parts {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return true
}

// args are the arguments of the expected sentence, for the few that have
// any.
func (c hostileCase) args() messages.Args {
	switch c.want {
	case "leave.notfound", "search.notfound", "officer.place_unknown", "officer.club_unknown":
		return messages.Args{"name": echoed}
	case "choice.ambiguous":
		return messages.Args{"text": echoed, "labels": echoed, "example": echoed}
	case "officer.name_unknown":
		return messages.Args{"name": echoed}
	case "officer.out_of_scope", "officer.answer_clubs":
		return messages.Args{"place": echoed, "count": echoed}
	case "fund.too_many_borrowers", "fund.invalid_borrowers":
		return messages.Args{"members": echoed, "example": echoed}
	case "invalid.year":
		return messages.Args{"max": "2011", "age": dialogue.MinMemberAge} // 2026 less 15 years
	case "command.unknown":
		help := map[string]string{"guest": "help.guest", "officer": "officer.help_area"}[c.target]
		if help == "" {
			help = "help.leader"
		}
		return messages.Args{"help": messages.Key(help)}
	}
	return nil
}

// inbound builds the event of the case, with seq the step counter of the
// question on screen.
func (c hostileCase) inbound(seq int, ids map[string]string) bot.Inbound {
	data := c.input
	for k, v := range ids {
		data = strings.ReplaceAll(data, k, v)
	}
	b36 := func(n int) string { return strconv.FormatInt(int64(n), 36) }
	data = strings.NewReplacer("{seq}", b36(seq), "{seq-1}", b36(seq-1), "{seq+1}", b36(seq+1)).Replace(data)
	switch c.kind {
	case "text":
		return bot.Inbound{Kind: bot.InputText, Text: data}
	case "command":
		name, args, _ := strings.Cut(data, " ")
		return bot.Inbound{Kind: bot.InputCommand, Command: name, Text: args}
	case "button":
		return bot.Inbound{Kind: bot.InputButton, Data: data}
	case "contact":
		return bot.Inbound{Kind: bot.InputContact, Phone: data, OwnContact: true}
	}
	// The Telegram translator turns stickers, photos, voice and documents
	// into unsupported input (telegram/translate.go).
	return bot.Inbound{Kind: bot.InputUnsupported}
}

// readHostileCases parses the table.
func readHostileCases(t *testing.T, path string) []hostileCase {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []hostileCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.SplitN(line, " | ", 3)
		inputCol, want, ok := cutLast(cols[len(cols)-1], " | ")
		if len(cols) != 3 || !ok {
			t.Fatalf("hostile.txt:%d: want four columns: %s", n, line)
		}
		c := hostileCase{line: n, lang: "vi", target: cols[0], kind: cols[1], want: want}
		if rest, ok := strings.CutPrefix(c.target, "en:"); ok {
			c.lang, c.target = "en", rest
		}
		if c.input, err = parseHostileInput(inputCol); err != nil {
			t.Fatalf("hostile.txt:%d: %v", n, err)
		}
		if v, ok := strings.CutPrefix(want, "= "); ok {
			if c.value, err = strconv.Unquote(v); err != nil {
				t.Fatalf("hostile.txt:%d: %v", n, err)
			}
			c.want = ""
		} else if !messages.Has("vi", want) || !messages.Has("en", want) {
			t.Fatalf("hostile.txt:%d: %q is not a catalog key", n, want)
		}
		cases = append(cases, c)
	}
	return cases
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

var repeatRe = regexp.MustCompile(`^repeat\((\d+), `)

// parseHostileInput reads Go string literals and repeat(N, "s") joined
// with " + ".
func parseHostileInput(s string) (string, error) {
	var b strings.Builder
	for s != "" {
		n := 1
		if m := repeatRe.FindStringSubmatch(s); m != nil {
			n, _ = strconv.Atoi(m[1])
			s = s[len(m[0]):]
		}
		lit, err := strconv.QuotedPrefix(s)
		if err != nil {
			return "", fmt.Errorf("input %q: %w", s, err)
		}
		u, _ := strconv.Unquote(lit)
		b.WriteString(strings.Repeat(u, n))
		s = s[len(lit):]
		if n > 1 || strings.HasPrefix(s, ")") {
			s = strings.TrimPrefix(s, ")")
		}
		s = strings.TrimPrefix(s, " + ")
	}
	return b.String(), nil
}

// telegramTag matches the tags Telegram's HTML mode accepts that clubbot
// uses; entities must be one of the named five or numeric.
var (
	telegramTag    = regexp.MustCompile(`^<(/?)(b|i|u|s|code|pre)>`)
	telegramEntity = regexp.MustCompile(`^&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});`)
)

// checkTelegramHTML checks that text is what Telegram's HTML parse mode
// accepts: valid UTF-8, known tags properly nested, every & an entity.
func checkTelegramHTML(text string) error {
	if !utf8.ValidString(text) {
		return fmt.Errorf("invalid UTF-8")
	}
	var open []string
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '<':
			m := telegramTag.FindStringSubmatch(text[i:])
			if m == nil {
				return fmt.Errorf("unknown tag at %d", i)
			}
			if m[1] == "" {
				open = append(open, m[2])
			} else if len(open) == 0 || open[len(open)-1] != m[2] {
				return fmt.Errorf("unbalanced </%s> at %d", m[2], i)
			} else {
				open = open[:len(open)-1]
			}
			i += len(m[0]) - 1
		case '>':
			return fmt.Errorf("bare > at %d", i)
		case '&':
			if !telegramEntity.MatchString(text[i:]) {
				return fmt.Errorf("bare & at %d", i)
			}
		}
	}
	if len(open) > 0 {
		return fmt.Errorf("unclosed <%s>", open[len(open)-1])
	}
	return nil
}
