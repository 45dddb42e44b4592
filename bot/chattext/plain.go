package chattext

import (
	"html"
	"regexp"
)

// tag matches the simple tags the catalog uses (<b>, </i>, ...).
var tag = regexp.MustCompile(`</?[a-z]+>`)

// Plain turns the HTML of a message into plain text: tags removed,
// entities decoded.
func Plain(s string) string {
	return html.UnescapeString(tag.ReplaceAllString(s, ""))
}
