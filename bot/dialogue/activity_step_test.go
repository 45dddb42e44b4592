package dialogue

import (
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// testActivities are a plan's activities as the tests know them: two of
// the eight with a count.
func testActivities() []bot.Activity {
	return []bot.Activity{
		{Key: "income", NameVI: "Tăng thu nhập, vay vốn", NameEN: "Income generation and loans"},
		{Key: "health", NameVI: "Chăm sóc sức khoẻ", NameEN: "Health care", CountVI: "thành viên được khám sức khoẻ", CountEN: "members who had a health check"},
		{Key: "homecare", NameVI: "Chăm sóc tại nhà", NameEN: "Home care", CountVI: "thành viên được thăm tại nhà", CountEN: "members visited at home"},
		{Key: "culture", NameVI: "Văn hoá, thể thao", NameEN: "Culture and sport"},
		{Key: "rights", NameVI: "Tư vấn pháp luật", NameEN: "Legal advice"},
		{Key: "mutual", NameVI: "Tương trợ", NameEN: "Mutual help"},
		{Key: "community", NameVI: "Cộng đồng, môi trường", NameEN: "Community work"},
		{Key: "communication", NameVI: "Truyền thông", NameEN: "Communication"},
	}
}

func activityEnv() Env {
	return Env{Now: stepNow, Lang: "vi", OlderAge: 60, Members: make([]bot.Member, 52), Activities: testActivities()}
}

func d(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func TestAdvanceActivity(t *testing.T) {
	env := activityEnv()
	oct := time.Date(2026, 10, 1, 0, 0, 0, 0, bot.Vietnam())
	saved := bot.ActivityReport{ID: 4, Month: oct, Done: []bot.ActivityDone{{Key: "culture"}}}
	envSaved := env
	envSaved.ActivityReports = []bot.ActivityReport{saved}
	cases := []stepCase{
		{name: "the month young: the previous month by button", flow: "activity", in: at("activity", "month", 1, nil), input: press(1, "2026-10"), env: env,
			want: at("activity", "held", 2, d("month", "2026-10"), "month"), wantKey: "activity.ask_held", wantChoices: 2},
		{name: "a month already reported shows it", flow: "activity", in: at("activity", "month", 1, nil), input: text("1"), env: envSaved,
			want: at("activity", "existing", 2, withOld(ActivityDraft(saved)), "month"), wantKey: "activity.existing", wantChoices: 2},
		{name: "keep it as saved", flow: "activity", in: at("activity", "existing", 2, ActivityDraft(saved)), input: press(2, "keep"), env: envSaved,
			want: at("activity", "existing", 2, withField(ActivityDraft(saved), "existing", "keep")), wantAct: ActionKeepActivity},
		{name: "correct it: which answer", flow: "activity", in: at("activity", "existing", 2, ActivityDraft(saved)), input: text("sua"), env: envSaved,
			want: at("activity", StepEdit, 3, withField(ActivityDraft(saved), "existing", "edit"), "existing"), wantKey: "edit.ask", wantChoices: 5},
		{name: "no meeting: to the activities", flow: "activity", in: at("activity", "held", 1, nil), input: text("khong"), env: env,
			want: at("activity", "activities", 2, d("held", "no"), "held"), wantKey: "activity.ask_activities", wantChoices: 9},
		{name: "a meeting: its day", flow: "activity", in: at("activity", "held", 1, nil), input: press(1, "yes"), env: env,
			want: at("activity", "date", 2, d("held", "yes"), "held"), wantKey: "activity.ask_date"},
		{name: "the day as leaders type it", flow: "activity", in: at("activity", "date", 2, d("held", "yes")), input: text("15/11"), env: env,
			want: at("activity", "attendance", 3, d("held", "yes", "date", "2026-11-15"), "date"), wantKey: "activity.ask_attendance"},
		{name: "today", flow: "activity", in: at("activity", "date", 2, d("held", "yes")), input: text("hom nay"), env: env,
			want: at("activity", "attendance", 3, d("held", "yes", "date", "2026-11-29"), "date"), wantKey: "activity.ask_attendance"},
		{name: "a day of another month", flow: "activity", in: at("activity", "date", 2, d("held", "yes", "month", "2026-10")), input: text("15/11"), env: env,
			want: at("activity", "date", 2, d("held", "yes", "month", "2026-10")), wantLead: "activity.date_outside", wantKey: "activity.ask_date"},
		{name: "not a day", flow: "activity", in: at("activity", "date", 2, nil), input: text("thu bay"), env: env,
			want: at("activity", "date", 2, nil), wantLead: "activity.invalid_date", wantKey: "activity.ask_date"},
		{name: "attendance", flow: "activity", in: at("activity", "attendance", 3, nil), input: text("40 nguoi"), env: env,
			want: at("activity", "activities", 4, d("attendance", "40"), "attendance"), wantKey: "activity.ask_activities", wantChoices: 9},
		{name: "more than the members", flow: "activity", in: at("activity", "attendance", 3, nil), input: text("60"), env: env,
			want: at("activity", "attendance", 3, nil), wantLead: "activity.too_many_attending", wantKey: "activity.ask_attendance"},
		{name: "attendance not a number", flow: "activity", in: at("activity", "attendance", 3, nil), input: text("dong"), env: env,
			want: at("activity", "attendance", 3, nil), wantLead: "activity.invalid_attendance", wantKey: "activity.ask_attendance"},
		{name: "a press turns an activity on", flow: "activity", in: at("activity", "activities", 4, nil), input: press(4, "culture"), env: env,
			want: at("activity", "activities", 5, d("activities", "culture")), wantKey: "activity.ask_activities", wantChoices: 9},
		{name: "and again off", flow: "activity", in: at("activity", "activities", 5, d("activities", "health,culture")), input: press(5, "culture"), env: env,
			want: at("activity", "activities", 6, d("activities", "health")), wantKey: "activity.ask_activities", wantChoices: 9},
		{name: "a label typed turns it on", flow: "activity", in: at("activity", "activities", 4, nil), input: text("van hoa"), env: env,
			want: at("activity", "activities", 5, d("activities", "culture")), wantKey: "activity.ask_activities", wantChoices: 9},
		{name: "done: the first count", flow: "activity", in: at("activity", "activities", 5, d("activities", "health,culture")), input: press(5, "_done"), env: env,
			want: at("activity", "counts", 6, d("activities", "health,culture", "counts", "", "_count_at", "health"), "activities"), wantKey: "activity.ask_count"},
		{name: "done with nothing chosen", flow: "activity", in: at("activity", "activities", 5, nil), input: text("xong"), env: env,
			want: at("activity", StepConfirm, 6, d("activities", "", "counts", ""), "activities"), wantKey: "activity.summary", wantChoices: 3},
		{name: "numbers typed: the whole answer", flow: "activity", in: at("activity", "activities", 5, nil), input: text("4,1, 3"), env: env,
			want: at("activity", "counts", 6, d("activities", "income,homecare,culture", "counts", "", "_count_at", "homecare"), "activities"), wantKey: "activity.ask_count"},
		{name: "a number out of the list", flow: "activity", in: at("activity", "activities", 5, nil), input: text("1 12"), env: env,
			want: at("activity", "activities", 5, nil), wantLead: "activity.invalid_list", wantKey: "activity.ask_activities", wantChoices: 9},
		{name: "a count, then the next", flow: "activity", in: at("activity", "counts", 6, d("activities", "health,homecare", "_count_at", "health")), input: text("12"), env: env,
			want: at("activity", "counts", 7, d("activities", "health,homecare", "counts", "health=12", "_count_at", "homecare"), "counts"), wantKey: "activity.ask_count"},
		{name: "the last count: the summary", flow: "activity", in: at("activity", "counts", 7, d("activities", "health,homecare", "counts", "health=12", "_count_at", "homecare")), input: text("5"), env: env,
			want: at("activity", StepConfirm, 8, d("activities", "health,homecare", "counts", "health=12,homecare=5"), "counts"), wantKey: "activity.summary", wantChoices: 3},
		{name: "a count above the members", flow: "activity", in: at("activity", "counts", 6, d("activities", "health", "_count_at", "health")), input: text("53"), env: env,
			want: at("activity", "counts", 6, d("activities", "health", "_count_at", "health")), wantLead: "activity.too_many_counted", wantKey: "activity.ask_count"},
		{name: "a count from the summary with nothing chosen: the activity is carried out", flow: "activity",
			in: at("activity", "counts", 9, d("activities", "", FieldEdit, "1")), input: text("7"), env: env,
			want: at("activity", StepConfirm, 10, d("activities", "health", "counts", "health=7"), "counts"), wantKey: "activity.summary", wantChoices: 3},
		{name: "a count of 0 adds nothing carried out", flow: "activity",
			in: at("activity", "counts", 9, d("activities", "", FieldEdit, "1")), input: text("0"), env: env,
			want: at("activity", StepConfirm, 10, d("activities", "", "counts", "health=0"), "counts"), wantKey: "activity.summary", wantChoices: 3},
		{name: "save", flow: "activity", in: at("activity", StepConfirm, 8, d("held", "no")), input: press(8, "save"), env: env,
			want: at("activity", StepConfirm, 8, d("held", "no")), wantAct: ActionSaveActivity},
		{name: "back from the day to the meeting", flow: "activity", in: at("activity", "date", 2, d("held", "yes"), "held"), input: cmd("back"), env: env,
			want: at("activity", "held", 3, d("held", "yes")), wantKey: "activity.ask_held", wantChoices: 2},
		{name: "cancel", flow: "activity", in: at("activity", "date", 2, d("held", "yes"), "held"), input: cmd("cancel"), env: env,
			want: bot.Session{Seq: 3, Draft: map[string]string{}}, wantKey: "flow.cancelled"},
	}
	runStepCases(t, cases)
}

// withOld is a draft as storeMonth leaves it: the saved report's.
func withOld(d map[string]string) map[string]string { return d }

func TestActivityDraftRoundTrip(t *testing.T) {
	env := activityEnv()
	on, twelve := time.Date(2026, 11, 15, 0, 0, 0, 0, bot.Vietnam()), 12
	r := bot.ActivityReport{ID: 9, Month: time.Date(2026, 11, 1, 0, 0, 0, 0, bot.Vietnam()), MeetingHeld: true, MeetingOn: &on,
		Attendance: 40, Done: []bot.ActivityDone{{Key: "health", Count: &twelve}, {Key: "culture"}}}
	got := ActivityFromDraft(ActivityDraft(r), 3, env)
	if !got.Month.Equal(r.Month) || !got.MeetingOn.Equal(on) || got.Attendance != 40 || len(got.Done) != 2 ||
		*got.Done[0].Count != 12 || got.Done[1].Count != nil || got.ClubID != 3 {
		t.Fatalf("round trip: %+v", got)
	}
	none := ActivityFromDraft(d("held", "no", "date", "2026-11-15", "attendance", "40", "activities", ""), 3, env)
	if none.MeetingHeld || none.MeetingOn != nil || none.Attendance != 0 || len(none.Done) != 0 {
		t.Fatalf("no meeting: %+v", none)
	}
}

func TestActivitySummaryShowsTheAnswers(t *testing.T) {
	for _, lang := range messages.Langs {
		env := activityEnv()
		env.Lang = lang
		f := Flows()["activity"]
		draft := d("month", "2026-11", "held", "yes", "date", "2026-11-15", "attendance", "40",
			"activities", "health,culture", "counts", "health=12")
		r := Advance(f, at("activity", StepConfirm, 3, draft), cmd("repeat"), env).Replies[0]
		got := messages.Render(lang, r.Key, r.Args)
		for _, want := range []string{"11/2026", "15/11/2026", "40", "12", testActivities()[1].Name(lang), testActivities()[3].Name(lang)} {
			if !strings.Contains(got, want) {
				t.Errorf("%s summary lacks %q: %s", lang, want, got)
			}
		}
	}
}

// TestActivityListExamplesAreAccepted feeds the example of the typed
// question of the activities, and of its refusal, back to it: it must be
// taken, as the whole answer when it lists several.
func TestActivityListExamplesAreAccepted(t *testing.T) {
	f := Flows()["activity"]
	for _, lang := range messages.Langs {
		for _, n := range []int{1, 3, 8} {
			env := activityEnv()
			env.Lang, env.Activities = lang, testActivities()[:n]
			s := at("activity", "activities", 4, nil)
			r := Advance(f, s, cmd("repeat"), env).Replies[0]
			texts := []string{messages.Render(lang, r.Key+".typed", r.Args)}
			refusal := Advance(f, s, text("?"), env).Replies[0]
			texts = append(texts, messages.Render(lang, refusal.Lead, refusal.LeadArgs))
			for _, rendered := range texts {
				exs := examples(rendered)
				if len(exs) == 0 {
					t.Errorf("%s, %d activities: no example in %q", lang, n, rendered)
				}
				for _, ex := range exs {
					res := Advance(f, s, text(ex), env)
					if res.Session.Draft["activities"] == "" || n > 1 && res.Session.Step == "activities" {
						t.Errorf("%s, %d activities: the example %q of %q is not taken: %s", lang, n, ex, rendered, res.Replies[0].Lead)
					}
				}
			}
		}
	}
}
