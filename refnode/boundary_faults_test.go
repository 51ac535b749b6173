package refnode

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/link"
)

// boundCase is one boundary fault: what the node does at the
// boundary it breaks, correct and with the fault.
type boundCase struct {
	fault          faults.Fault
	observe        func(*harness) string
	correct, wrong string
}

// boundCases are the host-side cases; the tests of the other files add
// theirs with testedIn.
func boundCases() []boundCase {
	return []boundCase{
		{faults.OverlapStartOnly, func(h *harness) string {
			h.learnTN()
			a := bigEcho(tnLL, nutLL, 1, 1400)
			fa := fragmentsOf(a, 9, 512, 512) // [0,512) [512,1024) [1024,1408)
			fb := fragmentsOf(a, 9, 504, 520) // [504,1024) starts before [512,1024) and runs into it
			for _, p := range [][]byte{fa[1], fb[1], fa[0], fa[2]} {
				h.send(p)
			}
			return echoSeqs(h.sent())
		}, "", "1"},
		{faults.PTB1280BelowMinimum, pathMTUAfter(1280), "1280", "1500"},
		{faults.NSHopLimitMulticastOnly, answers(icmpPkt(tnLL, nutLL, 254, 135, 0, nsBody(nutLL, &tnMAC))), "0", "1"},
	}
}

// TestBoundFaults: each fault of this table breaks its boundary, and
// only with the fault does the node behave that way.
func TestBoundFaults(t *testing.T) {
	for _, c := range boundCases() {
		t.Run(string(c.fault), func(t *testing.T) {
			if got := c.observe(started(t)); got != c.correct {
				t.Errorf("correct node: %q, want %q", got, c.correct)
			}
			if got := c.observe(started(t, c.fault)); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
}

var _ = testedIn(func() []faults.Fault {
	var fs []faults.Fault
	for _, c := range boundCases() {
		fs = append(fs, c.fault)
	}
	return fs
}()...)

// The other side of each boundary stays as it was with the fault: a
// multicast solicitation of Hop Limit 254 is still dropped, a Packet Too
// Big of 1281 still taken, a fragment starting inside a held one still an
// overlap.
func TestBoundFaultsKeepTheOtherSide(t *testing.T) {
	cases := []struct {
		name    string
		fault   faults.Fault
		observe func(*harness) string
		want    string
	}{
		{"multicast NS hop limit 254", faults.NSHopLimitMulticastOnly,
			answers(icmpPkt(tnLL, nutSolicited, 254, 135, 0, nsBody(nutLL, &tnMAC))), "0"},
		{"PTB 1281", faults.PTB1280BelowMinimum, pathMTUAfter(1288), "1288"},
		{"fragment starting inside", faults.OverlapStartOnly, func(h *harness) string {
			h.learnTN()
			a := bigEcho(tnLL, nutLL, 1, 1400)
			fa := fragmentsOf(a, 9, 512, 512)
			fb := fragmentsOf(a, 9, 520, 504) // [520,1024) starts inside [512,1024)
			for _, p := range [][]byte{fa[1], fb[1], fa[0], fa[2]} {
				h.send(p)
			}
			return echoSeqs(h.sent())
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.observe(started(t, c.fault)); got != c.want {
				t.Errorf("with %s: %q, want %q", c.fault, got, c.want)
			}
		})
	}
}

// boundRouterCases are the router and tunnel boundary faults,
// each observed just inside the limit it moves.
func boundRouterCases() []struct {
	fault          faults.Fault
	tunnel         bool
	observe        func(*harness, *routerHarness) string
	correct, wrong string
} {
	// forwarded describes what reaches Link1 and how many frames come back on Link0.
	forwarded := func(pkt []byte) func(*harness, *routerHarness) string {
		return func(_ *harness, r *routerHarness) string {
			r.send(pkt)
			var hops []string
			for _, o := range r.sent1() {
				hops = append(hops, fmt.Sprintf("hop %d len %d", o.ip().HopLimit, len(o.raw)-link.HeaderLen))
			}
			return fmt.Sprintf("link1 %v link0 %d", hops, len(r.sent()))
		}
	}
	tunneled := func(dst netip.Addr, size int) func(*harness, *routerHarness) string {
		return func(h *harness, _ *routerHarness) string {
			h.send(sizedEcho(tnGlobal, dst, size))
			return icmp6Types(h.sentBy(link.EtherTypeIPv6))
		}
	}
	febf := netip.MustParseAddr("febf:ffff:ffff:ffff::a1")
	return []struct {
		fault          faults.Fault
		tunnel         bool
		observe        func(*harness, *routerHarness) string
		correct, wrong string
	}{
		{faults.ForwardHopLimitOffByOne, false, forwarded(icmpPkt(tnGlobal, tn2Global, 2, 128, 0, echoBody(1, 1, ""))),
			"link1 [hop 1 len 48] link0 0", "link1 [] link0 1"},
		{faults.LinkLocalFE80Only, false, func(_ *harness, r *routerHarness) string {
			r.send(echo(febf, tn2Global, 1))
			return fmt.Sprint(len(r.sent1()))
		}, "0", "1"},
		{faults.Tunnel6MTUOffByOne, true, tunneled(far6, 1452), "", "2 "},
		{faults.Tunnel4MinMTUOffByOne, true, func(h *harness, _ *routerHarness) string {
			q := make([]byte, ipv4.HeaderLen+8)
			ipv4.Put(q, 0, 1, true, 64, ipv4.ProtoIPv6, nut4, tn4, 8)
			msg := make([]byte, 64)
			n := ipv4.PutError(msg, ipv4.ICMPDestUnreachable, ipv4.CodeFragNeeded, 1300, q)
			pkt := make([]byte, ipv4.HeaderLen+n)
			copy(pkt[ipv4.HeaderLen:], msg[:n])
			ipv4.Put(pkt, 0, 2, false, 64, ipv4.ProtoICMP, other4, nut4, n)
			h.inject(ether(nutMAC, tnMAC, ipv4.EtherTypeIPv4, pkt))
			h.send(sizedEcho(tnGlobal, far4, 1280))
			out := h.sentBy(ipv4.EtherTypeIPv4)
			if len(out) != 1 {
				return fmt.Sprintf("%d packets", len(out))
			}
			return fmt.Sprint("DF ", out[0][6]&0x40 != 0)
		}, "DF true", "DF false"},
		{faults.TunnelPTBBelowMinimum, true, func(h *harness, _ *routerHarness) string {
			quoted := in6(nutGlobal, tnGlobal, 4, sizedEcho(tnGlobal, far6, 1280))
			h.send(icmpPkt(tnGlobal, nutGlobal, 64, 2, 0, append([]byte{0, 0, 5, 0}, quoted[:1232]...)))
			h.sent()
			h.send(sizedEcho(tnGlobal, far6, 1281))
			return errorOn(ofType(h.sent(), 2))
		}, "2/0/1280", "2/0/1232"},
		{faults.TunnelIPv4MTUOffByOne, true, func(h *harness, _ *routerHarness) string {
			h.inject(frame4(pkt4(tn4, far46, ipv4.ProtoICMP, 64, true, 1452-ipv4.HeaderLen))) // 1452 octets in all
			return icmp4Types(h.sentBy(ipv4.EtherTypeIPv4))
		}, "", "3/4 "},
		{faults.EncapLimitOneRefused, true, func(h *harness, _ *routerHarness) string {
			h.send(in6(tnGlobal, far6, 1, echo(tnGlobal, far6, 1)))
			return icmp6Types(h.sentBy(link.EtherTypeIPv6))
		}, "", "4 "},
		{faults.Tunnel4MTUOffByOne, true, tunneled(far4, 1480), "", "2 "},
	}
}

var _ = testedIn(func() []faults.Fault {
	var fs []faults.Fault
	for _, c := range boundRouterCases() {
		fs = append(fs, c.fault)
	}
	return append(fs, faults.RAMTUBelowMinimumAccepted)
}()...)

// TestBoundRouterFaults: a router with each fault refuses what lies exactly
// at its limit; a correct one passes it.
func TestBoundRouterFaults(t *testing.T) {
	for _, c := range boundRouterCases() {
		t.Run(string(c.fault), func(t *testing.T) {
			run := func(fs ...faults.Fault) string {
				if c.tunnel {
					return c.observe(newTunnelRouter(t, fs...), nil)
				}
				r := newRouter(t, 1280, nil, fs...)
				return c.observe(r.harness, r)
			}
			if got := run(); got != c.correct {
				t.Errorf("correct node: %q, want %q", got, c.correct)
			}
			if got := run(c.fault); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
}

// TestRAMTUBelowMinimum: an advertised MTU of 1279 leaves the link MTU as
// it was; the faulty node takes it.
func TestRAMTUBelowMinimum(t *testing.T) {
	observe := afterRA(ra([]byte{5, 1, 0, 0, 0, 0, 0x04, 0xff}),
		func(h *harness) string { return fmt.Sprint(h.node.PathMTU(tnGlobal)) })
	run := func(fs ...faults.Fault) string {
		h := newHarness(t, fs)
		h.clk.Advance(2 * time.Second)
		h.pipe.Sent()
		return observe(&routerHarness{harness: h})
	}
	if got := run(); got != "1500" {
		t.Errorf("correct node: path MTU %s, want 1500", got)
	}
	if got := run(faults.RAMTUBelowMinimumAccepted); got != "1279" {
		t.Errorf("with the fault: path MTU %s, want 1279", got)
	}
}

// TestSolicitedNodeLow16: the node answers a solicitation at the last
// solicited-node group of the range for its address ending in ff:ffff; the
// faulty node has joined another group.
func TestSolicitedNodeLow16(t *testing.T) {
	top := netip.MustParseAddr("2001:db8:1::a:ff:ffff")
	run := func(fs ...faults.Fault) string {
		h := newHarness(t, fs, func(c *Config) {
			c.Interfaces[0].Addresses = append(c.Interfaces[0].Addresses, netip.PrefixFrom(top, 64))
		})
		h.clk.Advance(3 * time.Second) // past DAD
		h.pipe.Sent()
		h.learnTN()
		return answers(icmpPkt(tnGlobal, netip.MustParseAddr("ff02::1:ffff:ffff"), 255, 135, 0, nsBody(top, &tnMAC)))(h)
	}
	if got := run(); got != "1" {
		t.Errorf("correct node: %s advertisements, want 1", got)
	}
	if got := run(faults.SolicitedNodeLow16); got != "0" {
		t.Errorf("with the fault: %s advertisements, want 0", got)
	}
}

var _ = testedIn(faults.SolicitedNodeLow16)

// TestRedirectMTUOffByOne: a router redirects about a packet exactly as
// long as the link MTU; the faulty one does not.
func TestRedirectMTUOffByOne(t *testing.T) {
	far := netip.MustParseAddr("2001:db8:99::1")
	routes := []Route{{Prefix: netip.MustParsePrefix("2001:db8:99::/64"), Interface: "v6l0", NextHop: tr2LL}}
	run := func(fs ...faults.Fault) string {
		r := newRouter(t, 1280, routes, fs...)
		r.send(icmpPkt(tnGlobal, far, 64, 128, 0, echoBody(1, 1, string(make([]byte, 1500-48)))))
		return fmt.Sprint(len(ofType(r.sent(), 137)))
	}
	if got := run(); got != "1" {
		t.Errorf("correct router: %s Redirects, want 1", got)
	}
	if got := run(faults.RedirectMTUOffByOne); got != "0" {
		t.Errorf("with the fault: %s Redirects, want 0", got)
	}
}

var _ = testedIn(faults.RedirectMTUOffByOne)

// TestRedirectGlobalTarget: a router whose route names a router by its
// global address sends no Redirect with that address as the target; the
// faulty one does.
func TestRedirectGlobalTarget(t *testing.T) {
	far := netip.MustParseAddr("2001:db8:99::1")
	tr2Global := netip.MustParseAddr("2001:db8:1::200:ff:fe00:b0b0")
	routes := []Route{{Prefix: netip.MustParsePrefix("2001:db8:99::/64"), Interface: "v6l0", NextHop: tr2Global}}
	run := func(fs ...faults.Fault) string {
		r := newRouter(t, 1280, routes, fs...)
		r.send(echo(tnGlobal, far, 1))
		return fmt.Sprint(len(ofType(r.sent(), 137)))
	}
	if got := run(); got != "0" {
		t.Errorf("correct router: %s Redirects, want 0", got)
	}
	if got := run(faults.RedirectGlobalTarget); got != "1" {
		t.Errorf("with the fault: %s Redirects, want 1", got)
	}
}

var _ = testedIn(faults.RedirectGlobalTarget)

// TestSASScopeOffByOne: to a link-local destination the node sends from
// its link-local address; the faulty node from its global one.
func TestSASScopeOffByOne(t *testing.T) {
	run := func(fs ...faults.Fault) string {
		h := newHarness(t, fs)
		h.clk.Advance(2 * time.Second)
		h.pipe.Sent()
		h.learnTN()
		if err := h.node.SendEchoRequest(tnLL, 1, 1, []byte("scope")); err != nil {
			return err.Error()
		}
		s := ofType(h.sent(), 128)
		if len(s) != 1 {
			return fmt.Sprintf("%d requests", len(s))
		}
		return s[0].ip().SrcIP.String()
	}
	if got := run(); got != nutLL.String() {
		t.Errorf("correct node: from %s, want %s", got, nutLL)
	}
	if got := run(faults.SASScopeOffByOne); got != nutGlobal.String() {
		t.Errorf("with the fault: from %s, want %s", got, nutGlobal)
	}
}

var _ = testedIn(faults.SASScopeOffByOne)
