package packets

import (
	"encoding/binary"
	"net"
	"net/netip"
	"time"
)

// More ND option types (RFC 4861 §4.6, RFC 4191 §2.3, RFC 8106 §5).
const (
	OptRouteInfo = 24
	OptRDNSS     = 25
	OptDNSSL     = 31
	OptNonce     = 14
)

// RA flags (RFC 4861 §4.2, RFC 4191 §2.2).
const (
	RAManaged = 0x80
	RAOther   = 0x40
)

// RAParams are the fields of a Router Advertisement (RFC 4861 §4.2).
type RAParams struct {
	CurHopLimit    uint8
	Flags          uint8 // M, O and the preference bits
	RouterLifetime time.Duration
	ReachableTime  time.Duration
	RetransTimer   time.Duration
	Options        []Option
}

// RA is a Router Advertisement with hop limit 255.
func RA(srcMAC, dstMAC net.HardwareAddr, src, dst netip.Addr, p RAParams) *Packet {
	return NDPacket(srcMAC, dstMAC, src, dst, RouterAdvertisement{p})
}

// RS is a Router Solicitation with hop limit 255.
func RS(srcMAC, dstMAC net.HardwareAddr, src, dst netip.Addr, opts ...Option) *Packet {
	return NDPacket(srcMAC, dstMAC, src, dst, RouterSolicitation{Options: opts})
}

// Redirect is a Redirect message (RFC 4861 §4.5) telling that target is a
// better first hop for destination.
func Redirect(srcMAC, dstMAC net.HardwareAddr, src, dst, target, destination netip.Addr, opts ...Option) *Packet {
	return NDPacket(srcMAC, dstMAC, src, dst, RedirectMessage{Target: target, Destination: destination, Options: opts})
}

// PIO flags (RFC 4861 §4.6.2).
const (
	PIOOnLink     = 0x80
	PIOAutonomous = 0x40
)

// PrefixInfo is a Prefix Information option (RFC 4861 §4.6.2).
func PrefixInfo(prefix netip.Prefix, flags uint8, valid, preferred time.Duration) Option {
	d := make([]byte, 30)
	d[0] = uint8(prefix.Bits())
	d[1] = flags
	binary.BigEndian.PutUint32(d[2:], lifetime(valid))
	binary.BigEndian.PutUint32(d[6:], lifetime(preferred))
	copy(d[14:], prefix.Addr().AsSlice())
	return Option{Type: OptPrefixInfo, Data: d}
}

// Infinity is the all-ones lifetime (RFC 4861 §4.6.2).
const Infinity = time.Duration(-1)

func lifetime(d time.Duration) uint32 {
	if d == Infinity {
		return 0xffffffff
	}
	return uint32(d / time.Second)
}

// MTUOption is an MTU option (RFC 4861 §4.6.4).
func MTUOption(mtu uint32) Option {
	d := make([]byte, 6)
	binary.BigEndian.PutUint32(d[2:], mtu)
	return Option{Type: OptMTU, Data: d}
}

// RDNSS is a Recursive DNS Server option (RFC 8106 §5.1).
func RDNSS(life time.Duration, servers ...netip.Addr) Option {
	d := make([]byte, 6)
	binary.BigEndian.PutUint32(d[2:], lifetime(life))
	for _, s := range servers {
		d = append(d, s.AsSlice()...)
	}
	return Option{Type: OptRDNSS, Data: d}
}

// RedirectedHeader carries as much of the redirected packet as fits in
// 1280 octets with the Redirect around it (RFC 4861 §4.6.3).
func RedirectedHeader(pkt []byte, room int) Option {
	n := min(len(pkt), room) &^ 7
	return Option{Type: OptRedirected, Data: append(make([]byte, 6), pkt[:n]...)}
}

// RAFields reads a received Router Advertisement's fixed fields.
func (f *Frame) RAFields() (RAParams, bool) {
	if !f.IsICMP || f.ICMPType != TypeRA || len(f.ICMPBody) < 12 {
		return RAParams{}, false
	}
	m, err := DecodeMessage(f.ICMPType, f.ICMPCode, f.ICMPBody[:12])
	if err != nil {
		return RAParams{}, false
	}
	return m.(RouterAdvertisement).RAParams, true
}
