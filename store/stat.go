package store

import (
	"context"
	"database/sql"
	"errors"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// clubStatsSQL computes the figures of every active club in one
// statement. Members still in their club (no departure date) are counted
// from a partial covering index without comparing a date; the few whose
// dates fall around asOf correct that count (adj: plus those who left
// after asOf, minus those who joined after it), and the week's arrivals
// and departures come from the indexes on the two dates. Each club's
// latest fund reports take one index seek each. Clubs are those with ids
// from :lo to :hi (the small adj and w are not limited to them: a
// condition on club_id would make SQLite read them by club instead of by
// date); {members_scope} and {clubs_scope} are replaced by the scope's
// conditions. It is written in the SQL both dialects share: a CASE in each
// SUM, not a comparison, which PostgreSQL does not add up.
const clubStatsSQL = `WITH cur AS (
	SELECT club_id, COUNT(*) AS n, SUM(CASE WHEN gender = :female THEN 1 ELSE 0 END) AS women,
		SUM(CASE WHEN birth_year <= :max_birth THEN 1 ELSE 0 END) AS older
	FROM members WHERE left_on IS NULL AND club_id BETWEEN :lo AND :hi {members_scope}
	GROUP BY club_id),
adj AS (
	SELECT club_id, SUM(sign) AS n, SUM(CASE WHEN gender = :female THEN sign ELSE 0 END) AS women,
		SUM(CASE WHEN birth_year <= :max_birth THEN sign ELSE 0 END) AS older
	FROM (SELECT club_id, gender, birth_year, 1 AS sign FROM members
			WHERE left_on > :as_of AND joined_on <= :as_of {members_scope}
		UNION ALL
		SELECT club_id, gender, birth_year, -1 FROM members
			WHERE joined_on > :as_of AND left_on IS NULL {members_scope}) AS s
	GROUP BY club_id),
w AS (
	SELECT club_id, SUM(CASE WHEN joined_on > :week_ago AND joined_on <= :as_of THEN 1 ELSE 0 END) AS joined,
		SUM(CASE WHEN left_on > :week_ago AND left_on <= :as_of THEN 1 ELSE 0 END) AS left_
	FROM members
	WHERE ((joined_on > :week_ago AND joined_on <= :as_of) OR (left_on > :week_ago AND left_on <= :as_of)) {members_scope}
	GROUP BY club_id)
SELECT c.id, c.name, c.unit_id, c.former_district_id, c.founded_on, c.decision_no, c.status, c.starting_fund,
	u.name,
	COALESCE(c.former_district_id, (SELECT f.district_id FROM unit_former_districts f
		WHERE f.unit_id = c.unit_id ORDER BY f.position LIMIT 1), 0) AS district_id,
	COALESCE(cur.n, 0) + COALESCE(adj.n, 0), COALESCE(cur.women, 0) + COALESCE(adj.women, 0),
	COALESCE(cur.older, 0) + COALESCE(adj.older, 0),
	COALESCE(w.joined, 0), COALESCE(w.left_, 0),
	r.id, r.as_of, r.income_fund, r.activity_fund, r.loans_outstanding, r.members_with_loans,
	COALESCE(r.reported_by, 0), r.source_key,
	COALESCE((SELECT p.income_fund + p.activity_fund FROM fund_reports p
		WHERE p.club_id = c.id AND p.as_of <= :week_ago AND p.withdrawn_at IS NULL ORDER BY p.as_of DESC, p.id DESC LIMIT 1), 0)
FROM clubs c
JOIN units u ON u.id = c.unit_id
LEFT JOIN cur ON cur.club_id = c.id
LEFT JOIN adj ON adj.club_id = c.id
LEFT JOIN w ON w.club_id = c.id
LEFT JOIN fund_reports r ON r.id = (SELECT l.id FROM fund_reports l
	WHERE l.club_id = c.id AND l.as_of <= :as_of AND l.withdrawn_at IS NULL ORDER BY l.as_of DESC, l.id DESC LIMIT 1)
WHERE c.status = 'active' AND c.founded_on <= :as_of AND c.id BETWEEN :lo AND :hi {clubs_scope}
ORDER BY c.id`

// ClubStats returns the figures on day asOf of every active club in scope,
// by id: the whole province; a district-level unit (clubs formerly in it,
// or in a commune-level unit formed from it); a commune-level unit; or a
// club. Members are counted in SQL, never loaded: active on asOf, women,
// older (asOf's year minus birth year at least olderAge), joined and left
// in the week ending on asOf. EINVALID for an unknown unit or scope.
//
// For the whole province the clubs are split into ranges of ids counted
// at once on separate connections, one per processor (at most four).
func (d *DB) ClubStats(ctx context.Context, scope bot.Scope, asOf time.Time, olderAge int) ([]bot.ClubStat, error) {
	membersScope, clubsScope, args, err := d.statScope(ctx, scope)
	if err != nil {
		return nil, err
	}
	q := replaceAll(clubStatsSQL, "{members_scope}", membersScope, "{clubs_scope}", clubsScope)
	args = append(args,
		sql.Named("as_of", toDB(asOf)), sql.Named("week_ago", toDB(asOf.AddDate(0, 0, -7))),
		sql.Named("female", string(bot.Female)), sql.Named("max_birth", asOf.In(bot.Vietnam()).Year()-olderAge))
	parts := 1
	if scope.Kind == bot.ScopeProvince {
		parts = min(runtime.GOMAXPROCS(0), 4)
	}
	ranges, err := d.clubIDRanges(ctx, parts)
	if err != nil {
		return nil, err
	}
	results := make([][]bot.ClubStat, len(ranges))
	errs := make([]error, len(ranges))
	var wg sync.WaitGroup
	for i, r := range ranges {
		wg.Go(func() {
			results[i], errs[i] = d.queryClubStats(ctx, q, append(slices.Clip(args), sql.Named("lo", r[0]), sql.Named("hi", r[1])))
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, wrapErr("club stats", err)
	}
	out := slices.Concat(results...)
	if err := d.countCorrections(ctx, out, asOf); err != nil {
		return nil, err
	}
	if err := d.addActivityReports(ctx, out, asOf); err != nil {
		return nil, err
	}
	return out, d.nameDistricts(ctx, out)
}

// clubIDRanges splits the ids of the clubs into n ranges of about the
// same width, in order; one range (maybe empty) if there are few clubs.
func (d *DB) clubIDRanges(ctx context.Context, n int) ([][2]int64, error) {
	var lo, hi sql.NullInt64
	if err := d.sql.QueryRowContext(ctx, `SELECT MIN(id), MAX(id) FROM clubs`).Scan(&lo, &hi); err != nil {
		return nil, wrapErr("club stats", err)
	}
	width := (hi.Int64 - lo.Int64 + 1 + int64(n) - 1) / int64(n)
	if !lo.Valid || n <= 1 || width < 100 {
		return [][2]int64{{lo.Int64, hi.Int64}}, nil
	}
	var out [][2]int64
	for from := lo.Int64; from <= hi.Int64; from += width {
		out = append(out, [2]int64{from, min(from+width-1, hi.Int64)})
	}
	return out, nil
}

// queryClubStats runs clubStatsSQL and reads its rows.
func (d *DB) queryClubStats(ctx context.Context, q string, args []any) ([]bot.ClubStat, error) {
	q, args = d.dialect.bindNamed(q, args)
	rows, err := d.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.ClubStat
	for rows.Next() {
		s, err := scanClubStat(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// statScope returns the conditions on members and on clubs c that select
// scope, and their arguments.
func (d *DB) statScope(ctx context.Context, scope bot.Scope) (string, string, []any, error) {
	const inClubs = "AND club_id IN (SELECT c.id FROM clubs c WHERE c.status = 'active' "
	switch {
	case scope.Kind == bot.ScopeProvince:
		return "", "", nil, nil
	case scope.Kind == bot.ScopeClub && scope.ClubID != nil:
		return "AND club_id = :scope_id", "AND c.id = :scope_id", []any{sql.Named("scope_id", *scope.ClubID)}, nil
	case scope.Kind != bot.ScopeUnit || scope.UnitID == nil:
		return "", "", nil, invalid("club stats: scope %q without its id", scope.Kind)
	}
	var level int
	err := d.sql.QueryRowContext(ctx, d.dialect.rebind(`SELECT level FROM units WHERE id = ?`), *scope.UnitID).Scan(&level)
	if err != nil {
		return "", "", nil, invalid("club stats: unit %d: %v", *scope.UnitID, err)
	}
	cond := clubsInUnitCond(bot.UnitLevel(level))
	if cond == "" {
		return "", "", nil, nil // the province unit: everything
	}
	return inClubs + cond + ")", cond, []any{sql.Named("scope_id", *scope.UnitID)}, nil
}

// clubsInUnitCond is the condition on clubs c of a unit of this level
// whose id is :scope_id: for a district-level unit, the clubs formerly in
// it or in a commune-level unit formed from it. "" for the province.
func clubsInUnitCond(level bot.UnitLevel) string {
	switch level {
	case bot.LevelDistrict:
		return "AND (c.former_district_id = :scope_id OR c.unit_id IN " +
			"(SELECT unit_id FROM unit_former_districts WHERE district_id = :scope_id))"
	case bot.LevelCommune:
		return "AND c.unit_id = :scope_id"
	}
	return ""
}

// scanClubStat reads one row of clubStatsSQL.
func scanClubStat(rows *sql.Rows) (bot.ClubStat, error) {
	var s bot.ClubStat
	var c clubRow
	var r struct {
		ID, Income, Activity, Loans, ReportedBy sql.NullInt64
		AsOf                                    sql.NullTime
		Borrowers                               sql.NullInt64
		SourceKey                               sql.NullString
	}
	err := rows.Scan(&c.ID, &c.Name, &c.UnitID, &c.FormerDistrictID, &c.FoundedOn, &c.DecisionNo, &c.Status,
		&c.StartingFund, &s.UnitName, &s.DistrictID, &s.Members, &s.Women, &s.Older, &s.Joined, &s.Left,
		&r.ID, &r.AsOf, &r.Income, &r.Activity, &r.Loans, &r.Borrowers, &r.ReportedBy, &r.SourceKey, &s.WeekFunds)
	if err != nil {
		return s, err
	}
	s.Club = c.toClub()
	if r.ID.Valid {
		s.LastFund = &bot.FundReport{ID: r.ID.Int64, ClubID: c.ID, AsOf: fromDB(r.AsOf.Time),
			IncomeFund: r.Income.Int64, ActivityFund: r.Activity.Int64, LoansOutstanding: r.Loans.Int64,
			MembersWithLoans: int(r.Borrowers.Int64), ReportedBy: r.ReportedBy.Int64, SourceKey: r.SourceKey.String}
	}
	return s, nil
}

// nameDistricts fills in the district names of stats.
func (d *DB) nameDistricts(ctx context.Context, stats []bot.ClubStat) error {
	districts, err := d.Units(ctx, bot.LevelDistrict)
	if err != nil {
		return err
	}
	names := make(map[int64]string, len(districts))
	for _, u := range districts {
		names[u.ID] = u.Name
	}
	for i := range stats {
		stats[i].DistrictName = names[stats[i].DistrictID]
	}
	return nil
}

// replaceAll replaces each old, new pair in s.
func replaceAll(s string, pairs ...string) string {
	return strings.NewReplacer(pairs...).Replace(s)
}

// PlanAt returns the plan in force on day at (see Tx.CurrentPlan), read
// outside a transaction.
func (d *DB) PlanAt(ctx context.Context, at time.Time) (bot.Plan, error) {
	return d.direct().CurrentPlan(ctx, at)
}

// DistrictsOf returns the district-level units a scope covers: all of them
// for the province, the unit itself for a district-level unit, the former
// districts of a commune-level unit, and the club's district for a club.
func (d *DB) DistrictsOf(ctx context.Context, scope bot.Scope) ([]bot.Unit, error) {
	all, err := d.Units(ctx, bot.LevelDistrict)
	if err != nil || scope.Kind == bot.ScopeProvince {
		return all, err
	}
	want, err := d.scopeDistrictIDs(ctx, scope)
	if err != nil {
		return nil, err
	}
	var out []bot.Unit
	for _, u := range all {
		if want[u.ID] {
			out = append(out, u)
		}
	}
	return out, nil
}

// scopeDistrictIDs returns the ids of the district-level units of a unit
// or club scope.
func (d *DB) scopeDistrictIDs(ctx context.Context, scope bot.Scope) (map[int64]bool, error) {
	t := d.direct()
	unitID := idOf(scope.UnitID)
	if scope.Kind == bot.ScopeClub {
		c, err := t.Club(ctx, idOf(scope.ClubID))
		if err != nil {
			return nil, err
		}
		if c.FormerDistrictID != nil {
			return map[int64]bool{*c.FormerDistrictID: true}, nil
		}
		unitID = c.UnitID
	}
	u, err := t.Unit(ctx, unitID)
	if err != nil {
		return nil, err
	}
	want := map[int64]bool{u.ID: u.Level == bot.LevelDistrict}
	for _, id := range u.FormerDistrictIDs {
		want[id] = true
	}
	return want, nil
}

// schemaV2Stats adds the indexes ClubStats reads, all covering: members
// still in their club by club, and every member by date of arrival and
// (for those who left) of departure.
var schemaV2Stats = []string{
	`CREATE INDEX idx_members_current ON members(club_id, gender, birth_year, left_on) WHERE left_on IS NULL`,
	`CREATE INDEX idx_members_joined ON members(joined_on, club_id, gender, birth_year, left_on)`,
	`CREATE INDEX idx_members_left ON members(left_on, joined_on, club_id, gender, birth_year) WHERE left_on IS NOT NULL`,
}
