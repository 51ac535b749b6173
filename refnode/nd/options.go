package nd

import (
	"encoding/binary"
	"net/netip"
	"time"
)

// Option types (RFC 4861 §4.6).
const (
	OptSourceLinkAddr   = 1
	OptTargetLinkAddr   = 2
	OptPrefixInfo       = 3
	OptRedirectedHeader = 4
	OptMTU              = 5
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
	binary.BigEndian.PutUint32(b[4:], uint32(valid/time.Second))
	binary.BigEndian.PutUint32(b[8:], uint32(preferred/time.Second))
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
