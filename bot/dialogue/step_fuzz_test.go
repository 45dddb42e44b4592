package dialogue

import (
	"maps"
	"sort"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// FuzzAdvance feeds any text, button data or kind of input to every step
// of every flow: the step function must not panic, must stay inside its
// flow, must only name catalog keys, and must keep the draft when it
// refuses an answer.
func FuzzAdvance(f *testing.F) {
	for _, s := range []string{"", "1", "có", "luu", "20tr", "1958", "31/02/2025", "Nguyễn Thị Hoa", "hoa", "/x",
		"4:save", "2:female", "zzzzzzzzz:yes", "\xff:\x00", strings.Repeat("9", 30), "<b>x</b>", "-5tr",
		"3tr2", "1 triệu rưỡi", "1tr05", "?", "😢", "2011", "2012", "1 3 5", "4:health", "4:_done", "15/11", "xong"} {
		for kind := range 4 {
			f.Add(uint8(kind), uint16(0), s)
		}
	}
	flows := Flows()
	names := sort.StringSlice(nil)
	for name := range flows {
		names = append(names, name)
	}
	names.Sort()
	env := Env{Now: stepNow, Lang: "vi", OlderAge: 60,
		Members: []bot.Member{{ID: 7, FullName: "Nguyễn Thị Hoa", BirthYear: 1950}, {ID: 8, FullName: "Trần Văn Hùng", BirthYear: 1962}}}
	f.Fuzz(func(t *testing.T, kind uint8, pick uint16, s string) {
		fl := flows[names[int(pick)%len(names)]]
		st := fl.Steps[int(pick/16)%len(fl.Steps)]
		env := env
		if fl.Name == "newclub" || fl.Name == "invite" || fl.Name == "revoke" { // officers choose among options
			env.Options = []Choice{{Value: "7", Label: "phường Móng Cái 1"}, {Value: "8", Label: "CLB Hoa Sen (Móng Cái 1)"}}
		}
		if fl.Name == "activity" { // the plan's activities, and a month already reported
			env.Activities = testActivities()
			env.ActivityReports = []bot.ActivityReport{{ID: 3, Month: stepNow.AddDate(0, -1, 0), Done: []bot.ActivityDone{{Key: "health"}}}}
		}
		in := bot.Inbound{Kind: []bot.InputKind{bot.InputText, bot.InputButton, bot.InputCommand, bot.InputUnsupported, bot.InputContact}[int(kind)%5]}
		switch in.Kind {
		case bot.InputButton:
			in.Data = s
		case bot.InputCommand:
			in.Command = s
		case bot.InputContact:
			in.Phone = s
		default:
			in.Text = s
		}
		draft := map[string]string{"name": "Nguyễn Thị Hoa", "gender": "female", "year": "1950", "_matches": "7,8"}
		sess := bot.Session{Flow: fl.Name, Step: st.Name, Seq: 4, Draft: maps.Clone(draft), Back: []string{"x"}}
		res := Advance(fl, sess, in, env)
		if !maps.Equal(sess.Draft, draft) {
			t.Fatalf("Advance changed its argument's draft: %v", sess.Draft)
		}
		if res.Session.Flow != "" && (res.Session.Flow != fl.Name || fl.Step(res.Session.Step) == nil) {
			t.Fatalf("%s/%s %+v went to %s/%s", fl.Name, st.Name, in, res.Session.Flow, res.Session.Step)
		}
		if res.Session.Seq < sess.Seq {
			t.Fatalf("%s/%s %+v went back to step counter %d", fl.Name, st.Name, in, res.Session.Seq)
		}
		for _, r := range res.Replies {
			for _, key := range []string{r.Lead, r.Key} {
				if key != "" && !catalogHas(key) {
					t.Fatalf("%s/%s %+v: reply key %q is not in both catalogs", fl.Name, st.Name, in, key)
				}
			}
			if r.Lead != "" && res.Session.Step == st.Name && res.Action == ActionNone {
				got := maps.Clone(res.Session.Draft)
				delete(got, fieldPending)
				if !maps.Equal(got, draft) {
					t.Fatalf("%s/%s %+v refused with %q but changed the draft to %v", fl.Name, st.Name, in, r.Lead, got)
				}
			}
		}
	})
}
