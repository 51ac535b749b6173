package ipv4

import (
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
)

// Output sends a node's IPv4 packets to neighbors on Ethernet links:
// through the ARP cache, and in fragments when a packet is too big for the
// link (RFC 791 §3.2). Routing, and the tunnels a route may lead into, are
// the node's.
type Output struct {
	ARP    *ARPCache
	Faults faults.Set // ipv4-no-fragmentation, ipv4-df-fragmented
	Count  func(counter.Counter)
}

// ToNeighbor sends pkt to dst, a neighbor on l's link, resolving it with
// ARP first.
func (o *Output) ToNeighbor(l Link, dst netip.Addr, pkt []byte) {
	src, ok := l.OnLink(dst)
	if !ok {
		o.Count(counter.IPv4OutNoRoute)
		return
	}
	if mtu := l.MTU(); len(pkt) > mtu {
		o.Fragment(l, dst, pkt, mtu)
		return
	}
	o.ARP.Resolve(l, src, dst, pkt)
}

// Fragment sends pkt to the neighbor dst on l in fragments of at most mtu
// octets (RFC 791 §3.2). A packet with DF is dropped: whoever sends one
// here was told the MTU already (a router's forwarding, a tunnel's entry).
func (o *Output) Fragment(l Link, dst netip.Addr, pkt []byte, mtu int) {
	switch {
	case o.Faults.Has(faults.IPv4NoFragmentation):
		o.Count(counter.IPv4OutTooBig)
		return
	case Header(pkt).DontFragment() && !o.Faults.Has(faults.IPv4DFFragmented):
		o.Count(counter.IPv4OutTooBigDF)
		return
	}
	whole := l.Held(pkt)
	k := Fragment(Header(whole), mtu, l.FrameBuffer(), func(f []byte) {
		o.Count(counter.IPv4OutFragments)
		o.ToNeighbor(l, dst, f)
	})
	if k == 0 {
		o.Count(counter.IPv4OutNoRoom)
		return
	}
	o.Count(counter.IPv4OutFragmented)
}
