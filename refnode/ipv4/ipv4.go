// Package ipv4 is the little IPv4 the reference node needs to carry
// tunnels over IPv4 links (RFC 4213) and IPv4 inside tunnels (RFC 2473,
// RFC 2003): the header view and checksum (RFC 791 §3.1), reassembly
// (RFC 791 §3.2, reassembly.go), ARP on Ethernet (RFC 826) and its cache
// (RFC 1122 §2.3.2, arp_cache.go), the ICMPv4 messages a tunnel endpoint
// or router sends or reads (RFC 792: Echo, Destination Unreachable with
// RFC 1191's next-hop MTU, Time Exceeded), fragmentation of outgoing
// datagrams (RFC 791 §3.2, fragment.go), and output to the neighbors on a
// link, through ARP and in fragments when too big (output.go). The node
// (refnode) routes, forwards, and answers; this package never calls it.
//
// Left out: IPv4 options (a header with options is read past them, never
// acted on, and copied into later fragments by their copied flag), and
// every other protocol.
package ipv4

import (
	"encoding/binary"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
)

// HeaderLen is the length of a header without options.
const HeaderLen = 20

// Version is the only value the Version field may carry.
const Version = 4

// Offsets of the header's fields (RFC 791 §3.1).
const (
	OffVersionIHL   = 0
	OffTOS          = 1
	OffTotalLength  = 2
	OffID           = 4
	OffFlagsFrag    = 6
	OffTTL          = 8
	OffProtocol     = 9
	OffChecksum     = 10
	OffSrc          = 12
	OffDst          = 16
	FlagDontFrag    = 0x4000
	FlagMoreFrags   = 0x2000
	fragOffsetMask  = 0x1fff
	ihlMask         = 0x0f
	versionShift    = 4
	minIHL          = 5
	maxTotalLength  = 0xffff
	headerWordBytes = 4
)

// Protocol numbers (IANA).
const (
	ProtoICMP = 1
	ProtoIPv4 = 4  // IP in IP (RFC 2003, RFC 2473 §3.1)
	ProtoIPv6 = 41 // IPv6 in IP (RFC 4213 §3.5)
)

// DefaultTTL is IANA's default time to live, which RFC 4213 §3.3 suggests
// for the outer header of a tunnel.
const DefaultTTL = 64

// Header is a view over an IPv4 packet starting at its header; the caller
// makes sure it holds at least HeaderLen octets.
type Header []byte

func (h Header) Version() uint8   { return h[OffVersionIHL] >> versionShift }
func (h Header) HeaderLen() int   { return int(h[OffVersionIHL]&ihlMask) * headerWordBytes }
func (h Header) TOS() uint8       { return h[OffTOS] }
func (h Header) TotalLength() int { return int(binary.BigEndian.Uint16(h[OffTotalLength:])) }
func (h Header) ID() uint16       { return binary.BigEndian.Uint16(h[OffID:]) }
func (h Header) DontFragment() bool {
	return binary.BigEndian.Uint16(h[OffFlagsFrag:])&FlagDontFrag != 0
}
func (h Header) MoreFragments() bool {
	return binary.BigEndian.Uint16(h[OffFlagsFrag:])&FlagMoreFrags != 0
}
func (h Header) FragmentOffset() int {
	return int(binary.BigEndian.Uint16(h[OffFlagsFrag:])&fragOffsetMask) * 8
}
func (h Header) IsFragment() bool { return h.MoreFragments() || h.FragmentOffset() != 0 }
func (h Header) TTL() uint8       { return h[OffTTL] }
func (h Header) Protocol() uint8  { return h[OffProtocol] }
func (h Header) Src() netip.Addr  { return netip.AddrFrom4([4]byte(h[OffSrc : OffSrc+4])) }
func (h Header) Dst() netip.Addr  { return netip.AddrFrom4([4]byte(h[OffDst : OffDst+4])) }
func (h Header) Payload() []byte  { return h[h.HeaderLen():h.TotalLength()] }
func (h Header) ChecksumOK() bool { return Checksum(h[:h.HeaderLen()]) == 0 }
func (h Header) SetTTL(ttl uint8) { h[OffTTL] = ttl; h.fixChecksum() }
func (h Header) fixChecksum() {
	binary.BigEndian.PutUint16(h[OffChecksum:], 0)
	binary.BigEndian.PutUint16(h[OffChecksum:], Checksum(h[:h.HeaderLen()]))
}

// Check validates a received packet (RFC 1122 §3.2.1.1-3.2.1.2: version,
// header length, total length, checksum) and returns it cut to its Total
// Length, or the counter of the reason to drop it.
func Check(pkt []byte) (Header, counter.Counter) {
	if len(pkt) < HeaderLen {
		return nil, counter.IPv4TooShort
	}
	h := Header(pkt)
	switch {
	case h.Version() != Version:
		return nil, counter.IPv4BadVersion
	case h.HeaderLen() < HeaderLen || h.HeaderLen() > len(pkt):
		return nil, counter.IPv4BadHeaderLength
	case h.TotalLength() < h.HeaderLen() || h.TotalLength() > len(pkt):
		return nil, counter.IPv4BadTotalLength
	case !h.ChecksumOK():
		return nil, counter.IPv4BadChecksum
	}
	return h[:h.TotalLength()], counter.None
}

// Put writes a header without options for a payload of plen octets into b
// and fills its checksum.
func Put(b []byte, tos uint8, id uint16, dontFrag bool, ttl, proto uint8, src, dst netip.Addr, plen int) {
	b[OffVersionIHL] = Version<<versionShift | minIHL
	b[OffTOS] = tos
	binary.BigEndian.PutUint16(b[OffTotalLength:], uint16(HeaderLen+plen))
	binary.BigEndian.PutUint16(b[OffID:], id)
	var flags uint16
	if dontFrag {
		flags = FlagDontFrag
	}
	binary.BigEndian.PutUint16(b[OffFlagsFrag:], flags)
	b[OffTTL] = ttl
	b[OffProtocol] = proto
	s, d := src.As4(), dst.As4()
	copy(b[OffSrc:], s[:])
	copy(b[OffDst:], d[:])
	Header(b).fixChecksum()
}

// MaxPayload is the most a packet can carry behind a header without options.
const MaxPayload = maxTotalLength - HeaderLen

// Checksum is the Internet checksum (RFC 1071) of b: 0 over a header or
// message whose checksum field is right, the value to store when the field
// is 0.
func Checksum(b []byte) uint16 {
	var sum uint32
	for len(b) >= 2 {
		sum += uint32(binary.BigEndian.Uint16(b))
		b = b[2:]
	}
	if len(b) == 1 {
		sum += uint32(b[0]) << 8
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}

// IsUnicast reports whether a can be a unicast source or destination:
// not 0.0.0.0, broadcast, multicast, loopback or class E (RFC 1122
// §3.2.1.3, RFC 1812 §5.3.7).
func IsUnicast(a netip.Addr) bool {
	if !a.Is4() {
		return false
	}
	b := a.As4()
	return !a.IsUnspecified() && !a.IsLoopback() && !a.IsMulticast() && b[0] < 240
}
