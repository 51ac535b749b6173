package refnode

import (
	"fmt"
	"net"
	"net/netip"
	"sort"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/nd"
)

// The node's state as its users and tests see it: addresses, counters,
// neighbors, path MTUs, and what discovery learned (routers, prefixes,
// routes, DNS, link parameters); and the interface, clock and faults an
// RA sender (package rtadv) reads.

// Clock is the node's clock: an RA sender schedules on it.
func (n *Node) Clock() clock.Clock { return n.clock }

// Faults is the set of faults the node runs with (read only): an RA sender
// applies the ones about advertisements.
func (n *Node) Faults() faults.Set { return n.faults }

// InterfaceInfo describes an interface for an RA sender.
type InterfaceInfo struct {
	Name     string
	Index    int
	MAC      net.HardwareAddr
	MTU      int
	Prefixes []netip.Prefix // the configured on-link prefixes
}

// Interface describes the named interface.
func (n *Node) Interface(name string) (InterfaceInfo, bool) {
	ifc := n.iface(name)
	if ifc == nil {
		return InterfaceInfo{}, false
	}
	return InterfaceInfo{ifc.name, ifc.index, net.HardwareAddr(ifc.mac[:]), ifc.mtu, append([]netip.Prefix(nil), ifc.onLink...)}, true
}

// RouterInfo is an entry of a host's Default Router List.
type RouterInfo struct {
	Interface  string
	Addr       netip.Addr
	Preference string    // high, medium or low (RFC 4191)
	Expires    time.Time // zero: never
}

// PrefixInfo is an on-link prefix a host learned (RFC 4861 §6.3.4).
type PrefixInfo struct {
	Interface string
	Prefix    netip.Prefix
	Expires   time.Time
}

// RouteInfo is a route a host learned from a Route Information option.
type RouteInfo struct {
	Interface  string
	Prefix     netip.Prefix
	Router     netip.Addr
	Preference string
	Expires    time.Time
}

// DNSInfo is a recursive DNS server (Server valid) or a search domain a
// host learned from RFC 8106 options, with its lifetime's end.
type DNSInfo struct {
	Interface string
	Server    netip.Addr
	Domain    string
	Expires   time.Time
}

// LinkParams are the parameters Router Advertisements may change on an
// interface (RFC 4861 §6.3.2), with the number of Router Solicitations sent.
type LinkParams = nd.LinkInfo

// DefaultRouters lists the Default Router List.
func (n *Node) DefaultRouters() []RouterInfo {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []RouterInfo
	for _, r := range n.nd.Routers() {
		out = append(out, RouterInfo{n.ifs[r.Ifindex].name, n.zoned(r.Ifindex, r.Addr), r.Preference.String(), r.Expires})
	}
	return out
}

// OnLinkPrefixes lists the Prefix List learned from advertisements.
func (n *Node) OnLinkPrefixes() []PrefixInfo {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []PrefixInfo
	for _, p := range n.nd.Prefixes() {
		out = append(out, PrefixInfo{n.ifs[p.Ifindex].name, p.Prefix, p.Expires})
	}
	return out
}

// LearnedRoutes lists the routes of Route Information options.
func (n *Node) LearnedRoutes() []RouteInfo {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []RouteInfo
	for _, r := range n.nd.Routes() {
		out = append(out, RouteInfo{n.ifs[r.Ifindex].name, r.Prefix, n.zoned(r.Ifindex, r.Router), r.Preference.String(), r.Expires})
	}
	return out
}

// DNS lists the recursive DNS servers and search domains (RFC 8106) whose
// lifetime has not run out.
func (n *Node) DNS() []DNSInfo {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []DNSInfo
	for _, x := range n.nd.DNS() {
		s := x.Server
		if s.IsValid() {
			s = n.zoned(x.Ifindex, s)
		}
		out = append(out, DNSInfo{n.ifs[x.Ifindex].name, s, x.Domain, x.Expires})
	}
	return out
}

// Link returns the ND parameters of the named interface.
func (n *Node) Link(name string) (LinkParams, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	ifc := n.iface(name)
	if ifc == nil {
		return LinkParams{}, false
	}
	return n.nd.Link(ifc.index), true
}

// NextHop is the neighbor a packet from the node to dst goes to first, as
// the node decides now (RFC 4861 §5.2), and its interface.
func (n *Node) NextHop(dst netip.Addr) (ifname string, next netip.Addr, ok bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	out, next, ok := n.nextHop(n.ifaceFor(dst), dst.WithZone(""))
	if !ok {
		return "", netip.Addr{}, false
	}
	return out.name, n.zoned(out.index, next), true
}

// The node as ND's Port: router discovery and autoconfiguration.

// AddressInfo describes one of the node's addresses.
type AddressInfo struct {
	Interface string
	Addr      netip.Addr // link-local addresses carry the interface name as zone
	PrefixLen int
	State     AddressState
	// Autoconf marks an address formed from an advertised prefix (RFC
	// 4862 §5.5.3); Deprecated, one whose preferred lifetime ran out.
	Autoconf, Deprecated bool
}

func (a AddressInfo) String() string {
	s := fmt.Sprintf("%s/%d (%s)", a.Addr, a.PrefixLen, a.State)
	if a.Deprecated {
		s += " deprecated"
	}
	return s
}

// Addresses lists every address of every interface, link-local first.
func (n *Node) Addresses() []AddressInfo {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []AddressInfo
	for _, ifc := range n.ifs {
		for _, a := range ifc.addrs {
			addr := a.Addr
			if ipv6.Scope(addr) == ipv6.ScopeLinkLocal {
				addr = addr.WithZone(ifc.name)
			}
			out = append(out, AddressInfo{Interface: ifc.name, Addr: addr, PrefixLen: a.PrefixLen, State: a.State,
				Autoconf: ifc.autoFor(a) != nil, Deprecated: a.Deprecated})
		}
	}
	return out
}

// Settled is closed once no address is tentative any more (DAD finished on
// every interface that still runs IPv6).
func (n *Node) Settled() <-chan struct{} { return n.settled }

// Counters returns a copy of the event and drop counters that are not
// zero, by their dotted names (refnode/counter).
func (n *Node) Counters() map[string]uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := map[string]uint64{}
	for c, v := range n.counters {
		if v != 0 {
			out[counter.Counter(c).String()] = v
		}
	}
	return out
}

// Counter returns the value of one counter.
func (n *Node) Counter(c counter.Counter) uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.counters[c]
}

// Neighbor is a neighbor cache entry as users see it.
type Neighbor struct {
	Interface string
	Addr      netip.Addr
	State     string
	LinkAddr  net.HardwareAddr
	IsRouter  bool
	Queued    int
}

// Neighbors lists the neighbor cache, sorted by interface and address.
func (n *Node) Neighbors() []Neighbor {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []Neighbor
	for _, e := range n.nd.Neighbors() {
		addr := e.Addr
		if ipv6.Scope(addr) == ipv6.ScopeLinkLocal {
			addr = addr.WithZone(n.ifs[e.Ifindex].name)
		}
		var mac net.HardwareAddr
		if e.State != nd.Incomplete {
			mac = net.HardwareAddr(e.LinkAddr[:])
		}
		out = append(out, Neighbor{n.ifs[e.Ifindex].name, addr, e.State.String(), mac, e.IsRouter, e.Queued})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Interface != out[j].Interface {
			return out[i].Interface < out[j].Interface
		}
		return out[i].Addr.Less(out[j].Addr)
	})
	return out
}

// PathMTU is the node's current path MTU estimate to dst (a link-local dst
// names its interface as zone; otherwise the first interface it is on-link
// on, else the first interface).
func (n *Node) PathMTU(dst netip.Addr) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	ifc := n.ifaceFor(dst)
	return n.pmtu.Get(ifc.index, dst.WithZone(""), n.linkMTU(ifc))
}
