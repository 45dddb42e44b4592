package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/bot/relay"
	"github.com/clubbot/clubbot/store"
)

// scheduleConfig says when scheduled messages go out.
type scheduleConfig struct {
	DigestSpec   string // cron spec in Vietnam's time
	ReminderHour int    // its hour, 8 to 20
	Off          bool   // send nothing on a schedule (tests that must not meet a digest)
}

// reminderSpec is the cron spec of the monthly reminder on day of the
// month, refusing hours at which older people do not expect messages.
func (c scheduleConfig) reminderSpec(day int) (string, error) {
	if c.ReminderHour < 8 || c.ReminderHour > 20 {
		return "", fmt.Errorf("reminder hour %d: must be from 8 to 20", c.ReminderHour)
	}
	if day < 1 || day > 28 {
		return "", fmt.Errorf("reminder day %d: must be from 1 to 28, so that every month has it", day)
	}
	return fmt.Sprintf("0 %d %d * *", c.ReminderHour, day), nil
}

// scheduledJob is a deliverer and the spec that triggers it.
type scheduledJob struct {
	spec string
	run  *relay.Deliverer
}

// runSchedules runs each job on its spec, every ten minutes for those who
// were waited for, and once at start for what was missed while the bot
// was down, until ctx ends. Jobs recover from panics and never overlap.
func runSchedules(ctx context.Context, log *slog.Logger, jobs ...scheduledJob) error {
	logger := cronLogger{log}
	c := cron.New(cron.WithLocation(bot.Vietnam()),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	for _, j := range jobs {
		job := j.run
		run := func() {
			if n, err := job.Run(ctx); err != nil || n > 0 {
				log.Info("scheduled send", "kind", job.Kind, "recipients", n, "err", err)
			}
		}
		if _, err := c.AddFunc(j.spec, run); err != nil {
			return fmt.Errorf("schedule %s %q: %w", job.Kind, j.spec, err)
		}
		if _, err := c.AddFunc("*/10 * * * *", run); err != nil {
			return err
		}
		go run()
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

// cronLogger routes cron's logging to slog.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, keysAndValues ...any) {
	l.log.Debug("cron: "+msg, keysAndValues...)
}

func (l cronLogger) Error(err error, msg string, keysAndValues ...any) {
	l.log.Error("cron: "+msg, append(keysAndValues, "err", err)...)
}

// parseSchedule reads a cron spec (five fields, or a descriptor such as
// "@weekly") as robfig/cron does.
func parseSchedule(spec string) (cron.Schedule, error) {
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("schedule %q: %w", spec, err)
	}
	return s, nil
}

// newDeliverer builds a deliverer of kind on spec.
func newDeliverer(kind, spec string, store relay.DeliveryStore, composer relay.Composer,
	period func(time.Time) (string, time.Time), now func() time.Time, log *slog.Logger) (*relay.Deliverer, error) {
	schedule, err := parseSchedule(spec)
	if err != nil {
		return nil, err
	}
	return &relay.Deliverer{Kind: kind, Store: store, Composer: composer, Schedule: schedule, Period: period,
		Now: now, Log: log, Patience: 2 * time.Hour}, nil
}

// scheduledJobs are the bot's scheduled sendings: the officers' weekly
// digest and the leaders' monthly fund reminder, on the channels of
// channels, the ones this run serves.
func scheduledJobs(cfg scheduleConfig, ecfg engine.Config, db *store.DB, channels map[string]bot.Channel, now func() time.Time,
	log *slog.Logger) ([]scheduledJob, error) {
	if cfg.Off {
		return nil, nil
	}
	spec, err := cfg.reminderSpec(ecfg.ReminderDay)
	if err != nil {
		return nil, err
	}
	reminders, err := newDeliverer("reminder", spec, db, digest.ReminderComposer{Store: db, ReminderDay: ecfg.ReminderDay}, bot.Month, now, log)
	if err != nil {
		return nil, err
	}
	reminders.Allowed = relay.DaytimeOnly
	composer := digest.Composer{Store: db, Reports: ecfg.Reports, OlderAge: ecfg.OlderAge, ReminderDay: ecfg.ReminderDay}
	digests, err := newDeliverer("digest", cfg.DigestSpec, db, composer, bot.ISOWeek, now, log)
	if err != nil {
		return nil, err
	}
	serves := func(channel string) bool { return channels[channel] != nil }
	digests.Serves, reminders.Serves = serves, serves
	return []scheduledJob{{spec: cfg.DigestSpec, run: digests}, {spec: spec, run: reminders}}, nil
}
