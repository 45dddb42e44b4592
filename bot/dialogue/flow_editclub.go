package dialogue

import (
	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// ActionEditClub carries out an officer's change to a club's life cycle.
const ActionEditClub ActionKind = "edit_club"

// What /editclub does to a club.
const (
	EditLeader   = "leader"
	EditRename   = "rename"
	EditDissolve = "dissolve"
)

// editClubFlow lets an officer change a club of their scope: find it by
// part of its name, then change its leader (the old one unlinked, an
// invite for the new one), rename it, or dissolve it; always confirmed.
func editClubFlow() *Flow {
	return &Flow{
		Name: "editclub",
		Steps: []Step{
			{Name: "search", Prompt: "editclub.ask_name", Kind: KindSearch},
			{Name: "pick", Prompt: "search.ask_pick", Kind: KindChoice, Field: "club"},
			{Name: "action", Prompt: "editclub.ask_action", Kind: KindChoice, Field: "editclub_action", Choices: []Choice{
				{Value: EditLeader, Key: "editclub.leader"},
				{Value: EditRename, Key: "editclub.rename"},
				{Value: EditDissolve, Key: "editclub.dissolve"},
			}, Next: func(d map[string]string) string {
				if d["editclub_action"] == EditRename {
					return "name"
				}
				return StepConfirm
			}},
			{Name: "name", Prompt: "editclub.ask_new_name", Kind: KindText, Field: "new_name", Check: clubNameCheck},
			{Name: StepConfirm, Prompt: "editclub.summary", Kind: KindConfirm},
			{Name: StepEdit, Prompt: "edit.ask", Kind: KindEdit},
		},
		Action:      ActionEditClub,
		SummaryArgs: editClubSummary,
	}
}

// editClubSummary asks to confirm the change the draft describes.
func editClubSummary(d map[string]string, env Env) map[string]any {
	club, _ := OptionByValue(env.Options, d["club"])
	args := map[string]any{"club": club.Label, "name": bot.ClubName(d["new_name"])}
	return map[string]any{"what": messages.HTML(messages.Render(env.Lang, "editclub.confirm_"+d["editclub_action"], args))}
}

// clubNameCheck refuses a name that is only "CLB".
func clubNameCheck(value string, _ bot.Session, _ Env) (string, map[string]any) {
	if bot.ClubName(value) == "" {
		return "editclub.invalid_name", nil
	}
	return "", nil
}
