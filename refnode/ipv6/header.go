// Package ipv6 gives access to the IPv6 header (RFC 8200 §3) as a view over
// the received bytes, the node's address arithmetic (RFC 4291 §2.5.1,
// §2.7.1, appendix A; RFC 2464 §7 for the multicast MAC mapping) and the
// upper-layer checksum (RFC 8200 §8.1).
//
// Extension headers, jumbograms and flow-label semantics are left to later
// packages: this one only knows the fixed header.
package ipv6

import (
	"encoding/binary"
	"net/netip"
)

// HeaderLen is the length of the fixed IPv6 header.
const HeaderLen = 40

// Version is the only value the Version field may carry.
const Version = 6

// Offsets of the fixed header's fields (RFC 8200 §3). Parameter Problem
// pointers are computed from these.
const (
	OffVersion       = 0 // 4 bits, then Traffic Class
	OffTrafficClass  = 0 // 8 bits straddling octets 0 and 1
	OffFlowLabel     = 1 // 20 bits, low nibble of octet 1 onwards
	OffPayloadLength = 4
	OffNextHeader    = 6
	OffHopLimit      = 7
	OffSrc           = 8
	OffDst           = 24
)

// Protocol numbers the node knows by name (IANA "Assigned Internet Protocol
// Numbers").
const (
	ProtoHopByHop = 0
	ProtoTCP      = 6
	ProtoUDP      = 17
	ProtoIPv6     = 41
	ProtoRouting  = 43
	ProtoFragment = 44
	ProtoESP      = 50
	ProtoAH       = 51
	ProtoICMPv6   = 58
	ProtoNoNext   = 59
	ProtoDestOpts = 60
)

// Header is a view over an IPv6 packet starting at its fixed header. The
// caller makes sure it is at least HeaderLen long.
type Header []byte

func (h Header) Version() uint8 { return h[0] >> 4 }

func (h Header) TrafficClass() uint8 { return h[0]<<4 | h[1]>>4 }

func (h Header) FlowLabel() uint32 {
	return uint32(h[1]&0x0f)<<16 | uint32(h[2])<<8 | uint32(h[3])
}

func (h Header) PayloadLength() uint16 { return binary.BigEndian.Uint16(h[OffPayloadLength:]) }

func (h Header) NextHeader() uint8 { return h[OffNextHeader] }

func (h Header) HopLimit() uint8 { return h[OffHopLimit] }

func (h Header) Src() netip.Addr { return netip.AddrFrom16([16]byte(h[OffSrc : OffSrc+16])) }

func (h Header) Dst() netip.Addr { return netip.AddrFrom16([16]byte(h[OffDst : OffDst+16])) }

// Payload is what follows the fixed header, as far as the view reaches.
func (h Header) Payload() []byte { return h[HeaderLen:] }

// Put writes a fixed header into b (at least HeaderLen long).
func Put(b []byte, trafficClass uint8, flowLabel uint32, payloadLen uint16, next, hopLimit uint8, src, dst netip.Addr) {
	b[0] = Version<<4 | trafficClass>>4
	b[1] = trafficClass<<4 | uint8(flowLabel>>16)&0x0f
	b[2] = uint8(flowLabel >> 8)
	b[3] = uint8(flowLabel)
	binary.BigEndian.PutUint16(b[OffPayloadLength:], payloadLen)
	b[OffNextHeader] = next
	b[OffHopLimit] = hopLimit
	s, d := src.As16(), dst.As16()
	copy(b[OffSrc:], s[:])
	copy(b[OffDst:], d[:])
}
