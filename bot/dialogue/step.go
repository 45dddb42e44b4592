package dialogue

import (
	"strconv"
	"strings"

	"github.com/clubbot/clubbot/bot"
)

// Reply is a message for the engine to render in the user's language: an
// optional lead sentence (what was wrong, or what was saved) and the
// question, with its buttons.
type Reply struct {
	Lead     string
	LeadArgs map[string]any
	Key      string
	Args     map[string]any
	Choices  []Choice
	Phone    bool // offer the share-my-phone button
}

// Result is what one step produces: the next session, the replies, and the
// action the engine must carry out, if any.
type Result struct {
	Session bot.Session
	Replies []Reply
	Action  ActionKind
}

// Draft fields the engine keeps for itself; user fields never start with "_".
const (
	fieldPending = "_pending" // an answer waiting for "are you sure?"
	FieldEdit    = "_edit"    // set while changing one answer from the summary
	fieldMatches = "_matches" // member ids found by a search, comma-separated
)

// Advance is the step function: given a session inside a flow and one input,
// it returns the next session and the replies. It is pure: everything it
// knows comes from its arguments.
func Advance(f *Flow, s bot.Session, in bot.Inbound, env Env) Result {
	s = s.Clone()
	st := f.Step(s.Step)
	if st == nil { // a flow changed under a stored session: start it again
		return Enter(f, s, f.Steps[0].Name, nil)
	}
	if st.Kind == KindMessage && (in.Kind == bot.InputText || in.File != nil) {
		return answerMessage(f, s, st, in, env)
	}
	switch in.Kind {
	case bot.InputCommand:
		return command(f, s, st, in, env)
	case bot.InputButton:
		seq, value, ok := bot.DecodeButton(in.Data)
		if !ok || seq != s.Seq {
			return Ask(f, s, st, env, "step.stale", nil)
		}
		return answer(f, s, st, value, true, env)
	case bot.InputText:
		return answer(f, s, st, in.Text, false, env)
	case bot.InputContact:
		if st.Kind == KindCode {
			s.Draft["phone"] = in.Phone
			s.Draft["own"] = strconv.FormatBool(in.OwnContact)
			return Result{Session: s, Action: ActionRedeemPhone}
		}
	}
	return Ask(f, s, st, env, "input.unsupported", nil)
}

// command handles /back and /cancel inside a flow; other commands are the
// engine's.
func command(f *Flow, s bot.Session, st *Step, in bot.Inbound, env Env) Result {
	switch in.Command {
	case "cancel":
		return Result{Session: Idle(s), Replies: []Reply{{Key: "flow.cancelled"}}}
	case "back":
		delete(s.Draft, fieldPending)
		if len(s.Back) == 0 {
			return Ask(f, s, st, env, "step.first", nil)
		}
		prev := s.Back[len(s.Back)-1]
		if f.Step(prev) == nil { // a flow changed under a stored session
			return Enter(f, s, f.Steps[0].Name, nil)
		}
		s.Back = s.Back[:len(s.Back)-1]
		s.Step = prev
		s.Seq++
		return Ask(f, s, f.Step(prev), env, "", nil)
	}
	return Ask(f, s, st, env, "", nil)
}

// answer applies one answer to the current step.
func answer(f *Flow, s bot.Session, st *Step, text string, byButton bool, env Env) Result {
	if pending, ok := s.Draft[fieldPending]; ok {
		delete(s.Draft, fieldPending)
		if res, decided := answerPending(f, s, st, pending, text, byButton, env); decided {
			return res
		}
	}
	switch st.Kind {
	case KindConfirm:
		return confirm(f, s, text, byButton, env)
	case KindEdit:
		return editPick(f, s, st, text, byButton, env)
	case KindCode:
		s.Draft["code"] = text
		return Result{Session: s, Action: ActionRedeemCode}
	case KindBrowse:
		return browse(f, s, st, text, byButton, env)
	case KindCard:
		return cardPick(f, s, st, text, byButton, env)
	case KindMulti:
		return multiPick(f, s, st, text, byButton, env)
	}
	p := parseAnswer(st, s, text, byButton, env)
	switch {
	case p.lead != "":
		return Ask(f, s, st, env, p.lead, p.leadArgs)
	case st.Kind == KindSearch:
		s.Draft[fieldMatches] = p.value
		return move(f, s, st, env)
	}
	return settle(f, s, st, p, env)
}

// answerPending reads an answer to "did you mean...?": yes keeps the held
// value, no asks the question again. Anything else is not decided here but
// read as a fresh answer to the question.
func answerPending(f *Flow, s bot.Session, st *Step, pending, text string, byButton bool, env Env) (Result, bool) {
	yes, err := ParseYesNo(text)
	switch {
	case err == nil && yes:
		return accept(f, s, st, pending, env), true
	case err == nil || byButton:
		return Ask(f, s, st, env, "", nil), true
	}
	return Result{}, false
}

// settle checks a parsed answer against the step, then stores it, or holds
// it until the user confirms a guess or a surprising value.
func settle(f *Flow, s bot.Session, st *Step, p parsed, env Env) Result {
	if st.Check != nil {
		if key, args := st.Check(p.value, s, env); key != "" {
			return Ask(f, s, st, env, key, args)
		}
	}
	if p.ambiguous {
		return confirmValue(s, st, p.value, "money.ambiguous", nil)
	}
	if st.Confirm != nil {
		if key, args := st.Confirm(p.value, s, env); key != "" {
			return confirmValue(s, st, p.value, key, args)
		}
	}
	return accept(f, s, st, p.value, env)
}

// accept stores value and moves to the next step.
func accept(f *Flow, s bot.Session, st *Step, value string, env Env) Result {
	switch {
	case st.Store != nil:
		st.Store(s.Draft, value, env)
	case st.Field != "":
		s.Draft[st.Field] = value
	}
	if st.Action != nil {
		if action := st.Action(s.Draft); action != ActionNone {
			return Result{Session: s, Action: action}
		}
	}
	return move(f, s, st, env)
}

// move goes to the step after st, or back to the summary when one answer
// was being changed.
func move(f *Flow, s bot.Session, st *Step, env Env) Result {
	next := f.next(st, s.Draft)
	switch {
	case next == "":
		return Result{Session: Idle(s), Replies: []Reply{{Key: "flow.done"}}}
	case next == f.Steps[0].Name: // going round again: a fresh draft
		s.Draft, s.Back = map[string]string{}, nil
		s.Seq++
		s.Step = next
		return Ask(f, s, f.Step(next), env, "", nil)
	}
	// While changing one answer, go back to the summary unless the answer
	// opens a follow-up question of its own ("other reason: which?").
	if s.Draft[FieldEdit] != "" && (st.Next == nil || next == StepConfirm) {
		delete(s.Draft, FieldEdit)
		next = StepConfirm
	}
	s.Back = append(s.Back, st.Name)
	s.Step = next
	s.Seq++
	return Ask(f, s, f.Step(next), env, "", nil)
}

// confirmValue holds value until the user says yes to the question key,
// which may name other figures in extra.
func confirmValue(s bot.Session, st *Step, value, key string, extra map[string]any) Result {
	s.Draft[fieldPending] = value
	args := map[string]any{"value": displayValue(st, value)}
	for k, v := range extra {
		args[k] = v
	}
	return Result{Session: s, Replies: []Reply{{Key: key, Args: args, Choices: yesNo}}}
}

// confirm handles the summary's buttons.
func confirm(f *Flow, s bot.Session, text string, byButton bool, env Env) Result {
	st := f.Step(StepConfirm)
	choices := stepChoices(st, s, env) // an announcement's says Gửi, not Lưu
	value, ok := Choose(choices, text, byButton, env.Lang)
	switch {
	case !ok:
		p := choiceRefusal(choices, text, byButton, env.Lang)
		return Ask(f, s, st, env, p.lead, p.leadArgs)
	case value == "save":
		return save(f, s, env)
	case value == "edit":
		s.Back = append(s.Back, StepConfirm)
		s.Step = StepEdit
		s.Seq++
		return Ask(f, s, f.Step(StepEdit), env, "", nil)
	}
	return Result{Session: Idle(s), Replies: []Reply{{Key: "flow.cancelled"}}}
}

// editPick goes to the step whose answer the user wants to change.
func editPick(f *Flow, s bot.Session, st *Step, text string, byButton bool, env Env) Result {
	value, ok := Choose(editChoices(f), text, byButton, env.Lang)
	if !ok {
		p := choiceRefusal(editChoices(f), text, byButton, env.Lang)
		return Ask(f, s, st, env, p.lead, p.leadArgs)
	}
	s.Draft[FieldEdit] = "1"
	s.Back = append(s.Back, st.Name)
	s.Step = value
	s.Seq++
	return Ask(f, s, f.Step(value), env, "", nil)
}

// editChoices lists the steps whose answers can be changed.
func editChoices(f *Flow) []Choice {
	var out []Choice
	for _, st := range f.Steps {
		if st.Name == StepConfirm {
			break
		}
		if st.Field != "" && st.Kind != KindSearch && st.Kind != KindBrowse {
			out = append(out, Choice{Value: st.Name, Key: "field." + st.Field})
		}
	}
	return out
}

// Ask repeats or asks the question of st, after an optional lead sentence.
func Ask(f *Flow, s bot.Session, st *Step, env Env, lead string, leadArgs map[string]any) Result {
	r := Reply{Lead: lead, LeadArgs: leadArgs, Key: st.Prompt, Choices: stepChoices(st, s, env)}
	if st.PromptArgs != nil {
		r.Args = st.PromptArgs(s.Draft, env)
	}
	switch st.Kind {
	case KindConfirm:
		r.Args = f.SummaryArgs(s.Draft, env)
	case KindEdit:
		r.Choices = editChoices(f)
	case KindCode:
		r.Phone = true
	case KindBrowse:
		r.Args = browseArgs(st, s, env)
		if s.Draft[fieldQuery] != "" {
			r.Key += ".found"
		}
	}
	if _, ok := s.Draft[fieldPending]; ok {
		delete(s.Draft, fieldPending)
	}
	return Result{Session: s, Replies: []Reply{r}}
}

// Enter starts flow f at step first with an optional lead sentence.
func Enter(f *Flow, s bot.Session, first string, lead *Reply) Result {
	res := EnterAt(f, s, first, nil, Env{})
	if lead != nil {
		res.Replies = append([]Reply{*lead}, res.Replies...)
	}
	return res
}

// Idle ends the dialogue.
func Idle(s bot.Session) bot.Session {
	s.Flow, s.Step, s.Draft, s.Back = "", "", map[string]string{}, nil
	s.Seq++
	return s
}

// joinIDs and splitIDs keep search matches in the draft.
func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

func splitIDs(s string) []int64 {
	var ids []int64
	for _, p := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// EnterAt starts flow f at step first with a draft already filled (nil:
// empty; a correction's old values, a month chosen for the leader), asking
// its question with what env holds (an officer's recent announcements).
func EnterAt(f *Flow, s bot.Session, first string, draft map[string]string, env Env) Result {
	if draft == nil {
		draft = map[string]string{}
	}
	s.Flow, s.Step, s.Draft, s.Back = f.Name, first, draft, nil
	s.Seq++
	return Ask(f, s, f.Step(first), env, "", nil)
}
