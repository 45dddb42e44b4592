package engine_test

import (
	"strings"
	"testing"
	"time"
)

// TestEveryChangeToClubDataIsAudited makes each kind of change through the
// dialogues and finds its audit entry: who made it, when, and the record
// before and after.
func TestEveryChangeToClubDataIsAudited(t *testing.T) {
	h := newOfficerHarness(t)
	var newLeaderCode string
	for _, c := range []struct {
		name           string
		do             func()
		actor          string // chat of the user who made the change
		entity, action string
		before, after  []string // what the JSON holds; nil before: null
	}{
		{"member added", func() { h.harness.addMember(leader, "Phạm Thị Cúc", "1948") }, leader, "member", "create",
			nil, []string{`"FullName":"Phạm Thị Cúc"`, `"BirthYear":1948`}},
		{"member left", func() { h.memberLeaves("Trần Văn Nam (1990)") }, leader, "member", "leave",
			[]string{`"FullName":"Trần Văn Nam"`, `"LeftOn":null`}, []string{`"LeftReason":"moved"`}},
		{"fund report", func() { h.reportFunds("25tr") }, leader, "fund_report", "create",
			[]string{`"IncomeFund":20000000`}, []string{`"IncomeFund":25000000`, `"LoansOutstanding":15000000`}},
		{"club created", func() { h.newClub("CLB Bình An") }, area, "club", "create",
			nil, []string{`"Name":"CLB Bình An"`, `"StartingFund":20000000`}},
		{"invite made", func() { newLeaderCode = h.adminInvitesLeader("06/12/2026") }, admin, "invite", "create",
			nil, []string{`"Role":"leader"`, `"ExpiresAt":"2026-12-06T`}},
		{"invite used", func() { h.say("new-leader", "/start "+newLeaderCode) }, "new-leader", "invite", "redeem",
			[]string{`"Role":"leader"`}, []string{`"UsedAt":"2026-`, `"UsedBy":`}},
		{"access revoked", func() { h.revoke("new-leader") }, admin, "user", "revoke",
			[]string{`"ChannelUserID":"new-leader"`}, nil},
	} {
		h.now = h.now.Add(time.Minute)
		c.do()
		entries, err := h.db.AuditLog(h.ctx, 1)
		if err != nil || len(entries) != 1 {
			t.Fatalf("%s: audit log %+v, %v", c.name, entries, err)
		}
		e := entries[0]
		actor, err := h.db.Reader().UserByAccount(h.ctx, "test", c.actor)
		if err != nil {
			t.Fatal(err)
		}
		if e.Entity != c.entity || e.Action != c.action || e.UserID != actor.ID || !e.At.Equal(h.now) {
			t.Errorf("%s: audit entry %s %s by user %d at %s, want %s %s by %d at %s", c.name,
				e.Entity, e.Action, e.UserID, e.At, c.entity, c.action, actor.ID, h.now)
		}
		checkJSON(t, c.name+" before", string(e.Before), c.before)
		checkJSON(t, c.name+" after", string(e.After), c.after)
		if strings.Contains(string(e.Before)+string(e.After), "CodeHash") {
			t.Errorf("%s: the audit log keeps an invite's code hash", c.name)
		}
	}
}

// checkJSON checks that got holds each of want, or is empty for no want.
func checkJSON(t *testing.T, what, got string, want []string) {
	t.Helper()
	if want == nil && got != "" {
		t.Errorf("%s: %s, want null", what, got)
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s: %s lacks %s", what, got, w)
		}
	}
}

// memberLeaves records through the leader's dialogue that the member
// labelled label moved away.
func (h *officerHarness) memberLeaves(label string) {
	h.t.Helper()
	h.say(leader, "/leave")
	h.say(leader, strings.Fields(label)[0]+" "+strings.Fields(label)[1])
	h.press(leader, label)
	h.press(leader, "Chuyển đi nơi khác")
	expect(h.t, h.press(leader, "Lưu"), "nghỉ")
}

// reportFunds reports the club's funds through the leader's dialogue.
func (h *officerHarness) reportFunds(income string) {
	h.t.Helper()
	h.say(leader, "/fund")
	for _, answer := range []string{income, "2tr", "15tr", "1"} {
		h.say(leader, answer)
	}
	expect(h.t, h.say(leader, "luu"), "Đã lưu báo cáo quỹ")
}

// newClub registers a club in phường Móng Cái 1 through the area
// officer's dialogue.
func (h *officerHarness) newClub(name string) {
	h.t.Helper()
	h.say(area, "/newclub")
	h.say(area, name)
	h.say(area, "mong cai 1")
	h.press(area, "phường Móng Cái 1")
	for _, answer := range []string{"15/10/2026", "88/QĐ-UBND", "20tr"} {
		h.say(area, answer)
	}
	expect(h.t, h.press(area, "Lưu"), "Đã ghi nhận "+name)
}

// revoke takes away the access of the user of chat through the admin's
// dialogue.
func (h *officerHarness) revoke(chat string) {
	h.t.Helper()
	h.say(admin, "/revoke")
	h.say(admin, "lan")
	for _, row := range h.last[admin].Buttons {
		for _, b := range row {
			if strings.Contains(b.Label, "Sóng Biển") {
				h.press(admin, b.Label)
				expect(h.t, h.press(admin, "Lưu"), "Đã thu hồi quyền")
				return
			}
		}
	}
	h.t.Fatalf("no Sóng Biển leader to revoke among %+v", h.last[admin].Buttons)
}
