package rtadv_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/rtadv"
)

// TestSendFaults: the RA sender's faults of this file,
// each changing what it names (the node's own are in refnode).
func TestSendFaults(t *testing.T) {
	long := rtadv.Config{MaxRtrAdvInterval: 60 * time.Second, MinRtrAdvInterval: 30 * time.Second, ReachableTime: 10 * time.Second}
	cases := []struct {
		fault          faults.Fault
		observe        func(*bench) string
		correct, wrong string
	}{
		{faults.RSNotAnswered, func(b *bench) string {
			b.clk.Advance(16 * time.Second) // the first one
			b.sent()
			b.clk.Advance(5 * time.Second)
			b.rs()
			b.clk.Advance(500 * time.Millisecond)
			return fmt.Sprint(len(b.sent()))
		}, "1", "0"},
		{faults.RANoInitialFast, func(b *bench) string {
			b.clk.Advance(16 * time.Second)
			return fmt.Sprint(len(b.sent()))
		}, "1", "0"},
		{faults.RACurHopLimitZero, func(b *bench) string {
			b.clk.Advance(16 * time.Second)
			return fmt.Sprint(b.sent()[0].msg.CurHopLimit())
		}, "64", "0"},
		{faults.RAReachableTimeZero, func(b *bench) string {
			b.clk.Advance(16 * time.Second)
			return fmt.Sprint(b.sent()[0].msg.ReachableTime())
		}, "10000", "0"},
		{faults.RAAnswersWhenStopped, func(b *bench) string {
			b.adv.StopInterface("v6l0")
			b.sent()
			b.rs()
			b.clk.Advance(time.Second)
			return fmt.Sprint(len(b.sent()))
		}, "0", "1"},
	}
	for _, c := range cases {
		t.Run(string(c.fault), func(t *testing.T) {
			if got := c.observe(newBench(t, long)); got != c.correct {
				t.Errorf("correct: %q, want %q", got, c.correct)
			}
			if got := c.observe(newBench(t, long, c.fault)); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
}
