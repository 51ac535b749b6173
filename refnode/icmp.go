package refnode

import (
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/exthdr"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
)

// echoInput answers an Echo Request (RFC 4443 §4.2): same identifier,
// sequence and data, from the address it was sent to, or for a multicast
// or anycast request from the address source selection picks for the
// requester.
func (n *Node) echoInput(ifc *iface, h ipv6.Header, msg []byte) {
	if len(msg) < icmp6.EchoHeaderLen {
		n.count(counter.ICMP6EchoTooShort)
		return
	}
	if n.faults.Has(faults.NoEchoReply) {
		n.count(counter.ICMP6EchoNotAnswered)
		return
	}
	peer, src := h.Src(), h.Dst()
	if ipv6.IsUnspecified(peer) {
		n.count(counter.ICMP6EchoUnspecifiedSource)
		return
	}
	// To a multicast or anycast address the answer comes from a unicast
	// address of the interface (RFC 4443 §4.2).
	if ipv6.IsMulticast(src) || n.ownAnycast(src) != nil && !n.faults.Has(faults.AnycastEchoFromAnycast) {
		src = n.sourceFor(ifc, peer)
		if !src.IsValid() {
			n.count(counter.ICMP6EchoNoSource)
			return
		}
	}
	e := icmp6.Echo(msg)
	stale := ifc.txPayload()[icmp6.OffCode]
	l := icmp6.PutEcho(ifc.txPayload(), icmp6.TypeEchoReply, e.Identifier(), e.Sequence(), e.Data())
	if n.faults.Has(faults.EchoReplyStaleCode) {
		ifc.txPayload()[icmp6.OffCode] = stale
	}
	n.count(counter.ICMP6EchoReplied)
	n.sendIP(ifc, src, peer, n.hopLimitOn(ifc), ipv6.ProtoICMPv6, l)
}

// paramProblem reports an erroneous field at pointer (RFC 4443 §3.4).
func (n *Node) paramProblem(ifc *iface, pkt []byte, llGroup bool, code uint8, pointer int) {
	if n.faults.Has(faults.PPPointerOffByOne) {
		pointer++
	}
	n.icmpError(ifc, pkt, llGroup, icmp6.TypeParameterProblem, code, uint32(pointer))
}

// destUnreachable reports a packet the node cannot deliver (RFC 4443 §3.1).
func (n *Node) destUnreachable(ifc *iface, pkt []byte, llGroup bool, code uint8) {
	n.icmpError(ifc, pkt, llGroup, icmp6.TypeDestinationUnreachable, code, 0)
}

// icmpError sends an error about the invoking packet pkt, as received, if
// RFC 4443 §2.4 (e) allows it and the rate limit (§2.4 (f)) has a token.
// Every error the node sends goes through here.
func (n *Node) icmpError(ifc *iface, pkt []byte, llGroup bool, typ, code uint8, param uint32) {
	h := ipv6.Header(pkt)
	inv := icmp6.Invoking{Src: h.Src(), Dst: h.Dst(), LinkMulticast: llGroup, ICMPType: -1, SrcAnycast: ifc.isAnycast(h.Src())}
	if next, off, ok := exthdr.UpperLayer(pkt); ok && next == ipv6.ProtoICMPv6 && off < len(pkt) {
		inv.ICMPType = int(pkt[off])
	}
	if n.faults.Has(faults.ErrorAboutType127) && inv.ICMPType == 127 {
		inv.ICMPType = 128
	}
	ok, why := icmp6.ErrorAllowed(typ, code, inv)
	backOnLink := false // error-to-non-unique-source: no route leads to such a source
	switch {
	case ok:
	case why == icmp6.WhyError && n.faults.Has(faults.ErrorAboutError):
	case (why == icmp6.WhyMulticast || why == icmp6.WhyLinkMulticast) && n.faults.Has(faults.ErrorToMulticast):
	case why == icmp6.WhySource && n.faults.Has(faults.ErrorToNonUniqueSource):
		backOnLink = true
	default:
		n.count(why)
		return
	}
	if !n.limiter.Allow() && !n.faults.Has(faults.NoRateLimit) {
		n.count(counter.ICMP6ErrorRateLimited)
		return
	}
	src := inv.Dst
	if ipv6.IsMulticast(src) || !ifc.usable(src) {
		src = n.sourceFor(ifc, inv.Src)
		if !src.IsValid() {
			n.count(counter.ICMP6ErrorNoSource)
			return
		}
	}
	l := icmp6.PutError(ifc.txPayload(), typ, code, param, pkt)
	if n.faults.Has(faults.ErrorExceedsMinMTU) {
		l = icmp6.ErrorHeaderLen + copy(ifc.txPayload()[icmp6.ErrorHeaderLen:], pkt)
	}
	n.count(counter.ICMP6ErrorSent)
	if backOnLink {
		// The faulty node sends it to all nodes on the link the packet
		// came from, the one place such a source might be.
		pkt := ifc.tx[link.HeaderLen : link.HeaderLen+ipv6.HeaderLen+l]
		ipv6.Put(pkt, 0, 0, uint16(l), ipv6.ProtoICMPv6, n.hopLimitOn(ifc), src, inv.Src)
		icmp6.SetChecksum(pkt[ipv6.HeaderLen:], src, inv.Src)
		n.transmit(ifc, ipv6.MulticastMAC(ipv6.AllNodes), pkt)
		return
	}
	n.sendIP(ifc, src, inv.Src, n.hopLimitOn(ifc), ipv6.ProtoICMPv6, l)
}
