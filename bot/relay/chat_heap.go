package relay

import "container/heap"

// chatHeap is a heap of chats, the first by before at its top, that keeps
// each chat's index in it so that a chat can leave it from anywhere: the
// send queue's chats that may go now (by their next message) and those
// that wait for a time (by that time). The heap itself is the standard
// library's container/heap; chatHeap gives it chats' indexes and a typed
// face.
type chatHeap struct {
	chats  []*chatQueue
	before func(a, b *chatQueue) bool
}

var _ heap.Interface = (*chatHeap)(nil)

// len returns the number of chats in the heap.
func (h *chatHeap) len() int { return len(h.chats) }

// top is the first chat; the heap must not be empty.
func (h *chatHeap) top() *chatQueue { return h.chats[0] }

// push adds c.
func (h *chatHeap) push(c *chatQueue) { heap.Push(h, c) }

// pop takes the first chat out; the heap must not be empty.
func (h *chatHeap) pop() *chatQueue { return heap.Pop(h).(*chatQueue) }

// remove takes c out, c being in the heap.
func (h *chatHeap) remove(c *chatQueue) { heap.Remove(h, c.index) }

// Len, Less, Swap, Push and Pop are heap.Interface's, for container/heap
// only: the queue uses the lowercase methods above.
func (h *chatHeap) Len() int           { return len(h.chats) }
func (h *chatHeap) Less(i, j int) bool { return h.before(h.chats[i], h.chats[j]) }
func (h *chatHeap) Swap(i, j int) {
	h.chats[i], h.chats[j] = h.chats[j], h.chats[i]
	h.chats[i].index, h.chats[j].index = i, j
}
func (h *chatHeap) Push(x any) {
	c := x.(*chatQueue)
	c.index = len(h.chats)
	h.chats = append(h.chats, c)
}
func (h *chatHeap) Pop() any {
	last := len(h.chats) - 1
	c := h.chats[last]
	h.chats[last] = nil
	h.chats = h.chats[:last]
	c.index = -1
	return c
}
