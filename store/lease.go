package store

import (
	"context"
	"time"
)

// TakeLease takes or renews the lease name for holder until at+ttl, in one
// conditional upsert: it succeeds when the lease is free, has expired, is
// held by an instance recorded stopped, or is already holder's, and
// reports whether holder now holds it.
func (d *DB) TakeLease(ctx context.Context, name, holder string, at time.Time, ttl time.Duration) (bool, error) {
	var taken bool
	err := d.inTx(ctx, func(t *Tx) error {
		res := t.q(ctx).Exec(`INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
			WHERE leases.holder = excluded.holder OR leases.expires_at <= ?
			OR leases.holder IN (SELECT id FROM instances WHERE stopped_at IS NOT NULL)`,
			name, holder, toDB(at.Add(ttl)), toDB(at))
		if res.Error != nil {
			return wrapErr("take lease", res.Error)
		}
		taken = res.RowsAffected == 1
		return nil
	})
	return taken, err
}

// ReleaseLease gives up holder's lease name, if holder holds it, so that
// another instance takes it at its next try instead of after it expires.
func (d *DB) ReleaseLease(ctx context.Context, name, holder string) error {
	return d.inTx(ctx, func(t *Tx) error {
		err := t.q(ctx).Exec(`DELETE FROM leases WHERE name = ? AND holder = ?`, name, holder).Error
		return wrapErr("release lease", err)
	})
}

// LeaseHolder returns who holds the lease name at a time, "" if nobody.
func (d *DB) LeaseHolder(ctx context.Context, name string, at time.Time) (string, error) {
	var holders []string
	err := d.gorm.WithContext(ctx).Raw(`SELECT holder FROM leases WHERE name = ? AND expires_at > ?`,
		name, toDB(at)).Scan(&holders).Error
	if err != nil || len(holders) == 0 {
		return "", wrapErr("lease holder", err)
	}
	return holders[0], nil
}

// The lease on Telegram's long poll: a holder renews it every
// PollLeaseEvery and stops polling as soon as a renewal fails, and the
// other instances try to take it as often; so when the holder dies, its
// lease expires at most PollLeaseTTL after its last renewal and another
// instance takes it within PollLeaseTTL + PollLeaseEvery (12 s, under the
// 15 s promised), while a holder cut off from the database stops polling
// within two renewals (4 s), long before its lease expires.
const (
	PollLeaseName  = "telegram-poll"
	PollLeaseTTL   = 10 * time.Second
	PollLeaseEvery = 2 * time.Second
)

// Lease is a named lease as one holder sees it, on the database's clock;
// the Telegram poller's (telegram.Lease).
type Lease struct {
	db           *DB
	name, holder string
	ttl          time.Duration
}

// Lease returns the lease name as holder takes it, for ttl at a time.
func (d *DB) Lease(name, holder string, ttl time.Duration) *Lease {
	return &Lease{db: d, name: name, holder: holder, ttl: ttl}
}

// Take takes or renews the lease until now+ttl, reporting whether the
// holder holds it.
func (l *Lease) Take(ctx context.Context) (bool, error) {
	return l.db.TakeLease(ctx, l.name, l.holder, l.db.now(), l.ttl)
}

// Release gives the lease up if the holder holds it.
func (l *Lease) Release(ctx context.Context) error {
	return l.db.ReleaseLease(ctx, l.name, l.holder)
}
