package digest

import (
	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// LifeLines are the digest's lines on club life: the share of clubs that
// carried out the full set of activities against the plan's target, and
// how many met in each of the last three months, for the scope, then for
// each area with clubs when there are several (bot.ClubLife counts them).
func LifeLines(d bot.Digest, lang string) []string {
	if d.Life.Clubs == 0 {
		return nil
	}
	lines := []string{messages.Render(lang, "digest.life", lifeArgs(d.Life))}
	var areas []bot.UnitProgress
	for _, u := range d.ByUnit {
		if u.Life.Clubs > 0 {
			areas = append(areas, u)
		}
	}
	if len(areas) < 2 {
		return lines
	}
	for _, u := range areas {
		args := lifeArgs(u.Life)
		args["area"] = u.Name
		lines = append(lines, messages.Render(lang, "digest.life_area", args))
	}
	return lines
}

// lifeArgs fill a line on club life.
func lifeArgs(l bot.ClubLife) messages.Args {
	return messages.Args{"mark": Mark(l.FullSetOK()), "full": l.FullSet, "clubs": l.Clubs,
		"pct": l.FullSetPercent(), "target": l.TargetPercent, "met": l.MetEveryMonth}
}
