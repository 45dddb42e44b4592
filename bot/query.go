package bot

import (
	"context"
	"time"
)

// queryCommands are officers' questions. They change nothing, so they are
// answered before the step's write transaction: at national scale one
// takes a few hundred milliseconds, which would otherwise hold up every
// other chat's commit.
var queryCommands = map[string]bool{"status": true, "area": true, "club": true, "missing": true, "digest": true, "export": true,
	"history": true}

// isQuery reports whether the event is an idle officer's question.
func isQuery(in Inbound, s Session, u *User) bool {
	if !IsOfficer(u) || !s.Idle() {
		return false
	}
	switch in.Kind {
	case InputText:
		return true
	case InputCommand:
		return queryCommands[in.Command]
	}
	return false
}

// readOnlyTx reads through a Tx and refuses every write, so that a
// question answered outside a transaction cannot change anything by
// mistake.
type readOnlyTx struct{ Tx }

var errReadOnly = Errorf(EINTERNAL, "a question tried to write")

func (readOnlyTx) SaveSession(context.Context, Session) error { return errReadOnly }

func (readOnlyTx) Enqueue(context.Context, []Outgoing, time.Time) error { return errReadOnly }

func (readOnlyTx) MarkInboundDone(context.Context, string, time.Time) (bool, error) {
	return false, errReadOnly
}

func (readOnlyTx) SetUserLang(context.Context, int64, string) error { return errReadOnly }

func (readOnlyTx) RedeemInvite(context.Context, int64, User, Account, time.Time) (User, error) {
	return User{}, errReadOnly
}

func (readOnlyTx) RecordFailedCode(context.Context, string, string, time.Time) error {
	return errReadOnly
}

func (readOnlyTx) AddMember(context.Context, *Member, int64, time.Time) error { return errReadOnly }

func (readOnlyTx) MemberLeft(context.Context, int64, time.Time, string, int64, time.Time) error {
	return errReadOnly
}

func (readOnlyTx) AddFundReport(context.Context, *FundReport, int64, time.Time) error {
	return errReadOnly
}

func (readOnlyTx) CreateClub(context.Context, *Club, int64, time.Time) error { return errReadOnly }

func (readOnlyTx) CreateInvite(context.Context, *Invite) error { return errReadOnly }

func (readOnlyTx) RevokeUser(context.Context, int64, int64, time.Time) error { return errReadOnly }
