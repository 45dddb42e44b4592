package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/clubbot/clubbot/bot"
)

// clubRow is a row of clubs.
type clubRow struct {
	ID               int64
	Name             string
	NameKey          string
	UnitID           int64
	FormerDistrictID *int64
	FoundedOn        time.Time
	DecisionNo       string
	Status           string
	StartingFund     int64
}

// TableName names the table.
func (clubRow) TableName() string { return "clubs" }

// toClub converts a row to a bot.Club.
func (r clubRow) toClub() bot.Club {
	return bot.Club{
		ID: r.ID, Name: r.Name, UnitID: r.UnitID, FormerDistrictID: r.FormerDistrictID,
		FoundedOn: fromDB(r.FoundedOn), DecisionNo: r.DecisionNo,
		Status: bot.ClubStatus(r.Status), StartingFund: r.StartingFund,
	}
}

// clubToRow converts a bot.Club to a row.
func clubToRow(c bot.Club) clubRow {
	return clubRow{
		ID: c.ID, Name: c.Name, NameKey: bot.Fold(c.Name), UnitID: c.UnitID,
		FormerDistrictID: c.FormerDistrictID, FoundedOn: toDB(c.FoundedOn),
		DecisionNo: strings.TrimSpace(c.DecisionNo), Status: string(c.Status),
		StartingFund: c.StartingFund,
	}
}

// Club returns the club with this id, or ENOTFOUND.
func (t *Tx) Club(ctx context.Context, id int64) (bot.Club, error) {
	var r clubRow
	if err := t.q(ctx).Take(&r, id).Error; err != nil {
		return bot.Club{}, wrapErr("club", err)
	}
	return r.toClub(), nil
}

// CreateClub stores c with an audit entry and sets c.ID. The unit must be
// a commune-level unit and the former district, if any, a district-level
// one. An empty status is stored as active.
func (t *Tx) CreateClub(ctx context.Context, c *bot.Club, actorID int64, at time.Time) error {
	if c == nil {
		return invalid("create club: no club")
	}
	c.Name = bot.CleanText(c.Name)
	if c.Status == "" {
		c.Status = bot.ClubActive
	}
	if err := t.checkClub(ctx, *c); err != nil {
		return err
	}
	row := clubToRow(*c)
	row.ID = 0
	if err := t.q(ctx).Create(&row).Error; err != nil {
		return wrapErr("create club", err)
	}
	*c = row.toClub()
	return t.audit(ctx, actorID, at, entityClub, row.ID, actionCreate, nil, *c)
}

// checkClub validates a new club's fields and units.
func (t *Tx) checkClub(ctx context.Context, c bot.Club) error {
	switch {
	case c.Name == "":
		return invalid("create club: empty name")
	case c.FoundedOn.IsZero():
		return invalid("create club: no founding date")
	case c.Status != bot.ClubActive && c.Status != bot.ClubDissolved:
		return invalid("create club: unknown status %q", c.Status)
	case c.StartingFund < 0:
		return invalid("create club: negative starting fund")
	}
	if err := t.checkUnitLevel(ctx, c.UnitID, bot.LevelCommune); err != nil {
		return err
	}
	if c.FormerDistrictID != nil {
		return t.checkUnitLevel(ctx, *c.FormerDistrictID, bot.LevelDistrict)
	}
	return nil
}

// checkUnitLevel returns EINVALID unless unit id exists at level.
func (t *Tx) checkUnitLevel(ctx context.Context, id int64, level bot.UnitLevel) error {
	var n int64
	err := t.q(ctx).Model(&unitRow{}).Where("id = ? AND level = ?", id, int(level)).Count(&n).Error
	if err != nil {
		return wrapErr("check unit", err)
	}
	if n == 0 {
		return invalid("unit %d is not a level-%d unit", id, level)
	}
	return nil
}

// CreateClub stores c with an audit entry in its own transaction.
func (d *DB) CreateClub(ctx context.Context, c *bot.Club, actorID int64, at time.Time) error {
	return d.inTx(ctx, func(t *Tx) error { return t.CreateClub(ctx, c, actorID, at) })
}

// Clubs returns all clubs, by id.
func (d *DB) Clubs(ctx context.Context) ([]bot.Club, error) {
	return d.direct().findClubs(ctx, nil)
}

// ClubsByName returns the clubs whose folded name contains the folded
// name, exact matches first: "hoa sen" finds "CLB Hoa Sen".
func (d *DB) ClubsByName(ctx context.Context, name string) ([]bot.Club, error) {
	key := bot.Fold(name)
	if key == "" {
		return nil, invalid("clubs by name: empty name")
	}
	pattern := "%" + escapeLike(key) + "%"
	return d.direct().findClubs(ctx, func(q *gorm.DB) *gorm.DB {
		return q.Where(`name_key LIKE ? ESCAPE '\'`, pattern).
			Order(clause.OrderBy{Expression: clause.Expr{SQL: "name_key <> ?", Vars: []any{key}}})
	})
}

// findClubs returns the clubs that scope selects (all if nil), in scope's
// order and then by id.
func (t *Tx) findClubs(ctx context.Context, scope func(*gorm.DB) *gorm.DB) ([]bot.Club, error) {
	q := t.q(ctx)
	if scope != nil {
		q = scope(q)
	}
	var rows []clubRow
	if err := q.Order("id").Find(&rows).Error; err != nil {
		return nil, wrapErr("clubs", err)
	}
	out := make([]bot.Club, len(rows))
	for i, r := range rows {
		out[i] = r.toClub()
	}
	return out, nil
}

// escapeLike escapes LIKE's wildcards with a backslash.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ClubFigures counts a club's active members (no departure date), the
// women among them, and the older ones (year - birth year >= olderAge).
// ENOTFOUND if there is no such club.
func (t *Tx) ClubFigures(ctx context.Context, clubID int64, year, olderAge int) (bot.ClubFigures, error) {
	if _, err := t.Club(ctx, clubID); err != nil {
		return bot.ClubFigures{}, err
	}
	var f struct{ Members, Women, Older int }
	err := t.q(ctx).Raw(`SELECT COUNT(*) AS members,
			COALESCE(SUM(CASE WHEN gender = ? THEN 1 ELSE 0 END), 0) AS women,
			COALESCE(SUM(CASE WHEN ? - birth_year >= ? THEN 1 ELSE 0 END), 0) AS older
		FROM members WHERE club_id = ? AND left_on IS NULL`,
		string(bot.Female), year, olderAge, clubID).Scan(&f).Error
	if err != nil {
		return bot.ClubFigures{}, wrapErr("club figures", err)
	}
	return bot.ClubFigures{Members: f.Members, Women: f.Women, Older: f.Older}, nil
}
