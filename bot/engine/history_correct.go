package engine

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
)

// correctionWhat says in a few words what a correction did, old -> new,
// reporting false for a change that is not a correction.
func correctionWhat(lang string, c bot.Change) (string, bool) {
	switch c.Entity + "." + c.Action {
	case "member.update":
		var before, after bot.Member
		decodeChange(c.Before, &before)
		decodeChange(c.After, &after)
		changes := historyChanges(lang, dialogue.MemberFields, dialogue.MemberDraft(before), dialogue.MemberDraft(after), dialogue.MemberValue)
		return messages.Render(lang, "history.member_update", map[string]any{"name": after.FullName, "club": c.Club,
			"changes": changes}), true
	case "member.rejoin":
		var m bot.Member
		decodeChange(c.After, &m)
		return messages.Render(lang, "history.member_rejoin", map[string]any{"name": m.FullName, "club": c.Club}), true
	case "fund_report.correct":
		var before, after bot.FundReport
		decodeChange(c.Before, &before)
		decodeChange(c.After, &after)
		changes := historyChanges(lang, dialogue.FundFields, dialogue.FundDraft(before), dialogue.FundDraft(after), dialogue.FundValue)
		return messages.Render(lang, "history.fund_correct", map[string]any{"club": c.Club,
			"date": messages.Date(after.AsOf), "changes": changes, "reason": after.Note}), true
	case "fund_report.withdraw":
		var r bot.FundReport
		decodeChange(c.After, &r)
		return messages.Render(lang, "history.fund_withdraw", map[string]any{"club": c.Club,
			"date": messages.Date(r.AsOf), "reason": r.Note}), true
	}
	return "", false
}

// historyChanges lists the fields whose values differ, "field old → new",
// or says nothing changed.
func historyChanges(lang string, fields []string, before, after map[string]string, value func(field, v string) any) messages.HTML {
	var parts []string
	for _, f := range fields {
		if before[f] != after[f] {
			parts = append(parts, messages.Render(lang, "history.change", map[string]any{
				"field": lowerFirst(messages.Plain(lang, "field."+f)), "old": value(f, before[f]), "new": value(f, after[f])}))
		}
	}
	if len(parts) == 0 {
		return messages.HTML(messages.Render(lang, "history.no_change", nil))
	}
	return messages.HTML(strings.Join(parts, ", "))
}

// lowerFirst lower-cases a label's first letter, for the middle of a
// sentence ("năm sinh 1955 → 1949").
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
