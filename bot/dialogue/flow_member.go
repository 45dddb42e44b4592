package dialogue

import (
	"strconv"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// memberFlow records new members, one after another.
func memberFlow() *Flow {
	return &Flow{
		Name: "member",
		Steps: []Step{
			{Name: "name", Prompt: "member.ask_name", Kind: KindName, Field: "name"},
			{Name: "gender", Prompt: "member.ask_gender", Kind: KindChoice, Field: "gender", Choices: []Choice{
				{Value: string(bot.Female), Key: "gender.female"},
				{Value: string(bot.Male), Key: "gender.male"},
			}},
			{Name: "year", Prompt: "member.ask_year", Kind: KindYear, Field: "year"},
			{Name: "household", Prompt: "member.ask_household", Kind: KindChoice, Field: "household", Choices: []Choice{
				{Value: string(bot.HouseholdPoor), Key: "household.poor"},
				{Value: string(bot.HouseholdNearPoor), Key: "household.near_poor"},
				{Value: string(bot.HouseholdNeither), Key: "household.neither"},
			}},
			{Name: "ethnic", Prompt: "member.ask_ethnic", Kind: KindYesNo, Field: "ethnic"},
			{Name: "volunteer", Prompt: "member.ask_volunteer", Kind: KindYesNo, Field: "volunteer"},
			{Name: StepConfirm, Prompt: "member.summary", Kind: KindConfirm},
			{Name: StepEdit, Prompt: "edit.ask", Kind: KindEdit},
			{Name: "another", Prompt: "member.ask_another", Kind: KindYesNo, Field: "another",
				Next: func(d map[string]string) string {
					if d["another"] == "yes" {
						return "name"
					}
					return ""
				}},
			duplicateStep(),
		},
		Action:      ActionSaveMember,
		SummaryArgs: memberSummary,
		AfterSave:   "another",
		BeforeSave:  memberDuplicate,
	}
}

// memberSummary fills the summary of a new member.
func memberSummary(d map[string]string, env Env) map[string]any {
	year, _ := strconv.Atoi(d["year"])
	return map[string]any{
		"name":      d["name"],
		"gender":    messages.Key("gender." + d["gender"]),
		"year":      d["year"],
		"age":       env.Now.Year() - year,
		"household": messages.Key("household." + d["household"]),
		"ethnic":    messages.Key("button." + d["ethnic"]),
		"volunteer": messages.Key("button." + d["volunteer"]),
	}
}

// MemberFromDraft builds the member a confirmed draft describes.
func MemberFromDraft(d map[string]string, clubID int64, env Env) bot.Member {
	year, _ := strconv.Atoi(d["year"])
	return bot.Member{
		ClubID:         clubID,
		FullName:       d["name"],
		Gender:         bot.Gender(d["gender"]),
		BirthYear:      year,
		Household:      bot.Household(d["household"]),
		EthnicMinority: d["ethnic"] == "yes",
		CareVolunteer:  d["volunteer"] == "yes",
		JoinedOn:       bot.Day(env.Now),
	}
}
