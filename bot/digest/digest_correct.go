package digest

import (
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// digestCorrectionLines is the week's line of corrections ("Sửa lại: 3
// thành viên được sửa, 1 báo cáo quỹ rút lại"), none in a week without.
func digestCorrectionLines(d bot.Digest, r renderFunc) []string {
	c := d.WeekCorrections()
	var parts []string
	for _, p := range []struct {
		key string
		n   int
	}{
		{"digest.corr_members_edited", c.MembersEdited},
		{"digest.corr_members_rejoined", c.MembersRejoined},
		{"digest.corr_funds_corrected", c.FundsCorrected},
		{"digest.corr_funds_withdrawn", c.FundsWithdrawn},
	} {
		if p.n > 0 {
			parts = append(parts, r(p.key, messages.Args{"n": p.n}))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return []string{r("digest.week_corrections", messages.Args{"list": messages.HTML(strings.Join(parts, ", "))})}
}
