package ipv4

import "encoding/binary"

// ICMPv4 types and codes (RFC 792; RFC 1191 §4 for the next-hop MTU).
const (
	ICMPEchoReply       = 0
	ICMPDestUnreachable = 3
	ICMPEchoRequest     = 8
	ICMPTimeExceeded    = 11

	CodeNetUnreachable      = 0
	CodeHostUnreachable     = 1
	CodeProtocolUnreachable = 2
	CodePortUnreachable     = 3
	CodeFragNeeded          = 4
	CodeTTLExceeded         = 0
	CodeReassemblyExceeded  = 1 // Time Exceeded: fragment reassembly time exceeded

	ICMPHeaderLen = 8 // type, code, checksum, and four octets that depend on the type
	offICMPType   = 0
	offICMPCode   = 1
	offICMPSum    = 2
	offNextHopMTU = 6
)

// MaxQuote is how much of an invoking packet an ICMPv4 error quotes: as
// much as keeps the error within 576 octets (RFC 1812 §4.3.2.3).
const MaxQuote = 576 - HeaderLen - ICMPHeaderLen

// ICMP is a view over an ICMPv4 message.
type ICMP []byte

func (m ICMP) Type() uint8 { return m[offICMPType] }
func (m ICMP) Code() uint8 { return m[offICMPCode] }

// NextHopMTU is the MTU a Fragmentation Needed message reports (RFC 1191 §4).
func (m ICMP) NextHopMTU() int { return int(binary.BigEndian.Uint16(m[offNextHopMTU:])) }

// Quote is the invoking packet an error message carries.
func (m ICMP) Quote() []byte { return m[ICMPHeaderLen:] }

// IsError reports whether m is one of the error messages the node reads.
func (m ICMP) IsError() bool {
	return m.Type() == ICMPDestUnreachable || m.Type() == ICMPTimeExceeded
}

// ChecksumOK checks the message's checksum (RFC 792).
func (m ICMP) ChecksumOK() bool { return Checksum(m) == 0 }

// PutEcho writes an Echo or Echo Reply with the identifier, sequence and
// data of rest (the four octets after the checksum and the data).
func PutEcho(b []byte, typ uint8, rest []byte) int {
	b[offICMPType], b[offICMPCode] = typ, 0
	n := 4 + copy(b[4:], rest)
	setChecksum(b[:n])
	return n
}

// PutError writes an error message of type typ and code quoting as much of
// invoking as MaxQuote allows; mtu is the next-hop MTU of a Fragmentation
// Needed message (0 otherwise).
func PutError(b []byte, typ, code uint8, mtu int, invoking []byte) int {
	b[offICMPType], b[offICMPCode] = typ, code
	binary.BigEndian.PutUint32(b[4:], uint32(mtu)&0xffff)
	n := ICMPHeaderLen + copy(b[ICMPHeaderLen:], invoking[:min(len(invoking), MaxQuote)])
	setChecksum(b[:n])
	return n
}

func setChecksum(m []byte) {
	binary.BigEndian.PutUint16(m[offICMPSum:], 0)
	binary.BigEndian.PutUint16(m[offICMPSum:], Checksum(m))
}
