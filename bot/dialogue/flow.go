package dialogue

import (
	"strconv"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// AnswerKind is the kind of answer a step expects.
type AnswerKind string

// Answer kinds. Each has a parser in parse.go and a message telling the user
// what is expected.
const (
	KindName    AnswerKind = "name"
	KindText    AnswerKind = "text"
	KindYear    AnswerKind = "year"
	KindMoney   AnswerKind = "money"
	KindDate    AnswerKind = "date"
	KindCount   AnswerKind = "count"
	KindChoice  AnswerKind = "choice"
	KindYesNo   AnswerKind = "yesno"
	KindPhone   AnswerKind = "phone"
	KindCode    AnswerKind = "code"    // an invite code, checked by the engine
	KindSearch  AnswerKind = "search"  // a member's name, matched against Env.Members
	KindConfirm AnswerKind = "confirm" // the summary: save, edit or cancel
	KindEdit    AnswerKind = "edit"    // which answer to change
	KindBrowse  AnswerKind = "browse"  // a paged list of Step.List, searched by typing
	KindCard    AnswerKind = "card"    // a record and what to do with it: each choice names a step
	KindMulti   AnswerKind = "multi"   // several choices, each turned on or off, then "done"; or their numbers typed
)

// Choice is one button of a step: the value stored in the draft and the
// message key of its label. Label, when set, is shown as is (a member's name).
type Choice struct {
	Value string
	Key   string
	Label string
}

// Step is one question of a flow.
type Step struct {
	Name    string
	Prompt  string // message key of the question
	Kind    AnswerKind
	Field   string   // draft field the answer is stored in
	Choices []Choice // for KindChoice
	// Invalid is the message key of the refusal of a typed answer that does
	// not parse, when the kind's own (invalid.text) would give an example
	// that does not fit the question; "" means the kind's. It takes the
	// question's PromptArgs.
	Invalid string
	// Check rejects an answer that parses but does not fit (more members with
	// loans than members). It returns a message key and its arguments, or "".
	Check func(value string, s bot.Session, env Env) (key string, args map[string]any)
	// PromptArgs fills the question's arguments, when it has any (the
	// club's member count, a member's card); nil means none.
	PromptArgs func(draft map[string]string, env Env) map[string]any
	// Confirm returns a message key when a valid answer deserves an "are you
	// sure?" (a fund balance that moved by more than half), or "", and the
	// figures the question names besides the answer.
	Confirm func(value string, s bot.Session, env Env) (string, map[string]any)
	// Next names the following step; nil means the next one in the flow.
	Next func(draft map[string]string) string
	// Options are the step's buttons when they depend on the session (a
	// card's choices); nil means Choices.
	Options func(s bot.Session, env Env) []Choice
	// List is what a browse step pages through and searches (the club's
	// members), each with its value and label.
	List func(env Env) []Choice
	// Load fills the draft from the record just chosen in this step (the
	// details of a member to correct).
	Load func(draft map[string]string, env Env)
	// Store, when set, keeps the answer in the draft instead of Field (the
	// count of the activity being asked, the month chosen).
	Store func(draft map[string]string, value string, env Env)
	// Action, when set, names what storing this step's answer asks the
	// engine to do (ActionNone for nothing): a confirmation outside the
	// summary, such as undoing a departure.
	Action func(draft map[string]string) ActionKind
}

// Flow is a guided dialogue: a list of steps ending in a summary, and the
// action that saving it performs.
type Flow struct {
	Name   string
	Steps  []Step
	Action ActionKind
	// Summary is the message key of the summary; SummaryArgs fills it.
	Summary     string
	SummaryArgs func(draft map[string]string, env Env) map[string]any
	// AfterSave is the step to go to once saved ("" ends the flow).
	AfterSave string
	// BeforeSave, when set, names a step to ask when the summary is saved
	// ("" saves at once): "this member is already in the club: add anyway?".
	BeforeSave func(draft map[string]string, env Env) string
}

// Step names every flow shares.
const (
	StepConfirm = "confirm"
	StepEdit    = "edit"
)

// Step returns the named step, or nil.
func (f *Flow) Step(name string) *Step {
	for i := range f.Steps {
		if f.Steps[i].Name == name {
			return &f.Steps[i]
		}
	}
	return nil
}

// next returns the name of the step after st given the draft.
func (f *Flow) next(st *Step, draft map[string]string) string {
	if st.Next != nil {
		return st.Next(draft)
	}
	for i := range f.Steps {
		if f.Steps[i].Name == st.Name && i+1 < len(f.Steps) {
			return f.Steps[i+1].Name
		}
	}
	return ""
}

// Env is what a step may know beyond the session: the time and data the
// engine loaded beforehand, so that Advance stays pure.
type Env struct {
	Now      time.Time
	Lang     string
	OlderAge int
	Members  []bot.Member    // active members of the user's club (leave flow); all of them for /members
	LastFund *bot.FundReport // the club's latest fund report (fund flow)
	Options  []Choice        // what a search step chooses from: clubs or units (officers' flows)
	// Activities are the plan's activities and ActivityReports the club's
	// saved reports of this month and the one before (activity flow).
	Activities      []bot.Activity
	ActivityReports []bot.ActivityReport
	// Announcements are the recent announcements of an officer's scope,
	// and Reach what a new one would reach by audience (announce flow).
	Announcements []bot.AnnouncementSent
	Reach         map[bot.Audience]bot.AnnouncementReach
}

// ActionKind is what saving a flow, or answering a step, asks the engine to do.
type ActionKind string

// Actions.
const (
	ActionNone        ActionKind = ""
	ActionRedeemCode  ActionKind = "redeem_code"
	ActionRedeemPhone ActionKind = "redeem_phone"
	ActionSaveMember  ActionKind = "save_member"
	ActionMemberLeft  ActionKind = "member_left"
	ActionSaveFund    ActionKind = "save_fund"
	// Corrections of what was saved (flow_correct.go).
	ActionUpdateMember ActionKind = "update_member"
	ActionUndoLeave    ActionKind = "undo_leave"
	ActionCorrectFund  ActionKind = "correct_fund"
	ActionWithdrawFund ActionKind = "withdraw_fund"
	// The monthly activity report: saved (or corrected, for a month
	// already reported), or a saved one kept as it is.
	ActionSaveActivity ActionKind = "save_activity"
	ActionKeepActivity ActionKind = "keep_activity"
)

// DraftInt reads an integer field of a draft, 0 if absent.
func DraftInt(d map[string]string, field string) int64 {
	n, _ := strconv.ParseInt(d[field], 10, 64)
	return n
}

// Flows returns the dialogues of clubbot by name.
func Flows() map[string]*Flow {
	flows := map[string]*Flow{}
	for _, f := range []*Flow{onboardFlow(), memberFlow(), leaveFlow(), fundFlow(), inviteFlow(), newClubFlow(), revokeFlow(),
		reviewAskFlow(), editClubFlow(), membersFlow(), fundFixFlow(), activityFlow(), announceFlow()} {
		flows[f.Name] = f
	}
	return flows
}
