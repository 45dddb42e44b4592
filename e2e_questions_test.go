package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

// seedQuestionsDB holds two clubs: CLB Hoa Sen in phường Móng Cái 1 with
// three members (two women, two aged 60 or more) and a fund report of
// today, and CLB Sóng Biển in đặc khu Cô Tô with one member and no report;
// officers of the province (chat 920, Vietnamese; 922, English) and of
// the former district of Móng Cái (921).
func seedQuestionsDB(t *testing.T, dbPath string) {
	t.Helper()
	ctx := context.Background()
	db := openStore(t, dbPath)
	hoaSen := seedClub(t, db, "CLB Hoa Sen")
	coTo, err := db.UnitByName(ctx, bot.LevelCommune, "đặc khu Cô Tô")
	if err != nil {
		t.Fatal(err)
	}
	songBien := bot.Club{Name: "CLB Sóng Biển", UnitID: coTo.ID, FoundedOn: clock().AddDate(-1, 0, 0), Status: bot.ClubActive,
		StartingFund: 20_000_000}
	if err := db.CreateClub(ctx, &songBien, 0, clock()); err != nil {
		t.Fatal(err)
	}
	now := clock()
	err = db.InTx(ctx, func(tx bot.Writer) error {
		for _, m := range []bot.Member{
			{ClubID: hoaSen, FullName: "Nguyễn Thị Hoa", Gender: bot.Female, BirthYear: 1950},
			{ClubID: hoaSen, FullName: "Lê Thị Lan", Gender: bot.Female, BirthYear: 1958},
			{ClubID: hoaSen, FullName: "Trần Văn Nam", Gender: bot.Male, BirthYear: 1990},
			{ClubID: songBien.ID, FullName: "Phạm Văn Biển", Gender: bot.Male, BirthYear: 1955},
		} {
			m.Household, m.JoinedOn = bot.HouseholdNeither, now
			if err := tx.AddMember(ctx, &m, 0, now); err != nil {
				return err
			}
		}
		return tx.AddFundReport(ctx, &bot.FundReport{ClubID: hoaSen, AsOf: now, IncomeFund: 20_000_000,
			ActivityFund: 2_000_000, LoansOutstanding: 10_000_000, MembersWithLoans: 2}, 0, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	district, err := db.UnitByName(ctx, bot.LevelDistrict, "Móng Cái")
	if err != nil {
		t.Fatal(err)
	}
	for chat, u := range map[string]bot.User{
		"920": {Name: "Cán bộ tỉnh", Lang: "vi", Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}},
		"921": {Name: "Cán bộ Móng Cái", Lang: "vi", Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeUnit, UnitID: &district.ID}},
		"922": {Name: "Provincial officer", Lang: "en", Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}},
	} {
		if err := db.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		if err := db.AddAccount(ctx, bot.Account{Channel: "telegram", ChannelUserID: chat, UserID: u.ID}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOfficersAskByNameEndToEnd has officers ask, through Telegram, about
// the province by its name, a club by its name, the clubs that have not
// reported and a unit written without spaces, in Vietnamese and English.
func TestOfficersAskByNameEndToEnd(t *testing.T) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	seedQuestionsDB(t, dbPath)
	startBot(t, srv, dbPath)

	prov := newUser(t, srv, 920)
	wantText(t, prov.say("Quảng Ninh có bao nhiêu CLB?"), "Tỉnh Quảng Ninh có 2 CLB đang hoạt động")
	wantText(t, prov.say("quang ninh bao nhieu thanh vien"), "Tỉnh Quảng Ninh có 4 thành viên trong 2 CLB")
	wantText(t, prov.say("toan tinh co bao nhieu nguoi cao tuoi"), "Tỉnh Quảng Ninh có 3 thành viên là người cao tuổi (60+), chiếm 75%")
	club := prov.say("Hoa Sen bao nhiêu thành viên")
	wantText(t, club, "CLB Hoa Sen")
	wantText(t, club, "Thành viên: 3 (chuẩn 50–70)")
	wantText(t, club, "Nữ: 67%")
	wantText(t, prov.say("hoa sen co bao nhieu thanh vien"), "Thành viên: 3 (chuẩn 50–70)")
	wantText(t, prov.say("CLB Sóng Biển có bao nhiêu thành viên?"), "Thành viên: 1 (chuẩn 50–70)")
	missing := prov.say("CLB nào chưa báo cáo?")
	wantText(t, missing, "Tỉnh Quảng Ninh: 1 CLB chưa báo cáo quỹ từ 01/")
	wantText(t, missing, "CLB Sóng Biển (Cô Tô) – chưa báo cáo lần nào")
	if list := prov.say("/missing"); list != missing {
		t.Errorf("“CLB nào chưa báo cáo?” answered\n%s\nbut /missing\n%s", missing, list)
	}
	wantText(t, prov.say("mongcai co bao nhieu clb"), "Thành phố Móng Cái có 1 CLB đang hoạt động")
	wantText(t, prov.say("/area coto"), "Huyện Cô Tô\nCLB đang hoạt động: 1\nThành viên: 1")
	wantText(t, prov.say("/club hoasen"), "Thành viên: 3 (chuẩn 50–70)")
	wantText(t, prov.say("Hoa Sem bao nhieu thanh vien"), "Có phải bác muốn hỏi: CLB Hoa Sen?")

	area := newUser(t, srv, 921)
	got := area.say("Quảng Ninh có bao nhiêu CLB?")
	wantText(t, got, "Bác phụ trách thành phố Móng Cái, nên hệ thống trả lời số liệu của thành phố Móng Cái.")
	wantText(t, got, "Thành phố Móng Cái có 1 CLB đang hoạt động")
	wantText(t, area.say("CLB nào chưa báo cáo?"), "Thành phố Móng Cái: mọi CLB đều đã báo cáo quỹ")
	wantText(t, area.say("coto co bao nhieu clb"), "Huyện Cô Tô nằm ngoài địa bàn bác phụ trách")

	en := newUser(t, srv, 922)
	wantText(t, en.say("how many clubs in the whole province?"), "Tỉnh Quảng Ninh has 2 active clubs")
	wantText(t, en.say("how many members in hoasen"), "Members: 3 (norm 50–70)")
	wantText(t, en.say("which clubs have not reported yet?"), "1 club with no fund report since 01/")
	wantText(t, en.say("how many clubs in mongcai"), "Thành phố Móng Cái has 1 active club")
	wantText(t, en.say("how many clubs in Mong Kai"), "Did you mean: thành phố Móng Cái")
}

// TestLeaderTypesMenuAndPartialLabelsEndToEnd has leaders type, rather
// than press, the menu's item and the answers to choices: "them thanh
// vien", "nu", "ngheo" (asked again: it fits two households), "can ngheo",
// and the member saved is near-poor; in English too.
func TestLeaderTypesMenuAndPartialLabelsEndToEnd(t *testing.T) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	hoaSen := seedClub(t, db, "CLB Hoa Sen")
	hoaMai := seedClub(t, db, "CLB Hoa Mai")
	viCode, enCode := seedInvite(t, db, hoaSen), seedInvite(t, db, hoaMai)
	db.Close()
	b := startBot(t, srv, dbPath)

	vi := newUser(t, srv, 930)
	wantText(t, vi.say("/start "+viCode), "chủ nhiệm CLB Hoa Sen")
	wantText(t, vi.say("them thanh vien"), "Họ và tên")
	wantText(t, vi.say("Nguyễn Thị Hoa"), "Giới tính")
	wantText(t, vi.say("nu"), "Năm sinh")
	wantText(t, vi.say("1952"), "Hoàn cảnh")
	wantText(t, vi.say("ngheo"), "Có nhiều lựa chọn khớp với “ngheo”: Hộ nghèo; Hộ cận nghèo.")
	if msgs := srv.Sent(vi.chat); len(msgs[len(msgs)-1].Buttons) != 3 {
		t.Fatalf("the household question is asked again without its 3 buttons: %+v", msgs[len(msgs)-1])
	}
	wantText(t, vi.say("can ngheo"), "dân tộc thiểu số")
	wantText(t, vi.say("khong"), "tình nguyện viên")
	wantText(t, vi.say("ko"), "Hoàn cảnh: Hộ cận nghèo")
	wantText(t, vi.say("luu"), "Đã lưu thành viên Nguyễn Thị Hoa")
	wantText(t, vi.say("khong"), "Cảm ơn")
	wantText(t, vi.say("bao cao quy"), "Quỹ tăng thu nhập")
	vi.say("/cancel")
	// A leader's question on figures is answered with their own club.
	wantText(t, vi.say("clb minh co bao nhieu thanh vien?"), "Bác là chủ nhiệm CLB nên xem được số liệu của CLB mình:\n\nCLB Hoa Sen\n")

	en := newUser(t, srv, 931)
	wantText(t, en.say("/start "+enCode), "CLB Hoa Mai")
	wantText(t, en.say("/lang en"), "Switched to English")
	wantText(t, en.say("add a member"), "full name")
	wantText(t, en.say("Tran Van Binh"), "Gender")
	wantText(t, en.say("male"), "Year of birth")
	wantText(t, en.say("1948"), "Household status?")
	wantText(t, en.say("poor"), "Several choices match “poor”: Poor household; Near-poor household.")
	wantText(t, en.say("near poor"), "ethnic minority")
	wantText(t, en.say("no"), "volunteer")
	wantText(t, en.say("no"), "Household: Near-poor household")
	wantText(t, en.say("save"), "Saved")
	en.say("no")
	wantText(t, en.say("how many members do we have?"), "As a club leader you see your own club's figures:\n\nCLB Hoa Mai\n")
	b.stop()

	db = openStore(t, dbPath)
	var saved []bot.Member
	err := db.InTx(context.Background(), func(tx bot.Writer) error {
		for _, club := range []int64{hoaSen, hoaMai} {
			ms, err := tx.ActiveMembers(context.Background(), club)
			saved = append(saved, ms...)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(saved) != 2 {
		t.Fatalf("the clubs hold %d members, want 2: %+v", len(saved), saved)
	}
	for _, m := range saved {
		if m.Household != bot.HouseholdNearPoor {
			t.Errorf("%s is saved with household %q, want near_poor", m.FullName, m.Household)
		}
	}
	if saved[0].Gender != bot.Female || saved[1].Gender != bot.Male || !strings.HasPrefix(saved[1].FullName, "Tran Van Binh") {
		t.Errorf("saved members: %+v", saved)
	}
}
