package engine

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/clubbot/clubbot/bot"
)

// Names are matched as leaders and officers write them: ignoring case and
// diacritics, and with or without the spaces between their words, so that
// "mongcai", "mong cai" and "Móng Cái" are one name. The key of a name is
// its folded words run together.

// compactKey is the key of a name: its folded words run together.
func compactKey(name string) string {
	return strings.Join(bot.FoldWords(name), "")
}

// clubPrefixes are the folded words a club's name may start with or
// leave out: "CLB Hoa Sen" is also "Hoa Sen".
var clubPrefixes = []string{"clb", "caulacbo"}

// clubKeys are the keys a club's name is known by: with and without
// "CLB" or "câu lạc bộ" in front.
func clubKeys(name string) []string {
	key := compactKey(name)
	bare := key
	for _, p := range clubPrefixes {
		if b, ok := strings.CutPrefix(key, p); ok && b != "" {
			bare = b
		}
	}
	keys := []string{bare}
	for _, p := range clubPrefixes {
		keys = append(keys, p+bare)
	}
	return keys
}

// nameHit is an item named in a text: its index, and the words of the
// text that name it, from start to end (exclusive).
type nameHit struct {
	index, start, end, size int
}

// within reports whether the words naming h are among those naming o.
func (h nameHit) within(o nameHit) bool {
	return o.start <= h.start && h.end <= o.end
}

// nameIndex finds the items whose keys a text names as whole words,
// run together or not.
type nameIndex struct {
	items  map[string][]int // by key
	maxLen int              // the longest key, in bytes
}

// newNameIndex indexes the keys of each item, by its index.
func newNameIndex(keys [][]string) nameIndex {
	ix := nameIndex{items: map[string][]int{}}
	for i, ks := range keys {
		for _, k := range ks {
			// Keys of fewer than three letters name too much by chance.
			if utf8.RuneCountInString(k) < 3 {
				continue
			}
			ix.items[k] = append(ix.items[k], i)
			ix.maxLen = max(ix.maxLen, len(k))
		}
	}
	return ix
}

// find returns the items whose longest key the words name, the longest
// first; each item once, at its first and longest mention.
func (ix nameIndex) find(words []string) []nameHit {
	var hits []nameHit
	seen := map[int]bool{}
	for i := range words {
		key := ""
		for j := i; j < len(words) && len(key)+len(words[j]) <= ix.maxLen; j++ {
			key += words[j]
			for _, item := range ix.items[key] {
				hits = append(hits, nameHit{index: item, start: i, end: j + 1, size: len(key)})
			}
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].size > hits[b].size })
	var out []nameHit
	for _, h := range hits {
		if !seen[h.index] {
			seen[h.index] = true
			out = append(out, h)
		}
	}
	return out
}

// longest keeps the hits of the longest name: "Móng Cái 1" rather than
// "Móng Cái", both units of a name shared by a district and a commune.
func longest(hits []nameHit) []nameHit {
	for i, h := range hits {
		if h.size < hits[0].size {
			return hits[:i]
		}
	}
	return hits
}

// placeHits returns the units text names by name, with or without their
// type, the longest name only.
func placeHits(words []string, units []bot.Unit) []nameHit {
	keys := make([][]string, len(units))
	for i, u := range units {
		keys[i] = []string{compactKey(u.Name), compactKey(u.FullName())}
	}
	return longest(newNameIndex(keys).find(words))
}

// clubHits returns the clubs words name, with or without "CLB", the
// longest name only.
func clubHits(words []string, stats []bot.ClubStat) []nameHit {
	keys := make([][]string, len(stats))
	for i, st := range stats {
		keys[i] = clubKeys(st.Club.Name)
	}
	return longest(newNameIndex(keys).find(words))
}

// provincePhrases are the folded words, run together, that name the whole
// province without naming it: "toàn tỉnh", "cả tỉnh", "the whole province".
var provincePhrases = []string{"toantinh", "catinh", "toanbotinh", "khapinh", "wholeprovince",
	"entireprovince", "theprovince", "allprovince", "provincewide"}

// namesProvince reports whether words name the province: its name from
// the units' data, with or without its type, or words such as "toàn tỉnh".
func namesProvince(words []string, units []bot.Unit) bool {
	keys := [][]string{provincePhrases}
	for _, u := range units {
		if u.Level == bot.LevelProvince {
			keys = append(keys, []string{compactKey(u.Name), compactKey(u.FullName())})
		}
	}
	return len(newNameIndex(keys).find(words)) > 0
}

// maxClosestQuery bounds the letters of a query Closest compares letter
// by letter, so that a pasted page costs little.
const maxClosestQuery = 40

// Closest returns at most limit names closest to query: those Suggest
// finds, else the names with a part fewest edits away from the query's
// letters run together, if at most half of them differ. A name that
// matches nothing is thus answered with the nearest names there are.
func Closest(query string, names []string, limit int) []string {
	if found := Suggest(query, names, limit); len(found) > 0 || limit <= 0 {
		return found
	}
	q := []rune(compactKey(query))
	q = q[:min(len(q), maxClosestQuery)]
	if len(q) < 3 {
		return nil
	}
	type near struct{ i, d int }
	var nears []near
	for i, name := range names {
		if d := partDistance(q, []rune(compactKey(name))); 2*d <= len(q) {
			nears = append(nears, near{i, d})
		}
	}
	sort.SliceStable(nears, func(a, b int) bool { return nears[a].d < nears[b].d })
	out := make([]string, 0, min(limit, len(nears)))
	for _, n := range nears[:min(limit, len(nears))] {
		out = append(out, names[n.i])
	}
	return out
}

// partDistance is the fewest edits that turn q into some part of name:
// "mongkai" is one edit from a part of "thanhphomongcai".
func partDistance(q, name []rune) int {
	prev, cur := make([]int, len(name)+1), make([]int, len(name)+1)
	for i := 1; i <= len(q); i++ {
		cur[0] = i
		for j := 1; j <= len(name); j++ {
			cost := 1
			if q[i-1] == name[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return min(len(q), slices.Min(prev))
}
