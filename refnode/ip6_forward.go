package refnode

import (
	"encoding/binary"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/exthdr"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// forward is a router's path for a packet that is not for it (RFC 8200 §3,
// §4.3, §5; RFC 4443 §3; RFC 4291 §2.5.6; RFC 4007 §9). It never goes
// through output and never fragments: a packet too big for the next link is
// answered with Packet Too Big. Traffic class and flow label are left as
// they came; only the hop limit changes, in place in the receive buffer.
//
// Multicast is forwarded by routeMulticast (mrouter.go), before the
// receive filter, as a multicast router's daemon decides.
//
// Left out: source routing and per-interface forwarding switches.
func (n *Node) forward(in *iface, pkt []byte, llGroup bool) {
	h := ipv6.Header(pkt)
	src, dst := h.Src(), h.Dst()
	switch {
	case ipv6.IsMulticast(dst):
		n.count(counter.FwdMulticast) // not this path's: routeMulticast (mrouter.go)
		return
	case llGroup:
		n.count(counter.FwdLinkMulticast) // a unicast packet in a link-layer group frame
		return
	case n.keptOnLink(dst) && !n.faults.Has(faults.ForwardLinkLocal):
		n.count(counter.FwdLinkLocalDestination) // RFC 4291 §2.5.6: never off the link (scope6.go)
		return
	}
	// Hop-by-Hop Options are examined on the way (RFC 8200 §4.3).
	if r := exthdr.HopByHop(pkt, false, n.faults); r.Verdict != 0 {
		n.count(r.Reason)
		if r.Verdict == exthdr.Problem {
			n.paramProblem(in, pkt, llGroup, r.Code, r.Pointer)
		}
		return
	}
	lastHop := uint8(1)
	if n.faults.Has(faults.ForwardHopLimitOffByOne) {
		lastHop = 2
	}
	if h.HopLimit() <= lastHop && !n.faults.Has(faults.ForwardHopLimitZero) {
		n.count(counter.FwdHopLimitExceeded) // RFC 8200 §3; RFC 4443 §3.3
		n.icmpError(in, pkt, llGroup, icmp6.TypeTimeExceeded, icmp6.CodeHopLimitExceeded, 0)
		return
	}
	rt, ok := n.lookup(dst)
	if dst.IsLinkLocalUnicast() && (!ok || rt.ifc == in) { // forward-link-local: onto another link
		for _, x := range n.ifs {
			if x != in {
				rt, ok = hop{ifc: x}, true
				break
			}
		}
	}
	if !ok {
		n.count(counter.FwdNoRoute)
		if !n.faults.Has(faults.NoRouteSilent) {
			n.destUnreachable(in, pkt, llGroup, icmp6.CodeNoRoute)
		}
		return
	}
	out := rt.ifc
	if n.faults.Has(faults.ForwardLinkLocalSourceSameLink) && n.keptOnLink(src) && out == in {
		n.destUnreachable(in, pkt, llGroup, icmp6.CodeBeyondScope)
		return
	}
	if n.keptOnLink(src) && out != in && !n.faults.Has(faults.ForwardLinkLocalSource) {
		n.count(counter.FwdBeyondScope) // RFC 4007 §9: a link-local source stays on its link
		n.destUnreachable(in, pkt, llGroup, icmp6.CodeBeyondScope)
		return
	}
	if out.disabled {
		n.count(counter.FwdInterfaceDisabled)
		return
	}
	if out.tun != nil {
		n.tunnels.forward(in, out, pkt, llGroup) // tunnel_output.go
		return
	}
	next := rt.nextHop
	if !next.IsValid() {
		next = dst
	}
	next = n.redirectedNextHop(out, dst, next) // router-accepts-redirect
	n.redirect(in, out, pkt, next)             // RFC 4861 §8.2, when out is in
	if n.faults.Has(faults.ForwardPTBAtMTU) && len(pkt) == out.mtu {
		n.icmpError(in, pkt, llGroup, icmp6.TypePacketTooBig, 0, uint32(out.mtu))
		return
	}
	if len(pkt) > out.mtu && !n.faults.Has(faults.ForwardFragments) {
		n.count(counter.FwdTooBig) // RFC 8200 §5: routers do not fragment
		n.icmpError(in, pkt, llGroup, icmp6.TypePacketTooBig, 0, uint32(out.mtu))
		return
	}
	// A source that names no single node is never forwarded (RFC 4291
	// §2.5.2, §2.7). It is checked last: every error above is refused to
	// such a source anyway (RFC 4443 §2.4 (e.6)), and so the checks show it.
	switch {
	case ipv6.IsUnspecified(src) && !n.faults.Has(faults.ForwardUnspecifiedSource):
		n.count(counter.FwdUnspecifiedSource)
		return
	case ipv6.IsMulticast(src):
		n.count(counter.FwdMulticastSource)
		return
	}
	if n.faults.Has(faults.ForwardStripsAfterNoNext) {
		// RFC 8200 §4.7 wants what follows No Next Header passed on unchanged.
		if next, off, ok := exthdr.UpperLayer(pkt); ok && next == ipv6.ProtoNoNext && off < len(pkt) {
			pkt = pkt[:off]
			binary.BigEndian.PutUint16(pkt[ipv6.OffPayloadLength:], uint16(off-ipv6.HeaderLen))
		}
	}
	if n.faults.Has(faults.ForwardRewritesDestOpts) {
		rewriteDestOpts(pkt) // faults.go
	}
	if !n.faults.Has(faults.ForwardNoDecrement) && h.HopLimit() > 0 {
		pkt[ipv6.OffHopLimit]--
	}
	if n.faults.Has(faults.ForwardZeroesTCFL) {
		pkt[0], pkt[1], pkt[2], pkt[3] = ipv6.Version<<4, 0, 0, 0
	}
	n.count(counter.FwdForwarded)
	if len(pkt) > out.mtu { // fwd-fragments
		n.fragmentOutput(out, next, pkt, out.mtu)
		return
	}
	if mac, ok := n.nd.Resolve(out.index, next, src, pkt); ok {
		if n.faults.Has(faults.ForwardResolvedDropped) {
			return
		}
		n.transmit(out, mac, pkt)
	}
}

// floodMulticast is the forward-multicast fault: a copy of every multicast
// packet goes out of every other interface, hop limit decremented, whatever
// the group's scope (RFC 4291 §2.7) and with no listener known there (a
// router without multicast routing forwards none).
func (n *Node) floodMulticast(in *iface, pkt []byte) {
	if len(pkt) < ipv6.HeaderLen || !ipv6.IsMulticast(ipv6.Header(pkt).Dst()) || pkt[ipv6.OffHopLimit] <= 1 {
		return
	}
	if end := ipv6.HeaderLen + int(ipv6.Header(pkt).PayloadLength()); end <= len(pkt) {
		pkt = pkt[:end] // the rest is link padding
	}
	n.count(counter.FwdMulticastFlooded)
	c := append([]byte(nil), pkt...)
	c[ipv6.OffHopLimit]--
	for _, out := range n.ifs {
		if out != in {
			n.transmit(out, ipv6.MulticastMAC(ipv6.Header(c).Dst()), c)
		}
	}
}
