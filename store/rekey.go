package store

import (
	"fmt"

	"gorm.io/gorm"

	"github.com/clubbot/clubbot/bot"
)

// rekeyNames is migration 11: clubs and members saved before the store
// and the engine shared one fold (bot.CleanText for names, bot.Fold for
// keys) may hold invisible characters in their names and keys that the
// engine's matching no longer produces, so a search by name would miss
// them. It rewrites every name and key that differs. Units need nothing:
// they are written again from their data at each start.
func rekeyNames(tx *gorm.DB) error {
	for _, table := range []struct{ name, column string }{{"clubs", "name"}, {"members", "full_name"}} {
		if err := rekeyTable(tx, table.name, table.column); err != nil {
			return fmt.Errorf("rekey %s: %w", table.name, err)
		}
	}
	return nil
}

// rekeyTable rewrites the name column and name_key of table's rows whose
// cleaned name or fold differs from what is stored.
func rekeyTable(tx *gorm.DB, table, column string) error {
	type row struct {
		ID      int64
		Name    string
		NameKey string
	}
	var rows []row
	q := fmt.Sprintf("SELECT id, %s AS name, name_key FROM %s", column, table)
	if err := tx.Raw(q).Scan(&rows).Error; err != nil {
		return err
	}
	update := fmt.Sprintf("UPDATE %s SET %s = ?, name_key = ? WHERE id = ?", table, column)
	for _, r := range rows {
		name := bot.CleanText(r.Name)
		key := bot.Fold(name)
		if name == r.Name && key == r.NameKey {
			continue
		}
		if err := tx.Exec(update, name, key, r.ID).Error; err != nil {
			return err
		}
	}
	return nil
}
