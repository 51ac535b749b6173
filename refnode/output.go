package refnode

import (
	"encoding/binary"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/frag"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/udp"
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
		return n.ifs[0], dst, true // whatever zone dst is in (zone.go)
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

// fragmentOutput sends pkt in fragments of at most mtu octets, each with the
// same unpredictable Identification (RFC 8200 §4.5; RFC 7739).
func (n *Node) fragmentOutput(out *iface, next netip.Addr, pkt []byte, mtu int) {
	whole := out.held(pkt)
	id := n.fragIDs.Uint32()
	k := frag.Split(whole, mtu, id, out.tx[link.HeaderLen:], func(f []byte) {
		n.count(counter.FragOutFragments)
		n.toLink(out, next, f)
	})
	if k == 0 {
		n.count(counter.FragOutNoRoom)
		return
	}
	n.count(counter.FragOutPackets)
}

// held copies a packet about to be fragmented out of the way: its
// fragments are built in tx, where pkt may be.
func (ifc *iface) held(pkt []byte) []byte {
	if ifc.big == nil {
		ifc.big = make([]byte, txBufferSize)
	}
	whole := ifc.big[:len(pkt)]
	copy(whole, pkt)
	return whole
}

// toLink hands pkt to the link towards the neighbor next: multicast maps
// straight to its MAC, unicast is resolved by ND before the interface sees
// the packet.
func (n *Node) toLink(out *iface, next netip.Addr, pkt []byte) {
	if out.tun != nil {
		n.tunnelSend(out, pkt) // tunnel_iface.go
		return
	}
	if ipv6.IsMulticast(next) {
		n.transmit(out, ipv6.MulticastMAC(next), pkt)
		return
	}
	if mac, ok := n.zoneBlindNeighbor(out, next); ok {
		n.transmit(out, mac, pkt) // neighbor-zone-blind (zone.go)
		return
	}
	if mac, ok := n.nd.Resolve(out.index, next, ipv6.Header(pkt).Src(), pkt); ok {
		n.transmit(out, mac, pkt)
	}
}

// transmit frames pkt for dst and writes it to the device.
func (n *Node) transmit(ifc *iface, dst link.MAC, pkt []byte) {
	if ifc.disabled {
		n.count(counter.IPv6OutInterfaceDisabled)
		return
	}
	frame := ifc.tx[:link.HeaderLen+len(pkt)]
	if len(pkt) > 0 && &pkt[0] != &ifc.tx[link.HeaderLen] {
		copy(frame[link.HeaderLen:], pkt)
	}
	link.PutHeader(frame, dst, ifc.mac, link.EtherTypeIPv6)
	if _, err := ifc.dev.Write(frame); err != nil {
		n.count(counter.LinkWriteError)
	}
}

// sendUDP builds a datagram at txPayload and sends it.
func (n *Node) sendUDP(ifc *iface, src, dst netip.Addr, srcPort, dstPort uint16, payload []byte) {
	l := udp.Put(ifc.txPayload(), src, dst, srcPort, dstPort, payload)
	n.count(counter.UDPOutDatagrams)
	n.sendIP(ifc, src, dst, n.hopLimitOn(ifc), ipv6.ProtoUDP, l)
}
