package refnode

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/nd"
)

// The faults of this file: each changes the behaviour it
// names, and only with it.
var _ = testedIn(append(ndAutoconfFaultList(), faults.RASolicitedLate)...) // RASolicitedLate: the RA sender's, in refnode/rtadv

func ndAutoconfFaultList() []faults.Fault {
	var fs []faults.Fault
	for _, c := range ndAutoconfFaultCases() {
		fs = append(fs, c.fault)
	}
	return fs
}

func ndAutoconfFaultCases() []rtrCase {
	pio := func(valid, preferred time.Duration) []byte {
		return ra(pioOpt(slaacPfx, true, true, valid, preferred))
	}
	return []rtrCase{
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

func TestNDAutoconfFaults(t *testing.T) {
	for _, c := range ndAutoconfFaultCases() {
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
