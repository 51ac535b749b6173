package refnode

import (
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/exthdr"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// sourceRoute is the classic type 0 routing header processing of RFC 2460
// §4.4, which RFC 5095 §3 deprecated. The node does it only in its classic
// mode (faults.RH0Processed), for the legacy specs: swap the next listed
// address with the destination, decrement Segments Left, and send the
// packet on towards its new destination. A packet whose new destination is
// one of the node's own addresses is processed again from its next header.
func (n *Node) sourceRoute(ifc *iface, pkt []byte, off int, llGroup, reassembled bool) {
	r := exthdr.Routing(pkt[off:])
	hdrLen := int(pkt[off+exthdr.OffHdrExtLen])
	if hdrLen%2 != 0 {
		n.count(counter.RH0OddLength)
		n.paramProblem(ifc, pkt, llGroup, icmp6.CodeErroneousHeader, off+exthdr.OffHdrExtLen)
		return
	}
	addrs := hdrLen / 2
	sl := int(r.SegmentsLeft())
	if sl > addrs {
		if n.faults.Has(faults.RH0NoSLCheck) {
			sl = addrs // rh0-segments-left-unchecked: as if it were in range
		} else {
			n.count(counter.RH0SegmentsLeftTooLarge)
			n.paramProblem(ifc, pkt, llGroup, icmp6.CodeErroneousHeader, off+exthdr.OffSegmentsLeft)
			return
		}
	}
	// Address i (1-based) sits at off+8+16(i-1); the next is addrs-sl+1.
	at := off + 8 + 16*(addrs-sl)
	next := netip.AddrFrom16([16]byte(pkt[at : at+16]))
	h := ipv6.Header(pkt)
	if ipv6.IsMulticast(next) || ipv6.IsMulticast(h.Dst()) {
		n.count(counter.RH0Multicast)
		return
	}
	pkt[off+exthdr.OffSegmentsLeft] = byte(sl - 1)
	if !n.faults.Has(faults.RH0NoSwap) {
		copy(pkt[at:at+16], pkt[ipv6.OffDst:ipv6.OffDst+16])
	}
	to := next.As16()
	copy(pkt[ipv6.OffDst:ipv6.OffDst+16], to[:])
	n.count(counter.RH0Processed)
	if n.ownAddress(next) != nil {
		// Segments Left went down by one: the recursion ends.
		n.deliver(ifc, pkt, llGroup, reassembled)
		return
	}
	n.forward(ifc, pkt, llGroup)
}
