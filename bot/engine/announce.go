package engine

import (
	"fmt"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/bot/digest"
)

// recentAnnouncements is how many announcements /announce lists.
const recentAnnouncements = 5

// announceCommand answers /announce: the scope's recent announcements
// with their counts, and a button to write a new one.
func (t *turn) announceCommand(string) error {
	if busy, err := t.busy(); busy {
		return err
	}
	if err := t.noteOpenDialogues(); err != nil {
		return err
	}
	f := t.e.flows["announce"]
	env, err := t.flowEnv(f)
	if err != nil {
		return err
	}
	t.openAt(f, f.Steps[0].Name, nil, env)
	return nil
}

// announceEnv loads the scope's recent announcements and whom a new one
// would reach, by audience.
func (t *turn) announceEnv(env *dialogue.Env) error {
	scope := bot.OfficerScope(t.user)
	sent, err := t.r.Announcements(t.ctx, scope, recentAnnouncements)
	if err != nil {
		return fmt.Errorf("load announcements: %w", err)
	}
	env.Announcements = sent
	env.Reach = map[bot.Audience]bot.AnnouncementReach{}
	if t.s.Step == "" || t.s.Step == "start" || t.s.Step == "message" && t.s.Draft[dialogue.FieldEdit] == "" {
		return nil // the counts are shown from the audience on
	}
	for _, audience := range []bot.Audience{bot.AudienceLeaders, bot.AudienceOfficers} {
		reach, err := t.r.AnnouncementReach(t.ctx, scope, audience, t.user.ID)
		if err != nil {
			return fmt.Errorf("count recipients: %w", err)
		}
		env.Reach[audience] = reach
	}
	return nil
}

// sendAnnouncement stores the confirmed announcement, audited: the
// announcer sends it.
func (t *turn) sendAnnouncement() error {
	if !bot.IsOfficer(t.user) {
		t.s = dialogue.Idle(t.s)
		return t.notOfficer()
	}
	a := dialogue.AnnouncementFromDraft(t.s.Draft, t.user)
	if err := t.tx.CreateAnnouncement(t.ctx, &a, t.now); err != nil {
		return fmt.Errorf("create announcement: %w", err)
	}
	t.s = dialogue.Idle(t.s)
	t.say("announce.sent", map[string]any{"n": a.Recipients})
	return nil
}

// previewAnnouncement puts, before the summary of an announcement, the
// messages exactly as its recipients will see them (in the officer's
// language).
func (t *turn) previewAnnouncement() error {
	if t.s.Flow != "announce" || t.s.Step != dialogue.StepConfirm || !bot.IsOfficer(t.user) {
		return nil
	}
	a := dialogue.AnnouncementFromDraft(t.s.Draft, t.user)
	a.AuthorName = t.user.Name
	place, err := digest.ScopeName(t.ctx, t.r, a.Scope)
	if err != nil {
		return fmt.Errorf("name the scope: %w", err)
	}
	for _, o := range digest.AnnouncementMessages(a, place, t.lang) {
		o.Channel, o.ChatID = t.in.Channel, t.in.ChatID
		t.preview = append(t.preview, o)
	}
	return nil
}
