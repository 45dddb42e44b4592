package dialogue

import (
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// multiDone is the value of a several-choices step's "done" button; the
// other buttons' values are the choices' own (activity keys).
const multiDone = "_done"

// numberListRe matches numbers typed as a list: "1 3 5", "1,3, 5", "1;3".
var numberListRe = regexp.MustCompile(`^[0-9]{1,3}(?:\s*[,;.\s]\s*[0-9]{1,3})*$`)

// ParseNumberList reads the numbers of several choices typed as a list
// ("1 3 5", "1,3, 5", "1 va 3"), each from 1 to n, in the order given
// without repeats. It refuses anything else, and numbers out of range.
func ParseNumberList(s string, n int) ([]int, error) {
	f := strings.TrimSpace(strings.ReplaceAll(" "+bot.Fold(s)+" ", " va ", " "))
	if !numberListRe.MatchString(f) {
		return nil, bot.Errorf(bot.EINVALID, "not a list of numbers")
	}
	var out []int
	for _, p := range strings.FieldsFunc(f, func(r rune) bool { return r < '0' || r > '9' }) {
		k, _ := strconv.Atoi(p)
		if k < 1 || k > n {
			return nil, bot.Errorf(bot.EINVALID, "number %d is not a choice", k)
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out, nil
}

// listExample is a list of choices among n for an example: "1 3 5", or
// fewer for fewer choices.
func listExample(n int) string {
	switch {
	case n >= 5:
		return "1 3 5"
	case n >= 2:
		return "1 2"
	}
	return "1"
}

// chosen are the activity keys the draft holds, in the order kept.
func chosen(d map[string]string) []string {
	if d["activities"] == "" {
		return nil
	}
	return strings.Split(d["activities"], ",")
}

// setChosen keeps keys in the plan's order.
func setChosen(d map[string]string, keys []string, env Env) {
	var out []string
	for _, a := range env.Activities {
		if slices.Contains(keys, a.Key) {
			out = append(out, a.Key)
		}
	}
	d["activities"] = strings.Join(out, ",")
}

// activityOf is the plan's activity of this key.
func activityOf(key string, env Env) (bot.Activity, bool) {
	return bot.FindActivity(env.Activities, key)
}

// activityOptions are the activities, those chosen marked ✅, then "done".
func activityOptions(s bot.Session, env Env) []Choice {
	picked := chosen(s.Draft)
	out := make([]Choice, 0, len(env.Activities)+1)
	for _, a := range env.Activities {
		label := a.Name(env.Lang)
		if slices.Contains(picked, a.Key) {
			label = "✅ " + label
		}
		out = append(out, Choice{Value: a.Key, Label: label})
	}
	return append(out, Choice{Value: multiDone, Key: "activity.done"})
}

// multiPick reads an answer to a several-choices step: a button (or its
// label typed) turns a choice on or off and asks again; "done" goes on; a
// list of numbers typed ("1 3 5") is the whole answer, and goes on.
func multiPick(f *Flow, s bot.Session, st *Step, text string, byButton bool, env Env) Result {
	options := stepChoices(st, s, env)
	if !byButton {
		if nums, err := ParseNumberList(text, len(options)); err == nil && (len(nums) > 1 || strings.ContainsAny(text, " ,;")) {
			var keys []string
			for _, k := range nums {
				if v := options[k-1].Value; v != multiDone {
					keys = append(keys, v)
				}
			}
			setChosen(s.Draft, keys, env)
			return multiDoneStep(f, s, st, env)
		}
	}
	value, ok := Choose(options, text, byButton, env.Lang)
	switch {
	case !ok && byButton:
		return Ask(f, s, st, env, "choice.invalid", nil)
	case !ok:
		return Ask(f, s, st, env, "activity.invalid_list", activityArgs(s.Draft, env))
	case value == multiDone:
		return multiDoneStep(f, s, st, env)
	}
	picked := chosen(s.Draft)
	if i := slices.Index(picked, value); i >= 0 {
		picked = slices.Delete(picked, i, i+1)
	} else {
		picked = append(picked, value)
	}
	setChosen(s.Draft, picked, env)
	s.Seq++
	return Ask(f, s, st, env, "", nil)
}

// multiDoneStep goes on from the activities chosen: to the count of the
// first that has one, or the summary. Counts of activities no longer
// chosen are dropped.
func multiDoneStep(f *Flow, s bot.Session, st *Step, env Env) Result {
	if _, ok := s.Draft["activities"]; !ok {
		s.Draft["activities"] = "" // none carried out: answered all the same
	}
	counts := draftCounts(s.Draft["counts"])
	for k := range counts {
		if !slices.Contains(chosen(s.Draft), k) {
			delete(counts, k)
		}
	}
	s.Draft["counts"] = encodeCounts(counts, env)
	delete(s.Draft, fieldCountAt)
	if next := nextCounted(s.Draft, "", env); next != "" {
		s.Draft[fieldCountAt] = next
	}
	return move(f, s, st, env)
}

// nextCounted is the first chosen activity with a count after the one of
// key after ("" for the first), in the plan's order, or "".
func nextCounted(d map[string]string, after string, env Env) string {
	passed := after == ""
	for _, a := range env.Activities {
		switch {
		case a.Key == after:
			passed = true
		case passed && a.Counted() && slices.Contains(chosen(d), a.Key):
			return a.Key
		}
	}
	return ""
}

// countingKey is the activity whose count is asked: the one the draft
// names, else the first chosen with a count, else the plan's first with a
// count (a count asked from the summary's edit with none chosen).
func countingKey(d map[string]string, env Env) string {
	if k := d[fieldCountAt]; k != "" {
		return k
	}
	if k := nextCounted(d, "", env); k != "" {
		return k
	}
	for _, a := range env.Activities {
		if a.Counted() {
			return a.Key
		}
	}
	return ""
}

// countArgs fill the question of a count: the activity and what it
// counts.
func countArgs(d map[string]string, env Env) map[string]any {
	args := activityArgs(d, env)
	a, _ := activityOf(countingKey(d, env), env)
	args["activity"], args["what"] = a.Name(env.Lang), a.CountName(env.Lang)
	args["count_example"] = 10
	if n := len(env.Members); n > 0 {
		args["count_example"] = min(10, n)
	}
	return args
}

// storeCount keeps the count of the activity asked (which, counting
// anyone, is then among those carried out if it was not) and moves to the
// next.
func storeCount(d map[string]string, value string, env Env) {
	key := countingKey(d, env)
	if key == "" {
		return
	}
	counts := draftCounts(d["counts"])
	counts[key], _ = strconv.Atoi(value)
	if counts[key] > 0 && !slices.Contains(chosen(d), key) {
		setChosen(d, append(chosen(d), key), env)
	}
	d["counts"] = encodeCounts(counts, env)
	delete(d, fieldCountAt)
	if next := nextCounted(d, key, env); next != "" {
		d[fieldCountAt] = next
	}
}

// draftCounts reads "health=12,homecare=5".
func draftCounts(s string) map[string]int {
	out := map[string]int{}
	for _, p := range strings.Split(s, ",") {
		if k, v, ok := strings.Cut(p, "="); ok {
			out[k], _ = strconv.Atoi(v)
		}
	}
	return out
}

// encodeCounts writes counts in the plan's order.
func encodeCounts(counts map[string]int, env Env) string {
	var parts []string
	for _, a := range env.Activities {
		if n, ok := counts[a.Key]; ok {
			parts = append(parts, a.Key+"="+strconv.Itoa(n))
		}
	}
	return strings.Join(parts, ",")
}

// activityLines render the draft's answers for a summary.
func activityLines(d map[string]string, env Env) messages.HTML {
	lines := []string{messages.Render(env.Lang, "activity.line_meeting", messages.Args{"meeting": activityValue("held", d["held"], env)})}
	if d["held"] == "yes" {
		lines[0] = messages.Render(env.Lang, "activity.line_meeting_held", messages.Args{
			"date": activityValue("date", d["date"], env), "attendance": int(DraftInt(d, "attendance"))})
	}
	lines = append(lines, messages.Render(env.Lang, "activity.line_activities", messages.Args{
		"activities": activityValue("activities", d["activities"], env)}))
	if d["counts"] != "" {
		lines = append(lines, messages.Render(env.Lang, "activity.line_counts", messages.Args{
			"counts": activityValue("counts", d["counts"], env)}))
	}
	return messages.HTML(strings.Join(lines, "\n"))
}

// activityValue renders a draft value of a report's answer, as HTML.
func activityValue(field, v string, env Env) messages.HTML {
	r := func(key string, args messages.Args) messages.HTML {
		return messages.HTML(messages.Render(env.Lang, key, args))
	}
	switch field {
	case "held":
		if v == "yes" {
			return r("button.yes", nil)
		}
		return r("button.no", nil)
	case "date":
		if d, err := time.ParseInLocation(time.DateOnly, v, bot.Vietnam()); err == nil {
			return messages.HTML(messages.FormatDate(d))
		}
		return r("activity.none", nil)
	case "activities":
		var names []string
		for _, k := range strings.Split(v, ",") {
			if a, ok := activityOf(k, env); ok {
				names = append(names, html.EscapeString(a.Name(env.Lang)))
			}
		}
		if len(names) == 0 {
			return r("activity.none", nil)
		}
		return messages.HTML(strings.Join(names, "; "))
	case "counts":
		var parts []string
		for k, n := range draftCounts(v) {
			if a, ok := activityOf(k, env); ok {
				parts = append(parts, messages.Render(env.Lang, "activity.count_item", messages.Args{"count": n, "what": a.CountName(env.Lang)}))
			}
		}
		slices.Sort(parts)
		if len(parts) == 0 {
			return r("activity.none", nil)
		}
		return messages.HTML(strings.Join(parts, "; "))
	}
	return messages.HTML(html.EscapeString(v))
}
