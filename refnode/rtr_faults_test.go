package refnode

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
)

// The faults of this file: each changes the behaviour it
// names, and only with it. Those of the RA sender are proven in
// refnode/rtadv's own table (gap_faults_test.go there).
var _ = testedIn(append(rtrFaultList(), faults.RAPreferenceReserved, faults.RIONotSent, faults.RADNSOptionsNotSent)...)

func rtrFaultList() []faults.Fault {
	var fs []faults.Fault
	for _, c := range rtrFaultCases() {
		fs = append(fs, c.fault)
	}
	return fs
}

// rtrCase is one row; a router case runs on a router between Link0 and
// Link1 with routes.
type rtrCase struct {
	fault          faults.Fault
	router         bool
	stable         bool // a host with RFC 7217 identifiers
	routes         []Route
	observe        func(*routerHarness) string
	correct, wrong string
}

func rtrFaultCases() []rtrCase {
	allRouters := netip.MustParseAddr("ff02::2")
	rsFrom := func(src netip.Addr, mac link.MAC) []byte {
		return icmpPkt(src, allRouters, 255, 133, 0, append(make([]byte, 4), sllaOpt(mac)...))
	}
	raFrom := func(src netip.Addr, lifetime uint16, reachable uint32, opts ...[]byte) []byte {
		return icmpPkt(src, allNodes, 255, 134, 0, raMsg(64, 0, lifetime, reachable, 0, opts...))
	}
	offLinkPfx := netip.MustParsePrefix("2001:db8:99::/64")
	rdnss := func(life time.Duration) []byte {
		b := make([]byte, 24)
		return b[:nd.PutRDNSSOption(b, life, []netip.Addr{netip.MustParseAddr("2001:db8:53::53")})]
	}
	dnsCount := func(h *harness) string { return fmt.Sprint(len(h.node.DNS())) }
	state := func(a netip.Addr) func(*routerHarness) string {
		return func(r *routerHarness) string { return neighborState(r.harness, a) }
	}
	redirectsSent := func(r *routerHarness) string { return fmt.Sprint(r.counter(counter.NDRedirectSent)) }
	pio := func(valid time.Duration) []byte {
		return raFrom(tnLL, 0, 0, pioOpt(slaacPfx, true, true, valid, valid))
	}
	formed := func(h *harness) []netip.Addr {
		var out []netip.Addr
		for _, a := range h.node.Addresses() {
			if slaacPfx.Contains(a.Addr) {
				out = append(out, a.Addr.WithZone(""))
			}
		}
		return out
	}
	return []rtrCase{
		{fault: faults.RSSLLASetsStale, router: true, observe: func(r *routerHarness) string {
			r.send(rsFrom(tnLL, tnMAC))
			return state(tnLL)(r)
		}, correct: "REACHABLE", wrong: "STALE"},
		{fault: faults.RSConfirmsReachability, router: true, observe: func(r *routerHarness) string {
			r.send(rsFrom(tr2LL, tr2MAC))
			return state(tr2LL)(r)
		}, correct: "STALE", wrong: "REACHABLE"},
		{fault: faults.HostLearnsFromAllRouter, observe: func(r *routerHarness) string {
			r.send(rsFrom(tr2LL, tr2MAC))
			return state(tr2LL)(r)
		}, correct: "none", wrong: "STALE"},

		{fault: faults.RouterReachabilityIgnored, observe: func(r *routerHarness) string {
			r.send(raFrom(tnLL, 1800, 0))
			r.send(raFrom(tr2LL, 1800, 0, sllaOpt(tr2MAC)))
			return nextHopName(r.harness, offLink)
		}, correct: "tr2", wrong: "tr1"},
		{fault: faults.ReachableTimeFirstOnly, observe: func(r *routerHarness) string {
			r.send(raFrom(tnLL, 0, 4000))
			r.send(raFrom(tnLL, 0, 40000))
			p, _ := r.node.Link("v6l0")
			return p.BaseReachableTime.String()
		}, correct: "40s", wrong: "4s"},
		{fault: faults.RASetsStale, observe: func(r *routerHarness) string {
			r.learnTN()
			r.send(raFrom(tnLL, 0, 0, sllaOpt(tnMAC)))
			return state(tnLL)(r)
		}, correct: "REACHABLE", wrong: "STALE"},
		{fault: faults.RAConfirmsReachability, observe: func(r *routerHarness) string {
			r.send(raFrom(tnLL, 0, 0, sllaOpt(tnMAC)))
			return state(tnLL)(r)
		}, correct: "STALE", wrong: "REACHABLE"},
		{fault: faults.RAIsRouterNotSet, observe: func(r *routerHarness) string {
			r.learnTN()
			r.send(raFrom(tnLL, 1800, 0))
			r.send(icmpPkt(tnLL, allNodes, 255, 136, 0, naBody(0, tnLL, nil)))
			return routers(r.harness)
		}, correct: "0", wrong: "1"},

		{fault: faults.IgnoreRoutePreference, observe: func(r *routerHarness) string {
			r.send(raFrom(tnLL, 0, 0, sllaOpt(tnMAC), rioOpt(offLinkPfx, nd.PrefMedium, time.Hour)))
			r.send(raFrom(tr2LL, 0, 0, sllaOpt(tr2MAC), rioOpt(offLinkPfx, nd.PrefHigh, time.Hour)))
			return nextHopName(r.harness, offLink)
		}, correct: "tr2", wrong: "tr1"},
		{fault: faults.RIOReservedPreferenceAccepted, observe: func(r *routerHarness) string {
			r.send(raFrom(tnLL, 0, 0, sllaOpt(tnMAC), rioOpt(offLinkPfx, nd.PrefMedium, time.Hour)))
			r.send(raFrom(tr2LL, 0, 0, sllaOpt(tr2MAC), rioOpt(offLinkPfx, nd.PrefReserved, time.Hour)))
			return nextHopName(r.harness, offLink)
		}, correct: "tr1", wrong: "tr2"},
		{fault: faults.RIONoExpiry, observe: func(r *routerHarness) string {
			r.send(raFrom(tnLL, 1800, 0, sllaOpt(tnMAC)))
			r.send(raFrom(tr2LL, 0, 0, sllaOpt(tr2MAC), rioOpt(offLinkPfx, nd.PrefMedium, 5*time.Second)))
			r.clk.Advance(6 * time.Second)
			return nextHopName(r.harness, offLink)
		}, correct: "tr1", wrong: "tr2"},
		{fault: faults.DNSLifetimeZeroKept, observe: func(r *routerHarness) string {
			r.send(raFrom(tnLL, 0, 0, rdnss(time.Minute)))
			r.send(raFrom(tnLL, 0, 0, rdnss(0)))
			return dnsCount(r.harness)
		}, correct: "0", wrong: "1"},
		{fault: faults.DNSNoExpiry, observe: func(r *routerHarness) string {
			r.send(raFrom(tnLL, 0, 0, rdnss(5*time.Second)))
			r.clk.Advance(6 * time.Second)
			return dnsCount(r.harness)
		}, correct: "0", wrong: "1"},

		{fault: faults.RedirectSetsStale, observe: func(r *routerHarness) string {
			r.learnTN()
			r.send(raFrom(tnLL, 1800, 0, sllaOpt(tnMAC)))
			r.send(redirectPkt(tnLL, 255, 0, tnLL, offLink))
			return state(tnLL)(r)
		}, correct: "REACHABLE", wrong: "STALE"},
		{fault: faults.RedirectConfirmsReachability, observe: func(r *routerHarness) string {
			r.send(raFrom(tnLL, 1800, 0, sllaOpt(tnMAC)))
			r.send(redirectPkt(tnLL, 255, 0, tr2LL, offLink, tllaOpt(tr2MAC)))
			return state(tr2LL)(r)
		}, correct: "STALE", wrong: "REACHABLE"},
		{fault: faults.RedirectMulticastDestinationAccepted, observe: func(r *routerHarness) string {
			r.send(raFrom(tnLL, 1800, 0, sllaOpt(tnMAC)))
			r.send(redirectPkt(tnLL, 255, 0, tr2LL, allNodes, tllaOpt(tr2MAC)))
			return state(tr2LL)(r)
		}, correct: "none", wrong: "STALE"},

		{fault: faults.RedirectSourceNotNeighbor, router: true,
			routes: []Route{{Prefix: offLinkPfx, Interface: "v6l0", NextHop: tr2LL}},
			observe: func(r *routerHarness) string {
				r.send(echo(offLink, netip.MustParseAddr("2001:db8:1::99"), 1))
				return redirectsSent(r)
			}, correct: "0", wrong: "1"},
		{fault: faults.RedirectMulticastDestination, router: true, observe: func(r *routerHarness) string {
			r.inject(ether(nutMAC, tnMAC, link.EtherTypeIPv6, echo(tnGlobal, netip.MustParseAddr("ff1e::1:2"), 1)))
			return redirectsSent(r)
		}, correct: "0", wrong: "1"},
		{fault: faults.RouterAcceptsRedirect, router: true,
			routes: []Route{{Prefix: offLinkPfx, Interface: "v6l0", NextHop: tnLL}},
			observe: func(r *routerHarness) string {
				r.send(redirectPkt(tnLL, 255, 0, tr2LL, offLink, tllaOpt(tr2MAC)))
				return nextHopName(r.harness, offLink)
			}, correct: "tr1", wrong: "tr2"},

		{fault: faults.StableIIDIgnored, stable: true, observe: func(r *routerHarness) string {
			r.send(pio(time.Hour))
			return fmt.Sprint(formed(r.harness))
		}, correct: "[2001:db8:5:0:df1d:d3be:7e2:e18c]", wrong: "[" + slaacAddr.String() + "]"},
		{fault: faults.StableIIDNotStable, stable: true, observe: func(r *routerHarness) string {
			r.send(pio(5 * time.Second))
			first := formed(r.harness)
			r.clk.Advance(6 * time.Second)
			r.send(pio(time.Hour))
			return fmt.Sprint(fmt.Sprint(first) == fmt.Sprint(formed(r.harness)))
		}, correct: "true", wrong: "false"},
		{fault: faults.StableNoRetry, stable: true, observe: func(r *routerHarness) string {
			r.send(pio(time.Hour))
			first := formed(r.harness)[0]
			r.send(icmpPkt(tnLL, allNodes, 255, 136, 0, naBody(nd.FlagOverride, first, &tnMAC)))
			return fmt.Sprint(r.counter(counter.SLAACAddressFormed))
		}, correct: "2", wrong: "1"},
	}
}

// TestRouterDiscoveryFaults runs the table on a correct node and on one with the
// fault.
func TestRouterDiscoveryFaults(t *testing.T) {
	for _, c := range rtrFaultCases() {
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

// TestDefaultRouteInformation: a ::/0 Route Information option replaces
// the preference and lifetime the advertisement's header gave its router
// (RFC 4191 §3.1); lifetime 0 takes the router off the Default Router List.
func TestDefaultRouteInformation(t *testing.T) {
	h := started(t)
	zero := netip.MustParsePrefix("::/0")
	send := func(lifetime uint16, opts ...[]byte) {
		h.send(icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(64, 0, lifetime, 0, 0, opts...)))
	}
	send(0, rioOpt(zero, nd.PrefHigh, time.Hour))
	if rs := h.node.DefaultRouters(); len(rs) != 1 || rs[0].Preference != "high" {
		t.Fatalf("after a ::/0 route of high preference from a non-default router: %v", rs)
	}
	send(1800, rioOpt(zero, nd.PrefLow, time.Hour))
	if rs := h.node.DefaultRouters(); len(rs) != 1 || rs[0].Preference != "low" {
		t.Fatalf("after a ::/0 route of low preference: %v", rs)
	}
	send(1800, rioOpt(zero, nd.PrefLow, 0))
	if rs := h.node.DefaultRouters(); len(rs) != 0 {
		t.Fatalf("after a ::/0 route of lifetime 0: %v", rs)
	}
}
