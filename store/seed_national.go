package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// SyntheticOptions sizes the synthetic database SeedSynthetic writes.
type SyntheticOptions struct {
	Clubs   int       // clubs, spread over the commune-level units
	Members int       // members in all, about Members/Clubs per club
	Months  int       // monthly fund reports per club, the last at the end of the month before AsOf
	Seed    uint64    // the same seed and options write the same data
	AsOf    time.Time // the day the data leads up to; members join and leave on or before it
}

// synthClub is a club being generated.
type synthClub struct {
	id, unitID, districtID int64
	founded                time.Time
	members                int
	stopsAt                int // months before AsOf when the club stopped reporting
}

// dbTimeLayout is how go-sqlite3 writes a time.Time, and so how every time
// is stored; a UTC time compares correctly as text.
const dbTimeLayout = "2006-01-02 15:04:05.999999999-07:00"

// dbTime formats t as the database stores it.
func dbTime(t time.Time) string { return t.UTC().Format(dbTimeLayout) }

// SeedSynthetic fills an empty database with synthetic clubs, members and
// monthly fund reports at national scale, for benchmarks and load tests.
// It writes multi-row INSERTs in a few large transactions. ECONFLICT if the
// database already has clubs.
func (d *DB) SeedSynthetic(ctx context.Context, o SyntheticOptions) error {
	if o.Clubs <= 0 || o.Members < 0 || o.Months < 0 || o.AsOf.IsZero() {
		return invalid("seed synthetic: need clubs > 0, members and months >= 0, and a day")
	}
	var n int
	if err := d.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM clubs`).Scan(&n); err != nil {
		return wrapErr("seed synthetic", err)
	}
	if n > 0 {
		return bot.Errorf(bot.ECONFLICT, "seed synthetic: the database already has %d clubs", n)
	}
	communes, err := d.Units(ctx, bot.LevelCommune)
	if err != nil {
		return err
	}
	if len(communes) == 0 {
		return invalid("seed synthetic: no commune-level units")
	}
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	clubs := synthClubs(rng, o, communes)
	err = d.bulkTx(ctx, func(t *Tx) error {
		if err := insertClubs(ctx, t, clubs, rng); err != nil {
			return err
		}
		return t.advanceIDs(ctx, "clubs")
	})
	if err != nil {
		return err
	}
	if err := d.insertMembers(ctx, clubs, rng, o.AsOf); err != nil {
		return err
	}
	if err := d.bulkTx(ctx, func(t *Tx) error { return insertFunds(ctx, t, clubs, rng, o) }); err != nil {
		return err
	}
	return d.analyze(ctx)
}

// analyze has PostgreSQL gather the statistics of the tables just filled,
// which its autovacuum would do only later: until then it plans the
// digest's query as if they were empty. SQLite's planner needs none.
func (d *DB) analyze(ctx context.Context) error {
	if d.dialect != postgresDialect {
		return nil
	}
	_, err := d.sql.ExecContext(ctx, `ANALYZE clubs, members, fund_reports`)
	return wrapErr("seed synthetic: analyze", err)
}

// bulkCacheKiB is SQLite's page cache while SeedSynthetic writes, in
// KiB as PRAGMA cache_size takes it negated: the members' date indexes
// are written in random order and otherwise go to disk at every page.
const bulkCacheKiB = 256 * 1024

// bulkTx runs fn in one transaction, taking the store's write lock, with
// a large page cache on the transaction's connection for its duration.
// PostgreSQL's cache is the server's, so there it only runs fn.
func (d *DB) bulkTx(ctx context.Context, fn func(t *Tx) error) error {
	return d.inTx(ctx, func(t *Tx) error {
		if t.dialect == postgresDialect {
			return fn(t)
		}
		var old int
		if err := t.sqlTx.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&old); err != nil {
			return wrapErr("seed", err)
		}
		if _, err := t.sqlTx.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, -bulkCacheKiB)); err != nil {
			return wrapErr("seed", err)
		}
		err := fn(t)
		if _, err2 := t.sqlTx.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, old)); err == nil {
			err = wrapErr("seed", err2)
		}
		return err
	})
}

// synthClubs generates the clubs with ids from 1 and their member counts,
// which add up to o.Members.
func synthClubs(rng *rand.Rand, o SyntheticOptions, communes []bot.Unit) []synthClub {
	start := o.AsOf.AddDate(-10, 0, 0)
	span := int(o.AsOf.Sub(start).Hours() / 24)
	base := o.Members / o.Clubs
	clubs := make([]synthClub, o.Clubs)
	total := 0
	for i := range clubs {
		u := communes[rng.IntN(len(communes))]
		c := synthClub{id: int64(i + 1), unitID: u.ID, founded: start.AddDate(0, 0, rng.IntN(span))}
		if len(u.FormerDistrictIDs) > 0 {
			c.districtID = u.FormerDistrictIDs[rng.IntN(len(u.FormerDistrictIDs))]
		}
		c.members = max(0, base+rng.IntN(2*(base/3)+1)-base/3)
		if rng.IntN(20) == 0 {
			c.stopsAt = 1 + rng.IntN(6)
		}
		total += c.members
		clubs[i] = c
	}
	for i := 0; total != o.Members; i = (i + 1) % len(clubs) {
		switch {
		case total < o.Members:
			clubs[i].members++
			total++
		case clubs[i].members > 0:
			clubs[i].members--
			total--
		}
	}
	return clubs
}

// insertClubs writes the clubs.
func insertClubs(ctx context.Context, tx *Tx, clubs []synthClub, rng *rand.Rand) error {
	b := newBulk(tx, "clubs", "id", "name", "name_key", "unit_id", "former_district_id",
		"founded_on", "decision_no", "status", "starting_fund")
	for _, c := range clubs {
		name := fmt.Sprintf("CLB Liên thế hệ số %d", c.id)
		status := string(bot.ClubActive)
		if rng.IntN(50) == 0 {
			status = string(bot.ClubDissolved)
		}
		var district any
		if c.districtID != 0 {
			district = c.districtID
		}
		fund := int64(10+rng.IntN(31)) * 1_000_000
		if err := b.add(ctx, c.id, name, bot.Fold(name), c.unitID, district, dbTime(c.founded),
			fmt.Sprintf("%d/QĐ-UBND (synthetic)", c.id), status, fund); err != nil {
			return err
		}
	}
	return b.flush(ctx)
}

// membersPerTx is how many members each transaction writes.
const membersPerTx = 100_000

// insertMembers writes every club's members, in transactions of about
// membersPerTx rows.
func (d *DB) insertMembers(ctx context.Context, clubs []synthClub, rng *rand.Rand, asOf time.Time) error {
	names := newSynthNames()
	for from := 0; from < len(clubs); {
		to, rows := from, 0
		for to < len(clubs) && rows < membersPerTx {
			rows += clubs[to].members
			to++
		}
		err := d.bulkTx(ctx, func(tx *Tx) error {
			b := newBulk(tx, "members", "club_id", "full_name", "name_key", "gender", "birth_year",
				"household", "ethnic_minority", "care_volunteer", "joined_on", "left_on", "left_reason")
			for _, c := range clubs[from:to] {
				if err := addSynthMembers(ctx, b, c, rng, names, asOf); err != nil {
					return err
				}
			}
			return b.flush(ctx)
		})
		if err != nil {
			return err
		}
		from = to
	}
	return nil
}

// households are the household classes with the weight of each in ten.
var households = []string{"poor", "near_poor", "neither", "neither", "neither",
	"neither", "neither", "neither", "neither", "neither"}

// addSynthMembers adds club c's members: about two thirds women and two
// thirds older people; one in twelve has left.
func addSynthMembers(ctx context.Context, b *bulk, c synthClub, rng *rand.Rand, names *synthNames, asOf time.Time) error {
	days := max(1, int(asOf.Sub(c.founded).Hours()/24))
	year := asOf.Year()
	for range c.members {
		female := rng.IntN(3) != 0
		name, key := names.pick(rng, female)
		gender, birth := string(bot.Male), year-25-rng.IntN(35)
		if female {
			gender = string(bot.Female)
		}
		if rng.IntN(3) != 0 {
			birth = year - 60 - rng.IntN(26)
		}
		joined := c.founded.AddDate(0, 0, rng.IntN(days))
		var left any
		reason := ""
		if rng.IntN(12) == 0 {
			left, reason = dbTime(joined.AddDate(0, 0, rng.IntN(int(asOf.Sub(joined).Hours()/24)+1))), "chuyển nơi ở"
		}
		if err := b.add(ctx, c.id, name, key, gender, birth, households[rng.IntN(len(households))],
			rng.IntN(5) == 0, rng.IntN(6) == 0, dbTime(joined), left, reason); err != nil {
			return err
		}
	}
	return nil
}

// insertFunds writes each club's monthly fund reports: one at the end of
// each of the o.Months months before AsOf's month that the club existed
// in, except the last months of the clubs that stopped reporting.
func insertFunds(ctx context.Context, tx *Tx, clubs []synthClub, rng *rand.Rand, o SyntheticOptions) error {
	b := newBulk(tx, "fund_reports", "club_id", "as_of", "income_fund", "activity_fund",
		"loans_outstanding", "members_with_loans")
	_, firstOfMonth := bot.Month(o.AsOf)
	for _, c := range clubs {
		income := int64(10+rng.IntN(31)) * 1_000_000
		for m := o.Months; m > c.stopsAt; m-- {
			end := firstOfMonth.AddDate(0, 1-m, -1)
			income += int64(rng.IntN(2_000_001)) - 800_000
			if end.Before(c.founded) {
				continue
			}
			activity := int64(1+rng.IntN(5)) * 500_000
			borrowers := c.members * (30 + rng.IntN(41)) / 100
			if err := b.add(ctx, c.id, dbTime(end), max(income, 0), activity, max(income, 0)*4/5, borrowers); err != nil {
				return err
			}
		}
	}
	return b.flush(ctx)
}

// synthNames picks members' names from the demo's lists, with their folded
// search keys computed once.
type synthNames struct {
	surnames, women, men []string
	keys                 map[string]string
}

// newSynthNames folds the demo's name parts.
func newSynthNames() *synthNames {
	n := &synthNames{surnames: demoSurnames, women: demoWomen, men: demoMen, keys: map[string]string{}}
	for _, list := range [][]string{demoSurnames, demoWomen, demoMen} {
		for _, s := range list {
			n.keys[s] = bot.Fold(s)
		}
	}
	return n
}

// pick returns a random name and its search key.
func (n *synthNames) pick(rng *rand.Rand, female bool) (string, string) {
	given := n.men
	if female {
		given = n.women
	}
	s, g := n.surnames[rng.IntN(len(n.surnames))], given[rng.IntN(len(given))]
	return s + " " + g, n.keys[s] + " " + n.keys[g]
}

// bulkRows is how many rows one INSERT writes; with 11 columns it stays
// well under SQLite's 32,766 bound parameters and PostgreSQL's 65,535.
const bulkRows = 1000

// bulk writes rows of one table with multi-row INSERTs, the statement for
// a full batch prepared once.
type bulk struct {
	tx    *sql.Tx
	dia   dialect
	table string
	cols  []string
	full  *sql.Stmt
	args  []any
}

// newBulk starts writing rows of table's columns cols in tx.
func newBulk(t *Tx, table string, cols ...string) *bulk {
	return &bulk{tx: t.sqlTx, dia: t.dialect, table: table, cols: cols, args: make([]any, 0, bulkRows*len(cols))}
}

// add queues one row, writing the batch when it is full.
func (b *bulk) add(ctx context.Context, vals ...any) error {
	b.args = append(b.args, vals...)
	if len(b.args) < bulkRows*len(b.cols) {
		return nil
	}
	return b.flush(ctx)
}

// flush writes the queued rows.
func (b *bulk) flush(ctx context.Context) error {
	n := len(b.args) / len(b.cols)
	if n == 0 {
		return nil
	}
	var err error
	if n == bulkRows {
		if b.full == nil {
			if b.full, err = b.tx.PrepareContext(ctx, b.insertSQL(n)); err != nil {
				return wrapErr("seed "+b.table, err)
			}
		}
		_, err = b.full.ExecContext(ctx, b.args...)
	} else {
		_, err = b.tx.ExecContext(ctx, b.insertSQL(n), b.args...)
	}
	b.args = b.args[:0]
	return wrapErr("seed "+b.table, err)
}

// insertSQL is the INSERT of n rows.
func (b *bulk) insertSQL(n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(b.cols)), ",") + ")"
	return b.dia.rebind("INSERT INTO " + b.table + " (" + strings.Join(b.cols, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(row+",", n), ","))
}
