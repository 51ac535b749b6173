// Package packets builds the frames the tester sends and recognises the
// frames the node under test sends back. Building goes through gopacket, with
// our own encoding where gopacket gets IPv6 wrong (ND options, header
// overrides). Address arithmetic is done here again on purpose, apart from
// the reference node's: a tester that shared the node's code would share its
// bugs.
package packets

import (
	"net"
	"net/netip"
)

// Well-known addresses (RFC 4291 §2.7.1).
var (
	AllNodes    = netip.MustParseAddr("ff02::1")
	AllRouters  = netip.MustParseAddr("ff02::2")
	Unspecified = netip.IPv6Unspecified()
	Loopback    = netip.IPv6Loopback()
)

// SolicitedNode returns the solicited-node multicast group of a
// (ff02::1:ff00:0/104 plus its low 24 bits, RFC 4291 §2.7.1).
func SolicitedNode(a netip.Addr) netip.Addr {
	b := a.As16()
	g := [16]byte{0: 0xff, 1: 0x02, 11: 0x01, 12: 0xff, 13: b[13], 14: b[14], 15: b[15]}
	return netip.AddrFrom16(g)
}

// MulticastMAC maps an IPv6 multicast group to its Ethernet address
// (33:33 and the group's low 32 bits, RFC 2464 §7).
func MulticastMAC(a netip.Addr) net.HardwareAddr {
	b := a.As16()
	return net.HardwareAddr{0x33, 0x33, b[12], b[13], b[14], b[15]}
}

// InterfaceID is the modified EUI-64 identifier of a 48-bit MAC: ff:fe in
// the middle and the universal/local bit inverted (RFC 4291 §2.5.1, App. A).
func InterfaceID(mac net.HardwareAddr) [8]byte {
	return [8]byte{mac[0] ^ 0x02, mac[1], mac[2], 0xff, 0xfe, mac[3], mac[4], mac[5]}
}

// WithInterfaceID puts the modified EUI-64 identifier of mac behind the
// first 64 bits of prefix.
func WithInterfaceID(prefix netip.Addr, mac net.HardwareAddr) netip.Addr {
	b := prefix.As16()
	id := InterfaceID(mac)
	copy(b[8:], id[:])
	return netip.AddrFrom16(b)
}

// LinkLocal is the EUI-64 link-local address of mac.
func LinkLocal(mac net.HardwareAddr) netip.Addr {
	return WithInterfaceID(netip.MustParseAddr("fe80::"), mac)
}

// MACFor is the destination MAC for an IPv6 destination: the mapped group
// for multicast, else the given unicast MAC.
func MACFor(dst netip.Addr, unicast net.HardwareAddr) net.HardwareAddr {
	if dst.IsMulticast() {
		return MulticastMAC(dst)
	}
	return unicast
}
