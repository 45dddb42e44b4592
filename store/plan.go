package store

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"os"
	"time"

	"gorm.io/gorm/clause"

	"github.com/clubbot/clubbot/bot"
)

//go:embed data/plan-quangninh-1336.json
var embeddedPlan []byte

// planRow is a row of plans.
type planRow struct {
	ID                 int64
	Name               string
	Decision           string
	ProvinceUnitID     int64
	PeriodFrom         time.Time
	PeriodTo           time.Time
	TargetClubs        int
	TargetNewClubs     int
	TargetNewMembers   int
	TargetOlderPercent int
	TargetUnitsCovered int
	MinStartingFund    int64
	MinMembers         int
	MaxMembers         int
	MinWomenPercent    int
	MaxWomenPercent    int
	MinOlderPercent    int
	MaxOlderPercent    int
	MinLoanPercent     int
	// Activities and FullSet are JSON (activityFile list, keys); empty
	// for a plan loaded before they existed, which gets the defaults.
	Activities           string
	FullSet              string
	FullSetTargetPercent int
}

// TableName names the table.
func (planRow) TableName() string { return "plans" }

// planFigures converts a row's figures to a bot.Plan.
func (r planRow) planFigures() bot.Plan {
	return bot.Plan{
		ID: r.ID, Name: r.Name, Decision: r.Decision, ProvinceUnitID: r.ProvinceUnitID,
		PeriodFrom: fromDB(r.PeriodFrom), PeriodTo: fromDB(r.PeriodTo),
		TargetClubs: r.TargetClubs, TargetNewClubs: r.TargetNewClubs,
		TargetNewMembers: r.TargetNewMembers, TargetOlderPercent: r.TargetOlderPercent,
		TargetUnitsCovered: r.TargetUnitsCovered, MinStartingFund: r.MinStartingFund,
		Norms: bot.Norms{
			MinMembers: r.MinMembers, MaxMembers: r.MaxMembers,
			MinWomenPercent: r.MinWomenPercent, MaxWomenPercent: r.MaxWomenPercent,
			MinOlderPercent: r.MinOlderPercent, MaxOlderPercent: r.MaxOlderPercent,
			MinLoanPercent: r.MinLoanPercent,
		},
	}
}

// toPlan converts a row to a bot.Plan, with its activities.
func (r planRow) toPlan() bot.Plan {
	p := r.planFigures()
	a := planActivities{FullSetTargetPercent: r.FullSetTargetPercent}
	if json.Unmarshal([]byte(r.Activities), &a.Activities) != nil || json.Unmarshal([]byte(r.FullSet), &a.FullSet) != nil {
		a = planActivities{}
	}
	a = a.orDefaults()
	p.Activities, p.FullSetKeys, p.FullSetTargetPercent = a.botActivities(), a.FullSet, a.FullSetTargetPercent
	return p
}

// planFile is a plan as written in a JSON file. Dates are "2006-01-02";
// the province is named by its code.
type planFile struct {
	Name               string `json:"name"`
	Decision           string `json:"decision"`
	ProvinceCode       string `json:"province_code"`
	PeriodFrom         string `json:"period_from"`
	PeriodTo           string `json:"period_to"`
	TargetClubs        int    `json:"target_clubs"`
	TargetNewClubs     int    `json:"target_new_clubs"`
	TargetNewMembers   int    `json:"target_new_members"`
	TargetOlderPercent int    `json:"target_older_percent"`
	TargetUnitsCovered int    `json:"target_units_covered"`
	MinStartingFund    int64  `json:"min_starting_fund"`
	Norms              struct {
		MinMembers      int `json:"min_members"`
		MaxMembers      int `json:"max_members"`
		MinWomenPercent int `json:"min_women_percent"`
		MaxWomenPercent int `json:"max_women_percent"`
		MinOlderPercent int `json:"min_older_percent"`
		MaxOlderPercent int `json:"max_older_percent"`
		MinLoanPercent  int `json:"min_loan_percent"`
	} `json:"norms"`
	planActivities
	Source string `json:"source"` // for readers; not stored
}

// parsePlans reads one plan object or an array of them.
func parsePlans(data []byte) ([]planFile, error) {
	data = bytes.TrimSpace(data)
	var plans []planFile
	var err error
	if len(data) > 0 && data[0] == '[' {
		err = json.Unmarshal(data, &plans)
	} else {
		var p planFile
		err = json.Unmarshal(data, &p)
		plans = []planFile{p}
	}
	if err != nil {
		return nil, invalid("plan file: %v", err)
	}
	return plans, nil
}

// row checks f and converts it to a row for the province with this id.
func (f planFile) row(provinceID int64) (planRow, error) {
	from, err1 := parseDay(f.PeriodFrom)
	to, err2 := parseDay(f.PeriodTo)
	switch {
	case f.Name == "" || f.Decision == "":
		return planRow{}, invalid("plan file: name and decision are required")
	case err1 != nil || err2 != nil || to.Before(from):
		return planRow{}, invalid("plan %s: bad period %q to %q", f.Decision, f.PeriodFrom, f.PeriodTo)
	}
	n := f.Norms
	acts, err := f.planActivities.orDefaults().check()
	if err != nil {
		return planRow{}, invalid("plan %s: %v", f.Decision, err)
	}
	return planRow{
		Activities: acts[0], FullSet: acts[1], FullSetTargetPercent: f.planActivities.orDefaults().FullSetTargetPercent,
		Name: f.Name, Decision: f.Decision, ProvinceUnitID: provinceID,
		PeriodFrom: toDB(from), PeriodTo: toDB(to),
		TargetClubs: f.TargetClubs, TargetNewClubs: f.TargetNewClubs,
		TargetNewMembers: f.TargetNewMembers, TargetOlderPercent: f.TargetOlderPercent,
		TargetUnitsCovered: f.TargetUnitsCovered, MinStartingFund: f.MinStartingFund,
		MinMembers: n.MinMembers, MaxMembers: n.MaxMembers,
		MinWomenPercent: n.MinWomenPercent, MaxWomenPercent: n.MaxWomenPercent,
		MinOlderPercent: n.MinOlderPercent, MaxOlderPercent: n.MaxOlderPercent,
		MinLoanPercent: n.MinLoanPercent,
	}, nil
}

// seedEmbeddedPlans loads the embedded plan unless it is already loaded or
// an operator has loaded a plan file.
func (d *DB) seedEmbeddedPlans(ctx context.Context) error {
	sum := checksum(embeddedPlan)
	return d.inTx(ctx, func(t *Tx) error {
		if need, err := t.needsEmbeddedSeed(ctx, "plans", sum); err != nil || !need {
			return err
		}
		return t.loadPlans(ctx, embeddedPlan, sourceEmbedded, sum)
	})
}

// SeedPlanFile loads plans from a JSON file holding one plan or an array of
// plans, in the format of the embedded data/plan-quangninh-1336.json. A
// plan replaces the stored one with the same decision and province. The
// embedded plan is not reloaded at later opens.
func (d *DB) SeedPlanFile(ctx context.Context, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return invalid("seed plan: %v", err)
	}
	return d.inTx(ctx, func(t *Tx) error {
		return t.loadPlans(ctx, data, "operator", checksum(data))
	})
}

// loadPlans parses and upserts plans, and records the seed.
func (t *Tx) loadPlans(ctx context.Context, data []byte, source, sum string) error {
	plans, err := parsePlans(data)
	if err != nil {
		return err
	}
	for _, f := range plans {
		prov, err := t.unitByCode(ctx, bot.LevelProvince, f.ProvinceCode)
		if err != nil {
			return err
		}
		r, err := f.row(prov.ID)
		if err != nil {
			return err
		}
		err = t.q(ctx).Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "decision"}, {Name: "province_unit_id"}},
			UpdateAll: true,
		}).Create(&r).Error
		if err != nil {
			return wrapErr("store plan "+f.Decision, err)
		}
	}
	return t.recordSeed(ctx, "plans", source, sum)
}

// CurrentPlan returns the plan whose period contains t (the period's last
// day counts whole), preferring the one that started last; else the plan
// that ends last; else ENOTFOUND.
func (t *Tx) CurrentPlan(ctx context.Context, at time.Time) (bot.Plan, error) {
	plans, err := t.plans(ctx)
	if err != nil {
		return bot.Plan{}, err
	}
	var cur, latest *bot.Plan
	for i := range plans {
		p := &plans[i]
		end := p.PeriodTo.AddDate(0, 0, 1)
		if !at.Before(p.PeriodFrom) && at.Before(end) && (cur == nil || !p.PeriodFrom.Before(cur.PeriodFrom)) {
			cur = p
		}
		if latest == nil || !p.PeriodTo.Before(latest.PeriodTo) {
			latest = p
		}
	}
	switch {
	case cur != nil:
		return *cur, nil
	case latest != nil:
		return *latest, nil
	}
	return bot.Plan{}, notFound("plan")
}

// Plans returns all plans, by period.
func (d *DB) Plans(ctx context.Context) ([]bot.Plan, error) {
	return d.direct().plans(ctx)
}

// plans is Plans inside t.
func (t *Tx) plans(ctx context.Context) ([]bot.Plan, error) {
	var rows []planRow
	if err := t.q(ctx).Order("period_from, id").Find(&rows).Error; err != nil {
		return nil, wrapErr("plans", err)
	}
	out := make([]bot.Plan, len(rows))
	for i, r := range rows {
		out[i] = r.toPlan()
	}
	return out, nil
}
