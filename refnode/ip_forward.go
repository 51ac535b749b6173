package refnode

import (
	"fmt"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/link"
)

// IPv4 routing, for the IPv4 that 4in6 and 4in4 tunnels carry: a
// longest-prefix lookup over the connected IPv4 prefixes of every
// interface (tunnels included) and the static routes with IPv4 prefixes;
// a router forwards along it (RFC 1812 §5.2, §5.3: TTL, Time Exceeded,
// Destination Unreachable, Fragmentation Needed), entering and leaving
// tunnels as RFC 2473 §3 and §7.2 and RFC 2003 §3 ask.
//
// A packet too big for the next link goes on in fragments (RFC 791 §3.2),
// or, with DF, is answered with Fragmentation Needed and the link's MTU
// (RFC 1191 §4).
//
// Left out: IPv4 options (read past, never acted on, copied into later
// fragments by their copied flag), directed broadcasts (never forwarded),
// redirects and multicast.

// addRoute4 checks and installs a static route with an IPv4 prefix:
// through a tunnel, or to a next hop on an interface with IPv4 addresses.
func (n *Node) addRoute4(i int, r Route) error {
	var ifc *iface
	for _, x := range n.ifs {
		if x.name == r.Interface {
			ifc = x
		}
	}
	switch {
	case ifc == nil:
		return fmt.Errorf("refnode: route %d: no interface %q", i, r.Interface)
	case ifc.tun != nil && ifc.tun.mode.InnerIs6():
		return fmt.Errorf("refnode: route %d: tunnel %s carries IPv6, not %s", i, ifc.name, r.Prefix)
	case ifc.tun == nil && len(ifc.v4) == 0:
		return fmt.Errorf("refnode: route %d: %s has no IPv4 address", i, ifc.name)
	case r.NextHop.IsValid() && (!r.NextHop.Is4() || ifc.tun != nil):
		return fmt.Errorf("refnode: route %d: next hop %s on %s", i, r.NextHop, ifc.name)
	case r.NextHop.IsValid():
		if _, on := ifc.onLink4(r.NextHop); !on {
			return fmt.Errorf("refnode: route %d: next hop %s is not on %s", i, r.NextHop, ifc.name)
		}
	}
	n.v4.routes = append(n.v4.routes, route{prefix: r.Prefix.Masked(), hop: hop{ifc: ifc, nextHop: r.NextHop}})
	return nil
}

// lookup4 is the longest-prefix match over the connected IPv4 prefixes
// and the static IPv4 routes: the interface and the neighbor to send to.
func (n *Node) lookup4(dst netip.Addr) (*iface, netip.Addr, bool) {
	var out *iface
	next, bits := netip.Addr{}, -1
	for _, ifc := range n.ifs {
		for _, p := range ifc.v4 {
			if p.Bits() > bits && p.Masked().Contains(dst) {
				out, next, bits = ifc, dst, p.Bits()
			}
		}
	}
	for _, r := range n.v4.routes {
		if r.prefix.Bits() > bits && r.prefix.Contains(dst) {
			out, next, bits = r.ifc, dst, r.prefix.Bits()
			if r.nextHop.IsValid() {
				next = r.nextHop
			}
		}
	}
	return out, next, out != nil
}

// own4 reports whether a is one of the node's IPv4 addresses, on any
// interface.
func (n *Node) own4(a netip.Addr) bool {
	for _, ifc := range n.ifs {
		if ifc.own4(a) {
			return true
		}
	}
	return false
}

// subnetBroadcast4 reports whether a is the broadcast address of one of
// the node's connected IPv4 subnets (RFC 1812 §5.3.5: not forwarded here).
func (n *Node) subnetBroadcast4(a netip.Addr) bool {
	for _, ifc := range n.ifs {
		for _, p := range ifc.v4 {
			if p.Bits() > 30 || !p.Masked().Contains(a) {
				continue
			}
			b := a.As4()
			host := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
			if mask := uint32(1)<<(32-p.Bits()) - 1; host&mask == mask {
				return true
			}
		}
	}
	return false
}

// source4 is the address the node's ICMPv4 errors about a packet that
// came in on ifc go from: ifc's own, else the first the node has.
func (n *Node) source4(ifc *iface) (netip.Addr, bool) {
	if len(ifc.v4) > 0 {
		return ifc.v4[0].Addr(), true
	}
	for _, x := range n.ifs {
		if len(x.v4) > 0 {
			return x.v4[0].Addr(), true
		}
	}
	return netip.Addr{}, false
}

// route4 sends one of the node's own IPv4 packets along the routes; a
// packet answering one that came through the tunnel hint goes back
// through it when no route says otherwise (a tunnel is point-to-point).
func (n *Node) route4(hint *iface, dst netip.Addr, pkt []byte) {
	out, next, ok := n.lookup4(dst)
	if !ok && hint != nil && hint.tun != nil {
		out, next, ok = hint, dst, true
	}
	if !ok {
		n.count(counter.IPv4OutNoRoute)
		return
	}
	if out.tun != nil {
		n.tunnelSend(out, pkt)
		return
	}
	n.v4.out.ToNeighbor(out, next, pkt)
}

// forward4 is a router's path for an IPv4 packet that is not for it (RFC
// 1812 §5.2-§5.3), in place in the receive buffer.
func (n *Node) forward4(in *iface, h ipv4.Header, llGroup bool) {
	dst, src := h.Dst(), h.Src()
	switch {
	case llGroup:
		n.count(counter.IPv4FwdLinkBroadcast) // RFC 1812 §5.3.4
		return
	case !ipv4.IsUnicast(dst) || n.subnetBroadcast4(dst):
		n.count(counter.IPv4FwdNotUnicast)
		return
	case !ipv4.IsUnicast(src):
		n.count(counter.IPv4FwdBadSource) // RFC 1812 §5.3.7
		return
	}
	if h.TTL() <= 1 && !n.faults.Has(faults.IPv4NoTimeExceeded) {
		n.count(counter.IPv4FwdTTLExceeded) // RFC 1812 §5.3.1
		n.icmp4Error(in, h, ipv4.ICMPTimeExceeded, ipv4.CodeTTLExceeded, 0)
		return
	}
	out, next, ok := n.lookup4(dst)
	if !ok {
		n.count(counter.IPv4FwdNoRoute)
		n.icmp4Error(in, h, ipv4.ICMPDestUnreachable, ipv4.CodeNetUnreachable, 0)
		return
	}
	decrement := !(in.tun != nil && n.faults.Has(faults.TunnelExitNoDecrement)) &&
		!(out.tun != nil && n.faults.Has(faults.TunnelEntryNoDecrement))
	if out.tun != nil {
		if d := n.entryDecision(out, h); d.TooBig {
			n.count(counter.TunnelTooBig)
			if d.DontFrag { // RFC 2473 §7.2 (a)
				n.icmp4Error(in, h, ipv4.ICMPDestUnreachable, ipv4.CodeFragNeeded, d.MTU)
			}
			return
		}
		if decrement && h.TTL() > 0 {
			h.SetTTL(h.TTL() - 1)
		}
		n.count(counter.IPv4FwdForwarded)
		n.v4.dropped = false
		n.encapsulate(out, h)
		if n.v4.dropped {
			n.v4.dropped = false
			if !n.faults.Has(faults.TunnelNoNestingLimit) {
				n.icmp4Error(in, h, ipv4.ICMPDestUnreachable, ipv4.CodeHostUnreachable, 0)
			}
		}
		return
	}
	if len(h) > out.mtu && h.DontFragment() && !n.faults.Has(faults.IPv4DFFragmented) {
		n.count(counter.IPv4FwdTooBig)
		n.icmp4Error(in, h, ipv4.ICMPDestUnreachable, ipv4.CodeFragNeeded, out.mtu)
		return
	}
	if decrement && h.TTL() > 0 {
		h.SetTTL(h.TTL() - 1)
	}
	n.count(counter.IPv4FwdForwarded)
	n.v4.out.ToNeighbor(out, next, h) // in fragments when too big
}

// send4 sends the plen octets built behind the IPv4 header in ifc.tx
// along the routes (through ifc when it is the tunnel the packet answers).
func (n *Node) send4(ifc *iface, src, dst netip.Addr, proto uint8, plen int) {
	pkt := ifc.tx[link.HeaderLen : link.HeaderLen+ipv4.HeaderLen+plen]
	n.v4.id++
	ipv4.Put(pkt, 0, n.v4.id, false, ipv4.DefaultTTL, proto, src, dst, plen)
	n.route4(ifc, dst, pkt)
}
