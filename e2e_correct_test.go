package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/store"
)

// correctionClub opens a database with the club CLB Hoa Sen and returns
// it, the club's id and a leader invite.
func correctionClub(t *testing.T) (*store.DB, string, int64, string) {
	t.Helper()
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	clubID := seedClub(t, db, "CLB Hoa Sen")
	return db, dbPath, clubID, seedInvite(t, db, clubID)
}

// seedClubMembers adds members to the club, named with their years of birth;
// those with a reason have left.
func seedClubMembers(t *testing.T, db *store.DB, clubID int64, members ...bot.Member) []bot.Member {
	t.Helper()
	err := db.InTx(context.Background(), func(tx bot.Writer) error {
		for i := range members {
			m := &members[i]
			m.ClubID, m.Gender, m.Household, m.JoinedOn = clubID, bot.Female, bot.HouseholdNeither, clock().AddDate(0, -6, 0)
			if err := tx.AddMember(context.Background(), m, 0, clock()); err != nil {
				return err
			}
			if m.LeftReason != "" {
				if err := tx.MemberLeft(context.Background(), m.ID, clock().AddDate(0, 0, -3), m.LeftReason, 0, clock()); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return members
}

// twelveMembers are more than a page of the list: two Nguyễn among them,
// and Đặng Thị Yến, who has left.
func twelveMembers() []bot.Member {
	var out []bot.Member
	for i, name := range []string{"Bùi Thị Lan", "Đặng Thị Yến", "Đỗ Văn Hải", "Hà Thị Mai", "Lê Thị Cúc", "Nguyễn Văn An",
		"Nguyễn Thị Bình", "Phạm Thị Tư", "Trần Thị Bích", "Vũ Thị Hạnh", "Vương Thị Thu", "Yên Thị Sơn"} {
		m := bot.Member{FullName: name, BirthYear: 1950 + i}
		if i == 1 {
			m.LeftReason = "moved"
		}
		out = append(out, m)
	}
	return out
}

func TestLeaderCorrectsAMemberEndToEnd(t *testing.T) {
	srv := telegramtest.NewServer(t)
	db, dbPath, clubID, code := correctionClub(t)
	an := seedClubMembers(t, db, clubID, twelveMembers()...)[5]
	addUser(t, db, bot.RoleOfficer, "telegram:920")
	startBot(t, srv, dbPath)

	u := newUser(t, srv, 921)
	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	list := u.say("/members")
	wantText(t, list, "12 người (trang 1/2)")
	wantText(t, u.press("Trang sau ▶"), "trang 2/2")
	wantText(t, u.press("◀ Trang trước"), "trang 1/2")
	found := u.say("nguyen")
	wantText(t, found, "Tìm “nguyen”: 2 người")
	card := u.press("Nguyễn Văn An (1955)")
	wantText(t, card, "Năm sinh: 1955")
	wantText(t, card, "Vào CLB ngày")
	wantText(t, u.press("✏️ Sửa"), "mục nào")
	wantText(t, u.press("Năm sinh"), "Năm sinh?")
	wantText(t, u.say("1949"), "Năm sinh: 1955 → 1949")
	wantText(t, u.press("Lưu"), "Đã sửa thông tin của Nguyễn Văn An")

	var stored bot.Member
	_ = db.InTx(context.Background(), func(tx bot.Writer) (err error) { stored, err = tx.Member(context.Background(), an.ID); return err })
	if stored.BirthYear != 1949 {
		t.Fatalf("the database holds %+v", stored)
	}
	log, err := db.AuditLog(context.Background(), 1)
	if err != nil || log[0].Entity != "member" || log[0].Action != "update" ||
		!strings.Contains(string(log[0].Before), `"BirthYear":1955`) || !strings.Contains(string(log[0].After), `"BirthYear":1949`) {
		t.Fatalf("audit: %+v %v", log, err)
	}

	// A departure recorded by mistake is undone from the card.
	wantText(t, u.say("/members"), "12 người")
	wantText(t, u.say("dang"), "1 người")
	card = u.press("Đặng Thị Yến (1951) – Đã rời CLB")
	wantText(t, card, "Đã rời CLB ngày")
	wantText(t, u.press("↩️ Huỷ rời CLB"), "chắc chắn")
	wantText(t, u.press("Có"), "Đặng Thị Yến vẫn là thành viên")
	wantText(t, u.say("/status"), "Thành viên: 12")

	officer := newUser(t, srv, 920)
	history := officer.say("/history")
	wantText(t, history, "Sửa thông tin Nguyễn Văn An (CLB Hoa Sen): năm sinh 1955 → 1949")
	wantText(t, history, "Huỷ việc rời CLB của Đặng Thị Yến")
	assertNoDuplicateReplies(t, srv, u.chat)
}

func TestLeaderWithdrawsAFundReportEndToEnd(t *testing.T) {
	srv := telegramtest.NewServer(t)
	db, dbPath, clubID, code := correctionClub(t)
	seedClubMembers(t, db, clubID, bot.Member{FullName: "Bùi Thị Lan", BirthYear: 1950})
	older := bot.FundReport{ClubID: clubID, AsOf: clock().AddDate(0, -1, 0), IncomeFund: 10_000_000, ActivityFund: 1_000_000}
	if err := db.InTx(context.Background(), func(tx bot.Writer) error {
		return tx.AddFundReport(context.Background(), &older, 0, clock())
	}); err != nil {
		t.Fatal(err)
	}
	startBot(t, srv, dbPath)

	u := newUser(t, srv, 931)
	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	wantText(t, u.say("/fund"), "Quỹ tăng thu nhập")
	wantText(t, u.say("12tr"), "Quỹ hoạt động")
	wantText(t, u.say("1tr"), "dư nợ")
	wantText(t, u.say("0"), "đang vay")
	wantText(t, u.say("0"), "Quỹ tăng thu nhập: 12.000.000 đ")
	wantText(t, u.press("Lưu"), "Đã lưu báo cáo quỹ")
	wantText(t, u.say("/status"), "Quỹ tăng thu nhập: 12.000.000 đ")

	what := u.press("✏️ Sửa số liệu quỹ")
	wantText(t, what, "Báo cáo quỹ gần nhất")
	wantText(t, what, "Quỹ tăng thu nhập: 12.000.000 đ")
	wantText(t, u.press("🗑 Rút lại báo cáo"), "Vì sao")
	wantText(t, u.say("bao cao nham"), "chắc chắn rút lại")
	wantText(t, u.press("Có"), "Đã rút lại báo cáo quỹ")

	status := u.say("/status")
	if strings.Contains(status, "12.000.000 đ") {
		t.Fatalf("/status still counts the withdrawn report:\n%s", status)
	}
	wantText(t, status, "Quỹ tăng thu nhập: 10.000.000 đ")
	var n int
	_ = db.InTx(context.Background(), func(tx bot.Writer) error {
		last, err := tx.LastFundReport(context.Background(), clubID)
		if last.ID == older.ID {
			n = 1
		}
		return err
	})
	if n != 1 {
		t.Fatal("the latest report that counts is not the one before the withdrawn one")
	}
	log, _ := db.AuditLog(context.Background(), 1)
	if log[0].Action != "withdraw" || !strings.Contains(string(log[0].After), "bao cao nham") {
		t.Fatalf("audit: %+v", log[0])
	}
	assertNoDuplicateReplies(t, srv, u.chat)
}

func TestLeaderIsAskedBeforeAddingAMemberTwiceEndToEnd(t *testing.T) {
	srv := telegramtest.NewServer(t)
	db, dbPath, clubID, code := correctionClub(t)
	seedClubMembers(t, db, clubID, bot.Member{FullName: "Nguyễn Văn An", BirthYear: 1950})
	startBot(t, srv, dbPath)

	u := newUser(t, srv, 941)
	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	add := func() string {
		wantText(t, u.say("/member"), "Họ và tên")
		wantText(t, u.say("nguyen van an"), "Giới tính")
		wantText(t, u.press("Nam"), "Năm sinh")
		wantText(t, u.say("1950"), "Hoàn cảnh")
		wantText(t, u.press("Hộ nghèo"), "dân tộc")
		wantText(t, u.press("Không"), "tình nguyện viên")
		wantText(t, u.press("Không"), "Họ tên: Nguyen Van An")
		return u.press("Lưu")
	}
	wantText(t, add(), "Đã có Nguyễn Văn An (sinh 1950) trong CLB, bác vẫn thêm?")
	wantText(t, u.press("Không"), "thêm thành viên khác")
	wantText(t, u.press("Không"), "Cảm ơn")
	members := func() int {
		var ms []bot.Member
		_ = db.InTx(context.Background(), func(tx bot.Writer) (err error) { ms, err = tx.ActiveMembers(context.Background(), clubID); return err })
		return len(ms)
	}
	if n := members(); n != 1 {
		t.Fatalf("the club has %d members after no, want 1", n)
	}
	wantText(t, add(), "bác vẫn thêm?")
	wantText(t, u.press("Có"), "Đã lưu thành viên Nguyen Van An")
	if n := members(); n != 2 {
		t.Fatalf("the club has %d members after yes, want 2", n)
	}
	assertNoDuplicateReplies(t, srv, u.chat)
}

func TestCorrectionsInEnglishEndToEnd(t *testing.T) {
	srv := telegramtest.NewServer(t)
	db, dbPath, clubID, code := correctionClub(t)
	seedClubMembers(t, db, clubID, twelveMembers()...)
	startBot(t, srv, dbPath)

	u := newUser(t, srv, 951)
	wantText(t, u.say("/start "+code), "CLB Hoa Sen")
	wantText(t, u.say("/lang en"), "English")
	wantText(t, u.say("/fundfix"), "no fund report to correct")
	wantText(t, u.say("/fund"), "income-generation fund")
	wantText(t, u.say("200tr"), "activity fund")
	wantText(t, u.say("1tr"), "loans outstanding")
	wantText(t, u.say("0"), "have loans")
	wantText(t, u.say("0"), "200.000.000 đ")
	wantText(t, u.press("Save"), "saved")

	wantText(t, u.say("/fundfix"), "correct its figures or withdraw it")
	wantText(t, u.press("✏️ Correct figures"), "Which figure")
	wantText(t, u.press("Income-generation fund"), "income-generation fund")
	wantText(t, u.say("20tr"), "Why")
	wantText(t, u.say("an extra zero"), "Income-generation fund: 200.000.000 đ → 20.000.000 đ")
	wantText(t, u.press("Save"), "is corrected")
	wantText(t, u.say("/status"), "20.000.000 đ")

	wantText(t, u.say("/members"), "12 (page 1/2)")
	wantText(t, u.say("vu"), "Search “vu”: 2 found")
	wantText(t, u.press("Vũ Thị Hạnh (1959)"), "Year of birth: 1959")
	wantText(t, u.press("◀ List"), "Search “vu”")
	wantText(t, u.press("Whole list"), "12 (page 1/2)")
	wantText(t, u.say("/cancel"), "Nothing was saved")

	wantText(t, u.say("/member"), "name")
	for _, a := range []string{"Bui Thi Lan", "1", "1950", "3", "no", "no"} {
		u.say(a)
	}
	wantText(t, u.press("Save"), "Bùi Thị Lan (born 1950) is already in the club. Add anyway?")
	wantText(t, u.press("No"), "another member")
	assertNoDuplicateReplies(t, srv, u.chat)
}
