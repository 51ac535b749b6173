package ipv6

import "net/netip"

// Well-known addresses (RFC 4291 §2.5.2, §2.5.3, §2.7.1).
var (
	Unspecified            = netip.IPv6Unspecified()
	Loopback               = netip.IPv6Loopback()
	AllNodes               = netip.MustParseAddr("ff02::1")
	AllNodesInterfaceLocal = netip.MustParseAddr("ff01::1")
	AllRouters             = netip.MustParseAddr("ff02::2")
	AllRoutersInterface    = netip.MustParseAddr("ff01::2")
	AllRoutersSite         = netip.MustParseAddr("ff05::2")
	LinkLocalPrefix        = netip.MustParsePrefix("fe80::/64")
)

// Multicast and unicast scopes (RFC 4291 §2.7; RFC 4007 §6).
const (
	ScopeInterfaceLocal = 0x1
	ScopeLinkLocal      = 0x2
	ScopeAdminLocal     = 0x4
	ScopeSiteLocal      = 0x5
	ScopeOrgLocal       = 0x8
	ScopeGlobal         = 0xe
)

// Scope returns the scope of a: the scope field for multicast; link-local for
// fe80::/10 and for the loopback address (RFC 4291 §2.5.3 treats it as
// link-local); global for every other unicast address, ULAs included
// (RFC 4193 §3.3).
func Scope(a netip.Addr) uint8 {
	b := a.As16()
	switch {
	case b[0] == 0xff:
		return b[1] & 0x0f
	case a.IsLinkLocalUnicast(), a == Loopback:
		return ScopeLinkLocal
	case b[0] == 0xfe && b[1]&0xc0 == 0xc0:
		return ScopeSiteLocal // deprecated fec0::/10
	}
	return ScopeGlobal
}

// IsLoopback reports whether a is ::1.
func IsLoopback(a netip.Addr) bool { return a == Loopback }

// IsUnspecified reports whether a is ::.
func IsUnspecified(a netip.Addr) bool { return a == Unspecified }

// IsMulticast reports whether a is in ff00::/8.
func IsMulticast(a netip.Addr) bool { return a.Is6() && a.As16()[0] == 0xff }

// SolicitedNode returns the solicited-node multicast group of a: ff02::1:ff
// followed by the low 24 bits of a (RFC 4291 §2.7.1).
func SolicitedNode(a netip.Addr) netip.Addr {
	b := a.As16()
	g := [16]byte{0: 0xff, 1: 0x02, 11: 0x01, 12: 0xff, 13: b[13], 14: b[14], 15: b[15]}
	return netip.AddrFrom16(g)
}

// IsSolicitedNode reports whether a is a solicited-node multicast group.
func IsSolicitedNode(a netip.Addr) bool {
	b := a.As16()
	p := [13]byte{0: 0xff, 1: 0x02, 11: 0x01, 12: 0xff}
	return [13]byte(b[:13]) == p
}

// InterfaceID forms the modified EUI-64 interface identifier from a 48-bit
// MAC: ff:fe in the middle and the universal/local bit inverted (RFC 4291
// §2.5.1 and appendix A).
func InterfaceID(mac [6]byte) [8]byte {
	return [8]byte{mac[0] ^ 0x02, mac[1], mac[2], 0xff, 0xfe, mac[3], mac[4], mac[5]}
}

// FromPrefix puts the interface identifier id into the low 64 bits of prefix p.
func FromPrefix(p netip.Prefix, id [8]byte) netip.Addr {
	b := p.Addr().As16()
	copy(b[8:], id[:])
	return netip.AddrFrom16(b)
}

// LinkLocal returns fe80::/64 with the interface identifier id.
func LinkLocal(id [8]byte) netip.Addr { return FromPrefix(LinkLocalPrefix, id) }

// MulticastMAC maps a multicast address to its Ethernet group address:
// 33:33 followed by the low 32 bits (RFC 2464 §7).
func MulticastMAC(a netip.Addr) [6]byte {
	b := a.As16()
	return [6]byte{0x33, 0x33, b[12], b[13], b[14], b[15]}
}
