// Package exthdr walks the IPv6 extension header chain in place (RFC 8200
// §4): Hop-by-Hop Options only directly after the IPv6 header (§4.3), the
// options of Hop-by-Hop and Destination Options headers in order, with the
// action the two high-order bits of an unknown option's type ask for (§4.2),
// Routing headers of any type with Segments Left 0 ignored and with Segments
// Left above 0 answered with Parameter Problem code 0 at the Routing Type
// (§4.4; type 0 treated as unknown, RFC 5095 §3), and No Next Header (§4.7).
// It stops at a Fragment header (§4.5) and lets the caller decide: the walk
// goes on past an atomic fragment (RFC 6946), reassembly is refnode/frag.
//
// The walk never copies or removes a header: every result is an offset into
// the packet as received, so that a Parameter Problem pointer is computed,
// not counted, and the error quotes the packet exactly.
//
// Left out: the options' own semantics (Router Alert, Jumbo Payload, Tunnel
// Encapsulation Limit and the rest are processed as their type bits say:
// Router Alert is skipped, Jumbo Payload, starting with 11, is unknown),
// the order recommended in §4.1 (a receiver must accept any order), AH and
// ESP (unrecognized Next Header values to this node), and any limit on the
// chain's length (RFC 8504 §5.3) beyond the packet's own.
package exthdr

import (
	"encoding/binary"

	"github.com/v6ct/v6ct/refnode/ipv6"
)

// Layout shared by Hop-by-Hop, Routing and Destination Options headers
// (RFC 8200 §4.3, §4.4, §4.6), and of the Fragment header (§4.5).
const (
	OffNextHeader     = 0
	OffHdrExtLen      = 1 // in 8-octet units, not counting the first 8
	OffRoutingType    = 2
	OffSegmentsLeft   = 3
	OffFragmentOffset = 2 // 13 bits of offset in 8-octet units, 2 reserved, M
	OffIdentification = 4
	FragmentLen       = 8
	MinLen            = 8 // every extension header is a multiple of 8 octets
)

// Option types with a meaning to the walk (RFC 8200 §4.2; RFC 2711).
const (
	OptPad1        = 0x00
	OptPadN        = 0x01
	OptRouterAlert = 0x05
)

// Actions the two high-order bits of an unrecognized option type ask for
// (RFC 8200 §4.2).
const (
	ActSkip            = 0 // 00: skip over the option
	ActDiscard         = 1 // 01: discard the packet silently
	ActDiscardError    = 2 // 10: discard, Parameter Problem code 2 even to multicast
	ActDiscardErrorUni = 3 // 11: discard, Parameter Problem code 2 unless multicast
)

// Parameter Problem codes the walk produces (RFC 4443 §3.4, RFC 7112 §5).
const (
	CodeErroneousHeader  = 0
	CodeUnrecognizedNext = 1
	CodeUnrecognizedOpt  = 2
	CodeIncompleteChain  = 3
)

// Ext is a view over a Hop-by-Hop, Routing or Destination Options header,
// at least 2 octets long.
type Ext []byte

func (e Ext) NextHeader() uint8 { return e[OffNextHeader] }

// Len is the header's length in octets.
func (e Ext) Len() int { return (int(e[OffHdrExtLen]) + 1) * 8 }

// Routing is a view over a Routing header, at least 4 octets long.
type Routing []byte

func (r Routing) RoutingType() uint8  { return r[OffRoutingType] }
func (r Routing) SegmentsLeft() uint8 { return r[OffSegmentsLeft] }

// Fragment is a view over a Fragment header, at least FragmentLen long.
type Fragment []byte

func (f Fragment) NextHeader() uint8 { return f[OffNextHeader] }

// Offset is the fragment's offset in octets.
func (f Fragment) Offset() int {
	return int(binary.BigEndian.Uint16(f[OffFragmentOffset:]) &^ 7)
}

// More is the M flag: more fragments follow.
func (f Fragment) More() bool { return f[OffFragmentOffset+1]&1 != 0 }

func (f Fragment) Identification() uint32 { return binary.BigEndian.Uint32(f[OffIdentification:]) }

// Atomic reports an atomic fragment: offset 0 and M clear (RFC 6946).
func (f Fragment) Atomic() bool { return f.Offset() == 0 && !f.More() }

// PutFragment writes a Fragment header into b.
func PutFragment(b []byte, next uint8, offset int, more bool, id uint32) {
	b[OffNextHeader] = next
	b[1] = 0
	v := uint16(offset) &^ 7
	if more {
		v |= 1
	}
	binary.BigEndian.PutUint16(b[OffFragmentOffset:], v)
	binary.BigEndian.PutUint32(b[OffIdentification:], id)
}

// IsExtension reports whether next names an extension header the walk
// knows: Hop-by-Hop, Routing, Fragment or Destination Options.
func IsExtension(next uint8) bool {
	switch next {
	case ipv6.ProtoHopByHop, ipv6.ProtoRouting, ipv6.ProtoFragment, ipv6.ProtoDestOpts:
		return true
	}
	return false
}

// OptionAction is what an unrecognized option of type t asks for.
func OptionAction(t uint8) int { return int(t >> 6) }

// HasRouterAlert reports whether pkt, an IPv6 packet, carries a Router
// Alert option (RFC 2711) in a Hop-by-Hop Options header right after its
// IPv6 header, as MLD messages must (RFC 3810 §5, §6.2).
func HasRouterAlert(pkt []byte) bool {
	if len(pkt) < ipv6.HeaderLen+MinLen || pkt[ipv6.OffNextHeader] != ipv6.ProtoHopByHop {
		return false
	}
	end := ipv6.HeaderLen + Ext(pkt[ipv6.HeaderLen:]).Len()
	if end > len(pkt) {
		return false
	}
	for off := ipv6.HeaderLen + 2; off < end; {
		t := pkt[off]
		if t == OptPad1 {
			off++
			continue
		}
		if off+2 > end {
			return false
		}
		l := int(pkt[off+1])
		if t == OptRouterAlert && l == 2 && off+4 <= end {
			return true
		}
		off += 2 + l
	}
	return false
}
