package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// TestGroupCommitKeepsEachTransactionAtomic runs many transactions at once,
// so that they are committed in groups, and makes every third fail after
// writing: the database must hold exactly the work of the others.
func TestGroupCommitKeepsEachTransactionAtomic(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	errBoom := errors.New("boom")
	var wg sync.WaitGroup
	errs := make([]error, 60)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = d.InTx(ctx, func(tx bot.Writer) error {
				s := bot.Session{Channel: "test", ChatID: fmt.Sprint(i), Flow: "member", Step: "name", Updated: testNow}
				if err := tx.SaveSession(ctx, s); err != nil {
					return err
				}
				if i%3 == 0 {
					return errBoom
				}
				return nil
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		_, loadErr := d.Session(ctx, "test", fmt.Sprint(i))
		switch {
		case i%3 == 0 && !errors.Is(err, errBoom):
			t.Errorf("transaction %d: err %v, want boom", i, err)
		case i%3 == 0 && bot.ErrorCode(loadErr) != bot.ENOTFOUND:
			t.Errorf("failed transaction %d left its session behind (%v)", i, loadErr)
		case i%3 != 0 && (err != nil || loadErr != nil):
			t.Errorf("transaction %d: err %v, session %v", i, err, loadErr)
		}
	}
}
