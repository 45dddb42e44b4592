// Package chattext prepares a message's HTML text for a channel: it splits
// a long text at line boundaries into parts a channel accepts, and turns
// HTML into plain text for channels that show no markup (a terminal, Zalo).
package chattext

import (
	"strings"
	"unicode/utf8"
)

// Split cuts an HTML text into parts of at most limit characters,
// counted on the HTML itself (Telegram counts after removing tags, so a
// part always fits). It cuts at line ends, or inside an overlong line at a
// space (else anywhere) outside tags and entities. Tags open at a cut are
// closed at the end of the part and reopened at the start of the next, so
// every part is well-formed. Parts with no text are dropped.
func Split(s string, limit int) []string {
	if utf8.RuneCountInString(s) <= limit {
		return []string{s}
	}
	var segs []string
	for _, line := range strings.SplitAfter(s, "\n") {
		if line != "" {
			segs = append(segs, splitLong(line, limit/2)...)
		}
	}

	var parts []string
	var body strings.Builder
	bodyLen := 0
	var atStart, cur []htmlTag // tags open at the start of the part, and now
	flush := func() {
		text := strings.Trim(body.String(), "\n")
		if strings.TrimSpace(StripTags(text)) != "" {
			parts = append(parts, openers(atStart)+text+closers(cur))
		}
		atStart = append([]htmlTag(nil), cur...)
		body.Reset()
		bodyLen = 0
	}
	for _, seg := range segs {
		after := scanTags(cur, seg)
		segLen := utf8.RuneCountInString(seg)
		size := utf8.RuneCountInString(openers(atStart)) + bodyLen + segLen + utf8.RuneCountInString(closers(after))
		if bodyLen > 0 && size > limit {
			flush()
		}
		body.WriteString(seg)
		bodyLen += segLen
		cur = after
	}
	flush()
	return parts
}

// splitLong cuts a line longer than max characters into pieces of at most
// max, at the last space before the limit when there is one, never inside a
// tag or an entity.
func splitLong(line string, max int) []string {
	var out []string
	for utf8.RuneCountInString(line) > max {
		n, inTag, inEnt := 0, false, false
		lastSpace, lastSafe := 0, 0
		for i, r := range line {
			if n == max {
				break
			}
			if !inTag && !inEnt && i > 0 {
				lastSafe = i
			}
			switch {
			case r == '<':
				inTag = true
			case r == '>' && inTag:
				inTag = false
			case r == '&' && !inTag:
				inEnt = true
			case r == ';' && inEnt:
				inEnt = false
			case r == ' ' && !inTag && !inEnt:
				lastSpace = i + 1
			}
			n++
		}
		cut := lastSpace
		if cut == 0 {
			cut = lastSafe
		}
		if cut == 0 { // one tag or entity longer than max: give up cutting
			break
		}
		out = append(out, line[:cut])
		line = line[cut:]
	}
	return append(out, line)
}

type htmlTag struct {
	name string // lower case
	open string // the opening tag as written, e.g. `<a href="...">`
}

// scanTags returns the stack of open tags after text, starting from open.
func scanTags(open []htmlTag, text string) []htmlTag {
	stack := append([]htmlTag(nil), open...)
	for {
		i := strings.IndexByte(text, '<')
		if i < 0 {
			return stack
		}
		j := strings.IndexByte(text[i:], '>')
		if j < 0 {
			return stack
		}
		tag := text[i : i+j+1]
		text = text[i+j+1:]
		if strings.HasPrefix(tag, "</") {
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			continue
		}
		name := tag[1:]
		if k := strings.IndexAny(name, " \t\n>"); k >= 0 {
			name = name[:k]
		}
		stack = append(stack, htmlTag{name: strings.ToLower(name), open: tag})
	}
}

func openers(stack []htmlTag) string {
	var b strings.Builder
	for _, t := range stack {
		b.WriteString(t.open)
	}
	return b.String()
}

func closers(stack []htmlTag) string {
	var b strings.Builder
	for i := len(stack) - 1; i >= 0; i-- {
		b.WriteString("</" + stack[i].name + ">")
	}
	return b.String()
}

// StripTags removes tags, e.g. to tell whether a part has any text or to
// count the characters a channel shows.
func StripTags(s string) string {
	var b strings.Builder
	inTag := false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
		case !inTag:
			b.WriteRune(r)
		}
	}
	return b.String()
}
