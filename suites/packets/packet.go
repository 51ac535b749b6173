package packets

import (
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// IP protocol numbers used by the builders.
const (
	ProtoHopByHop = 0
	ProtoUDP      = 17
	ProtoRouting  = 43
	ProtoFragment = 44
	ProtoICMPv6   = 58
	ProtoNoNext   = 59
	ProtoDestOpts = 60
)

// ICMPv6 types (RFC 4443 §2.1, RFC 4861 §4).
const (
	TypeDestUnreachable = 1
	TypePacketTooBig    = 2
	TypeTimeExceeded    = 3
	TypeParamProblem    = 4
	TypeEchoRequest     = 128
	TypeEchoReply       = 129
	TypeRS              = 133
	TypeRA              = 134
	TypeNS              = 135
	TypeNA              = 136
	TypeRedirect        = 137
)

// Packet is a frame to send: Ethernet, the IPv6 header, extension headers
// and what follows them. The builders fill every field with a valid value; a
// negative test changes exactly the field it is about before the packet is
// sent.
type Packet struct {
	EthDst, EthSrc net.HardwareAddr

	Version      uint8 // 6 unless a test says otherwise
	TrafficClass uint8
	FlowLabel    uint32
	HopLimit     uint8
	Src, Dst     netip.Addr
	// NextHeader is the upper-layer protocol: the Next Header of the IPv6
	// header when there are no extension headers, else of the last one.
	// Set by the upper-layer builders.
	NextHeader uint8
	// PayloadLength overrides the computed Payload Length when not nil.
	PayloadLength *uint16

	// Ext are the extension headers, in order. Each one's Next Header is
	// the next one's protocol (or NextHeader for the last) unless overridden.
	Ext []ExtHeader

	// ICMP is the ICMPv6 message carried, if any; its checksum is computed
	// at encoding unless BadChecksum is set.
	ICMP *ICMPv6
	// UDP is the UDP datagram carried, if any, checksum computed likewise.
	UDP *UDP
	// Raw is carried after the extension headers when ICMP and UDP are nil.
	Raw []byte
	// Trailer is put in the frame after the IPv6 packet (Ethernet padding
	// that Payload Length does not count).
	Trailer []byte
}

// ICMPv6 is an ICMPv6 message: type, code and everything after the checksum.
type ICMPv6 struct {
	Type, Code  uint8
	Body        []byte
	BadChecksum bool // send a checksum that is wrong (the right one inverted)
}

// UDP is a UDP datagram (RFC 768; over IPv6 its checksum is mandatory,
// RFC 8200 §8.1).
type UDP struct {
	SrcPort, DstPort uint16
	Payload          []byte
	ZeroChecksum     bool // send checksum 0, which IPv6 forbids
}

// Bytes encodes the whole Ethernet frame. gopacket writes the Ethernet and
// IPv6 headers; everything after the IPv6 header is our own encoding,
// because gopacket pads options wrongly, rewrites Next Header when
// Hop-by-Hop is set, and checksums against the first hop of a routing
// header instead of the final destination.
func (p *Packet) Bytes() []byte {
	payload := p.payload()
	first := p.NextHeader
	if len(p.Ext) > 0 {
		first = p.Ext[0].Proto
	}
	eth := &layers.Ethernet{SrcMAC: p.EthSrc, DstMAC: p.EthDst, EthernetType: layers.EthernetTypeIPv6}
	ip := &layers.IPv6{
		Version:      6,
		TrafficClass: p.TrafficClass,
		FlowLabel:    p.FlowLabel,
		NextHeader:   layers.IPProtocol(first),
		HopLimit:     p.HopLimit,
		SrcIP:        net.IP(p.Src.AsSlice()),
		DstIP:        net.IP(p.Dst.AsSlice()),
	}
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true}
	if err := gopacket.SerializeLayers(buf, opts, eth, ip, gopacket.Payload(payload)); err != nil {
		panic(fmt.Sprintf("packets: encoding %v: %v", p, err))
	}
	b := append([]byte(nil), buf.Bytes()...)
	ipOff := 14
	// Overrides are applied to the encoded bytes, so that gopacket's own
	// fixing of lengths and versions cannot undo them.
	b[ipOff] = b[ipOff]&0x0f | p.Version<<4
	if p.PayloadLength != nil {
		binary.BigEndian.PutUint16(b[ipOff+4:], *p.PayloadLength)
	}
	return append(b, p.Trailer...)
}

// payload encodes what follows the IPv6 header.
func (p *Packet) payload() []byte {
	var b []byte
	for i, e := range p.Ext {
		next := p.NextHeader
		if i+1 < len(p.Ext) {
			next = p.Ext[i+1].Proto
		}
		b = append(b, e.encode(next)...)
	}
	return append(b, p.upper()...)
}

// upper encodes the upper-layer message with its checksum.
func (p *Packet) upper() []byte {
	switch {
	case p.ICMP != nil:
		m := append([]byte{p.ICMP.Type, p.ICMP.Code, 0, 0}, p.ICMP.Body...)
		c := UpperChecksum(p.Src, p.FinalDst(), ProtoICMPv6, m)
		if p.ICMP.BadChecksum {
			c = ^c
		}
		binary.BigEndian.PutUint16(m[2:], c)
		return m
	case p.UDP != nil:
		m := make([]byte, 8, 8+len(p.UDP.Payload))
		binary.BigEndian.PutUint16(m[0:], p.UDP.SrcPort)
		binary.BigEndian.PutUint16(m[2:], p.UDP.DstPort)
		binary.BigEndian.PutUint16(m[4:], uint16(8+len(p.UDP.Payload)))
		m = append(m, p.UDP.Payload...)
		if !p.UDP.ZeroChecksum {
			c := UpperChecksum(p.Src, p.FinalDst(), ProtoUDP, m)
			if c == 0 {
				c = 0xffff // RFC 768: a computed zero is sent as all ones
			}
			binary.BigEndian.PutUint16(m[6:], c)
		}
		return m
	}
	return append([]byte(nil), p.Raw...)
}

// FinalDst is the destination the upper-layer checksum covers: the last
// address of a routing header with segments left, else Dst (RFC 8200 §8.1).
func (p *Packet) FinalDst() netip.Addr {
	for _, e := range p.Ext {
		if e.Proto == ProtoRouting && len(e.Body) >= 6 && e.Body[1] > 0 && len(e.Body) >= 6+16 {
			last := e.Body[len(e.Body)-16:]
			return netip.AddrFrom16([16]byte(last))
		}
	}
	return p.Dst
}

// IPv6Bytes is the IPv6 packet inside the frame (no Ethernet header, no
// trailer), as a node would quote it in an ICMPv6 error.
func (p *Packet) IPv6Bytes() []byte {
	b := p.Bytes()
	return b[14 : len(b)-len(p.Trailer)]
}

// With applies changes to the packet and returns it, for one-line variants.
func (p *Packet) With(change func(*Packet)) *Packet {
	change(p)
	return p
}

// Clone copies the packet deeply enough that changing the copy leaves p alone.
func (p *Packet) Clone() *Packet {
	c := *p
	if p.ICMP != nil {
		ic := *p.ICMP
		ic.Body = append([]byte(nil), p.ICMP.Body...)
		c.ICMP = &ic
	}
	if p.UDP != nil {
		u := *p.UDP
		u.Payload = append([]byte(nil), p.UDP.Payload...)
		c.UDP = &u
	}
	c.Ext = nil
	for _, e := range p.Ext {
		c.Ext = append(c.Ext, e.clone())
	}
	c.Raw = append([]byte(nil), p.Raw...)
	c.Trailer = append([]byte(nil), p.Trailer...)
	return &c
}

// New is a valid IPv6 packet with no payload yet: hop limit 64, version 6.
func New(srcMAC, dstMAC net.HardwareAddr, src, dst netip.Addr) *Packet {
	return &Packet{EthSrc: srcMAC, EthDst: dstMAC, Version: 6, HopLimit: 64, Src: src, Dst: dst, NextHeader: ProtoNoNext}
}

// EchoRequest is an ICMPv6 Echo Request (RFC 4443 §4.1) with identifier,
// sequence number and data.
func EchoRequest(srcMAC, dstMAC net.HardwareAddr, src, dst netip.Addr, id, seq uint16, data []byte) *Packet {
	return ICMPPacket(srcMAC, dstMAC, src, dst, EchoMessage{Identifier: id, Sequence: seq, Data: data})
}

// EchoID and EchoSeq read an echo message's identifier and sequence number.
func (p *Packet) EchoID() uint16  { return p.ICMP.EchoIdentifier() }
func (p *Packet) EchoSeq() uint16 { return p.ICMP.EchoSequence() }

// EchoData is the data of an echo message.
func (p *Packet) EchoData() []byte { return p.ICMP.EchoData() }
