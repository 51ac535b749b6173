package refnode

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
	"github.com/v6ct/v6ct/refnode/tunnel"
)

// The faults of the catalogue (refnode/faults): each changes the behaviour it
// names, and only with it.
var _ = testedIn(append(edgeFaultList(), faults.RASolicitedLate, // the RA sender's, in refnode/rtadv
	faults.EncapLimitLastOptionMissed, faults.EncapLimitAfterHopByHopMissed, faults.Tunnel4LowMTUNoTooBig, faults.TunnelNoLinkLocal, faults.TunnelSmallPTBRelayed, faults.Tunnel4FragNeededRelayed)...)

func edgeFaultList() []faults.Fault {
	var fs []faults.Fault
	for _, c := range edgeFaultCases() {
		fs = append(fs, c.fault)
	}
	return fs
}

func edgeFaultCases() []ndGapCase {
	pio := func(valid, preferred time.Duration) []byte {
		return ra(pioOpt(slaacPfx, true, true, valid, preferred))
	}
	return []ndGapCase{
		{fault: faults.PreferredLifetimeUntimed, observe: func(r *routerHarness) string {
			r.send(pio(time.Hour, 10*time.Second))
			r.clk.Advance(3 * time.Second)
			before := deprecated(r.harness)
			r.clk.Advance(10 * time.Second)
			return before + " " + deprecated(r.harness)
		}, correct: "false true", wrong: "false false"},
		{fault: faults.DuplicateProbedAgain, observe: func(r *routerHarness) string {
			r.send(pio(time.Hour, time.Hour))
			r.send(icmpPkt(tnLL, allNodes, 255, 136, 0, naBody(0x20, slaacAddr, &tnMAC)))
			r.clk.Advance(5 * time.Second)
			return fmt.Sprint(addrState(r.harness, slaacAddr))
		}, correct: "duplicate", wrong: "preferred"},
		{fault: faults.RedirectWithoutFirstHop, observe: func(r *routerHarness) string {
			r.send(redirectPkt(tnLL, 255, 0, tr2LL, offLink)) // no default router: no first hop for offLink
			return nextHopName(r.harness, offLink)
		}, correct: "none", wrong: "tr2"},
		{fault: faults.NSAnsweredForDuplicate, observe: func(r *routerHarness) string {
			r.send(pio(time.Hour, time.Hour))
			r.send(icmpPkt(tnLL, allNodes, 255, 136, 0, naBody(0x20, slaacAddr, &tnMAC)))
			r.clk.Advance(5 * time.Second)
			r.sent()
			r.send(icmpPkt(tnLL, ipv6.SolicitedNode(slaacAddr), 255, 135, 0, nsBody(slaacAddr, &tnMAC)))
			return fmt.Sprint(len(ofType(r.sent(), 136)))
		}, correct: "0", wrong: "1"},
		{fault: faults.NAForDuplicateIgnored, observe: func(r *routerHarness) string {
			r.send(pio(time.Hour, time.Hour))
			r.send(icmpPkt(tnLL, allNodes, 255, 136, 0, naBody(0x20, slaacAddr, &tnMAC)))
			r.clk.Advance(5 * time.Second)
			r.send(echo(slaacAddr, nutLL, 1)) // the reply waits for slaacAddr's resolution
			r.send(icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(0x60, slaacAddr, &tnMAC)))
			return neighborState(r.harness, slaacAddr)
		}, correct: "REACHABLE", wrong: "INCOMPLETE"},
		{fault: faults.AnycastAnswerLate, router: true, observe: func(r *routerHarness) string {
			r.send(icmpPkt(tnLL, ipv6.SolicitedNode(anycast0), 255, 135, 0, nsBody(anycast0, &tnMAC)))
			r.clk.Advance(time.Second) // MAX_ANYCAST_DELAY_TIME
			return fmt.Sprint(len(ofType(r.sent(), 136)))
		}, correct: "1", wrong: "0"},
		{fault: faults.PrefixUpdateFirstEntry, observe: func(r *routerHarness) string {
			p1, p2 := netip.MustParsePrefix("2001:db8:46::/64"), netip.MustParsePrefix("2001:db8:47::/64")
			r.send(ra(pioOpt(p1, true, false, time.Hour, time.Hour), pioOpt(p2, true, false, time.Hour, time.Hour)))
			r.send(ra(pioOpt(p2, true, false, 0, 0)))
			return nextHopName(r.harness, netip.MustParseAddr("2001:db8:46::2"))
		}, correct: "on-link", wrong: "tr1"},
		{fault: faults.DNSZeroLifetimeFirstEntry, observe: func(r *routerHarness) string {
			rdnss := func(life time.Duration, a string) []byte {
				b := make([]byte, 24)
				return b[:nd.PutRDNSSOption(b, life, []netip.Addr{netip.MustParseAddr(a)})]
			}
			r.send(ra(rdnss(time.Minute, "2001:db8:53::1"), rdnss(time.Minute, "2001:db8:53::2")))
			r.send(ra(rdnss(0, "2001:db8:53::2")))
			var s []string
			for _, x := range r.node.DNS() {
				s = append(s, x.Server.String())
			}
			return fmt.Sprint(s)
		}, correct: "[2001:db8:53::1]", wrong: "[2001:db8:53::2]"},
		{fault: faults.RouteRenewalDropped, observe: func(r *routerHarness) string {
			route := func(life time.Duration) []byte {
				return icmpPkt(tr2LL, allNodes, 255, 134, 0, raMsg(64, 0, 0, 0, 0, rioOpt(netip.MustParsePrefix("2001:db8:99::/48"), nd.PrefMedium, life)))
			}
			r.send(ra())
			r.send(route(5 * time.Second))
			r.send(route(time.Hour))
			r.clk.Advance(6 * time.Second)
			return nextHopName(r.harness, offLink)
		}, correct: "tr2", wrong: "tr1"},
		{fault: faults.RedirectedHeaderRoundsDown, router: true, routes: []Route{{Prefix: netip.MustParsePrefix("2001:db8:99::/64"), Interface: "v6l0", NextHop: tr2LL}},
			observe: func(r *routerHarness) string {
				r.send(icmpPkt(tnGlobal, offLink, 64, 128, 0, []byte{0, 1, 0, 1, 0x5e})) // 49 octets
				for _, o := range ofType(r.sent(), 137) {
					return fmt.Sprint(len(o.raw) - 14 - 40 - 40)
				}
				return "none"
			}, correct: "64", wrong: "56"},
	}
}

func TestEdgeFaults(t *testing.T) {
	for _, c := range edgeFaultCases() {
		t.Run(string(c.fault), func(t *testing.T) {
			run := func(fs ...faults.Fault) string {
				if c.router {
					return c.observe(newRouter(t, 1500, c.routes, fs...))
				}
				h := newHarness(t, fs, func(cfg *Config) {
					if c.stable {
						cfg.StableSecret = []byte("secret")
					}
				})
				h.clk.Advance(2 * time.Second)
				h.pipe.Sent()
				return c.observe(&routerHarness{harness: h})
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

// TestEdgeTunnelFaults: the entry point's search for the Tunnel
// Encapsulation Limit, right and as each fault gets it wrong.
func TestEdgeTunnelFaults(t *testing.T) {
	inner := echo(tnGlobal, far6, 1)
	cases := []struct {
		fault          faults.Fault
		pkt            []byte
		correct, wrong string
	}{
		{faults.EncapLimitLastOptionMissed, withHeaders(tnGlobal, far6, 41, inner, destOpts(1, 1, 0, 4, 1, 0)), "4 ", "1 "},
		{faults.EncapLimitAfterHopByHopMissed, withHeaders(tnGlobal, far6, 41, inner, hbh(), destOpts(4, 1, 0)), "4 ", "1 "},
	}
	for _, c := range cases {
		t.Run(string(c.fault), func(t *testing.T) {
			run := func(fs ...faults.Fault) string {
				h := newTunnelRouter(t, fs...)
				h.send(c.pkt)
				return icmp6Types(h.sentBy(link.EtherTypeIPv6))
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

// TestTunnel4LowMTUNoTooBig: below an IPv4 path MTU of 1300 a packet above
// 1280 octets draws Packet Too Big; with the fault it goes in.
func TestTunnel4LowMTUNoTooBig(t *testing.T) {
	run := func(fs ...faults.Fault) string {
		h := newTunnelRouter(t, fs...)
		q := make([]byte, ipv4.HeaderLen+8)
		ipv4.Put(q, 0, 1, true, 64, ipv4.ProtoIPv6, nut4, tn4, 8)
		msg := make([]byte, 64)
		l := ipv4.PutError(msg, ipv4.ICMPDestUnreachable, ipv4.CodeFragNeeded, 1000, q)
		pkt := make([]byte, ipv4.HeaderLen+l)
		copy(pkt[ipv4.HeaderLen:], msg[:l])
		ipv4.Put(pkt, 0, 2, false, 64, ipv4.ProtoICMP, other4, nut4, l)
		h.inject(ether(nutMAC, tnMAC, ipv4.EtherTypeIPv4, pkt))
		h.send(sizedEcho(tnGlobal, far4, 1281))
		return icmp6Types(h.sentBy(link.EtherTypeIPv6))
	}
	if got := run(); got != "2 " {
		t.Errorf("correct node: %q, want Packet Too Big", got)
	}
	if got := run(faults.Tunnel4LowMTUNoTooBig); got != "" {
		t.Errorf("with the fault: %q, want nothing", got)
	}
}

// TestTunnelNoLinkLocal: a 6in4 tunnel interface answers at its link-local
// address; with the fault it has none.
func TestTunnelNoLinkLocal(t *testing.T) {
	run := func(fs ...faults.Fault) string {
		h := newTunnelRouter(t, fs...)
		h.inject(in4(tn4, echo(tunnel.LinkLocal(tn4), tunnel.LinkLocal(nut4), 1)))
		return fmt.Sprint(len(h.sentBy(ipv4.EtherTypeIPv4)))
	}
	if got := run(); got != "1" {
		t.Errorf("correct node: %s replies, want 1", got)
	}
	if got := run(faults.TunnelNoLinkLocal); got != "0" {
		t.Errorf("with the fault: %s replies, want 0", got)
	}
}

// TestTunnelSmallPTBRelayed: a Packet Too Big from inside a 6in6 tunnel
// about a tunnel packet whose original was 1280 octets goes no further;
// with the fault its source hears one.
func TestTunnelSmallPTBRelayed(t *testing.T) {
	run := func(fs ...faults.Fault) string {
		h := newTunnelRouter(t, fs...)
		quoted := in6(nutGlobal, tnGlobal, 4, sizedEcho(tnGlobal, far6, 1280))
		h.send(icmpPkt(tnGlobal, nutGlobal, 64, 2, 0, append([]byte{0, 0, 5, 0}, quoted[:1232]...)))
		return icmp6Types(h.sentBy(link.EtherTypeIPv6))
	}
	if got := run(); got != "" {
		t.Errorf("correct node: %q, want no error", got)
	}
	if got := run(faults.TunnelSmallPTBRelayed); got != "2 " {
		t.Errorf("with the fault: %q, want Packet Too Big", got)
	}
}

// TestTunnel4FragNeededRelayed: a Fragmentation Needed from inside a 6in4
// tunnel lowers the tunnel MTU only; with the fault the inner source also
// hears Destination Unreachable.
func TestTunnel4FragNeededRelayed(t *testing.T) {
	run := func(fs ...faults.Fault) string {
		h := newTunnelRouter(t, fs...)
		inner := sizedEcho(tnGlobal, far4, 100)
		q := make([]byte, ipv4.HeaderLen+len(inner))
		ipv4.Put(q, 0, 1, true, 64, ipv4.ProtoIPv6, nut4, tn4, len(inner))
		copy(q[ipv4.HeaderLen:], inner)
		msg := make([]byte, 8+len(q))
		l := ipv4.PutError(msg, ipv4.ICMPDestUnreachable, ipv4.CodeFragNeeded, 1400, q)
		pkt := make([]byte, ipv4.HeaderLen+l)
		copy(pkt[ipv4.HeaderLen:], msg[:l])
		ipv4.Put(pkt, 0, 2, false, 64, ipv4.ProtoICMP, other4, nut4, l)
		h.inject(ether(nutMAC, tnMAC, ipv4.EtherTypeIPv4, pkt))
		return icmp6Types(h.sentBy(link.EtherTypeIPv6))
	}
	if got := run(); got != "" {
		t.Errorf("correct node: %q, want nothing", got)
	}
	if got := run(faults.Tunnel4FragNeededRelayed); got != "1 " {
		t.Errorf("with the fault: %q, want Destination Unreachable", got)
	}
}
