package refnode

import (
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
	"github.com/v6ct/v6ct/refnode/scope"
)

// Zones and scopes (RFC 4007 §6, §9; RFC 4291 §2.7, §2.8). The node keeps
// one routing table and one neighbor cache for all its links: every
// neighbor entry is keyed by interface and address, a link-local
// destination leaves by the interface it came in on or names (fe80::1%nut0),
// and a link-local address is the node's own only on the interface it was
// formed on. Users see scoped addresses with their zone (zoned).

// zoned gives a link-local address of ifc its zone, the interface's name,
// for users (Addresses, Neighbors, logs); the wire never carries it.
func (ifc *iface) zoned(a netip.Addr) netip.Addr {
	if a.IsLinkLocalUnicast() {
		return a.WithZone(ifc.name)
	}
	return a
}

// ownAddressOn finds a among the node's addresses as a packet arriving on
// ifc names it: a link-local address only among ifc's own, since the same
// bits on another link name another zone's address; others among every
// interface's (a router answers for all its global addresses on any link).
func (n *Node) ownAddressOn(ifc *iface, a netip.Addr) *nd.Address {
	if a.IsLinkLocalUnicast() && !n.faults.Has(faults.LLAnyZone) {
		return ifc.address(a)
	}
	return n.ownAddress(a)
}

// multicastScopeDrop says why a multicast destination arriving from a link
// is never for the node, or None: the reserved scope 0 is dropped silently
// (RFC 4291 §2.7), and interface-local scope serves only loopback delivery
// inside the node (RFC 4291 §2.7, RFC 4007 §5), so no link can carry it.
func (n *Node) multicastScopeDrop(group netip.Addr) counter.Counter {
	switch ipv6.Scope(group) {
	case 0:
		if !n.faults.Has(faults.AcceptScopeZero) {
			return counter.IPv6MulticastScopeZero
		}
	case ipv6.ScopeInterfaceLocal:
		if !n.faults.Has(faults.AcceptInterfaceLocal) {
			return counter.IPv6InterfaceLocalFromLink
		}
	}
	return counter.None
}

// asJoined is the group the node looks up in its memberships for a packet
// to group: the same group, except for the accept-scope-zero fault, which
// reads scope 0 as link-local.
func (n *Node) asJoined(group netip.Addr) netip.Addr {
	if ipv6.Scope(group) == 0 && n.faults.Has(faults.AcceptScopeZero) {
		b := group.As16()
		b[1] = b[1]&0xf0 | ipv6.ScopeLinkLocal
		return netip.AddrFrom16(b)
	}
	return group
}

// allNodesAnyScope is the all-nodes-any-scope fault's reading of group.
func (n *Node) allNodesAnyScope(group netip.Addr) bool {
	if !n.faults.Has(faults.AllNodesAnyScope) {
		return false
	}
	b := group.As16()
	b[1] &= 0xf0
	return netip.AddrFrom16(b) == netip.MustParseAddr("ff00::1")
}

// listensAllRouters says whether the node joins the all-routers groups
// (RFC 4291 §2.8): routers do, hosts do not.
func (n *Node) listensAllRouters() bool {
	if n.router {
		return !n.faults.Has(faults.NoAllRouters)
	}
	return n.faults.Has(faults.HostAllRouters) || n.faults.Has(faults.HostLearnsFromAllRouter)
}

// keptOnLink reports whether a is an address a router must not carry off
// its link: link-local unicast (RFC 4291 §2.5.6, RFC 4007 §9). Unique local
// and site-local addresses are global in scope (RFC 4193 §3.3; RFC 3879
// §4, RFC 4291 §2.5.7) and are forwarded like any other, except by the
// ula-scoped and site-local-scoped faults.
func (n *Node) keptOnLink(a netip.Addr) bool {
	b := a.As16()
	switch {
	case a.IsLinkLocalUnicast():
		return b[1] == 0x80 || !n.faults.Has(faults.LinkLocalFE80Only)
	case b[0]&0xfe == 0xfc:
		return n.faults.Has(faults.ULAScoped)
	case b[0] == 0xfe && b[1]&0xc0 == 0xc0:
		return n.faults.Has(faults.SiteLocalScoped)
	}
	return false
}

// sourceFor picks the source address for a packet to peer out of ifc
// among the interface's preferred addresses, by RFC 6724 §5 (package
// scope); a deprecated address only when nothing else will do better
// (rule 3, RFC 4862 §5.5.4). Invalid when ifc has no usable address.
func (n *Node) sourceFor(ifc *iface, peer netip.Addr) netip.Addr {
	var buf [16]scope.Candidate
	cands := buf[:0]
	for _, a := range ifc.addrs {
		if a.State == nd.Preferred {
			cands = append(cands, scope.Candidate{Addr: a.Addr, Deprecated: a.Deprecated})
		}
	}
	if len(cands) == 0 {
		return netip.Addr{}
	}
	if n.faults.Has(faults.SASIgnoresOutgoingInterface) && scope.Of(peer) == ipv6.ScopeGlobal {
		// Every interface's global addresses compete, with no rule 5 to
		// favour the outgoing interface's.
		for _, other := range n.ifs {
			for _, a := range other.addrs {
				if other != ifc && a.State == nd.Preferred && scope.Of(a.Addr) == ipv6.ScopeGlobal {
					cands = append(cands, scope.Candidate{Addr: a.Addr, Deprecated: a.Deprecated})
				}
			}
		}
	}
	if n.faults.Has(faults.SourceFirstAddress) {
		return cands[0].Addr
	}
	var skip scope.Rules
	if n.faults.Has(faults.SASUsesDeprecated) {
		skip |= scope.SkipDeprecated
	}
	if n.faults.Has(faults.SASNoLabel) {
		skip |= scope.SkipLabel
	}
	if n.faults.Has(faults.SASNoLongestMatch) {
		skip |= scope.SkipLongestPrefix
	}
	if n.faults.Has(faults.SASScopeOffByOne) {
		skip |= scope.ScopeOffByOne
	}
	return cands[scope.Select(peer.WithZone(""), cands, skip)].Addr
}

// zoneBlindNeighbor is the neighbor-zone-blind fault: the link-layer
// address cached for next on another interface, as a node that keys its
// neighbor cache by address alone would use it.
func (n *Node) zoneBlindNeighbor(out *iface, next netip.Addr) (link.MAC, bool) {
	if !n.faults.Has(faults.NeighborZoneBlind) || !next.IsLinkLocalUnicast() {
		return link.MAC{}, false
	}
	for _, e := range n.nd.Neighbors() {
		if e.Addr == next && e.Ifindex != out.index && e.State != nd.Incomplete {
			return link.MAC(e.LinkAddr), true
		}
	}
	return link.MAC{}, false
}

func (n *Node) zoned(ifindex int, a netip.Addr) netip.Addr {
	if ipv6.Scope(a) == ipv6.ScopeLinkLocal {
		return a.WithZone(n.ifs[ifindex].name)
	}
	return a
}
