package telegramtest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// entityPrefix starts every entity parsing error, as on the real server.
const entityPrefix = "can't parse entities: "

// entityTypes maps the HTML tags Telegram supports to entity types.
var entityTypes = map[string]string{
	"b": "bold", "strong": "bold",
	"i": "italic", "em": "italic",
	"u": "underline", "ins": "underline",
	"s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
	"span": "spoiler", "tg-spoiler": "spoiler",
	"a":          "text_link",
	"code":       "code",
	"pre":        "pre",
	"blockquote": "blockquote",
	"tg-emoji":   "custom_emoji",
}

type openTag struct {
	name  string
	at    int // byte offset of the tag in the input
	start int // byte offset in the output
	attrs map[string]string
}

type byteEntity struct {
	wireEntity
	start, end int // byte offsets in the output
}

// parseHTML parses text in Telegram's HTML parse mode into plain text and
// entities. It rejects what Telegram rejects (unknown or unbalanced tags, a
// "<" that does not start a tag) and, stricter than Telegram, an "&" that
// does not start one of the entities it decodes (&lt; &gt; &amp; &quot; and
// numeric ones): Telegram would keep such an "&" literally, which hides a
// missing escape.
func parseHTML(in string) (string, []wireEntity, error) {
	p := &htmlParser{in: in}
	for i := 0; i < len(in); {
		var err error
		switch {
		case in[i] == '&':
			i, err = p.entity(i)
		case in[i] == '<' && i+1 < len(in) && in[i+1] == '/':
			i, err = p.endTag(i)
		case in[i] == '<':
			i, err = p.startTag(i)
		default:
			p.out.WriteByte(in[i])
			i++
		}
		if err != nil {
			return "", nil, err
		}
	}
	if len(p.stack) > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", p.stack[len(p.stack)-1].name)
	}
	text := p.out.String()
	return text, wireEntities(text, p.ents), nil
}

// htmlParser is parseHTML's state: the text written so far, the tags still
// open and the entities of the tags closed.
type htmlParser struct {
	in    string
	out   strings.Builder
	stack []openTag
	ents  []byteEntity
}

// entity writes the character of the HTML entity at i and returns the
// offset after it.
func (p *htmlParser) entity(i int) (int, error) {
	r, n := decodeEntity(p.in[i:])
	if n == 0 {
		return 0, fmt.Errorf("character '&' at byte offset %d does not start an HTML entity; escape it as &amp;", i)
	}
	p.out.WriteRune(r)
	return i + n, nil
}

// endTag closes the innermost open tag with the end tag at i and returns
// the offset after it.
func (p *htmlParser) endTag(i int) (int, error) {
	j, name, err := readEndTag(p.in, i)
	if err != nil {
		return 0, err
	}
	if len(p.stack) == 0 {
		return 0, fmt.Errorf("Unexpected end tag at byte offset %d", i)
	}
	top := p.stack[len(p.stack)-1]
	if name != "" && name != top.name {
		return 0, fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top.name, name)
	}
	p.stack = p.stack[:len(p.stack)-1]
	if e, ok := closeTag(top, p.stack, p.out.Len()); ok {
		p.ents = append(p.ents, e)
	}
	return j, nil
}

// startTag opens the start tag at i and returns the offset after it.
func (p *htmlParser) startTag(i int) (int, error) {
	j, tag, err := readStartTag(p.in, i)
	if err != nil {
		return 0, err
	}
	tag.start = p.out.Len()
	p.stack = append(p.stack, tag)
	return j, nil
}

// wireEntities converts the entities of text from byte offsets to the
// UTF-16 offsets of the wire, dropping empty ones, and orders them as
// Telegram does: by offset, outer before inner.
func wireEntities(text string, ents []byteEntity) []wireEntity {
	wes := make([]wireEntity, 0, len(ents))
	for _, e := range ents {
		if e.end == e.start {
			continue
		}
		e.Offset = utf16Len(text[:e.start])
		e.Length = utf16Len(text[e.start:e.end])
		wes = append(wes, e.wireEntity)
	}
	sort.SliceStable(wes, func(a, b int) bool {
		if wes[a].Offset != wes[b].Offset {
			return wes[a].Offset < wes[b].Offset
		}
		return wes[a].Length > wes[b].Length
	})
	return wes
}

// closeTag turns a closed tag into an entity. A <code class="language-x">
// directly inside <pre> gives the pre its language instead.
func closeTag(t openTag, parents []openTag, end int) (byteEntity, bool) {
	e := byteEntity{wireEntity: wireEntity{Type: entityTypes[t.name]}, start: t.start, end: end}
	switch t.name {
	case "a":
		e.URL = t.attrs["href"]
		if e.URL == "" {
			return e, false
		}
	case "code":
		if lang, ok := strings.CutPrefix(t.attrs["class"], "language-"); ok && len(parents) > 0 && parents[len(parents)-1].name == "pre" {
			parents[len(parents)-1].attrs["language"] = lang
			return e, false
		}
	case "pre":
		e.Language = t.attrs["language"]
	case "tg-emoji":
		e.CustomEmojiID = t.attrs["emoji-id"]
	}
	return e, true
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

func skipName(in string, j int) int {
	for j < len(in) && isNameByte(in[j]) {
		j++
	}
	return j
}

func skipSpaces(in string, j int) int {
	for j < len(in) && (in[j] == ' ' || in[j] == '\t' || in[j] == '\n' || in[j] == '\r') {
		j++
	}
	return j
}

// readEndTag reads "</name>" at i and returns the offset after it.
func readEndTag(in string, i int) (int, string, error) {
	j := skipName(in, i+2)
	name := strings.ToLower(in[i+2 : j])
	j = skipSpaces(in, j)
	if j >= len(in) || in[j] != '>' {
		return 0, "", fmt.Errorf("Can't find end of end tag at byte offset %d", i)
	}
	return j + 1, name, nil
}

// readStartTag reads "<name attr=value ...>" at i.
func readStartTag(in string, i int) (int, openTag, error) {
	j := skipName(in, i+1)
	name := strings.ToLower(in[i+1 : j])
	if _, ok := entityTypes[name]; !ok {
		return 0, openTag{}, fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", name, i)
	}
	tag := openTag{name: name, at: i, attrs: map[string]string{}}
	for {
		j = skipSpaces(in, j)
		if j >= len(in) {
			return 0, openTag{}, unclosedStartTag(i)
		}
		if in[j] == '>' {
			j++
			break
		}
		attr, value, next, err := readAttr(in, tag, j)
		if err != nil {
			return 0, openTag{}, err
		}
		tag.attrs[attr] = value
		j = next
	}
	if name == "span" && tag.attrs["class"] != "tg-spoiler" {
		return 0, openTag{}, fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", i)
	}
	return j, tag, nil
}

// readAttr reads the attribute of tag at j, "name", "name=value" or
// "name='value'", and returns the offset after it.
func readAttr(in string, tag openTag, j int) (attr, value string, next int, err error) {
	k := skipName(in, j)
	if k == j {
		return "", "", 0, fmt.Errorf("Empty attribute name in the tag \"%s\" at byte offset %d", tag.name, j)
	}
	attr = strings.ToLower(in[j:k])
	j = skipSpaces(in, k)
	if j >= len(in) || in[j] != '=' {
		return attr, "", j, nil
	}
	value, next, err = readAttrValue(in, tag, skipSpaces(in, j+1))
	return attr, value, next, err
}

// readAttrValue reads the value of an attribute of tag at j, quoted or
// not, and returns the offset after it.
func readAttrValue(in string, tag openTag, j int) (string, int, error) {
	if j >= len(in) {
		return "", 0, unclosedStartTag(tag.at)
	}
	if q := in[j]; q == '"' || q == '\'' {
		end := strings.IndexByte(in[j+1:], q)
		if end < 0 {
			return "", 0, unclosedStartTag(tag.at)
		}
		v, err := decodeAttr(in[j+1 : j+1+end])
		if err != nil {
			return "", 0, fmt.Errorf("%v in the tag \"%s\" at byte offset %d", err, tag.name, tag.at)
		}
		return v, j + end + 2, nil
	}
	k := j
	for k < len(in) && in[k] != '>' && in[k] != ' ' && in[k] != '\t' && in[k] != '\n' {
		k++
	}
	return in[j:k], k, nil
}

func unclosedStartTag(at int) error {
	return fmt.Errorf("Unclosed start tag at byte offset %d", at)
}

func decodeAttr(raw string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(raw); {
		if raw[i] == '&' {
			r, n := decodeEntity(raw[i:])
			if n == 0 {
				return "", fmt.Errorf("bad HTML entity")
			}
			b.WriteRune(r)
			i += n
			continue
		}
		b.WriteByte(raw[i])
		i++
	}
	return b.String(), nil
}

// decodeEntity decodes the HTML entity at the start of s and returns the
// rune and the entity's length, or 0, 0.
func decodeEntity(s string) (rune, int) {
	for name, r := range map[string]rune{"&lt;": '<', "&gt;": '>', "&amp;": '&', "&quot;": '"'} {
		if strings.HasPrefix(s, name) {
			return r, len(name)
		}
	}
	if !strings.HasPrefix(s, "&#") {
		return 0, 0
	}
	end := strings.IndexByte(s, ';')
	if end < 3 || end > 12 {
		return 0, 0
	}
	digits, base := s[2:end], 10
	if digits[0] == 'x' || digits[0] == 'X' {
		digits, base = digits[1:], 16
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil || n == 0 || !utf8.ValidRune(rune(n)) {
		return 0, 0
	}
	return rune(n), end + 1
}
