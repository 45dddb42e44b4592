package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Sources of seeded data recorded in the seeds table.
const sourceEmbedded = "embedded"

// seedRow records where a set of reference data (units, plans) was last
// loaded from. Embedded data is reloaded at open only when it has changed
// and no operator file has replaced it.
type seedRow struct {
	Name     string `gorm:"primaryKey"`
	Source   string
	Checksum string
	LoadedAt time.Time
}

// TableName names the table.
func (seedRow) TableName() string { return "seeds" }

// checksum returns the hex SHA-256 of the parts, separated by NUL bytes.
func checksum(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// needsEmbeddedSeed reports whether the embedded data with this checksum
// should be loaded for name: never loaded, or loaded from an older embedded
// version.
func (t *Tx) needsEmbeddedSeed(ctx context.Context, name, sum string) (bool, error) {
	var row seedRow
	err := t.q(ctx).Where("name = ?", name).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return true, nil
	} else if err != nil {
		return false, wrapErr("read seed record", err)
	}
	return row.Source == sourceEmbedded && row.Checksum != sum, nil
}

// recordSeed notes that name was loaded from source at the current time.
func (t *Tx) recordSeed(ctx context.Context, name, source, sum string) error {
	row := seedRow{Name: name, Source: source, Checksum: sum, LoadedAt: toDB(t.now())}
	err := t.q(ctx).Clauses(clause.OnConflict{UpdateAll: true}).Create(&row).Error
	return wrapErr("record seed", err)
}
