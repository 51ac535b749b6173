package refnode

import (
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/exthdr"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/nd"
)

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
		!((n.faults.Has(faults.MLDQueryAnySource) || n.faults.Has(faults.MLDRReportAnySource)) && exthdr.HasRouterAlert(pkt)) {
		n.count(counter.IPv6MulticastSource)
		return
	}
	if !n.forUs(ifc, dst) && !n.mldForRouter(pkt, dst) {
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
			n.count(why) // scope6.go
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
			if !n.tunnels.decapsulate(true, h.Dst(), h.Src(), r.Next, pkt[r.Off:]) { // tunnel_input.go
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
