package packets

import (
	"net"
	"net/netip"
)

// ND option types (RFC 4861 §4.6).
const (
	OptSourceLLA  = 1
	OptTargetLLA  = 2
	OptPrefixInfo = 3
	OptRedirected = 4
	OptMTU        = 5
)

// Option is one ND option. Its Length field is computed (in units of 8
// octets, data padded with zeros) unless RawLength is set, which lets a test
// send a malformed length.
type Option struct {
	Type      uint8
	Data      []byte
	RawLength *uint8
}

// SLLA and TLLA are the link-layer address options (RFC 4861 §4.6.1).
func SLLA(mac net.HardwareAddr) Option {
	return Option{Type: OptSourceLLA, Data: append([]byte(nil), mac...)}
}
func TLLA(mac net.HardwareAddr) Option {
	return Option{Type: OptTargetLLA, Data: append([]byte(nil), mac...)}
}

// EncodeOptions writes options in the order given, each padded to a
// multiple of 8 octets. (gopacket writes them reversed and unpadded.)
func EncodeOptions(opts ...Option) []byte {
	var b []byte
	for _, o := range opts {
		n := (2 + len(o.Data) + 7) / 8 * 8
		l := uint8(n / 8)
		if o.RawLength != nil {
			l = *o.RawLength
		}
		start := len(b)
		b = append(b, make([]byte, n)...)
		b[start] = o.Type
		b[start+1] = l
		copy(b[start+2:], o.Data)
	}
	return b
}

// NA flags (RFC 4861 §4.4).
const (
	FlagRouter    = 0x80
	FlagSolicited = 0x40
	FlagOverride  = 0x20
)

// NS is a Neighbor Solicitation (RFC 4861 §4.3) with hop limit 255.
func NS(srcMAC, dstMAC net.HardwareAddr, src, dst, target netip.Addr, opts ...Option) *Packet {
	return NDPacket(srcMAC, dstMAC, src, dst, NeighborSolicitation{Target: target, Options: opts})
}

// NA is a Neighbor Advertisement (RFC 4861 §4.4) with hop limit 255.
// flags are the R, S and O bits of the first octet (FlagRouter...).
func NA(srcMAC, dstMAC net.HardwareAddr, src, dst, target netip.Addr, flags uint8, opts ...Option) *Packet {
	p := NDPacket(srcMAC, dstMAC, src, dst, NeighborAdvertisement{NAFlags: NAFlagsOf(flags), Target: target, Options: opts})
	p.ICMP.Body[0] = flags // any bit beyond R, S and O lands in Reserved, as given
	return p
}

// NDPacket carries the ND message m with hop
// limit 255 (RFC 4861 §6.1, §7.1, §8.1).
func NDPacket(srcMAC, dstMAC net.HardwareAddr, src, dst netip.Addr, m Message) *Packet {
	p := ICMPPacket(srcMAC, dstMAC, src, dst, m)
	p.HopLimit = 255
	return p
}

// ICMPPacket carries the ICMPv6 message m with hop limit 64.
func ICMPPacket(srcMAC, dstMAC net.HardwareAddr, src, dst netip.Addr, m Message) *Packet {
	p := New(srcMAC, dstMAC, src, dst)
	p.NextHeader = ProtoICMPv6
	p.ICMP = NewICMPv6(m)
	return p
}

// ParsedOption is an option found in a received ND message.
type ParsedOption struct {
	Type   uint8
	Length uint8 // in units of 8 octets, as sent
	Data   []byte
}

// ParseOptions splits ND options; it stops at a zero length or a
// truncated option and reports whether the whole area was well formed.
func ParseOptions(b []byte) ([]ParsedOption, bool) {
	var out []ParsedOption
	for len(b) > 0 {
		if len(b) < 2 || b[1] == 0 || int(b[1])*8 > len(b) {
			return out, false
		}
		n := int(b[1]) * 8
		out = append(out, ParsedOption{Type: b[0], Length: b[1], Data: b[2:n]})
		b = b[n:]
	}
	return out, true
}

// NDTarget is the Target Address of an NS or NA being built.
func (p *Packet) NDTarget() netip.Addr {
	if p.ICMP == nil || len(p.ICMP.Body) < 20 {
		return netip.Addr{}
	}
	return p.ICMP.Target()
}
