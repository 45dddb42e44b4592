package bot

import (
	"time"
)

// Change is an entry of the audit log as an officer reads it: when, who
// (empty for the system, e.g. an import), what (entity and action), the
// club it concerns if any, whose access it was for a revoke, and the
// record before and after as JSON (empty when there is none).
type Change struct {
	ID      int64
	At      time.Time
	Actor   string
	Entity  string
	Action  string
	Club    string
	Subject string
	Before  []byte
	After   []byte
}
