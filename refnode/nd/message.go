package nd

import (
	"encoding/binary"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/icmp6"
)

// Message lengths without options and field offsets (RFC 4861 §4), counted
// from the start of the ICMPv6 header.
const (
	RSLen       = 8
	RALen       = 16
	NSLen       = 24
	NALen       = 24
	RedirectLen = 40

	OffNSTarget = 8
	OffNAFlags  = 4
	OffNATarget = 8

	OffRACurHopLimit    = 4
	OffRAFlags          = 5
	OffRARouterLifetime = 6
	OffRAReachableTime  = 8
	OffRARetransTimer   = 12

	OffRedirectTarget = 8
	OffRedirectDst    = 24
)

// Neighbor Advertisement flags, in the octet at OffNAFlags.
const (
	FlagRouter    = 0x80
	FlagSolicited = 0x40
	FlagOverride  = 0x20
)

// Router Advertisement flags, in the octet at OffRAFlags: M and O
// (RFC 4861 §4.2), H (RFC 6275 §7.1), and the two bits of the Default Router
// Preference (RFC 4191 §2.2) at PrfShift.
const (
	FlagManaged   = 0x80
	FlagOtherConf = 0x40
	FlagHomeAgent = 0x20
	PrfShift      = 3
)

func addrAt(b []byte, off int) netip.Addr { return netip.AddrFrom16([16]byte(b[off : off+16])) }

func putAddr(b []byte, off int, a netip.Addr) {
	v := a.As16()
	copy(b[off:], v[:])
}

// NS is a view over a Neighbor Solicitation at least NSLen long.
type NS []byte

func (m NS) Target() netip.Addr { return addrAt(m, OffNSTarget) }
func (m NS) Options() []byte    { return m[NSLen:] }

// NA is a view over a Neighbor Advertisement at least NALen long.
type NA []byte

func (m NA) Flags() uint8       { return m[OffNAFlags] }
func (m NA) Router() bool       { return m[OffNAFlags]&FlagRouter != 0 }
func (m NA) Solicited() bool    { return m[OffNAFlags]&FlagSolicited != 0 }
func (m NA) Override() bool     { return m[OffNAFlags]&FlagOverride != 0 }
func (m NA) Target() netip.Addr { return addrAt(m, OffNATarget) }
func (m NA) Options() []byte    { return m[NALen:] }

// RS is a view over a Router Solicitation at least RSLen long.
type RS []byte

func (m RS) Options() []byte { return m[RSLen:] }

// RA is a view over a Router Advertisement at least RALen long.
type RA []byte

func (m RA) CurHopLimit() uint8 { return m[OffRACurHopLimit] }
func (m RA) Flags() uint8       { return m[OffRAFlags] }
func (m RA) RouterLifetime() uint16 {
	return binary.BigEndian.Uint16(m[OffRARouterLifetime:])
}
func (m RA) ReachableTime() uint32 { return binary.BigEndian.Uint32(m[OffRAReachableTime:]) }
func (m RA) RetransTimer() uint32  { return binary.BigEndian.Uint32(m[OffRARetransTimer:]) }
func (m RA) Options() []byte       { return m[RALen:] }

// Preference is the Default Router Preference (RFC 4191 §2.2).
func (m RA) Preference() Preference { return prefFrom(m[OffRAFlags] >> PrfShift) }

// Redirect is a view over a Redirect message at least RedirectLen long.
type Redirect []byte

func (m Redirect) Target() netip.Addr { return addrAt(m, OffRedirectTarget) }
func (m Redirect) Dst() netip.Addr    { return addrAt(m, OffRedirectDst) }
func (m Redirect) Options() []byte    { return m[RedirectLen:] }

func putICMP(b []byte, typ uint8) {
	b[icmp6.OffType] = typ
	b[icmp6.OffCode] = 0
	binary.BigEndian.PutUint16(b[icmp6.OffChecksum:], 0)
	binary.BigEndian.PutUint32(b[4:], 0)
}

// PutNS writes a Neighbor Solicitation for target into b, with a source
// link-layer option if slla is not nil, and returns its length. The checksum
// is left zero.
func PutNS(b []byte, target netip.Addr, slla *[6]byte) int {
	putICMP(b, icmp6.TypeNeighborSolicitation)
	putAddr(b, OffNSTarget, target)
	n := NSLen
	if slla != nil {
		n += PutLinkAddrOption(b[n:], OptSourceLinkAddr, *slla)
	}
	return n
}

// PutNA writes a Neighbor Advertisement and returns its length; tlla, if not
// nil, becomes a target link-layer option.
func PutNA(b []byte, flags uint8, target netip.Addr, tlla *[6]byte) int {
	putICMP(b, icmp6.TypeNeighborAdvertisement)
	b[OffNAFlags] = flags
	putAddr(b, OffNATarget, target)
	n := NALen
	if tlla != nil {
		n += PutLinkAddrOption(b[n:], OptTargetLinkAddr, *tlla)
	}
	return n
}

// PutRS writes a Router Solicitation and returns its length.
func PutRS(b []byte, slla *[6]byte) int {
	putICMP(b, icmp6.TypeRouterSolicitation)
	n := RSLen
	if slla != nil {
		n += PutLinkAddrOption(b[n:], OptSourceLinkAddr, *slla)
	}
	return n
}

// PutRA writes a Router Advertisement without options and returns its
// length; options follow with the Put*Option functions.
func PutRA(b []byte, curHopLimit, flags uint8, routerLifetime uint16, reachable, retrans uint32) int {
	putICMP(b, icmp6.TypeRouterAdvertisement)
	b[OffRACurHopLimit] = curHopLimit
	b[OffRAFlags] = flags
	binary.BigEndian.PutUint16(b[OffRARouterLifetime:], routerLifetime)
	binary.BigEndian.PutUint32(b[OffRAReachableTime:], reachable)
	binary.BigEndian.PutUint32(b[OffRARetransTimer:], retrans)
	return RALen
}

// PutRedirect writes a Redirect without options and returns its length.
func PutRedirect(b []byte, target, dst netip.Addr) int {
	putICMP(b, icmp6.TypeRedirect)
	putAddr(b, OffRedirectTarget, target)
	putAddr(b, OffRedirectDst, dst)
	return RedirectLen
}
