package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/clubbot/clubbot/bot"
)

// migration is one step of the schema's history. Steps run in order, each
// in its own transaction, and are recorded in schema_migrations.
type migration struct {
	version int
	name    string
	up      func(tx *gorm.DB) error
}

// migrations is the schema's history. Append new steps; never edit one that
// has shipped.
var migrations = []migration{
	{version: 1, name: "initial schema", up: execAll(schemaV1)},
	{version: 2, name: "club stats index", up: execAll(schemaV2Stats)},
	{version: 3, name: "deliveries", up: execAll(schemaDeliveries)},
	{version: 4, name: "send claims and inactive accounts", up: execAll(schemaV4Sending)},
	{version: 5, name: "zalo tokens", up: execAll(schemaZaloTokens)},
	{version: 6, name: "link codes", up: execAll(schemaLinkCodes)},
	{version: 7, name: "corrections", up: execAll(schemaCorrections)},
	{version: 8, name: "fund reviews", up: execAll(schemaReviews)},
	{version: 9, name: "recovery of lost replies", up: execAll(schemaV9Recovery)},
	{version: 10, name: "pruning indexes", up: execAll(schemaV10Prune)},
	{version: 11, name: "names cleaned and keyed by the engine's fold", up: rekeyNames},
	{version: 12, name: "instances, leases and claims across processes", up: execAll(schemaV12Instances)},
	{version: 13, name: "monthly activity reports", up: execAll(schemaV13Activity)},
	{version: 14, name: "officers' announcements", up: execAll(schemaV14Announcements)},
}

// migrationRow is a row of schema_migrations.
type migrationRow struct {
	Version   int `gorm:"primaryKey;autoIncrement:false"`
	Name      string
	AppliedAt time.Time
}

// TableName names the table.
func (migrationRow) TableName() string { return "schema_migrations" }

// migrate runs the migrations not yet recorded. Each step re-checks its
// version inside its transaction, so two processes opening the database at
// once do not both apply it.
func (d *DB) migrate(ctx context.Context) error {
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at DATETIME NOT NULL)`
	err := d.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := d.lockMigrations(tx); err != nil {
			return err
		}
		return tx.Exec(d.dialect.ddl(create)).Error
	})
	if err != nil {
		return wrapErr("migrate", err)
	}
	if v, err := d.SchemaVersion(ctx); err != nil {
		return err
	} else if latest := migrations[len(migrations)-1].version; v > latest {
		return bot.Errorf(bot.EINTERNAL, "migrate: database schema v%d is newer than this program's v%d", v, latest)
	}
	for _, m := range migrations {
		if err := d.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			return d.apply(tx, m)
		}); err != nil {
			return wrapErr("migrate", err)
		}
	}
	return nil
}

// migrateLock is the PostgreSQL advisory lock that migrations hold: SQLite
// locks the whole file for a write transaction, PostgreSQL only rows, so
// two processes would otherwise both find a step unapplied and both run it.
const migrateLock = 0x636c7562 // "club"

// lockMigrations takes, on PostgreSQL, the migrations' lock until tx ends.
func (d *DB) lockMigrations(tx *gorm.DB) error {
	if d.dialect != postgresDialect {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(?)", migrateLock).Error
}

// apply runs m in tx unless it is already recorded.
func (d *DB) apply(tx *gorm.DB, m migration) error {
	if err := d.lockMigrations(tx); err != nil {
		return err
	}
	var n int64
	if err := tx.Model(&migrationRow{}).Where("version = ?", m.version).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if err := m.up(tx); err != nil {
		return err
	}
	row := migrationRow{Version: m.version, Name: m.name, AppliedAt: toDB(d.now())}
	return tx.Create(&row).Error
}

// SchemaVersion returns the highest migration version applied.
func (d *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := d.gorm.WithContext(ctx).Model(&migrationRow{}).
		Select("COALESCE(MAX(version), 0)").Scan(&v).Error
	return v, wrapErr("schema version", err)
}

// execAll returns a migration step that executes the statements in order,
// each translated to the database's dialect (see dialect.ddl).
func execAll(stmts []string) func(tx *gorm.DB) error {
	return func(tx *gorm.DB) error {
		dia := gormDialect(tx)
		for _, s := range stmts {
			if err := tx.Exec(dia.ddl(s)).Error; err != nil {
				return err
			}
		}
		return nil
	}
}

// schemaV1 is the initial schema. Times are DATETIME text in UTC; JSON
// columns are TEXT.
var schemaV1 = []string{
	`CREATE TABLE units (
		id INTEGER PRIMARY KEY,
		code TEXT NOT NULL,
		name TEXT NOT NULL,
		name_key TEXT NOT NULL,
		type TEXT NOT NULL,
		level INTEGER NOT NULL CHECK (level IN (1, 2, 3)),
		parent_id INTEGER REFERENCES units(id),
		valid_from DATETIME NOT NULL,
		valid_to DATETIME)`,
	`CREATE UNIQUE INDEX idx_units_code_level ON units(code, level)`,
	`CREATE INDEX idx_units_level_name_key ON units(level, name_key)`,
	`CREATE TABLE unit_former_districts (
		unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
		district_id INTEGER NOT NULL REFERENCES units(id),
		position INTEGER NOT NULL,
		PRIMARY KEY (unit_id, position))`,
	`CREATE INDEX idx_unit_former_districts_district ON unit_former_districts(district_id)`,
	`CREATE TABLE seeds (
		name TEXT PRIMARY KEY,
		source TEXT NOT NULL,
		checksum TEXT NOT NULL,
		loaded_at DATETIME NOT NULL)`,
	`CREATE TABLE plans (
		id INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		decision TEXT NOT NULL,
		province_unit_id INTEGER NOT NULL REFERENCES units(id),
		period_from DATETIME NOT NULL,
		period_to DATETIME NOT NULL,
		target_clubs INTEGER NOT NULL DEFAULT 0,
		target_new_clubs INTEGER NOT NULL DEFAULT 0,
		target_new_members INTEGER NOT NULL DEFAULT 0,
		target_older_percent INTEGER NOT NULL DEFAULT 0,
		target_units_covered INTEGER NOT NULL DEFAULT 0,
		min_starting_fund INTEGER NOT NULL DEFAULT 0,
		min_members INTEGER NOT NULL DEFAULT 0,
		max_members INTEGER NOT NULL DEFAULT 0,
		min_women_percent INTEGER NOT NULL DEFAULT 0,
		max_women_percent INTEGER NOT NULL DEFAULT 0,
		min_older_percent INTEGER NOT NULL DEFAULT 0,
		max_older_percent INTEGER NOT NULL DEFAULT 0,
		min_loan_percent INTEGER NOT NULL DEFAULT 0)`,
	`CREATE UNIQUE INDEX idx_plans_decision_province ON plans(decision, province_unit_id)`,
	`CREATE TABLE clubs (
		id INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		name_key TEXT NOT NULL,
		unit_id INTEGER NOT NULL REFERENCES units(id),
		former_district_id INTEGER REFERENCES units(id),
		founded_on DATETIME NOT NULL,
		decision_no TEXT NOT NULL DEFAULT '',
		status TEXT NOT NULL DEFAULT 'active',
		starting_fund INTEGER NOT NULL DEFAULT 0)`,
	`CREATE INDEX idx_clubs_unit_id ON clubs(unit_id)`,
	`CREATE INDEX idx_clubs_name_key ON clubs(name_key)`,
	`CREATE TABLE members (
		id INTEGER PRIMARY KEY,
		club_id INTEGER NOT NULL REFERENCES clubs(id),
		full_name TEXT NOT NULL,
		name_key TEXT NOT NULL,
		gender TEXT NOT NULL,
		birth_year INTEGER NOT NULL,
		household TEXT NOT NULL DEFAULT '',
		ethnic_minority BOOLEAN NOT NULL DEFAULT 0,
		care_volunteer BOOLEAN NOT NULL DEFAULT 0,
		joined_on DATETIME NOT NULL,
		left_on DATETIME,
		left_reason TEXT NOT NULL DEFAULT '',
		source_key TEXT NOT NULL DEFAULT '')`,
	`CREATE INDEX idx_members_club_id ON members(club_id)`,
	`CREATE INDEX idx_members_name_key ON members(club_id, name_key)`,
	`CREATE UNIQUE INDEX idx_members_source_key ON members(source_key) WHERE source_key <> ''`,
	`CREATE TABLE users (
		id INTEGER PRIMARY KEY,
		name TEXT NOT NULL DEFAULT '',
		phone TEXT NOT NULL DEFAULT '',
		lang TEXT NOT NULL DEFAULT 'vi',
		role TEXT NOT NULL,
		scope_kind TEXT NOT NULL,
		scope_club_id INTEGER REFERENCES clubs(id),
		scope_unit_id INTEGER REFERENCES units(id),
		created_at DATETIME NOT NULL)`,
	`CREATE TABLE fund_reports (
		id INTEGER PRIMARY KEY,
		club_id INTEGER NOT NULL REFERENCES clubs(id),
		as_of DATETIME NOT NULL,
		income_fund INTEGER NOT NULL DEFAULT 0,
		activity_fund INTEGER NOT NULL DEFAULT 0,
		loans_outstanding INTEGER NOT NULL DEFAULT 0,
		members_with_loans INTEGER NOT NULL DEFAULT 0,
		reported_by INTEGER REFERENCES users(id),
		source_key TEXT NOT NULL DEFAULT '')`,
	`CREATE INDEX idx_fund_reports_club_as_of ON fund_reports(club_id, as_of)`,
	`CREATE UNIQUE INDEX idx_fund_reports_source_key ON fund_reports(source_key) WHERE source_key <> ''`,
	`CREATE TABLE accounts (
		id INTEGER PRIMARY KEY,
		channel TEXT NOT NULL,
		channel_user_id TEXT NOT NULL,
		user_id INTEGER NOT NULL REFERENCES users(id))`,
	`CREATE UNIQUE INDEX idx_accounts_channel_user ON accounts(channel, channel_user_id)`,
	`CREATE INDEX idx_accounts_user_id ON accounts(user_id)`,
	`CREATE TABLE invites (
		id INTEGER PRIMARY KEY,
		code_hash TEXT NOT NULL,
		role TEXT NOT NULL,
		scope_kind TEXT NOT NULL,
		scope_club_id INTEGER REFERENCES clubs(id),
		scope_unit_id INTEGER REFERENCES units(id),
		phone TEXT NOT NULL DEFAULT '',
		expires_at DATETIME NOT NULL,
		used_at DATETIME,
		used_by INTEGER REFERENCES users(id),
		created_by INTEGER REFERENCES users(id))`,
	`CREATE UNIQUE INDEX idx_invites_code_hash ON invites(code_hash)`,
	`CREATE INDEX idx_invites_phone ON invites(phone) WHERE phone <> ''`,
	`CREATE TABLE failed_codes (
		id INTEGER PRIMARY KEY,
		channel TEXT NOT NULL,
		channel_user_id TEXT NOT NULL,
		at DATETIME NOT NULL)`,
	`CREATE INDEX idx_failed_codes_account ON failed_codes(channel, channel_user_id, at)`,
	`CREATE TABLE sessions (
		channel TEXT NOT NULL,
		chat_id TEXT NOT NULL,
		flow TEXT NOT NULL DEFAULT '',
		step TEXT NOT NULL DEFAULT '',
		draft TEXT NOT NULL DEFAULT '{}',
		back TEXT NOT NULL DEFAULT '[]',
		seq INTEGER NOT NULL DEFAULT 0,
		lang TEXT NOT NULL DEFAULT '',
		updated DATETIME NOT NULL,
		PRIMARY KEY (channel, chat_id))`,
	`CREATE TABLE inbound (
		id INTEGER PRIMARY KEY,
		"key" TEXT NOT NULL,
		channel TEXT NOT NULL,
		chat_id TEXT NOT NULL,
		payload TEXT NOT NULL,
		received_at DATETIME NOT NULL,
		done_at DATETIME)`,
	`CREATE UNIQUE INDEX idx_inbound_key ON inbound("key")`,
	`CREATE INDEX idx_inbound_pending ON inbound(id) WHERE done_at IS NULL`,
	`CREATE TABLE outbox (
		id INTEGER PRIMARY KEY,
		channel TEXT NOT NULL,
		chat_id TEXT NOT NULL,
		payload TEXT NOT NULL,
		created_at DATETIME NOT NULL,
		sent_at DATETIME,
		failed_at DATETIME,
		fail_reason TEXT NOT NULL DEFAULT '',
		attempts INTEGER NOT NULL DEFAULT 0)`,
	`CREATE INDEX idx_outbox_pending ON outbox(id) WHERE sent_at IS NULL AND failed_at IS NULL`,
	`CREATE TABLE audit_log (
		id INTEGER PRIMARY KEY,
		at DATETIME NOT NULL,
		user_id INTEGER,
		entity TEXT NOT NULL,
		entity_id INTEGER NOT NULL,
		action TEXT NOT NULL,
		"before" TEXT,
		"after" TEXT)`,
	`CREATE INDEX idx_audit_log_entity ON audit_log(entity, entity_id)`,
}
