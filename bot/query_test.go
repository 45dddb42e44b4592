package bot

import (
	"context"
	"testing"
)

func TestIsQuery(t *testing.T) {
	officer := &User{Role: RoleOfficer, Scope: Scope{Kind: ScopeProvince}}
	leader := &User{Role: RoleLeader}
	busy := Session{Flow: "newclub", Step: "name", Draft: map[string]string{}}
	for _, c := range []struct {
		in   Inbound
		s    Session
		u    *User
		want bool
	}{
		{Inbound{Kind: InputCommand, Command: "status"}, Session{}, officer, true},
		{Inbound{Kind: InputCommand, Command: "digest"}, Session{}, officer, true},
		{Inbound{Kind: InputText, Text: "mong cai bao nhieu clb"}, Session{}, officer, true},
		{Inbound{Kind: InputCommand, Command: "newclub"}, Session{}, officer, false},
		{Inbound{Kind: InputCommand, Command: "lang", Text: "en"}, Session{}, officer, false},
		{Inbound{Kind: InputText, Text: "CLB Hoa Sen"}, busy, officer, false},
		{Inbound{Kind: InputButton, Data: "1:menu.status"}, Session{}, officer, false},
		{Inbound{Kind: InputCommand, Command: "status"}, Session{}, leader, false},
		{Inbound{Kind: InputCommand, Command: "status"}, Session{}, nil, false},
	} {
		if got := isQuery(c.in, c.s, c.u); got != c.want {
			t.Errorf("isQuery(%+v, flow %q, %v) = %v, want %v", c.in, c.s.Flow, c.u, got, c.want)
		}
	}
}

func TestReadOnlyTxRefusesWrites(t *testing.T) {
	var tx readOnlyTx
	ctx := context.Background()
	for name, err := range map[string]error{
		"SaveSession": tx.SaveSession(ctx, Session{}),
		"Enqueue":     tx.Enqueue(ctx, nil, stepNow),
		"AddMember":   tx.AddMember(ctx, &Member{}, 1, stepNow),
		"CreateClub":  tx.CreateClub(ctx, &Club{}, 1, stepNow),
		"SetUserLang": tx.SetUserLang(ctx, 1, "en"),
	} {
		if ErrorCode(err) != EINTERNAL {
			t.Errorf("%s on a read-only tx: %v", name, err)
		}
	}
}
