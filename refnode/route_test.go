package refnode

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/v6ct/v6ct/refnode/lpm/lpmtest"
)

// scanRoutes is the lookup the node had before package lpm: a scan of
// every route for the longest prefix that contains dst, the first
// configured winning among equals. The node's lookup must agree with it.
func scanRoutes(rs []route, dst netip.Addr) (route, bool) {
	best, found := route{}, false
	for _, r := range rs {
		if r.prefix.Contains(dst) && (!found || r.prefix.Bits() > best.prefix.Bits()) {
			best, found = r, true
		}
	}
	return best, found
}

func (h hop) String() string {
	if h.ifc == nil {
		return "none"
	}
	return h.ifc.name + " " + h.nextHop.String()
}

// TestLookupAgreesWithScan configures a router with connected routes, 2000
// static routes of every length 0..128 through 512 next hops (some nested
// in the connected prefixes, some the same prefix twice through different
// interfaces), and
// looks up addresses inside them, just outside them, with zones, IPv4 and
// invalid: the trie gives the route the scan gives.
func TestLookupAgreesWithScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 16))
	bases := []netip.Addr{
		netip.MustParseAddr("2001:db8:1::"), netip.MustParseAddr("2001:db8:2::"),
		netip.MustParseAddr("2001:db8:3:4:5:6:7:8"), netip.MustParseAddr("fe80::"), netip.MustParseAddr("::"),
	}
	var routes []Route
	for i := range 2000 {
		b := bases[rng.IntN(len(bases))].As16()
		for j := range b {
			if rng.IntN(3) == 0 {
				b[j] = byte(rng.Uint32())
			}
		}
		p := netip.PrefixFrom(netip.AddrFrom16(b), rng.IntN(129))
		// Many next hops, so that a route found for the wrong prefix
		// rarely has the right one's hop by chance.
		next := netip.AddrFrom16([16]byte{0: 0xfe, 1: 0x80, 14: byte(i / 256 % 2), 15: byte(i)})
		r := Route{Prefix: p, Interface: "v6l0", NextHop: next}
		if i%2 == 1 {
			r = Route{Prefix: p, NextHop: next.WithZone("v6l1")}
		}
		routes = append(routes, r)
		if i%10 == 0 { // the same prefix again, on the other link: never used
			routes = append(routes, Route{Prefix: p, Interface: "v6l1"})
		}
	}
	r := newRouter(t, 1500, routes)
	n := r.node
	var probes []netip.Addr
	for _, rt := range n.routes {
		a := lpmtest.InPrefix(rng, rt.prefix)
		probes = append(probes, a, a.WithZone("v6l0"))
		if k := rt.prefix.Bits(); k > 0 {
			b := a.As16()
			b[(k-1)/8] ^= 0x80 >> ((k - 1) % 8) // just outside the prefix
			probes = append(probes, netip.AddrFrom16(b))
		}
	}
	probes = append(probes, tnGlobal, tn2Global, nut1Global, tn2LL, tn2LL.WithZone("v6l1"),
		netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("::ffff:192.0.2.1"), netip.Addr{})
	for _, dst := range probes {
		got, gok := n.lookup(dst)
		want, wok := scanRoutes(n.routes, dst)
		if gok != wok || got != want.hop {
			t.Fatalf("lookup(%v) = %s, %v; the scan: %s %s, %v", dst, got, gok, want.prefix, want.hop, wok)
		}
	}
	if a := testing.AllocsPerRun(100, func() { n.lookup(tn2Global) }); a != 0 {
		t.Errorf("lookup allocates %v times", a)
	}
}
