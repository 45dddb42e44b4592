package engine

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/messages"
)

// historyPage is how many changes /history shows at once.
const historyPage = 20

// historyCommand answers /history [PAGE]: the latest changes to club data
// in the officer's scope, a page of 20 at a time.
func (t *turn) historyCommand(args string) error {
	page, err := strconv.Atoi(strings.TrimSpace(args))
	if err != nil || page < 1 {
		page = 1
	}
	scope := bot.OfficerScope(t.user)
	changes, err := t.r.History(t.ctx, scope, (page-1)*historyPage, historyPage+1)
	if err != nil {
		return fmt.Errorf("load history: %w", err)
	}
	place, err := digest.ScopeName(t.ctx, t.r, scope)
	if err != nil {
		return err
	}
	if len(changes) == 0 && page > 1 {
		t.say("history.no_more", nil)
		return t.reask()
	} else if len(changes) == 0 {
		t.say("history.empty", map[string]any{"place": place})
		return t.reask()
	}
	more := len(changes) > historyPage
	if more {
		changes = changes[:historyPage]
	}
	lines := make([]string, len(changes))
	for i, c := range changes {
		lines[i] = HistoryLine(t.lang, c)
	}
	t.say("history.list", map[string]any{"place": place, "page": page, "lines": messages.HTML(strings.Join(lines, "\n"))})
	if more {
		t.say("history.more", map[string]any{"next": page + 1})
	}
	return t.reask()
}

// HistoryLine renders one change: "31/08/2025 14:05 – Bà Lan: Thêm
// thành viên Nguyễn Văn A vào CLB Hoa Sen".
func HistoryLine(lang string, c bot.Change) string {
	who := any(c.Actor)
	if c.Actor == "" {
		who = messages.Key("history.system")
	}
	return messages.Render(lang, "history.line", map[string]any{
		"when": messages.DateTime(c.At), "who": who, "what": messages.HTML(historyWhat(lang, c))})
}

// historyWhat says in a few words what a change did.
func historyWhat(lang string, c bot.Change) string {
	r := func(key string, args map[string]any) string {
		if args == nil {
			args = map[string]any{}
		}
		args["club"] = c.Club
		return messages.Render(lang, key, args)
	}
	switch c.Entity + "." + c.Action {
	case "member.create":
		var m bot.Member
		decodeChange(c.After, &m)
		return r("history.member_create", map[string]any{"name": m.FullName})
	case "member.leave":
		var m bot.Member
		decodeChange(c.After, &m)
		return r("history.member_leave", map[string]any{"name": m.FullName, "reason": dialogue.LeftReason(lang, m.LeftReason)})
	case "fund_report.create":
		return fundChange(lang, c)
	case "club.create":
		var club bot.Club
		decodeChange(c.After, &club)
		return r("history.club_create", map[string]any{"club": club.Name, "fund": messages.Money(club.StartingFund)})
	case "invite.create", "invite.redeem":
		return inviteChange(lang, c)
	case "announcement.create":
		var a struct {
			Recipients int
			Text       string
		}
		decodeChange(c.After, &a)
		return r("history.announcement_create", map[string]any{"n": a.Recipients, "words": dialogue.FirstWords(a.Text, 8)})
	case "user.revoke":
		return r("history.user_revoke", map[string]any{"name": c.Subject})
	}
	if what, ok := reviewHistory(lang, c); ok { // club life cycle and reviews (review_history.go)
		return what
	}
	if what, ok := correctionWhat(lang, c); ok { // corrections by leaders (history_correct.go)
		return what
	}
	if what, ok := activityHistory(lang, c); ok { // monthly activity reports (activity_history.go)
		return what
	}
	return r("history.other", map[string]any{"entity": c.Entity, "action": c.Action})
}

// fundChange says how a fund report moved the club's funds.
func fundChange(lang string, c bot.Change) string {
	var before, after bot.FundReport
	decodeChange(c.After, &after)
	args := map[string]any{"club": c.Club, "date": messages.Date(after.AsOf),
		"income": messages.Money(after.IncomeFund), "activity": messages.Money(after.ActivityFund),
		"loans": messages.Money(after.LoansOutstanding)}
	if !decodeChange(c.Before, &before) {
		return messages.Render(lang, "history.fund_first", args)
	}
	args["income_before"] = messages.Money(before.IncomeFund)
	args["activity_before"] = messages.Money(before.ActivityFund)
	args["loans_before"] = messages.Money(before.LoansOutstanding)
	return messages.Render(lang, "history.fund_create", args)
}

// inviteChange says for what an invite was made or used.
func inviteChange(lang string, c bot.Change) string {
	var inv struct{ Role bot.Role }
	decodeChange(c.After, &inv)
	key := "history.invite_" + c.Action
	if c.Club == "" {
		key += "_area"
	}
	return messages.Render(lang, key, map[string]any{"role": messages.Key("role." + string(inv.Role)), "club": c.Club})
}

// decodeChange reads a record of the audit log into v, reporting whether
// there was one.
func decodeChange(data []byte, v any) bool {
	return len(data) > 0 && string(data) != "null" && json.Unmarshal(data, v) == nil
}
