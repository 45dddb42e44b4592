package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/store"
)

// importCommand brings clubs, their members and fund reports in from CSV
// files exported from spreadsheets. Every row is checked first; if any is
// rejected, all problems are listed and nothing is imported.
func importCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var cfg config
	fs := newFlagSet("import", "clubbot import [flags] clubs.csv [members.csv] [funds.csv]\n\n"+
		"Imports clubs, members and fund reports from CSV files (UTF-8, comma or semicolon separated,\n"+
		"headers in Vietnamese or English). Every row is checked first: if any is rejected, every problem\n"+
		"is listed with its file, line and column, and nothing is imported. Rows already in the database\n"+
		"add nothing, so importing the same files again is harmless.", stderr)
	cfg.register(fs, getenv, "clubbot.db")
	dryRun := fs.Bool("dry-run", false, "check every row and print what would be imported, without importing")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 || len(files) > 3 {
		fs.Usage()
		return errors.New("import needs clubs.csv, and optionally members.csv and funds.csv, in that order")
	}
	db, err := cfg.openStore(ctx, nil, clock)
	if err != nil {
		return err
	}
	defer db.Close()
	im, err := newImporter(ctx, db, clock())
	if err != nil {
		return err
	}
	if err := im.readFiles(files); err != nil {
		return err
	}
	im.batch.DryRun = *dryRun || len(im.problems) > 0
	res, err := db.Import(ctx, im.batch)
	if err != nil && bot.ErrorCode(err) != bot.EINVALID {
		return fmt.Errorf("import: %w", err)
	}
	return im.report(stdout, res, *dryRun)
}

// parseInterleaved parses flags placed before, between or after the
// positional arguments, which it returns.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
}

// clubRef is a club that member and fund rows can name: from the clubs
// file or already in the database. ok is false when its row is rejected.
type clubRef struct {
	key store.ClubKey
	ok  bool
}

// importer reads the files into a batch, collecting every problem.
type importer struct {
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

// newImporter loads the units and the clubs already in the database.
func newImporter(ctx context.Context, db *store.DB, today time.Time) (*importer, error) {
	im := &importer{today: today, districts: map[int64]bot.Unit{}, clubs: map[string][]clubRef{},
		unitName: map[int64]string{}, labels: map[string]map[string]string{}, waiting: map[string]int{}}
	units, err := db.Units(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("read units: %w", err)
	}
	for _, u := range units {
		switch u.Level {
		case bot.LevelCommune:
			im.communes = append(im.communes, u)
			im.unitName[u.ID] = u.FullName()
		case bot.LevelDistrict:
			im.districts[u.ID] = u
		}
	}
	clubs, err := db.Clubs(ctx)
	if err != nil {
		return nil, fmt.Errorf("read clubs: %w", err)
	}
	for _, c := range clubs {
		im.addClub(store.ClubKey{UnitID: c.UnitID, Name: c.Name}, true)
	}
	return im, nil
}

// addClub makes a club nameable by member and fund rows, once per key.
func (im *importer) addClub(key store.ClubKey, ok bool) {
	name := bot.Fold(key.Name)
	for _, r := range im.clubs[name] {
		if r.key.UnitID == key.UnitID {
			return
		}
	}
	im.clubs[name] = append(im.clubs[name], clubRef{key: key, ok: ok})
}

// readFiles reads the clubs file, then the members and funds files.
func (im *importer) readFiles(files []string) error {
	im.files = files
	readers := []func(*row){im.readClub, im.readMember, im.readFund}
	for i, path := range files {
		t, err := im.readTable(path, fileKinds[i])
		if err != nil {
			return err
		}
		for _, r := range t.rows {
			readers[i](&row{im: im, t: t, r: r})
		}
	}
	return nil
}

// fileKind describes one of the three files: its columns, in order.
type fileKind struct {
	name    string
	columns []column
}

// column is a column of a file: its field name, its usual Vietnamese
// header, whether it is required, and the other headers that mean it
// (folded by headerKey).
type column struct {
	field    string
	vi       string
	required bool
	aliases  []string
}

// fileKinds are the clubs, members and funds files.
var fileKinds = []fileKind{
	{"clubs", []column{
		{"name", "Tên CLB", true, []string{"ten", "tenclb", "tencaulacbo", "club", "clb", "caulacbo"}},
		{"commune", "Xã/phường", true, communeAliases},
		{"former_district", "Huyện cũ", false, []string{"huyen", "huyencu", "quanhuyen", "district", "formerdistrict", "donvicaphuyen"}},
		{"founded_on", "Ngày thành lập", true, []string{"ngaythanhlap", "thanhlap", "founded", "founding"}},
		{"decision_no", "Số quyết định", false, []string{"soquyetdinh", "quyetdinh", "soqd", "qd", "decision", "decisionnumber"}},
		{"starting_fund", "Vốn ban đầu", false, []string{"vonbandau", "quybandau", "vonkhoidau", "quykhoidau", "fund"}},
		{"status", "Trạng thái", false, []string{"trangthai", "tinhtrang"}},
	}},
	{"members", []column{
		{"club", "Câu lạc bộ", true, clubAliases},
		{"commune", "Xã/phường", false, communeAliases},
		{"full_name", "Họ và tên", true, []string{"hoten", "hovaten", "ten", "name", "fullname", "thanhvien"}},
		{"gender", "Giới tính", true, []string{"gioitinh", "gioi", "sex"}},
		{"birth_year", "Năm sinh", true, []string{"namsinh", "yearofbirth", "born"}},
		{"household", "Hộ gia đình", true, []string{"hogiadinh", "loaiho", "phanloaiho", "ho"}},
		{"ethnic_minority", "Dân tộc thiểu số", true, []string{"dantocthieuso", "dtts", "dantoc", "ethnic"}},
		{"care_volunteer", "Tình nguyện viên", true, []string{"tinhnguyenvien", "tnv", "tinhnguyenvienchamsoctainha", "volunteer"}},
		{"joined_on", "Ngày tham gia", true, []string{"ngayvao", "ngaythamgia", "ngaygianhap", "joined"}},
		{"left_on", "Ngày ra", false, []string{"ngayra", "ngayroi", "ngayrakhoi", "left"}},
		{"left_reason", "Lý do ra", false, []string{"lydo", "lydora", "lydoroi", "reason"}},
	}},
	{"funds", []column{
		{"club", "Câu lạc bộ", true, clubAliases},
		{"commune", "Xã/phường", false, communeAliases},
		{"as_of", "Tính đến ngày", true, []string{"ngay", "ngaybaocao", "tinhdenngay", "date", "asof"}},
		{"income_fund", "Quỹ tăng thu nhập", true, []string{"quytangthunhap", "quyttn", "income"}},
		{"activity_fund", "Quỹ hoạt động", true, []string{"quyhoatdong", "quyhd", "activity"}},
		{"loans_outstanding", "Dư nợ", true, []string{"duno", "dunochovay", "dangchovay", "sotienchovay", "loans"}},
		{"members_with_loans", "Số thành viên vay", true, []string{"sothanhvienvay", "sotvvay", "songuoivay", "thanhvienduocvay", "borrowers"}},
	}},
}

var (
	communeAliases = []string{"xa", "phuong", "xaphuong", "phuongxa", "xaphuongdackhu", "donvi", "maxa", "communecode"}
	clubAliases    = []string{"clb", "tenclb", "caulacbo", "tencaulacbo", "club", "clubname"}
)

// headerKey folds a header or a word for comparison: no diacritics, lower
// case, only letters and digits ("Ngày thành lập" and "ngay_thanh_lap"
// are both "ngaythanhlap").
func headerKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, bot.Fold(s))
}

// field returns the field a header names, or "".
func (k fileKind) field(header string) string {
	h := headerKey(header)
	for _, c := range k.columns {
		if h == headerKey(c.field) || h == headerKey(c.vi) || slices.Contains(c.aliases, h) {
			return c.field
		}
	}
	return ""
}

// table is a CSV file: its header's columns by field, and its records.
type table struct {
	file string
	cols map[string]int
	rows []record
}

// record is a row of cells and the line on which it starts.
type record struct {
	line  int
	cells []string
}

// readTable reads a CSV file of a kind. Problems with the file itself are
// recorded and give a table without rows; only an unreadable file is an
// error.
func (im *importer) readTable(path string, kind fileKind) (*table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	t := &table{file: path, cols: map[string]int{}}
	im.labels[path] = map[string]string{}
	if msg, line := checkEncoding(data); msg != "" {
		im.fileProblem(path, line, msg)
		return t, nil
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	recs, err := readRecords(data)
	if err != nil {
		var pe *csv.ParseError
		errors.As(err, &pe)
		im.fileProblem(path, pe.StartLine, "this line is not valid CSV ("+pe.Err.Error()+"); check its quotes")
		return t, nil
	}
	if len(recs) == 0 {
		return t, nil
	}
	if im.mapHeader(t, kind, recs[0].cells) {
		t.rows = recs[1:]
	}
	return t, nil
}

// checkEncoding returns why data is not UTF-8 text, and the line, or "".
func checkEncoding(data []byte) (string, int) {
	const fix = "; save the spreadsheet as \"CSV UTF-8\""
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return "the file is UTF-16 text" + fix, 1
	}
	for i, line := range bytes.Split(data, []byte("\n")) {
		if !utf8.Valid(line) {
			return "this line is not UTF-8 text (maybe Windows-1258 or TCVN3)" + fix, i + 1
		}
	}
	return "", 0
}

// readRecords parses CSV separated by commas, semicolons or tabs, taking
// the one that appears most in the first line, and drops blank records.
func readRecords(data []byte) ([]record, error) {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord = ',', -1
	for _, sep := range []rune{';', '\t'} {
		if bytes.Count(first, []byte(string(sep))) > bytes.Count(first, []byte(string(r.Comma))) {
			r.Comma = sep
		}
	}
	var recs []record
	for {
		cells, err := r.Read()
		if err == io.EOF {
			return recs, nil
		} else if err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		if strings.TrimSpace(strings.Join(cells, "")) != "" {
			recs = append(recs, record{line: line, cells: cells})
		}
	}
}

// mapHeader maps the header's cells to fields and reports whether every
// required column is there. Unknown headers are ignored.
func (im *importer) mapHeader(t *table, kind fileKind, header []string) bool {
	ok := true
	for i, h := range header {
		f := kind.field(h)
		if f == "" {
			continue
		}
		if j, dup := t.cols[f]; dup {
			im.fileProblem(t.file, 1, fmt.Sprintf("columns %q and %q both mean %s; keep one", header[j], h, f))
			ok = false
		}
		t.cols[f], im.labels[t.file][f] = i, strings.TrimSpace(h)
	}
	var missing []string
	for _, c := range kind.columns {
		if _, found := t.cols[c.field]; c.required && !found {
			missing = append(missing, fmt.Sprintf("%s (%q)", c.field, c.vi))
		}
	}
	if len(missing) > 0 {
		im.fileProblem(t.file, 1, fmt.Sprintf("the %s file has no column for %s; its header row is: %s",
			kind.name, strings.Join(missing, ", "), strings.Join(header, ", ")))
		return false
	}
	return ok
}

// fileProblem records a problem with a whole file or its header.
func (im *importer) fileProblem(file string, line int, msg string) {
	im.problems = append(im.problems, store.ImportProblem{Ref: store.RowRef{File: file, Line: line}, Message: msg})
}

// row is a record being read, with the problems found in it.
type row struct {
	im  *importer
	t   *table
	r   record
	bad bool
}

// get returns the cell of a field, cleaned; "" if the column is absent.
func (w *row) get(field string) string {
	i, ok := w.t.cols[field]
	if !ok || i >= len(w.r.cells) {
		return ""
	}
	return bot.CleanText(w.r.cells[i])
}

// fail records a problem with the row's cell of a field.
func (w *row) fail(field, format string, args ...any) {
	w.bad = true
	w.im.problems = append(w.im.problems, store.ImportProblem{Ref: store.RowRef{File: w.t.file, Line: w.r.line},
		Column: field, Message: fmt.Sprintf(format, args...)})
}

// required returns the cell of a field, recording a problem if it is empty.
func (w *row) required(field string) string {
	s := w.get(field)
	if s == "" {
		w.fail(field, "the cell is empty")
	}
	return s
}

// yearless matches a day without its year, which a file must not rely on.
var yearless = regexp.MustCompile(`^[0-9]{1,2}[/.-][0-9]{1,2}$`)

// date reads a date as dd/mm/yyyy (or yyyy-mm-dd); empty gives the zero
// time, and a problem if the field is required.
func (w *row) date(field string, required bool) time.Time {
	s := w.get(field)
	if s == "" {
		if required {
			w.fail(field, "the cell is empty; write a date as dd/mm/yyyy")
		}
		return time.Time{}
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, vietnam); err == nil && !t.After(w.im.today) {
		return t
	}
	if yearless.MatchString(s) {
		w.fail(field, "%q has no year; write dd/mm/yyyy", s)
		return time.Time{}
	}
	t, err := bot.ParseDate(s, w.im.today)
	if err != nil {
		w.fail(field, "%q is not a date we can use (%s); write dd/mm/yyyy", s, errMessage(err))
	}
	return t
}

// money reads an amount of đồng; an amount that could be read two ways
// ("20" for 20 đ or 20 triệu) is refused, since nobody is there to ask.
func (w *row) money(field string, required bool) int64 {
	s := w.get(field)
	if s == "" {
		if required {
			w.fail(field, "the cell is empty; write an amount such as 20.000.000 or 20tr (0 if none)")
		}
		return 0
	}
	n, ambiguous, err := bot.ParseMoney(s)
	switch {
	case err != nil && slices.Contains([]string{"negative amount", "amount too large", "fraction of a dong"}, errMessage(err)):
		w.fail(field, "%q is not a possible amount (%s)", s, errMessage(err))
	case err != nil:
		w.fail(field, "%q is not an amount of money; write e.g. 20.000.000 or 20tr", s)
	case ambiguous:
		w.fail(field, "%q is ambiguous; write it in full, e.g. %s, or with a unit such as tr or k", s, groupThousands(n))
	}
	return n
}

// groupThousands writes n with dots between thousands: 20.000.000.
func groupThousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// errMessage returns the message of a domain error, or the error's text.
func errMessage(err error) string {
	var be *bot.Error
	if errors.As(err, &be) {
		return be.Message
	}
	return err.Error()
}

// Words accepted in the choice columns, as headerKey folds them.
var (
	genderWords = map[string]string{"nam": string(bot.Male), "male": string(bot.Male), "m": string(bot.Male),
		"nu": string(bot.Female), "female": string(bot.Female), "f": string(bot.Female)}
	householdWords = map[string]string{
		"ngheo": string(bot.HouseholdPoor), "hongheo": string(bot.HouseholdPoor), "poor": string(bot.HouseholdPoor),
		"canngheo": string(bot.HouseholdNearPoor), "hocanngheo": string(bot.HouseholdNearPoor),
		"nearpoor": string(bot.HouseholdNearPoor), "khong": string(bot.HouseholdNeither),
		"khongngheo": string(bot.HouseholdNeither), "binhthuong": string(bot.HouseholdNeither),
		"neither": string(bot.HouseholdNeither), "none": string(bot.HouseholdNeither)}
	statusWords = map[string]string{"active": string(bot.ClubActive), "hoatdong": string(bot.ClubActive),
		"danghoatdong": string(bot.ClubActive), "dissolved": string(bot.ClubDissolved),
		"giaithe": string(bot.ClubDissolved), "dagiaithe": string(bot.ClubDissolved)}
	flagWords = map[string]string{"": "no", "co": "yes", "c": "yes", "yes": "yes", "y": "yes", "x": "yes",
		"1": "yes", "true": "yes", "khong": "no", "k": "no", "ko": "no", "no": "no", "n": "no", "0": "no", "false": "no"}
)

// choice reads one of words' values; empty is allowed unless required.
func (w *row) choice(field string, words map[string]string, required bool, expect string) string {
	s := w.get(field)
	v, ok := words[headerKey(s)]
	switch {
	case s == "" && !ok && required:
		w.fail(field, "the cell is empty; write %s", expect)
	case s != "" && !ok:
		w.fail(field, "%q is not understood; write %s", s, expect)
	}
	return v
}

// flag reads a yes/no cell; empty is no.
func (w *row) flag(field string) bool {
	return w.choice(field, flagWords, false, "có or không (yes or no; empty means no)") == "yes"
}

// readClub reads a row of the clubs file.
func (im *importer) readClub(w *row) {
	name := w.required("name")
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
	im.addClub(store.ClubKey{UnitID: unit.ID, Name: name}, !w.bad)
	if !w.bad {
		im.batch.Clubs = append(im.batch.Clubs, store.ImportClub{Ref: w.ref(), Club: c})
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
	if u, ok := findUnit(w.im.communes, s, 5); ok {
		return u, true
	}
	w.fail("commune", "%q is not a commune-level unit of %s (as in force since 1 July 2025)%s",
		s, store.ProvinceName, suggest(s, w.im.communes))
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
		d := w.im.districts[id]
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
func (im *importer) readMember(w *row) {
	key, clubOK := w.club()
	var m bot.Member
	if s := w.required("full_name"); s != "" {
		var err error
		if m.FullName, err = bot.ParseName(s); err != nil {
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
		im.batch.Members = append(im.batch.Members, store.ImportMember{Ref: w.ref(), Club: key, Member: m})
	}
}

// minMemberAge is the youngest age at which the import takes a member.
const minMemberAge = 15

// birthYear reads a year of birth from 1900 to minMemberAge years ago.
func (w *row) birthYear() int {
	s := w.required("birth_year")
	if s == "" {
		return 0
	}
	last := w.im.today.Year() - minMemberAge
	y, err := bot.ParseYear(s, w.im.today.Year())
	if err != nil || y > last {
		w.fail("birth_year", "%q is not a year of birth from 1900 to %d", s, last)
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
func (im *importer) readFund(w *row) {
	key, clubOK := w.club()
	r := bot.FundReport{AsOf: w.date("as_of", true)}
	r.IncomeFund = w.money("income_fund", true)
	r.ActivityFund = w.money("activity_fund", true)
	r.LoansOutstanding = w.money("loans_outstanding", true)
	if s := w.required("members_with_loans"); s != "" {
		var err error
		if r.MembersWithLoans, err = bot.ParseCount(s); err != nil {
			w.fail("members_with_loans", "%q is not a number of members", s)
		}
	}
	if clubOK && !w.bad {
		im.batch.Funds = append(im.batch.Funds, store.ImportFund{Ref: w.ref(), Club: key, Report: r})
	}
}

// club finds the club a member or fund row names, in the clubs file or
// the database; the optional commune column tells same-named clubs apart.
// A row whose club is rejected waits for it, without a problem of its own.
func (w *row) club() (store.ClubKey, bool) {
	name := w.required("club")
	refs, where := w.im.clubs[bot.Fold(name)], ""
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
			units = append(units, w.im.unitName[r.key.UnitID])
		}
		w.fail("club", "%d clubs are named %q (%s); add a commune column to say which", len(refs), name, strings.Join(units, ", "))
	case !refs[0].ok:
		w.bad = true
		w.im.waiting[w.t.file]++
	default:
		return refs[0].key, true
	}
	return store.ClubKey{}, false
}

// report prints every problem, file by file, then what was imported or
// would be, and returns an error if any row is rejected.
func (im *importer) report(w io.Writer, res store.ImportResult, dryRun bool) error {
	problems := append(slices.Clone(im.problems), res.Problems...)
	slices.SortStableFunc(problems, func(a, b store.ImportProblem) int { return cmp.Compare(a.Ref.Line, b.Ref.Line) })
	rejected := map[store.RowRef]bool{}
	for _, f := range im.files {
		for _, p := range problems {
			if p.Ref.File == f {
				fmt.Fprintln(w, im.describe(p))
				rejected[p.Ref] = rejected[p.Ref] || !p.Warning
			}
		}
		if n := im.waiting[f]; n > 0 {
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
func (im *importer) describe(p store.ImportProblem) string {
	var b strings.Builder
	b.WriteString(p.Ref.String())
	if p.Column != "" {
		label := im.labels[p.Ref.File][p.Column]
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
