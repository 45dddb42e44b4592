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
	var out strings.Builder
	var stack []openTag
	var ents []byteEntity
	for i := 0; i < len(in); {
		switch in[i] {
		case '&':
			r, n := decodeEntity(in[i:])
			if n == 0 {
				return "", nil, fmt.Errorf("character '&' at byte offset %d does not start an HTML entity; escape it as &amp;", i)
			}
			out.WriteRune(r)
			i += n
		case '<':
			if i+1 < len(in) && in[i+1] == '/' {
				j, name, err := readEndTag(in, i)
				if err != nil {
					return "", nil, err
				}
				if len(stack) == 0 {
					return "", nil, fmt.Errorf("Unexpected end tag at byte offset %d", i)
				}
				top := stack[len(stack)-1]
				if name != "" && name != top.name {
					return "", nil, fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top.name, name)
				}
				stack = stack[:len(stack)-1]
				if e, ok := closeTag(top, stack, out.Len()); ok {
					ents = append(ents, e)
				}
				i = j
				continue
			}
			j, tag, err := readStartTag(in, i)
			if err != nil {
				return "", nil, err
			}
			tag.start = out.Len()
			stack = append(stack, tag)
			i = j
		default:
			out.WriteByte(in[i])
			i++
		}
	}
	if len(stack) > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].name)
	}
	text := out.String()
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
	return text, wes, nil
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

func skipSpaces(in string, j int) int {
	for j < len(in) && (in[j] == ' ' || in[j] == '\t' || in[j] == '\n' || in[j] == '\r') {
		j++
	}
	return j
}

// readEndTag reads "</name>" at i and returns the offset after it.
func readEndTag(in string, i int) (int, string, error) {
	j := i + 2
	for j < len(in) && isNameByte(in[j]) {
		j++
	}
	name := strings.ToLower(in[i+2 : j])
	j = skipSpaces(in, j)
	if j >= len(in) || in[j] != '>' {
		return 0, "", fmt.Errorf("Can't find end of end tag at byte offset %d", i)
	}
	return j + 1, name, nil
}

// readStartTag reads "<name attr=value ...>" at i.
func readStartTag(in string, i int) (int, openTag, error) {
	j := i + 1
	for j < len(in) && isNameByte(in[j]) {
		j++
	}
	name := strings.ToLower(in[i+1 : j])
	if _, ok := entityTypes[name]; !ok {
		return 0, openTag{}, fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", name, i)
	}
	tag := openTag{name: name, at: i, attrs: map[string]string{}}
	for {
		j = skipSpaces(in, j)
		if j >= len(in) {
			return 0, openTag{}, fmt.Errorf("Unclosed start tag at byte offset %d", i)
		}
		if in[j] == '>' {
			j++
			break
		}
		k := j
		for k < len(in) && isNameByte(in[k]) {
			k++
		}
		if k == j {
			return 0, openTag{}, fmt.Errorf("Empty attribute name in the tag \"%s\" at byte offset %d", name, j)
		}
		attr := strings.ToLower(in[j:k])
		j = skipSpaces(in, k)
		value := ""
		if j < len(in) && in[j] == '=' {
			j = skipSpaces(in, j+1)
			if j >= len(in) {
				return 0, openTag{}, fmt.Errorf("Unclosed start tag at byte offset %d", i)
			}
			if q := in[j]; q == '"' || q == '\'' {
				end := strings.IndexByte(in[j+1:], q)
				if end < 0 {
					return 0, openTag{}, fmt.Errorf("Unclosed start tag at byte offset %d", i)
				}
				raw := in[j+1 : j+1+end]
				v, err := decodeAttr(raw)
				if err != nil {
					return 0, openTag{}, fmt.Errorf("%v in the tag \"%s\" at byte offset %d", err, name, i)
				}
				value, j = v, j+end+2
			} else {
				k := j
				for k < len(in) && in[k] != '>' && in[k] != ' ' && in[k] != '\t' && in[k] != '\n' {
					k++
				}
				value, j = in[j:k], k
			}
		}
		tag.attrs[attr] = value
	}
	if name == "span" && tag.attrs["class"] != "tg-spoiler" {
		return 0, openTag{}, fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", i)
	}
	return j, tag, nil
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
