package dialogue

import (
	"maps"
	"strconv"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// clubOfTwelve is a club's members in name order: twelve, so that the list
// has two pages; Nguyễn Văn An has left.
func clubOfTwelve() []bot.Member {
	names := []string{"Bùi Thị Lan", "Đỗ Văn Hải", "Lê Thị Mai", "Nguyễn Văn An", "Nguyễn Thị Hoa", "Phạm Văn Tư",
		"Trần Thị Bích", "Trần Văn Hùng", "Vũ Thị Hạnh", "Vũ Văn Nam", "Vương Thị Thu", "Yên Văn Sơn"}
	left := stepNow.AddDate(0, -1, 0)
	out := make([]bot.Member, len(names))
	for i, n := range names {
		out[i] = bot.Member{ID: int64(i + 1), FullName: n, Gender: bot.Female, BirthYear: 1950 + i, Household: bot.HouseholdNeither,
			JoinedOn: stepNow.AddDate(-1, 0, 0)}
	}
	out[3].Gender, out[3].LeftOn, out[3].LeftReason = bot.Male, &left, "moved"
	return out
}

// loaded is the draft once member id of clubOfTwelve is chosen, with more
// fields set.
func loaded(id int64, more ...string) map[string]string {
	m := clubOfTwelve()[id-1]
	d := map[string]string{"member": strconv.FormatInt(id, 10)}
	for k, v := range MemberDraft(m) {
		d[k], d[oldPrefix+k] = v, v
	}
	for i := 0; i+1 < len(more); i += 2 {
		d[more[i]] = more[i+1]
	}
	return d
}

func TestAdvanceMembers(t *testing.T) {
	env := Env{Now: stepNow, Lang: "vi", OlderAge: 60, Members: clubOfTwelve()}
	cases := []stepCase{
		{name: "the next page", flow: "members", in: at("members", "list", 1, nil), input: press(1, browseNext), env: env,
			want: at("members", "list", 2, map[string]string{fieldPage: "1"}), wantKey: "members.list", wantChoices: 3},
		{name: "back to the first page", flow: "members", in: at("members", "list", 2, map[string]string{fieldPage: "1"}), input: press(2, browsePrev), env: env,
			want: at("members", "list", 3, map[string]string{fieldPage: "0"}), wantKey: "members.list", wantChoices: 11},
		{name: "a search without diacritics", flow: "members", in: at("members", "list", 2, map[string]string{fieldPage: "1"}), input: text("nguyen"), env: env,
			want: at("members", "list", 3, map[string]string{fieldQuery: "nguyen"}), wantKey: "members.list.found", wantChoices: 3},
		{name: "a search with diacritics and part of a word", flow: "members", in: at("members", "list", 1, nil), input: text("Vũ"), env: env,
			want: at("members", "list", 2, map[string]string{fieldQuery: "Vũ"}), wantKey: "members.list.found", wantChoices: 4}, // Vũ, Vũ, Vương
		{name: "a search that finds nobody keeps the list", flow: "members", in: at("members", "list", 1, nil), input: text("Hoàng"), env: env,
			want: at("members", "list", 1, nil), wantLead: "browse.notfound", wantKey: "members.list", wantChoices: 11},
		{name: "the whole list again", flow: "members", in: at("members", "list", 3, map[string]string{fieldQuery: "nguyen"}), input: press(3, browseAll), env: env,
			want: at("members", "list", 4, nil), wantKey: "members.list", wantChoices: 11},
		{name: "a page past the last", flow: "members", in: at("members", "list", 2, map[string]string{fieldPage: "1"}), input: press(2, browseNext), env: env,
			want: at("members", "list", 2, map[string]string{fieldPage: "1"}), wantLead: "choice.invalid", wantKey: "members.list", wantChoices: 3},
		{name: "a member by typed number", flow: "members", in: at("members", "list", 1, nil), input: text("2"), env: env,
			want: at("members", "card", 2, loaded(2), "list"), wantKey: "members.card", wantChoices: 2},
		{name: "a member who left offers the undo", flow: "members", in: at("members", "list", 1, nil), input: press(1, "4"), env: env,
			want: at("members", "card", 2, loaded(4), "list"), wantKey: "members.card", wantChoices: 3},
		{name: "a forged member id", flow: "members", in: at("members", "list", 2, map[string]string{fieldPage: "1"}), input: press(2, "3"), env: env,
			want: at("members", "list", 2, map[string]string{fieldPage: "1"}), wantLead: "choice.invalid", wantKey: "members.list", wantChoices: 3},
		{name: "edit from the card", flow: "members", in: at("members", "card", 2, loaded(2), "list"), input: press(2, StepEdit), env: env,
			want: at("members", StepEdit, 3, loaded(2), "list", "card"), wantKey: "edit.ask", wantChoices: 6},
		{name: "the birth year to change", flow: "members", in: at("members", StepEdit, 3, loaded(2), "list", "card"), input: press(3, "year"), env: env,
			want: at("members", "year", 4, loaded(2, FieldEdit, "1"), "list", "card", StepEdit), wantKey: "member.ask_year"},
		{name: "the new year goes to the summary", flow: "members", in: at("members", "year", 4, loaded(2, FieldEdit, "1"), "list", "card", StepEdit), input: text("1955"), env: env,
			want: at("members", StepConfirm, 5, loaded(2, "year", "1955"), "list", "card", StepEdit, "year"), wantKey: "members.summary", wantChoices: 3},
		{name: "save asks the engine to update", flow: "members", in: at("members", StepConfirm, 5, loaded(2, "year", "1955")), input: text("luu"), env: env,
			want: at("members", StepConfirm, 5, loaded(2, "year", "1955")), wantAct: ActionUpdateMember},
		{name: "undo asks first", flow: "members", in: at("members", "card", 2, loaded(4), "list"), input: press(2, "undo"), env: env,
			want: at("members", "undo", 3, loaded(4), "list", "card"), wantKey: "members.undo_ask", wantChoices: 2},
		{name: "yes undoes the departure", flow: "members", in: at("members", "undo", 3, loaded(4)), input: press(3, "yes"), env: env,
			want: at("members", "undo", 3, loaded(4, "undo", "yes")), wantAct: ActionUndoLeave},
		{name: "no goes back to the card", flow: "members", in: at("members", "undo", 3, loaded(4), "card"), input: text("khong"), env: env,
			want: at("members", "card", 4, loaded(4, "undo", "no"), "card", "undo"), wantKey: "members.card", wantChoices: 3},
		{name: "back to the list keeps the search", flow: "members", in: at("members", "card", 4, loaded(5, fieldQuery, "nguyen"), "list"), input: press(4, "list"), env: env,
			want: at("members", "list", 5, loaded(5, fieldQuery, "nguyen"), "list", "card"), wantKey: "members.list.found", wantChoices: 3},
	}
	runStepCases(t, cases)
}

func TestAdvanceDuplicateMember(t *testing.T) {
	env := Env{Now: stepNow, Lang: "vi", OlderAge: 60, Members: clubOfTwelve()}
	// Nguyễn Thị Hoa, born 1954, is the fifth of clubOfTwelve.
	hoa := map[string]string{"name": "Nguyen Thi Hoa", "gender": "female", "year": "1954",
		"household": "poor", "ethnic": "no", "volunteer": "no"}
	other := maps.Clone(hoa)
	other["year"] = "1955"
	// Nguyễn Văn An (1953) has left: adding him again is no duplicate.
	an := maps.Clone(hoa)
	an["name"], an["year"] = "Nguyễn Văn An", "1953"
	cases := []stepCase{
		{name: "the same name and year asks", flow: "member", in: at("member", StepConfirm, 7, hoa), input: press(7, "save"), env: env,
			want: at("member", "duplicate", 8, hoa, StepConfirm), wantKey: "member.duplicate", wantChoices: 2},
		{name: "another year saves", flow: "member", in: at("member", StepConfirm, 7, other), input: press(7, "save"), env: env,
			want: at("member", StepConfirm, 7, other), wantAct: ActionSaveMember},
		{name: "a member who left is no duplicate", flow: "member", in: at("member", StepConfirm, 7, an), input: press(7, "save"), env: env,
			want: at("member", StepConfirm, 7, an), wantAct: ActionSaveMember},
		{name: "yes saves anyway", flow: "member", in: at("member", "duplicate", 8, hoa, StepConfirm), input: text("co"), env: env,
			want: at("member", "duplicate", 8, withField(maps.Clone(hoa), "duplicate", "yes"), StepConfirm), wantAct: ActionSaveMember},
		{name: "no saves nothing and asks about another", flow: "member", in: at("member", "duplicate", 8, hoa, StepConfirm), input: press(8, "no"), env: env,
			want: at("member", "another", 9, withField(maps.Clone(hoa), "duplicate", "no"), StepConfirm, "duplicate"), wantKey: "member.ask_another", wantChoices: 2},
	}
	runStepCases(t, cases)
}

func TestAdvanceFundFix(t *testing.T) {
	last := bot.FundReport{ID: 31, AsOf: stepNow.AddDate(0, 0, -3), IncomeFund: 200_000_000, ActivityFund: 2_000_000,
		LoansOutstanding: 15_000_000, MembersWithLoans: 5}
	env := Env{Now: stepNow, Lang: "vi", OlderAge: 60, Members: clubOfTwelve(), LastFund: &last}
	d := func(more ...string) map[string]string {
		out := FundDraft(last)
		for i := 0; i+1 < len(more); i += 2 {
			out[more[i]] = more[i+1]
		}
		return out
	}
	cases := []stepCase{
		{name: "correct lists the figures and the reason", flow: "fundfix", in: at("fundfix", "what", 1, d()), input: press(1, StepEdit), env: env,
			want: at("fundfix", StepEdit, 2, d(), "what"), wantKey: "fundfix.ask_figure", wantChoices: 5},
		{name: "a figure", flow: "fundfix", in: at("fundfix", StepEdit, 2, d(), "what"), input: text("quy tang thu nhap"), env: env,
			want: at("fundfix", "income", 3, d(FieldEdit, "1"), "what", StepEdit), wantKey: "fund.ask_income"},
		{name: "the new figure asks for the reason", flow: "fundfix", in: at("fundfix", "income", 3, d(FieldEdit, "1")), input: text("20tr"), env: env,
			want: at("fundfix", "reason", 4, d(FieldEdit, "1", "income", "20000000"), "income"), wantKey: "fundfix.ask_reason"},
		{name: "the reason goes to the summary", flow: "fundfix", in: at("fundfix", "reason", 4, d(FieldEdit, "1", "income", "20000000")), input: text("gõ thừa số 0"), env: env,
			want: at("fundfix", StepConfirm, 5, d("income", "20000000", "reason", "gõ thừa số 0"), "reason"), wantKey: "fundfix.summary", wantChoices: 3},
		{name: "a second figure skips the reason given", flow: "fundfix", in: at("fundfix", "loans", 6, d(FieldEdit, "1", "reason", "sai")), input: text("12tr"), env: env,
			want: at("fundfix", StepConfirm, 7, d("reason", "sai", "loans", "12000000"), "loans"), wantKey: "fundfix.summary", wantChoices: 3},
		{name: "save asks the engine to correct", flow: "fundfix", in: at("fundfix", StepConfirm, 5, d("reason", "sai")), input: press(5, "save"), env: env,
			want: at("fundfix", StepConfirm, 5, d("reason", "sai")), wantAct: ActionCorrectFund},
		{name: "withdraw asks the reason", flow: "fundfix", in: at("fundfix", "what", 1, d()), input: text("2"), env: env,
			want: at("fundfix", "withdraw_reason", 2, d(), "what"), wantKey: "fundfix.ask_withdraw_reason"},
		{name: "a reason without letters", flow: "fundfix", in: at("fundfix", "withdraw_reason", 2, d()), input: text("   "), env: env,
			want: at("fundfix", "withdraw_reason", 2, d()), wantLead: "invalid.text", wantKey: "fundfix.ask_withdraw_reason"},
		{name: "the reason asks are you sure", flow: "fundfix", in: at("fundfix", "withdraw_reason", 2, d()), input: text("nhầm tháng"), env: env,
			want: at("fundfix", "withdraw", 3, d("reason", "nhầm tháng"), "withdraw_reason"), wantKey: "fundfix.withdraw_ask", wantChoices: 2},
		{name: "yes withdraws", flow: "fundfix", in: at("fundfix", "withdraw", 3, d("reason", "nhầm tháng")), input: press(3, "yes"), env: env,
			want: at("fundfix", "withdraw", 3, d("reason", "nhầm tháng", "withdraw", "yes")), wantAct: ActionWithdrawFund},
		{name: "no goes back to the choice", flow: "fundfix", in: at("fundfix", "withdraw", 3, d("reason", "x")), input: press(3, "no"), env: env,
			want: at("fundfix", "what", 4, d("reason", "x", "withdraw", "no"), "withdraw"), wantKey: "fundfix.what", wantChoices: 2},
	}
	runStepCases(t, cases)
}
