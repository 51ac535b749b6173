package refnode

import (
	"net/netip"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
)

// input handles one received frame, in place in the receive buffer.
func (n *Node) input(ifc *iface, frame []byte) {
	if len(frame) < link.HeaderLen {
		n.count("link.short_frame")
		return
	}
	f := link.Frame(frame)
	dst := f.Dst()
	if !n.acceptMAC(ifc, dst) {
		n.count("link.not_for_us")
		return
	}
	switch f.EtherType() {
	case link.EtherTypeIPv6:
		n.ipv6Input(ifc, f.Payload(), dst.IsGroup())
	case link.EtherTypeLoopback:
		n.loopbackInput(ifc, frame)
	default:
		n.count("link.unknown_ethertype")
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
		n.count("ipv6.interface_disabled")
		return
	}
	if len(pkt) < ipv6.HeaderLen {
		n.count("ipv6.too_short")
		return
	}
	h := ipv6.Header(pkt)
	if h.Version() != ipv6.Version && !n.faults.Has(faults.AnyVersion) {
		n.count("ipv6.bad_version")
		return
	}
	if !n.faults.Has(faults.IgnorePayloadLength) {
		end := ipv6.HeaderLen + int(h.PayloadLength())
		if end > len(pkt) {
			n.count("ipv6.truncated")
			return
		}
		pkt = pkt[:end] // the rest is link padding
		h = ipv6.Header(pkt)
	}
	src, dst := h.Src(), h.Dst()
	if ipv6.IsMulticast(src) && !n.faults.Has(faults.AcceptMulticastSource) {
		n.count("ipv6.multicast_source")
		return
	}
	if (ipv6.IsLoopback(src) || ipv6.IsLoopback(dst)) && !n.faults.Has(faults.AcceptLoopbackOnWire) {
		n.count("ipv6.loopback_on_wire") // RFC 4291 §2.5.3
		return
	}
	if !n.forUs(ifc, dst) {
		return
	}
	if h.HopLimit() == 0 && n.faults.Has(faults.DropHopLimitZero) {
		n.count("ipv6.hoplimit_zero")
		return
	}
	n.deliver(ifc, pkt, llGroup)
}

// forUs decides local delivery for a host: our usable unicast addresses on
// the interface and the groups it joined. Counts the reason otherwise.
func (n *Node) forUs(ifc *iface, dst netip.Addr) bool {
	if ipv6.IsMulticast(dst) {
		if n.joined(ifc, dst) || n.faults.Has(faults.AcceptAnyMulticast) {
			return true
		}
		n.count("ipv6.group_not_joined")
		return false
	}
	if ipv6.IsLoopback(dst) {
		return true // the node's own loopback address
	}
	switch a := ifc.address(dst); {
	case a == nil || a.State == nd.Duplicate:
		n.count("ipv6.not_for_us")
		return false
	case a.State == nd.Tentative:
		n.count("ipv6.to_tentative_address") // RFC 4862 §5.4
		return false
	}
	return true
}

// deliver walks the Next Header chain (RFC 8200 §4) to the upper layer.
// off is where the header named by next starts, field where the octet that
// named it is: the Parameter Problem pointer for an unknown value.
func (n *Node) deliver(ifc *iface, pkt []byte, llGroup bool) {
	h := ipv6.Header(pkt)
	next, off, field := h.NextHeader(), ipv6.HeaderLen, ipv6.OffNextHeader
	for {
		switch next {
		case ipv6.ProtoICMPv6:
			n.icmpInput(ifc, h, pkt[off:], llGroup)
			return
		case ipv6.ProtoNoNext:
			if !n.faults.Has(faults.PPForNoNextHeader) {
				n.count("ipv6.no_next_header") // RFC 8200 §4.7: nothing follows
				return
			}
		}
		// Unrecognized (RFC 8200 §4): discard and tell the source.
		n.count("ipv6.unknown_next_header")
		n.paramProblem(ifc, pkt, llGroup, icmp6.CodeUnrecognizedNext, field)
		return
	}
}

// icmpInput checks an ICMPv6 message (RFC 4443 §2.3, §2.4) and hands it to
// its handler.
func (n *Node) icmpInput(ifc *iface, h ipv6.Header, msg []byte, llGroup bool) {
	if len(msg) < icmp6.HeaderLen {
		n.count("icmp6.too_short")
		return
	}
	if !n.faults.Has(faults.ICMPNoChecksum) && !icmp6.ChecksumOK(msg, h.Src(), h.Dst()) {
		n.count("icmp6.bad_checksum")
		return
	}
	switch t := icmp6.Message(msg).Type(); {
	case t == icmp6.TypeEchoRequest:
		n.echoInput(ifc, h, msg)
	case t == icmp6.TypeEchoReply:
		n.count("icmp6.echo_reply.received")
	case t >= icmp6.TypeRouterSolicitation && t <= icmp6.TypeRedirect:
		n.nd.Input(ifc.index, h, msg)
	case t < 128:
		n.count("icmp6.error.received") // no upper layer to notify yet
	default:
		n.count("icmp6.unknown_informational") // RFC 4443 §2.4 (b)
	}
}
