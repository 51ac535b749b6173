package refnode

import (
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/tunnel"
)

// decapsulate hands the packet inside a tunnel packet to IPv6 input on
// the tunnel interface, once the outer source is the tunnel's remote end
// (RFC 4213 §3.6; RFC 2473 §3.3). It reports whether the outer packet was
// for one of the node's tunnels.
func (ts *tunnels) decapsulate(outer6 bool, dst, src netip.Addr, proto uint8, inner []byte) bool {
	ifc, ok := ts.find(outer6, dst, src, proto)
	if ifc == nil {
		return false
	}
	switch {
	case ts.n.faults.Has(faults.TunnelNoDecap):
		ts.n.count(counter.TunnelDecapRefused)
		return true
	case !ok && !ts.n.faults.Has(faults.TunnelNoSourceCheck):
		ts.n.count(counter.TunnelDecapWrongSource) // RFC 4213 §3.6: discarded silently
		return true
	case !ifc.tun.mode.InnerIs6():
		if len(inner) < ipv4.HeaderLen || inner[0]>>4 != ipv4.Version {
			ts.n.count(counter.TunnelDecapNotIPv4)
			return true
		}
		ts.n.count(counter.TunnelDecapsulated)
		ts.n.v4.input(ifc, inner, false) // RFC 2473 §3.3, RFC 2003 §3
		return true
	case len(inner) < ipv6.HeaderLen || inner[0]>>4 != ipv6.Version:
		ts.n.count(counter.TunnelDecapNotIPv6)
		return true
	}
	ts.n.count(counter.TunnelDecapsulated)
	if ts.n.faults.Has(faults.TunnelExitNoDecrement) && inner[ipv6.OffHopLimit] < 255 {
		inner[ipv6.OffHopLimit]++ // forwarding takes one off again
	}
	ts.n.ipv6Input(ifc, inner, false)
	return true
}

// icmp6Error handles an ICMPv6 error about one of the node's IPv6
// tunnel packets (RFC 2473 §8.1): Packet Too Big lowers the path MTU to
// the exit point; the others are reported to the source of the inner
// packet as Destination Unreachable code 3 (address unreachable). It
// reports false when the error is about something else.
func (ts *tunnels) icmp6Error(ifc *iface, msg []byte) bool {
	if len(msg) < icmp6.ErrorHeaderLen+ipv6.HeaderLen {
		return false
	}
	quote := icmp6.Error(msg).Invoking()
	q := ipv6.Header(quote)
	proto, inner, ok := innerOf6(quote)
	if !ok {
		return false
	}
	tun, ok := ts.find(true, q.Src(), q.Dst(), proto)
	if tun == nil || !ok {
		return false
	}
	typ := icmp6.Message(msg).Type()
	if proto == tunnel.ProtoIPv4 {
		ts.icmp6ErrorFor4(ifc, tun, msg, inner)
		return true
	}
	if typ == icmp6.TypePacketTooBig {
		ts.n.packetTooBig(ifc, msg)
		if ts.n.faults.Has(faults.TunnelSmallPTBRelayed) && len(inner) >= ipv6.HeaderLen {
			ts.n.icmpError(tun, inner, false, icmp6.TypePacketTooBig, 0, uint32(max(ts.mtu(tun), tunnel.MinMTU))) // whatever the original's size
			return true
		}
		if len(inner) < ipv6.HeaderLen || int(ipv6.Header(inner).PayloadLength())+ipv6.HeaderLen <= tunnel.MinMTU {
			return true // it was encapsulated whole and fragmented (§7.1 (a))
		}
		ts.n.count(counter.TunnelErrorRelayed)
		if !ts.n.faults.Has(faults.TunnelNoErrorRelay) {
			ts.n.icmpError(tun, inner, false, icmp6.TypePacketTooBig, 0, uint32(max(ts.mtu(tun), tunnel.MinMTU)))
		}
		return true
	}
	ts.n.count(counter.TunnelErrorReceived)
	if len(inner) < ipv6.HeaderLen || ts.n.faults.Has(faults.TunnelNoErrorRelay) {
		return true
	}
	ts.n.count(counter.TunnelErrorRelayed)
	ts.n.destUnreachable(tun, inner, false, icmp6.CodeAddressUnreach)
	return true
}

// innerOf6 finds the encapsulated packet in a (quoted) IPv6 tunnel
// packet, and its protocol: IPv6 or IPv4.
func innerOf6(pkt []byte) (uint8, []byte, bool) {
	next, at := pkt[ipv6.OffNextHeader], ipv6.HeaderLen
	for next != tunnel.ProtoIPv6 && next != tunnel.ProtoIPv4 {
		if (next != ipv6.ProtoDestOpts && next != ipv6.ProtoHopByHop) || at+8 > len(pkt) {
			return 0, nil, false
		}
		next, at = pkt[at], at+(int(pkt[at+1])+1)*8
	}
	if at > len(pkt) {
		return 0, nil, false
	}
	return next, pkt[at:], true
}

// icmp4Error handles an ICMPv4 error about one of the node's IPv4
// tunnel packets (RFC 4213 §3.4): Fragmentation Needed lowers the
// tunnel's IPv4 path MTU (RFC 1191, §3.2.2); another error quoting enough
// of the packet to hold the inner IPv6 header is reported to its source
// as Destination Unreachable code 3. A 4in4 tunnel reports in ICMPv4
// (tunnels.icmp4ErrorFor4).
func (ts *tunnels) icmp4Error(m ipv4.ICMP) {
	quote := m.Quote()
	if len(quote) < ipv4.HeaderLen || quote[0]>>4 != ipv4.Version {
		ts.n.count(counter.IPv4ICMPErrorShort)
		return
	}
	q := ipv4.Header(quote)
	tun, ok := ts.find(false, q.Src(), q.Dst(), q.Protocol())
	if tun == nil || !ok || q.HeaderLen() > len(quote) {
		ts.n.count(counter.IPv4ICMPErrorNotOurs)
		return
	}
	if m.Type() == ipv4.ICMPDestUnreachable && m.Code() == ipv4.CodeFragNeeded {
		if mtu := m.NextHopMTU(); mtu >= 68 && mtu < tun.tun.pmtu4 && !ts.n.faults.Has(faults.TunnelFragNeededIgnored) {
			tun.tun.pmtu4 = mtu
			tun.mtu = ts.mtu(tun)
			ts.n.count(counter.TunnelPMTU4Lowered)
			ts.n.logf("%s: IPv4 path MTU to %s is %d", tun.name, tun.tun.remote, mtu)
		}
		if ts.n.faults.Has(faults.Tunnel4FragNeededRelayed) && tun.tun.mode.InnerIs6() {
			ts.relayAsUnreachable(tun, quote[q.HeaderLen():])
			return
		}
		if tun.tun.mode.InnerIs6() {
			return
		}
	}
	inner := quote[q.HeaderLen():]
	if !tun.tun.mode.InnerIs6() {
		ts.icmp4ErrorFor4(tun, m, inner)
		return
	}
	ts.n.count(counter.TunnelErrorReceived)
	if len(inner) < ipv6.HeaderLen || inner[0]>>4 != ipv6.Version || ts.n.faults.Has(faults.TunnelNoICMPv4Relay) {
		return
	}
	ts.n.count(counter.TunnelErrorRelayed)
	ts.n.destUnreachable(tun, inner, false, icmp6.CodeAddressUnreach)
}

// icmp6ErrorFor4 handles an ICMPv6 error about one of the node's
// 4in6 tunnel packets, inner its (quoted) IPv4 packet (RFC 2473 §8):
// Packet Too Big lowers the path MTU to the exit point and, when the
// inner packet has DF and no longer fits, tells its source Fragmentation
// Needed with the tunnel MTU; the other errors are reported to the source
// as Destination Unreachable code 1 (host unreachable), from the tunnel's
// IPv4 address.
func (ts *tunnels) icmp6ErrorFor4(ifc, tun *iface, msg, inner []byte) {
	if len(inner) < ipv4.HeaderLen || inner[0]>>4 != ipv4.Version {
		ts.n.count(counter.TunnelErrorShort)
		return
	}
	h := ipv4.Header(inner)
	if icmp6.Message(msg).Type() == icmp6.TypePacketTooBig {
		ts.n.packetTooBig(ifc, msg)
		if mtu := ts.mtu4(tun); h.DontFragment() && h.TotalLength() > mtu && !ts.n.faults.Has(faults.TunnelNoErrorRelay) {
			ts.n.count(counter.TunnelErrorRelayed)
			ts.n.v4.icmpError(tun, h, ipv4.ICMPDestUnreachable, ipv4.CodeFragNeeded, mtu)
		}
		return
	}
	ts.n.count(counter.TunnelErrorReceived)
	if ts.n.faults.Has(faults.TunnelNoErrorRelay) {
		return
	}
	ts.n.count(counter.TunnelErrorRelayed)
	ts.n.v4.icmpError(tun, h, ipv4.ICMPDestUnreachable, ipv4.CodeHostUnreachable, 0)
}

// icmp4ErrorFor4 reports an ICMPv4 error about one of the node's
// 4in4 tunnel packets, inner its quoted IPv4 packet, to that packet's
// source when the quote holds its header (RFC 2003 §4): Network and Host
// Unreachable as they came, Protocol Unreachable as Host Unreachable
// (the source never sent protocol 4), Time Exceeded (a loop inside the
// tunnel) as Host Unreachable, Fragmentation Needed, the tunnel's path
// MTU lowered already, with the tunnel MTU when the inner packet has DF
// and no longer fits. Port Unreachable, Source Route Failed and the other
// codes concern the outer header alone and are not passed on; nor is an
// error about one of the node's own packets.
func (ts *tunnels) icmp4ErrorFor4(tun *iface, m ipv4.ICMP, inner []byte) {
	ts.n.count(counter.TunnelErrorReceived)
	if len(inner) < ipv4.HeaderLen || inner[0]>>4 != ipv4.Version || ipv4.Header(inner).HeaderLen() < ipv4.HeaderLen {
		ts.n.count(counter.TunnelErrorShort)
		return
	}
	h := ipv4.Header(inner)
	if ts.n.v4.own(h.Src()) || ts.n.faults.Has(faults.Tunnel4in4NoICMPv4Relay) {
		return
	}
	code, mtu := uint8(ipv4.CodeHostUnreachable), 0
	switch {
	case m.Type() == ipv4.ICMPTimeExceeded:
	case m.Code() == ipv4.CodeNetUnreachable:
		code = ipv4.CodeNetUnreachable
	case m.Code() == ipv4.CodeHostUnreachable, m.Code() == ipv4.CodeProtocolUnreachable:
	case m.Code() == ipv4.CodeFragNeeded:
		if mtu = ts.mtu4(tun); !h.DontFragment() || h.TotalLength() <= mtu {
			return
		}
		code = ipv4.CodeFragNeeded
	default:
		return
	}
	ts.n.count(counter.TunnelErrorRelayed)
	ts.n.v4.icmpError(tun, h, ipv4.ICMPDestUnreachable, code, mtu)
}
