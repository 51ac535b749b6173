package packets

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"time"
)

// Typed ICMPv6 messages (RFC 4443 §3, §4; RFC 4861 §4), in the spirit of
// smoltcp's Repr: each message is a struct whose fields are named as the
// RFC names them, which encodes to the octets after the checksum and
// decodes from them. A spec builds a valid message with the builders (NS,
// NA, EchoRequest...), then changes one field by name through the setters
// on ICMPv6 (SetTarget, SetMTU, SetOptions, SetReserved...), never by
// offset.

// Message is an ICMPv6 message in typed form: its Type and Code, and the
// octets that follow the checksum.
type Message interface {
	TypeCode() (typ, code uint8)
	AppendBody(b []byte) []byte
}

// EchoMessage is an Echo Request or Reply (RFC 4443 §4.1, §4.2).
type EchoMessage struct {
	Reply      bool
	Identifier uint16
	Sequence   uint16
	Data       []byte
}

// DestUnreachableMessage is a Destination Unreachable (RFC 4443 §3.1).
type DestUnreachableMessage struct {
	Code     uint8
	Invoking []byte // as much of the invoking packet as fits
}

// PacketTooBigMessage is a Packet Too Big (RFC 4443 §3.2).
type PacketTooBigMessage struct {
	MTU      uint32
	Invoking []byte
}

// TimeExceededMessage is a Time Exceeded (RFC 4443 §3.3): code 0 hop limit
// exceeded in transit, 1 fragment reassembly time exceeded.
type TimeExceededMessage struct {
	Code     uint8
	Invoking []byte
}

// ParamProblemMessage is a Parameter Problem (RFC 4443 §3.4): Pointer is
// the offset in the invoking packet of the octet in error (PointerTo).
type ParamProblemMessage struct {
	Code     uint8
	Pointer  uint32
	Invoking []byte
}

// RouterSolicitation is an RS (RFC 4861 §4.1).
type RouterSolicitation struct {
	Options []Option
}

// RouterAdvertisement is an RA (RFC 4861 §4.2): its fields are RAParams.
type RouterAdvertisement struct {
	RAParams
}

// NeighborSolicitation is an NS (RFC 4861 §4.3).
type NeighborSolicitation struct {
	Target  netip.Addr
	Options []Option
}

// NAFlags are a Neighbor Advertisement's Router, Solicited and Override
// flags (RFC 4861 §4.4).
type NAFlags struct {
	Router, Solicited, Override bool
}

// Octet is the flags as the first octet of the message body.
func (f NAFlags) Octet() uint8 {
	var b uint8
	if f.Router {
		b |= FlagRouter
	}
	if f.Solicited {
		b |= FlagSolicited
	}
	if f.Override {
		b |= FlagOverride
	}
	return b
}

// NAFlagsOf reads the flags from the first octet of an NA body.
func NAFlagsOf(b uint8) NAFlags {
	return NAFlags{Router: b&FlagRouter != 0, Solicited: b&FlagSolicited != 0, Override: b&FlagOverride != 0}
}

func (f NAFlags) String() string {
	return fmt.Sprintf("R=%d S=%d O=%d", b2i(f.Router), b2i(f.Solicited), b2i(f.Override))
}

// NeighborAdvertisement is an NA (RFC 4861 §4.4).
type NeighborAdvertisement struct {
	NAFlags
	Target  netip.Addr
	Options []Option
}

// RedirectMessage is a Redirect (RFC 4861 §4.5): Target is the better
// first hop for Destination.
type RedirectMessage struct {
	Target, Destination netip.Addr
	Options             []Option
}

func (m EchoMessage) TypeCode() (uint8, uint8) {
	if m.Reply {
		return TypeEchoReply, 0
	}
	return TypeEchoRequest, 0
}
func (m DestUnreachableMessage) TypeCode() (uint8, uint8) { return TypeDestUnreachable, m.Code }
func (m PacketTooBigMessage) TypeCode() (uint8, uint8)    { return TypePacketTooBig, 0 }
func (m TimeExceededMessage) TypeCode() (uint8, uint8)    { return TypeTimeExceeded, m.Code }
func (m ParamProblemMessage) TypeCode() (uint8, uint8)    { return TypeParamProblem, m.Code }
func (m RouterSolicitation) TypeCode() (uint8, uint8)     { return TypeRS, 0 }
func (m RouterAdvertisement) TypeCode() (uint8, uint8)    { return TypeRA, 0 }
func (m NeighborSolicitation) TypeCode() (uint8, uint8)   { return TypeNS, 0 }
func (m NeighborAdvertisement) TypeCode() (uint8, uint8)  { return TypeNA, 0 }
func (m RedirectMessage) TypeCode() (uint8, uint8)        { return TypeRedirect, 0 }

func (m EchoMessage) AppendBody(b []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, m.Identifier)
	b = binary.BigEndian.AppendUint16(b, m.Sequence)
	return append(b, m.Data...)
}
func (m DestUnreachableMessage) AppendBody(b []byte) []byte {
	return append(append(b, 0, 0, 0, 0), m.Invoking...)
}
func (m PacketTooBigMessage) AppendBody(b []byte) []byte {
	return append(binary.BigEndian.AppendUint32(b, m.MTU), m.Invoking...)
}
func (m TimeExceededMessage) AppendBody(b []byte) []byte {
	return append(append(b, 0, 0, 0, 0), m.Invoking...)
}
func (m ParamProblemMessage) AppendBody(b []byte) []byte {
	return append(binary.BigEndian.AppendUint32(b, m.Pointer), m.Invoking...)
}
func (m RouterSolicitation) AppendBody(b []byte) []byte {
	return append(append(b, 0, 0, 0, 0), EncodeOptions(m.Options...)...)
}
func (m RouterAdvertisement) AppendBody(b []byte) []byte {
	b = append(b, m.CurHopLimit, m.Flags)
	b = binary.BigEndian.AppendUint16(b, uint16(m.RouterLifetime/time.Second))
	b = binary.BigEndian.AppendUint32(b, uint32(m.ReachableTime/time.Millisecond))
	b = binary.BigEndian.AppendUint32(b, uint32(m.RetransTimer/time.Millisecond))
	return append(b, EncodeOptions(m.Options...)...)
}
func (m NeighborSolicitation) AppendBody(b []byte) []byte {
	b = append(append(b, 0, 0, 0, 0), addr16(m.Target)...)
	return append(b, EncodeOptions(m.Options...)...)
}
func (m NeighborAdvertisement) AppendBody(b []byte) []byte {
	b = append(append(b, m.Octet(), 0, 0, 0), addr16(m.Target)...)
	return append(b, EncodeOptions(m.Options...)...)
}
func (m RedirectMessage) AppendBody(b []byte) []byte {
	b = append(append(b, 0, 0, 0, 0), addr16(m.Target)...)
	b = append(b, addr16(m.Destination)...)
	return append(b, EncodeOptions(m.Options...)...)
}

// addr16 is a's 16 octets; the zero Addr gives 16 zeros.
func addr16(a netip.Addr) []byte {
	if !a.IsValid() {
		return make([]byte, 16)
	}
	b := a.As16()
	return b[:]
}

// NewICMPv6 encodes m.
func NewICMPv6(m Message) *ICMPv6 {
	typ, code := m.TypeCode()
	return &ICMPv6{Type: typ, Code: code, Body: m.AppendBody(nil)}
}

// Fixed-part lengths of the ND messages after the checksum, where their
// options begin (RFC 4861 §4.1 to §4.5).
var ndFixed = map[uint8]int{TypeRS: 4, TypeRA: 12, TypeNS: 20, TypeNA: 20, TypeRedirect: 36}

// MinLength is the smallest valid length of an ICMPv6 message of type typ,
// from its Type octet: the fixed part the RFC draws (RFC 4443 §3, §4: 8;
// RFC 4861 §6.1.1, §6.1.2, §7.1.1, §7.1.2, §8.1: 8, 16, 24, 24, 40).
func MinLength(typ uint8) int {
	if n, ok := ndFixed[typ]; ok {
		return 4 + n
	}
	return 8
}

// DecodeMessage reads a message from its type, code and the octets after
// its checksum. ND options are read as sent (an option's RawLength is set
// when its Length field does not match its data). A message shorter than
// its fixed part is an error without a message; one with malformed options
// is an error with the message, its options as far as they were well
// formed.
func DecodeMessage(typ, code uint8, body []byte) (Message, error) {
	m, optsOK, err := decodeMessage(typ, code, body)
	if err == nil && !optsOK {
		err = fmt.Errorf("type %d: malformed options", typ)
	}
	return m, err
}

func decodeMessage(typ, code uint8, body []byte) (Message, bool, error) {
	if len(body) < MinLength(typ)-4 {
		return nil, false, fmt.Errorf("type %d: %d octets, shorter than its fixed part", typ, 4+len(body))
	}
	word := binary.BigEndian.Uint32(body)
	rest := append([]byte(nil), body[4:]...)
	var opts []Option
	optsOK := true
	if n, ok := ndFixed[typ]; ok {
		var parsed []ParsedOption
		parsed, optsOK = ParseOptions(body[n:])
		for _, o := range parsed {
			opts = append(opts, o.Option())
		}
	}
	target := func() netip.Addr { return netip.AddrFrom16([16]byte(body[4:20])) }
	switch typ {
	case TypeEchoRequest, TypeEchoReply:
		return EchoMessage{Reply: typ == TypeEchoReply, Identifier: uint16(word >> 16), Sequence: uint16(word), Data: rest}, optsOK, nil
	case TypeDestUnreachable:
		return DestUnreachableMessage{Code: code, Invoking: rest}, optsOK, nil
	case TypePacketTooBig:
		return PacketTooBigMessage{MTU: word, Invoking: rest}, optsOK, nil
	case TypeTimeExceeded:
		return TimeExceededMessage{Code: code, Invoking: rest}, optsOK, nil
	case TypeParamProblem:
		return ParamProblemMessage{Code: code, Pointer: word, Invoking: rest}, optsOK, nil
	case TypeRS:
		return RouterSolicitation{Options: opts}, optsOK, nil
	case TypeRA:
		return RouterAdvertisement{RAParams{
			CurHopLimit:    body[0],
			Flags:          body[1],
			RouterLifetime: time.Duration(binary.BigEndian.Uint16(body[2:])) * time.Second,
			ReachableTime:  time.Duration(binary.BigEndian.Uint32(body[4:])) * time.Millisecond,
			RetransTimer:   time.Duration(binary.BigEndian.Uint32(body[8:])) * time.Millisecond,
			Options:        opts,
		}}, optsOK, nil
	case TypeNS:
		return NeighborSolicitation{Target: target(), Options: opts}, optsOK, nil
	case TypeNA:
		return NeighborAdvertisement{NAFlags: NAFlagsOf(body[0]), Target: target(), Options: opts}, optsOK, nil
	case TypeRedirect:
		return RedirectMessage{Target: target(), Destination: netip.AddrFrom16([16]byte(body[20:36])), Options: opts}, optsOK, nil
	}
	return nil, false, fmt.Errorf("type %d: not a message this package knows", typ)
}

// Message decodes the ICMPv6 message of a packet being built.
func (m *ICMPv6) Message() (Message, error) { return DecodeMessage(m.Type, m.Code, m.Body) }

// Message decodes a received frame's ICMPv6 message.
func (f *Frame) Message() (Message, bool) {
	if !f.IsICMP {
		return nil, false
	}
	m, err := DecodeMessage(f.ICMPType, f.ICMPCode, f.ICMPBody)
	return m, err == nil
}

// Redirect decodes a received Redirect: false when the frame is not one or
// is shorter than its fixed part; its options as far as they are well
// formed.
func (f *Frame) Redirect() (RedirectMessage, bool) {
	r, ok := f.partial().(RedirectMessage)
	return r, ok
}

// NA decodes a received Neighbor Advertisement, as Redirect does.
func (f *Frame) NA() (NeighborAdvertisement, bool) {
	na, ok := f.partial().(NeighborAdvertisement)
	return na, ok
}

func (f *Frame) partial() Message {
	if !f.IsICMP {
		return nil
	}
	m, _, _ := decodeMessage(f.ICMPType, f.ICMPCode, f.ICMPBody)
	return m
}

// Option is the option as a builder would make it: its Length kept as
// sent when it does not match the data.
func (o ParsedOption) Option() Option {
	opt := Option{Type: o.Type, Data: append([]byte(nil), o.Data...)}
	if int(o.Length)*8 != 2+len(o.Data) {
		l := o.Length
		opt.RawLength = &l
	}
	return opt
}

// WithLength is o with its Length field (in units of 8 octets) forced to
// n, however long its data: a malformed option for a negative test.
func (o Option) WithLength(n uint8) Option {
	o.RawLength = &n
	return o
}

// The setters and getters below work in place on a message being built,
// each on the field the RFC names. They panic when the message's type has
// no such field: a spec that asks for the MTU of an Echo Request is wrong.

// need panics unless the message is of one of types and long enough for
// its fixed part.
func (m *ICMPv6) need(field string, types ...uint8) {
	for _, t := range types {
		if m.Type == t {
			if len(m.Body) < MinLength(t)-4 {
				panic(fmt.Sprintf("packets: %s of a type %d message of %d octets", field, m.Type, 4+len(m.Body)))
			}
			return
		}
	}
	panic(fmt.Sprintf("packets: a type %d message has no %s", m.Type, field))
}

func (m *ICMPv6) word() uint32 { return binary.BigEndian.Uint32(m.Body) }

// MTU and SetMTU are a Packet Too Big's MTU (RFC 4443 §3.2).
func (m *ICMPv6) MTU() uint32 { m.need("MTU", TypePacketTooBig); return m.word() }
func (m *ICMPv6) SetMTU(mtu uint32) {
	m.need("MTU", TypePacketTooBig)
	binary.BigEndian.PutUint32(m.Body, mtu)
}

// Pointer and SetPointer are a Parameter Problem's Pointer (RFC 4443 §3.4).
func (m *ICMPv6) Pointer() uint32 { m.need("Pointer", TypeParamProblem); return m.word() }
func (m *ICMPv6) SetPointer(p uint32) {
	m.need("Pointer", TypeParamProblem)
	binary.BigEndian.PutUint32(m.Body, p)
}

// Invoking is the packet an error message quotes (RFC 4443 §3).
func (m *ICMPv6) Invoking() []byte {
	m.need("invoking packet", TypeDestUnreachable, TypePacketTooBig, TypeTimeExceeded, TypeParamProblem)
	return m.Body[4:]
}

// EchoIdentifier, EchoSequence and EchoData read an echo message (RFC 4443
// §4.1); EchoData is the message's own data, so writing into it changes
// the message.
func (m *ICMPv6) EchoIdentifier() uint16 {
	m.need("Identifier", TypeEchoRequest, TypeEchoReply)
	return binary.BigEndian.Uint16(m.Body)
}
func (m *ICMPv6) EchoSequence() uint16 {
	m.need("Sequence Number", TypeEchoRequest, TypeEchoReply)
	return binary.BigEndian.Uint16(m.Body[2:])
}
func (m *ICMPv6) EchoData() []byte {
	m.need("Data", TypeEchoRequest, TypeEchoReply)
	return m.Body[4:]
}

// SetEchoSequence sets an echo message's Sequence Number.
func (m *ICMPv6) SetEchoSequence(seq uint16) {
	m.need("Sequence Number", TypeEchoRequest, TypeEchoReply)
	binary.BigEndian.PutUint16(m.Body[2:], seq)
}

// SetEchoData replaces an echo message's data (a copy of data).
func (m *ICMPv6) SetEchoData(data []byte) {
	m.need("Data", TypeEchoRequest, TypeEchoReply)
	m.Body = append(m.Body[:4:4], data...)
}

// Target and SetTarget are the Target Address of an NS, an NA or a
// Redirect (RFC 4861 §4.3 to §4.5).
func (m *ICMPv6) Target() netip.Addr {
	m.need("Target Address", TypeNS, TypeNA, TypeRedirect)
	return netip.AddrFrom16([16]byte(m.Body[4:20]))
}
func (m *ICMPv6) SetTarget(a netip.Addr) {
	m.need("Target Address", TypeNS, TypeNA, TypeRedirect)
	copy(m.Body[4:20], addr16(a))
}

// Destination and SetDestination are a Redirect's Destination Address
// (RFC 4861 §4.5).
func (m *ICMPv6) Destination() netip.Addr {
	m.need("Destination Address", TypeRedirect)
	return netip.AddrFrom16([16]byte(m.Body[20:36]))
}
func (m *ICMPv6) SetDestination(a netip.Addr) {
	m.need("Destination Address", TypeRedirect)
	copy(m.Body[20:36], addr16(a))
}

// NAFlags and SetNAFlags are an NA's R, S and O flags (RFC 4861 §4.4);
// the Reserved bits after them are left alone.
func (m *ICMPv6) NAFlags() NAFlags { m.need("flags", TypeNA); return NAFlagsOf(m.Body[0]) }
func (m *ICMPv6) SetNAFlags(f NAFlags) {
	m.need("flags", TypeNA)
	m.Body[0] = m.Body[0]&^(FlagRouter|FlagSolicited|FlagOverride) | f.Octet()
}

// reservedMask is which bits of the first 32-bit word after the checksum
// are Reserved: the whole word in a Destination Unreachable, Time
// Exceeded, RS, NS or Redirect, the 29 bits after R, S and O in an NA,
// none in the other messages.
func reservedMask(typ uint8) uint32 {
	switch typ {
	case TypeDestUnreachable, TypeTimeExceeded, TypeRS, TypeNS, TypeRedirect:
		return 0xffffffff
	case TypeNA:
		return 0x1fffffff
	}
	return 0
}

// hasReserved panics unless the message has a Reserved word (reservedMask).
func (m *ICMPv6) hasReserved() uint32 {
	mask := reservedMask(m.Type)
	if mask == 0 {
		m.need("Reserved field")
	}
	m.need("Reserved field", m.Type)
	return mask
}

// Reserved and SetReserved are the Reserved field after the checksum of a
// Destination Unreachable, Time Exceeded, RS, NS or Redirect (32 bits) or
// of an NA (the 29 bits after its flags): senders set it to zero and
// receivers ignore it (RFC 4443 §3.1, §3.3; RFC 4861 §4.1, §4.3 to §4.5).
// A spec sets it to prove that a node ignores it.
func (m *ICMPv6) Reserved() uint32 { return m.word() & m.hasReserved() }
func (m *ICMPv6) SetReserved(v uint32) {
	mask := m.hasReserved()
	if v&^mask != 0 {
		panic(fmt.Sprintf("packets: Reserved 0x%x wider than the field 0x%x of type %d", v, mask, m.Type))
	}
	binary.BigEndian.PutUint32(m.Body, m.word()&^mask|v)
}

// optionsAt panics unless the message is an ND message and is where its
// options begin.
func (m *ICMPv6) optionsAt() int {
	n, ok := ndFixed[m.Type]
	if !ok {
		m.need("options")
	}
	m.need("options", m.Type)
	return n
}

// Options are the options of an ND message as sent (see ParsedOption.Option),
// as far as they are well formed.
func (m *ICMPv6) Options() []Option {
	parsed, _ := ParseOptions(m.Body[m.optionsAt():])
	var out []Option
	for _, o := range parsed {
		out = append(out, o.Option())
	}
	return out
}

// SetOptions replaces an ND message's options with opts, encoded in order.
func (m *ICMPv6) SetOptions(opts ...Option) {
	n := m.optionsAt()
	m.Body = append(m.Body[:n:n], EncodeOptions(opts...)...)
}

// AppendOptions adds opts after the ND message's options (and after
// anything else its body carries).
func (m *ICMPv6) AppendOptions(opts ...Option) {
	m.optionsAt()
	m.Body = append(m.Body, EncodeOptions(opts...)...)
}

// Truncate shortens the ICMPv6 message to length octets, counted from its
// Type octet (Payload Length and checksum will say length): a message too
// short for its type, for a negative test.
func (m *ICMPv6) Truncate(length int) {
	if length < 4 || length-4 > len(m.Body) {
		panic(fmt.Sprintf("packets: truncating a type %d message of %d octets to %d", m.Type, 4+len(m.Body), length))
	}
	m.Body = m.Body[: length-4 : length-4]
}

// TruncateLeavingPadding truncates the ICMPv6 message to length octets
// (Truncate) and leaves the rest of its fixed part (up to MinLength) in
// the frame after the packet, as Ethernet padding: a node that reads past
// a message too short to be valid finds a whole fixed part there. Options
// after the fixed part are dropped.
func (p *Packet) TruncateLeavingPadding(length int) {
	fixed := MinLength(p.ICMP.Type) - 4
	n := length - 4
	if n < 0 || n >= fixed || fixed > len(p.ICMP.Body) {
		panic(fmt.Sprintf("packets: cutting a type %d message of %d octets to %d", p.ICMP.Type, 4+len(p.ICMP.Body), length))
	}
	p.Trailer = append([]byte(nil), p.ICMP.Body[n:fixed]...)
	p.ICMP.Truncate(length)
}
