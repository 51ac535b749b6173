package refnode

import (
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/tunnel"
)

// forward is a router's forwarding into a tunnel (RFC 2473 §3.1, §7;
// RFC 4213 §3.2, §3.3), after forward's own checks: the limit option, the
// tunnel MTU, then the hop limit, decremented as on any link. A packet
// that a nested encapsulation gave up on is reported to its source as
// unreachable (RFC 2473 §4.1.1, §8.1).
func (ts *tunnels) forward(in, out *iface, pkt []byte, llGroup bool) {
	src := ipv6.Header(pkt).Src()
	switch {
	case ipv6.IsUnspecified(src):
		ts.n.count(counter.FwdUnspecifiedSource)
		return
	case ipv6.IsMulticast(src):
		ts.n.count(counter.FwdMulticastSource)
		return
	}
	if out.tun.mode.OuterIs6() {
		limit, off, ok := tunnel.EncapLimit(pkt)
		if ok && (ts.n.faults.Has(faults.EncapLimitLastOptionMissed) || ts.n.faults.Has(faults.EncapLimitAfterHopByHopMissed)) && ts.encapLimitMissed(pkt, off) {
			ok = false
		}
		if ok && (limit == 0 || limit == 1 && ts.n.faults.Has(faults.EncapLimitOneRefused)) && !ts.n.faults.Has(faults.TunnelEncapLimitIgnored) {
			ts.n.count(counter.TunnelEncapLimitExceeded) // RFC 2473 §4.1.1
			ts.n.paramProblem(in, pkt, llGroup, icmp6.CodeErroneousHeader, off)
			return
		}
	}
	if d := ts.entryDecision(out, pkt); d.TooBig {
		ts.n.count(counter.TunnelTooBig)
		if !ts.n.faults.Has(faults.TunnelTooBigSilent) {
			ts.n.icmpError(in, pkt, llGroup, icmp6.TypePacketTooBig, 0, uint32(d.MTU))
		}
		return
	}
	if !ts.n.faults.Has(faults.TunnelEntryNoDecrement) {
		pkt[ipv6.OffHopLimit]-- // forward checked it is above 1
	}
	ts.n.count(counter.FwdForwarded)
	ts.dropped = false
	ts.encapsulate(out, pkt)
	if ts.dropped {
		ts.dropped = false
		if !ts.n.faults.Has(faults.TunnelNoNestingLimit) {
			ts.n.destUnreachable(in, pkt, llGroup, icmp6.CodeAddressUnreach)
		}
	}
}

// entryDecision applies the tunnel MTU rules to pkt.
func (ts *tunnels) entryDecision(out *iface, pkt []byte) tunnel.Decision {
	t, size := out.tun, len(pkt)
	if !t.mode.InnerIs6() {
		return ts.entryDecision4(out, pkt)
	}
	switch {
	case t.static != 0:
		if size > t.static {
			return tunnel.Decision{TooBig: true, MTU: t.static}
		}
		return tunnel.Decision{} // static: DF never set (RFC 4213 §3.2.1)
	case !t.mode.OuterIs6():
		if size == t.pmtu4-tunnel.IPv4HeaderLen && ts.n.faults.Has(faults.Tunnel4MTUOffByOne) {
			size++ // the faulty node's size < MTU
		}
		if t.pmtu4-tunnel.IPv4HeaderLen == tunnel.MinMTU && ts.n.faults.Has(faults.Tunnel4MinMTUOffByOne) {
			return tunnel.Entry4(size, t.pmtu4-1) // the faulty node's mtu <= MinMTU
		}
		if t.pmtu4-tunnel.IPv4HeaderLen < tunnel.MinMTU && ts.n.faults.Has(faults.Tunnel4LowMTUNoTooBig) {
			return tunnel.Decision{} // the faulty node leaves any size to IPv4 fragmentation
		}
		return tunnel.Entry4(size, t.pmtu4)
	}
	mtu := ts.mtu(out)
	if size == mtu && ts.n.faults.Has(faults.Tunnel6MTUOffByOne) {
		size++ // the faulty node's size < MTU
	}
	d := tunnel.Entry6(size, mtu)
	if d.TooBig && ts.n.faults.Has(faults.TunnelPTBBelowMinimum) {
		d.MTU = mtu // the faulty node's MTU without the floor
	}
	if d.Fragment && ts.n.faults.Has(faults.TunnelSmallPacketRefused) {
		return tunnel.Decision{TooBig: true, MTU: tunnel.MinMTU}
	}
	return d
}

// send puts a packet the node sends through out (its own, or the
// outer packet of another tunnel) into the tunnel; toLink calls it.
func (ts *tunnels) send(out *iface, pkt []byte) {
	if d := ts.entryDecision(out, pkt); d.TooBig {
		// Our own packets were cut to the tunnel MTU; this one is the
		// outer packet of a tunnel nested in this one.
		ts.n.count(counter.TunnelNestedTooBig)
		if ts.depth > 0 && !ts.n.faults.Has(faults.TunnelNoNestingLimit) {
			ts.dropped = true
		}
		return
	}
	ts.encapsulate(out, pkt)
}

// encapsulate wraps pkt in the tunnel's outer header and sends it on.
// Calls nest when the outer packet is routed into a tunnel again; the
// nesting counter and the limit option end such loops (RFC 2473 §4.1.3).
func (ts *tunnels) encapsulate(out *iface, pkt []byte) {
	t := out.tun
	if len(pkt) == 0 || (pkt[0]>>4 == ipv6.Version) != t.mode.InnerIs6() {
		ts.n.count(counter.TunnelOutWrongProtocol) // an IPv6 route into a tunnel carrying IPv4, or the other way
		return
	}
	limited := !ts.n.faults.Has(faults.TunnelNoNestingLimit)
	if ts.depth >= tunnel.MaxNesting && limited {
		ts.n.count(counter.TunnelNestingExceeded)
		ts.dropped = true
		return
	}
	limit := t.encapLimit
	if t.mode.OuterIs6() {
		if l, _, ok := tunnel.EncapLimit(pkt); ok {
			if l == 0 && limited && !ts.n.faults.Has(faults.TunnelEncapLimitIgnored) {
				// Our own tunnel packet: the Parameter Problem would come
				// back to us (RFC 2473 §4.1.1, §8.1).
				ts.n.count(counter.TunnelEncapLimitExceeded)
				ts.dropped = true
				return
			}
			if !ts.n.faults.Has(faults.TunnelEncapLimitNotDecremented) {
				limit = max(l-1, 0)
			}
		}
		if ts.n.faults.Has(faults.TunnelNoEncapLimitOption) {
			limit = tunnel.NoEncapLimit
		}
	}
	hdr := tunnel.OuterLen(t.mode, limit)
	if link.HeaderLen+hdr+len(pkt) > len(out.tx) {
		ts.n.count(counter.TunnelOutNoRoom)
		return
	}
	buf := out.tx[link.HeaderLen:]
	copy(buf[hdr:], pkt) // pkt may already be in out.tx: copy moves it
	outer := buf[:hdr+len(pkt)]
	ts.depth++
	defer func() { ts.depth-- }()
	ts.n.count(counter.TunnelEncapsulated)
	if t.mode.OuterIs6() {
		tunnel.PutOuter6(outer, t.mode.Proto(), t.hopLimit, t.local, t.remote, len(pkt), limit)
		ts.sendOuter6(out, outer)
		return
	}
	d := ts.entryDecision(out, outer[hdr:])
	if !t.mode.InnerIs6() && ts.n.faults.Has(faults.TunnelDFNotCopied) {
		d.DontFrag = false
	}
	ts.n.v4.id++
	ipv4.Put(outer, 0, ts.n.v4.id, d.DontFrag, t.hopLimit, t.mode.Proto(), t.local, t.remote, len(pkt))
	if mtu := min(t.under.mtu, t.pmtu4); len(outer) > mtu {
		// Without DF the IPv4 layer fragments the tunnel packet to the
		// path MTU (RFC 4213 §3.2.2, RFC 2003 §5.1).
		ts.n.v4.out.Fragment(t.under, t.remote, outer, mtu)
		return
	}
	ts.n.v4.out.ToNeighbor(t.under, t.remote, outer)
}

// sendOuter6 routes an IPv6 tunnel packet: into another tunnel (nesting),
// or onto a link, fragmented to the path MTU when RFC 2473 §7.1 (a) asks.
func (ts *tunnels) sendOuter6(tun *iface, outer []byte) {
	t := tun.tun
	out, next, ok := ts.n.nextHop(t.under, t.remote)
	if !ok {
		ts.n.count(counter.TunnelOutNoRoute)
		return
	}
	if out.tun != nil {
		ts.send(out, outer)
		return
	}
	mtu := ts.n.pmtu.Get(out.index, t.remote, ts.n.linkMTU(out))
	if len(outer) > mtu {
		ts.n.fragmentOutput(out, next, outer, mtu)
		return
	}
	ts.n.toLink(out, next, outer)
}

// entryDecision4 applies RFC 2473 §7.2 (RFC 2003 §5.1 outside IPv4) to an
// IPv4 packet entering out.
func (ts *tunnels) entryDecision4(out *iface, pkt []byte) tunnel.Decision {
	df := len(pkt) >= ipv4.HeaderLen && ipv4.Header(pkt).DontFragment()
	if ts.n.faults.Has(faults.TunnelIPv4DFIgnored) {
		df = false
	}
	outer6 := out.tun.mode.OuterIs6()
	size, mtu := len(pkt), ts.mtu4(out)
	if size == mtu && ts.n.faults.Has(faults.TunnelIPv4MTUOffByOne) {
		size++ // the faulty node's size < MTU
	}
	d := tunnel.EntryIPv4(size, df, mtu)
	if d.Fragment && outer6 && ts.n.faults.Has(faults.TunnelSmallPacketRefused) {
		return tunnel.Decision{TooBig: true, MTU: ts.mtu4(out), DontFrag: true}
	}
	if d.TooBig && !outer6 && ts.n.faults.Has(faults.Tunnel4MTU576) {
		d.MTU = 576 // not the tunnel MTU of RFC 2003 §5.1
	}
	return d
}
