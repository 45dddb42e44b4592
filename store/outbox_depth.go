package store

import "context"

// OutboxDepth counts the messages waiting to be sent: neither sent nor
// failed for good. A depth that keeps growing means the sender cannot keep
// up or cannot reach the channel.
func (d *DB) OutboxDepth(ctx context.Context) (int, error) {
	var n int
	err := d.sql.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL`).Scan(&n)
	if err != nil {
		return 0, wrapErr("outbox depth", err)
	}
	return n, nil
}

// Ping checks that the database answers: it reads the schema (SQLite's
// sqlite_master, PostgreSQL's schema_migrations), so a file that became
// unreadable fails, not only a closed connection.
func (d *DB) Ping(ctx context.Context) error {
	query := `SELECT count(*) FROM sqlite_master`
	if d.dialect == postgresDialect {
		query = `SELECT count(*) FROM schema_migrations`
	}
	var n int
	err := d.sql.QueryRowContext(ctx, query).Scan(&n)
	return wrapErr("ping", err)
}
