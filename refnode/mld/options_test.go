package mld

import (
	"errors"
	"math/rand/v2"
	"net/netip"
	"sync"
	"testing"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
)

// The listener's optional settings: a limit of sources, a configured SSM
// range, and suppression by MLDv1 Reports in MLDv2 mode.
func TestOptionalSettings(t *testing.T) {
	ssmRange := netip.MustParsePrefix("ff3e:40:2001:db8::9000:0/100")
	inRange := netip.MustParseAddr("ff3e:40:2001:db8::9000:1")
	group := netip.MustParseAddr("ff3e:40:2001:db8::1")
	newMLD := func(c Constants, fs ...faults.Fault) *MLD {
		clk := clock.NewManual()
		set := faults.Set{}
		for _, f := range fs {
			set[f] = true
		}
		p := &fakePort{clk: clk, mtu: 1500, counts: map[counter.Counter]int{}}
		return New(Config{Constants: c, Clock: clk, Rand: rand.New(rand.NewPCG(1, 2)), Faults: set,
			Lock: &sync.Mutex{}, Port: p, Interfaces: 1})
	}
	limited := Defaults()
	limited.MaxSources = 64
	ranged := Defaults()
	ranged.SSMRanges = []netip.Prefix{ssmRange}
	for _, c := range []struct {
		name string
		c    Constants
		fs   []faults.Fault
		do   func(m *MLD) error
		want error
	}{
		{"90 sources past a limit of 64", limited, nil,
			func(m *MLD) error { return m.SetFilter(0, "a", group, Include, srcs(seq(1, 90)...)) }, ErrTooMany},
		{"45 + 45 sources past a limit of 64", limited, nil,
			func(m *MLD) error {
				if err := m.SetFilter(0, "a", group, Include, srcs(seq(1, 45)...)); err != nil {
					return err
				}
				return m.SetFilter(0, "b", group, Include, srcs(seq(46, 90)...))
			}, ErrTooMany},
		{"the limit ignored", limited, []faults.Fault{faults.MLDSourceLimitIgnored},
			func(m *MLD) error { return m.SetFilter(0, "a", group, Include, srcs(seq(1, 90)...)) }, nil},
		{"EXCLUDE in a configured SSM range", ranged, nil,
			func(m *MLD) error { return m.SetFilter(0, "a", inRange, Exclude, nil) }, ErrSSMExclude},
		{"EXCLUDE outside the configured range", ranged, nil,
			func(m *MLD) error { return m.SetFilter(0, "a", group, Exclude, nil) }, nil},
		{"the configured range ignored", ranged, []faults.Fault{faults.MLDSSMRangeIgnored},
			func(m *MLD) error { return m.SetFilter(0, "a", inRange, Exclude, nil) }, nil},
	} {
		m := newMLD(c.c, c.fs...)
		if err := c.do(m); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

func seq(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}
