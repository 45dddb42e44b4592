package store

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm/clause"

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

// Session returns the chat's session, or ENOTFOUND. Its Draft is never nil.
func (t *Tx) Session(ctx context.Context, channel, chatID string) (bot.Session, error) {
	var r sessionRow
	err := t.q(ctx).Where("channel = ? AND chat_id = ?", channel, chatID).Take(&r).Error
	if err != nil {
		return bot.Session{}, wrapErr("session", err)
	}
	s := bot.Session{Channel: r.Channel, ChatID: r.ChatID, Flow: r.Flow, Step: r.Step,
		Seq: r.Seq, Updated: fromDB(r.Updated)}
	if err := json.Unmarshal([]byte(r.Draft), &s.Draft); err != nil {
		return bot.Session{}, bot.Errorf(bot.EINTERNAL, "session %s/%s: draft: %v", channel, chatID, err)
	}
	if err := json.Unmarshal([]byte(r.Back), &s.Back); err != nil {
		return bot.Session{}, bot.Errorf(bot.EINTERNAL, "session %s/%s: back: %v", channel, chatID, err)
	}
	if s.Draft == nil {
		s.Draft = map[string]string{}
	}
	return s, nil
}

// SaveSession stores the chat's session, replacing the previous one.
func (t *Tx) SaveSession(ctx context.Context, s bot.Session) error {
	if s.Channel == "" || s.ChatID == "" {
		return invalid("save session: empty channel or chat id")
	}
	draft, err := json.Marshal(s.Draft)
	if err != nil {
		return bot.Errorf(bot.EINTERNAL, "save session: draft: %v", err)
	}
	back, err := json.Marshal(s.Back)
	if err != nil {
		return bot.Errorf(bot.EINTERNAL, "save session: back: %v", err)
	}
	row := sessionRow{Channel: s.Channel, ChatID: s.ChatID, Flow: s.Flow, Step: s.Step,
		Draft: string(draft), Back: string(back), Seq: s.Seq, Updated: toDB(s.Updated)}
	err = t.q(ctx).Clauses(clause.OnConflict{UpdateAll: true}).Create(&row).Error
	return wrapErr("save session", err)
}
