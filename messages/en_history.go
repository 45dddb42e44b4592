package messages

// enHistory is the English catalog of /history, the recent changes to
// club data in an officer's scope.
var enHistory = map[string]string{
	"cmd.history":                "Recent changes",
	"history.list":               "<b>Recent changes – {place}</b> (page {page})\n{lines}",
	"history.no_more":            "No older changes. Type /history to start again from the latest.",
	"history.empty":              "No changes yet in {place}.",
	"history.more":               "More: /history {next}",
	"history.line":               "• {when} – {who}: {what}",
	"history.system":             "the system",
	"history.member_create":      "Added member {name} to {club}",
	"history.member_leave":       "{name} ({club}) left: {reason}",
	"history.fund_first":         "First fund report of {club} on {date}: income fund {income}, activity fund {activity}, loans outstanding {loans}",
	"history.fund_create":        "Fund report of {club} on {date}: income fund {income_before} → {income}, activity fund {activity_before} → {activity}, loans outstanding {loans_before} → {loans}",
	"history.club_create":        "Registered new club {club}, starting fund {fund}",
	"history.invite_create":      "Made an invite for the {role} of {club}",
	"history.invite_create_area": "Made an invite: {role}",
	"history.invite_redeem":      "Used an invite, now {role} of {club}",
	"history.invite_redeem_area": "Used an invite, now {role}",
	"history.user_revoke":        "Revoked the access of {name}",
	"history.other":              "{entity} {action} {club}",
}
