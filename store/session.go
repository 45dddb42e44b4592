package store

import (
	"time"
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
