package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"
)

// schemaV12Instances lets several serve processes share one database: each
// process (an instance) keeps a heartbeat row, the Telegram poller holds a
// lease, an outbox row records which instance claimed it and whether it is
// bulk, and the indexes
// find a chat's waiting events and messages in order.
var schemaV12Instances = []string{
	`CREATE TABLE instances (
		id TEXT PRIMARY KEY,
		host TEXT NOT NULL DEFAULT '',
		pid INTEGER NOT NULL DEFAULT 0,
		started_at DATETIME NOT NULL,
		heartbeat_at DATETIME NOT NULL,
		stopped_at DATETIME)`,
	`CREATE TABLE leases (
		name TEXT PRIMARY KEY,
		holder TEXT NOT NULL,
		expires_at DATETIME NOT NULL)`,
	`ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT ''`,
	// Whether a message is bulk (a digest, a reminder), which replies may
	// overtake, for the claim's check of a chat's order (claim.go). Rows
	// queued before it count as replies: the few then waiting go first.
	`ALTER TABLE outbox ADD COLUMN bulk BOOLEAN NOT NULL DEFAULT 0`,
	`CREATE INDEX idx_outbox_chat_pending ON outbox(channel, chat_id, id) WHERE sent_at IS NULL AND failed_at IS NULL`,
	`CREATE INDEX idx_inbound_chat_pending ON inbound(channel, chat_id, id) WHERE done_at IS NULL`,
}

// InstanceTTL is how old an instance's heartbeat may be before the others
// count it dead: they then resolve the messages it had in hand and may
// claim the rest. An instance renews its heartbeat every HeartbeatEvery.
const (
	InstanceTTL    = 10 * time.Second
	HeartbeatEvery = 3 * time.Second
)

// liveInstances selects the ids of the instances alive at the time bound
// to its one parameter (the oldest heartbeat still alive).
const liveInstances = `SELECT id FROM instances WHERE stopped_at IS NULL AND heartbeat_at >= ?`

// NewInstanceID returns a random id for a serve process, logged at start
// and recorded on the outbox rows it claims.
func NewInstanceID() string {
	b := make([]byte, 8)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return hex.EncodeToString(b)
}

// StartInstance registers instance id, the process pid on host, as alive
// at a time.
func (d *DB) StartInstance(ctx context.Context, id, host string, pid int, at time.Time) error {
	return d.inTx(ctx, func(t *Tx) error {
		err := t.q(ctx).Exec(`INSERT INTO instances (id, host, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)`,
			id, host, pid, toDB(at), toDB(at)).Error
		return wrapErr("start instance", err)
	})
}

// LocalInstance is an instance not recorded stopped on a host, and its
// process id there.
type LocalInstance struct {
	ID  string
	PID int `gorm:"column:pid"`
}

// InstancesOn returns the instances on host not recorded stopped: a
// process that finds one whose process is gone can record it stopped at
// once (StopInstance) rather than wait for its heartbeat to age.
func (d *DB) InstancesOn(ctx context.Context, host string) ([]LocalInstance, error) {
	var out []LocalInstance
	err := d.gorm.WithContext(ctx).Raw(`SELECT id, pid FROM instances WHERE host = ? AND stopped_at IS NULL ORDER BY id`,
		host).Scan(&out).Error
	return out, wrapErr("instances on host", err)
}

// Heartbeat records that instance id is alive at a time, registering it
// on its first beat if StartInstance did not.
func (d *DB) Heartbeat(ctx context.Context, id string, at time.Time) error {
	return d.inTx(ctx, func(t *Tx) error {
		err := t.q(ctx).Exec(`INSERT INTO instances (id, started_at, heartbeat_at) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at
			WHERE instances.stopped_at IS NULL`, id, toDB(at), toDB(at)).Error
		return wrapErr("heartbeat", err)
	})
}

// StopInstance records that instance id stopped cleanly: the others count
// it dead at once instead of after InstanceTTL.
func (d *DB) StopInstance(ctx context.Context, id string, at time.Time) error {
	return d.inTx(ctx, func(t *Tx) error {
		err := t.q(ctx).Exec(`UPDATE instances SET stopped_at = ? WHERE id = ? AND stopped_at IS NULL`,
			toDB(at), id).Error
		return wrapErr("stop instance", err)
	})
}

// LiveInstances returns the ids of the instances alive at a time, in id
// order.
func (d *DB) LiveInstances(ctx context.Context, at time.Time) ([]string, error) {
	var ids []string
	err := d.gorm.WithContext(ctx).Raw(liveInstances+` ORDER BY id`, liveSince(at)).Scan(&ids).Error
	return ids, wrapErr("live instances", err)
}

// liveSince is the oldest heartbeat of an instance alive at a time.
func liveSince(at time.Time) time.Time {
	return toDB(at.Add(-InstanceTTL))
}
