package refnode

import (
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// redirect sends a Redirect when a router forwards a packet back out of the
// interface it came in on and the packet's source is a neighbor there
// (RFC 4861 §8.2): the better first hop is next, on the same link.
func (n *Node) redirect(in, out *iface, pkt []byte, next netip.Addr) {
	if out != in || !n.router || n.faults.Has(faults.NoRedirectSent) {
		return
	}
	h := ipv6.Header(pkt)
	src, dst := h.Src(), h.Dst()
	switch {
	case ipv6.IsUnspecified(src), ipv6.IsMulticast(src), ipv6.IsMulticast(dst):
		return
	case !src.IsLinkLocalUnicast() && !in.isOnLink(src) && !n.faults.Has(faults.RedirectSourceNotNeighbor):
		n.count(counter.NDRedirectSourceNotNeighbor)
		return
	case next != dst && !next.IsLinkLocalUnicast() && !n.faults.Has(faults.RedirectGlobalTarget):
		n.count(counter.NDRedirectTargetNotLinkLocal) // §8.2: a router target is named by its link-local address
		return
	case len(pkt) > out.mtu, len(pkt) == out.mtu && n.faults.Has(faults.RedirectMTUOffByOne):
		return // Packet Too Big goes back instead
	}
	n.nd.SendRedirect(in.index, next, pkt)
}
