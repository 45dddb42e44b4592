package relay

// chatHeap is a binary heap of chats, the first by before at its top,
// that keeps each chat's index in it so that a chat can leave it from
// anywhere: the send queue's chats that may go now (by their next
// message) and those that wait for a time (by that time).
type chatHeap struct {
	chats  []*chatQueue
	before func(a, b *chatQueue) bool
}

func (h *chatHeap) len() int { return len(h.chats) }

// top is the first chat; the heap must not be empty.
func (h *chatHeap) top() *chatQueue { return h.chats[0] }

// push adds c.
func (h *chatHeap) push(c *chatQueue) {
	c.index = len(h.chats)
	h.chats = append(h.chats, c)
	h.up(c.index)
}

// pop takes the first chat out; the heap must not be empty.
func (h *chatHeap) pop() *chatQueue {
	c := h.chats[0]
	h.remove(c)
	return c
}

// remove takes c out, c being in the heap.
func (h *chatHeap) remove(c *chatQueue) {
	i, last := c.index, len(h.chats)-1
	h.swap(i, last)
	h.chats[last] = nil
	h.chats = h.chats[:last]
	c.index = -1
	if i < last {
		h.down(i)
		h.up(i)
	}
}

func (h *chatHeap) swap(i, j int) {
	h.chats[i], h.chats[j] = h.chats[j], h.chats[i]
	h.chats[i].index, h.chats[j].index = i, j
}

func (h *chatHeap) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !h.before(h.chats[i], h.chats[parent]) {
			return
		}
		h.swap(i, parent)
		i = parent
	}
}

func (h *chatHeap) down(i int) {
	for {
		first, l := i, 2*i+1
		if l < len(h.chats) && h.before(h.chats[l], h.chats[first]) {
			first = l
		}
		if r := l + 1; r < len(h.chats) && h.before(h.chats[r], h.chats[first]) {
			first = r
		}
		if first == i {
			return
		}
		h.swap(i, first)
		i = first
	}
}
