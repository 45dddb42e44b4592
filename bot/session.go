package bot

import "time"

// Session is the state of one chat's dialogue: which flow and step it is at,
// and what the user has entered so far. It is saved after every step, so a
// restart resumes at the same question.
type Session struct {
	Channel string
	ChatID  string
	Flow    string            // "" when idle
	Step    string            // the current step of Flow
	Draft   map[string]string // answers so far, by field
	Back    []string          // steps visited, for /back
	Seq     int               // increases with every step; buttons carry it
	Lang    string            // language chosen before the user is known
	Updated time.Time
}

// Idle reports whether no dialogue is in progress.
func (s Session) Idle() bool { return s.Flow == "" }

// Clone copies the session so that Advance never changes its argument.
func (s Session) Clone() Session {
	draft := make(map[string]string, len(s.Draft))
	for k, v := range s.Draft {
		draft[k] = v
	}
	s.Draft = draft
	s.Back = append([]string(nil), s.Back...)
	return s
}
