package mld

import (
	"errors"
	"math/rand/v2"
	"net/netip"
	"sync"
	"testing"
	"time"

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

// Each interface answers a query with its own state (RFC 3810 §6): two
// interfaces of one node listening to one group with different sources
// answer a Multicast Address Specific Query each about their own; the
// mld-node-wide-state node merges the other interface's sources in.
func TestStatePerInterface(t *testing.T) {
	group := netip.MustParseAddr("ff3e:40:2001:db8::1")
	run := func(fs ...faults.Fault) []string {
		clk := clock.NewManual()
		set := faults.Set{}
		for _, f := range fs {
			set[f] = true
		}
		p := &fakePort{clk: clk, mtu: 1500, counts: map[counter.Counter]int{}}
		m := New(Config{Constants: Defaults(), Clock: clk, Rand: rand.New(rand.NewPCG(1, 2)), Faults: set,
			Lock: &sync.Mutex{}, Port: p, Interfaces: 2})
		if err := m.SetFilter(0, "a", group, Include, srcs(1)); err != nil {
			t.Fatal(err)
		}
		if err := m.SetFilter(1, "b", group, Include, srcs(2)); err != nil {
			t.Fatal(err)
		}
		clk.Advance(10 * time.Second)
		p.take()
		q := make([]byte, 28)
		m.Input(0, group, q[:PutQuery(q, 0, group, false, 2, 125, nil)])
		clk.Advance(time.Second)
		return p.take()
	}
	correct, faulty := run(), run(faults.MLDNodeWideState)
	if want := "IS_IN(" + group.String() + "){S1}"; len(correct) != 1 || correct[0] != want {
		t.Errorf("correct node: %v, want %s", correct, want)
	}
	if want := "IS_IN(" + group.String() + "){S1,S2}"; len(faulty) != 1 || faulty[0] != want {
		t.Errorf("with the fault: %v, want %s", faulty, want)
	}
}

// The faults of the optional settings, each against the node without it:
// a refused call sends no report (RFC 3810 §4.2), and suppression by an
// MLDv1 Report (§8.2.2) happens exactly when it is configured.
func TestOptionalSettingsFaults(t *testing.T) {
	group := netip.MustParseAddr("ff3e:40:2001:db8::1")
	setup := func(c Constants, fs ...faults.Fault) (*MLD, *fakePort, *clock.Manual) {
		clk := clock.NewManual()
		set := faults.Set{}
		for _, f := range fs {
			set[f] = true
		}
		p := &fakePort{clk: clk, mtu: 1500, counts: map[counter.Counter]int{}}
		m := New(Config{Constants: c, Clock: clk, Rand: rand.New(rand.NewPCG(1, 2)), Faults: set,
			Lock: &sync.Mutex{}, Port: p, Interfaces: 1})
		if err := m.SetFilter(0, "a", group, Include, srcs(1)); err != nil {
			t.Fatal(err)
		}
		clk.Advance(10 * time.Second)
		p.take()
		return m, p, clk
	}
	limited := Defaults()
	limited.MaxSources = 64
	refused := func(fs ...faults.Fault) int {
		m, p, clk := setup(limited, fs...)
		if err := m.SetFilter(0, "a", group, Include, srcs(seq(1, 45)...)); err != nil {
			t.Fatal(err)
		}
		clk.Advance(10 * time.Second)
		p.take()
		// 45 more on another socket: 90 in the interface's state.
		if err := m.SetFilter(0, "b", group, Include, srcs(seq(46, 90)...)); !errors.Is(err, ErrTooMany) {
			t.Fatalf("45 + 45 sources: %v", err)
		}
		return len(p.take())
	}
	if got := refused(); got != 0 {
		t.Errorf("a refused call: %d reports, want 0", got)
	}
	if got := refused(faults.MLDReportsRefusedCall); got == 0 {
		t.Error("with mld-reports-refused-call: no report")
	}
	suppressing := Defaults()
	suppressing.V1ReportSuppression = true
	answers := func(c Constants, fs ...faults.Fault) int {
		m, p, clk := setup(c, fs...)
		q := make([]byte, 28)
		m.Input(0, group, q[:PutQuery(q, 10000, group, false, 2, 125, nil)])
		r := make([]byte, 24)
		m.Input(0, group, r[:PutV1(r, TypeV1Report, 0, group)])
		clk.Advance(11 * time.Second)
		return len(p.take())
	}
	for _, c := range []struct {
		name string
		c    Constants
		fs   []faults.Fault
		want int
	}{
		{"suppression configured", suppressing, nil, 0},
		{"suppression configured, mld-v1-suppression-ignored", suppressing, []faults.Fault{faults.MLDV1SuppressionIgnored}, 1},
		{"no suppression", Defaults(), nil, 1},
		{"no suppression, mld-v1-suppresses", Defaults(), []faults.Fault{faults.MLDV1Suppresses}, 0},
	} {
		if got := answers(c.c, c.fs...); got != c.want {
			t.Errorf("%s: %d answers, want %d", c.name, got, c.want)
		}
	}
}
