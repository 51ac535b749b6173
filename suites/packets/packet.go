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
	ProtoICMPv6   = 58
	ProtoNoNext   = 59
	ProtoHopByHop = 0
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

// Packet is a frame to send: Ethernet, the IPv6 header, and what follows it.
// The builders fill every field with a valid value; a negative test changes
// exactly the field it is about before the packet is sent.
type Packet struct {
	EthDst, EthSrc net.HardwareAddr

	Version      uint8 // 6 unless a test says otherwise
	TrafficClass uint8
	FlowLabel    uint32
	HopLimit     uint8
	Src, Dst     netip.Addr
	// NextHeader of the IPv6 header. Set by the upper-layer builders.
	NextHeader uint8
	// PayloadLength overrides the computed Payload Length when not nil.
	PayloadLength *uint16

	// ICMP is the ICMPv6 message carried, if any; its checksum is computed
	// at encoding unless BadChecksum is set.
	ICMP *ICMPv6
	// Raw is carried after the IPv6 header when ICMP is nil.
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

// Bytes encodes the whole Ethernet frame.
func (p *Packet) Bytes() []byte {
	eth := &layers.Ethernet{SrcMAC: p.EthSrc, DstMAC: p.EthDst, EthernetType: layers.EthernetTypeIPv6}
	ip := &layers.IPv6{
		Version:      6,
		TrafficClass: p.TrafficClass,
		FlowLabel:    p.FlowLabel,
		NextHeader:   layers.IPProtocol(p.NextHeader),
		HopLimit:     p.HopLimit,
		SrcIP:        net.IP(p.Src.AsSlice()),
		DstIP:        net.IP(p.Dst.AsSlice()),
	}
	ls := []gopacket.SerializableLayer{eth, ip}
	if p.ICMP != nil {
		ic := &layers.ICMPv6{TypeCode: layers.CreateICMPv6TypeCode(p.ICMP.Type, p.ICMP.Code)}
		if err := ic.SetNetworkLayerForChecksum(ip); err != nil {
			panic(err)
		}
		ls = append(ls, ic, gopacket.Payload(p.ICMP.Body))
	} else if len(p.Raw) > 0 {
		ls = append(ls, gopacket.Payload(p.Raw))
	}
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	if err := gopacket.SerializeLayers(buf, opts, ls...); err != nil {
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
	if p.ICMP != nil && p.ICMP.BadChecksum {
		c := binary.BigEndian.Uint16(b[ipOff+40+2:])
		binary.BigEndian.PutUint16(b[ipOff+40+2:], ^c)
	}
	return append(b, p.Trailer...)
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
	p := New(srcMAC, dstMAC, src, dst)
	body := make([]byte, 4, 4+len(data))
	binary.BigEndian.PutUint16(body[0:], id)
	binary.BigEndian.PutUint16(body[2:], seq)
	body = append(body, data...)
	p.NextHeader = ProtoICMPv6
	p.ICMP = &ICMPv6{Type: TypeEchoRequest, Body: body}
	return p
}

// EchoID and EchoSeq read an echo message's identifier and sequence number.
func (p *Packet) EchoID() uint16  { return binary.BigEndian.Uint16(p.ICMP.Body[0:]) }
func (p *Packet) EchoSeq() uint16 { return binary.BigEndian.Uint16(p.ICMP.Body[2:]) }

// EchoData is the data of an echo message.
func (p *Packet) EchoData() []byte { return p.ICMP.Body[4:] }
