package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/messages"
	"github.com/clubbot/clubbot/store"
	"github.com/clubbot/clubbot/store/storetest"
)

// benchDay is the day of the national benchmark's data and digests.
var benchDay = time.Date(2025, 11, 28, 0, 0, 0, 0, bot.Vietnam())

// national is the synthetic national database, seeded once per process
// in a fixed folder under the system's temporary one, which each process
// empties first so that at most one copy is left behind.
var national struct {
	once sync.Once
	db   *store.DB
	err  error
	took time.Duration
}

// nationalDB returns the synthetic national database, seeding it the
// first time: 10,000 clubs, 600,000 members, 24 monthly fund reports each;
// on PostgreSQL if CLUBBOT_TEST_POSTGRES is set, in the schema
// bench_national.
func nationalDB(b *testing.B) *store.DB {
	b.Helper()
	national.once.Do(func() {
		ctx := context.Background()
		dir := filepath.Join(os.TempDir(), "clubbot-bench-national")
		if national.err = os.RemoveAll(dir); national.err != nil {
			return
		}
		if national.err = os.MkdirAll(dir, 0o755); national.err != nil {
			return
		}
		addr := storetest.Schema(b, filepath.Join(dir, "national.db"), "bench_national", true)
		national.db, national.err = store.Open(ctx, addr, store.WithLogger(nil))
		if national.err != nil {
			return
		}
		start := time.Now()
		national.err = national.db.SeedSynthetic(ctx, store.SyntheticOptions{
			Clubs: 10_000, Members: 600_000, Months: 24, Seed: 1, AsOf: benchDay})
		national.took = time.Since(start)
	})
	if national.err != nil {
		b.Fatal(national.err)
	}
	return national.db
}

// BenchmarkDigestNational computes and renders the digest of the province
// and of every district-level unit on the synthetic national database:
// one ClubStats query for the province, the districts' digests derived
// from it in memory. It reports the peak Go heap while it runs.
func BenchmarkDigestNational(b *testing.B) {
	db := nationalDB(b)
	b.Logf("seeded 10.000 clubs, 600.000 members, 24 months in %s", national.took.Round(time.Millisecond))
	ctx := context.Background()
	runtime.GC()
	peak := sampleHeap()
	b.ResetTimer()
	for b.Loop() {
		digests, err := nationalDigests(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		if len(digests) != 14 || digests[0].Clubs < 9_000 {
			b.Fatalf("%d digests, %d clubs in the province", len(digests), digests[0].Clubs)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
}

// nationalDigests is one officer's Monday: the province's digest and each
// district's, computed and rendered.
func nationalDigests(ctx context.Context, db *store.DB) ([]bot.Digest, error) {
	stats, err := db.ClubStats(ctx, bot.Scope{Kind: bot.ScopeProvince}, benchDay, 60)
	if err != nil {
		return nil, err
	}
	districts, err := db.Units(ctx, bot.LevelDistrict)
	if err != nil {
		return nil, err
	}
	communes, err := db.Units(ctx, bot.LevelCommune)
	if err != nil {
		return nil, err
	}
	plan, err := db.PlanAt(ctx, benchDay)
	if err != nil {
		return nil, err
	}
	digests := []bot.Digest{digest.Compute(stats, districts, plan, benchDay, 60, 25, "tỉnh Quảng Ninh")}
	digests = append(digests, digest.DistrictDigests(stats, districts, communes, plan, benchDay, 60, 25)...)
	for _, d := range digests {
		if digest.Render(d, messages.VI) == "" {
			return nil, errors.New("empty digest")
		}
	}
	return digests, nil
}

// sampleHeap samples the bytes of live and unswept heap objects every
// millisecond until the returned function is called, which returns the
// peak.
func sampleHeap() func() uint64 {
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		return peak.Load()
	}
}
