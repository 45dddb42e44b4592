package engine_test

import (
	"strings"
	"testing"
)

const scopeNote = "Bác phụ trách thành phố Móng Cái, nên hệ thống trả lời số liệu của thành phố Móng Cái."

// questionMatrix is the officers' plain questions that name the province,
// a club, or a name written without spaces, and what each role sees: CLB
// Hoa Sen (Móng Cái 1, 2 members, reported) and CLB Sóng Biển (Cô Tô, 1
// member, never reported).
var questionMatrix = []accessCase{
	{"Quảng Ninh có bao nhiêu CLB?", [5]string{wayIn, ownClub, scopeNote + "\n\nThành phố Móng Cái có 1 CLB", "Tỉnh Quảng Ninh có 2 CLB", "Tỉnh Quảng Ninh có 2 CLB"}},
	{"quang ninh bao nhieu thanh vien", [5]string{wayIn, ownClub, "Thành phố Móng Cái có 2 thành viên", "Tỉnh Quảng Ninh có 3 thành viên trong 2 CLB", "có 3 thành viên"}},
	{"toàn tỉnh có bao nhiêu CLB", [5]string{wayIn, ownClub, scopeNote, "Tỉnh Quảng Ninh có 2 CLB", "Tỉnh Quảng Ninh có 2 CLB"}},
	{"toan tinh co bao nhieu nguoi cao tuoi?", [5]string{wayIn, ownClub, "Thành phố Móng Cái có 1 thành viên là người cao tuổi", "Tỉnh Quảng Ninh có 2 thành viên là người cao tuổi", "chiếm 67%"}},
	{"how many clubs in the whole province", [5]string{wayIn, ownClub, scopeNote, "Tỉnh Quảng Ninh có 2 CLB", "Tỉnh Quảng Ninh có 2 CLB"}},
	{"Hoa Sen bao nhiêu thành viên", [5]string{wayIn, ownClub, "CLB Hoa Sen\n⚠️ Thành viên: 2", "CLB Hoa Sen\n⚠️ Thành viên: 2", "CLB Hoa Sen\n⚠️ Thành viên: 2"}},
	{"hoa sen co bao nhieu thanh vien", [5]string{wayIn, ownClub, "Thành viên: 2", "Thành viên: 2", "Dư nợ: 15.000.000 đ"}},
	{"hoasen bao nhieu thanh vien?", [5]string{wayIn, ownClub, "CLB Hoa Sen\n⚠️ Thành viên: 2", "CLB Hoa Sen\n⚠️ Thành viên: 2", "CLB Hoa Sen\n⚠️ Thành viên: 2"}},
	{"CLB Hoa Sen có bao nhiêu người cao tuổi?", [5]string{wayIn, ownClub, "CLB Hoa Sen\n⚠️ Thành viên: 2", "CLB Hoa Sen", "CLB Hoa Sen"}},
	{"CLB Sóng Biển bao nhiêu thành viên", [5]string{wayIn, ownClub, "Không tìm thấy địa bàn hay CLB nào tên “song bien”", "CLB Sóng Biển\n⚠️ Thành viên: 1", "CLB chưa có báo cáo quỹ"}},
	{"Hoa Sen", [5]string{wayIn, "Bác muốn làm gì", "CLB Hoa Sen\n⚠️ Thành viên: 2", "CLB Hoa Sen\n⚠️ Thành viên: 2", "CLB Hoa Sen\n⚠️ Thành viên: 2"}},
	{"Hoa Sem bao nhieu thanh vien", [5]string{wayIn, ownClub, "Có phải bác muốn hỏi: CLB Hoa Sen?", "Có phải bác muốn hỏi: CLB Hoa Sen?", "Có phải bác muốn hỏi: CLB Hoa Sen?"}},
	{"cảm ơn", [5]string{wayIn, "Bác muốn làm gì", "Hệ thống chưa hiểu câu hỏi", "Hệ thống chưa hiểu câu hỏi", "Hệ thống chưa hiểu câu hỏi"}},
	{"hoa sem", [5]string{wayIn, "Bác muốn làm gì", "Có phải bác muốn hỏi: CLB Hoa Sen?", "Có phải bác muốn hỏi: CLB Hoa Sen?", "Có phải bác muốn hỏi: CLB Hoa Sen?"}},
	{"Mong Kai co bao nhieu CLB?", [5]string{wayIn, ownClub, "Có phải bác muốn hỏi: thành phố Móng Cái", "Có phải bác muốn hỏi: thành phố Móng Cái", "Có phải bác muốn hỏi: thành phố Móng Cái"}},
	{"CLB nào chưa báo cáo?", [5]string{wayIn, ownClub, "Thành phố Móng Cái</b>: mọi CLB đều đã báo cáo", "Tỉnh Quảng Ninh</b>: 1 CLB chưa báo cáo", "CLB Sóng Biển (Cô Tô) – chưa báo cáo lần nào"}},
	{"clb nao chua bao cao", [5]string{wayIn, "Bác muốn làm gì", "mọi CLB đều đã báo cáo", "1 CLB chưa báo cáo", "CLB Sóng Biển (Cô Tô) – chưa báo cáo lần nào"}},
	{"which clubs have not reported yet?", [5]string{wayIn, ownClub, "mọi CLB đều đã báo cáo", "1 CLB chưa báo cáo", "CLB Sóng Biển (Cô Tô) – chưa báo cáo lần nào"}},
	{"mongcai co bao nhieu clb", [5]string{wayIn, ownClub, "Thành phố Móng Cái có 1 CLB", "Thành phố Móng Cái có 1 CLB", "Thành phố Móng Cái có 1 CLB"}},
	{"mongcai1 bao nhieu thanh vien", [5]string{wayIn, ownClub, "Phường Móng Cái 1 có 2 thành viên", "Phường Móng Cái 1 có 2 thành viên", "Phường Móng Cái 1 có 2 thành viên"}},
	{"coto co bao nhieu clb", [5]string{wayIn, ownClub, "Huyện Cô Tô nằm ngoài địa bàn", "Huyện Cô Tô có 1 CLB", "Huyện Cô Tô có 1 CLB"}},
	{"/area mongcai", [5]string{wayIn, officerOnly, "Thành phố Móng Cái\nCLB đang hoạt động: 1", "Thành phố Móng Cái\nCLB đang hoạt động: 1", "Thành viên: 2"}},
	{"/area halong", [5]string{wayIn, officerOnly, "Thành phố Hạ Long nằm ngoài địa bàn", "Thành phố Hạ Long</b>\nChưa có CLB.", "Thành phố Hạ Long"}},
	{"/area Quảng Ninh", [5]string{wayIn, officerOnly, scopeNote + "\n\n<b>Thành phố Móng Cái</b>\nCLB đang hoạt động: 1", "Tỉnh Quảng Ninh\nCLB đang hoạt động: 2", "Tỉnh Quảng Ninh"}},
	{"/area mong kai", [5]string{wayIn, officerOnly, "Có phải bác muốn hỏi: thành phố Móng Cái", "Có phải bác muốn hỏi: thành phố Móng Cái", "Có phải bác muốn hỏi"}},
	{"/club hoasen", [5]string{wayIn, officerOnly, "CLB Hoa Sen\n⚠️ Thành viên: 2", "CLB Hoa Sen\n⚠️ Thành viên: 2", "CLB Hoa Sen\n⚠️ Thành viên: 2"}},
	{"/club songbien", [5]string{wayIn, officerOnly, "Không tìm thấy CLB “songbien”", "CLB Sóng Biển\n⚠️ Thành viên: 1", "CLB Sóng Biển"}},
	{"/club hoa xen", [5]string{wayIn, officerOnly, "CLB Hoa Sen\n⚠️ Thành viên: 2", "CLB Hoa Sen", "CLB Hoa Sen"}},
}

// TestOfficersQuestionsByName asks the questions of questionMatrix as
// every role, and checks what each sees and that nothing changed.
func TestOfficersQuestionsByName(t *testing.T) {
	h := newOfficerHarness(t)
	before := h.snapshot()
	for _, c := range questionMatrix {
		for i, chat := range roles {
			got := h.say(chat, c.in)
			want := c.want[i]
			if !strings.Contains(plainText(got), want) && !strings.Contains(got, want) {
				t.Errorf("%s sent %q and saw:\n%s\nwhich lacks %q", chat, c.in, got, want)
			}
			h.say(chat, "/cancel")
			if after := h.snapshot(); after != before {
				t.Fatalf("%s sent %q: the database changed from %s to %s", chat, c.in, before, after)
			}
		}
	}
}

// TestAQuestionForTheMissingClubsListsWhatMissingLists checks that "CLB
// nào chưa báo cáo?" answers with the very list /missing gives, in each
// officer's scope.
func TestAQuestionForTheMissingClubsListsWhatMissingLists(t *testing.T) {
	h := newOfficerHarness(t)
	for _, chat := range []string{area, province, admin} {
		want := h.say(chat, "/missing")
		for _, q := range []string{"CLB nào chưa báo cáo?", "clb nao chua bao cao", "which clubs have not reported"} {
			if got := h.say(chat, q); got != want {
				t.Errorf("%s asked %q and saw\n%s\nbut /missing shows\n%s", chat, q, got, want)
			}
		}
	}
}

// TestThanksIsNoMistypedName checks that words that are no name get no
// suggestion of one.
func TestThanksIsNoMistypedName(t *testing.T) {
	h := newOfficerHarness(t)
	for _, in := range []string{"cảm ơn", "ok", "xin chào bot"} {
		if got := h.say(province, in); strings.Contains(got, "Có phải") {
			t.Errorf("%q got a suggestion:\n%s", in, got)
		}
	}
}

// TestOfficersQueriesReadAlone sends every question command to each
// officer: the engine answers them with the store's Reader alone (a
// question turn has no Writer), so each must answer and change nothing.
func TestOfficersQueriesReadAlone(t *testing.T) {
	h := newOfficerHarness(t)
	before := h.snapshot()
	for _, line := range []string{"/status", "/area mongcai", "/club hoasen", "/missing", "/digest", "/export", "/history", "mong cai bao nhieu clb"} {
		for _, chat := range roles[2:] {
			if got := h.say(chat, line); got == "" {
				t.Errorf("%s sent %q and got no answer", chat, line)
			}
			if after := h.snapshot(); after != before {
				t.Fatalf("%s sent %q: the database changed from %s to %s", chat, line, before, after)
			}
		}
	}
}
