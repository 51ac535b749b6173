// Package clock is the one source of time for the reference node. Every
// protocol timer (ND retransmission, reachable time, DAD, reassembly, rate
// limits) reads a Clock, so that a test can run the node on a Manual clock and
// move time forward instantly and deterministically.
package clock

import (
	"container/heap"
	"sync"
	"time"
)

// Clock tells the time and schedules callbacks.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f once, d after now, in its own goroutine for the real
	// clock and inside Advance for the manual clock.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a scheduled callback.
type Timer interface {
	// Stop cancels the callback; it reports whether it was still pending.
	Stop() bool
}

// Real is the wall clock.
type Real struct{}

func (Real) Now() time.Time { return time.Now() }

func (Real) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// Epoch is where every manual clock starts: a fixed instant, so that runs are
// repeatable to the nanosecond.
var Epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Manual is a clock that moves only when Advance is called. Due callbacks
// run synchronously inside Advance, in deadline order, ties in the order they
// were scheduled. It is safe for concurrent use; callbacks may schedule or
// stop timers.
type Manual struct {
	mu    sync.Mutex
	now   time.Time
	seq   uint64
	queue timerHeap
	// advancing serialises Advance calls so callbacks never interleave.
	advancing sync.Mutex
}

// NewManual returns a manual clock standing at Epoch.
func NewManual() *Manual { return &Manual{now: Epoch} }

func (m *Manual) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.now
}

func (m *Manual) AfterFunc(d time.Duration, f func()) Timer {
	if d < 0 {
		d = 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq++
	t := &manualTimer{clock: m, when: m.now.Add(d), seq: m.seq, f: f, index: -1}
	heap.Push(&m.queue, t)
	return t
}

// Next reports the deadline of the earliest pending timer.
func (m *Manual) Next() (time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.queue) == 0 {
		return time.Time{}, false
	}
	return m.queue[0].when, true
}

// Advance moves the clock forward by d, running every timer that falls due on
// the way at its own deadline. It returns when all of them have run.
func (m *Manual) Advance(d time.Duration) {
	m.AdvanceTo(m.Now().Add(d))
}

// AdvanceTo moves the clock to t (never backwards), running due timers.
func (m *Manual) AdvanceTo(t time.Time) {
	m.advancing.Lock()
	defer m.advancing.Unlock()
	for {
		m.mu.Lock()
		if len(m.queue) == 0 || m.queue[0].when.After(t) {
			if t.After(m.now) {
				m.now = t
			}
			m.mu.Unlock()
			return
		}
		next := heap.Pop(&m.queue).(*manualTimer)
		if next.when.After(m.now) {
			m.now = next.when
		}
		m.mu.Unlock()
		next.f()
	}
}

// Pending counts the timers not yet fired or stopped.
func (m *Manual) Pending() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.queue)
}

type manualTimer struct {
	clock *Manual
	when  time.Time
	seq   uint64
	f     func()
	index int // position in the heap, -1 once fired or stopped
}

func (t *manualTimer) Stop() bool {
	t.clock.mu.Lock()
	defer t.clock.mu.Unlock()
	if t.index < 0 {
		return false
	}
	heap.Remove(&t.clock.queue, t.index)
	return true
}

type timerHeap []*manualTimer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if !h[i].when.Equal(h[j].when) {
		return h[i].when.Before(h[j].when)
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *timerHeap) Push(x any) {
	t := x.(*manualTimer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	n := len(old)
	t := old[n-1]
	old[n-1] = nil
	t.index = -1
	*h = old[:n-1]
	return t
}
