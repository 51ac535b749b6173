package ipv4

import (
	"encoding/binary"
	"net/netip"
)

// ARP for IPv4 over Ethernet (RFC 826).
const (
	EtherTypeARP  = 0x0806
	EtherTypeIPv4 = 0x0800
	ARPLen        = 28
	ARPRequest    = 1
	ARPReply      = 2

	arpHTypeEthernet = 1
	offHType         = 0
	offPType         = 2
	offHLen          = 4
	offPLen          = 5
	offOp            = 6
	offSHA           = 8
	offSPA           = 14
	offTHA           = 18
	offTPA           = 24
	macLen           = 6
	ipLen            = 4
)

// ARP is a view over an ARP message for IPv4 over Ethernet.
type ARP []byte

// ParseARP checks that b is an Ethernet/IPv4 ARP message.
func ParseARP(b []byte) (ARP, bool) {
	if len(b) < ARPLen {
		return nil, false
	}
	a := ARP(b[:ARPLen])
	ok := binary.BigEndian.Uint16(a[offHType:]) == arpHTypeEthernet &&
		binary.BigEndian.Uint16(a[offPType:]) == EtherTypeIPv4 &&
		a[offHLen] == macLen && a[offPLen] == ipLen
	return a, ok
}

func (a ARP) Op() uint16           { return binary.BigEndian.Uint16(a[offOp:]) }
func (a ARP) SenderMAC() [6]byte   { return [6]byte(a[offSHA : offSHA+macLen]) }
func (a ARP) SenderIP() netip.Addr { return netip.AddrFrom4([4]byte(a[offSPA : offSPA+ipLen])) }
func (a ARP) TargetMAC() [6]byte   { return [6]byte(a[offTHA : offTHA+macLen]) }
func (a ARP) TargetIP() netip.Addr { return netip.AddrFrom4([4]byte(a[offTPA : offTPA+ipLen])) }

// PutARP writes an ARP message into b (at least ARPLen long).
func PutARP(b []byte, op uint16, sha [6]byte, spa netip.Addr, tha [6]byte, tpa netip.Addr) int {
	binary.BigEndian.PutUint16(b[offHType:], arpHTypeEthernet)
	binary.BigEndian.PutUint16(b[offPType:], EtherTypeIPv4)
	b[offHLen], b[offPLen] = macLen, ipLen
	binary.BigEndian.PutUint16(b[offOp:], op)
	s, t := spa.As4(), tpa.As4()
	copy(b[offSHA:], sha[:])
	copy(b[offSPA:], s[:])
	copy(b[offTHA:], tha[:])
	copy(b[offTPA:], t[:])
	return ARPLen
}
