// Package importer brings clubs, their members and fund reports in from
// CSV files exported from spreadsheets: it reads every file, checks every
// row as the dialogues would, and imports all of them or none.
package importer

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/store"
)

// Store is what an import reads and writes.
type Store interface {
	Units(ctx context.Context, level bot.UnitLevel) ([]bot.Unit, error)
	Clubs(ctx context.Context) ([]bot.Club, error)
	Import(ctx context.Context, b store.ImportBatch) (store.ImportResult, error)
}

var _ Store = (*store.DB)(nil)

// Run reads the clubs file, then optionally the members and funds files,
// and checks every row; if any is rejected, or dryRun is set, nothing is
// imported. It writes every problem, with its file, line and column, and
// what was or would be imported to w, and returns an error if any row is
// rejected. today is the last day a date in the files may be.
func Run(ctx context.Context, db Store, files []string, today time.Time, dryRun bool, w io.Writer) error {
	rd, err := newReader(ctx, db, today)
	if err != nil {
		return err
	}
	if err := rd.readFiles(files); err != nil {
		return err
	}
	rd.batch.DryRun = dryRun || len(rd.problems) > 0
	res, err := db.Import(ctx, rd.batch)
	if err != nil && bot.ErrorCode(err) != bot.EINVALID {
		return fmt.Errorf("import: %w", err)
	}
	return rd.report(w, res, dryRun)
}

// clubRef is a club that member and fund rows can name: from the clubs
// file or already in the database. ok is false when its row is rejected.
type clubRef struct {
	key store.ClubKey
	ok  bool
}

// reader reads the files into a batch, collecting every problem.
type reader struct {
	today     time.Time
	communes  []bot.Unit
	districts map[int64]bot.Unit
	clubs     map[string][]clubRef // by folded name
	unitName  map[int64]string
	files     []string
	labels    map[string]map[string]string // file → field → header as written
	waiting   map[string]int               // file → rows whose club is rejected
	problems  []store.ImportProblem
	batch     store.ImportBatch
}

// newReader loads the units and the clubs already in the database.
func newReader(ctx context.Context, db Store, today time.Time) (*reader, error) {
	rd := &reader{today: today, districts: map[int64]bot.Unit{}, clubs: map[string][]clubRef{},
		unitName: map[int64]string{}, labels: map[string]map[string]string{}, waiting: map[string]int{}}
	units, err := db.Units(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("read units: %w", err)
	}
	for _, u := range units {
		switch u.Level {
		case bot.LevelCommune:
			rd.communes = append(rd.communes, u)
			rd.unitName[u.ID] = u.FullName()
		case bot.LevelDistrict:
			rd.districts[u.ID] = u
		}
	}
	clubs, err := db.Clubs(ctx)
	if err != nil {
		return nil, fmt.Errorf("read clubs: %w", err)
	}
	for _, c := range clubs {
		rd.addClub(store.ClubKey{UnitID: c.UnitID, Name: c.Name}, true)
	}
	return rd, nil
}

// addClub makes a club nameable by member and fund rows, once per key.
func (rd *reader) addClub(key store.ClubKey, ok bool) {
	name := bot.Fold(key.Name)
	for _, r := range rd.clubs[name] {
		if r.key.UnitID == key.UnitID {
			return
		}
	}
	rd.clubs[name] = append(rd.clubs[name], clubRef{key: key, ok: ok})
}

// readFiles reads the clubs file, then the members and funds files.
func (rd *reader) readFiles(files []string) error {
	rd.files = files
	readers := []func(*row){rd.readClub, rd.readMember, rd.readFund}
	for i, path := range files {
		t, err := rd.readTable(path, fileKinds[i])
		if err != nil {
			return err
		}
		for _, r := range t.rows {
			readers[i](&row{rd: rd, t: t, r: r})
		}
	}
	return nil
}

// readClub reads a row of the clubs file.
func (rd *reader) readClub(w *row) {
	name := bot.ClubName(w.required("name"))
	unit, unitOK := w.commune(true)
	c := bot.Club{Name: name, UnitID: unit.ID}
	if unitOK {
		c.FormerDistrictID = w.formerDistrict(unit)
	}
	c.FoundedOn = w.date("founded_on", true)
	c.DecisionNo = w.get("decision_no")
	c.StartingFund = w.money("starting_fund", false)
	c.Status = bot.ClubStatus(w.choice("status", statusWords, false, "hoạt động or giải thể (active or dissolved)"))
	if name == "" || !unitOK {
		return
	}
	rd.addClub(store.ClubKey{UnitID: unit.ID, Name: name}, !w.bad)
	if !w.bad {
		rd.batch.Clubs = append(rd.batch.Clubs, store.ImportClub{Ref: w.ref(), Club: c})
	}
}

// ref is where the row is.
func (w *row) ref() store.RowRef { return store.RowRef{File: w.t.file, Line: w.r.line} }

// commune reads the row's commune-level unit, by name or GSO code.
func (w *row) commune(required bool) (bot.Unit, bool) {
	s := w.get("commune")
	if s == "" {
		if required {
			w.fail("commune", "the cell is empty; write the commune, ward or special zone (e.g. Móng Cái 1) or its code")
		}
		return bot.Unit{}, false
	}
	if u, ok := findUnit(w.rd.communes, s, 5); ok {
		return u, true
	}
	w.fail("commune", "%q is not a commune-level unit of %s (as in force since 1 July 2025)%s",
		s, store.ProvinceName, suggest(s, w.rd.communes))
	return bot.Unit{}, false
}

// formerDistrict reads the district the club was in before 1 July 2025,
// which must be one the commune was formed from; empty gives the first.
func (w *row) formerDistrict(u bot.Unit) *int64 {
	s := w.get("former_district")
	if s == "" && len(u.FormerDistrictIDs) > 0 {
		id := u.FormerDistrictIDs[0]
		return &id
	}
	var names []string
	for _, id := range u.FormerDistrictIDs {
		d := w.rd.districts[id]
		if _, ok := findUnit([]bot.Unit{d}, s, 3); ok {
			return &id
		}
		names = append(names, d.FullName())
	}
	if s != "" {
		w.fail("former_district", "%q is not a district %s was formed from (%s)", s, u.FullName(), strings.Join(names, ", "))
	}
	return nil
}

// findUnit returns the unit whose code, name or type and name matches s;
// an all-digit s is a code, its leading zeros optional up to width digits.
func findUnit(units []bot.Unit, s string, width int) (bot.Unit, bool) {
	key := bot.Fold(s)
	code := s
	if strings.Trim(s, "0123456789") == "" && len(s) < width {
		code = strings.Repeat("0", width-len(s)) + s
	}
	for _, u := range units {
		if u.Code == code || bot.Fold(u.Name) == key || bot.Fold(u.FullName()) == key {
			return u, true
		}
	}
	return bot.Unit{}, false
}

// suggest returns "; did you mean X?" for the unit closest to s, or "".
func suggest(s string, units []bot.Unit) string {
	names := make([]string, len(units))
	for i, u := range units {
		names[i] = u.Name
	}
	if found := bot.FuzzyFind(s, names, 1); len(found) == 1 {
		return fmt.Sprintf("; did you mean %s?", units[found[0]].FullName())
	}
	return ""
}

// readMember reads a row of the members file.
func (rd *reader) readMember(w *row) {
	key, clubOK := w.club()
	var m bot.Member
	if s := w.required("full_name"); s != "" {
		var err error
		if m.FullName, err = dialogue.ParseName(s); err != nil {
			w.fail("full_name", "%q is not a person's name (letters, spaces, ' - and . only, 2 to 60 characters)", s)
		}
	}
	m.Gender = bot.Gender(w.choice("gender", genderWords, true, "nam or nữ (male or female)"))
	m.BirthYear = w.birthYear()
	m.Household = bot.Household(w.choice("household", householdWords, true,
		"nghèo, cận nghèo or không (poor, near_poor or neither)"))
	m.EthnicMinority, m.CareVolunteer = w.flag("ethnic_minority"), w.flag("care_volunteer")
	m.JoinedOn = w.date("joined_on", true)
	w.leaving(&m)
	if clubOK && !w.bad {
		rd.batch.Members = append(rd.batch.Members, store.ImportMember{Ref: w.ref(), Club: key, Member: m})
	}
}

// birthYear reads a year of birth by the member dialogue's rule, from 1900
// to dialogue.MinMemberAge years ago.
func (w *row) birthYear() int {
	s := w.required("birth_year")
	if s == "" {
		return 0
	}
	y, err := dialogue.ParseBirthYear(s, w.rd.today.Year())
	if err != nil {
		w.fail("birth_year", "%q is not a year of birth from 1900 to %d", s, dialogue.LastBirthYear(w.rd.today.Year()))
	}
	return y
}

// leaving reads when and why a member left, if they did.
func (w *row) leaving(m *bot.Member) {
	m.LeftReason = w.get("left_reason")
	left := w.date("left_on", false)
	switch {
	case left.IsZero() && m.LeftReason != "" && w.get("left_on") == "":
		w.fail("left_on", "the cell is empty but left_reason is given; give the day the member left")
	case !left.IsZero() && !m.JoinedOn.IsZero() && left.Before(m.JoinedOn):
		w.fail("left_on", "%s is before the day the member joined (%s)", left.Format("02/01/2006"), m.JoinedOn.Format("02/01/2006"))
	case !left.IsZero():
		m.LeftOn = &left
	}
}

// readFund reads a row of the funds file.
func (rd *reader) readFund(w *row) {
	key, clubOK := w.club()
	r := bot.FundReport{AsOf: w.date("as_of", true)}
	r.IncomeFund = w.money("income_fund", true)
	r.ActivityFund = w.money("activity_fund", true)
	r.LoansOutstanding = w.money("loans_outstanding", true)
	if s := w.required("members_with_loans"); s != "" {
		var err error
		if r.MembersWithLoans, err = dialogue.ParseCount(s); err != nil {
			w.fail("members_with_loans", "%q is not a number of members", s)
		}
	}
	if clubOK && !w.bad {
		rd.batch.Funds = append(rd.batch.Funds, store.ImportFund{Ref: w.ref(), Club: key, Report: r})
	}
}

// club finds the club a member or fund row names, in the clubs file or
// the database; the optional commune column tells same-named clubs apart.
// A row whose club is rejected waits for it, without a problem of its own.
func (w *row) club() (store.ClubKey, bool) {
	name := w.required("club")
	refs, where := w.rd.clubs[bot.Fold(bot.ClubName(name))], ""
	if len(refs) == 0 { // a club stored before names were normalised
		refs = w.rd.clubs[bot.Fold(name)]
	}
	if w.get("commune") != "" {
		u, ok := w.commune(false)
		if !ok {
			return store.ClubKey{}, false
		}
		refs = slices.DeleteFunc(slices.Clone(refs), func(r clubRef) bool { return r.key.UnitID != u.ID })
		where = " in " + u.FullName()
	}
	switch {
	case name == "":
	case len(refs) == 0:
		w.fail("club", "no club named %q%s, neither in the clubs file nor in the database", name, where)
	case len(refs) > 1:
		var units []string
		for _, r := range refs {
			units = append(units, w.rd.unitName[r.key.UnitID])
		}
		w.fail("club", "%d clubs are named %q (%s); add a commune column to say which", len(refs), name, strings.Join(units, ", "))
	case !refs[0].ok:
		w.bad = true
		w.rd.waiting[w.t.file]++
	default:
		return refs[0].key, true
	}
	return store.ClubKey{}, false
}

// report prints every problem, file by file, then what was imported or
// would be, and returns an error if any row is rejected.
func (rd *reader) report(w io.Writer, res store.ImportResult, dryRun bool) error {
	problems := append(slices.Clone(rd.problems), res.Problems...)
	slices.SortStableFunc(problems, func(a, b store.ImportProblem) int { return cmp.Compare(a.Ref.Line, b.Ref.Line) })
	rejected := map[store.RowRef]bool{}
	for _, f := range rd.files {
		for _, p := range problems {
			if p.Ref.File == f {
				fmt.Fprintln(w, rd.describe(p))
				rejected[p.Ref] = rejected[p.Ref] || !p.Warning
			}
		}
		if n := rd.waiting[f]; n > 0 {
			fmt.Fprintf(w, "%s: %d more row(s) belong to clubs rejected above; they are checked once those are fixed\n", f, n)
		}
	}
	n := 0
	for _, bad := range rejected {
		if bad {
			n++
		}
	}
	if n > 0 {
		fmt.Fprintf(w, "\n%d row(s) rejected: nothing was imported. Correct the files and run the import again.\n", n)
		return fmt.Errorf("%d row(s) rejected; nothing imported", n)
	}
	if dryRun {
		fmt.Fprintln(w, "Dry run: every row is valid; nothing was imported. Importing would add:")
	} else {
		fmt.Fprintln(w, "Imported:")
	}
	fmt.Fprintf(w, "  clubs:        %4d new, %4d already in the database\n", res.ClubsAdded, res.ClubsPresent)
	fmt.Fprintf(w, "  members:      %4d new, %4d already in the database\n", res.MembersAdded, res.MembersPresent)
	fmt.Fprintf(w, "  fund reports: %4d new, %4d already in the database\n", res.FundsAdded, res.FundsPresent)
	return nil
}

// describe writes a problem as "file:line, column "header": message",
// naming the column as the file's header does.
func (rd *reader) describe(p store.ImportProblem) string {
	var b strings.Builder
	b.WriteString(p.Ref.String())
	if p.Column != "" {
		label := rd.labels[p.Ref.File][p.Column]
		if label == "" {
			label = p.Column
		}
		fmt.Fprintf(&b, ", column %q", label)
	}
	b.WriteString(": ")
	if p.Warning {
		b.WriteString("note: ")
	}
	b.WriteString(p.Message)
	return b.String()
}
