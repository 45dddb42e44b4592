package dialogue

import (
	"strconv"
	"strings"

	"github.com/clubbot/clubbot/bot"
)

// browsePageSize is how many records a browse step shows at once.
const browsePageSize = 10

// Draft fields of a browse step: the page shown (from 0) and the search.
const (
	fieldPage  = "_page"
	fieldQuery = "_query"
)

// Values of a browse step's own buttons; records' values are ids.
const (
	browsePrev = "prev"
	browseNext = "next"
	browseAll  = "all"
)

// browseFound returns the records of st's list whose labels contain the
// draft's search, ignoring case and diacritics.
func browseFound(st *Step, s bot.Session, env Env) []Choice {
	all := st.List(env)
	query := bot.Fold(s.Draft[fieldQuery])
	if query == "" {
		return all
	}
	var out []Choice
	for _, c := range all {
		if strings.Contains(bot.Fold(c.Label), query) {
			out = append(out, c)
		}
	}
	return out
}

// browsePage returns the records of the page shown, the page (kept within
// the pages there are) and the number of pages and of records found.
func browsePage(st *Step, s bot.Session, env Env) (shown []Choice, page, pages, found int) {
	all := browseFound(st, s, env)
	pages = max(1, (len(all)+browsePageSize-1)/browsePageSize)
	page = min(max(int(DraftInt(s.Draft, fieldPage)), 0), pages-1)
	from := page * browsePageSize
	return all[from:min(from+browsePageSize, len(all))], page, pages, len(all)
}

// browseChoices are the page's records, then ◀ and ▶ where there is a page
// before or after, and "all" while a search narrows the list.
func browseChoices(st *Step, s bot.Session, env Env) []Choice {
	shown, page, pages, _ := browsePage(st, s, env)
	out := append([]Choice(nil), shown...)
	if page > 0 {
		out = append(out, Choice{Value: browsePrev, Key: "browse.prev"})
	}
	if page < pages-1 {
		out = append(out, Choice{Value: browseNext, Key: "browse.next"})
	}
	if s.Draft[fieldQuery] != "" {
		out = append(out, Choice{Value: browseAll, Key: "browse.all"})
	}
	return out
}

// browseArgs fills a browse step's prompt: page n of m, how many records
// are found, and the search.
func browseArgs(st *Step, s bot.Session, env Env) map[string]any {
	_, page, pages, found := browsePage(st, s, env)
	return map[string]any{"page": page + 1, "pages": pages, "count": found, "query": s.Draft[fieldQuery],
		"example": browseExample(st, env)}
}

// browseExample is a search that finds something: the last word of the
// first record's name ("An" of "Nguyễn Văn An (1950)").
func browseExample(st *Step, env Env) string {
	all := st.List(env)
	if len(all) == 0 {
		return ""
	}
	name, _, _ := strings.Cut(all[0].Label, " (")
	words := strings.Fields(name)
	if len(words) == 0 {
		return ""
	}
	return words[len(words)-1]
}

// browse reads an answer to a browse step: a button (or its number, typed)
// turns the page or opens a record; other text searches the list.
func browse(f *Flow, s bot.Session, st *Step, text string, byButton bool, env Env) Result {
	if _, err := strconv.Atoi(strings.TrimSpace(text)); !byButton && err != nil {
		return browseSearch(f, s, st, text, env)
	}
	value, ok := Choose(browseChoices(st, s, env), text, byButton, env.Lang)
	switch {
	case !ok:
		return Ask(f, s, st, env, "choice.invalid", nil)
	case value == browsePrev || value == browseNext:
		page := DraftInt(s.Draft, fieldPage) + 1
		if value == browsePrev {
			page -= 2
		}
		s.Draft[fieldPage] = strconv.FormatInt(page, 10)
	case value == browseAll:
		delete(s.Draft, fieldQuery)
		delete(s.Draft, fieldPage)
	default:
		if st.Field != "" {
			s.Draft[st.Field] = value
		}
		if st.Load != nil {
			st.Load(s.Draft, env)
		}
		return move(f, s, st, env)
	}
	s.Seq++
	return Ask(f, s, st, env, "", nil)
}

// browseSearch narrows the list to the records whose labels contain text,
// or says none does and shows the list as it was.
func browseSearch(f *Flow, s bot.Session, st *Step, text string, env Env) Result {
	query := bot.CleanText(text)
	if query == "" || len([]rune(query)) > 60 {
		return Ask(f, s, st, env, "browse.search_hint", map[string]any{"example": browseExample(st, env)})
	}
	narrowed := s.Clone()
	narrowed.Draft[fieldQuery] = query
	delete(narrowed.Draft, fieldPage)
	if len(browseFound(st, narrowed, env)) == 0 {
		return Ask(f, s, st, env, "browse.notfound", map[string]any{"query": EchoText(text), "example": browseExample(st, env)})
	}
	narrowed.Seq++
	return Ask(f, narrowed, st, env, "", nil)
}

// cardPick reads an answer to a card: each choice names the step to go to
// (change an answer, confirm an undo, back to the list).
func cardPick(f *Flow, s bot.Session, st *Step, text string, byButton bool, env Env) Result {
	next, ok := Choose(stepChoices(st, s, env), text, byButton, env.Lang)
	if !ok || f.Step(next) == nil {
		return Ask(f, s, st, env, "choice.invalid", nil)
	}
	s.Back = append(s.Back, st.Name)
	s.Step = next
	s.Seq++
	return Ask(f, s, f.Step(next), env, "", nil)
}

// save asks the engine to save a confirmed summary, or first the question
// the flow's BeforeSave names ("already in the club: add anyway?").
func save(f *Flow, s bot.Session, env Env) Result {
	if f.BeforeSave == nil {
		return Result{Session: s, Action: f.Action}
	}
	next := f.BeforeSave(s.Draft, env)
	if next == "" {
		return Result{Session: s, Action: f.Action}
	}
	s.Back = append(s.Back, StepConfirm)
	s.Step = next
	s.Seq++
	return Ask(f, s, f.Step(next), env, "", nil)
}
