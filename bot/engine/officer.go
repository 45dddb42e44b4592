package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
)

// notOfficer answers someone who is not an officer asking for an
// officer's command: a guest is shown the way in, a leader whom it is for.
func (t *turn) notOfficer() error {
	if t.user == nil {
		return t.guest()
	}
	t.say("forbidden.officer_only", nil)
	return t.reask()
}

// officerHelpKey is the help text for an officer or admin.
func officerHelpKey(u *bot.User) string {
	if bot.CanInvite(u) {
		return "officer.help_province"
	}
	return "officer.help_area"
}

// idleCommand runs a question that may come in the middle of a dialogue,
// then asks the dialogue's question again.
func (t *turn) idleCommand(answer func() error) error {
	if err := answer(); err != nil {
		return err
	}
	return t.reask()
}

// startOfficerFlow begins flow name for an officer.
func (t *turn) startOfficerFlow(name string) error {
	if busy, err := t.busy(); busy {
		return err
	}
	if err := t.noteOpenDialogues(); err != nil {
		return err
	}
	f := t.e.flows[name]
	res := dialogue.Enter(f, t.s, f.Steps[0].Name, nil)
	t.s = res.Session
	t.replies = append(t.replies, res.Replies...)
	return nil
}

// inviteCommand starts the invite dialogue for those who may invite.
func (t *turn) inviteCommand(string) error {
	if !bot.CanInvite(t.user) {
		t.say("forbidden.province_only", nil)
		return t.reask()
	}
	return t.startOfficerFlow("invite")
}

// newClubCommand starts the new-club dialogue.
func (t *turn) newClubCommand(string) error {
	return t.startOfficerFlow("newclub")
}

// scopeStats loads the clubs of the user's scope with their figures.
func (t *turn) scopeStats() ([]bot.ClubStat, error) {
	stats, err := t.e.store.ClubStats(t.ctx, bot.OfficerScope(t.user), t.now, t.e.cfg.OlderAge)
	if err != nil {
		return nil, fmt.Errorf("load club figures: %w", err)
	}
	return stats, nil
}

// scopeUnits loads the units of a level (all for 0) within the user's scope.
func (t *turn) scopeUnits(level bot.UnitLevel) ([]bot.Unit, error) {
	units, err := t.r.Units(t.ctx, level)
	if err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	scope := bot.OfficerScope(t.user)
	var out []bot.Unit
	for _, u := range units {
		if u.Level != bot.LevelProvince && bot.UnitInScope(scope, u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// unitOptions are units as the choices of a search step.
func unitOptions(units []bot.Unit) []dialogue.Choice {
	out := make([]dialogue.Choice, 0, len(units))
	for _, u := range units {
		out = append(out, dialogue.Choice{Value: strconv.FormatInt(u.ID, 10), Label: u.FullName()})
	}
	return out
}

// clubOptions are clubs as the choices of a search step.
func clubOptions(stats []bot.ClubStat) []dialogue.Choice {
	out := make([]dialogue.Choice, 0, len(stats))
	for _, st := range stats {
		out = append(out, dialogue.Choice{Value: strconv.FormatInt(st.Club.ID, 10), Label: clubLabel(st)})
	}
	return out
}

// clubLabel names a club with its unit: "CLB Hoa Sen (Móng Cái 1)".
func clubLabel(st bot.ClubStat) string {
	return st.Club.Name + " (" + st.UnitName + ")"
}

// officerEnv loads the choices of an officer's flow: the commune-level
// units of the scope for a new club, the clubs or the units of the scope
// for an invite, by the role already chosen.
func (t *turn) officerEnv(f *dialogue.Flow, env *dialogue.Env) error {
	var err error
	switch {
	case f.Name == "announce":
		err = t.announceEnv(env)
	case f.Name == "revoke":
		env.Options, err = t.userOptions()
	case f.Name == "editclub":
		var stats []bot.ClubStat
		stats, err = t.scopeStats()
		env.Options = clubOptions(stats)
	case f.Name == "newclub":
		var units []bot.Unit
		units, err = t.scopeUnits(bot.LevelCommune)
		env.Options = unitOptions(units)
	case f.Name == "invite" && t.s.Draft["role"] == string(bot.RoleLeader):
		var stats []bot.ClubStat
		stats, err = t.scopeStats()
		env.Options = clubOptions(stats)
	case f.Name == "invite":
		var units []bot.Unit
		units, err = t.scopeUnits(0)
		env.Options = unitOptions(units)
	}
	return err
}

// clubInviteCommand answers the button offered after a new club is saved:
// an invite for the club's leader. Typed, it is no command.
func (t *turn) clubInviteCommand(arg string) error {
	if t.in.Kind != bot.InputButton {
		t.say("command.unknown", map[string]any{"help": messages.Key(t.helpKey())})
		return t.reask()
	}
	if !bot.IsOfficer(t.user) {
		return t.notOfficer()
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(arg, "club_invite."), 10, 64)
	stats, err := t.scopeStats()
	if err != nil {
		return err
	}
	for _, st := range stats {
		if st.Club.ID == id {
			return t.issueInvite(bot.RoleLeader, bot.Scope{Kind: bot.ScopeClub, ClubID: &id}, st.Club.Name)
		}
	}
	t.say("step.stale", nil)
	return nil
}
