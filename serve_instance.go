package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/bot/telegram"
	"github.com/clubbot/clubbot/store"
)

// The store is the Telegram poller's lease.
var _ telegram.Lease = (*store.Lease)(nil)

// instance is this serve process among those sharing the database: its
// heartbeat tells the others it lives, and now and then it resolves the
// messages a dead one had in hand and tells their chats (see
// engine.Engine.RecoverLostReplies), so that a dead process's users are
// not left waiting for its restart.
type instance struct {
	id     string
	host   string
	db     *store.DB
	engine *engine.Engine
	now    func() time.Time
	log    *slog.Logger
	stop   context.CancelFunc
	done   sync.WaitGroup
}

// startInstance registers this process of machine host under a new random
// id, logged, and keeps its heartbeat until stopped.
func startInstance(ctx context.Context, db *store.DB, e *engine.Engine, host string, now func() time.Time,
	log *slog.Logger) (*instance, error) {
	in := &instance{id: store.NewInstanceID(), host: host, db: db, engine: e, now: now, log: log}
	if err := db.StartInstance(ctx, in.id, host, os.Getpid(), now()); err != nil {
		return nil, err
	}
	log.Info("instance", "id", in.id, "host", host, "pid", os.Getpid())
	in.reapLocal(ctx)
	// Not derived from ctx: the heartbeat outlives the shutdown's flush.
	lctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	in.stop = stop
	in.done.Go(func() { in.run(lctx) })
	return in, nil
}

// run beats and looks for dead instances every store.HeartbeatEvery.
func (in *instance) run(ctx context.Context) {
	tick := time.NewTicker(store.HeartbeatEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if err := in.db.Heartbeat(ctx, in.id, in.now()); err != nil && ctx.Err() == nil {
			in.log.Warn("heartbeat", "err", err)
		}
		in.reapLocal(ctx)
		in.recoverDead(ctx)
	}
}

// reapLocal records stopped the instances of this host whose process is
// gone (killed, or crashed): the others need not wait InstanceTTL for
// their heartbeat to age before taking their lease and their chats. A
// restart after a crash takes over at once, as a single process did
// before there were instances.
func (in *instance) reapLocal(ctx context.Context) {
	local, err := in.db.InstancesOn(ctx, in.host)
	if err != nil {
		in.log.Warn("read this host's instances", "err", err)
		return
	}
	for _, other := range local {
		if other.ID == in.id || processAlive(other.PID) {
			continue
		}
		if err := in.db.StopInstance(ctx, other.ID, in.now()); err != nil {
			in.log.Warn("record a dead instance stopped", "instance", other.ID, "err", err)
			continue
		}
		in.log.Info("an instance of this host is gone: taking over", "instance", other.ID, "pid", other.PID)
	}
}

// processAlive reports whether process pid of this host runs. Where that
// cannot be told (Windows), it says yes: the instance is then counted dead
// when its heartbeat ages.
func processAlive(pid int) bool {
	if runtime.GOOS == "windows" {
		return true
	}
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

// recoverDead records as uncertain the messages dead instances had in
// hand and tells the chats whose last reply was one of them.
func (in *instance) recoverDead(ctx context.Context) {
	lost, err := in.db.Instance(in.id).ResolveDeadClaims(ctx, in.now())
	if err != nil {
		if ctx.Err() == nil {
			in.log.Warn("resolve a dead instance's messages", "err", err)
		}
		return
	}
	if len(lost) == 0 {
		return
	}
	in.log.Warn("another instance died while sending: not sending again what it may have sent", "messages", len(lost))
	out, err := in.engine.RecoverLostReplies(ctx, typedChannel)
	if err != nil {
		in.log.Warn("cannot recover the replies a dead instance may have lost", "err", err)
		return
	}
	in.log.Info("told the chats whose last reply a dead instance may have lost", "messages", len(out))
}

// close stops the heartbeat and records the process stopped, so that the
// others count it dead at once.
func (in *instance) close() {
	in.stop()
	in.done.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := in.db.StopInstance(ctx, in.id, in.now()); err != nil {
		in.log.Warn("record the instance stopped", "err", err)
	}
}
