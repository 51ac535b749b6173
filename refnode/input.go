package refnode

import (
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/exthdr"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/frag"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/mld"
	"github.com/v6ct/v6ct/refnode/nd"
)

// input handles one received frame, in place in the receive buffer.
func (n *Node) input(ifc *iface, frame []byte) {
	if len(frame) < link.HeaderLen {
		n.count(counter.LinkShortFrame)
		return
	}
	f := link.Frame(frame)
	dst := f.Dst()
	if n.router && dst.IsIPv6Multicast() && f.EtherType() == link.EtherTypeIPv6 && n.faults.Has(faults.ForwardMulticast) {
		n.floodMulticast(ifc, f.Payload()) // before the receive filter: a multicast router hears every group
	}
	if !n.acceptMAC(ifc, dst) {
		n.count(counter.LinkNotForUs)
		return
	}
	switch f.EtherType() {
	case link.EtherTypeIPv6:
		n.ipv6Input(ifc, f.Payload(), dst.IsGroup())
	case link.EtherTypeLoopback:
		n.loopbackInput(ifc, frame)
	case ipv4.EtherTypeIPv4:
		n.ipv4Input(ifc, f.Payload(), dst.IsGroup()) // the outside of IPv4 tunnels (ipv4_input.go)
	case ipv4.EtherTypeARP:
		n.arpInput(ifc, frame)
	default:
		n.count(counter.LinkUnknownEthertype)
	}
}

// acceptMAC is the interface's receive filter.
func (n *Node) acceptMAC(ifc *iface, dst link.MAC) bool {
	switch {
	case dst == ifc.mac, dst == link.Broadcast:
		return true
	case dst.IsIPv6Multicast():
		return n.faults.Has(faults.AcceptAnyMulticast) || n.joinedMAC(ifc, dst)
	}
	return false
}

// ipv6Input checks the fixed header (RFC 8200 §3) and whether the packet is
// for this node (RFC 4291 §2.7, §2.8), then delivers it. llGroup says the
// frame went to a link-layer group address.
func (n *Node) ipv6Input(ifc *iface, pkt []byte, llGroup bool) {
	if ifc.disabled {
		n.count(counter.IPv6InterfaceDisabled)
		return
	}
	if len(pkt) < ipv6.HeaderLen {
		n.count(counter.IPv6TooShort)
		return
	}
	h := ipv6.Header(pkt)
	if h.Version() != ipv6.Version && !n.faults.Has(faults.AnyVersion) {
		n.count(counter.IPv6BadVersion)
		return
	}
	if !n.faults.Has(faults.IgnorePayloadLength) {
		end := ipv6.HeaderLen + int(h.PayloadLength())
		if end > len(pkt) {
			n.count(counter.IPv6Truncated)
			return
		}
		pkt = pkt[:end] // the rest is link padding
		h = ipv6.Header(pkt)
	}
	src, dst := h.Src(), h.Dst()
	if (ipv6.IsLoopback(src) || ipv6.IsLoopback(dst)) && !n.faults.Has(faults.AcceptLoopbackOnWire) {
		n.count(counter.IPv6LoopbackOnWire) // RFC 4291 §2.5.3
		return
	}
	acceptUnspecified := dst.IsUnspecified() && n.faults.Has(faults.AcceptUnspecifiedDestination)
	if n.router && ipv6.IsMulticast(dst) && !llGroup && n.faults.Has(faults.RedirectMulticastDestination) {
		n.redirectMulticast(ifc, pkt)
	}
	if n.router && !ipv6.IsMulticast(dst) && !ipv6.IsLoopback(dst) && !acceptUnspecified && n.ownAddressOn(ifc, dst) == nil && n.ownAnycast(dst) == nil {
		n.forward(ifc, pkt, llGroup) // it drops a multicast source itself
		return
	}
	if ipv6.IsMulticast(src) && !n.faults.Has(faults.AcceptMulticastSource) &&
		!(n.faults.Has(faults.MLDQueryAnySource) && exthdr.HasRouterAlert(pkt)) {
		n.count(counter.IPv6MulticastSource)
		return
	}
	if !n.forUs(ifc, dst) {
		return
	}
	// MLD messages (they carry a Router Alert) are never source-filtered
	// (RFC 3810 §6): a query about a group comes to the group.
	if ipv6.IsMulticast(dst) && !n.ownGroup(ifc, n.asJoined(dst)) && n.mld.JoinedBy(ifc.index, dst, apiSocket) &&
		!n.mld.Accepts(ifc.index, dst, src) && !n.faults.Has(faults.AcceptAnyMulticast) && !exthdr.HasRouterAlert(pkt) {
		n.count(counter.MLDSourceFiltered) // RFC 3810 §4.2: the interface's filter keeps this source out
		return
	}
	if h.TrafficClass() != 0 && n.faults.Has(faults.DropNonzeroTrafficClass) ||
		h.FlowLabel() != 0 && n.faults.Has(faults.DropNonzeroFlowLabel) {
		n.count(counter.IPv6NonzeroTCFL)
		return
	}
	if h.HopLimit() == 0 && n.faults.Has(faults.DropHopLimitZero) {
		n.count(counter.IPv6HopLimitZero)
		return
	}
	n.deliver(ifc, pkt, llGroup, false)
}

// forUs decides local delivery for a host: our usable unicast addresses on
// the interface and the groups it joined. Counts the reason otherwise.
func (n *Node) forUs(ifc *iface, dst netip.Addr) bool {
	if ipv6.IsMulticast(dst) {
		if why := n.multicastScopeDrop(dst); why != counter.None {
			n.count(why) // zone.go
			return false
		}
		if n.joined(ifc, n.asJoined(dst)) || n.faults.Has(faults.AcceptAnyMulticast) {
			return true
		}
		n.count(counter.IPv6GroupNotJoined)
		return false
	}
	if ipv6.IsLoopback(dst) {
		return true // the node's own loopback address
	}
	if dst.IsUnspecified() && n.faults.Has(faults.AcceptUnspecifiedDestination) {
		return true // RFC 4291 §2.5.2 forbids :: as a destination
	}
	a := ifc.address(dst)
	if a == nil && n.router {
		a = n.ownAddressOn(ifc, dst) // a router answers for all its addresses on every link, link-local ones on their own
		if a == nil {
			a = n.ownAnycast(dst)
		}
	}
	switch {
	case a == nil || a.State == nd.Duplicate:
		n.count(counter.IPv6NotForUs)
		return false
	case a.State == nd.Tentative && !n.faults.Has(faults.NSTentativeAnswered) && !n.faults.Has(faults.NSDADAnyDestination) && !n.faults.Has(faults.DADResolutionNSConflict):
		// The faulty nodes take a tentative address for their own.
		n.count(counter.IPv6ToTentativeAddress) // RFC 4862 §5.4
		return false
	}
	return true
}

// deliver walks the header chain of a packet for this node (RFC 8200 §4)
// in place and hands it to its upper layer. reassembled says pkt was put
// together from fragments (it is then the invoking packet of any error).
func (n *Node) deliver(ifc *iface, pkt []byte, llGroup, reassembled bool) {
	h := ipv6.Header(pkt)
	mc := ipv6.IsMulticast(h.Dst())
	fragmented := reassembled
	r := exthdr.Walk(pkt, ipv6.HeaderLen, h.NextHeader(), ipv6.OffNextHeader, mc, n.faults)
	for r.Verdict == exthdr.AtFragment {
		fragmented = true
		f := exthdr.Fragment(pkt[r.Off:])
		if n.faults.Has(faults.AtomicFragmentReassembled) && !reassembled {
			n.fragmentInput(ifc, pkt, r, llGroup)
			return
		}
		if !f.Atomic() || n.faults.Has(faults.AtomicThroughReassembly) {
			if reassembled {
				n.count(counter.FragNested) // a fragment inside a reassembled packet
				return
			}
			n.fragmentInput(ifc, pkt, r, llGroup)
			return
		}
		// RFC 6946 §4: an atomic fragment is a whole packet; it goes on at
		// once, whatever else waits with its Identification.
		n.count(counter.FragAtomic)
		r = exthdr.Walk(pkt, r.Off+exthdr.FragmentLen, f.NextHeader(), r.Off+exthdr.OffNextHeader, mc, n.faults)
	}
	switch r.Verdict {
	case exthdr.Upper:
		switch r.Next {
		case ipv6.ProtoICMPv6:
			n.icmpInput(ifc, pkt, r.Off, llGroup, fragmented)
		case ipv6.ProtoUDP:
			n.udpInput(ifc, pkt, r.Off, llGroup)
		case ipv6.ProtoIPv6, ipv4.ProtoIPv4:
			if !n.decapsulate(true, h.Dst(), h.Src(), r.Next, pkt[r.Off:]) { // tunnel_iface.go
				n.count(counter.IPv6UnknownNextHeader)
				n.paramProblem(ifc, pkt, llGroup, icmp6.CodeUnrecognizedNext, r.Field)
			}
		default: // unrecognized (RFC 8200 §4): discard and tell the source
			n.count(counter.IPv6UnknownNextHeader)
			if n.faults.Has(faults.UnknownNextHeaderSilent) {
				return
			}
			n.paramProblem(ifc, pkt, llGroup, icmp6.CodeUnrecognizedNext, r.Field)
		}
	case exthdr.NoNext:
		if n.faults.Has(faults.PPForNoNextHeader) {
			n.count(counter.IPv6UnknownNextHeader)
			n.paramProblem(ifc, pkt, llGroup, icmp6.CodeUnrecognizedNext, r.Field)
			return
		}
		n.count(r.Reason) // RFC 8200 §4.7: nothing follows
	case exthdr.Discard:
		n.count(r.Reason)
	case exthdr.Problem:
		n.count(r.Reason)
		if r.Reason == counter.ExtHdrHBHNotFirst && n.faults.Has(faults.UnknownNextHeaderSilent) {
			return
		}
		n.paramProblem(ifc, pkt, llGroup, r.Code, r.Pointer)
	case exthdr.SourceRoute:
		n.sourceRoute(ifc, pkt, r.Off, llGroup, reassembled)
	}
}

// fragmentInput checks a fragment on its own (RFC 8200 §4.5, RFC 7112 §5)
// and hands it to reassembly; a datagram it completes goes through deliver
// again as a whole packet.
func (n *Node) fragmentInput(ifc *iface, pkt []byte, r exthdr.Result, llGroup bool) {
	f := exthdr.Fragment(pkt[r.Off:])
	data := len(pkt) - r.Off - exthdr.FragmentLen
	if f.More() && data%8 != 0 && !n.faults.Has(faults.FragLengthNotChecked) {
		n.count(counter.FragBadLength)
		if n.faults.Has(faults.FragErrorSilent) {
			return
		}
		n.paramProblem(ifc, pkt, llGroup, icmp6.CodeErroneousHeader, ipv6.OffPayloadLength)
		return
	}
	if r.Off-ipv6.HeaderLen+f.Offset()+data > frag.MaxPayload && !n.faults.Has(faults.ReassemblySizeUnchecked) {
		n.count(counter.FragTooLong)
		if n.faults.Has(faults.FragErrorSilent) {
			return
		}
		n.paramProblem(ifc, pkt, llGroup, icmp6.CodeErroneousHeader, r.Off+exthdr.OffFragmentOffset)
		return
	}
	if n.faults.Has(faults.ChainExactFitIncomplete) && f.Offset() == 0 && chainExactFit(pkt) {
		n.paramProblem(ifc, pkt, llGroup, icmp6.CodeIncompleteChain, 0)
		return
	}
	if f.Offset() == 0 && !exthdr.ChainComplete(pkt, r.Off+exthdr.FragmentLen, f.NextHeader()) &&
		!n.faults.Has(faults.IncompleteChainAccepted) {
		n.count(counter.FragIncompleteChain)
		ptr := 0 // RFC 7112 §5
		if n.faults.Has(faults.IncompleteChainPointer) {
			ptr = r.Off
		}
		n.paramProblem(ifc, pkt, llGroup, icmp6.CodeIncompleteChain, ptr)
		return
	}
	if whole, ok := n.reasm.Add(ifc.index, pkt, r.Off, r.Field, llGroup); ok {
		n.deliver(ifc, whole, llGroup, true)
	}
}

// reassemblyTimedOut answers a datagram whose reassembly ran out of time
// with Time Exceeded code 1, quoting its first fragment (RFC 8200 §4.5).
// frag calls it with the lock held.
func (n *Node) reassemblyTimedOut(ifindex int, first []byte, llGroup bool) {
	n.icmpError(n.ifs[ifindex], first, llGroup, icmp6.TypeTimeExceeded, icmp6.CodeReassemblyTimeout, 0)
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
		t == 0xff && n.faults.Has(faults.MLDUnknownTypeAsQuery):
		n.mldInput(ifc, pkt, msg) // listener.go
	case t >= icmp6.TypeRouterSolicitation && t <= icmp6.TypeRedirect:
		if fragmented && !n.faults.Has(faults.NDInFragmentAccepted) {
			n.count(counter.NDFragmented) // RFC 6980 §5
			return
		}
		n.nd.Input(ifc.index, h, msg)
	case t < 128 && n.tunnelICMPv6Error(ifc, msg): // about one of our tunnel packets (tunnel_iface.go)
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
