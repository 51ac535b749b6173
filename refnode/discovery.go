package refnode

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/nd"
)

// Router and prefix discovery as the node's users see it, and the small API
// the Router Advertisement sender (package rtadv) drives the node through:
//
//	n.OnRS(func(ifname string, src netip.Addr))   // told of each valid RS
//	n.SendND(ifname string, dst netip.Addr, msg []byte) error
//	n.Interface(ifname string) (InterfaceInfo, bool)
//	n.Clock(), n.Faults()
//
// rtadv builds the RA itself (nd.PutRA and the Put*Option builders); the
// node only checks it is an ND message, gives it the link-local source, hop
// limit 255 and the checksum.

// ErrNoLinkLocal says an interface has no usable link-local address (still
// tentative, or a duplicate): ND messages cannot be sent from it yet.
var ErrNoLinkLocal = errors.New("refnode: no usable link-local address on the interface")

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

func (n *Node) iface(name string) *iface {
	for _, ifc := range n.ifs {
		if ifc.name == name {
			return ifc
		}
	}
	return nil
}

// OnRS registers f to be called for each valid Router Solicitation a router
// receives (RFC 4861 §6.2.6), with the interface and the solicitor's
// address (:: if it had none). f runs with the node's lock held, inside
// frame processing: it must not call back into the node; it schedules.
func (n *Node) OnRS(f func(ifname string, src netip.Addr)) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.onRS = append(n.onRS, f)
}

// SendND sends the Neighbor Discovery message msg (ICMPv6 types 133 to 137,
// checksum left to the node) on the named interface to dst, from the
// interface's link-local address with hop limit 255 (RFC 4861 §4.2, §6.2.3).
// It fails while that address is not usable.
func (n *Node) SendND(ifname string, dst netip.Addr, msg []byte) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	ifc := n.iface(ifname)
	switch {
	case ifc == nil:
		return fmt.Errorf("refnode: no interface %q", ifname)
	case len(msg) < icmp6.HeaderLen || msg[0] < icmp6.TypeRouterSolicitation || msg[0] > icmp6.TypeRedirect:
		return errors.New("refnode: not a Neighbor Discovery message")
	case n.closed:
		return errors.New("refnode: node closed")
	case ifc.disabled || ifc.ll.State != nd.Preferred:
		return ErrNoLinkLocal
	case len(msg) > txBufferSize-ipv6.HeaderLen:
		return errors.New("refnode: message too long")
	}
	n.count(counter.NDAPISent)
	port{n}.SendND(ifc.index, ifc.ll.Addr, dst.WithZone(""), msg, [6]byte{}, false)
	return nil
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

func (n *Node) zoned(ifindex int, a netip.Addr) netip.Addr {
	if ipv6.Scope(a) == ipv6.ScopeLinkLocal {
		return a.WithZone(n.ifs[ifindex].name)
	}
	return a
}

// linkMTU is the MTU the node sends with on ifc: the device's, lowered by a
// host to what an RA's MTU option announced (RFC 4861 §6.3.4).
func (n *Node) linkMTU(ifc *iface) int {
	if ifc.tun != nil {
		return n.tunnelMTU(ifc) // tunnel_iface.go
	}
	if !n.router {
		if m := n.nd.LinkMTU(ifc.index); m != 0 && m < ifc.mtu {
			return m
		}
	}
	return ifc.mtu
}

// hopLimitOn is the hop limit of the packets the node originates on ifc: a
// host takes the Cur Hop Limit of the last RA that set one (§6.3.4).
func (n *Node) hopLimitOn(ifc *iface) uint8 {
	if !n.router {
		if h := n.nd.CurHopLimit(ifc.index); h != 0 {
			return h
		}
	}
	return n.hopLimit
}

// ownAnycast finds a among a router's subnet-router anycast addresses.
func (n *Node) ownAnycast(a netip.Addr) *nd.Address {
	for _, ifc := range n.ifs {
		for _, x := range ifc.anycast {
			if x.Addr == a {
				return x
			}
		}
	}
	return nil
}

// redirect sends a Redirect when a router forwards a packet back out of the
// interface it came in on and the packet's source is a neighbor there
// (RFC 4861 §8.2): the better first hop is next, on the same link.
func (n *Node) redirect(in, out *iface, pkt []byte, next netip.Addr) {
	if out != in || !n.router || n.faults.Has(faults.NoRedirectSent) {
		return
	}
	h := ipv6.Header(pkt)
	src, dst := h.Src(), h.Dst()
	switch {
	case ipv6.IsUnspecified(src), ipv6.IsMulticast(src), ipv6.IsMulticast(dst):
		return
	case !src.IsLinkLocalUnicast() && !in.isOnLink(src) && !n.faults.Has(faults.RedirectSourceNotNeighbor):
		n.count(counter.NDRedirectSourceNotNeighbor)
		return
	case next != dst && !next.IsLinkLocalUnicast() && !n.faults.Has(faults.RedirectGlobalTarget):
		n.count(counter.NDRedirectTargetNotLinkLocal) // §8.2: a router target is named by its link-local address
		return
	case len(pkt) > out.mtu, len(pkt) == out.mtu && n.faults.Has(faults.RedirectMTUOffByOne):
		return // Packet Too Big goes back instead
	}
	n.nd.SendRedirect(in.index, next, pkt)
}

// The node as ND's Port: router discovery and autoconfiguration.

func (p port) Anycast(ifindex int, a netip.Addr) *nd.Address {
	for _, x := range p.n.ifs[ifindex].anycast {
		if x.Addr == a {
			return x
		}
	}
	return nil
}

func (p port) Autoconf(ifindex int, prefix netip.Prefix, valid, preferred time.Duration) {
	p.n.autoconf(p.n.ifs[ifindex], prefix, valid, preferred)
}

func (p port) FirstHop(ifindex int, dst netip.Addr) (netip.Addr, bool) {
	out, next, ok := p.n.nextHop(p.n.ifs[ifindex], dst)
	if !ok || out.index != ifindex {
		return netip.Addr{}, false
	}
	return next, true
}

func (p port) DeviceMTU(ifindex int) int { return p.n.ifs[ifindex].mtu }

func (p port) RouterSolicited(ifindex int, src netip.Addr) {
	name := p.n.ifs[ifindex].name
	for _, f := range p.n.onRS {
		f(name, p.n.zoned(ifindex, src))
	}
}
