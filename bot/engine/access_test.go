package engine_test

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/store"
)

// The people of the access matrix, by chat id.
const (
	guest    = "guest"
	leader   = "leader"
	area     = "area"  // officer of the former district of Móng Cái
	province = "prov"  // provincial officer
	admin    = "admin" // admin
)

var roles = []string{guest, leader, area, province, admin}

// fakeReports stand in for the chart and xlsx packages: a file naming the
// digest's scope and clubs.
var fakeReports = digest.Reports{
	Chart: func(d bot.Digest, lang string) ([]byte, error) {
		return []byte(fmt.Sprintf("chart %s %d", d.ScopeName, d.Clubs)), nil
	},
	Spreadsheet: func(d bot.Digest, lang string) ([]byte, error) {
		return []byte(fmt.Sprintf("sheet %s %d", d.ScopeName, d.Clubs)), nil
	},
}

// officerHarness is a harness with two clubs, one in Móng Cái that has
// reported its funds and one in Cô Tô that has not, a leader of the first,
// an officer of Móng Cái, a provincial officer and an admin.
type officerHarness struct {
	*harness
	coTo int64 // CLB Sóng Biển's id
}

func newOfficerHarness(t *testing.T) *officerHarness {
	h := &officerHarness{harness: newHarness(t)}
	h.engine = engine.NewEngine(h.db, h.clock, engine.Config{BotUsername: "clubbot_test_bot", Reports: fakeReports},
		slog.New(slog.DiscardHandler))
	coTo, err := h.db.UnitByName(h.ctx, bot.LevelCommune, "đặc khu Cô Tô")
	if err != nil {
		t.Fatal(err)
	}
	club := bot.Club{Name: "CLB Sóng Biển", UnitID: coTo.ID, FoundedOn: h.now.AddDate(-1, 0, 0), StartingFund: 20_000_000}
	if err := h.db.CreateClub(h.ctx, &club, 0, h.now); err != nil {
		t.Fatal(err)
	}
	h.coTo = club.ID
	h.addMember(h.clubID, "Nguyễn Thị Hoa", bot.Female, 1950)
	h.addMember(h.clubID, "Trần Văn Nam", bot.Male, 1990)
	h.addMember(h.coTo, "Lê Thị Thu", bot.Female, 1960)
	h.onboard(leader)
	h.say(leader, "/fund")
	for _, answer := range []string{"20tr", "2tr", "15tr", "1", "luu"} {
		h.say(leader, answer)
	}
	district, err := h.db.UnitByName(h.ctx, bot.LevelDistrict, "Móng Cái")
	if err != nil {
		t.Fatal(err)
	}
	h.addUser(area, bot.RoleOfficer, bot.Scope{Kind: bot.ScopeUnit, UnitID: &district.ID})
	h.addUser(province, bot.RoleOfficer, bot.Scope{Kind: bot.ScopeProvince})
	h.addUser(admin, bot.RoleAdmin, bot.Scope{Kind: bot.ScopeProvince})
	return h
}

func (h *officerHarness) addMember(clubID int64, name string, g bot.Gender, year int) {
	m := bot.Member{ClubID: clubID, FullName: name, Gender: g, BirthYear: year, Household: bot.HouseholdNeither, JoinedOn: h.now}
	if err := h.db.InTx(h.ctx, func(tx bot.Writer) error { return tx.AddMember(h.ctx, &m, 0, h.now) }); err != nil {
		h.t.Fatal(err)
	}
}

func (h *officerHarness) addUser(chat string, role bot.Role, scope bot.Scope) {
	u := bot.User{Name: chat, Lang: "vi", Role: role, Scope: scope}
	if err := h.db.CreateUser(h.ctx, &u); err != nil {
		h.t.Fatal(err)
	}
	if err := h.db.AddAccount(h.ctx, bot.Account{Channel: "test", ChannelUserID: chat, UserID: u.ID}); err != nil {
		h.t.Fatal(err)
	}
}

// snapshot describes what the database holds that no question may change.
func (h *officerHarness) snapshot() string {
	clubs, err := h.db.Clubs(h.ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	invites, err := h.db.Invites(h.ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	audit, err := h.db.AuditLog(h.ctx, 0)
	if err != nil {
		h.t.Fatal(err)
	}
	var names []string
	for _, c := range clubs {
		names = append(names, c.Name)
	}
	return fmt.Sprintf("clubs %v, %d invites, %d audit entries", names, len(invites), len(audit))
}

// accessCase is one row of the matrix: an input and what each role sees,
// in the order of roles.
type accessCase struct {
	in   string
	want [5]string
}

const (
	wayIn       = "mã mời"
	leadersOnly = "dành cho chủ nhiệm CLB"
	officerOnly = "dành cho cán bộ Hội"
	// ownClub is a leader's answer to a question on figures: their club.
	ownClub = "Bác là chủ nhiệm CLB nên xem được số liệu của CLB mình:\n\nCLB Hoa Sen\n"
	outside = "nằm ngoài địa bàn"
)

var accessMatrix = []accessCase{
	{"/start", [5]string{wayIn, "Chào bác", "/newclub", "/invite", "/invite"}},
	{"/help", [5]string{wayIn, "/member", "/missing", "/invite", "/invite"}},
	{"/lang en", [5]string{"Switched to English", "Switched to English", "Switched to English", "Switched to English", "Switched to English"}},
	{"/lang vi", [5]string{"tiếng Việt", "tiếng Việt", "tiếng Việt", "tiếng Việt", "tiếng Việt"}},
	{"/member", [5]string{wayIn, "Họ và tên", leadersOnly, leadersOnly, leadersOnly}},
	{"/leave", [5]string{wayIn, "Thành viên nào nghỉ", leadersOnly, leadersOnly, leadersOnly}},
	{"/fund", [5]string{wayIn, "Quỹ tăng thu nhập", leadersOnly, leadersOnly, leadersOnly}},
	{"/status", [5]string{wayIn, "Thành viên: 2 (chuẩn", "Thành phố Móng Cái\nCLB đang hoạt động: 1\nThành viên: 2",
		"Tỉnh Quảng Ninh\nCLB đang hoạt động: 2\nThành viên: 3", "CLB đã báo cáo quỹ từ 01/11/2026: 1/2"}},
	{"/invite", [5]string{wayIn, officerOnly, "Chỉ cán bộ cấp tỉnh", "Bác muốn mời ai", "Bác muốn mời ai"}},
	{"/newclub", [5]string{wayIn, officerOnly, "Tên CLB mới", "Tên CLB mới", "Tên CLB mới"}},
	{"/area Móng Cái", [5]string{wayIn, officerOnly, "CLB đang hoạt động: 1", "CLB đang hoạt động: 1", "Thành viên: 2"}},
	{"/area co to", [5]string{wayIn, officerOnly, "Huyện Cô Tô " + outside, "Huyện Cô Tô\nCLB đang hoạt động: 1", "Thành viên: 1"}},
	{"/area Hà Nội", [5]string{wayIn, officerOnly, "Không tìm thấy địa bàn “Hà Nội”", "Không tìm thấy địa bàn", "Không tìm thấy địa bàn"}},
	{"/club hoa sen", [5]string{wayIn, officerOnly, "CLB Hoa Sen\n⚠️ Thành viên: 2", "Thành viên: 2", "Dư nợ: 15.000.000 đ"}},
	{"/club Sóng Biển", [5]string{wayIn, officerOnly, "Không tìm thấy CLB “Sóng Biển”", "CLB Sóng Biển\n⚠️ Thành viên: 1", "CLB chưa có báo cáo quỹ"}},
	{"/missing", [5]string{wayIn, officerOnly, "mọi CLB đều đã báo cáo", "1 CLB chưa báo cáo", "CLB Sóng Biển (Cô Tô) – chưa báo cáo lần nào"}},
	{"/export", [5]string{wayIn, officerOnly, "Thành phố Móng Cái – 29/11/2026", "Tỉnh Quảng Ninh – 29/11/2026", "Tỉnh Quảng Ninh – 29/11/2026"}},
	{"/export co to", [5]string{wayIn, officerOnly, outside, "Huyện Cô Tô – 29/11/2026", "Huyện Cô Tô – 29/11/2026"}},
	{"/digest", [5]string{wayIn, officerOnly, "Tiến độ tuần – thành phố Móng Cái", "Tiến độ tuần – tỉnh Quảng Ninh", "Số CLB: 2/191"}},
	{"/digest Cô Tô", [5]string{wayIn, officerOnly, outside, "Tiến độ tuần – huyện Cô Tô", "CLB Sóng Biển"}},
	{"/users", [5]string{wayIn, officerOnly, "dành cho quản trị viên", "dành cho quản trị viên", "Người dùng: 4"}},
	{"/revoke", [5]string{wayIn, officerOnly, "dành cho quản trị viên", "dành cho quản trị viên", "thu hồi quyền của ai"}},
	{"/history", [5]string{wayIn, officerOnly, "Thay đổi gần đây – thành phố Móng Cái", "Thay đổi gần đây – tỉnh Quảng Ninh", "Thay đổi gần đây – tỉnh Quảng Ninh"}},
	{"/history 9", [5]string{wayIn, officerOnly, "Không còn thay đổi nào cũ hơn", "Không còn thay đổi nào cũ hơn", "Không còn thay đổi nào cũ hơn"}},
	{"/club_invite.1", [5]string{"chưa hiểu lệnh", "chưa hiểu lệnh", "chưa hiểu lệnh", "chưa hiểu lệnh", "chưa hiểu lệnh"}},
	{"Móng Cái có bao nhiêu CLB?", [5]string{wayIn, ownClub, "Thành phố Móng Cái có 1 CLB", "Thành phố Móng Cái có 1 CLB", "có 1 CLB"}},
	{"mong cai bao nhieu thanh vien", [5]string{wayIn, ownClub, "có 2 thành viên", "có 2 thành viên", "có 2 thành viên"}},
	{"how many clubs in Co To", [5]string{wayIn, ownClub, outside, "Huyện Cô Tô có 1 CLB", "Huyện Cô Tô có 1 CLB"}},
	{"Cô Tô có bao nhiêu người cao tuổi?", [5]string{wayIn, ownClub, outside, "có 1 thành viên là người cao tuổi", "chiếm 100%"}},
	{"bao nhieu CLB chua bao cao?", [5]string{wayIn, ownClub, "mọi CLB đều đã báo cáo", "CLB Sóng Biển", "CLB Sóng Biển"}},
	{"Cái Rồng có bao nhiêu CLB?", [5]string{wayIn, ownClub, "Không tìm thấy địa bàn hay CLB nào tên “cai rong”", "Không tìm thấy", "Không tìm thấy"}},
	{"hôm nay trời đẹp", [5]string{wayIn, "Bác muốn làm gì", "Hệ thống chưa hiểu câu hỏi", "Hệ thống chưa hiểu câu hỏi", "Hệ thống chưa hiểu câu hỏi"}},
}

// TestAccessMatrix sends every command and a few plain questions as every
// role, and checks what each sees and that nothing a question must not
// change has changed.
func TestAccessMatrix(t *testing.T) {
	h := newOfficerHarness(t)
	before := h.snapshot()
	for _, c := range accessMatrix {
		for i, chat := range roles {
			got := h.say(chat, c.in)
			if !strings.Contains(plainText(got), c.want[i]) {
				t.Errorf("%s sent %q and saw:\n%s\nwhich lacks %q", chat, c.in, got, c.want[i])
			}
			h.say(chat, "/cancel")
			if after := h.snapshot(); after != before {
				t.Fatalf("%s sent %q: the database changed from %s to %s", chat, c.in, before, after)
			}
		}
	}
	if n := len(h.members()); n != 2 {
		t.Errorf("Hoa Sen has %d active members, want 2", n)
	}
}

// plainText is what a user reads: tags removed, entities decoded.
func plainText(s string) string {
	return strings.NewReplacer("&#34;", `"`, "&#39;", "'", "&amp;", "&", "&lt;", "<", "&gt;", ">").
		Replace(tags.ReplaceAllString(s, ""))
}

func TestAnAreaOfficerRecordsANewClubAndInvitesItsLeader(t *testing.T) {
	h := newOfficerHarness(t)
	expect(t, h.say(area, "/newclub"), "Tên CLB mới")
	expect(t, h.say(area, "clb hoa sen"), "xã, phường nào")
	expect(t, h.say(area, "Cô Tô"), "Không tìm thấy “Cô Tô” trong địa bàn của bác")
	picks := h.say(area, "mong cai 1")
	expect(t, picks, "Bác chọn đúng mục")
	expect(t, h.press(area, "phường Móng Cái 1"), "Ngày thành lập")
	expect(t, h.say(area, "15/10/2026"), "Số quyết định")
	expect(t, h.say(area, "88/QĐ-UBND"), "Vốn ban đầu")
	summary := h.say(area, "20tr")
	expect(t, summary, "Tên CLB: CLB Hoa Sen") // typed "clb hoa sen"
	expect(t, summary, "Địa bàn: phường Móng Cái 1")
	expect(t, summary, "Ngày thành lập: 15/10/2026")
	expect(t, summary, "Vốn ban đầu: 20.000.000 đ")
	audit := len(h.auditLog())
	expect(t, h.press(area, "Lưu"), "phường Móng Cái 1 đã có CLB Hoa Sen")
	if n := len(h.auditLog()); n != audit {
		t.Fatalf("a refused duplicate wrote %d audit entries", n-audit)
	}
	expect(t, h.say(area, "CLB Bình An"), "Tên CLB: CLB Bình An")
	expect(t, h.press(area, "Lưu"), "Đã ghi nhận CLB Bình An (phường Móng Cái 1)")
	entries := h.auditLog()
	if len(entries) != audit+1 || entries[0].Entity != "club" || entries[0].Action != "create" {
		t.Fatalf("audit log after a new club: %+v", entries)
	}
	clubs, err := h.db.ClubsByName(h.ctx, "Bình An")
	if err != nil || len(clubs) != 1 || clubs[0].DecisionNo != "88/QĐ-UBND" || clubs[0].StartingFund != 20_000_000 ||
		clubs[0].FormerDistrictID == nil || !clubs[0].FoundedOn.Equal(time.Date(2026, 10, 15, 0, 0, 0, 0, bot.Vietnam())) {
		t.Fatalf("database holds %+v, %v", clubs, err)
	}
	code := inviteCode(t, h.press(area, "🔑 Tạo mã mời chủ nhiệm"))
	expect(t, h.say("new-leader", "/start "+code), "chủ nhiệm CLB Bình An")
	expect(t, h.say(area, "Móng Cái có bao nhiêu CLB?"), "có 2 CLB")
}

func TestAProvincialOfficerInvitesAnAreaOfficer(t *testing.T) {
	h := newOfficerHarness(t)
	expect(t, h.say(province, "/invite"), "Bác muốn mời ai")
	expect(t, h.press(province, "Cán bộ Hội"), "phụ trách")
	expect(t, h.press(province, "Một địa bàn"), "Địa bàn nào")
	expect(t, h.say(province, "mong cai"), "Bác chọn đúng mục")
	summary := h.press(province, "thành phố Móng Cái")
	expect(t, summary, "Mời: cán bộ Hội")
	expect(t, summary, "Phụ trách: thành phố Móng Cái")
	code := inviteCode(t, h.press(province, "Lưu"))
	invites, err := h.db.Invites(h.ctx)
	if err != nil || len(invites) != 2 || invites[1].Role != bot.RoleOfficer || invites[1].Scope.Kind != bot.ScopeUnit ||
		invites[1].CreatedBy == nil || invites[1].UsedAt != nil {
		t.Fatalf("database holds %+v, %v", invites, err)
	}
	expect(t, h.say("new-officer", "/start "+code), "cán bộ Hội")
	expect(t, h.say("new-officer", "/club Sóng Biển"), "Không tìm thấy CLB")
	expect(t, h.say("new-officer", "/club hoa sen"), "Thành viên: 2")
	expect(t, h.say("new-officer", "/invite"), "Chỉ cán bộ cấp tỉnh")
}

func TestAnAdminInvitesALeader(t *testing.T) {
	h := newOfficerHarness(t)
	h.say(admin, "/invite")
	h.press(admin, "Chủ nhiệm CLB")
	expect(t, h.say(admin, "song bien"), "Bác chọn đúng mục")
	expect(t, h.press(admin, "CLB Sóng Biển (Cô Tô)"), "Mời: chủ nhiệm CLB")
	code := inviteCode(t, h.press(admin, "Lưu"))
	expect(t, h.say("new-leader", code), "chủ nhiệm CLB Sóng Biển")
}

// inviteCode reads the code from the deep link the bot showed.
func inviteCode(t *testing.T, got string) string {
	t.Helper()
	const prefix = "https://t.me/clubbot_test_bot?start="
	_, rest, ok := strings.Cut(got, prefix)
	if !ok {
		t.Fatalf("no deep link in:\n%s", got)
	}
	return strings.Fields(rest)[0]
}

func (h *officerHarness) auditLog() []storeAuditEntry {
	entries, err := h.db.AuditLog(h.ctx, 0)
	if err != nil {
		h.t.Fatal(err)
	}
	return entries
}

// storeAuditEntry is an entry of the store's audit log.
type storeAuditEntry = store.AuditEntry

func TestDigestAndExportSendFiles(t *testing.T) {
	h := newOfficerHarness(t)
	for _, c := range []struct {
		chat, in string
		kind     bot.FileKind
		data     string
	}{
		{area, "/digest", bot.FilePhoto, "chart thành phố Móng Cái 1"},
		{province, "/digest", bot.FilePhoto, "chart tỉnh Quảng Ninh 2"},
		{province, "/export", bot.FileDocument, "sheet tỉnh Quảng Ninh 2"},
		{admin, "/export cô tô", bot.FileDocument, "sheet huyện Cô Tô 1"},
	} {
		name, args, _ := strings.Cut(c.in[1:], " ")
		var files []bot.File
		for _, o := range h.sendRaw(c.chat, bot.Inbound{Kind: bot.InputCommand, Command: name, Text: args}) {
			if o.File != nil {
				files = append(files, *o.File)
			}
		}
		if len(files) != 1 || files[0].Kind != c.kind || string(files[0].Data) != c.data {
			t.Errorf("%s sent %q and got files %+v, want a %s of %q", c.chat, c.in, files, c.kind, c.data)
		}
	}
}

// sendRaw delivers one event from chat and returns the messages queued
// for it, files included.
func (h *officerHarness) sendRaw(chat string, in bot.Inbound) []bot.Outgoing {
	h.t.Helper()
	h.n++
	in.Key, in.Channel, in.ChatID, in.ChannelUserID = fmt.Sprintf("raw:%d", h.n), "test", chat, chat
	if _, err := h.db.RecordInbound(h.ctx, in, h.now); err != nil {
		h.t.Fatal(err)
	}
	if err := h.engine.Handle(h.ctx, in); err != nil {
		h.t.Fatal(err)
	}
	out, err := h.db.PendingOutbox(h.ctx, 100)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, o := range out {
		if err := h.db.MarkSent(h.ctx, o.ID, h.now); err != nil {
			h.t.Fatal(err)
		}
	}
	return out
}

// TestAForgedInviteButtonIsRefused presses, as each role, a leader-invite
// button for the club in Cô Tô: only officers whose scope holds it get a
// code.
func TestAForgedInviteButtonIsRefused(t *testing.T) {
	h := newOfficerHarness(t)
	for i, want := range []string{wayIn, officerOnly, "đã qua", "https://t.me/", "https://t.me/"} {
		chat := roles[i]
		s, err := h.db.Session(h.ctx, "test", chat)
		if err != nil {
			s = bot.Session{}
		}
		data := bot.EncodeButton(s.Seq, fmt.Sprintf("menu.club_invite.%d", h.coTo))
		var texts []string
		for _, o := range h.sendRaw(chat, bot.Inbound{Kind: bot.InputButton, Data: data}) {
			texts = append(texts, o.Text)
		}
		if got := plainText(strings.Join(texts, "\n")); !strings.Contains(got, want) {
			t.Errorf("%s pressed a forged invite button and saw:\n%s\nwhich lacks %q", chat, got, want)
		}
	}
	if invites, _ := h.db.Invites(h.ctx); len(invites) != 3 {
		t.Errorf("%d invites, want the leader's and two officers'", len(invites))
	}
}

// TestAnAdminRevokesALeader takes a leader's access away through the
// dialogue: the leader becomes a guest, the audit log says who did it,
// and the admin cannot pick themselves.
func TestAnAdminRevokesALeader(t *testing.T) {
	h := newOfficerHarness(t)
	list := h.say(admin, "/users")
	expect(t, list, "Người dùng: 4")
	expect(t, list, "chủ nhiệm CLB, CLB Hoa Sen")
	expect(t, h.say(admin, "/revoke"), "thu hồi quyền của ai")
	expect(t, h.say(admin, "quản trị"), "Không tìm thấy")
	picks := h.say(admin, "lan")
	expect(t, picks, "Bác chọn đúng mục")
	var label string
	for _, row := range h.last[admin].Buttons {
		for _, b := range row {
			if strings.Contains(b.Label, "chủ nhiệm CLB") {
				label = b.Label
			}
		}
	}
	if label == "" {
		t.Fatalf("no leader among the matches: %+v", h.last[admin].Buttons)
	}
	expect(t, h.press(admin, label), "Người này sẽ không dùng hệ thống được nữa")
	expect(t, h.press(admin, "Lưu"), "Đã thu hồi quyền")
	expect(t, h.say(leader, "/member"), wayIn)
	audit, err := h.db.AuditLog(h.ctx, 1)
	if err != nil || len(audit) != 1 || audit[0].Entity != "user" || audit[0].Action != "revoke" {
		t.Fatalf("audit log: %+v, %v", audit, err)
	}
	expect(t, h.say(admin, "/users"), "Người dùng: 3")
}

// TestLinkByRole is the access matrix's row for /link, which writes: every
// linked person gets a code for their own account, a guest the way in.
func TestLinkByRole(t *testing.T) {
	h := newOfficerHarness(t)
	before, err := h.db.Invites(h.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{wayIn, "Mã nối tài khoản", "Mã nối tài khoản", "Mã nối tài khoản", "Mã nối tài khoản"} {
		got := h.say(roles[i], "/link")
		expect(t, got, want)
		if i > 0 {
			expect(t, got, "https://t.me/clubbot_test_bot?start=")
		}
	}
	after, err := h.db.Invites(h.ctx)
	if err != nil || len(after) != len(before)+4 {
		t.Fatalf("%d invites after /link by everyone, want %d more than %d (%v)", len(after), 4, len(before), err)
	}
	for _, inv := range after[len(before):] {
		if inv.LinkUserID == nil || *inv.LinkUserID != *inv.CreatedBy {
			t.Errorf("a /link code is not bound to its maker: %+v", inv)
		}
	}
}
