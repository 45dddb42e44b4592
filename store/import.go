package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/clubbot/clubbot/bot"
)

// RowRef says where an imported row comes from: a file and the line on
// which its record starts.
type RowRef struct {
	File string
	Line int
}

// String returns "file:line".
func (r RowRef) String() string { return r.File + ":" + strconv.Itoa(r.Line) }

// ClubKey identifies a club in an import: its commune-level unit and its
// name, compared folded ("CLB Hoa Sen" and "clb hoa sen" are one club).
type ClubKey struct {
	UnitID int64
	Name   string
}

// ImportClub is a club to import; its ID is ignored.
type ImportClub struct {
	Ref  RowRef
	Club bot.Club
}

// ImportMember is a member to import into the club with key Club, which
// is in the batch or already in the database. Its ID, ClubID and SourceKey
// are set by Import.
type ImportMember struct {
	Ref    RowRef
	Club   ClubKey
	Member bot.Member
}

// ImportFund is a fund report to import into the club with key Club. Its
// ID, ClubID and SourceKey are set by Import.
type ImportFund struct {
	Ref    RowRef
	Club   ClubKey
	Report bot.FundReport
}

// ImportBatch is what one import brings in. With DryRun set, Import checks
// and counts everything as for a real run, then rolls back.
type ImportBatch struct {
	Clubs   []ImportClub
	Members []ImportMember
	Funds   []ImportFund
	DryRun  bool
}

// ImportProblem is why a row is rejected, in plain language, with the
// column at fault ("" for the whole row). A warning does not reject the
// row: it notes that the database keeps a value the row differs from.
type ImportProblem struct {
	Ref     RowRef
	Column  string
	Message string
	Warning bool
}

// ImportResult counts the rows added and those whose record was already
// in the database, and lists the problems found.
type ImportResult struct {
	ClubsAdded, ClubsPresent     int
	MembersAdded, MembersPresent int
	FundsAdded, FundsPresent     int
	Problems                     []ImportProblem
}

// Rejected returns the number of problems that are not warnings.
func (r ImportResult) Rejected() int {
	n := 0
	for _, p := range r.Problems {
		if !p.Warning {
			n++
		}
	}
	return n
}

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")

// Import stores a batch in one transaction, with an audit entry (by the
// system, user 0) for each record created. A record is identified by its
// club's unit and folded name, a member by club, folded name and year of
// birth, a fund report by club and date. A row whose record is already in
// the database adds nothing and is counted as present, so importing the
// same files twice adds nothing the second time; a present club that
// differs in another column is a different club with the same name, and
// rejected, while a present member or fund report that differs only gets a
// warning, the database being the newer record. Two rows with the same
// record in the batch are rejected. If any row is rejected, nothing is
// stored and the error is EINVALID; the result lists the problems.
func (d *DB) Import(ctx context.Context, b ImportBatch) (ImportResult, error) {
	var res ImportResult
	err := d.inTx(ctx, func(t *Tx) error {
		im := &importer{t: t, at: d.now(), ids: map[ClubKey]int64{},
			seen: map[memberKey]RowRef{}, seenFunds: map[fundKey]RowRef{}, stored: map[int64]map[memberKey]memberRow{}}
		if err := im.run(ctx, b); err != nil {
			return err
		}
		res = im.res
		if res.Rejected() > 0 || b.DryRun {
			return errDryRun
		}
		return nil
	})
	switch {
	case errors.Is(err, errDryRun) && res.Rejected() > 0:
		return res, invalid("import: %d rows rejected; nothing imported", res.Rejected())
	case errors.Is(err, errDryRun):
		return res, nil
	}
	return res, err
}

// importer is one run of Import inside its transaction.
type importer struct {
	t          *Tx
	at         time.Time
	ids        map[ClubKey]int64 // club ids by folded key; 0: rejected
	seen       map[memberKey]RowRef
	seenFunds  map[fundKey]RowRef
	stored     map[int64]map[memberKey]memberRow // by club id
	newMembers []memberRow
	res        ImportResult
}

// reject records a problem with a row.
func (im *importer) reject(ref RowRef, column, format string, args ...any) {
	im.res.Problems = append(im.res.Problems, ImportProblem{Ref: ref, Column: column, Message: fmt.Sprintf(format, args...)})
}

// warn records a warning about a row.
func (im *importer) warn(ref RowRef, column, format string, args ...any) {
	im.res.Problems = append(im.res.Problems, ImportProblem{Ref: ref, Column: column, Message: fmt.Sprintf(format, args...), Warning: true})
}

// run imports the clubs, then the members and the fund reports.
func (im *importer) run(ctx context.Context, b ImportBatch) error {
	for _, c := range b.Clubs {
		if err := im.club(ctx, c); err != nil {
			return err
		}
	}
	for _, m := range b.Members {
		if err := im.member(ctx, m); err != nil {
			return err
		}
	}
	for _, f := range b.Funds {
		if err := im.fund(ctx, f); err != nil {
			return err
		}
	}
	return im.storeMembers(ctx)
}

// foldKey returns k with its name folded.
func foldKey(k ClubKey) ClubKey { return ClubKey{UnitID: k.UnitID, Name: bot.Fold(k.Name)} }

// club imports one club row.
func (im *importer) club(ctx context.Context, ic ImportClub) error {
	c := ic.Club
	key := foldKey(ClubKey{UnitID: c.UnitID, Name: c.Name})
	if _, seen := im.ids[key]; seen {
		im.reject(ic.Ref, "name", "club %q appears twice for the same commune in the file", bot.CleanText(c.Name))
		return nil
	}
	var old clubRow
	err := im.t.q(ctx).Where("unit_id = ? AND name_key = ?", c.UnitID, key.Name).Order("id").Take(&old).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return im.createClub(ctx, ic, key)
	} else if err != nil {
		return wrapErr("import club", err)
	}
	if c.Status == "" {
		c.Status = bot.ClubActive
	}
	if col, was := clubDiff(old.toClub(), c); col != "" {
		im.reject(ic.Ref, col, "a different club %q is already in the database for this commune (%s there: %s); "+
			"if it is another club, give it another name", old.Name, col, was)
		im.ids[key] = 0
		return nil
	}
	im.ids[key] = old.ID
	im.res.ClubsPresent++
	return nil
}

// createClub stores a new club, turning an invalid club into a problem.
func (im *importer) createClub(ctx context.Context, ic ImportClub, key ClubKey) error {
	c := ic.Club
	err := im.t.CreateClub(ctx, &c, 0, im.at)
	if bot.ErrorCode(err) == bot.EINVALID {
		var be *bot.Error
		errors.As(err, &be)
		im.reject(ic.Ref, "", "club rejected: %s", be.Message)
		im.ids[key] = 0
		return nil
	} else if err != nil {
		return err
	}
	im.ids[key] = c.ID
	im.res.ClubsAdded++
	return nil
}

// clubDiff returns the first column in which a stored club and an
// imported one differ, and the stored value, or "".
func clubDiff(old, c bot.Club) (column, was string) {
	switch {
	case !sameDay(old.FoundedOn, c.FoundedOn):
		return "founded_on", old.FoundedOn.Format("02/01/2006")
	case old.DecisionNo != bot.CleanText(c.DecisionNo):
		return "decision_no", strconv.Quote(old.DecisionNo)
	case old.StartingFund != c.StartingFund:
		return "starting_fund", strconv.FormatInt(old.StartingFund, 10)
	case old.Status != c.Status:
		return "status", string(old.Status)
	case idOf(old.FormerDistrictID) != idOf(c.FormerDistrictID):
		return "former_district", "another district"
	}
	return "", ""
}

// sameDay reports whether a and b fall on the same day in Vietnam.
func sameDay(a, b time.Time) bool {
	return a.In(bot.Vietnam()).Format(time.DateOnly) == b.In(bot.Vietnam()).Format(time.DateOnly)
}

// clubID returns the id of the row's club, or 0 after recording why there
// is none. A club rejected in this batch gives 0 without a new problem.
func (im *importer) clubID(ctx context.Context, ref RowRef, k ClubKey) (int64, error) {
	key := foldKey(k)
	if id, ok := im.ids[key]; ok {
		return id, nil
	}
	var id int64
	err := im.t.q(ctx).Model(&clubRow{}).Select("id").Where("unit_id = ? AND name_key = ?", key.UnitID, key.Name).
		Order("id").Take(&id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		im.reject(ref, "club", "no club %q in this commune, neither in the clubs file nor in the database", k.Name)
		return 0, nil
	}
	im.ids[key] = id
	return id, wrapErr("import: find club", err)
}

// memberKey identifies a member within an import.
type memberKey struct {
	clubID int64
	name   string
	year   int
}

// fundKey identifies a fund report within an import.
type fundKey struct {
	clubID int64
	day    string
}

// member imports one member row. New members are stored together by
// storeMembers.
func (im *importer) member(ctx context.Context, m ImportMember) error {
	clubID, err := im.clubID(ctx, m.Ref, m.Club)
	if err != nil || clubID == 0 {
		return err
	}
	mem := m.Member
	mem.ClubID, mem.FullName = clubID, bot.CleanText(mem.FullName)
	key := memberKey{clubID, bot.Fold(mem.FullName), mem.BirthYear}
	if first, dup := im.seen[key]; dup {
		im.reject(m.Ref, "full_name", "%s born %d is already on line %d for the same club", mem.FullName, mem.BirthYear, first.Line)
		return nil
	} else if mem.FullName == "" || mem.JoinedOn.IsZero() {
		im.reject(m.Ref, "", "a member needs a name and the day they joined")
		return nil
	}
	im.seen[key] = m.Ref
	stored, err := im.clubMembers(ctx, clubID)
	if err != nil {
		return err
	}
	old, present := stored[key]
	if !present {
		mem.SourceKey = fmt.Sprintf("import:member:%d:%s:%d", clubID, key.name, key.year)
		im.newMembers = append(im.newMembers, memberToRow(mem))
		im.res.MembersAdded++
		return nil
	}
	im.res.MembersPresent++
	if cols := memberDiff(old.toMember(), mem); cols != "" {
		im.warn(m.Ref, "", "%s born %d is already in the database, which keeps its own %s", mem.FullName, mem.BirthYear, cols)
	}
	return nil
}

// clubMembers returns the members stored for a club by key, reading them
// once per club: one query per row made a province's import slow.
func (im *importer) clubMembers(ctx context.Context, clubID int64) (map[memberKey]memberRow, error) {
	if m, ok := im.stored[clubID]; ok {
		return m, nil
	}
	var rows []memberRow
	if err := im.t.q(ctx).Where("club_id = ?", clubID).Order("id DESC").Find(&rows).Error; err != nil {
		return nil, wrapErr("import: club members", err)
	}
	m := make(map[memberKey]memberRow, len(rows))
	for _, r := range rows { // by id descending: the oldest of namesakes wins
		m[memberKey{clubID, r.NameKey, r.BirthYear}] = r
	}
	im.stored[clubID] = m
	return m, nil
}

// storeMembers inserts the new members, and their audit entries, in
// batches.
func (im *importer) storeMembers(ctx context.Context) error {
	if len(im.newMembers) == 0 || im.res.Rejected() > 0 {
		return nil
	}
	if err := im.t.q(ctx).CreateInBatches(&im.newMembers, 200).Error; err != nil {
		return wrapErr("import members", err)
	}
	audit := make([]auditRow, len(im.newMembers))
	for i, r := range im.newMembers {
		after, err := jsonText(r.toMember())
		if err != nil {
			return err
		}
		audit[i] = auditRow{At: toDB(im.at), Entity: entityMember, EntityID: r.ID, Action: actionCreate, After: after}
	}
	return wrapErr("import members: audit", im.t.q(ctx).CreateInBatches(&audit, 200).Error)
}

// memberDiff names the columns in which a stored member and an imported
// one differ, or returns "".
func memberDiff(old, m bot.Member) string {
	var cols []string
	add := func(differ bool, col string) {
		if differ {
			cols = append(cols, col)
		}
	}
	add(old.Gender != m.Gender, "gender")
	add(old.Household != m.Household, "household")
	add(old.EthnicMinority != m.EthnicMinority, "ethnic_minority")
	add(old.CareVolunteer != m.CareVolunteer, "care_volunteer")
	add(!sameDay(old.JoinedOn, m.JoinedOn), "joined_on")
	add((old.LeftOn == nil) != (m.LeftOn == nil) || old.LeftOn != nil && !sameDay(*old.LeftOn, *m.LeftOn), "left_on")
	return joinColumns(cols)
}

// fund imports one fund report row.
func (im *importer) fund(ctx context.Context, f ImportFund) error {
	clubID, err := im.clubID(ctx, f.Ref, f.Club)
	if err != nil || clubID == 0 {
		return err
	}
	r := f.Report
	r.ClubID = clubID
	key := fundKey{clubID, r.AsOf.In(bot.Vietnam()).Format(time.DateOnly)}
	if first, dup := im.seenFunds[key]; dup {
		im.reject(f.Ref, "as_of", "the club already has a report for %s on line %d", r.AsOf.Format("02/01/2006"), first.Line)
		return nil
	}
	im.seenFunds[key] = f.Ref
	var old fundReportRow
	err = im.t.q(ctx).Where("club_id = ? AND as_of = ?", clubID, toDB(r.AsOf)).Order("id").Take(&old).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		r.SourceKey = fmt.Sprintf("import:fund:%d:%s", clubID, key.day)
		im.res.FundsAdded++
		return im.t.AddFundReport(ctx, &r, 0, im.at)
	} else if err != nil {
		return wrapErr("import fund report", err)
	}
	im.res.FundsPresent++
	if cols := fundDiff(old.toFundReport(), r); cols != "" {
		im.warn(f.Ref, "", "the club's report for %s is already in the database, which keeps its own %s",
			r.AsOf.Format("02/01/2006"), cols)
	}
	return nil
}

// fundDiff names the columns in which a stored report and an imported one
// differ, or returns "".
func fundDiff(old, r bot.FundReport) string {
	var cols []string
	for _, c := range []struct {
		differ bool
		col    string
	}{
		{old.IncomeFund != r.IncomeFund, "income_fund"},
		{old.ActivityFund != r.ActivityFund, "activity_fund"},
		{old.LoansOutstanding != r.LoansOutstanding, "loans_outstanding"},
		{old.MembersWithLoans != r.MembersWithLoans, "members_with_loans"},
	} {
		if c.differ {
			cols = append(cols, c.col)
		}
	}
	return joinColumns(cols)
}

// joinColumns lists column names: "a", "a and b", "a, b and c".
func joinColumns(cols []string) string {
	switch len(cols) {
	case 0:
		return ""
	case 1:
		return cols[0]
	}
	return strings.Join(cols[:len(cols)-1], ", ") + " and " + cols[len(cols)-1]
}
