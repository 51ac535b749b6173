// Package icmp6 holds the ICMPv6 messages of RFC 4443: views and builders
// for Echo Request/Reply (§4.1, §4.2) and the four error messages (§3.1 to
// §3.4), the rules for when an error may be sent (§2.4 (e)), how much of the
// invoking packet it quotes (§2.4 (c)), and the rate limit (§2.4 (f)).
//
// Node information queries, MLD and the other informational types belong to
// other packages; Neighbor Discovery lives in refnode/nd.
package icmp6

import (
	"encoding/binary"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/ipv6"
)

// Message types (RFC 4443 §2.1; RFC 4861 §4).
const (
	TypeDestinationUnreachable = 1
	TypePacketTooBig           = 2
	TypeTimeExceeded           = 3
	TypeParameterProblem       = 4
	TypeEchoRequest            = 128
	TypeEchoReply              = 129
	TypeRouterSolicitation     = 133
	TypeRouterAdvertisement    = 134
	TypeNeighborSolicitation   = 135
	TypeNeighborAdvertisement  = 136
	TypeRedirect               = 137
)

// Codes of Destination Unreachable (§3.1).
const (
	CodeNoRoute         = 0
	CodeAdminProhibited = 1
	CodeBeyondScope     = 2
	CodeAddressUnreach  = 3
	CodePortUnreach     = 4
	CodeSourcePolicy    = 5
	CodeRejectRoute     = 6
)

// Codes of Time Exceeded (§3.3).
const (
	CodeHopLimitExceeded  = 0
	CodeReassemblyTimeout = 1
)

// Codes of Parameter Problem (§3.4).
const (
	CodeErroneousHeader  = 0
	CodeUnrecognizedNext = 1
	CodeUnrecognizedOpt  = 2
	CodeIncompleteChain  = 3 // RFC 7112 §5: first fragment without the whole header chain
)

// Layout of the ICMPv6 header and of the messages built on it.
const (
	HeaderLen      = 4
	OffType        = 0
	OffCode        = 1
	OffChecksum    = 2
	OffIdentifier  = 4 // Echo
	OffSequence    = 6 // Echo
	OffPointer     = 4 // Parameter Problem
	OffMTU         = 4 // Packet Too Big
	PTBLen         = ErrorHeaderLen
	EchoHeaderLen  = 8
	ErrorHeaderLen = 8 // type, code, checksum, 32-bit parameter, then the quote
)

// MinMTU is the IPv6 minimum link MTU (RFC 8200 §5); an error message never
// exceeds it.
const MinMTU = 1280

// MaxQuote is how much of the invoking packet fits in an error message.
const MaxQuote = MinMTU - ipv6.HeaderLen - ErrorHeaderLen

// Message is a view over an ICMPv6 message, at least HeaderLen long.
type Message []byte

func (m Message) Type() uint8      { return m[OffType] }
func (m Message) Code() uint8      { return m[OffCode] }
func (m Message) Checksum() uint16 { return binary.BigEndian.Uint16(m[OffChecksum:]) }

// IsError reports whether the type is an error message (high bit clear, §2.1).
func (m Message) IsError() bool { return m.Type() < 128 }

// Echo is a view over an Echo Request or Reply, at least EchoHeaderLen long.
type Echo []byte

func (e Echo) Identifier() uint16 { return binary.BigEndian.Uint16(e[OffIdentifier:]) }
func (e Echo) Sequence() uint16   { return binary.BigEndian.Uint16(e[OffSequence:]) }
func (e Echo) Data() []byte       { return e[EchoHeaderLen:] }

// Error is a view over an error message, at least ErrorHeaderLen long.
type Error []byte

// Param is the 32-bit field after the checksum: the pointer, the MTU, or unused.
func (e Error) Param() uint32    { return binary.BigEndian.Uint32(e[OffPointer:]) }
func (e Error) Invoking() []byte { return e[ErrorHeaderLen:] }

// PutEcho writes an Echo message into b and returns its length. The checksum
// is left zero (see SetChecksum).
func PutEcho(b []byte, typ uint8, id, seq uint16, data []byte) int {
	b[OffType] = typ
	b[OffCode] = 0
	binary.BigEndian.PutUint16(b[OffChecksum:], 0)
	binary.BigEndian.PutUint16(b[OffIdentifier:], id)
	binary.BigEndian.PutUint16(b[OffSequence:], seq)
	return EchoHeaderLen + copy(b[EchoHeaderLen:], data)
}

// PutError writes an error message into b quoting invoking exactly as
// received, cut to MaxQuote octets (and to the room in b), and returns its
// length. The checksum is left zero.
func PutError(b []byte, typ, code uint8, param uint32, invoking []byte) int {
	b[OffType] = typ
	b[OffCode] = code
	binary.BigEndian.PutUint16(b[OffChecksum:], 0)
	binary.BigEndian.PutUint32(b[OffPointer:], param)
	q := invoking
	if len(q) > MaxQuote {
		q = q[:MaxQuote]
	}
	return ErrorHeaderLen + copy(b[ErrorHeaderLen:], q)
}

// SetChecksum fills the checksum of msg sent from src to dst.
func SetChecksum(msg []byte, src, dst netip.Addr) {
	binary.BigEndian.PutUint16(msg[OffChecksum:], 0)
	binary.BigEndian.PutUint16(msg[OffChecksum:], ipv6.Checksum(src, dst, ipv6.ProtoICMPv6, msg))
}

// ChecksumOK verifies the checksum of a received msg.
func ChecksumOK(msg []byte, src, dst netip.Addr) bool {
	return ipv6.Checksum(src, dst, ipv6.ProtoICMPv6, msg) == 0
}
