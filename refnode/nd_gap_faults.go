package refnode

import (
	"net/netip"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// Router deviations of RFC 4861 §8 that the node takes on only when started
// with the named fault (refnode/faults/nd_gap_faults.go).

// redirectedNextHop is the router-accepts-redirect fault: the faulty router
// forwards to the target of a Redirect it took in, as a host would send.
// The correct router keeps next, the next hop of its routing table (§8.1: a
// router does not update its routes from Redirects).
func (n *Node) redirectedNextHop(out *iface, dst, next netip.Addr) netip.Addr {
	if !n.faults.Has(faults.RouterAcceptsRedirect) {
		return next
	}
	if to, ok := n.nd.Redirected(out.index, dst); ok {
		return to
	}
	return next
}

// redirectMulticast is the redirect-multicast-destination fault: the faulty
// router answers a packet to a multicast group that came in a frame to its
// own MAC with a Redirect naming the group as on the link (§8.2 allows no
// Redirect for a multicast destination).
func (n *Node) redirectMulticast(in *iface, pkt []byte) {
	h := ipv6.Header(pkt)
	if ipv6.IsUnspecified(h.Src()) || ipv6.IsMulticast(h.Src()) {
		return
	}
	n.nd.SendRedirect(in.index, h.Dst(), pkt)
}
