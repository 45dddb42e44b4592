package store

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/clubbot/clubbot/bot"
)

// defaultActivities is the list of activities, the full set and its
// target that a plan file without them gets (data/activities-default.json).
//
//go:embed data/activities-default.json
var defaultActivities []byte

// activityFile is an activity as a plan file writes it.
type activityFile struct {
	Key     string `json:"key"`
	NameVI  string `json:"name_vi"`
	NameEN  string `json:"name_en"`
	CountVI string `json:"count_vi,omitempty"`
	CountEN string `json:"count_en,omitempty"`
}

// planActivities is the part of a plan file on club life: the activities,
// the keys of those that make the full set, and the target share of clubs
// that carry it out.
type planActivities struct {
	Activities           []activityFile `json:"activities,omitempty"`
	FullSet              []string       `json:"full_set,omitempty"`
	FullSetTargetPercent int            `json:"full_set_target_percent,omitempty"`
}

// orDefaults fills what a plan leaves out from the defaults: the list of
// activities (and then its full set), or the target.
func (a planActivities) orDefaults() planActivities {
	var def planActivities
	if err := json.Unmarshal(defaultActivities, &def); err != nil {
		panic("store: data/activities-default.json: " + err.Error()) // embedded: a build mistake
	}
	if len(a.Activities) == 0 {
		a.Activities, a.FullSet = def.Activities, def.FullSet
	}
	if len(a.FullSet) == 0 {
		for _, x := range a.Activities {
			a.FullSet = append(a.FullSet, x.Key)
		}
	}
	if a.FullSetTargetPercent == 0 {
		a.FullSetTargetPercent = def.FullSetTargetPercent
	}
	return a
}

// activityKeyRe is an activity's key: short, for a button's data.
var activityKeyRe = regexp.MustCompile(`^[a-z0-9_]{1,24}$`)

// check refuses activities without a key or a name, keys that do not fit
// a button, keys twice, and a
// full set naming an activity not listed; it returns the list and the full
// set as stored (JSON).
func (a planActivities) check() ([2]string, error) {
	keys := map[string]bool{}
	for _, x := range a.Activities {
		switch {
		case x.Key == "" || x.NameVI == "" || x.NameEN == "":
			return [2]string{}, fmt.Errorf("activity %q needs a key, name_vi and name_en", x.Key)
		case !activityKeyRe.MatchString(x.Key):
			return [2]string{}, fmt.Errorf("activity key %q: up to 24 small letters, digits or _ (it goes into buttons)", x.Key)
		case keys[x.Key]:
			return [2]string{}, fmt.Errorf("activity %q listed twice", x.Key)
		}
		keys[x.Key] = true
	}
	for _, k := range a.FullSet {
		if !keys[k] {
			return [2]string{}, fmt.Errorf("full_set names %q, which is not an activity", k)
		}
	}
	if a.FullSetTargetPercent < 0 || a.FullSetTargetPercent > 100 {
		return [2]string{}, fmt.Errorf("full_set_target_percent %d is not a percentage", a.FullSetTargetPercent)
	}
	list, _ := json.Marshal(a.Activities)
	set, _ := json.Marshal(a.FullSet)
	return [2]string{string(list), string(set)}, nil
}

// botActivities converts the list to the domain's.
func (a planActivities) botActivities() []bot.Activity {
	out := make([]bot.Activity, len(a.Activities))
	for i, x := range a.Activities {
		out[i] = bot.Activity{Key: x.Key, NameVI: x.NameVI, NameEN: x.NameEN, CountVI: x.CountVI, CountEN: x.CountEN}
	}
	return out
}
