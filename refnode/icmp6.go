package refnode

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/exthdr"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/mld"
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
	// The suppression rules of RFC 4443 §2.4 (e), each lifted by its fault.
	backOnLink := false // error-to-non-unique-source: no route leads to such a source
	if s := icmp6.Suppressed(typ, code, inv); s != nil {
		if !n.faults.Has(s.Fault) {
			n.count(s.Why)
			return
		}
		backOnLink = s.Why == icmp6.WhySource
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

// icmpInput checks the ICMPv6 message at off in pkt (RFC 4443 §2.3, §2.4)
// and hands it to its handler. fragmented says the packet came in
// fragments (or carried a Fragment header).
func (n *Node) icmpInput(ifc *iface, pkt []byte, off int, llGroup, fragmented bool) {
	h := ipv6.Header(pkt)
	msg := pkt[off:]
	if len(msg) < icmp6.HeaderLen {
		n.count(counter.ICMP6TooShort)
		return
	}
	if !n.faults.Has(faults.ICMPNoChecksum) && !icmp6.ChecksumOK(msg, h.Src(), h.Dst()) {
		n.count(counter.ICMP6BadChecksum)
		return
	}
	switch t := icmp6.Message(msg).Type(); {
	case t == icmp6.TypeEchoRequest:
		n.echoInput(ifc, h, msg)
	case t == icmp6.TypeEchoReply:
		n.count(counter.ICMP6EchoReplyReceived)
	case t == mld.TypeQuery, t == mld.TypeV1Report, t == mld.TypeV1Done, t == mld.TypeV2Report,
		t == 0xff && (n.faults.Has(faults.MLDUnknownTypeAsQuery) || n.faults.Has(faults.MLDRUnknownTypeAsReport)):
		n.mldInput(ifc, pkt, msg) // listener.go
	case t >= icmp6.TypeRouterSolicitation && t <= icmp6.TypeRedirect:
		if fragmented && !n.faults.Has(faults.NDInFragmentAccepted) {
			n.count(counter.NDFragmented) // RFC 6980 §5
			return
		}
		n.nd.Input(ifc.index, h, msg)
	case t < 128 && n.tunnels.icmp6Error(ifc, msg): // about one of our tunnel packets (tunnel_input.go)
	case t == icmp6.TypePacketTooBig:
		n.packetTooBig(ifc, msg)
	case t < 128:
		n.count(counter.ICMP6ErrorReceived) // no upper layer to notify yet
	case n.faults.Has(faults.ReplyUnknownInformational):
		n.count(counter.ICMP6UnknownInformational)
		n.paramProblem(ifc, pkt, llGroup, icmp6.CodeErroneousHeader, off+icmp6.OffType)
	default:
		n.count(counter.ICMP6UnknownInformational) // RFC 4443 §2.4 (b)
	}
}

// packetTooBig lowers the path MTU estimate for the destination of the
// quoted packet (RFC 8201 §4), if that packet could have come from us.
func (n *Node) packetTooBig(ifc *iface, msg []byte) {
	if len(msg) < icmp6.ErrorHeaderLen+ipv6.HeaderLen {
		n.count(counter.ICMP6PTBTooShort)
		return
	}
	if msg[icmp6.OffCode] != 0 && n.faults.Has(faults.PTBNonzeroCodeIgnored) {
		n.count(counter.ICMP6PTBNonzeroCode) // RFC 4443 §3.2: receivers ignore the code
		return
	}
	e := icmp6.Error(msg)
	q := ipv6.Header(e.Invoking())
	if ifc.address(q.Src()) == nil && !n.faults.Has(faults.PTBUnvalidated) {
		n.count(counter.ICMP6PTBNotOurs) // the quote is not a packet we sent
		return
	}
	dst := q.Dst()
	if mtu, changed := n.pmtu.TooBig(ifc.index, dst, e.Param(), n.linkMTU(ifc)); changed {
		n.count(counter.PMTUChanged)
		n.logf("%s: path MTU to %s is %d", ifc.name, dst, mtu)
	}
}

// SendEchoRequest sends one ICMPv6 Echo Request to dst (RFC 4443 §4.1), the
// way ping would: the source chosen for dst, fragmented to the path MTU if
// it does not fit. A link-local or multicast dst names its interface as zone
// (fe80::1%nut0); without one the first interface is used. Any other dst
// leaves through the interface its route names, with a source of that
// interface.
func (n *Node) SendEchoRequest(dst netip.Addr, id, seq uint16, data []byte) error {
	return n.SendEchoRequestWith(dst, id, seq, data, nil)
}

// Extension is an extension header a message the node sends carries:
// Header is the whole header, its length field set and its options
// padded; the node sets its Next Header.
type Extension struct {
	Proto  uint8 // ipv6.ProtoHopByHop, ipv6.ProtoDestOpts, ...
	Header []byte
}

// SendEchoRequestWith is SendEchoRequest with extension headers between
// the IPv6 header and the message, in the order given (RFC 8200 §4.1 is
// the sender's to follow).
func (n *Node) SendEchoRequestWith(dst netip.Addr, id, seq uint16, data []byte, exts []Extension) error {
	extLen := 0
	for _, e := range exts {
		if len(e.Header) < 8 || len(e.Header)%8 != 0 || len(e.Header) != (int(e.Header[1])+1)*8 {
			return fmt.Errorf("refnode: an extension header of %d octets with length field %d", len(e.Header), e.Header[1])
		}
		extLen += len(e.Header)
	}
	if len(data) > 0xffff-icmp6.EchoHeaderLen-extLen {
		return fmt.Errorf("refnode: Echo Request data of %d octets is too long", len(data))
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return errors.New("refnode: node closed")
	}
	ifc := n.ifaceFor(dst)
	to := dst.WithZone("")
	from := n.sourceFor(ifc, to)
	if !from.IsValid() {
		return fmt.Errorf("refnode: no usable source address on %s for %s", ifc.name, to)
	}
	if extLen+icmp6.EchoHeaderLen+len(data) > len(ifc.txPayload()) {
		return fmt.Errorf("refnode: an Echo Request of %d octets does not fit the transmit buffer", extLen+icmp6.EchoHeaderLen+len(data))
	}
	first, off := uint8(ipv6.ProtoICMPv6), 0
	for i, e := range exts {
		copy(ifc.txPayload()[off:], e.Header)
		next := uint8(ipv6.ProtoICMPv6)
		if i+1 < len(exts) {
			next = exts[i+1].Proto
		}
		ifc.txPayload()[off] = next
		if i == 0 {
			first = e.Proto
		}
		off += len(e.Header)
	}
	l := icmp6.PutEcho(ifc.txPayload()[off:], icmp6.TypeEchoRequest, id, seq, data)
	n.count(counter.ICMP6EchoSent)
	pkt := ifc.tx[link.HeaderLen : link.HeaderLen+ipv6.HeaderLen+off+l]
	ipv6.Put(pkt, 0, 0, uint16(off+l), first, n.hopLimitOn(ifc), from, to)
	icmp6.SetChecksum(pkt[ipv6.HeaderLen+off:], from, to)
	if n.faults.Has(faults.EchoRequestBadChecksum) {
		pkt[ipv6.HeaderLen+off+icmp6.OffChecksum] ^= 0xff
	}
	n.output(ifc, pkt)
	return nil
}
