package refnode

import (
	"encoding/binary"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
)

// txPayload is where a packet's upper layer is built in the transmit buffer,
// behind room for the Ethernet and IPv6 headers.
func (ifc *iface) txPayload() []byte { return ifc.tx[link.HeaderLen+ipv6.HeaderLen:] }

// sendIP sends the plen octets already built at txPayload with a fresh IPv6
// header, filling the ICMPv6 checksum (UDP fills its own).
func (n *Node) sendIP(ifc *iface, src, dst netip.Addr, hopLimit, proto uint8, plen int) {
	pkt := ifc.tx[link.HeaderLen : link.HeaderLen+ipv6.HeaderLen+plen]
	ipv6.Put(pkt, 0, 0, uint16(plen), proto, hopLimit, src, dst)
	if proto == ipv6.ProtoICMPv6 {
		icmp6.SetChecksum(pkt[ipv6.HeaderLen:], src, dst)
	}
	if proto == ipv6.ProtoICMPv6 && n.faults.Has(faults.ChecksumOneCarry) {
		binary.BigEndian.PutUint16(pkt[ipv6.HeaderLen+icmp6.OffChecksum:], 0)
		binary.BigEndian.PutUint16(pkt[ipv6.HeaderLen+icmp6.OffChecksum:], oneCarryChecksum(src, dst, pkt[ipv6.HeaderLen:]))
	}
	n.output(ifc, pkt)
}

// output sends a packet the node originates, built on interface ifc (the
// one it answers on): whole if it fits the path MTU to its destination,
// else in fragments (RFC 8200 §4.5, §5).
func (n *Node) output(ifc *iface, pkt []byte) {
	h := ipv6.Header(pkt)
	dst := h.Dst()
	out, next, ok := n.nextHop(ifc, dst)
	if !ok {
		n.count(counter.IPv6OutNoRoute)
		return
	}
	if out.disabled {
		n.count(counter.IPv6OutInterfaceDisabled)
		return
	}
	mtu := n.pmtu.Get(out.index, dst, n.linkMTU(out))
	if len(pkt) <= mtu || n.faults.Has(faults.NoFragmentation) {
		n.toLink(out, next, pkt)
		return
	}
	n.fragmentOutput(out, next, pkt, mtu)
}

// nextHop chooses the interface and the neighbor a packet to dst leaves
// through (RFC 4861 §5.2): multicast and link-local destinations on ifc;
// for a host, a Redirect's target; the configured on-link prefixes of ifc;
// the static routes; then, for a host, what router discovery taught (the
// Prefix List, Route Information, the Default Router List: nd.NextHop).
func (n *Node) nextHop(ifc *iface, dst netip.Addr) (*iface, netip.Addr, bool) {
	switch {
	case dst.IsLinkLocalUnicast() && n.faults.Has(faults.LLFirstInterface):
		return n.ifs[0], dst, true // whatever zone dst is in (scope6.go)
	case ipv6.IsMulticast(dst), dst.IsLinkLocalUnicast():
		return ifc, dst, true
	case ipv6.IsLoopback(dst) && n.faults.Has(faults.AcceptLoopbackOnWire):
		// The faulty node treats ::1 as a neighbor on the link (RFC 4291
		// §2.5.3 forbids it ever leaving the node).
		return ifc, dst, true
	case ipv6.IsLoopback(dst), ipv6.IsUnspecified(dst):
		return nil, netip.Addr{}, false // RFC 4291 §2.5.2, §2.5.3: never onto a link
	}
	if !n.router || n.faults.Has(faults.RouterAcceptsRedirect) {
		if next, ok := n.nd.Redirected(ifc.index, dst); ok {
			return ifc, next, true
		}
	}
	if ifc.isOnLink(dst) {
		return ifc, dst, true
	}
	rt, ok := n.lookup(dst)
	if !ok && !n.router {
		if n.nd.OnLink(ifc.index, dst) {
			return ifc, dst, true
		}
		if next, ok := n.nd.NextHop(ifc.index, dst); ok {
			return ifc, next, true
		}
		if n.faults.Has(faults.OffLinkAssumedOnLink) && ifc != nil {
			return ifc, dst, true // RFC 2461 §5.2; RFC 4943 removed it
		}
	}
	if !ok {
		return nil, netip.Addr{}, false
	}
	if rt.nextHop.IsValid() {
		return rt.ifc, rt.nextHop, true
	}
	return rt.ifc, dst, true
}

// toLink hands pkt to the link towards the neighbor next: multicast maps
// straight to its MAC, unicast is resolved by ND before the interface sees
// the packet.
func (n *Node) toLink(out *iface, next netip.Addr, pkt []byte) {
	if out.tun != nil {
		n.tunnels.send(out, pkt) // tunnel_output.go
		return
	}
	if ipv6.IsMulticast(next) {
		n.transmit(out, ipv6.MulticastMAC(next), pkt)
		return
	}
	if mac, ok := n.zoneBlindNeighbor(out, next); ok {
		n.transmit(out, mac, pkt) // neighbor-zone-blind (scope6.go)
		return
	}
	if mac, ok := n.nd.Resolve(out.index, next, ipv6.Header(pkt).Src(), pkt); ok {
		n.transmit(out, mac, pkt)
	}
}

// linkMTU is the MTU the node sends with on ifc: the device's, lowered by a
// host to what an RA's MTU option announced (RFC 4861 §6.3.4).
func (n *Node) linkMTU(ifc *iface) int {
	if ifc.tun != nil {
		return n.tunnels.mtu(ifc) // tunnel.go
	}
	if !n.router {
		if m := n.nd.LinkMTU(ifc.index); m != 0 && m < ifc.mtu {
			return m
		}
	}
	return ifc.mtu
}

// hopLimitOn is the hop limit of the packets the node originates on ifc: a
// host takes the Cur Hop Limit of the last RA that set one (§6.3.4).
func (n *Node) hopLimitOn(ifc *iface) uint8 {
	if !n.router {
		if h := n.nd.CurHopLimit(ifc.index); h != 0 {
			return h
		}
	}
	return n.hopLimit
}
