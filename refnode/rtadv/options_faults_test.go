package rtadv_test

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/nd"
	"github.com/v6ct/v6ct/refnode/rtadv"
)

// TestOptionFaults: the RA sender's faults of this file, each
// changing what it names, and Reconfigure, which the specs of RFC 4191 and
// RFC 8106 use.
func TestOptionFaults(t *testing.T) {
	cfg := rtadv.Config{MaxRtrAdvInterval: 60 * time.Second, MinRtrAdvInterval: 30 * time.Second, Preference: rtadv.High,
		Routes: []rtadv.Route{{Prefix: netip.MustParsePrefix("2001:db8:a1::/64"), Preference: rtadv.Low, Lifetime: time.Hour}},
		RDNSS:  []netip.Addr{netip.MustParseAddr("2001:db8:53::53")}, DNSSL: []string{"v6ct.example"}}
	first := func(b *bench) nd.RA {
		b.clk.Advance(16 * time.Second)
		return b.sent()[0].msg
	}
	options := func(m nd.RA) string {
		var types []int
		for o := m.Options(); len(o) >= 2 && o[1] != 0; o = o[int(o[1])*8:] {
			types = append(types, int(o[0]))
		}
		return fmt.Sprint(types)
	}
	cases := []struct {
		fault          faults.Fault
		correct, wrong string
		observe        func(*bench) string
	}{
		{faults.RAPreferenceReserved, "high", "reserved", func(b *bench) string { return first(b).Preference().String() }},
		{faults.RIONotSent, "[1 24 25 31]", "[1 25 31]", func(b *bench) string { return options(first(b)) }},
		{faults.RADNSOptionsNotSent, "[1 24 25 31]", "[1 24]", func(b *bench) string { return options(first(b)) }},
	}
	for _, c := range cases {
		t.Run(string(c.fault), func(t *testing.T) {
			if got := c.observe(newBench(t, cfg)); got != c.correct {
				t.Errorf("correct: %q, want %q", got, c.correct)
			}
			if got := c.observe(newBench(t, cfg, c.fault)); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
	t.Run("Reconfigure", func(t *testing.T) {
		b := newBench(t, rtadv.Config{MaxRtrAdvInterval: 60 * time.Second, MinRtrAdvInterval: 30 * time.Second})
		if err := b.adv.Reconfigure("v6l0", cfg); err != nil {
			t.Fatal(err)
		}
		m := first(b)
		if got := options(m); got != "[1 24 25 31]" || m.Preference() != rtadv.High {
			t.Errorf("after Reconfigure: options %s, preference %s", got, m.Preference())
		}
		if err := b.adv.Reconfigure("nope", cfg); err == nil {
			t.Error("Reconfigure of an unknown interface succeeded")
		}
	})
}
