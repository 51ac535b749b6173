package refnode

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
)

// TR2 is a second router on Link0 (TN1 plays TR1 from its link-local
// address).
var (
	tr2MAC    = link.MAC{0, 0, 0, 0, 0xc0, 0xc0}
	tr2LL     = netip.MustParseAddr("fe80::200:ff:fe00:c0c0")
	offLink   = netip.MustParseAddr("2001:db8:99::1")
	slaacPfx  = netip.MustParsePrefix("2001:db8:5::/64")
	slaacAddr = netip.MustParseAddr("2001:db8:5::200:ff:fe00:100")
)

// ndFaultCase is one row of the ND fault table: the correct node observed
// one way, the faulty node another.
type ndFaultCase struct {
	fault          faults.Fault
	router         bool // observed on a router between Link0 and Link1
	rs             bool // a host that solicits routers (the harness turns it off by default)
	observe        func(*routerHarness) string
	correct, wrong string
}

// The rtadv faults are proven in refnode/rtadv's own table (rtadv imports
// the node, so its tests cannot live here).
var _ = testedIn(append(ndFaultList(), faults.RAUnsolicitedTooOften, faults.RASolicitedNoDelay, faults.RANoFinal)...)

func ndFaultList() []faults.Fault {
	var fs []faults.Fault
	for _, c := range ndFaultCases() {
		fs = append(fs, c.fault)
	}
	return fs
}

// raMsg builds a Router Advertisement body (after type, code and checksum)
// with options.
func raMsg(hop, flags uint8, lifetime uint16, reachable, retrans uint32, opts ...[]byte) []byte {
	b := make([]byte, 1500)
	n := nd.PutRA(b, hop, flags, lifetime, reachable, retrans)
	for _, o := range opts {
		n += copy(b[n:], o)
	}
	return b[4:n]
}

// ra is a valid advertisement from TR1: a default router for 30 minutes.
func ra(opts ...[]byte) []byte {
	return icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(64, 0, 1800, 0, 0, opts...))
}

func sllaOpt(mac link.MAC) []byte { return append([]byte{1, 1}, mac[:]...) }
func tllaOpt(mac link.MAC) []byte { return append([]byte{2, 1}, mac[:]...) }

func pioOpt(p netip.Prefix, onLink, auto bool, valid, preferred time.Duration) []byte {
	b := make([]byte, 32)
	nd.PutPrefixInfoOption(b, p, onLink, auto, valid, preferred)
	return b
}

func rioOpt(p netip.Prefix, pref nd.Preference, lifetime time.Duration) []byte {
	b := make([]byte, 24)
	return b[:nd.PutRouteInfoOption(b, p, pref, lifetime)]
}

func redirectPkt(src netip.Addr, hop, code uint8, target, dst netip.Addr, opts ...[]byte) []byte {
	b := make([]byte, 200)
	n := nd.PutRedirect(b, target, dst)
	for _, o := range opts {
		n += copy(b[n:], o)
	}
	return icmpPkt(src, nutLL, hop, 137, code, b[4:n])
}

// autoAddrs describes the autoconfigured addresses.
func autoAddrs(h *harness) string {
	var s []string
	for _, a := range h.node.Addresses() {
		if a.Autoconf {
			s = append(s, a.String())
		}
	}
	return fmt.Sprint(len(s))
}

// deprecated says whether the autoconfigured address is deprecated.
func deprecated(h *harness) string {
	for _, a := range h.node.Addresses() {
		if a.Autoconf {
			return fmt.Sprint(a.Deprecated)
		}
	}
	return "none"
}

// routers counts the default routers.
func routers(h *harness) string { return fmt.Sprint(len(h.node.DefaultRouters())) }

// neighborState is the cache state of a (none when absent).
func neighborState(h *harness, a netip.Addr) string {
	for _, e := range h.node.Neighbors() {
		if e.Addr.WithZone("") == a {
			return e.State
		}
	}
	return "none"
}

// nextHopName names the first hop towards dst.
func nextHopName(h *harness, dst netip.Addr) string {
	_, next, ok := h.node.NextHop(dst)
	switch {
	case !ok:
		return "none"
	case next.WithZone("") == tnLL:
		return "tr1"
	case next.WithZone("") == tr2LL:
		return "tr2"
	case next.WithZone("") == dst:
		return "on-link"
	}
	return next.String()
}

// afterRA sends pkt and describes the node with f.
func afterRA(pkt []byte, f func(*harness) string) func(*routerHarness) string {
	return func(r *routerHarness) string {
		r.send(pkt)
		return f(r.harness)
	}
}

func params(f func(LinkParams) string) func(*harness) string {
	return func(h *harness) string {
		p, _ := h.node.Link("v6l0")
		return f(p)
	}
}

// solicitations counts the RSs sent while time passes by d.
func solicitations(h *harness, d time.Duration) int {
	h.clk.Advance(d)
	return len(ofType(h.sent(), 133))
}

// rsSeen counts the RSs a router's OnRS hook is told of after pkt.
func rsSeen(pkt []byte) func(*routerHarness) string {
	return func(r *routerHarness) string {
		n := 0
		r.node.OnRS(func(string, netip.Addr) { n++ })
		r.send(pkt)
		return fmt.Sprint(n)
	}
}

// toLink0 is a packet from TN1 that the router must send back out on Link0.
func toLink0(seq uint16) []byte {
	return echo(tnGlobal, netip.MustParseAddr("2001:db8:1::99"), seq)
}

func ndFaultCases() []ndFaultCase {
	anycastNS := icmpPkt(tnLL, netip.MustParseAddr("ff02::1:ff00:0"), 255, 135, 0, nsBody(netip.MustParseAddr("2001:db8:1::"), &tnMAC))
	withRouter := func(f func(*harness) string) func(*routerHarness) string {
		return func(r *routerHarness) string {
			r.send(ra(sllaOpt(tnMAC)))
			return f(r.harness)
		}
	}
	redirected := func(pkt []byte, f func(*harness) string) func(*routerHarness) string {
		return withRouter(func(h *harness) string {
			h.send(pkt)
			return f(h)
		})
	}
	validRedirect := func(opts ...[]byte) []byte { return redirectPkt(tnLL, 255, 0, tr2LL, offLink, opts...) }
	toOffLink := func(h *harness) string { return nextHopName(h, offLink) }
	stale := func(h *harness) {
		h.learnTN()
		h.clk.Advance(50 * time.Second) // past any ReachableTime: STALE
		h.send(echo(tnLL, nutLL, 1))    // the reply moves it to DELAY
	}
	autoconfigured := func(opts ...[]byte) func(*routerHarness) string { return afterRA(ra(opts...), autoAddrs) }
	pio := func(valid, preferred time.Duration) []byte { return pioOpt(slaacPfx, true, true, valid, preferred) }
	return []ndFaultCase{
		// Router Solicitations.
		{fault: faults.NoRS, rs: true, observe: func(r *routerHarness) string { return fmt.Sprint(solicitations(r.harness, 15*time.Second)) },
			correct: "3", wrong: "0"},
		{fault: faults.RSUnlimited, rs: true, observe: func(r *routerHarness) string { return fmt.Sprint(solicitations(r.harness, 30*time.Second) > 3) },
			correct: "false", wrong: "true"},
		{fault: faults.RSAfterRA, rs: true, observe: func(r *routerHarness) string {
			n := solicitations(r.harness, 3*time.Second)
			r.send(ra())
			return fmt.Sprint(n, solicitations(r.harness, 15*time.Second))
		}, correct: "1 0", wrong: "1 2"},

		// Router Advertisement validation and processing.
		{fault: faults.RAAnyHopLimit, observe: afterRA(icmpPkt(tnLL, allNodes, 254, 134, 0, raMsg(64, 0, 1800, 0, 0)), routers), correct: "0", wrong: "1"},
		{fault: faults.RAGlobalSourceAccepted, observe: afterRA(icmpPkt(tnGlobal, allNodes, 255, 134, 0, raMsg(64, 0, 1800, 0, 0)), routers), correct: "0", wrong: "1"},
		{fault: faults.RAAnyCode, observe: afterRA(icmpPkt(tnLL, allNodes, 255, 134, 1, raMsg(64, 0, 1800, 0, 0)), routers), correct: "0", wrong: "1"},
		{fault: faults.RAShortAccepted, observe: afterRA(icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(64, 0, 1800, 0, 0)[:8]), routers), correct: "0", wrong: "1"},
		{fault: faults.IgnoreRouterLifetime, observe: func(r *routerHarness) string {
			r.send(icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(64, 0, 5, 0, 0)))
			r.clk.Advance(6 * time.Second)
			return routers(r.harness)
		}, correct: "0", wrong: "1"},
		{fault: faults.IgnoreRACurHopLimit, observe: func(r *routerHarness) string {
			r.learnTN()
			r.send(icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(100, 0, 1800, 0, 0)))
			r.send(echo(tnLL, nutLL, 1))
			return fmt.Sprint(ofType(r.sent(), 129)[0].ip().HopLimit)
		}, correct: "100", wrong: "64"},
		{fault: faults.IgnoreRAReachableTime, observe: afterRA(icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(64, 0, 1800, 10000, 0)),
			params(func(p LinkParams) string { return p.BaseReachableTime.String() })), correct: "10s", wrong: "30s"},
		{fault: faults.IgnoreRARetransTimer, observe: afterRA(icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(64, 0, 1800, 0, 2000)),
			params(func(p LinkParams) string { return p.RetransTimer.String() })), correct: "2s", wrong: "1s"},
		{fault: faults.IgnoreRAMTU, observe: afterRA(ra([]byte{5, 1, 0, 0, 0, 0, 0x05, 0x00}),
			func(h *harness) string { return fmt.Sprint(h.node.PathMTU(tnGlobal)) }), correct: "1280", wrong: "1500"},
		{fault: faults.RASLLAIgnored, observe: afterRA(ra(sllaOpt(tnMAC)), func(h *harness) string { return neighborState(h, tnLL) }),
			correct: "STALE", wrong: "none"},
		{fault: faults.IgnoreOnLinkFlag, observe: afterRA(ra(pioOpt(netip.MustParsePrefix("2001:db8:99::/64"), true, false, time.Hour, time.Hour)), toOffLink),
			correct: "on-link", wrong: "tr1"},
		{fault: faults.IgnoreRouterPreference, observe: func(r *routerHarness) string {
			r.send(icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(64, nd.PrefLow.Bits()<<nd.PrfShift, 1800, 0, 0)))
			r.send(icmpPkt(tr2LL, allNodes, 255, 134, 0, raMsg(64, nd.PrefHigh.Bits()<<nd.PrfShift, 1800, 0, 0)))
			return toOffLink(r.harness)
		}, correct: "tr2", wrong: "tr1"},
		{fault: faults.IgnoreRouteInformation, observe: func(r *routerHarness) string {
			r.send(ra())
			r.send(icmpPkt(tr2LL, allNodes, 255, 134, 0, raMsg(64, 0, 0, 0, 0, rioOpt(netip.MustParsePrefix("2001:db8:99::/48"), nd.PrefHigh, time.Hour))))
			return toOffLink(r.harness)
		}, correct: "tr2", wrong: "tr1"},
		{fault: faults.IgnoreRDNSS, observe: afterRA(ra(func() []byte {
			b := make([]byte, 24)
			return b[:nd.PutRDNSSOption(b, 10*time.Minute, []netip.Addr{netip.MustParseAddr("2001:db8::53")})]
		}()), func(h *harness) string { return fmt.Sprint(len(h.node.DNS())) }), correct: "1", wrong: "0"},
		{fault: faults.IgnoreDNSSL, observe: afterRA(ra(func() []byte {
			b := make([]byte, 64)
			return b[:nd.PutDNSSLOption(b, 10*time.Minute, []string{"example.com"})]
		}()), func(h *harness) string {
			var s []string
			for _, x := range h.node.DNS() {
				s = append(s, x.Domain)
			}
			return fmt.Sprint(s)
		}), correct: "[example.com]", wrong: "[]"},
		{fault: faults.NARouterFlagIgnored, observe: withRouter(func(h *harness) string {
			h.send(icmpPkt(tnLL, allNodes, 255, 136, 0, naBody(0, tnLL, nil)))
			return routers(h)
		}), correct: "0", wrong: "1"},

		// Address autoconfiguration.
		{fault: faults.NoSLAAC, observe: autoconfigured(pio(time.Hour, 30*time.Minute)), correct: "1", wrong: "0"},
		{fault: faults.SLAACIgnoresAFlag, observe: autoconfigured(pioOpt(slaacPfx, true, false, time.Hour, time.Hour)), correct: "0", wrong: "1"},
		{fault: faults.SLAACLinkLocalPrefix, observe: autoconfigured(pioOpt(netip.MustParsePrefix("fe80:0:0:1::/64"), true, true, time.Hour, time.Hour)), correct: "0", wrong: "1"},
		{fault: faults.SLAACPreferredOverValid, observe: autoconfigured(pio(30*time.Minute, time.Hour)), correct: "0", wrong: "1"},
		{fault: faults.SLAACAnyPrefixLength, observe: autoconfigured(pioOpt(netip.MustParsePrefix("2001:db8:5::/56"), true, true, time.Hour, time.Hour)), correct: "0", wrong: "1"},
		{fault: faults.SLAACZeroValidLifetime, observe: autoconfigured(pio(0, 0)), correct: "0", wrong: "1"},
		{fault: faults.IgnorePreferredLifetime, observe: func(r *routerHarness) string {
			r.send(ra(pio(time.Hour, 10*time.Second)))
			r.clk.Advance(3 * time.Second)
			before := deprecated(r.harness)
			r.clk.Advance(10 * time.Second)
			return before + " " + deprecated(r.harness)
		}, correct: "false true", wrong: "false false"},
		{fault: faults.IgnoreValidLifetime, observe: func(r *routerHarness) string {
			r.send(ra(pio(20*time.Second, 10*time.Second)))
			r.clk.Advance(30 * time.Second)
			return autoAddrs(r.harness)
		}, correct: "0", wrong: "1"},
		{fault: faults.NoTwoHourRule, observe: func(r *routerHarness) string {
			r.send(ra(pio(3*time.Hour, time.Hour)))
			r.send(ra(pio(time.Minute, time.Minute)))
			r.clk.Advance(2 * time.Minute)
			return autoAddrs(r.harness)
		}, correct: "1", wrong: "0"},

		// Redirects.
		{fault: faults.RedirectIgnored, observe: redirected(validRedirect(), toOffLink), correct: "tr2", wrong: "tr1"},
		{fault: faults.RedirectAnySource, observe: redirected(redirectPkt(tr2LL, 255, 0, tr2LL, offLink), toOffLink), correct: "tr1", wrong: "tr2"},
		{fault: faults.RedirectAnyHopLimit, observe: redirected(redirectPkt(tnLL, 254, 0, tr2LL, offLink), toOffLink), correct: "tr1", wrong: "tr2"},
		{fault: faults.RedirectAnyCode, observe: redirected(redirectPkt(tnLL, 255, 1, tr2LL, offLink), toOffLink), correct: "tr1", wrong: "tr2"},
		{fault: faults.RedirectTLLAIgnored, observe: redirected(validRedirect(tllaOpt(tr2MAC)), func(h *harness) string { return neighborState(h, tr2LL) }),
			correct: "STALE", wrong: "none"},

		// Neighbor unreachability detection.
		{fault: faults.NUDNoProbe, observe: func(r *routerHarness) string {
			stale(r.harness)
			r.sent()
			r.clk.Advance(5 * time.Second)
			return fmt.Sprint(len(ofType(r.sent(), 135)))
		}, correct: "1", wrong: "0"},
		{fault: faults.NUDNoDelay, observe: func(r *routerHarness) string {
			stale(r.harness)
			r.sent()
			r.clk.Advance(100 * time.Millisecond)
			return fmt.Sprint(len(ofType(r.sent(), 135)))
		}, correct: "0", wrong: "1"},
		{fault: faults.StaleNotUpdatedByNS, observe: func(r *routerHarness) string {
			r.learnTN()
			r.send(icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, &tr2MAC)))
			for _, e := range r.node.Neighbors() {
				if e.Addr.WithZone("") == tnLL {
					return e.State + " " + e.LinkAddr.String()
				}
			}
			return "none"
		}, correct: "DELAY 00:00:00:00:c0:c0", wrong: "REACHABLE 00:00:00:00:a0:a0"}, // the NA to the new address starts DELAY
		{fault: faults.ReachableTimeNotRandom, observe: func(r *routerHarness) string {
			return params(func(p LinkParams) string { return fmt.Sprint(p.ReachableTime == p.BaseReachableTime) })(r.harness)
		}, correct: "false", wrong: "true"},

		// Router: Router Solicitations, anycast, Redirects.
		{fault: faults.RSAnyHopLimit, router: true, observe: rsSeen(icmpPkt(tnLL, netip.MustParseAddr("ff02::2"), 254, 133, 0, append(make([]byte, 4), sllaOpt(tnMAC)...))), correct: "0", wrong: "1"},
		{fault: faults.RSUnspecifiedWithSLLA, router: true, observe: rsSeen(icmpPkt(netip.IPv6Unspecified(), netip.MustParseAddr("ff02::2"), 255, 133, 0, append(make([]byte, 4), sllaOpt(tnMAC)...))), correct: "0", wrong: "1"},
		{fault: faults.RSSLLAIgnored, router: true, observe: func(r *routerHarness) string {
			r.send(icmpPkt(tr2LL, netip.MustParseAddr("ff02::2"), 255, 133, 0, append(make([]byte, 4), sllaOpt(tr2MAC)...)))
			return neighborState(r.harness, tr2LL)
		}, correct: "STALE", wrong: "none"},
		{fault: faults.NoSubnetRouterAnycast, router: true, observe: func(r *routerHarness) string {
			r.send(anycastNS)
			r.clk.Advance(time.Second)
			return fmt.Sprint(len(ofType(r.sent(), 136)))
		}, correct: "1", wrong: "0"},
		{fault: faults.AnycastOverride, router: true, observe: func(r *routerHarness) string {
			r.send(anycastNS)
			r.clk.Advance(time.Second)
			na := ofType(r.sent(), 136)[0].na()
			return fmt.Sprint(na.Solicited(), na.Override())
		}, correct: "true false", wrong: "true true"},
		{fault: faults.NoRedirectSent, router: true, observe: func(r *routerHarness) string {
			r.send(toLink0(1))
			return fmt.Sprint(len(ofType(r.sent(), 137)))
		}, correct: "1", wrong: "0"},
		{fault: faults.RedirectNoRateLimit, router: true, observe: func(r *routerHarness) string {
			for i := range 15 {
				r.send(toLink0(uint16(i)))
			}
			return fmt.Sprint(len(ofType(r.sent(), 137)))
		}, correct: "10", wrong: "15"},
	}
}

// TestNDFaults: each Neighbor Discovery and autoconfiguration fault changes
// the behaviour it names, and only with it.
func TestNDFaults(t *testing.T) {
	for _, c := range ndFaultCases() {
		t.Run(string(c.fault), func(t *testing.T) {
			run := func(fs ...faults.Fault) string {
				if c.router {
					return c.observe(newRouter(t, 1500, nil, fs...))
				}
				var opts []func(*Config)
				if c.rs {
					opts = append(opts, func(cfg *Config) { cfg.ND = nil })
				}
				h := newHarness(t, fs, opts...)
				if !c.rs {
					h.clk.Advance(2 * time.Second)
					h.pipe.Sent()
				}
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
