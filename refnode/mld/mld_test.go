package mld

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
)

// src is the catalogue's source Sn.
func src(n int) netip.Addr { return netip.MustParseAddr(fmt.Sprintf("2001:db8::%x", n)) }

func srcs(ns ...int) []netip.Addr {
	var out []netip.Addr
	for _, n := range ns {
		out = append(out, src(n))
	}
	return out
}

var (
	grp1 = netip.MustParseAddr("ff1e::1:1")
	grp2 = netip.MustParseAddr("ff1e::1:2")
)

type sentMsg struct {
	at    time.Duration
	dst   netip.Addr
	typ   uint8
	group netip.Addr // v1
	recs  []Record
}

type fakePort struct {
	clk    *clock.Manual
	mtu    int
	sent   []sentMsg
	counts map[counter.Counter]int
	noLL   bool
}

func (p *fakePort) Send(_ int, dst netip.Addr, msg []byte) bool {
	s := sentMsg{at: p.clk.Now().Sub(clock.Epoch), dst: dst, typ: msg[0]}
	if msg[0] == TypeV2Report {
		recs, err := ParseReport(msg)
		if err != nil {
			panic(err)
		}
		s.recs = recs
		if len(msg) > p.mtu-48 {
			panic(fmt.Sprintf("report of %d octets past the MTU", len(msg)))
		}
	} else {
		s.group = V1Group(msg)
	}
	p.sent = append(p.sent, s)
	return p.noLL
}
func (p *fakePort) MTU(int) int             { return p.mtu }
func (p *fakePort) Count(c counter.Counter) { p.counts[c]++ }
func (p *fakePort) Logf(string, ...any)     {}

// take returns what was sent since the last call, as the catalogue writes
// reports: one string per message, records joined by " + ".
func (p *fakePort) take() []string {
	var out []string
	for _, s := range p.sent {
		out = append(out, s.String())
	}
	p.sent = nil
	return out
}

var recNames = map[uint8]string{1: "IS_IN", 2: "IS_EX", 3: "TO_IN", 4: "TO_EX", 5: "ALLOW", 6: "BLOCK"}

func (r Record) String() string {
	var ss []string
	for _, s := range r.Sources {
		b := s.As16()
		ss = append(ss, fmt.Sprintf("S%d", int(b[14])<<8|int(b[15])))
	}
	g := ""
	if r.Group != grp1 {
		g = "(" + r.Group.String() + ")"
	}
	return fmt.Sprintf("%s%s{%s}", recNames[r.Type], g, strings.Join(ss, ","))
}

func (s sentMsg) String() string {
	switch s.typ {
	case TypeV1Report:
		return "v1 Report " + s.group.String()
	case TypeV1Done:
		return "v1 Done " + s.group.String() + " to " + s.dst.String()
	}
	var rs []string
	for _, r := range s.recs {
		rs = append(rs, r.String())
	}
	return strings.Join(rs, " + ")
}

type tester struct {
	t   *testing.T
	m   *MLD
	p   *fakePort
	clk *clock.Manual
}

func newTester(t *testing.T, fs ...faults.Fault) *tester {
	clk := clock.NewManual()
	p := &fakePort{clk: clk, mtu: 1500, counts: map[counter.Counter]int{}}
	set := faults.Set{}
	for _, f := range fs {
		set[f] = true
	}
	m := New(Config{Constants: Defaults(), Clock: clk, Rand: rand.New(rand.NewPCG(1, 2)), Faults: set,
		Lock: &sync.Mutex{}, Port: p, Interfaces: 2})
	return &tester{t, m, p, clk}
}

func (x *tester) set(sock string, g netip.Addr, mode Mode, s ...int) {
	x.t.Helper()
	if err := x.m.SetFilter(0, sock, g, mode, srcs(s...)); err != nil {
		x.t.Fatal(err)
	}
}

// settle lets every retransmission go out and forgets what was sent.
func (x *tester) settle() {
	x.clk.Advance(10 * time.Second)
	x.p.take()
}

// step is one socket's call: API(sock, M1, mode, sources), after the
// earlier ones have settled (wait) or at once.
type step struct {
	sock string
	mode Mode
	s    []int
	wait bool
}

func in(sock string, s ...int) step { return step{sock: sock, mode: Include, s: s} }
func ex(sock string, s ...int) step { return step{sock: sock, mode: Exclude, s: s} }
func (s step) settled() step        { s.wait = true; return s }

// TestStateChange runs the transitions of the catalogue's listener group
// 3 (RFC 3810 §4.2 merging, §6.1 records and their merging) with RV 2:
// every report sent after the last call, in order.
func TestStateChange(t *testing.T) {
	A1, B1 := []int{1, 3}, []int{2, 3}
	A2, B2 := []int{1, 4, 5, 7}, []int{2, 4, 6, 7}
	C2 := []int{3, 5, 6, 7}
	for _, c := range []struct {
		id    string
		steps []step
		want  []string
	}{
		{"3.1.a", []step{in("1")}, nil},
		{"3.1.b", []step{in("1", 1)}, []string{"ALLOW{S1}", "ALLOW{S1}"}},
		{"3.1.c", []step{ex("1")}, []string{"TO_EX{}", "TO_EX{}"}},
		{"3.1.d", []step{ex("1", 1)}, []string{"TO_EX{S1}", "TO_EX{S1}"}},
		{"3.2.a", []step{in("1", 1), in("1").settled()}, []string{"BLOCK{S1}", "BLOCK{S1}"}},
		{"3.2.b", []step{in("1", A1...), in("1", B1...).settled()}, []string{"ALLOW{S2} + BLOCK{S1}", "ALLOW{S2} + BLOCK{S1}"}},
		{"3.2.c", []step{in("1", 1), ex("1").settled()}, []string{"TO_EX{}", "TO_EX{}"}},
		{"3.2.d", []step{in("1", A1...), ex("1", B1...).settled()}, []string{"TO_EX{S2,S3}", "TO_EX{S2,S3}"}},
		{"3.2.e", []step{ex("1"), in("1").settled()}, []string{"TO_IN{}", "TO_IN{}"}},
		{"3.2.f", []step{ex("1"), in("1", 1).settled()}, []string{"TO_IN{S1}", "TO_IN{S1}"}},
		{"3.2.g", []step{ex("1"), ex("1").settled()}, nil},
		{"3.2.h", []step{ex("1"), ex("1", 1).settled()}, []string{"BLOCK{S1}", "BLOCK{S1}"}},
		{"3.2.i", []step{ex("1", 1), in("1").settled()}, []string{"TO_IN{}", "TO_IN{}"}},
		{"3.2.j", []step{ex("1", A1...), in("1", B1...).settled()}, []string{"TO_IN{S2,S3}", "TO_IN{S2,S3}"}},
		{"3.2.k", []step{ex("1", 1), ex("1").settled()}, []string{"ALLOW{S1}", "ALLOW{S1}"}},
		{"3.2.l", []step{ex("1", A1...), ex("1", B1...).settled()}, []string{"ALLOW{S1} + BLOCK{S2}", "ALLOW{S1} + BLOCK{S2}"}},
		{"3.3.a", []step{in("1", 1), in("2").settled()}, nil},
		{"3.3.b", []step{in("1", A1...), in("2", B1...).settled()}, []string{"ALLOW{S2}", "ALLOW{S2}"}},
		{"3.3.d", []step{in("1", A1...), ex("2", B1...).settled()}, []string{"TO_EX{S2}", "TO_EX{S2}"}},
		{"3.3.f", []step{ex("1"), in("2", 1).settled()}, nil},
		{"3.3.h", []step{ex("1"), ex("2", 1).settled()}, nil},
		{"3.3.j", []step{ex("1", A1...), in("2", B1...).settled()}, []string{"ALLOW{S3}", "ALLOW{S3}"}},
		{"3.3.l", []step{ex("1", A1...), ex("2", B1...).settled()}, []string{"ALLOW{S1}", "ALLOW{S1}"}},
		{"3.4.d", []step{in("1", A2...), in("2", B2...), ex("1", C2...).settled()}, []string{"TO_EX{S3,S5}", "TO_EX{S3,S5}"}},
		{"3.4.f", []step{in("1", A2...), ex("2", B2...), in("1", C2...).settled()}, []string{"ALLOW{S6} + BLOCK{S4}", "ALLOW{S6} + BLOCK{S4}"}},
		{"3.4.i", []step{ex("1", A1...), in("2", B1...), in("1").settled()}, []string{"TO_IN{S2,S3}", "TO_IN{S2,S3}"}},
		{"3.4.p", []step{ex("1", A2...), ex("2", B2...), ex("1", C2...).settled()}, []string{"ALLOW{S4} + BLOCK{S6}", "ALLOW{S4} + BLOCK{S6}"}},
		{"3.5.a", []step{in("1", A1...), in("1", B1...).settled(), in("1")}, []string{"BLOCK{S1,S2,S3}", "BLOCK{S2,S3}"}},
		{"3.5.b", []step{in("1", A2...), in("1", B2...).settled(), in("1", C2...)}, []string{"ALLOW{S3,S5,S6} + BLOCK{S1,S2,S4}", "ALLOW{S3,S5} + BLOCK{S2,S4}"}},
		{"3.5.c", []step{in("1", A1...), in("1", B1...).settled(), ex("1")}, []string{"TO_EX{}", "TO_EX{}"}},
		{"3.5.e", []step{ex("1", 1).settled(), in("1")}, []string{"TO_IN{}", "TO_IN{}"}},
		{"3.5.g", []step{ex("1", 1).settled(), ex("1")}, []string{"TO_EX{}", "ALLOW{S1}"}},
		{"3.5.h", []step{ex("1", A1...).settled(), ex("1", B1...)}, []string{"TO_EX{S2,S3}", "ALLOW{S1} + BLOCK{S2}"}},
		{"3.5.i", []step{ex("1").settled(), in("1", 1).settled(), in("1")}, []string{"TO_IN{}", "BLOCK{S1}"}},
		{"3.5.o", []step{ex("1", A1...), ex("1", B1...).settled(), ex("1")}, []string{"ALLOW{S1,S2,S3}", "ALLOW{S2,S3}"}},
		{"3.5.p", []step{ex("1", A2...), ex("1", B2...).settled(), ex("1", C2...)}, []string{"ALLOW{S1,S2,S4} + BLOCK{S3,S5,S6}", "ALLOW{S2,S4} + BLOCK{S3,S5}"}},
		{"3.6.a", []step{in("1", A1...).settled(), in("2", B1...)}, []string{"ALLOW{S1,S2,S3}", "ALLOW{S2}"}},
		{"3.6.c", []step{in("1", A1...).settled(), ex("2", B1...)}, []string{"TO_EX{S2}", "TO_EX{S2}"}},
		{"3.6.d", []step{in("1", A1...), in("2", B1...).settled(), in("1")}, []string{"ALLOW{S2} + BLOCK{S1}", "BLOCK{S1}"}},
		{"3.6.h", []step{in("1", A1...), ex("2", B1...).settled(), in("1")}, []string{"TO_EX{S2,S3}", "BLOCK{S3}"}},
		{"3.6.k", []step{in("1", A2...), ex("2", B2...).settled(), ex("1", C2...)}, []string{"TO_EX{S6,S7}", "ALLOW{S2} + BLOCK{S7}"}},
		{"3.7.a", []step{ex("1", A1...).settled(), in("2", B1...)}, []string{"TO_EX{S1}", "ALLOW{S3}"}},
		{"3.7.d", []step{ex("1", A1...), in("2", B1...).settled(), in("1")}, []string{"TO_IN{S2,S3}", "TO_IN{S2,S3}"}},
		{"3.7.g", []step{ex("1", A2...), in("2", B2...).settled(), ex("1", C2...)}, []string{"ALLOW{S1,S4,S7} + BLOCK{S3}", "ALLOW{S1} + BLOCK{S3}"}},
		{"3.7.k", []step{ex("1", A2...), ex("2", B2...).settled(), ex("1", C2...)}, []string{"ALLOW{S1,S4,S5} + BLOCK{S6}", "ALLOW{S4} + BLOCK{S6}"}},
	} {
		t.Run(c.id, func(t *testing.T) {
			x := newTester(t)
			last := 0
			for i, s := range c.steps {
				if s.wait {
					last = i
				}
			}
			for i, s := range c.steps {
				if s.wait {
					x.settle()
				}
				if i == len(c.steps)-1 {
					x.p.take() // what the earlier calls sent at once
				}
				x.set(s.sock, grp1, s.mode, s.s...)
			}
			_ = last
			x.clk.Advance(10 * time.Second)
			got := x.p.take()
			if strings.Join(got, "; ") != strings.Join(c.want, "; ") {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestRetransmissionTiming: the copies of a State Change Report, RV in
// all, the first at once and each next within the Unsolicited Report
// Interval (§6.1); the adopted QRV sets how many (§5.1.8).
func TestRetransmissionTiming(t *testing.T) {
	for _, rv := range []int{2, 3, 7} {
		x := newTester(t)
		x.m.links[0].rv = rv
		x.set("1", grp1, Include, 1)
		x.clk.Advance(30 * time.Second)
		if len(x.p.sent) != rv || x.p.sent[0].at != 0 {
			t.Fatalf("RV %d: %d copies, first at %v", rv, len(x.p.sent), x.p.sent[0].at)
		}
		for i := 1; i < len(x.p.sent); i++ {
			if d := x.p.sent[i].at - x.p.sent[i-1].at; d <= 0 || d > time.Second {
				t.Errorf("RV %d: copy %d %v after the previous", rv, i+1, d)
			}
		}
	}
}

// query builds an MLDv2 Query.
func query(mrc uint16, g netip.Addr, qrv uint8, s ...int) []byte {
	b := make([]byte, 512)
	return b[:PutQuery(b, mrc, g, false, qrv, 125, srcs(s...))]
}

func v1query(mrd uint16, g netip.Addr) []byte {
	b := make([]byte, 24)
	return b[:PutV1(b, TypeQuery, mrd, g)]
}

var general = netip.IPv6Unspecified()

// TestQueries follows the catalogue's group 4: what a query is answered
// with (§6.3) and when (§6.2).
func TestQueries(t *testing.T) {
	type q struct {
		msg []byte
		at  time.Duration // sent this long after the previous step
	}
	sec := time.Second
	for _, c := range []struct {
		id    string
		setup func(x *tester)
		qs    []q
		want  string // "report@deadline" in order
	}{
		{"4.1.a", func(x *tester) { x.set("1", grp1, Include, 1) }, []q{{query(10000, general, 2), 0}}, "IS_IN{S1}@10s"},
		{"4.1.c", func(x *tester) { x.set("1", grp1, Exclude, 1) }, []q{{query(10000, general, 2), 0}}, "IS_EX{S1}@10s"},
		{"4.1.d", func(x *tester) {}, []q{{query(10000, general, 2), 0}, {query(1000, grp1, 2), 0}}, ""},
		{"4.2.b", func(x *tester) { x.set("1", grp1, Include, 1); x.set("1", grp2, Exclude, 2) },
			[]q{{query(10000, general, 2), 0}}, "IS_IN{S1} + IS_EX(ff1e::1:2){S2}@10s"},
		{"4.5.a", func(x *tester) { x.set("1", grp1, Include, 1, 2) }, []q{{query(1000, grp1, 2, 1, 3), 0}}, "IS_IN{S1}@1s"},
		{"4.5.b", func(x *tester) { x.set("1", grp1, Exclude) }, []q{{query(1000, grp1, 2, 1), 0}}, "IS_IN{S1}@1s"},
		{"4.5.c", func(x *tester) { x.set("1", grp1, Exclude, 1, 2) }, []q{{query(1000, grp1, 2, 1, 3), 0}}, "IS_IN{S3}@1s"},
		{"2.17", func(x *tester) { x.set("1", grp1, Include, 1) }, []q{{query(1000, grp1, 2, 9), 0}}, ""},
		{"4.7.a", func(x *tester) { x.set("1", grp1, Include, 1) }, []q{{query(10000, general, 2), 0}, {query(20000, general, 2), 0}}, "IS_IN{S1}@10s"},
		{"4.7.b", func(x *tester) { x.set("1", grp1, Include, 1) }, []q{{query(20000, general, 2), 0}, {query(1000, general, 2), 0}}, "IS_IN{S1}@1s"},
		{"4.7.c", func(x *tester) { x.set("1", grp1, Include, 1) }, []q{{query(10000, general, 2), 0}, {query(20000, grp1, 2), 0}}, "IS_IN{S1}@10s"},
		{"4.7.d", func(x *tester) { x.set("1", grp1, Include, 1) }, []q{{query(20000, general, 2), 0}, {query(1000, grp1, 2), 0}}, "IS_IN{S1}@1s; IS_IN{S1}@20s"},
		{"4.7.h", func(x *tester) { x.set("1", grp1, Include, 1) }, []q{{query(20000, grp1, 2), 0}, {query(1000, general, 2), 0}}, "IS_IN{S1}@1s; IS_IN{S1}@20s"},
		{"4.8.b", func(x *tester) { x.set("1", grp1, Exclude) }, []q{{query(20000, grp1, 2), 0}, {query(1000, grp1, 2), 0}}, "IS_EX{}@1s"},
		{"4.8.d", func(x *tester) { x.set("1", grp1, Exclude) }, []q{{query(20000, grp1, 2), 0}, {query(1000, grp1, 2, 1), 0}}, "IS_EX{}@1s"},
		{"4.8.e", func(x *tester) { x.set("1", grp1, Exclude) }, []q{{query(10000, grp1, 2, 1), 0}, {query(20000, grp1, 2), 0}}, "IS_EX{}@10s"},
		{"4.9.a", func(x *tester) { x.set("1", grp1, Include, 1, 2) }, []q{{query(20000, grp1, 2, 1), 0}, {query(1000, grp1, 2, 2), 0}}, "IS_IN{S1,S2}@1s"},
		{"4.9.c", func(x *tester) { x.set("1", grp1, Exclude, 1) }, []q{{query(20000, grp1, 2, 1, 2), 0}, {query(1000, grp1, 2, 1, 3), 0}}, "IS_IN{S2,S3}@1s"},
		{"2.10.d", func(x *tester) { x.set("1", grp1, Include, 1) }, []q{{query(0x9000, general, 2), 0}}, "IS_IN{S1}@1m5.536s"},
		{"2.10.a", func(x *tester) { x.set("1", grp1, Include, 1) }, []q{{query(0, general, 2), 0}}, "IS_IN{S1}@0s"},
		{"1.4", func(x *tester) { x.set("1", allNodes, Include, 1) }, []q{{query(1000, general, 2), 0}}, ""},
		{"scope 1", func(x *tester) { x.set("1", netip.MustParseAddr("ff01::9"), Exclude) }, []q{{query(1000, general, 2), 0}}, ""},
	} {
		t.Run(c.id, func(t *testing.T) {
			x := newTester(t)
			c.setup(x)
			x.settle()
			start := x.clk.Now()
			for _, q := range c.qs {
				x.clk.Advance(q.at)
				x.m.Input(0, general, q.msg)
			}
			x.clk.Advance(100 * sec)
			var got []string
			for _, s := range x.p.sent {
				got = append(got, s.String())
			}
			// Each answer by its deadline: report the deadline it met.
			var marks []string
			for i, s := range x.p.sent {
				marks = append(marks, fmt.Sprintf("%s@%v", got[i], deadline(s.at-start.Sub(clock.Epoch))))
			}
			if strings.Join(marks, "; ") != c.want {
				t.Errorf("got  %q\nwant %q", strings.Join(marks, "; "), c.want)
			}
		})
	}
}

// deadline rounds a delay up to the catalogue's deadlines, so that a
// random delay reads as the Maximum Response Delay it met.
func deadline(d time.Duration) time.Duration {
	for _, x := range []time.Duration{0, time.Second, 10 * time.Second, 20 * time.Second, 65536 * time.Millisecond} {
		if d <= x {
			return x
		}
	}
	return d
}

// TestSplit: reports split to the MTU, EXCLUDE records cut (§5.2.15);
// catalogue group 5 on Ethernet, 89 sources a report.
func TestSplit(t *testing.T) {
	many := func(from, n int) []int {
		var s []int
		for i := range n {
			s = append(s, from+i)
		}
		return s
	}
	count := func(x *tester) string {
		var s []string
		for _, m := range x.p.sent {
			var r []string
			for _, rec := range m.recs {
				r = append(r, fmt.Sprintf("%s:%d", recNames[rec.Type], len(rec.Sources)))
			}
			s = append(s, strings.Join(r, "+"))
		}
		x.p.sent = nil
		return strings.Join(s, " ")
	}
	x := newTester(t)
	x.set("1", grp1, Include, many(1, 90)...)
	if got := count(x); got != "ALLOW:89 ALLOW:1" {
		t.Errorf("5.2.a join: %s", got)
	}
	x.settle()
	x.m.Input(0, grp1, query(1000, grp1, 2))
	x.clk.Advance(time.Second)
	if got := count(x); got != "IS_IN:89 IS_IN:1" {
		t.Errorf("5.2.a query: %s", got)
	}
	x.set("1", grp1, Include)
	if got := count(x); got != "BLOCK:89 BLOCK:1" {
		t.Errorf("5.2.b leave: %s", got)
	}
	x.settle()
	x.set("1", grp1, Exclude, many(1, 90)...)
	if got := count(x); got != "TO_EX:89" || x.p.counts[counter.MLDRecordTruncated] != 1 {
		t.Errorf("5.2.d: %s", got)
	}
	x.settle()
	x.set("1", grp1, Include, many(1, 45)...)
	x.set("1", grp2, Include, many(100, 45)...)
	x.settle()
	x.m.Input(0, general, query(1000, general, 2))
	x.clk.Advance(time.Second)
	if got := count(x); got != "IS_IN:45 IS_IN:45" {
		t.Errorf("5.4.a: %s", got)
	}
	y := newTester(t, faults.MLDNoSplit)
	y.p.mtu = 1 << 16
	y.set("1", grp1, Include, many(1, 90)...)
	if got := count(y); got != "ALLOW:90" {
		t.Errorf("mld-no-split: %s", got)
	}
}

// TestV1Compat follows §8.2.1 and RFC 2710 §4 (catalogue group 6).
func TestV1Compat(t *testing.T) {
	x := newTester(t)
	x.set("1", grp1, Include, 1)
	x.settle()
	x.m.Input(0, general, query(10000, general, 2)) // pending MLDv2 answer
	x.m.Input(0, general, v1query(10000, general))  // 6.1.d: cancelled
	if !x.m.V1Mode(0) {
		t.Fatal("not in MLDv1 mode")
	}
	x.clk.Advance(10 * time.Second)
	if got := strings.Join(x.p.take(), "; "); got != "v1 Report ff1e::1:1" {
		t.Fatalf("answer: %s", got)
	}
	x.set("1", grp2, Exclude)
	x.clk.Advance(2 * time.Second)
	if got := strings.Join(x.p.take(), "; "); got != "v1 Report ff1e::1:2; v1 Report ff1e::1:2" {
		t.Errorf("join: %s", got)
	}
	x.set("1", grp1, Include)
	x.clk.Advance(2 * time.Second)
	if got := strings.Join(x.p.take(), "; "); got != "v1 Done ff1e::1:1 to ff02::2" {
		t.Errorf("leave: %s", got)
	}
	// 6.1.b: an MLDv2 query in MLDv1 mode gets an MLDv1 Report.
	x.m.Input(0, grp2, query(1000, grp2, 2, 7))
	x.clk.Advance(time.Second)
	if got := strings.Join(x.p.take(), "; "); got != "v1 Report ff1e::1:2" {
		t.Errorf("v2 query in v1 mode: %s", got)
	}
	// Suppression by another listener's report (RFC 2710 §4).
	x.m.Input(0, grp2, v1query(10000, grp2))
	b := make([]byte, 24)
	x.m.Input(0, grp2, b[:PutV1(b, TypeV1Report, 0, grp2)])
	x.clk.Advance(10 * time.Second)
	if got := x.p.take(); len(got) != 0 || x.p.counts[counter.MLDV1ReportSuppressed] != 1 {
		t.Errorf("suppression: %q", got)
	}
	// Older Version Querier Present Timeout: RV×QI+QRI = 260 s (§9.12).
	x.clk.Advance(249 * time.Second) // the last MLDv1 query came 10 s ago
	if !x.m.V1Mode(0) {
		t.Fatal("MLDv1 mode ended before the timeout")
	}
	x.clk.Advance(time.Second)
	if x.m.V1Mode(0) {
		t.Fatal("MLDv1 mode past the timeout")
	}
	x.set("1", grp2, Include)
	x.clk.Advance(2 * time.Second)
	if got := strings.Join(x.p.take(), "; "); got != "TO_IN(ff1e::1:2){}; TO_IN(ff1e::1:2){}" {
		t.Errorf("leave after the timeout: %s", got)
	}
}

// TestPerInterface: state and compatibility mode are per interface (§4.2,
// §8.2.1; catalogue 1.5, 6.3).
func TestPerInterface(t *testing.T) {
	x := newTester(t)
	x.m.SetFilter(0, "1", grp1, Include, srcs(1))
	x.m.SetFilter(1, "1", grp1, Include, srcs(2))
	x.settle()
	x.m.Input(0, grp1, v1query(1000, grp1))
	if !x.m.V1Mode(0) || x.m.V1Mode(1) {
		t.Fatal("compatibility mode not per interface")
	}
	if !x.m.Accepts(0, grp1, src(1)) || x.m.Accepts(0, grp1, src(2)) || !x.m.Accepts(1, grp1, src(2)) {
		t.Fatal("filters not per interface")
	}
}

// TestSSM: no EXCLUDE filter, hence no EXCLUDE record, for SSM groups
// (RFC 4604 §2.1, §2.2.2; catalogue 7.1).
func TestSSM(t *testing.T) {
	ssm := netip.MustParseAddr("ff3e::2000:0")
	x := newTester(t)
	if err := x.m.SetFilter(0, "1", ssm, Exclude, nil); err != ErrSSMExclude || len(x.p.sent) != 0 {
		t.Fatalf("EXCLUDE on SSM: %v, %d sent", err, len(x.p.sent))
	}
	if err := x.m.SetFilter(0, "1", ssm, Include, srcs(1)); err != nil || len(x.p.sent) != 1 {
		t.Fatalf("INCLUDE on SSM: %v", err)
	}
	y := newTester(t, faults.MLDSSMExclude)
	if err := y.m.SetFilter(0, "1", ssm, Exclude, nil); err != nil || len(y.p.sent) != 1 {
		t.Fatalf("mld-ssm-exclude: %v", err)
	}
}

// TestAdoptQRV: a query's QRV becomes the robustness, 0 restores the
// default (§5.1.8).
func TestAdoptQRV(t *testing.T) {
	for _, c := range []struct {
		qrv  uint8
		want int
		f    []faults.Fault
	}{{3, 3, nil}, {7, 7, nil}, {0, 2, nil}, {5, 2, []faults.Fault{faults.MLDIgnoresQRV}}} {
		x := newTester(t, c.f...)
		x.m.Input(0, general, query(1000, general, c.qrv))
		if got := x.m.Robustness(0); got != c.want {
			t.Errorf("QRV %d: robustness %d, want %d", c.qrv, got, c.want)
		}
	}
}

// TestLimits: too many sources are refused, nothing changed (§4.2).
func TestLimits(t *testing.T) {
	x := newTester(t)
	x.m.c.MaxSources = 3
	if err := x.m.SetFilter(0, "1", grp1, Include, srcs(1, 2, 3, 4)); err != ErrTooMany {
		t.Fatal(err)
	}
	x.set("1", grp1, Include, 1, 2)
	x.p.take()
	if err := x.m.SetFilter(0, "2", grp1, Include, srcs(3, 4)); err != ErrTooMany || len(x.p.sent) != 0 {
		t.Fatal("merged limit not kept")
	}
	if err := x.m.SetFilter(0, "1", netip.MustParseAddr("2001:db8::1"), Exclude, nil); err != ErrNotMulticast {
		t.Fatal(err)
	}
}

// TestQuerySourcesBounded: source lists merged from pending queries stop
// at MaxSources; the answer is then the group's whole state.
func TestQuerySourcesBounded(t *testing.T) {
	x := newTester(t)
	x.m.c.MaxSources = 4
	x.set("1", grp1, Include, 1)
	x.settle()
	x.m.Input(0, grp1, query(20000, grp1, 2, 1, 2, 3))
	x.m.Input(0, grp1, query(20000, grp1, 2, 4, 5, 6))
	x.clk.Advance(20 * time.Second)
	if got := strings.Join(x.p.take(), "; "); got != "IS_IN{S1}" || x.p.counts[counter.MLDQuerySourcesLimit] != 1 {
		t.Errorf("%s", got)
	}
}

// TestLinkLocalReady: reports that went out from :: are sent again once
// there is a link-local address (§5.2.13).
func TestLinkLocalReady(t *testing.T) {
	x := newTester(t)
	x.p.noLL = true
	x.set("1", grp1, Exclude)
	x.settle()
	x.p.noLL = false
	x.m.LinkLocalReady(0)
	x.clk.Advance(2 * time.Second)
	if got := strings.Join(x.p.take(), "; "); got != "TO_EX{}; TO_EX{}" {
		t.Errorf("%s", got)
	}
	x.m.LinkLocalReady(0)
	if got := x.p.take(); len(got) != 0 {
		t.Errorf("again: %q", got)
	}
}
