package clock

import (
	"testing"
	"time"
)

func TestManualFiresInDeadlineOrderTiesInScheduleOrder(t *testing.T) {
	m := NewManual()
	var got []string
	m.AfterFunc(2*time.Second, func() { got = append(got, "b") })
	m.AfterFunc(1*time.Second, func() { got = append(got, "a1") })
	m.AfterFunc(1*time.Second, func() { got = append(got, "a2") })
	m.AfterFunc(3*time.Second, func() { got = append(got, "late") })
	m.Advance(2 * time.Second)
	want := []string{"a1", "a2", "b"}
	if len(got) != len(want) {
		t.Fatalf("fired %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("fired %v, want %v", got, want)
		}
	}
	if m.Pending() != 1 {
		t.Fatalf("pending %d, want 1", m.Pending())
	}
}

func TestManualCallbackSeesItsDeadlineAndCanReschedule(t *testing.T) {
	m := NewManual()
	var at []time.Duration
	var tick func()
	tick = func() {
		at = append(at, m.Now().Sub(Epoch))
		if len(at) < 3 {
			m.AfterFunc(time.Second, tick)
		}
	}
	m.AfterFunc(time.Second, tick)
	m.Advance(10 * time.Second)
	if len(at) != 3 || at[0] != time.Second || at[1] != 2*time.Second || at[2] != 3*time.Second {
		t.Fatalf("ticks at %v", at)
	}
	if m.Now().Sub(Epoch) != 10*time.Second {
		t.Fatalf("now %v", m.Now().Sub(Epoch))
	}
}

func TestManualStop(t *testing.T) {
	m := NewManual()
	fired := false
	tm := m.AfterFunc(time.Second, func() { fired = true })
	if !tm.Stop() {
		t.Fatal("Stop of a pending timer reported false")
	}
	if tm.Stop() {
		t.Fatal("second Stop reported true")
	}
	m.Advance(time.Minute)
	if fired {
		t.Fatal("stopped timer fired")
	}
}

func TestManualNext(t *testing.T) {
	m := NewManual()
	if _, ok := m.Next(); ok {
		t.Fatal("Next on an empty clock")
	}
	m.AfterFunc(5*time.Second, func() {})
	if n, ok := m.Next(); !ok || n.Sub(Epoch) != 5*time.Second {
		t.Fatalf("Next = %v %v", n, ok)
	}
}
