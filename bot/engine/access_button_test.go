package engine_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// pressValue presses, in chat, a button of value made for the question on
// screen: what a forged callback with the right step counter looks like.
func (h *officerHarness) pressValue(chat, value string) string {
	h.t.Helper()
	data := bot.EncodeButton(h.session(chat).Seq, value)
	return plainText(strings.Join(h.send(chat, bot.Inbound{Kind: bot.InputButton, Data: data}), "\n"))
}

// TestAccessMatrixOfMenuButtons presses, as every role, the menu button of
// every command of the access matrix that takes no argument: a button
// opens no more than the command typed.
func TestAccessMatrixOfMenuButtons(t *testing.T) {
	h := newOfficerHarness(t)
	before := h.snapshot()
	n := 0
	for _, c := range accessMatrix {
		name, ok := strings.CutPrefix(c.in, "/")
		if !ok || strings.ContainsAny(name, " .") {
			continue
		}
		n++
		for i, chat := range roles {
			if got := h.pressValue(chat, "menu."+name); !strings.Contains(got, c.want[i]) {
				t.Errorf("%s pressed menu.%s and saw:\n%s\nwhich lacks %q", chat, name, got, c.want[i])
			}
			h.say(chat, "/cancel")
			if after := h.snapshot(); after != before {
				t.Fatalf("%s pressed menu.%s: the database changed from %s to %s", chat, name, before, after)
			}
		}
	}
	if n < 12 {
		t.Fatalf("only %d commands pressed as buttons", n)
	}
}

// TestAccessMatrixOfDialogueButtons presses, as every role and with no
// dialogue open, the buttons of every flow's questions: each is a question
// that has passed, and changes nothing.
func TestAccessMatrixOfDialogueButtons(t *testing.T) {
	h := newOfficerHarness(t)
	ids := h.buttonIDs()
	values := []string{
		"female", "male", "poor", "near_poor", "neither", "yes", "no", "save", "edit", "cancel", "name", "year", // new member
		ids["member"], ids["othermember"], "moved", "died", "withdrew", "other", // a member leaving
		"income", "borrowers", // fund report
		"leader", "officer", "province", "unit", ids["club"], ids["otherclub"], ids["unit"], ids["otherunit"], // invite, new club
		ids["user"], // revoke
	}
	before := h.snapshot()
	for _, v := range values {
		for _, chat := range roles {
			if got := h.pressValue(chat, v); !strings.Contains(got, "đã qua") {
				t.Errorf("%s pressed %q with no dialogue open and saw:\n%s", chat, v, got)
			}
			if after := h.snapshot(); after != before {
				t.Fatalf("%s pressed %q: the database changed from %s to %s", chat, v, before, after)
			}
		}
	}
	if n := len(h.members()); n != 2 {
		t.Errorf("Hoa Sen has %d active members, want 2", n)
	}
}

// scopeButton is a button pressed inside a dialogue: who presses it, at
// which question, and what they must see.
type scopeButton struct {
	chat  string
	path  []string // from no dialogue to the question
	value string   // a key of buttonIDs, or the button's value
	want  string
}

// TestButtonsInsideAndOutsideScope presses, inside each dialogue that
// offers records to choose, a record the role may see and one it may not,
// pressed with the right step counter: the first moves on, the second is
// refused, and nothing is saved either way.
func TestButtonsInsideAndOutsideScope(t *testing.T) {
	h := newOfficerHarness(t)
	ids := h.buttonIDs()
	newClub := []string{"/newclub", "CLB Mai Vàng", "mong cai"}
	cases := []scopeButton{
		{leader, []string{"/leave", "nguyen"}, "member", "Lý do"},
		{leader, []string{"/leave", "nguyen"}, "othermember", "Bác bấm một nút bên dưới"},
		{area, newClub, "unit", "Ngày thành lập"},
		{area, newClub, "otherunit", "Bác bấm một nút bên dưới"},
		{province, newClub, "otherunit", "Bác bấm một nút bên dưới"}, // Cô Tô is not among the matches of "mong cai"
		{province, []string{"/newclub", "CLB Mai Vàng", "co to"}, "otherunit", "Ngày thành lập"},
		{admin, []string{"/newclub", "CLB Mai Vàng", "co to"}, "otherunit", "Ngày thành lập"},
		{province, []string{"/invite", "1", "clb"}, "otherclub", "Mời: chủ nhiệm CLB"},
		{province, []string{"/invite", "1", "clb"}, "club", "Mời: chủ nhiệm CLB"},
		{admin, []string{"/invite", "1", "song bien"}, "club", "Bác bấm một nút bên dưới"},
		{province, []string{"/invite", "2", "2", "mong cai"}, "unit", "Phụ trách: phường Móng Cái 1"},
		{province, []string{"/invite", "2", "2", "mong cai"}, "otherunit", "Bác bấm một nút bên dưới"}, // not a match
		{province, []string{"/invite", "2"}, "unit", "Bác bấm một nút bên dưới"},                       // a scope kind is expected
		{admin, []string{"/revoke", "lan"}, "user", "Người này sẽ không dùng hệ thống được nữa"},
		{admin, []string{"/revoke", "lan"}, "99999999", "Bác bấm một nút bên dưới"},
		{area, []string{"/newclub", "CLB Mai Vàng"}, "otherunit", "đã qua"}, // a search is typed
		{leader, []string{"/leave"}, "othermember", "đã qua"},
	}
	before := h.snapshot()
	for _, c := range cases {
		h.say(c.chat, "/cancel")
		for _, line := range c.path {
			h.say(c.chat, line)
		}
		value := c.value
		if id, ok := ids[value]; ok {
			value = id
		}
		if got := h.pressValue(c.chat, value); !strings.Contains(got, c.want) {
			t.Errorf("%s at %v pressed %s and saw:\n%s\nwhich lacks %q", c.chat, c.path, c.value, got, c.want)
		}
		if after := h.snapshot(); after != before {
			t.Fatalf("%s at %v pressed %s: the database changed from %s to %s", c.chat, c.path, c.value, before, after)
		}
	}
	h.say(leader, "/cancel")
	if n := len(h.members()); n != 2 {
		t.Errorf("Hoa Sen has %d active members, want 2", n)
	}
}

// buttonIDs are the values of buttons that name records: a member, the
// club and the commune of Hoa Sen, those of Cô Tô, and the leader's user.
func (h *officerHarness) buttonIDs() map[string]string {
	h.t.Helper()
	ids := map[string]string{"club": strconv.FormatInt(h.clubID, 10), "otherclub": strconv.FormatInt(h.coTo, 10)}
	for name, club := range map[string]int64{"member": h.clubID, "othermember": h.coTo} {
		err := h.db.InTx(h.ctx, func(tx bot.Writer) error {
			ms, err := tx.ActiveMembers(h.ctx, club)
			if err == nil && len(ms) > 0 {
				ids[name] = strconv.FormatInt(ms[0].ID, 10)
			}
			return err
		})
		if err != nil {
			h.t.Fatal(err)
		}
	}
	for name, unit := range map[string]string{"unit": "Móng Cái 1", "otherunit": "đặc khu Cô Tô"} {
		u, err := h.db.UnitByName(h.ctx, bot.LevelCommune, unit)
		if err != nil {
			h.t.Fatal(err)
		}
		ids[name] = strconv.FormatInt(u.ID, 10)
	}
	err := h.db.InTx(h.ctx, func(tx bot.Writer) error {
		users, err := tx.Users(h.ctx)
		for _, u := range users {
			if u.Role == bot.RoleLeader {
				ids["user"] = strconv.FormatInt(u.ID, 10)
			}
		}
		return err
	})
	if err != nil || len(ids) != 7 {
		h.t.Fatalf("ids %v, %v", ids, err)
	}
	return ids
}
