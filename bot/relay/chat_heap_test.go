package relay

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestChatHeapOrder pushes chats due at random times, takes some out from
// anywhere, and pops the rest: they come out soonest first, and only
// those left.
func TestChatHeapOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	h := chatHeap{before: dueFirst}
	var chats []*chatQueue
	for range 500 {
		c := &chatQueue{due: t0.Add(time.Duration(rng.IntN(1000)) * time.Millisecond)}
		chats = append(chats, c)
		h.push(c)
	}
	left := map[*chatQueue]bool{}
	for i, c := range chats {
		if i%3 == 0 {
			h.remove(c)
			if c.index != -1 {
				t.Fatalf("a chat taken out still has index %d", c.index)
			}
			continue
		}
		left[c] = true
	}
	var dues []time.Time
	for h.len() > 0 {
		c := h.pop()
		if !left[c] {
			t.Fatal("a chat taken out came out again")
		}
		delete(left, c)
		dues = append(dues, c.due)
	}
	if len(left) != 0 || !slices.IsSortedFunc(dues, time.Time.Compare) {
		t.Fatalf("%d chats never came out, or they came out of order", len(left))
	}
}
