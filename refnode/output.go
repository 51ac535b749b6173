package refnode

import (
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"net/netip"
)

// txPayload is where a packet's upper layer is built in the transmit buffer,
// behind room for the Ethernet and IPv6 headers.
func (ifc *iface) txPayload() []byte { return ifc.tx[link.HeaderLen+ipv6.HeaderLen:] }

// sendIP sends the plen octets already built at txPayload with a fresh IPv6
// header, filling the ICMPv6 checksum.
func (n *Node) sendIP(ifc *iface, src, dst netip.Addr, hopLimit, proto uint8, plen int) {
	pkt := ifc.tx[link.HeaderLen : link.HeaderLen+ipv6.HeaderLen+plen]
	ipv6.Put(pkt, 0, 0, uint16(plen), proto, hopLimit, src, dst)
	if proto == ipv6.ProtoICMPv6 {
		icmp6.SetChecksum(pkt[ipv6.HeaderLen:], src, dst)
	}
	n.output(ifc, pkt)
}

// output chooses the next hop and link-layer destination of pkt (RFC 4861
// §5.2, host without routers): multicast maps straight to its MAC; link-local
// and on-link destinations are resolved by ND before the interface sees the
// packet; anything else has no route yet.
func (n *Node) output(ifc *iface, pkt []byte) {
	if ifc.disabled {
		n.count("ipv6.out.interface_disabled")
		return
	}
	h := ipv6.Header(pkt)
	dst := h.Dst()
	switch {
	case ipv6.IsMulticast(dst):
		n.transmit(ifc, ipv6.MulticastMAC(dst), pkt)
	case dst.IsLinkLocalUnicast() || ifc.isOnLink(dst) ||
		(ipv6.IsLoopback(dst) && n.faults.Has(faults.AcceptLoopbackOnWire)):
		// The faulty node treats ::1 as a neighbor on the link (RFC 4291
		// §2.5.3 forbids it ever leaving the node).
		if mac, ok := n.nd.Resolve(ifc.index, dst, h.Src(), pkt); ok {
			n.transmit(ifc, mac, pkt)
		}
	default:
		n.count("ipv6.out.no_route")
	}
}

// transmit frames pkt for dst and writes it to the device.
func (n *Node) transmit(ifc *iface, dst link.MAC, pkt []byte) {
	if ifc.disabled {
		n.count("ipv6.out.interface_disabled")
		return
	}
	frame := ifc.tx[:link.HeaderLen+len(pkt)]
	if len(pkt) > 0 && &pkt[0] != &ifc.tx[link.HeaderLen] {
		copy(frame[link.HeaderLen:], pkt)
	}
	link.PutHeader(frame, dst, ifc.mac, link.EtherTypeIPv6)
	if _, err := ifc.dev.Write(frame); err != nil {
		n.count("link.write_error")
	}
}
