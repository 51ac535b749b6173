package refnode

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
)

var _ = testedIn(addrFaultList()...)

func addrFaultList() []faults.Fault {
	var fs []faults.Fault
	for _, c := range addrFaultCases() {
		fs = append(fs, c.fault)
	}
	return fs
}

// addrFaultCase is one row: the correct node observed one way, the faulty
// node another. A router case runs on a router between Link0 and Link1
// (newRouter) with routes; a host case on one interface with the extra
// addresses.
type addrFaultCase struct {
	fault          faults.Fault
	router         bool
	routes         []Route
	addrs          []string
	observe        func(*routerHarness) string
	correct, wrong string
}

// Addresses for the zone and scope cases.
var (
	// sameLL is the link-local address of a tester node on each link, as
	// in the paper's figure 2: the same bits in two zones.
	sameLL   = netip.MustParseAddr("fe80::a")
	ulaDst   = netip.MustParseAddr("fd00:db8:2::1")
	siteSrc  = netip.MustParseAddr("fec0:0:0:1::a0a0")
	anycast0 = netip.MustParseAddr("2001:db8:1::")
)

// repliesOn counts the Echo Replies on each link.
func repliesOn(r *routerHarness) string {
	return fmt.Sprintf("link0 %d link1 %d", len(ofType(r.sent(), 129)), len(ofType(r.sent1(), 129)))
}

// sourceTo is the source address the node picks to send to dst.
func sourceTo(dst string) func(*routerHarness) string {
	return func(r *routerHarness) string {
		r.node.mu.Lock()
		defer r.node.mu.Unlock()
		return r.node.sourceFor(r.node.ifs[0], netip.MustParseAddr(dst)).String()
	}
}

func addrFaultCases() []addrFaultCase {
	hostReplies := func(pkt []byte) func(*routerHarness) string {
		return func(r *routerHarness) string { r.send(pkt); return fmt.Sprint(len(ofType(r.sent(), 129))) }
	}
	forwarded := func(pkt []byte) func(*routerHarness) string {
		return func(r *routerHarness) string {
			r.send(pkt)
			return fmt.Sprintf("link1 %d link0 %d", len(r.sent1()), len(r.sent()))
		}
	}
	deprecated := netip.MustParsePrefix("3fff:4::/64")
	return []addrFaultCase{
		// Zones (RFC 4007 §6, §9).
		{fault: faults.LLAnyZone, router: true, observe: func(r *routerHarness) string {
			r.send1(echo(tn2LL, nutLL, 1)) // Link0's link-local address, on Link1
			return repliesOn(r)
		}, correct: "link0 0 link1 0", wrong: "link0 0 link1 1"},
		{fault: faults.LLFirstInterface, router: true, observe: func(r *routerHarness) string {
			r.send1(echo(tn2LL, nut1LL, 1))
			r.clk.Advance(1500 * time.Millisecond)
			return fmt.Sprintf("link1 replies %d, link0 solicitations %d", len(ofType(r.sent1(), 129)), len(ofType(r.sent(), 135)))
		}, correct: "link1 replies 1, link0 solicitations 0", wrong: "link1 replies 0, link0 solicitations 1"},
		{fault: faults.NeighborZoneBlind, router: true, observe: func(r *routerHarness) string {
			r.send(icmpPkt(sameLL, nutLL, 255, 135, 0, nsBody(nutLL, &tnMAC))) // fe80::a on Link0 is TN1
			r.sent()
			r.send1(echo(sameLL, nut1LL, 1)) // fe80::a on Link1 is TN2
			s := r.sent1()
			if len(s) == 0 {
				return "nothing"
			}
			return s[0].eth().DstMAC.String()
		}, correct: "33:33:ff:00:00:0a", wrong: "00:00:00:00:a0:a0"},

		// Multicast scopes and memberships (RFC 4291 §2.7, §2.8).
		{fault: faults.AcceptInterfaceLocal, observe: hostReplies(echo(tnLL, netip.MustParseAddr("ff01::1"), 1)), correct: "0", wrong: "1"},
		{fault: faults.AcceptScopeZero, observe: hostReplies(echo(tnLL, netip.MustParseAddr("ff00::1"), 1)), correct: "0", wrong: "1"},
		{fault: faults.AllNodesAnyScope, observe: hostReplies(echo(tnGlobal, netip.MustParseAddr("ff05::1"), 1)), correct: "0", wrong: "1"},
		{fault: faults.HostAllRouters, observe: hostReplies(echo(tnLL, netip.MustParseAddr("ff02::2"), 1)), correct: "0", wrong: "1"},
		{fault: faults.NoAllRouters, router: true, observe: hostReplies(echo(tnGlobal, netip.MustParseAddr("ff05::2"), 1)), correct: "1", wrong: "0"},
		{fault: faults.AnycastEchoFromAnycast, router: true, observe: func(r *routerHarness) string {
			r.send(echo(tnGlobal, anycast0, 1))
			rs := ofType(r.sent(), 129)
			if len(rs) != 1 {
				return fmt.Sprint(len(rs), " replies")
			}
			return rs[0].src().String()
		}, correct: nutGlobal.String(), wrong: anycast0.String()},

		// ULA and site-local are global in scope.
		{fault: faults.ULAScoped, router: true,
			routes:  []Route{{Prefix: netip.MustParsePrefix("fd00:db8:2::/64"), Interface: "v6l1", NextHop: tn2LL}},
			observe: forwarded(echo(tnGlobal, ulaDst, 1)), correct: "link1 1 link0 0", wrong: "link1 0 link0 0"},
		{fault: faults.SiteLocalScoped, router: true, observe: forwarded(echo(siteSrc, tn2Global, 1)),
			correct: "link1 1 link0 0", wrong: "link1 0 link0 0"}, // no route back to fec0::/10 for the error

		// Source address selection (RFC 6724 §5).
		{fault: faults.SourceFirstAddress, observe: sourceTo("2001:db8:5::1"), correct: nutGlobal.String(), wrong: nutLL.String()},
		{fault: faults.SASNoLongestMatch, addrs: []string{"3fff:3::1/64"}, observe: sourceTo("3fff:3::99"),
			correct: "3fff:3::1", wrong: nutGlobal.String()},
		{fault: faults.SASNoLabel, addrs: []string{"2001:0:3::1/64"}, observe: sourceTo("2001:2::99"),
			correct: nutGlobal.String(), wrong: "2001:0:3::1"},
		// 2001:db8:1:1::99 lies out of Link1 but shares 63 bits with
		// Link0's address: only rule 5 keeps Link1's.
		{fault: faults.SASIgnoresOutgoingInterface, router: true, observe: func(r *routerHarness) string {
			r.node.mu.Lock()
			defer r.node.mu.Unlock()
			return r.node.sourceFor(r.node.ifs[1], netip.MustParseAddr("2001:db8:1:1::99")).String()
		}, correct: nut1Global.String(), wrong: nutGlobal.String()},
		{fault: faults.SASUsesDeprecated, observe: func(r *routerHarness) string {
			r.send(ra(pioOpt(deprecated, true, true, time.Hour, time.Hour)))
			r.clk.Advance(3 * time.Second) // DAD
			r.send(ra(pioOpt(deprecated, true, true, time.Hour, 0)))
			got := sourceTo("3fff:4::99")(r)
			if got != nutGlobal.String() && !deprecated.Contains(netip.MustParseAddr(got)) {
				return "neither: " + got
			}
			return strings.Split(got, ":")[0]
		}, correct: "2001", wrong: "3fff"},
	}
}

// TestAddrFaults: each fault of this table changes the behaviour it
// names, and only with it.
func TestAddrFaults(t *testing.T) {
	for _, c := range addrFaultCases() {
		t.Run(string(c.fault), func(t *testing.T) {
			run := func(fs ...faults.Fault) string {
				if c.router {
					return c.observe(newRouter(t, 1500, c.routes, fs...))
				}
				h := newHarness(t, fs, func(cfg *Config) {
					for _, a := range c.addrs {
						cfg.Interfaces[0].Addresses = append(cfg.Interfaces[0].Addresses, netip.MustParsePrefix(a))
					}
				})
				h.clk.Advance(2 * time.Second)
				h.pipe.Sent()
				h.learnTN()
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

// TestDeprecatedStaticAddress: a static address configured deprecated
// is reported so, and is a source only when rule 3 is left out.
func TestDeprecatedStaticAddress(t *testing.T) {
	for _, c := range []struct {
		fs   []faults.Fault
		want string
	}{{nil, nutGlobal.String()}, {[]faults.Fault{faults.SASUsesDeprecated}, "3fff:4::1"}} {
		h := newHarness(t, c.fs, func(cfg *Config) {
			cfg.Interfaces[0].Deprecated = []netip.Prefix{netip.MustParsePrefix("3fff:4::1/64")}
		})
		h.clk.Advance(2 * time.Second)
		var dep []string
		for _, a := range h.node.Addresses() {
			if a.Deprecated {
				dep = append(dep, fmt.Sprintf("%s %s", a.Addr, a.State))
			}
		}
		if got := strings.Join(dep, ", "); got != "3fff:4::1 preferred" {
			t.Errorf("deprecated addresses: %q", got)
		}
		if got := sourceTo("3fff:4::99")(&routerHarness{harness: h}); got != c.want {
			t.Errorf("faults %v: source %s, want %s", c.fs, got, c.want)
		}
	}
}

// TestEchoFromOutgoingInterface: an Echo Request the node is made to send
// leaves through the interface its route names, from that interface's
// address (RFC 6724 §5 rule 5), though Link0's matches the destination
// better.
func TestEchoFromOutgoingInterface(t *testing.T) {
	r := newRouter(t, 1500, []Route{{Prefix: netip.MustParsePrefix("2001:db8:1:1::/64"), Interface: "v6l1", NextHop: tn2LL}})
	if err := r.node.SendEchoRequest(netip.MustParseAddr("2001:db8:1:1::99"), 1, 1, nil); err != nil {
		t.Fatal(err)
	}
	if s := ofType(r.sent1(), 128); len(s) != 1 || s[0].src() != nut1Global {
		t.Errorf("Link1 got %v, want one Echo Request from %s", summary(s), nut1Global)
	}
}

// TestRouteZone: a static route's next hop may name its interface as zone.
func TestRouteZone(t *testing.T) {
	next := tn2LL.WithZone("v6l1")
	r := newRouter(t, 1500, []Route{{Prefix: netip.MustParsePrefix("2001:db8:7::/64"), NextHop: next}})
	r.send(echo(tnGlobal, netip.MustParseAddr("2001:db8:7::1"), 1))
	if s := r.sent1(); len(s) != 1 || s[0].eth().DstMAC.String() != "00:00:00:00:b0:b0" {
		t.Errorf("Link1 got %v, want the packet forwarded to TN2", summary(s))
	}
	_, err := New(Config{Interfaces: []InterfaceConfig{{Name: "a", MAC: net.HardwareAddr(nutMAC[:])}, {Name: "b", MAC: net.HardwareAddr(nut1MAC[:])}},
		Routes: []Route{{Prefix: netip.MustParsePrefix("2001:db8:7::/64"), Interface: "a", NextHop: tn2LL.WithZone("b")}}})
	if err == nil || !strings.Contains(err.Error(), "zone") {
		t.Errorf("a next hop in another zone than its interface: %v", err)
	}
}

// TestNoLoopbackOnLink: the node never sends to ::1 or :: on a link, even
// with a default router to send everything else to (RFC 4291 §2.5.2,
// §2.5.3).
func TestNoLoopbackOnLink(t *testing.T) {
	h := started(t)
	h.learnTN()
	h.send(ra())
	h.pipe.Sent()
	for _, dst := range []netip.Addr{netip.IPv6Loopback(), netip.IPv6Unspecified()} {
		if err := h.node.SendEchoRequest(dst, 1, 1, nil); err != nil {
			t.Fatal(err)
		}
		if s := h.sent(); len(s) != 0 {
			t.Errorf("to %s: sent %v", dst, summary(s))
		}
	}
}
