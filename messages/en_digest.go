package messages

// enDigest is the English catalog of the weekly digest.
var enDigest = map[string]string{
	"digest.title":           "📊 <b>Weekly progress – {scope}</b>",
	"digest.as_of":           "Figures to {date}, plan under Decision {decision}",
	"digest.clubs":           "{mark} Clubs: {value}/{target} ({pct}%)",
	"digest.new_clubs":       "{mark} New clubs: {value}/{target} ({pct}%)",
	"digest.new_members":     "{mark} Members of new clubs: {value}/{target} ({pct}%)",
	"digest.older":           "{mark} Older people ({older_age}+) in new clubs: {pct}% (target over {target}%)",
	"digest.districts":       "{mark} District-level units with a club: {value}/{total} (target {target}%)",
	"digest.uncovered":       "    No club yet: {names}",
	"digest.fund":            "{mark} Clubs with funds of {min_fund} or more: {value}/{clubs} ({pct}%)",
	"digest.week_title":      "<b>This week</b>",
	"digest.week":            "New clubs: {new_clubs} · Members joined: {joined} · left: {left}",
	"digest.week_fund":       "Clubs' funds: {movement}",
	"digest.attention_title": "<b>Clubs needing attention</b>: {count}",
	"digest.attention_item":  "• <b>{club}</b> ({unit}): {reasons}",
	"digest.attention_more":  "…and {count} more",
	"digest.attention_none":  "✅ No club needs attention.",
	"attention.no_report":    "no fund report",
	"attention.stale_report": "last fund report {date}",
	"attention.members":      "{value} members (norm {min}–{max})",
	"attention.women":        "women {value}% (norm {min}–{max}%)",
	"attention.older":        "older {value}% (norm {min}–{max}%)",
	"attention.loans":        "with loans {value}% (norm at least {min}%)",
}
