package store

import (
	"context"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// sessionRow is a row of sessions; Draft and Back are JSON text.
type sessionRow struct {
	Channel string `gorm:"primaryKey"`
	ChatID  string `gorm:"primaryKey"`
	Flow    string
	Step    string
	Draft   string
	Back    string
	Seq     int
	Updated time.Time
}

// TableName names the table.
func (sessionRow) TableName() string { return "sessions" }

// OpenDialogues returns the sessions, with no draft, of the user's chats
// that are in the middle of a dialogue: where a person linked on two
// channels left something unfinished.
func (t *Tx) OpenDialogues(ctx context.Context, userID int64) ([]bot.Session, error) {
	var rows []sessionRow
	err := t.q(ctx).Raw(`SELECT s.channel, s.chat_id, s.flow, s.step, s.updated FROM sessions s
		JOIN accounts a ON a.channel = s.channel AND a.channel_user_id = s.chat_id
		WHERE a.user_id = ? AND s.flow <> '' ORDER BY s.channel, s.chat_id`, userID).Scan(&rows).Error
	if err != nil {
		return nil, wrapErr("open dialogues", err)
	}
	out := make([]bot.Session, len(rows))
	for i, r := range rows {
		out[i] = bot.Session{Channel: r.Channel, ChatID: r.ChatID, Flow: r.Flow, Step: r.Step, Updated: fromDB(r.Updated)}
	}
	return out, nil
}
