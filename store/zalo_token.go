package store

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"github.com/clubbot/clubbot/bot"
)

// schemaZaloTokens keeps the Zalo OA's tokens in one row: the access token
// and the single-use refresh token that replaces it are written together.
var schemaZaloTokens = []string{
	`CREATE TABLE zalo_tokens (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		access_token TEXT NOT NULL,
		refresh_token TEXT NOT NULL,
		expires_at DATETIME NOT NULL,
		updated_at DATETIME NOT NULL)`,
}

// zaloTokenRow is the one row of zalo_tokens.
type zaloTokenRow struct {
	ID           int64 `gorm:"primaryKey;autoIncrement:false"`
	AccessToken  string
	RefreshToken string
	ExpiresAt    time.Time
	UpdatedAt    time.Time `gorm:"autoUpdateTime:false"`
}

// TableName names the table.
func (zaloTokenRow) TableName() string { return "zalo_tokens" }

// ZaloToken returns the Zalo OA's stored tokens, or ENOTFOUND before the
// first refresh.
func (d *DB) ZaloToken(ctx context.Context) (bot.OAuthToken, error) {
	var r zaloTokenRow
	if err := d.gorm.WithContext(ctx).Take(&r, 1).Error; err != nil {
		return bot.OAuthToken{}, wrapErr("zalo token", err)
	}
	return bot.OAuthToken{Access: r.AccessToken, Refresh: r.RefreshToken, ExpiresAt: fromDB(r.ExpiresAt)}, nil
}

// SaveZaloToken replaces the stored tokens with tok in one statement, so
// the access token and its refresh token are never saved apart.
func (d *DB) SaveZaloToken(ctx context.Context, tok bot.OAuthToken, at time.Time) error {
	if tok.Access == "" || tok.Refresh == "" {
		return bot.Errorf(bot.EINVALID, "save zalo token: empty token")
	}
	r := zaloTokenRow{ID: 1, AccessToken: tok.Access, RefreshToken: tok.Refresh,
		ExpiresAt: toDB(tok.ExpiresAt), UpdatedAt: toDB(at)}
	err := d.gorm.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "id"}},
		DoUpdates: clause.AssignmentColumns([]string{"access_token", "refresh_token", "expires_at", "updated_at"}),
	}).Create(&r).Error
	return wrapErr("save zalo token", err)
}
