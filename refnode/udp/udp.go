// Package udp is the User Datagram Protocol header (RFC 768) over IPv6:
// a view, a builder and the checksum, which IPv6 makes mandatory (RFC 8200
// §8.1: a datagram with a zero checksum is discarded).
//
// Sockets live in the node (refnode.Node.ListenUDP). Left out: UDP-Lite,
// the zero-checksum exception for tunnels (RFC 6935, RFC 6936) and
// jumbograms (RFC 2675 §4).
package udp

import (
	"encoding/binary"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/ipv6"
)

// Header layout (RFC 768).
const (
	HeaderLen   = 8
	OffSrcPort  = 0
	OffDstPort  = 2
	OffLength   = 4
	OffChecksum = 6
)

// Datagram is a view over a UDP datagram, at least HeaderLen long.
type Datagram []byte

func (d Datagram) SrcPort() uint16  { return binary.BigEndian.Uint16(d[OffSrcPort:]) }
func (d Datagram) DstPort() uint16  { return binary.BigEndian.Uint16(d[OffDstPort:]) }
func (d Datagram) Length() int      { return int(binary.BigEndian.Uint16(d[OffLength:])) }
func (d Datagram) Checksum() uint16 { return binary.BigEndian.Uint16(d[OffChecksum:]) }

// Payload is the data after the header, up to Length.
func (d Datagram) Payload() []byte { return d[HeaderLen:d.Length()] }

// Put writes a datagram with payload into b and fills its checksum for
// src -> dst; it returns its length.
func Put(b []byte, src, dst netip.Addr, srcPort, dstPort uint16, payload []byte) int {
	n := HeaderLen + copy(b[HeaderLen:], payload)
	binary.BigEndian.PutUint16(b[OffSrcPort:], srcPort)
	binary.BigEndian.PutUint16(b[OffDstPort:], dstPort)
	binary.BigEndian.PutUint16(b[OffLength:], uint16(n))
	binary.BigEndian.PutUint16(b[OffChecksum:], 0)
	c := ipv6.Checksum(src, dst, ipv6.ProtoUDP, b[:n])
	if c == 0 {
		c = 0xffff // RFC 768: a computed zero is sent as all ones
	}
	binary.BigEndian.PutUint16(b[OffChecksum:], c)
	return n
}

// ChecksumOK verifies the checksum of a received datagram (as long as its
// Length says). A zero checksum field is not OK over IPv6.
func ChecksumOK(d Datagram, src, dst netip.Addr) bool {
	return d.Checksum() != 0 && ipv6.Checksum(src, dst, ipv6.ProtoUDP, d[:d.Length()]) == 0
}
