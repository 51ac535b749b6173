// Package tunnel holds the encapsulation rules of configured tunnels:
// IPv6 in IPv4 (RFC 4213 §3), IPv6 and IPv4 in IPv6 (RFC 2473 §3-§8) and
// IPv4 in IPv4 (RFC 2003). It builds and reads outer headers and decides,
// for a packet about to enter a tunnel, whether it goes in whole, goes in
// and is fragmented outside, or is refused with a Packet Too Big; the node
// (refnode/tunnel_output.go) does the sending.
//
// Implemented: the Tunnel Encapsulation Limit option (RFC 2473 §4.1.1),
// the tunnel MTU of RFC 2473 §7.1 and the dynamic tunnel MTU of RFC 4213
// §3.2.2, the link-local address of an IPv4 tunnel (RFC 4213 §3.7).
// Left out: automatic tunnels (6to4, ISATAP), tunnel security (RFC 2473
// §9), and Neighbor Discovery over tunnels (RFC 4213 §3.8: a configured
// tunnel is a point-to-point link without link-layer addresses).
package tunnel

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// Mode is a combination of inner and outer protocol.
type Mode uint8

// The modes, named inner-in-outer.
const (
	SixInFour  Mode = iota + 1 // IPv6 in IPv4, protocol 41 (RFC 4213)
	SixInSix                   // IPv6 in IPv6, next header 41 (RFC 2473)
	FourInSix                  // IPv4 in IPv6, next header 4 (RFC 2473)
	FourInFour                 // IPv4 in IPv4, protocol 4 (RFC 2003)
)

var modeNames = map[Mode]string{SixInFour: "6in4", SixInSix: "6in6", FourInSix: "4in6", FourInFour: "4in4"}

func (m Mode) String() string {
	if s, ok := modeNames[m]; ok {
		return s
	}
	return fmt.Sprintf("mode(%d)", uint8(m))
}

// ParseMode reads "6in4", "6in6", "4in6" or "4in4".
func ParseMode(s string) (Mode, error) {
	for m, n := range modeNames {
		if n == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("tunnel: unknown mode %q (6in4, 6in6, 4in6, 4in4)", s)
}

// InnerIs6 and OuterIs6 say which IP version each side is.
func (m Mode) InnerIs6() bool { return m == SixInFour || m == SixInSix }
func (m Mode) OuterIs6() bool { return m == SixInSix || m == FourInSix }

// Proto is the protocol number the outer header names for the inner packet.
func (m Mode) Proto() uint8 {
	if m.InnerIs6() {
		return ProtoIPv6
	}
	return ProtoIPv4
}

// Protocol numbers of the inner packets.
const (
	ProtoIPv4     = 4
	ProtoIPv6     = 41
	protoHopByHop = 0
	protoRouting  = 43
	protoDestOpts = 60
)

// Header sizes.
const (
	IPv4HeaderLen = 20
	IPv6HeaderLen = 40
	// EncapLimitLen is a Destination Options header holding only the
	// Tunnel Encapsulation Limit option and a PadN (RFC 2473 §4.1.1).
	EncapLimitLen = 8
)

// OptEncapLimit is the Tunnel Encapsulation Limit option type: the high
// bits 00 tell a node that does not know it to skip it (RFC 2473 §4.1.1).
const OptEncapLimit = 4

// DefaultEncapLimit is the limit an entry point puts in the option unless
// configured otherwise (RFC 2473 §6.6).
const DefaultEncapLimit = 4

// NoEncapLimit configures a tunnel that sends no Tunnel Encapsulation
// Limit option.
const NoEncapLimit = -1

// MaxNesting bounds how many times the node encapsulates one packet in a
// row, whatever the options say: a routing loop through tunnels (RFC 2473
// §4.1.3) then ends inside the node. It allows the first encapsulation
// and the DefaultEncapLimit more that the option would.
const MaxNesting = 1 + DefaultEncapLimit

// MinMTU is the IPv6 minimum link MTU (RFC 8200 §5).
const MinMTU = 1280

// OuterLen is the size of the headers an entry point adds.
func OuterLen(m Mode, encapLimit int) int {
	if !m.OuterIs6() {
		return IPv4HeaderLen
	}
	if encapLimit >= 0 {
		return IPv6HeaderLen + EncapLimitLen
	}
	return IPv6HeaderLen
}

// PutOuter6 writes the IPv6 tunnel header for a packet of plen octets into
// b (RFC 2473 §3.1, §5.1): traffic class and flow label 0, the entry
// point's hop limit, and the Tunnel Encapsulation Limit option when limit
// is not NoEncapLimit. It returns the header length.
func PutOuter6(b []byte, proto, hopLimit uint8, src, dst netip.Addr, plen, limit int) int {
	n := IPv6HeaderLen
	next := proto
	if limit >= 0 {
		next = protoDestOpts
		n += EncapLimitLen
	}
	b[0], b[1], b[2], b[3] = 6<<4, 0, 0, 0
	binary.BigEndian.PutUint16(b[4:], uint16(n-IPv6HeaderLen+plen))
	b[6], b[7] = next, hopLimit
	s, d := src.As16(), dst.As16()
	copy(b[8:], s[:])
	copy(b[24:], d[:])
	if limit >= 0 {
		// Next Header, length 0 (8 octets), the option, then PadN of one octet of data.
		copy(b[IPv6HeaderLen:], []byte{proto, 0, OptEncapLimit, 1, byte(limit), 1, 1, 0})
	}
	return n
}

// EncapLimit finds the Tunnel Encapsulation Limit option of an IPv6
// tunnel packet: in a Destination Options header between the IPv6 header
// and the encapsulated packet (RFC 2473 §4.1.1). It returns the limit and
// the offset of its octet (where a Parameter Problem points), or ok false
// when pkt is not a tunnel packet or carries no such option.
func EncapLimit(pkt []byte) (limit, off int, ok bool) {
	if len(pkt) < IPv6HeaderLen || pkt[0]>>4 != 6 {
		return 0, 0, false
	}
	next, at := pkt[6], IPv6HeaderLen
	found := -1
	for {
		switch next {
		case ProtoIPv6, ProtoIPv4:
			if found < 0 {
				return 0, 0, false
			}
			return int(pkt[found]), found, true
		case protoHopByHop, protoRouting, protoDestOpts:
		default:
			return 0, 0, false
		}
		if at+8 > len(pkt) {
			return 0, 0, false
		}
		end := at + (int(pkt[at+1])+1)*8
		if end > len(pkt) {
			return 0, 0, false
		}
		if next == protoDestOpts {
			for o := at + 2; o < end; {
				t := pkt[o]
				if t == 0 { // Pad1
					o++
					continue
				}
				if o+2 > end || o+2+int(pkt[o+1]) > end {
					break
				}
				if t == OptEncapLimit && pkt[o+1] == 1 {
					found = o + 2
				}
				o += 2 + int(pkt[o+1])
			}
		}
		next, at = pkt[at], end
	}
}

// Decision is what an entry point does with a packet for the tunnel.
type Decision struct {
	TooBig   bool // refuse it with a Packet Too Big reporting MTU
	MTU      int
	Fragment bool // encapsulate, then fragment the tunnel packet (RFC 2473 §7.1 (a))
	DontFrag bool // set DF in the outer IPv4 header (RFC 4213 §3.2.2)
}

// Entry6 applies RFC 2473 §7.1 to an original IPv6 packet of size octets
// entering an IPv6 tunnel whose tunnel MTU (path MTU to the exit point
// minus the tunnel headers) is tunnelMTU: a packet of at most the minimum
// MTU always goes in, its tunnel packet fragmented when too big; a larger
// one goes in only if it fits, else Packet Too Big with the tunnel MTU
// (never below the minimum MTU).
func Entry6(size, tunnelMTU int) Decision {
	switch {
	case size <= tunnelMTU:
		return Decision{}
	case size <= MinMTU:
		return Decision{Fragment: true}
	}
	return Decision{TooBig: true, MTU: max(tunnelMTU, MinMTU)}
}

// Entry4 applies RFC 4213 §3.2.2 (dynamic tunnel MTU) to an IPv6 packet
// of size octets entering an IPv4 tunnel whose IPv4 path MTU is pmtu4.
func Entry4(size, pmtu4 int) Decision {
	mtu := pmtu4 - IPv4HeaderLen
	if mtu < MinMTU {
		if size > MinMTU {
			return Decision{TooBig: true, MTU: MinMTU}
		}
		return Decision{} // the IPv4 layer may fragment it
	}
	if size > mtu {
		return Decision{TooBig: true, MTU: mtu}
	}
	return Decision{DontFrag: true}
}

// LinkLocal is the link-local address of an IPv4 tunnel interface: the
// local IPv4 address as the low 32 bits of the interface identifier
// (RFC 4213 §3.7).
func LinkLocal(local4 netip.Addr) netip.Addr {
	var b [16]byte
	b[0], b[1] = 0xfe, 0x80
	v := local4.As4()
	copy(b[12:], v[:])
	return netip.AddrFrom16(b)
}

// EntryIPv4 applies RFC 2473 §7.2 (and RFC 2003 §5.1 for IPv4 outside)
// to an IPv4 packet of size octets, Don't Fragment as df, entering a
// tunnel whose tunnel MTU is tunnelMTU: one that fits goes in; one too big
// with DF set is refused with Fragmentation Needed reporting the tunnel
// MTU; one too big without DF is encapsulated and the tunnel packet
// fragmented, in IPv6 or in IPv4 alike. The outer IPv4 header copies DF
// (RFC 2003 §3.1).
func EntryIPv4(size int, df bool, tunnelMTU int) Decision {
	switch {
	case size <= tunnelMTU:
		return Decision{DontFrag: df}
	case !df:
		return Decision{Fragment: true}
	}
	return Decision{TooBig: true, MTU: tunnelMTU, DontFrag: df}
}
