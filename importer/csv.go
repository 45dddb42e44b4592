package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
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
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
	"github.com/clubbot/clubbot/store"
)

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
func (rd *reader) readTable(path string, kind fileKind) (*table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	t := &table{file: path, cols: map[string]int{}}
	rd.labels[path] = map[string]string{}
	if msg, line := checkEncoding(data); msg != "" {
		rd.fileProblem(path, line, msg)
		return t, nil
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	recs, err := readRecords(data)
	if err != nil {
		var pe *csv.ParseError
		errors.As(err, &pe)
		rd.fileProblem(path, pe.StartLine, "this line is not valid CSV ("+pe.Err.Error()+"); check its quotes")
		return t, nil
	}
	if len(recs) == 0 {
		return t, nil
	}
	if rd.mapHeader(t, kind, recs[0].cells) {
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
func (rd *reader) mapHeader(t *table, kind fileKind, header []string) bool {
	ok := true
	for i, h := range header {
		f := kind.field(h)
		if f == "" {
			continue
		}
		if j, dup := t.cols[f]; dup {
			rd.fileProblem(t.file, 1, fmt.Sprintf("columns %q and %q both mean %s; keep one", header[j], h, f))
			ok = false
		}
		t.cols[f], rd.labels[t.file][f] = i, strings.TrimSpace(h)
	}
	var missing []string
	for _, c := range kind.columns {
		if _, found := t.cols[c.field]; c.required && !found {
			missing = append(missing, fmt.Sprintf("%s (%q)", c.field, c.vi))
		}
	}
	if len(missing) > 0 {
		rd.fileProblem(t.file, 1, fmt.Sprintf("the %s file has no column for %s; its header row is: %s",
			kind.name, strings.Join(missing, ", "), strings.Join(header, ", ")))
		return false
	}
	return ok
}

// fileProblem records a problem with a whole file or its header.
func (rd *reader) fileProblem(file string, line int, msg string) {
	rd.problems = append(rd.problems, store.ImportProblem{Ref: store.RowRef{File: file, Line: line}, Message: msg})
}

// row is a record being read, with the problems found in it.
type row struct {
	rd  *reader
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
	w.rd.problems = append(w.rd.problems, store.ImportProblem{Ref: store.RowRef{File: w.t.file, Line: w.r.line},
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
	if t, err := time.ParseInLocation(time.DateOnly, s, bot.Vietnam()); err == nil && !t.After(w.rd.today) {
		return t
	}
	if yearless.MatchString(s) {
		w.fail(field, "%q has no year; write dd/mm/yyyy", s)
		return time.Time{}
	}
	t, err := dialogue.ParseDate(s, w.rd.today)
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
	n, ambiguous, err := dialogue.ParseMoney(s)
	switch {
	case err != nil && slices.Contains([]string{"negative amount", "amount too large", "fraction of a dong"}, errMessage(err)):
		w.fail(field, "%q is not a possible amount (%s)", s, errMessage(err))
	case err != nil:
		w.fail(field, "%q is not an amount of money; write e.g. 20.000.000 or 20tr", s)
	case ambiguous:
		w.fail(field, "%q is ambiguous; write it in full, e.g. %s, or with a unit such as tr or k", s, messages.FormatInt(n))
	}
	return n
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
