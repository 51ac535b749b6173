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

// addRoute checks and installs a static route with an IPv4 prefix:
// through a tunnel, or to a next hop on an interface with IPv4 addresses.
func (v *inet4) addRoute(i int, r Route) error {
	var ifc *iface
	for _, x := range v.n.ifs {
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
	v.routes = append(v.routes, route{prefix: r.Prefix.Masked(), hop: hop{ifc: ifc, nextHop: r.NextHop}})
	return nil
}

// lookup is the longest-prefix match over the connected IPv4 prefixes
// and the static IPv4 routes: the interface and the neighbor to send to.
func (v *inet4) lookup(dst netip.Addr) (*iface, netip.Addr, bool) {
	var out *iface
	next, bits := netip.Addr{}, -1
	for _, ifc := range v.n.ifs {
		for _, p := range ifc.v4 {
			if p.Bits() > bits && p.Masked().Contains(dst) {
				out, next, bits = ifc, dst, p.Bits()
			}
		}
	}
	for _, r := range v.routes {
		if r.prefix.Bits() > bits && r.prefix.Contains(dst) {
			out, next, bits = r.ifc, dst, r.prefix.Bits()
			if r.nextHop.IsValid() {
				next = r.nextHop
			}
		}
	}
	return out, next, out != nil
}

// own reports whether a is one of the node's IPv4 addresses, on any
// interface.
func (v *inet4) own(a netip.Addr) bool {
	for _, ifc := range v.n.ifs {
		if ifc.own4(a) {
			return true
		}
	}
	return false
}

// subnetBroadcast reports whether a is the broadcast address of one of
// the node's connected IPv4 subnets (RFC 1812 §5.3.5: not forwarded here).
func (v *inet4) subnetBroadcast(a netip.Addr) bool {
	for _, ifc := range v.n.ifs {
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

// source is the address the node's ICMPv4 errors about a packet that
// came in on ifc go from: ifc's own, else the first the node has.
func (v *inet4) source(ifc *iface) (netip.Addr, bool) {
	if len(ifc.v4) > 0 {
		return ifc.v4[0].Addr(), true
	}
	for _, x := range v.n.ifs {
		if len(x.v4) > 0 {
			return x.v4[0].Addr(), true
		}
	}
	return netip.Addr{}, false
}

// route sends one of the node's own IPv4 packets along the routes; a
// packet answering one that came through the tunnel hint goes back
// through it when no route says otherwise (a tunnel is point-to-point).
func (v *inet4) route(hint *iface, dst netip.Addr, pkt []byte) {
	out, next, ok := v.lookup(dst)
	if !ok && hint != nil && hint.tun != nil {
		out, next, ok = hint, dst, true
	}
	if !ok {
		v.n.count(counter.IPv4OutNoRoute)
		return
	}
	if out.tun != nil {
		v.n.tunnels.send(out, pkt)
		return
	}
	v.out.ToNeighbor(out, next, pkt)
}

// forward is a router's path for an IPv4 packet that is not for it (RFC
// 1812 §5.2-§5.3), in place in the receive buffer.
func (v *inet4) forward(in *iface, h ipv4.Header, llGroup bool) {
	dst, src := h.Dst(), h.Src()
	switch {
	case llGroup:
		v.n.count(counter.IPv4FwdLinkBroadcast) // RFC 1812 §5.3.4
		return
	case !ipv4.IsUnicast(dst) || v.subnetBroadcast(dst):
		v.n.count(counter.IPv4FwdNotUnicast)
		return
	case !ipv4.IsUnicast(src):
		v.n.count(counter.IPv4FwdBadSource) // RFC 1812 §5.3.7
		return
	}
	if h.TTL() <= 1 && !v.n.faults.Has(faults.IPv4NoTimeExceeded) {
		v.n.count(counter.IPv4FwdTTLExceeded) // RFC 1812 §5.3.1
		v.icmpError(in, h, ipv4.ICMPTimeExceeded, ipv4.CodeTTLExceeded, 0)
		return
	}
	out, next, ok := v.lookup(dst)
	if !ok {
		v.n.count(counter.IPv4FwdNoRoute)
		v.icmpError(in, h, ipv4.ICMPDestUnreachable, ipv4.CodeNetUnreachable, 0)
		return
	}
	decrement := !(in.tun != nil && v.n.faults.Has(faults.TunnelExitNoDecrement)) &&
		!(out.tun != nil && v.n.faults.Has(faults.TunnelEntryNoDecrement))
	if out.tun != nil {
		if d := v.n.tunnels.entryDecision(out, h); d.TooBig {
			v.n.count(counter.TunnelTooBig)
			if d.DontFrag { // RFC 2473 §7.2 (a)
				v.icmpError(in, h, ipv4.ICMPDestUnreachable, ipv4.CodeFragNeeded, d.MTU)
			}
			return
		}
		if decrement && h.TTL() > 0 {
			h.SetTTL(h.TTL() - 1)
		}
		v.n.count(counter.IPv4FwdForwarded)
		v.n.tunnels.dropped = false
		v.n.tunnels.encapsulate(out, h)
		if v.n.tunnels.dropped {
			v.n.tunnels.dropped = false
			if !v.n.faults.Has(faults.TunnelNoNestingLimit) {
				v.icmpError(in, h, ipv4.ICMPDestUnreachable, ipv4.CodeHostUnreachable, 0)
			}
		}
		return
	}
	if len(h) > out.mtu && h.DontFragment() && !v.n.faults.Has(faults.IPv4DFFragmented) {
		v.n.count(counter.IPv4FwdTooBig)
		v.icmpError(in, h, ipv4.ICMPDestUnreachable, ipv4.CodeFragNeeded, out.mtu)
		return
	}
	if decrement && h.TTL() > 0 {
		h.SetTTL(h.TTL() - 1)
	}
	v.n.count(counter.IPv4FwdForwarded)
	v.out.ToNeighbor(out, next, h) // in fragments when too big
}

// send sends the plen octets built behind the IPv4 header in ifc.tx
// along the routes (through ifc when it is the tunnel the packet answers).
func (v *inet4) send(ifc *iface, src, dst netip.Addr, proto uint8, plen int) {
	pkt := ifc.tx[link.HeaderLen : link.HeaderLen+ipv4.HeaderLen+plen]
	v.id++
	ipv4.Put(pkt, 0, v.id, false, ipv4.DefaultTTL, proto, src, dst, plen)
	v.route(ifc, dst, pkt)
}
