package mldrouter

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode"
	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/mld"
)

// bench is a fake router node on a manual clock: it records what the
// router sends and hands it messages as the node would.
type bench struct {
	t       *testing.T
	clk     *clock.Manual
	fs      faults.Set
	handler refnode.MLDHandler
	mr      refnode.MulticastRouter
	joined  []string
	sent    []sent
	noLL    bool
	own     []netip.Addr // the node's addresses besides its link-local one
	r       *Router
}

// sent is a query the router sent, decoded.
type sent struct {
	at     time.Duration // since the bench started
	ifname string
	dst    netip.Addr
	q      mld.Query
	raw    []byte
}

var (
	ll0    = netip.MustParseAddr("fe80::200:ff:fe00:100") // the router's link-local address
	lower  = netip.MustParseAddr("fe80::1")
	higher = netip.MustParseAddr("fe80::300:ff:fe00:1")
	tn1    = netip.MustParseAddr("fe80::200:ff:fe00:200")
	m1     = netip.MustParseAddr("ff3e:40:3ffe:501:ffff:300:0:1")
	m2     = netip.MustParseAddr("ff3e:40:3ffe:501:ffff:300:0:2")
	ssm1   = netip.MustParseAddr("ff3e::4000:1")
)

// src is source Sn (3ffe:501:ffff:300::n).
func src(n int) netip.Addr {
	return netip.MustParseAddr(fmt.Sprintf("3ffe:501:ffff:300::%x", n))
}

func srcs(ns ...int) []netip.Addr {
	var out []netip.Addr
	for _, n := range ns {
		out = append(out, src(n))
	}
	return out
}

func (b *bench) Clock() clock.Clock { return b.clk }
func (b *bench) Faults() faults.Set { return b.fs }
func (b *bench) Interface(name string) (refnode.InterfaceInfo, bool) {
	return refnode.InterfaceInfo{Name: name, MTU: 1500}, true
}
func (b *bench) OnMLD(f refnode.MLDHandler)                   { b.handler = f }
func (b *bench) SetMulticastRouter(r refnode.MulticastRouter) { b.mr = r }
func (b *bench) SetSocketFilter(_ int, ifname string, g netip.Addr, _ refnode.FilterMode, _ []netip.Addr) error {
	b.joined = append(b.joined, ifname+" "+g.String())
	return nil
}
func (b *bench) SendMLD(ifname string, dst netip.Addr, msg []byte) error {
	if b.noLL {
		return refnode.ErrNoLinkLocal
	}
	b.record(ifname, dst, msg)
	return nil
}

func (b *bench) record(ifname string, dst netip.Addr, msg []byte) {
	q, err := mld.ParseQuery(msg)
	if err != nil {
		b.t.Fatalf("the router sent a bad query: %v", err)
	}
	b.sent = append(b.sent, sent{b.clk.Now().Sub(clock.Epoch), ifname, dst, q, slices.Clone(msg)})
}

// newBench starts a router on links "l0" and "l1".
func newBench(t *testing.T, cfg Config, fs ...faults.Fault) *bench {
	t.Helper()
	b := &bench{t: t, clk: clock.NewManual(), fs: faults.Set{}}
	for _, f := range fs {
		b.fs[f] = true
	}
	r, err := Start(b, []string{"l0", "l1"}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b.r = r
	return b
}

// quiet starts a router and lets its start-up queries go.
func quiet(t *testing.T, cfg Config, fs ...faults.Fault) *bench {
	b := newBench(t, cfg, fs...)
	b.advance(time.Second)
	b.sent = nil
	return b
}

func (b *bench) advance(d time.Duration) { b.clk.Advance(d) }

// in hands the router a message from src on l0.
func (b *bench) in(ifname string, from netip.Addr, msg []byte) {
	b.inTo(ifname, from, mld.AllMLDv2Routers, msg)
}

// inTo hands the router a message from src to dst on the link.
func (b *bench) inTo(ifname string, from, dst netip.Addr, msg []byte) {
	own := func(a netip.Addr) bool { return a == ll0 || slices.Contains(b.own, a) }
	for _, m := range b.handler(refnode.MLDInput{Interface: ifname, Src: from, Dst: dst, LinkLocal: ll0, Msg: msg, Own: own}) {
		b.record(ifname, m.Dst, m.Msg)
	}
}

// report sends an MLDv2 Report from TN1 on l0.
func (b *bench) report(recs ...mld.Record) { b.reportOn("l0", tn1, recs...) }

func (b *bench) reportOn(ifname string, from netip.Addr, recs ...mld.Record) {
	msg := make([]byte, 9000)
	b.in(ifname, from, msg[:mld.PutReport(msg, recs)])
}

func rec(typ uint8, ns ...int) mld.Record {
	return mld.Record{Type: typ, Group: m1, Sources: srcs(ns...)}
}

// queryFrom sends an MLDv2 Query from a router on l0.
func (b *bench) queryFrom(from netip.Addr, group netip.Addr, s bool, qrv, qqic uint8, mrc uint16, sources ...netip.Addr) {
	msg := make([]byte, 1500)
	b.in("l0", from, msg[:mld.PutQuery(msg, mrc, group, s, qrv, qqic, sources)])
}

// take returns the queries sent since the last call, written short: GQ,
// Q(M1), Q(M1,{S1,S2}) with /S1 when the S flag is set.
func (b *bench) take() string {
	var out []string
	for _, s := range b.sent {
		out = append(out, short(s))
	}
	b.sent = nil
	return strings.Join(out, " ")
}

func short(s sent) string {
	var w string
	switch {
	case s.q.Group.IsUnspecified():
		w = "GQ"
	case len(s.q.Sources) == 0:
		w = "Q(" + name(s.q.Group) + ")"
	default:
		var ss []string
		for _, a := range s.q.Sources {
			ss = append(ss, sourceName(a))
		}
		w = "Q(" + name(s.q.Group) + ",{" + strings.Join(ss, ",") + "})"
	}
	if s.q.S {
		w += "/S1"
	}
	if s.ifname != "l0" {
		w += "@" + s.ifname
	}
	return w
}

func name(g netip.Addr) string {
	switch g {
	case m1:
		return "M1"
	case m2:
		return "M2"
	}
	return g.String()
}

func sourceName(a netip.Addr) string {
	for n := 1; n <= 200; n++ {
		if src(n) == a {
			return fmt.Sprintf("S%d", n)
		}
	}
	return a.String()
}

// state writes the group's state on l0 short: IN{S1,S2} or EX{S1|S2}, or
// - when there is none.
func (b *bench) state(g netip.Addr) string {
	st, _ := b.r.State("l0")
	for _, x := range st.Groups {
		if x.Group != g {
			continue
		}
		var inc, exc []string
		for _, s := range x.Sources {
			if s.Timer > 0 {
				inc = append(inc, sourceName(s.Addr))
			} else {
				exc = append(exc, sourceName(s.Addr))
			}
		}
		if x.Exclude {
			return "EX{" + strings.Join(inc, ",") + "|" + strings.Join(exc, ",") + "}"
		}
		return "IN{" + strings.Join(inc, ",") + "}"
	}
	return "-"
}
