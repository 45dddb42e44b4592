package dialogue

import (
	"reflect"
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// TestFundCheckSteps: the fund dialogue asks "are you sure?" when loans
// and members with loans contradict each other or a fund drops to 0, and
// keeps the answer on yes.
func TestFundCheckSteps(t *testing.T) {
	last := bot.FundReport{IncomeFund: 20_000_000, ActivityFund: 2_000_000, LoansOutstanding: 18_000_000, MembersWithLoans: 12}
	env := Env{Now: stepNow, Lang: "vi", LastFund: &last}
	noLoans := map[string]string{"income": "20000000", "activity": "2000000", "loans": "0"}
	loans := map[string]string{"income": "20000000", "activity": "2000000", "loans": "18000000"}
	cases := []stepCase{
		{name: "loans 0 with 12 borrowers asks", flow: "fund", in: at("fund", "borrowers", 4, noLoans), input: text("12"), env: env,
			want: at("fund", "borrowers", 4, withField(copyDraft(noLoans), fieldPending, "12")), wantKey: "fund.check_no_loans", wantChoices: 2},
		{name: "yes keeps the 12 borrowers", flow: "fund", in: at("fund", "borrowers", 4, withField(copyDraft(noLoans), fieldPending, "12")),
			input: press(4, "yes"), env: env,
			want: at("fund", "confirm", 5, withField(copyDraft(noLoans), "borrowers", "12"), "borrowers"), wantKey: "fund.summary", wantChoices: 3},
		{name: "no asks the borrowers again", flow: "fund", in: at("fund", "borrowers", 4, withField(copyDraft(noLoans), fieldPending, "12")),
			input: press(4, "no"), env: env, want: at("fund", "borrowers", 4, copyDraft(noLoans)), wantKey: "fund.ask_borrowers"},
		{name: "loans 0 with no borrower is fine", flow: "fund", in: at("fund", "borrowers", 4, noLoans), input: text("0"), env: env,
			want: at("fund", "confirm", 5, withField(copyDraft(noLoans), "borrowers", "0"), "borrowers"), wantKey: "fund.summary", wantChoices: 3},
		{name: "loans with no borrower asks", flow: "fund", in: at("fund", "borrowers", 4, loans), input: text("0"), env: env,
			want: at("fund", "borrowers", 4, withField(copyDraft(loans), fieldPending, "0")), wantKey: "fund.check_no_borrowers", wantChoices: 2},
		{name: "loans changed to 0 from the summary asks", flow: "fund",
			in: at("fund", "loans", 7, withField(withField(copyDraft(loans), "borrowers", "12"), FieldEdit, "1")), input: text("0"), env: env,
			want:    at("fund", "loans", 7, withField(withField(withField(copyDraft(loans), "borrowers", "12"), FieldEdit, "1"), fieldPending, "0")),
			wantKey: "fund.check_no_loans", wantChoices: 2},
		{name: "a fund dropping to 0 asks", flow: "fund", in: at("fund", "income", 1, nil), input: text("0"), env: env,
			want: at("fund", "income", 1, map[string]string{fieldPending: "0"}), wantKey: "fund.check_zero", wantChoices: 2},
		{name: "a fund at 0 before may stay 0", flow: "fund", in: at("fund", "income", 1, nil), input: text("0"),
			env: Env{Now: stepNow, LastFund: &bot.FundReport{}}, want: at("fund", "activity", 2, map[string]string{"income": "0"}, "income"),
			wantKey: "fund.ask_activity"},
	}
	runStepCases(t, cases)
}

// TestFundCheckQuestionsNameTheFigures renders the questions: both figures,
// or the balance before and now.
func TestFundCheckQuestionsNameTheFigures(t *testing.T) {
	last := bot.FundReport{IncomeFund: 20_000_000, ActivityFund: 2_000_000}
	env := Env{Now: stepNow, Lang: "vi", LastFund: &last}
	for _, c := range []struct {
		lang, step string
		draft      map[string]string
		input      string
		want       string
	}{
		{"vi", "borrowers", map[string]string{"loans": "0"}, "12", "Bác ghi dư nợ <b>0 đ</b> nhưng có <b>12</b> thành viên đang vay. Chắc chắn?"},
		{"en", "borrowers", map[string]string{"loans": "0"}, "12", "You wrote loans outstanding of <b>0 đ</b>, yet <b>12</b> members have loans. Are you sure?"},
		{"vi", "borrowers", map[string]string{"loans": "5000000"}, "0", "Bác ghi dư nợ <b>5.000.000 đ</b> nhưng không có thành viên nào đang vay. Chắc chắn?"},
		{"en", "borrowers", map[string]string{"loans": "5000000"}, "0", "You wrote loans outstanding of <b>5.000.000 đ</b>, yet no member has a loan. Are you sure?"},
		{"vi", "income", nil, "200tr", "Lần báo cáo trước là <b>20.000.000 đ</b>, số này thay đổi nhiều. Bác chắc chắn là <b>200.000.000 đ</b>?"},
		{"vi", "activity", nil, "0", "Lần báo cáo trước quỹ này còn <b>2.000.000 đ</b>, nay là <b>0 đ</b>. Chắc chắn?"},
		{"en", "income", nil, "0", "At the last report this fund held <b>20.000.000 đ</b>; now it is <b>0 đ</b>. Are you sure?"},
	} {
		res := Advance(fundFlow(), at("fund", c.step, 1, c.draft), text(c.input), env)
		r := res.Replies[0]
		if got := messages.Render(c.lang, r.Key, r.Args); got != c.want {
			t.Errorf("%s %s %q:\n got %q\nwant %q", c.lang, c.step, c.input, got, c.want)
		}
	}
}

func copyDraft(d map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range d {
		out[k] = v
	}
	return out
}

// TestFundChecks: the flags a saved report gets, against the report before.
func TestFundChecks(t *testing.T) {
	prev := bot.FundReport{IncomeFund: 20_000_000, ActivityFund: 2_000_000, LoansOutstanding: 18_000_000, MembersWithLoans: 12}
	r := func(income, activity, loans int64, borrowers int) bot.FundReport {
		return bot.FundReport{IncomeFund: income, ActivityFund: activity, LoansOutstanding: loans, MembersWithLoans: borrowers}
	}
	for _, c := range []struct {
		name string
		r    bot.FundReport
		prev *bot.FundReport
		want []string
	}{
		{"as before", r(21_000_000, 2_000_000, 18_000_000, 12), &prev, nil},
		{"loans 0, 12 borrowers", r(20_000_000, 2_000_000, 0, 12), &prev, []string{bot.CheckNoLoans}},
		{"loans, no borrower", r(20_000_000, 2_000_000, 18_000_000, 0), &prev, []string{bot.CheckNoBorrowers}},
		{"income to 0", r(0, 2_000_000, 18_000_000, 12), &prev, []string{bot.CheckIncomeZero, bot.CheckBigChange}},
		{"activity to 0", r(20_000_000, 0, 18_000_000, 12), &prev, []string{bot.CheckActivZero, bot.CheckBigChange}},
		{"income tenfold", r(200_000_000, 2_000_000, 18_000_000, 12), &prev, []string{bot.CheckBigChange}},
		{"exactly half less is no big change", r(10_000_000, 1_000_000, 18_000_000, 12), &prev, nil},
		{"first report, loans 0 and borrowers", r(20_000_000, 0, 0, 3), nil, []string{bot.CheckNoLoans}},
		{"first report, all 0", r(0, 0, 0, 0), nil, nil},
	} {
		if got := bot.FundChecks(c.r, c.prev); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestClubName: one form for club names however they are typed.
func TestClubName(t *testing.T) {
	for in, want := range map[string]string{
		"clb hoa mai":             "CLB Hoa Mai",
		"Câu lạc bộ hoa mai":      "CLB Hoa Mai",
		"cau lac bo hoa mai":      "CLB Hoa Mai",
		"hoa mai":                 "CLB Hoa Mai",
		"  CLB   Hoa Sen ":        "CLB Hoa Sen",
		"CLB HOA MAI":             "CLB Hoa Mai",
		"C.L.B hoa mai":           "CLB Hoa Mai",
		"clb lien the he hoa mai": "CLB Liên thế hệ Hoa Mai",
		"CLB Liên thế hệ Hoa Sen": "CLB Liên thế hệ Hoa Sen",
		"câu lạc bộ liên thế hệ tự giúp nhau bình minh": "CLB Liên thế hệ tự giúp nhau Bình Minh",
		"clb NCT phường 1": "CLB NCT Phường 1",
		"đồng tâm":         "CLB Đồng Tâm",
		"clb":              "",
		"":                 "",
	} {
		if got := bot.ClubName(in); got != want {
			t.Errorf("ClubName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestReviewAndEditClubSteps: the officers' question and club dialogues.
func TestReviewAndEditClubSteps(t *testing.T) {
	env := Env{Now: stepNow, Lang: "vi", Options: []Choice{{Value: "5", Label: "CLB Hoa Sen (phường Móng Cái 1)"}}}
	ask := map[string]string{"review": "3", "club": "CLB Hoa Sen"}
	cases := []stepCase{
		{name: "the ready question goes to the summary", flow: "reviewask", in: at("reviewask", "pick", 1, ask), input: press(1, "default"), env: env,
			want: at("reviewask", "confirm", 2, withField(copyDraft(ask), "pick", "default"), "pick"), wantKey: "review.ask_summary", wantChoices: 3},
		{name: "own question asks for it", flow: "reviewask", in: at("reviewask", "pick", 1, ask), input: text("tu viet"), env: env,
			want: at("reviewask", "own", 2, withField(copyDraft(ask), "pick", "own"), "pick"), wantKey: "review.ask_own"},
		{name: "a question with no letter is refused", flow: "reviewask", in: at("reviewask", "own", 2, ask), input: text("   "), env: env,
			want: at("reviewask", "own", 2, ask), wantLead: "invalid.text", wantKey: "review.ask_own"},
		{name: "saving asks the engine to send", flow: "reviewask", in: at("reviewask", "confirm", 3, ask), input: press(3, "save"), env: env,
			want: at("reviewask", "confirm", 3, ask), wantAct: ActionAskReview},
		{name: "a club found by part of its name", flow: "editclub", in: at("editclub", "search", 1, nil), input: text("hoa sen"), env: env,
			want: at("editclub", "pick", 2, map[string]string{fieldMatches: "5"}, "search"), wantKey: "search.ask_pick", wantChoices: 1},
		{name: "three things to do", flow: "editclub", in: at("editclub", "pick", 2, map[string]string{fieldMatches: "5"}), input: press(2, "5"), env: env,
			want: at("editclub", "action", 3, map[string]string{fieldMatches: "5", "club": "5"}, "pick"), wantKey: "editclub.ask_action", wantChoices: 3},
		{name: "rename asks the new name", flow: "editclub", in: at("editclub", "action", 3, map[string]string{"club": "5"}), input: text("doi ten"), env: env,
			want: at("editclub", "name", 4, map[string]string{"club": "5", "editclub_action": "rename"}, "action"), wantKey: "editclub.ask_new_name"},
		{name: "a name that is only CLB is refused", flow: "editclub", in: at("editclub", "name", 4, map[string]string{"club": "5", "editclub_action": "rename"}),
			input: text("clb"), env: env, want: at("editclub", "name", 4, map[string]string{"club": "5", "editclub_action": "rename"}),
			wantLead: "editclub.invalid_name", wantKey: "editclub.ask_new_name"},
		{name: "dissolve goes to the confirmation", flow: "editclub", in: at("editclub", "action", 3, map[string]string{"club": "5"}), input: press(3, "dissolve"), env: env,
			want: at("editclub", "confirm", 4, map[string]string{"club": "5", "editclub_action": "dissolve"}, "action"), wantKey: "editclub.summary", wantChoices: 3},
	}
	runStepCases(t, cases)
	res := Advance(editClubFlow(), at("editclub", "name", 4, map[string]string{"club": "5", "editclub_action": "rename"}), text("cau lac bo hoa mai"), env)
	if got := messages.Render("vi", res.Replies[0].Key, res.Replies[0].Args); got != "Đổi tên <b>CLB Hoa Sen (phường Móng Cái 1)</b> thành <b>CLB Hoa Mai</b>?" {
		t.Errorf("the rename's confirmation: %q", got)
	}
}
