package messages

import (
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// placeholder matches "{name}", "{^name}" and "{name|one|other}".
var placeholder = regexp.MustCompile(`\{\^?([a-z_]+)(?:\|[^}]*)?\}`)

// placeholders lists the argument names a template uses, each once.
func placeholders(tmpl string) []string {
	var names []string
	seen := map[string]bool{}
	for _, m := range placeholder.FindAllStringSubmatch(tmpl, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			names = append(names, m[1])
		}
	}
	sort.Strings(names)
	return names
}

func TestNoKeyIsInTwoParts(t *testing.T) {
	for _, lang := range Langs {
		seen := map[string]int{}
		for i, part := range parts(lang) {
			for key := range part {
				if j, ok := seen[key]; ok {
					t.Errorf("%s: key %q is in parts %d and %d", lang, key, j, i)
				}
				seen[key] = i
			}
		}
	}
}

func TestCatalogsHaveTheSameKeysAndArguments(t *testing.T) {
	vi, en := catalog(VI), catalog(EN)
	for key, tmpl := range vi {
		other, ok := en[key]
		if !ok {
			t.Errorf("key %q is in vi but not in en", key)
			continue
		}
		if a, b := strings.Join(placeholders(tmpl), ","), strings.Join(placeholders(other), ","); a != b {
			t.Errorf("key %q: vi uses {%s}, en uses {%s}", key, a, b)
		}
	}
	for key := range en {
		if _, ok := vi[key]; !ok {
			t.Errorf("key %q is in en but not in vi", key)
		}
	}
}

// allowedTag matches the HTML Telegram accepts that the catalogs use.
var allowedTag = regexp.MustCompile(`</?(b|i|u|s|code|pre)>`)

func TestEveryTemplateRendersToValidHTML(t *testing.T) {
	for _, lang := range Langs {
		for key, tmpl := range catalog(lang) {
			args := Args{}
			for _, name := range placeholders(tmpl) {
				args[name] = "<x & y>"
			}
			out := Render(lang, key, args)
			if strings.Contains(out, "{") || strings.TrimSpace(out) == "" {
				t.Errorf("%s %q rendered %q", lang, key, out)
			}
			rest := allowedTag.ReplaceAllString(out, "")
			rest = strings.NewReplacer("&lt;", "", "&gt;", "", "&amp;", "", "&quot;", "", "&#34;", "", "&#39;", "").Replace(rest)
			if strings.ContainsAny(rest, "<>&") {
				t.Errorf("%s %q: unescaped markup in %q", lang, key, out)
			}
			if strings.Count(out, "<b>") != strings.Count(out, "</b>") {
				t.Errorf("%s %q: unbalanced <b> in %q", lang, key, out)
			}
		}
	}
}

func TestRenderEscapesUserText(t *testing.T) {
	got := Render(VI, "member.saved", Args{"name": `<script>alert("x")</script> & co`})
	want := "✅ Đã lưu thành viên <b>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co</b>."
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRenderFormatsTypedArguments(t *testing.T) {
	got := Render(EN, "fund.saved", Args{"date": Date(time.Date(2025, 8, 31, 0, 0, 0, 0, time.UTC))})
	if want := "✅ Fund report for 31/08/2025 saved. Thank you!"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = Render(VI, "money.ambiguous", Args{"value": Money(20_500_000)})
	if want := "Có phải bác muốn nói <b>20.500.000 đ</b>?"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = Render(VI, "history.line", Args{"when": DateTime(time.Date(2025, 8, 31, 14, 5, 0, 0, time.UTC)), "who": "<Lan>", "what": HTML("x")})
	if want := "• 31/08/2025 14:05 – &lt;Lan&gt;: x"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = Render(EN, "command.unknown", Args{"help": Key("lang.usage")})
	if !strings.HasSuffix(got, catalog(EN)["lang.usage"]) {
		t.Errorf("nested key not rendered: %q", got)
	}
}

func TestMissingKeyIsVisible(t *testing.T) {
	if got := Render(EN, "no.such<key>", nil); got != "no.such&lt;key&gt;" {
		t.Errorf("got %q", got)
	}
}

func TestFormatMoney(t *testing.T) {
	for _, c := range []struct {
		in   int64
		want string
	}{
		{0, "0 đ"}, {999, "999 đ"}, {1000, "1.000 đ"}, {20_000_000, "20.000.000 đ"},
		{1_234_567_890, "1.234.567.890 đ"}, {-5000, "-5.000 đ"},
	} {
		if got := FormatMoney(c.in); got != c.want {
			t.Errorf("FormatMoney(%d) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFormatDate(t *testing.T) {
	if got := FormatDate(time.Date(2025, 8, 31, 23, 0, 0, 0, time.UTC)); got != "31/08/2025" {
		t.Errorf("got %q", got)
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct{ part, whole, want int }{{0, 0, 0}, {1, 3, 33}, {2, 3, 67}, {35, 50, 70}} {
		if got := Percent(c.part, c.whole); got != c.want {
			t.Errorf("Percent(%d,%d) = %d, want %d", c.part, c.whole, got, c.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{"": VI, "vi": VI, "en-US": EN, "EN": EN, "fr": VI} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
