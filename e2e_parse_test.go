package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/store"
)

// seedMembers adds n members to a club.
func seedMembers(t testing.TB, db *store.DB, clubID int64, n int) {
	t.Helper()
	ctx := context.Background()
	err := db.InTx(ctx, func(tx bot.Writer) error {
		for i := range n {
			m := bot.Member{ClubID: clubID, FullName: fmt.Sprintf("Thành Viên %c", 'A'+i), Gender: bot.Female,
				BirthYear: 1950 + i, Household: bot.HouseholdNeither, JoinedOn: clock()}
			if err := tx.AddMember(ctx, &m, 0, clock()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// lastFund returns the club's latest fund report in the database.
func lastFund(t testing.TB, db *store.DB, clubID int64) bot.FundReport {
	t.Helper()
	var r bot.FundReport
	err := db.InTx(context.Background(), func(tx bot.Writer) (err error) {
		r, err = tx.LastFundReport(context.Background(), clubID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestE2EMoneyAsLeadersWriteIt: leaders type amounts as they say them
// ("3tr2", "12tr750"), a guess ("1tr05") is confirmed, too many borrowers
// are refused naming the club's member count, and what is saved is what
// they meant; in Vietnamese and in English. A member's year of birth and a
// reason for leaving are refused as the dialogue's rules say.
func TestE2EMoneyAsLeadersWriteIt(t *testing.T) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	hoaSen, hoaMai := seedClub(t, db, "CLB Hoa Sen"), seedClub(t, db, "CLB Hoa Mai")
	seedMembers(t, db, hoaSen, 3)
	seedMembers(t, db, hoaMai, 4)
	codeVi, codeEn := seedInvite(t, db, hoaSen), seedInvite(t, db, hoaMai)
	startBot(t, srv, dbPath)
	last := strconv.Itoa(clock().Year() - dialogue.MinMemberAge)

	vi := newUser(t, srv, 601)
	wantText(t, vi.say("/start "+codeVi), "chủ nhiệm CLB Hoa Sen")
	wantText(t, vi.say("/fund"), "Quỹ tăng thu nhập")
	wantText(t, vi.say("3tr2"), "Quỹ hoạt động")
	wantText(t, vi.say("12tr750"), "dư nợ")
	wantText(t, vi.say("1tr05"), "Có phải bác muốn nói 1.050.000 đ?")
	wantText(t, vi.press("Có"), "Có bao nhiêu thành viên đang vay vốn? (CLB hiện có 3 thành viên, ví dụ: 2)")
	wantText(t, vi.say("5"), "CLB hiện có 3 thành viên, bác gõ một số từ 0 đến 3, ví dụ: 2.")
	wantText(t, vi.say("?"), "Bác gõ số thành viên đang vay, từ 0 đến 3, ví dụ: 2.")
	summary := vi.say("2")
	wantText(t, summary, "Quỹ tăng thu nhập: 3.200.000 đ")
	wantText(t, summary, "Quỹ hoạt động: 12.750.000 đ")
	wantText(t, summary, "Dư nợ: 1.050.000 đ")
	wantText(t, vi.press("Lưu"), "Đã lưu báo cáo quỹ")
	if r := lastFund(t, db, hoaSen); r.IncomeFund != 3_200_000 || r.ActivityFund != 12_750_000 ||
		r.LoansOutstanding != 1_050_000 || r.MembersWithLoans != 2 {
		t.Errorf("Hoa Sen's saved report = %+v, want 3.200.000, 12.750.000, 1.050.000 and 2", r)
	}
	wantText(t, vi.say("/member"), "Họ và tên")
	wantText(t, vi.say("..."), "Bác gõ họ và tên đầy đủ, ví dụ: Nguyễn Thị Hoa.")
	wantText(t, vi.say("le thi mai"), "Giới tính")
	wantText(t, vi.press("Nữ"), "Năm sinh")
	wantText(t, vi.say(strconv.Itoa(clock().Year()-10)), "Năm sinh phải từ 1900 đến "+last+" (thành viên từ đủ 15 tuổi), ví dụ: 1958.")
	wantText(t, vi.say("/cancel"), "Đã huỷ")
	wantText(t, vi.say("/leave"), "Thành viên nào nghỉ")
	wantText(t, vi.say("thanh vien a"), "chọn đúng người")
	wantText(t, vi.press("Thành Viên A (1950)"), "Lý do")
	wantText(t, vi.press("Lý do khác"), "lý do ngắn gọn")
	wantText(t, vi.say("😢"), "Bác gõ vài chữ ngắn gọn, ví dụ: Đi làm ăn xa.")
	wantText(t, vi.say("Về quê với con"), "Lý do: Về quê với con")

	en := newUser(t, srv, 602)
	en.user.LanguageCode = "en"
	en.say("/start " + codeEn)
	wantText(t, en.say("/lang en"), "Switched to English")
	wantText(t, en.say("/fund"), "income-generation fund")
	wantText(t, en.say("12tr750"), "activity fund")
	wantText(t, en.say("3 triệu 2"), "loans outstanding")
	wantText(t, en.say("1 trieu ruoi"), "How many members have loans? (members of the club now: 4; for example: 2)")
	wantText(t, en.say("40"), "Members of the club now: 4. Please type a number from 0 to 4, for example: 2.")
	summary = en.say("4")
	wantText(t, summary, "Income-generation fund: 12.750.000 đ")
	wantText(t, summary, "Activity fund: 3.200.000 đ")
	wantText(t, summary, "Loans outstanding: 1.500.000 đ")
	wantText(t, en.press("Save"), "Fund report for")
	if r := lastFund(t, db, hoaMai); r.IncomeFund != 12_750_000 || r.ActivityFund != 3_200_000 ||
		r.LoansOutstanding != 1_500_000 || r.MembersWithLoans != 4 {
		t.Errorf("Hoa Mai's saved report = %+v, want 12.750.000, 3.200.000, 1.500.000 and 4", r)
	}
	wantText(t, en.say("/member"), "full name")
	wantText(t, en.say("Tran Van Nam"), "Gender")
	wantText(t, en.press("Male"), "Year of birth")
	wantText(t, en.say(strconv.Itoa(clock().Year()-14)), "The year of birth must be between 1900 and "+last+" (members are at least 15), for example: 1958.")
	assertNoDuplicateReplies(t, srv, vi.chat)
	assertNoDuplicateReplies(t, srv, en.chat)
}
