package refnode

import (
	"fmt"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/tunnel"
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
	n.output4(out, next, pkt)
}

// tunnelMTU4 is the MTU a tunnel carrying IPv4 offers: the configured
// one, else the path MTU to the exit point less the tunnel headers (RFC
// 2473 §6.7, §7.2; RFC 2003 §5.1).
func (n *Node) tunnelMTU4(ifc *iface) int {
	t := ifc.tun
	switch {
	case t.static != 0:
		return t.static
	case !t.mode.OuterIs6():
		return t.pmtu4 - tunnel.IPv4HeaderLen
	}
	out, _, ok := n.nextHop(t.under, t.remote)
	if !ok || out.tun != nil {
		return tunnel.MinMTU - tunnel.OuterLen(t.mode, t.encapLimit)
	}
	return n.pmtu.Get(out.index, t.remote, out.mtu) - tunnel.OuterLen(t.mode, t.encapLimit)
}

// entryDecision4 applies RFC 2473 §7.2 (RFC 2003 §5.1 outside IPv4) to an
// IPv4 packet entering out.
func (n *Node) entryDecision4(out *iface, pkt []byte) tunnel.Decision {
	df := len(pkt) >= ipv4.HeaderLen && ipv4.Header(pkt).DontFragment()
	if n.faults.Has(faults.TunnelIPv4DFIgnored) {
		df = false
	}
	outer6 := out.tun.mode.OuterIs6()
	size, mtu := len(pkt), n.tunnelMTU4(out)
	if size == mtu && n.faults.Has(faults.TunnelIPv4MTUOffByOne) {
		size++ // the faulty node's size < MTU
	}
	d := tunnel.EntryIPv4(size, df, mtu)
	if d.Fragment && outer6 && n.faults.Has(faults.TunnelSmallPacketRefused) {
		return tunnel.Decision{TooBig: true, MTU: n.tunnelMTU4(out), DontFrag: true}
	}
	if d.TooBig && !outer6 && n.faults.Has(faults.Tunnel4MTU576) {
		d.MTU = 576 // not the tunnel MTU of RFC 2003 §5.1
	}
	return d
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
	n.output4(out, next, h) // in fragments when too big
}

// tunnelICMPv6ErrorFor4 handles an ICMPv6 error about one of the node's
// 4in6 tunnel packets, inner its (quoted) IPv4 packet (RFC 2473 §8):
// Packet Too Big lowers the path MTU to the exit point and, when the
// inner packet has DF and no longer fits, tells its source Fragmentation
// Needed with the tunnel MTU; the other errors are reported to the source
// as Destination Unreachable code 1 (host unreachable), from the tunnel's
// IPv4 address.
func (n *Node) tunnelICMPv6ErrorFor4(ifc, tun *iface, msg, inner []byte) {
	if len(inner) < ipv4.HeaderLen || inner[0]>>4 != ipv4.Version {
		n.count(counter.TunnelErrorShort)
		return
	}
	h := ipv4.Header(inner)
	if icmp6.Message(msg).Type() == icmp6.TypePacketTooBig {
		n.packetTooBig(ifc, msg)
		if mtu := n.tunnelMTU4(tun); h.DontFragment() && h.TotalLength() > mtu && !n.faults.Has(faults.TunnelNoErrorRelay) {
			n.count(counter.TunnelErrorRelayed)
			n.icmp4Error(tun, h, ipv4.ICMPDestUnreachable, ipv4.CodeFragNeeded, mtu)
		}
		return
	}
	n.count(counter.TunnelErrorReceived)
	if n.faults.Has(faults.TunnelNoErrorRelay) {
		return
	}
	n.count(counter.TunnelErrorRelayed)
	n.icmp4Error(tun, h, ipv4.ICMPDestUnreachable, ipv4.CodeHostUnreachable, 0)
}

// tunnelICMPv4ErrorFor4 reports an ICMPv4 error about one of the node's
// 4in4 tunnel packets, inner its quoted IPv4 packet, to that packet's
// source when the quote holds its header (RFC 2003 §4): Network and Host
// Unreachable as they came, Protocol Unreachable as Host Unreachable
// (the source never sent protocol 4), Time Exceeded (a loop inside the
// tunnel) as Host Unreachable, Fragmentation Needed, the tunnel's path
// MTU lowered already, with the tunnel MTU when the inner packet has DF
// and no longer fits. Port Unreachable, Source Route Failed and the other
// codes concern the outer header alone and are not passed on; nor is an
// error about one of the node's own packets.
func (n *Node) tunnelICMPv4ErrorFor4(tun *iface, m ipv4.ICMP, inner []byte) {
	n.count(counter.TunnelErrorReceived)
	if len(inner) < ipv4.HeaderLen || inner[0]>>4 != ipv4.Version || ipv4.Header(inner).HeaderLen() < ipv4.HeaderLen {
		n.count(counter.TunnelErrorShort)
		return
	}
	h := ipv4.Header(inner)
	if n.own4(h.Src()) || n.faults.Has(faults.Tunnel4in4NoICMPv4Relay) {
		return
	}
	code, mtu := uint8(ipv4.CodeHostUnreachable), 0
	switch {
	case m.Type() == ipv4.ICMPTimeExceeded:
	case m.Code() == ipv4.CodeNetUnreachable:
		code = ipv4.CodeNetUnreachable
	case m.Code() == ipv4.CodeHostUnreachable, m.Code() == ipv4.CodeProtocolUnreachable:
	case m.Code() == ipv4.CodeFragNeeded:
		if mtu = n.tunnelMTU4(tun); !h.DontFragment() || h.TotalLength() <= mtu {
			return
		}
		code = ipv4.CodeFragNeeded
	default:
		return
	}
	n.count(counter.TunnelErrorRelayed)
	n.icmp4Error(tun, h, ipv4.ICMPDestUnreachable, code, mtu)
}
