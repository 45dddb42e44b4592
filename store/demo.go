package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/clubbot/clubbot/bot"
)

// demoClub describes one demo club in a real commune-level unit.
type demoClub struct {
	slug         string
	name         string
	unitCode     string // commune-level unit
	districtCode string // former district-level unit
	founded      time.Time
	decision     string
	members      int
	ethnic       bool // most members are of ethnic minorities
}

// demoClubs are the clubs SeedDemo creates.
var demoClubs = []demoClub{
	{"hoa-sen", "CLB Hoa Sen", "06712", "194", day(2022, 3, 15), "45/QĐ-UBND (demo)", 25, false},
	{"binh-minh", "CLB Bình Minh", "07192", "207", day(2023, 9, 8), "112/QĐ-UBND (demo)", 18, false},
	{"sao-mai", "CLB Sao Mai", "06838", "198", day(2021, 11, 20), "", 14, true},
}

// Names for demo members.
var (
	demoSurnames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng",
		"Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Hà", "Đào"}
	demoWomen = []string{"Thị Lan", "Thị Hoa", "Thị Mai", "Thị Hương", "Thị Thu",
		"Thị Hạnh", "Thị Nga", "Thị Nhung", "Thị Thảo", "Thị Hằng", "Thị Liên",
		"Thị Yến", "Thị Tuyết", "Thị Loan", "Thị Xuân", "Thị Bích"}
	demoMen = []string{"Văn Hùng", "Văn Dũng", "Đức Tuấn", "Văn Nam", "Văn Sơn",
		"Văn Bình", "Minh Quang", "Văn Thắng", "Đức Long", "Văn Hải", "Quốc Khánh"}
)

// SeedDemo adds demo data: three clubs with members (one of whom has left)
// and a fund report, an admin and a province officer, and a leader of
// CLB Hoa Sen, reachable on channel "console" as "demo-admin",
// "demo-officer" and "demo-leader". Running it again adds nothing.
func (d *DB) SeedDemo(ctx context.Context, now time.Time) error {
	return d.inTx(ctx, func(t *Tx) error {
		admin, err := t.demoUser(ctx, "demo-admin", bot.User{Name: "Quản trị viên (demo)",
			Role: bot.RoleAdmin, Scope: bot.Scope{Kind: bot.ScopeProvince}})
		if err != nil {
			return err
		}
		_, err = t.demoUser(ctx, "demo-officer", bot.User{Name: "Trần Văn Hùng", Phone: "+84912000002",
			Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}})
		if err != nil {
			return err
		}
		var first int64
		for i, c := range demoClubs {
			id, err := t.demoClub(ctx, c, admin, now)
			if err != nil {
				return err
			}
			if i == 0 {
				first = id
			}
		}
		leader, err := t.demoUser(ctx, "demo-leader", bot.User{Name: "Nguyễn Thị Lan", Phone: "+84912000001",
			Role: bot.RoleLeader, Scope: bot.Scope{Kind: bot.ScopeClub, ClubID: &first}})
		if err != nil {
			return err
		}
		return t.demoExtras(ctx, first, leader, admin, now)
	})
}

// demoUser returns the id of the user of console account acctID, creating
// both from u if needed.
func (t *Tx) demoUser(ctx context.Context, acctID string, u bot.User) (int64, error) {
	got, err := t.UserByAccount(ctx, "console", acctID)
	if err == nil {
		return got.ID, nil
	} else if bot.ErrorCode(err) != bot.ENOTFOUND {
		return 0, err
	}
	u.Lang = "vi"
	if err := t.CreateUser(ctx, &u); err != nil {
		return 0, err
	}
	return u.ID, t.AddAccount(ctx, bot.Account{Channel: "console", ChannelUserID: acctID, UserID: u.ID})
}

// demoClub finds or creates the club c with its members and returns its id.
func (t *Tx) demoClub(ctx context.Context, c demoClub, actor int64, now time.Time) (int64, error) {
	unit, err := t.unitByCode(ctx, bot.LevelCommune, c.unitCode)
	if err != nil {
		return 0, err
	}
	district, err := t.unitByCode(ctx, bot.LevelDistrict, c.districtCode)
	if err != nil {
		return 0, err
	}
	var row clubRow
	err = t.q(ctx).Where("name_key = ? AND unit_id = ?", bot.Fold(c.name), unit.ID).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		club := bot.Club{Name: c.name, UnitID: unit.ID, FormerDistrictID: &district.ID,
			FoundedOn: c.founded, DecisionNo: c.decision, StartingFund: 20_000_000}
		err = t.CreateClub(ctx, &club, actor, now)
		row.ID = club.ID
	}
	if err != nil {
		return 0, wrapErr("demo club", err)
	}
	for i := range c.members {
		m := demoMember(c, i)
		m.ClubID = row.ID
		if err := t.AddMember(ctx, &m, actor, now); err != nil {
			return 0, err
		}
	}
	return row.ID, nil
}

// demoMember returns the i-th member of a demo club: about two thirds
// women and older people, born 1945-1995.
func demoMember(c demoClub, i int) bot.Member {
	m := bot.Member{Gender: bot.Female, Household: bot.HouseholdNeither,
		JoinedOn: c.founded, SourceKey: fmt.Sprintf("demo:%s:%02d", c.slug, i)}
	surname := demoSurnames[(i*5+len(c.slug))%len(demoSurnames)]
	if i%3 == 2 {
		m.Gender = bot.Male
		m.FullName = surname + " " + demoMen[(i*7+len(c.slug))%len(demoMen)]
	} else {
		m.FullName = surname + " " + demoWomen[(i*3+len(c.slug))%len(demoWomen)]
	}
	if i%8 < 5 {
		m.BirthYear = 1945 + (i*7)%21
	} else {
		m.BirthYear = 1966 + (i*11)%30
	}
	switch {
	case i%9 == 0:
		m.Household = bot.HouseholdPoor
	case i%5 == 1:
		m.Household = bot.HouseholdNearPoor
	}
	m.EthnicMinority = c.ethnic && i%4 != 3
	m.CareVolunteer = i%6 == 1
	return m
}

// demoExtras adds CLB Hoa Sen's fund and activity reports and a
// departure in CLB Sao Mai.
func (t *Tx) demoExtras(ctx context.Context, hoaSen, leader, admin int64, now time.Time) error {
	r := bot.FundReport{ClubID: hoaSen, AsOf: day(2025, 6, 30), IncomeFund: 46_500_000,
		ActivityFund: 3_200_000, LoansOutstanding: 38_000_000, MembersWithLoans: 14,
		ReportedBy: leader, SourceKey: "demo:hoa-sen:fund:2025-06-30"}
	if err := t.AddFundReport(ctx, &r, leader, now); err != nil {
		return err
	}
	if err := t.demoActivity(ctx, hoaSen, leader, now); err != nil {
		return err
	}
	var id int64
	err := t.q(ctx).Model(&memberRow{}).Select("id").
		Where("source_key = ?", "demo:sao-mai:03").Scan(&id).Error
	if err != nil || id == 0 {
		return wrapErr("demo departure", err)
	}
	return t.MemberLeft(ctx, id, day(2024, 5, 10), "chuyển nơi ở", admin, now)
}

// demoActivity adds CLB Hoa Sen's activity reports of the two months
// before now's: a meeting in each, and some of the activities.
func (t *Tx) demoActivity(ctx context.Context, hoaSen, leader int64, now time.Time) error {
	_, this := bot.Month(now)
	checked := 12
	for i, done := range [][]bot.ActivityDone{
		{{Key: "income"}, {Key: "health", Count: &checked}, {Key: "culture"}},
		{{Key: "income"}, {Key: "mutual"}, {Key: "communication"}},
	} {
		month := this.AddDate(0, i-2, 0)
		on := month.AddDate(0, 0, 14)
		r := bot.ActivityReport{ClubID: hoaSen, Month: month, MeetingHeld: true, MeetingOn: &on, Attendance: 19 + i,
			Done: done, ReportedBy: leader, SourceKey: "demo:hoa-sen:activity:" + month.Format("2006-01")}
		if err := t.AddActivityReport(ctx, &r, leader, now); err != nil {
			return err
		}
	}
	return nil
}
