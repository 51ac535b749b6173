package pmtu

import (
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/faults"
)

var dst = netip.MustParseAddr("2001:db8::2")

func TestTooBig(t *testing.T) {
	cases := []struct {
		name  string
		fault faults.Fault
		ptbs  []uint32
		want  int
	}{
		{"none", "", nil, 1500},
		{"lowered", "", []uint32{1400}, 1400},
		{"never raised", "", []uint32{1300, 1400}, 1300},
		{"not above the link", "", []uint32{9000}, 1500},
		{"1280", "", []uint32{1280}, 1280},
		{"1279 is discarded", "", []uint32{1279}, 1500},
		{"56 is discarded", "", []uint32{56}, 1500},
		{"0 is discarded", "", []uint32{0}, 1500},
		{"ptb-ignored", faults.PTBIgnored, []uint32{1280}, 1500},
		{"pmtu-below-1280", faults.PMTUBelow1280, []uint32{1000}, 1000},
		{"pmtu-below-1280 floor", faults.PMTUBelow1280, []uint32{0}, 56},
		{"pmtu-raised-by-ptb", faults.PMTURaisedByPTB, []uint32{1300, 1400}, 1400},
	}
	for _, c := range cases {
		clk := clock.NewManual()
		cache := New(clk, 0, faults.Set{c.fault: c.fault != ""})
		for _, m := range c.ptbs {
			cache.TooBig(0, dst, m, 1500)
		}
		if got := cache.Get(0, dst, 1500); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
		if got := cache.Get(1, dst, 1500); got != 1500 {
			t.Errorf("%s: another interface has %d", c.name, got)
		}
	}
}

func TestLifetime(t *testing.T) {
	clk := clock.NewManual()
	c := New(clk, 0, nil)
	c.TooBig(0, dst, 1280, 1500)
	clk.Advance(5 * time.Minute)
	c.TooBig(0, dst, 1400, 1500) // not an increase; does not refresh either
	clk.Advance(5*time.Minute - time.Nanosecond)
	if c.Get(0, dst, 1500) != 1280 {
		t.Fatal("forgotten early")
	}
	clk.Advance(time.Nanosecond)
	if c.Get(0, dst, 1500) != 1500 || c.Len() != 0 {
		t.Fatal("kept after 10 minutes")
	}
}

func TestBounded(t *testing.T) {
	clk := clock.NewManual()
	c := New(clk, 0, nil)
	for i := range MaxEntries + 10 {
		b := dst.As16()
		b[14], b[15] = byte(i>>8), byte(i)
		c.TooBig(0, netip.AddrFrom16(b), 1280, 1500)
		clk.Advance(time.Millisecond)
	}
	if c.Len() != MaxEntries {
		t.Fatalf("%d entries", c.Len())
	}
	first := dst.As16()
	first[14], first[15] = 0, 0
	if c.Get(0, netip.AddrFrom16(first), 1500) != 1500 {
		t.Fatal("the oldest entry was kept")
	}
	last := dst.As16()
	n := MaxEntries + 9
	last[14], last[15] = byte(n>>8), byte(n)
	if c.Get(0, netip.AddrFrom16(last), 1500) != 1280 {
		t.Fatal("the newest entry was lost")
	}
}
