package engine

import (
	"context"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// isQuery reports whether the event is an idle officer's question: typed
// text, or a command that changes nothing (commandSpec.query). Questions
// are answered before the step's write transaction: at national scale one
// takes a few hundred milliseconds, which would otherwise hold up every
// other chat's commit.
func isQuery(cmds []commandSpec, in bot.Inbound, s bot.Session, u *bot.User) bool {
	if !bot.IsOfficer(u) || !s.Idle() {
		return false
	}
	switch in.Kind {
	case bot.InputText:
		return true
	case bot.InputCommand:
		c, ok := findCommand(cmds, in.Command)
		return ok && c.query
	}
	return false
}

// readOnlyTx reads through a Tx and refuses every write, so that a
// question answered outside a transaction cannot change anything by
// mistake.
type readOnlyTx struct{ bot.Tx }

var errReadOnly = bot.Errorf(bot.EINTERNAL, "a question tried to write")

func (readOnlyTx) SaveSession(context.Context, bot.Session) error { return errReadOnly }

func (readOnlyTx) Enqueue(context.Context, []bot.Outgoing, time.Time) error { return errReadOnly }

func (readOnlyTx) MarkInboundDone(context.Context, string, time.Time) (bool, error) {
	return false, errReadOnly
}

func (readOnlyTx) SetUserLang(context.Context, int64, string) error { return errReadOnly }

func (readOnlyTx) RedeemInvite(context.Context, int64, bot.User, bot.Account, time.Time) (bot.User, error) {
	return bot.User{}, errReadOnly
}

func (readOnlyTx) RecordFailedCode(context.Context, string, string, time.Time) error {
	return errReadOnly
}

func (readOnlyTx) AddMember(context.Context, *bot.Member, int64, time.Time) error { return errReadOnly }

func (readOnlyTx) MemberLeft(context.Context, int64, time.Time, string, int64, time.Time) error {
	return errReadOnly
}

func (readOnlyTx) AddFundReport(context.Context, *bot.FundReport, int64, time.Time) error {
	return errReadOnly
}

func (readOnlyTx) CreateClub(context.Context, *bot.Club, int64, time.Time) error { return errReadOnly }

func (readOnlyTx) CreateInvite(context.Context, *bot.Invite) error { return errReadOnly }

func (readOnlyTx) RevokeUser(context.Context, int64, int64, time.Time) error { return errReadOnly }

// The writes of reviews are refused to questions answered outside a
// transaction, as every write is.

func (readOnlyTx) AddFundReview(context.Context, *bot.FundReview, time.Time) error {
	return errReadOnly
}

func (readOnlyTx) AskReview(context.Context, int64, string, int64, time.Time) error {
	return errReadOnly
}

func (readOnlyTx) MarkReviewDelivered(context.Context, int64, time.Time) error { return errReadOnly }

func (readOnlyTx) ResolveReview(context.Context, int64, string, int64, time.Time) (bool, error) {
	return false, errReadOnly
}

func (readOnlyTx) RenameClub(context.Context, int64, string, int64, time.Time) error {
	return errReadOnly
}

func (readOnlyTx) DissolveClub(context.Context, int64, int64, time.Time) error { return errReadOnly }

func (readOnlyTx) UnlinkClubLeaders(context.Context, int64, int64, time.Time) ([]string, error) {
	return nil, errReadOnly
}

func (readOnlyTx) UpdateMember(context.Context, bot.Member, int64, time.Time) (bool, error) {
	return false, errReadOnly
}

func (readOnlyTx) UndoLeave(context.Context, int64, int64, time.Time) error { return errReadOnly }

func (readOnlyTx) CorrectFundReport(context.Context, bot.FundReport, string, int64, time.Time) error {
	return errReadOnly
}

func (readOnlyTx) WithdrawFundReport(context.Context, int64, string, int64, time.Time) error {
	return errReadOnly
}
