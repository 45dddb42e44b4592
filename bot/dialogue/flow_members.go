package dialogue

import (
	"strconv"
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// MemberFields are the draft fields of a member's details, in the order
// the member flow asks them.
var MemberFields = []string{"name", "gender", "year", "household", "ethnic", "volunteer"}

// oldPrefix marks the draft fields that keep a record's values before a
// correction, for the summary's old -> new.
const oldPrefix = "old_"

// membersFlow lists the club's members, shows one, and corrects a member's
// details or undoes a departure. The details are asked by the member
// flow's own steps, with its parsers and checks.
func membersFlow() *Flow {
	steps := []Step{
		{Name: "list", Prompt: "members.list", Kind: KindBrowse, Field: "member", List: memberList, Load: loadMember},
		{Name: "card", Prompt: "members.card", Kind: KindCard, PromptArgs: memberCardArgs, Options: memberCardChoices},
	}
	steps = append(steps, memberFieldSteps()...)
	steps = append(steps,
		Step{Name: StepConfirm, Prompt: "members.summary", Kind: KindConfirm},
		Step{Name: StepEdit, Prompt: "edit.ask", Kind: KindEdit},
		Step{Name: "undo", Prompt: "members.undo_ask", Kind: KindYesNo, Field: "undo", PromptArgs: memberCardArgs,
			Action: func(d map[string]string) ActionKind {
				if d["undo"] == "yes" {
					return ActionUndoLeave
				}
				return ActionNone
			},
			Next: func(map[string]string) string { return "card" }},
	)
	return &Flow{Name: "members", Steps: steps, Action: ActionUpdateMember, SummaryArgs: memberEditSummary}
}

// memberFieldSteps are the member flow's questions of a member's details,
// each leading back to the summary.
func memberFieldSteps() []Step {
	var out []Step
	for _, st := range memberFlow().Steps {
		for _, field := range MemberFields {
			if st.Field == field {
				st.Next = nil
				if field == "name" {
					st.Prompt = "members.ask_name"
				}
				out = append(out, st)
			}
		}
	}
	return out
}

// memberList is every member of the club, as buttons: the name, the year
// of birth, and a mark for those who have left.
func memberList(env Env) []Choice {
	out := make([]Choice, len(env.Members))
	for i, m := range env.Members {
		label := m.FullName + " (" + strconv.Itoa(m.BirthYear) + ")"
		if m.LeftOn != nil {
			label += " – " + messages.Plain(env.Lang, "members.left_mark")
		}
		out[i] = Choice{Value: strconv.FormatInt(m.ID, 10), Label: label}
	}
	return out
}

// ChosenMember is the member the draft names, if still in env.
func ChosenMember(d map[string]string, env Env) (bot.Member, bool) {
	id, _ := strconv.ParseInt(d["member"], 10, 64)
	for _, m := range env.Members {
		if m.ID == id {
			return m, true
		}
	}
	return bot.Member{}, false
}

// MemberDraft is a member's details as the member flow's draft holds them.
func MemberDraft(m bot.Member) map[string]string {
	yesNo := map[bool]string{true: "yes", false: "no"}
	return map[string]string{"name": m.FullName, "gender": string(m.Gender), "year": strconv.Itoa(m.BirthYear),
		"household": string(m.Household), "ethnic": yesNo[m.EthnicMinority], "volunteer": yesNo[m.CareVolunteer]}
}

// loadMember fills the draft with the chosen member's details, and keeps
// them as they were for the summary.
func loadMember(d map[string]string, env Env) {
	m, ok := ChosenMember(d, env)
	if !ok {
		return
	}
	for k, v := range MemberDraft(m) {
		d[k], d[oldPrefix+k] = v, v
	}
}

// MemberValue renders a draft value of a member's field.
func MemberValue(field, value string) any {
	switch field {
	case "gender", "household":
		return messages.Key(field + "." + value)
	case "ethnic", "volunteer":
		return messages.Key("button." + value)
	}
	return value
}

// memberCardArgs fills a member's card: every detail, when they joined,
// and when and why they left.
func memberCardArgs(d map[string]string, env Env) map[string]any {
	m, _ := ChosenMember(d, env)
	args := map[string]any{"joined": messages.Date(m.JoinedOn), "left": ""}
	for k, v := range MemberDraft(m) {
		args[k] = MemberValue(k, v)
	}
	if m.LeftOn != nil {
		args["left"] = messages.HTML(messages.Render(env.Lang, "members.card_left",
			map[string]any{"date": messages.Date(*m.LeftOn), "reason": LeftReason(env.Lang, m.LeftReason)}))
	}
	return args
}

// memberCardChoices are what a card offers: correct the details, undo the
// departure of a member who has left, or go back to the list.
func memberCardChoices(s bot.Session, env Env) []Choice {
	out := []Choice{{Value: StepEdit, Key: "members.edit"}}
	if m, ok := ChosenMember(s.Draft, env); ok && m.LeftOn != nil {
		out = append(out, Choice{Value: "undo", Key: "members.undo"})
	}
	return append(out, Choice{Value: "list", Key: "members.back"})
}

// memberEditSummary shows each detail, old -> new where it changed.
func memberEditSummary(d map[string]string, env Env) map[string]any {
	return map[string]any{"name": d[oldPrefix+"name"], "changes": changeLines(MemberFields, d, env.Lang, MemberValue)}
}

// changeLines renders a line per field of a correction's draft: the value,
// or the old and the new one where it changed.
func changeLines(fields []string, d map[string]string, lang string, value func(field, v string) any) messages.HTML {
	lines := make([]string, len(fields))
	for i, f := range fields {
		args := map[string]any{"field": messages.Key("field." + f), "old": value(f, d[oldPrefix+f]), "new": value(f, d[f])}
		key := "correct.same_line"
		if d[f] != d[oldPrefix+f] {
			key = "correct.change_line"
		}
		lines[i] = messages.Render(lang, key, args)
	}
	return messages.HTML(strings.Join(lines, "\n"))
}

// MemberEdited is the member a confirmed correction describes.
func MemberEdited(d map[string]string, m bot.Member) bot.Member {
	year, _ := strconv.Atoi(d["year"])
	m.FullName, m.Gender, m.BirthYear = d["name"], bot.Gender(d["gender"]), year
	m.Household, m.EthnicMinority, m.CareVolunteer = bot.Household(d["household"]), d["ethnic"] == "yes", d["volunteer"] == "yes"
	return m
}

// memberDuplicate names the step asking "already in the club, add anyway?"
// when an active member has the new member's name (ignoring case and
// diacritics) and year of birth; "" otherwise.
func memberDuplicate(d map[string]string, env Env) string {
	if _, ok := duplicateOf(d, env); ok {
		return "duplicate"
	}
	return ""
}

// duplicateOf returns the active member the draft's new member repeats.
func duplicateOf(d map[string]string, env Env) (bot.Member, bool) {
	name, year := bot.Fold(d["name"]), int(DraftInt(d, "year"))
	for _, m := range env.Members {
		if m.LeftOn == nil && m.BirthYear == year && bot.Fold(m.FullName) == name {
			return m, true
		}
	}
	return bot.Member{}, false
}

// duplicateArgs fills the duplicate question with the member already there.
func duplicateArgs(d map[string]string, env Env) map[string]any {
	m, _ := duplicateOf(d, env)
	return map[string]any{"name": m.FullName, "year": strconv.Itoa(m.BirthYear)}
}

// duplicateStep asks whether to add a member who seems to be in the club
// already; yes saves, no saves nothing and asks about another member.
func duplicateStep() Step {
	return Step{Name: "duplicate", Prompt: "member.duplicate", Kind: KindYesNo, Field: "duplicate", PromptArgs: duplicateArgs,
		Action: func(d map[string]string) ActionKind {
			if d["duplicate"] == "yes" {
				return ActionSaveMember
			}
			return ActionNone
		},
		Next: func(map[string]string) string { return "another" }}
}
