package refnode

import (
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/link"
)

// send4 sends the plen octets built behind the IPv4 header in ifc.tx
// along the routes (through ifc when it is the tunnel the packet answers).
func (n *Node) send4(ifc *iface, src, dst netip.Addr, proto uint8, plen int) {
	pkt := ifc.tx[link.HeaderLen : link.HeaderLen+ipv4.HeaderLen+plen]
	n.v4.id++
	ipv4.Put(pkt, 0, n.v4.id, false, ipv4.DefaultTTL, proto, src, dst, plen)
	n.route4(ifc, dst, pkt) // ip_forward.go
}

// output4 sends an IPv4 packet to a neighbor on ifc's link, resolving it
// with ARP first.
func (n *Node) output4(ifc *iface, dst netip.Addr, pkt []byte) {
	src, ok := ifc.onLink4(dst)
	if !ok {
		n.count(counter.IPv4OutNoRoute)
		return
	}
	if len(pkt) > ifc.mtu {
		n.fragment4(ifc, dst, pkt, ifc.mtu)
		return
	}
	n.v4.arp.Resolve(ifc, src, dst, pkt)
}

// fragment4 sends pkt to the neighbor dst on ifc in fragments of at most
// mtu octets (RFC 791 §3.2). A packet with DF is dropped: whoever sends
// one here was told the MTU already (forward4, the tunnel entry).
func (n *Node) fragment4(ifc *iface, dst netip.Addr, pkt []byte, mtu int) {
	switch {
	case n.faults.Has(faults.IPv4NoFragmentation):
		n.count(counter.IPv4OutTooBig)
		return
	case ipv4.Header(pkt).DontFragment() && !n.faults.Has(faults.IPv4DFFragmented):
		n.count(counter.IPv4OutTooBigDF)
		return
	}
	whole := ifc.held(pkt)
	k := ipv4.Fragment(ipv4.Header(whole), mtu, ifc.tx[link.HeaderLen:], func(f []byte) {
		n.count(counter.IPv4OutFragments)
		n.output4(ifc, dst, f)
	})
	if k == 0 {
		n.count(counter.IPv4OutNoRoom)
		return
	}
	n.count(counter.IPv4OutFragmented)
}
