package refnode

import (
	"fmt"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// Route is a static route: packets to Prefix leave through
// Interface, to NextHop (a neighbor on that link), or straight to their
// destination when NextHop is the zero Addr (the prefix is on that link).
// A link-local NextHop may carry its zone, the interface's name
// (fe80::1%nut1); Interface may then be left empty.
// Prefixes of any length are allowed, longer than 64 included (RFC 7608).
// A Route with an IPv4 Prefix routes the IPv4 that tunnels carry
// (ip_forward.go): through a 4in6 or 4in4 tunnel, or to an IPv4 NextHop.
// A router forwards along its routes; both roles send their own packets
// along them when the destination is not on the link they answer on.
type Route struct {
	Prefix    netip.Prefix
	Interface string
	NextHop   netip.Addr
}

// route is a Route resolved to its interface.
type route struct {
	prefix netip.Prefix
	hop
}

// hop is where a route sends a packet: out of ifc, to the neighbor nextHop
// or, when nextHop is invalid, to the destination itself (on-link).
type hop struct {
	ifc     *iface
	nextHop netip.Addr
}

// addRoutes checks and installs the static routes, after the connected
// routes of the interfaces' own prefixes.
func (n *Node) addRoutes(rs []Route) error {
	for _, ifc := range n.ifs {
		for _, p := range ifc.onLink {
			n.addRoute(route{prefix: p, hop: hop{ifc: ifc}})
		}
	}
	for i, r := range rs {
		if r.Prefix.IsValid() && r.Prefix.Addr().Is4() {
			if err := n.v4.addRoute(i, r); err != nil { // IPv4 inside tunnels (ip_forward.go)
				return err
			}
			continue
		}
		// A next hop written with its zone (fe80::1%nut1) names the
		// interface itself (RFC 4007 §11).
		if z := r.NextHop.Zone(); z != "" {
			if r.Interface != "" && r.Interface != z {
				return fmt.Errorf("refnode: route %d: next hop %s is in zone %s, not on %s", i, r.NextHop, z, r.Interface)
			}
			r.Interface = z
		}
		var ifc *iface
		for _, x := range n.ifs {
			if x.name == r.Interface {
				ifc = x
			}
		}
		switch {
		case !r.Prefix.IsValid() || !r.Prefix.Addr().Is6() || r.Prefix.Addr().Is4In6():
			return fmt.Errorf("refnode: route %d: %s is not an IPv6 prefix", i, r.Prefix)
		case ifc == nil:
			return fmt.Errorf("refnode: route %d: no interface %q", i, r.Interface)
		case r.NextHop.IsValid() && (!r.NextHop.Is6() || ipv6.IsMulticast(r.NextHop) || ipv6.IsUnspecified(r.NextHop)):
			return fmt.Errorf("refnode: route %d: next hop %s is not a unicast address", i, r.NextHop)
		case r.NextHop.IsValid() && !r.NextHop.IsLinkLocalUnicast() && !ifc.isOnLink(r.NextHop):
			return fmt.Errorf("refnode: route %d: next hop %s is not on %s", i, r.NextHop, ifc.name)
		}
		n.addRoute(route{prefix: r.Prefix.Masked(), hop: hop{ifc: ifc, nextHop: r.NextHop.WithZone("")}})
	}
	return nil
}

// addRoute installs r. Of several routes with the same prefix, the first
// configured is the one used: later ones stay in routes, out of the table.
// The table maps a prefix to its hop's place in hops, which holds each
// hop once: a full table has a million routes but few hops, so a lookup
// ends in a small array that stays in the caches, not in the million
// routes.
func (n *Node) addRoute(r route) {
	n.routes = append(n.routes, r)
	if _, dup := n.fib.Get(r.prefix); dup {
		return
	}
	i, ok := n.hopIndex[r.hop]
	if !ok {
		i = uint32(len(n.hops))
		n.hops = append(n.hops, r.hop)
		if n.hopIndex == nil {
			n.hopIndex = map[hop]uint32{}
		}
		n.hopIndex[r.hop] = i
	}
	n.fib.Insert(r.prefix, i)
}

// lookup is the longest-prefix match over the routes (package lpm, a
// multibit trie fit for a full table); among equals, the first configured
// wins. A destination with a zone is in no route's prefix, as for
// netip.Prefix.Contains: the callers send scoped destinations out of
// their zone's interface before they look up a route (ip6_output.go,
// ip6_forward.go, scope6.go).
func (n *Node) lookup(dst netip.Addr) (hop, bool) {
	if n.faults.Has(faults.RoutePrefix64Max) {
		return n.lookupCapped(dst)
	}
	if dst.Zone() != "" {
		return hop{}, false
	}
	i, ok := n.fib.Lookup(dst)
	if !ok {
		return hop{}, false
	}
	return n.hops[i], true
}

// lookupCapped is the route-prefix-64-max fault's lookup: a scan of every
// route that ranks routes longer than /64 as /64s, so that the first
// configured of them wins.
func (n *Node) lookupCapped(dst netip.Addr) (hop, bool) {
	best, found := route{}, false
	for _, r := range n.routes {
		if r.prefix.Contains(dst) && (!found || min(r.prefix.Bits(), 64) > min(best.prefix.Bits(), 64)) {
			best, found = r, true
		}
	}
	return best.hop, found
}
