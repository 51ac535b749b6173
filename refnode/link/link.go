// Package link is the node's interface layer: the Device a node reads and
// writes whole Ethernet frames through (a TAP device, or an in-memory pipe
// for tests), and the Ethernet II framing of RFC 2464 §3 and §7.
//
// It knows nothing of IPv6 addresses: which multicast frames an interface
// accepts is decided by the node from the groups it has joined.
package link

import (
	"encoding/binary"
	"fmt"
	"net"
)

// Device carries Ethernet frames, one per Read or Write. Close makes a
// blocked Read return with an error.
type Device interface {
	// Read copies the next frame into b and returns its length.
	Read(b []byte) (int, error)
	// Write sends one frame.
	Write(frame []byte) (int, error)
	Close() error
}

// DefaultMTU is the Ethernet MTU (RFC 2464 §2).
const DefaultMTU = 1500

// Ethernet II header layout.
const (
	HeaderLen    = 14
	OffDst       = 0
	OffSrc       = 6
	OffEtherType = 12
)

// EtherTypes the node handles.
const (
	EtherTypeIPv6     = 0x86dd
	EtherTypeLoopback = 0x9000 // Ethernet Configuration Testing Protocol
)

// MAC is a 48-bit Ethernet address.
type MAC [6]byte

// Broadcast is ff:ff:ff:ff:ff:ff.
var Broadcast = MAC{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// IsGroup reports whether m is a multicast (or broadcast) address.
func (m MAC) IsGroup() bool { return m[0]&0x01 != 0 }

// IsIPv6Multicast reports whether m is in the 33:33:xx:xx:xx:xx range
// (RFC 2464 §7).
func (m MAC) IsIPv6Multicast() bool { return m[0] == 0x33 && m[1] == 0x33 }

func (m MAC) String() string { return net.HardwareAddr(m[:]).String() }

// MACFrom converts a net.HardwareAddr of six octets.
func MACFrom(h net.HardwareAddr) (MAC, error) {
	if len(h) != 6 {
		return MAC{}, fmt.Errorf("link: %q is not a 48-bit MAC address", h.String())
	}
	return MAC(h), nil
}

// Frame is a view over an Ethernet II frame at least HeaderLen long.
type Frame []byte

func (f Frame) Dst() MAC          { return MAC(f[OffDst : OffDst+6]) }
func (f Frame) Src() MAC          { return MAC(f[OffSrc : OffSrc+6]) }
func (f Frame) EtherType() uint16 { return binary.BigEndian.Uint16(f[OffEtherType:]) }
func (f Frame) Payload() []byte   { return f[HeaderLen:] }

// PutHeader writes an Ethernet II header into b.
func PutHeader(b []byte, dst, src MAC, etherType uint16) {
	copy(b[OffDst:], dst[:])
	copy(b[OffSrc:], src[:])
	binary.BigEndian.PutUint16(b[OffEtherType:], etherType)
}
