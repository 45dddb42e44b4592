package store

import (
	"time"
)

// inboundRow is a row of inbound: one event received from a channel, with
// the bot.Inbound as JSON.
type inboundRow struct {
	ID         int64
	Key        string
	Channel    string
	ChatID     string
	Payload    string
	ReceivedAt time.Time
	DoneAt     *time.Time
}

// TableName names the table.
func (inboundRow) TableName() string { return "inbound" }
