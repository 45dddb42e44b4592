package engine

import (
	"fmt"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/messages"
)

// digestCommand answers /digest [AREA] with the digest of the officer's
// scope, or of an area in it, and its chart when one can be drawn.
func (t *turn) digestCommand(args string) error {
	return t.idleCommand(func() error {
		d, scope, ok, err := t.digest(args)
		if !ok || err != nil {
			return err
		}
		reviews, err := digest.ReviewLine(t.ctx, t.r, scope, t.lang)
		if err != nil {
			return err
		}
		t.say("officer.html", map[string]any{"html": messages.HTML(digest.Render(d, t.lang) + reviews)})
		if t.e.cfg.Reports.Chart == nil {
			return nil
		}
		png, err := t.e.cfg.Reports.Chart(d, t.lang)
		if err != nil { // no district to draw: the text says it all
			return nil
		}
		t.attach(bot.FilePhoto, "tien-do-"+t.now.Format("2006-01-02")+".png", png, d)
		return nil
	})
}

// exportCommand answers /export [AREA] with the spreadsheet of the clubs
// of the officer's scope, or of an area in it.
func (t *turn) exportCommand(args string) error {
	return t.idleCommand(func() error {
		if t.e.cfg.Reports.Spreadsheet == nil {
			t.say("officer.digest_coming", nil)
			return nil
		}
		d, _, ok, err := t.digest(args)
		if !ok || err != nil {
			return err
		}
		data, err := t.e.cfg.Reports.Spreadsheet(d, t.lang)
		if err != nil {
			return fmt.Errorf("make spreadsheet: %w", err)
		}
		t.attach(bot.FileDocument, "clb-"+t.now.Format("2006-01-02")+".xlsx", data, d)
		return nil
	})
}

// digest computes the digest of the area named in args, the whole scope
// if none, and that area's scope. ok is false when the user was told the
// area is unknown.
func (t *turn) digest(args string) (bot.Digest, bot.Scope, bool, error) {
	a, ok, err := t.findArea(args, args)
	if !ok || err != nil {
		return bot.Digest{}, bot.Scope{}, false, err
	}
	stats, err := t.areaStats(a)
	if err != nil {
		return bot.Digest{}, bot.Scope{}, false, err
	}
	scope := bot.OfficerScope(t.user)
	if a.Unit != nil {
		scope = bot.Scope{Kind: bot.ScopeUnit, UnitID: &a.Unit.ID}
	}
	districts, err := t.e.store.DistrictsOf(t.ctx, scope)
	if err != nil {
		return bot.Digest{}, bot.Scope{}, false, fmt.Errorf("load districts: %w", err)
	}
	d, err := t.areaDigest(a, stats, districts)
	return d, scope, err == nil, err
}

// attach sends a file after the replies, captioned with the digest's scope
// and day.
func (t *turn) attach(kind bot.FileKind, name string, data []byte, d bot.Digest) {
	caption := messages.Render(t.lang, "officer.file_caption", map[string]any{"place": d.ScopeName, "date": messages.Date(d.AsOf)})
	t.files = append(t.files, bot.Outgoing{Channel: t.in.Channel, ChatID: t.in.ChatID, Text: caption,
		File: &bot.File{Kind: kind, Name: name, Data: data}})
}
