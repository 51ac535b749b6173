package nd

import (
	"encoding/binary"
	"net/netip"
	"strings"
	"time"
)

// Option types (RFC 4861 §4.6).
const (
	OptSourceLinkAddr   = 1
	OptTargetLinkAddr   = 2
	OptPrefixInfo       = 3
	OptRedirectedHeader = 4
	OptMTU              = 5
	OptRouteInfo        = 24 // RFC 4191 §2.3
	OptRDNSS            = 25 // RFC 8106 §5.1
	OptDNSSL            = 31 // RFC 8106 §5.2
)

// OptionUnit is the unit of the Length field: 8 octets.
const OptionUnit = 8

// Option is a view over one option: type, length in units of 8 octets, data.
type Option []byte

func (o Option) Type() uint8 { return o[0] }

// Len is the Length field, in units of 8 octets.
func (o Option) Len() uint8 { return o[1] }

// LinkAddr reads a source or target link-layer option for Ethernet
// (RFC 2464 §6).
func (o Option) LinkAddr() ([6]byte, bool) {
	if len(o) < 8 {
		return [6]byte{}, false
	}
	return [6]byte(o[2:8]), true
}

// PrefixInfo views a Prefix Information option (§4.6.2).
type PrefixInfo []byte

func (p PrefixInfo) PrefixLength() uint8 { return p[2] }
func (p PrefixInfo) OnLink() bool        { return p[3]&0x80 != 0 }
func (p PrefixInfo) Autonomous() bool    { return p[3]&0x40 != 0 }
func (p PrefixInfo) ValidLifetime() time.Duration {
	return time.Duration(binary.BigEndian.Uint32(p[4:])) * time.Second
}
func (p PrefixInfo) PreferredLifetime() time.Duration {
	return time.Duration(binary.BigEndian.Uint32(p[8:])) * time.Second
}
func (p PrefixInfo) Prefix() netip.Prefix {
	return netip.PrefixFrom(addrAt(p, 16), int(p.PrefixLength()))
}

// OptionError says what is wrong with an options area.
type OptionError int

const (
	OptionsOK OptionError = iota
	OptionZeroLength
	OptionTruncated
)

// CheckOptions walks the options area b (RFC 4861 §4.6) and returns the part
// that consists of whole options. An option of length 0 is an error
// (§7.1.1, §7.1.2), unless zeroEnds is set: then it ends the area.
func CheckOptions(b []byte, zeroEnds bool) ([]byte, OptionError) {
	off := 0
	for off < len(b) {
		if len(b)-off < 2 {
			return b[:off], OptionTruncated
		}
		l := int(b[off+1]) * OptionUnit
		if l == 0 {
			if zeroEnds {
				return b[:off], OptionsOK
			}
			return b[:off], OptionZeroLength
		}
		if off+l > len(b) {
			return b[:off], OptionTruncated
		}
		off += l
	}
	return b, OptionsOK
}

// FindOption returns the first option of type typ in an area that passed
// CheckOptions, or nil.
func FindOption(b []byte, typ uint8) Option {
	for len(b) >= 2 && b[1] != 0 {
		l := int(b[1]) * OptionUnit
		if l > len(b) {
			return nil
		}
		if b[0] == typ {
			return Option(b[:l])
		}
		b = b[l:]
	}
	return nil
}

// PutLinkAddrOption writes a source (typ 1) or target (typ 2) link-layer
// option for an Ethernet address and returns its length (8).
func PutLinkAddrOption(b []byte, typ uint8, mac [6]byte) int {
	b[0] = typ
	b[1] = 1
	copy(b[2:8], mac[:])
	return 8
}

// PutPrefixInfoOption writes a Prefix Information option and returns its
// length (32).
func PutPrefixInfoOption(b []byte, p netip.Prefix, onLink, autonomous bool, valid, preferred time.Duration) int {
	b[0] = OptPrefixInfo
	b[1] = 4
	b[2] = uint8(p.Bits())
	b[3] = 0
	if onLink {
		b[3] |= 0x80
	}
	if autonomous {
		b[3] |= 0x40
	}
	binary.BigEndian.PutUint32(b[4:], seconds(valid))
	binary.BigEndian.PutUint32(b[8:], seconds(preferred))
	binary.BigEndian.PutUint32(b[12:], 0)
	putAddr(b, 16, p.Masked().Addr())
	return 32
}

// PutMTUOption writes an MTU option and returns its length (8).
func PutMTUOption(b []byte, mtu uint32) int {
	b[0] = OptMTU
	b[1] = 1
	b[2], b[3] = 0, 0
	binary.BigEndian.PutUint32(b[4:], mtu)
	return 8
}

// MTU reads an MTU option (§4.6.4).
func (o Option) MTU() uint32 {
	if len(o) < 8 {
		return 0
	}
	return binary.BigEndian.Uint32(o[4:])
}

// Preference is a router or route preference (RFC 4191 §2.1): High 1,
// Medium 0, Low -1. The reserved value reads as PrefReserved.
type Preference int8

const (
	PrefLow      Preference = -1
	PrefMedium   Preference = 0
	PrefHigh     Preference = 1
	PrefReserved Preference = 2
)

// prefFrom decodes the two-bit field (01 high, 00 medium, 11 low, 10 reserved).
func prefFrom(bits uint8) Preference {
	switch bits & 3 {
	case 1:
		return PrefHigh
	case 3:
		return PrefLow
	case 2:
		return PrefReserved
	}
	return PrefMedium
}

// Bits encodes p as the two-bit field.
func (p Preference) Bits() uint8 {
	switch p {
	case PrefHigh:
		return 1
	case PrefLow:
		return 3
	case PrefReserved:
		return 2
	}
	return 0
}

func (p Preference) String() string {
	switch p {
	case PrefHigh:
		return "high"
	case PrefLow:
		return "low"
	case PrefReserved:
		return "reserved"
	}
	return "medium"
}

// RouteInfo views a Route Information option (RFC 4191 §2.3).
type RouteInfo []byte

func (r RouteInfo) PrefixLength() uint8    { return r[2] }
func (r RouteInfo) Preference() Preference { return prefFrom(r[3] >> 3) }
func (r RouteInfo) Lifetime() time.Duration {
	return time.Duration(binary.BigEndian.Uint32(r[4:])) * time.Second
}

// Prefix reads the prefix; ok is false when the option is malformed
// (RFC 4191 §2.3: Length 1 to 3, long enough for the prefix length,
// prefix length at most 128).
func (r RouteInfo) Prefix() (netip.Prefix, bool) {
	l, bits := int(r[1]), int(r[2])
	switch {
	case l < 1 || l > 3 || bits > 128, bits > 64 && l < 3, bits > 0 && l < 2:
		return netip.Prefix{}, false
	}
	var a [16]byte
	copy(a[:], r[8:])
	return netip.PrefixFrom(netip.AddrFrom16(a), bits).Masked(), true
}

// PutRouteInfoOption writes a Route Information option of the shortest
// length that holds the prefix and returns its length.
func PutRouteInfoOption(b []byte, p netip.Prefix, pref Preference, lifetime time.Duration) int {
	l := 1
	switch {
	case p.Bits() > 64:
		l = 3
	case p.Bits() > 0:
		l = 2
	}
	clear(b[:l*OptionUnit])
	b[0], b[1], b[2], b[3] = OptRouteInfo, uint8(l), uint8(p.Bits()), pref.Bits()<<3
	binary.BigEndian.PutUint32(b[4:], seconds(lifetime))
	a := p.Masked().Addr().As16()
	copy(b[8:l*OptionUnit], a[:])
	return l * OptionUnit
}

// RDNSS views a Recursive DNS Server option (RFC 8106 §5.1).
type RDNSS []byte

func (r RDNSS) Lifetime() time.Duration {
	return time.Duration(binary.BigEndian.Uint32(r[4:])) * time.Second
}

// Servers lists the addresses; ok is false for a malformed option (Length
// below 3 or even, §5.3.1).
func (r RDNSS) Servers() ([]netip.Addr, bool) {
	if r[1] < 3 || r[1]%2 == 0 {
		return nil, false
	}
	var out []netip.Addr
	for off := 8; off+16 <= len(r); off += 16 {
		out = append(out, addrAt(r, off))
	}
	return out, true
}

// PutRDNSSOption writes a Recursive DNS Server option and returns its length.
func PutRDNSSOption(b []byte, lifetime time.Duration, servers []netip.Addr) int {
	l := 8 + 16*len(servers)
	b[0], b[1], b[2], b[3] = OptRDNSS, uint8(l/OptionUnit), 0, 0
	binary.BigEndian.PutUint32(b[4:], seconds(lifetime))
	for i, s := range servers {
		putAddr(b, 8+16*i, s)
	}
	return l
}

// DNSSL views a DNS Search List option (RFC 8106 §5.2).
type DNSSL []byte

func (r DNSSL) Lifetime() time.Duration {
	return time.Duration(binary.BigEndian.Uint32(r[4:])) * time.Second
}

// Domains decodes the names (uncompressed DNS wire format, §5.2), ignoring
// the padding; ok is false for a malformed option (Length below 2, a label
// running past the end).
func (r DNSSL) Domains() ([]string, bool) {
	if r[1] < 2 {
		return nil, false
	}
	var out []string
	var labels []string
	b := r[8:]
	for len(b) > 0 {
		l := int(b[0])
		if l == 0 {
			if len(labels) > 0 {
				out = append(out, strings.Join(labels, "."))
				labels = nil
			}
			b = b[1:]
			continue
		}
		if l > 63 || 1+l > len(b) {
			return nil, false
		}
		labels = append(labels, string(b[1:1+l]))
		b = b[1+l:]
	}
	if len(labels) > 0 {
		return nil, false // a name without its terminating zero
	}
	return out, true
}

// PutDNSSLOption writes a DNS Search List option, padded to 8 octets, and
// returns its length.
func PutDNSSLOption(b []byte, lifetime time.Duration, domains []string) int {
	n := 8
	for _, d := range domains {
		for _, label := range strings.Split(strings.TrimSuffix(d, "."), ".") {
			b[n] = uint8(len(label))
			n += 1 + copy(b[n+1:], label)
		}
		b[n] = 0
		n++
	}
	for n%OptionUnit != 0 {
		b[n] = 0
		n++
	}
	b[0], b[1], b[2], b[3] = OptDNSSL, uint8(n/OptionUnit), 0, 0
	binary.BigEndian.PutUint32(b[4:], seconds(lifetime))
	return n
}

// PutRedirectedHeaderOption writes a Redirected Header option (§4.6.3)
// holding as much of pkt as fits in room octets (option header included),
// padded with zeros to a multiple of 8, and returns its length (0 if not
// even the header fits).
func PutRedirectedHeaderOption(b []byte, pkt []byte, room int) int {
	data := min(len(pkt), room-8)
	padded := (data + OptionUnit - 1) / OptionUnit * OptionUnit
	if 8+padded > room {
		padded = data / OptionUnit * OptionUnit
		data = padded
	}
	if data <= 0 {
		return 0
	}
	l := 8 + padded
	clear(b[:l])
	b[0], b[1] = OptRedirectedHeader, uint8(l/OptionUnit)
	copy(b[8:], pkt[:data])
	return l
}

// seconds encodes a lifetime in whole seconds, InfiniteLifetime and
// anything longer as all ones.
func seconds(d time.Duration) uint32 {
	if d >= InfiniteLifetime {
		return 0xffffffff
	}
	return uint32(d / time.Second)
}
