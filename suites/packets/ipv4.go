package packets

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// IPv4 and tunnels: the tester's side of the outer headers of configured
// tunnels (RFC 4213, RFC 2473). gopacket encodes the IPv4 and ARP headers;
// the matchers read them with the tester's own parsing.

// Ethertypes and protocol numbers of the tunnel specs.
const (
	EthertypeIPv4 = 0x0800
	EthertypeARP  = 0x0806
	ProtoIPv4     = 4
	ProtoIPv6     = 41
	ProtoICMPv4   = 1
	// OptEncapLimit is the Tunnel Encapsulation Limit option (RFC 2473 §4.1.1).
	OptEncapLimit = 4
)

// ICMPv4 types and codes (RFC 792, RFC 1191).
const (
	ICMPv4DestUnreachable = 3
	ICMPv4TimeExceeded    = 11
	ICMPv4HostUnreachable = 1
	ICMPv4FragNeeded      = 4
)

// DFFlag is an IPv4 header's Don't Fragment flag (RFC 791 §3.1).
type DFFlag bool

const (
	DFSet   DFFlag = true  // DF=1: routers must not fragment the packet
	DFClear DFFlag = false // DF=0: routers may fragment it
)

// IPv4Frame is an Ethernet frame carrying an IPv4 packet with a header of
// 20 octets: TTL ttl, DF as given, Identification id.
func IPv4Frame(srcMAC, dstMAC net.HardwareAddr, src, dst netip.Addr, proto, ttl uint8, df DFFlag, id uint16, payload []byte) []byte {
	eth := &layers.Ethernet{SrcMAC: srcMAC, DstMAC: dstMAC, EthernetType: layers.EthernetTypeIPv4}
	ip := &layers.IPv4{Version: 4, IHL: 5, TTL: ttl, Id: id, Protocol: layers.IPProtocol(proto),
		SrcIP: net.IP(src.AsSlice()), DstIP: net.IP(dst.AsSlice())}
	if df {
		ip.Flags = layers.IPv4DontFragment
	}
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, eth, ip, gopacket.Payload(payload)); err != nil {
		panic(fmt.Sprintf("packets: encoding IPv4 %s > %s: %v", src, dst, err))
	}
	return append([]byte(nil), buf.Bytes()...)
}

// Encap4 is inner, an IPv6 packet, inside IPv4 from src to dst (protocol
// 41, RFC 4213 §3.5), in a frame with inner's Ethernet addresses.
func Encap4(src, dst netip.Addr, inner *Packet) []byte {
	return IPv4Frame(inner.EthSrc, inner.EthDst, src, dst, ProtoIPv6, 64, DFClear, 0x7654, inner.IPv6Bytes())
}

// Encap6 is inner inside IPv6 from src to dst (next header 41, RFC 2473
// §3.1), with a Tunnel Encapsulation Limit option of limit unless limit is
// negative, in a frame with inner's Ethernet addresses.
func Encap6(src, dst netip.Addr, limit int, inner *Packet) *Packet {
	p := New(inner.EthSrc, inner.EthDst, src, dst)
	p.NextHeader = ProtoIPv6
	if limit >= 0 {
		p.Ext = []ExtHeader{DestOpts(Opt{Type: OptEncapLimit, Data: []byte{byte(limit)}})}
	}
	p.Raw = inner.IPv6Bytes()
	return p
}

// ICMPv4Error is an ICMPv4 error (RFC 792) of type and code from src to
// dst quoting invoking (an IPv4 packet) whole; mtu is the next-hop MTU of
// a Fragmentation Needed (RFC 1191 §4).
func ICMPv4Error(srcMAC, dstMAC net.HardwareAddr, src, dst netip.Addr, typ, code uint8, mtu uint16, invoking []byte) []byte {
	m := make([]byte, 8, 8+len(invoking))
	m[0], m[1] = typ, code
	binary.BigEndian.PutUint16(m[6:], mtu)
	m = append(m, invoking...)
	binary.BigEndian.PutUint16(m[2:], inetChecksum(m))
	return IPv4Frame(srcMAC, dstMAC, src, dst, ProtoICMPv4, 64, DFClear, 0x1234, m)
}

// ARPReply is an ARP reply (RFC 826) telling dst that ip is at mac.
func ARPReply(mac net.HardwareAddr, ip netip.Addr, dstMAC net.HardwareAddr, dstIP netip.Addr) []byte {
	eth := &layers.Ethernet{SrcMAC: mac, DstMAC: dstMAC, EthernetType: layers.EthernetTypeARP}
	arp := &layers.ARP{AddrType: layers.LinkTypeEthernet, Protocol: layers.EthernetTypeIPv4, HwAddressSize: 6, ProtAddressSize: 4,
		Operation: layers.ARPReply, SourceHwAddress: mac, SourceProtAddress: ip.AsSlice(), DstHwAddress: dstMAC, DstProtAddress: dstIP.AsSlice()}
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{}, eth, arp); err != nil {
		panic(fmt.Sprintf("packets: encoding ARP: %v", err))
	}
	return append([]byte(nil), buf.Bytes()...)
}

// ARPRequest reads an ARP request in a frame: who asks, from which MAC,
// and for which address.
func (f *Frame) ARPRequest() (sender netip.Addr, senderMAC net.HardwareAddr, target netip.Addr, ok bool) {
	b := f.Raw
	if f.EtherType != EthertypeARP || len(b) < 14+28 {
		return
	}
	a := b[14:]
	if binary.BigEndian.Uint16(a[6:]) != 1 || binary.BigEndian.Uint16(a[2:]) != EthertypeIPv4 {
		return
	}
	return netip.AddrFrom4([4]byte(a[14:18])), net.HardwareAddr(a[8:14]), netip.AddrFrom4([4]byte(a[24:28])), true
}

// IPv4 reads the frame's IPv4 header: nil when it carries none.
func (f *Frame) IPv4() IPv4Header {
	if f.EtherType != EthertypeIPv4 || len(f.Raw) < 14+20 {
		return nil
	}
	h := IPv4Header(f.Raw[14:])
	if h[0]>>4 != 4 || h.IHL() < 20 || h.IHL() > len(h) {
		return nil
	}
	if l := int(binary.BigEndian.Uint16(h[2:])); l >= h.IHL() && l <= len(h) {
		h = h[:l]
	}
	return h
}

// IPv4Header is a view over an IPv4 packet.
type IPv4Header []byte

func (h IPv4Header) IHL() int         { return int(h[0]&0x0f) * 4 }
func (h IPv4Header) TTL() uint8       { return h[8] }
func (h IPv4Header) Proto() uint8     { return h[9] }
func (h IPv4Header) DF() bool         { return h[6]&0x40 != 0 }
func (h IPv4Header) Src() netip.Addr  { return netip.AddrFrom4([4]byte(h[12:16])) }
func (h IPv4Header) Dst() netip.Addr  { return netip.AddrFrom4([4]byte(h[16:20])) }
func (h IPv4Header) Payload() []byte  { return h[h.IHL():] }
func (h IPv4Header) ChecksumOK() bool { return inetChecksum(h[:h.IHL()]) == 0 }
func (h IPv4Header) IsFragment() bool { return binary.BigEndian.Uint16(h[6:])&0x3fff != 0 }
func (h IPv4Header) TotalLength() int { return int(binary.BigEndian.Uint16(h[2:])) }

func inetChecksum(b []byte) uint16 {
	var sum uint32
	for len(b) >= 2 {
		sum += uint32(binary.BigEndian.Uint16(b))
		b = b[2:]
	}
	if len(b) == 1 {
		sum += uint32(b[0]) << 8
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}

// Inner decodes the packet a tunnel packet carries (IPv4 protocol 41 or
// 4, or IPv6 whose header chain ends in 41 or 4), as a frame with the
// outer frame's Ethernet addresses.
func (f *Frame) Inner() (*Frame, bool) {
	var inner []byte
	var proto uint8
	switch {
	case f.IPv4() != nil:
		h := f.IPv4()
		if (h.Proto() != ProtoIPv6 && h.Proto() != ProtoIPv4) || h.IsFragment() {
			return nil, false
		}
		inner, proto = h.Payload(), h.Proto()
	case f.IsIPv6() && (f.Proto == ProtoIPv6 || f.Proto == ProtoIPv4) && f.UpperOff <= len(f.IPv6):
		inner, proto = f.IPv6[f.UpperOff:], f.Proto
	default:
		return nil, false
	}
	raw := make([]byte, 14, 14+len(inner))
	copy(raw, f.Raw[:12])
	etherType := uint16(0x86dd)
	if proto == ProtoIPv4 {
		etherType = EthertypeIPv4
	}
	binary.BigEndian.PutUint16(raw[12:], etherType)
	g := Decode(append(raw, inner...))
	g.At = f.At
	return g, true
}

// EncapLimitOption is the Tunnel Encapsulation Limit an IPv6 tunnel packet
// carries in a Destination Options header before the inner packet.
func (f *Frame) EncapLimitOption() (int, bool) {
	ip := f.IPv6
	if ip == nil {
		return 0, false
	}
	nh, off := ip[6], 40
	for isExtension(nh) && off+8 <= len(ip) {
		end := off + (int(ip[off+1])+1)*8
		if nh == ProtoFragment {
			end = off + 8
		}
		if nh == ProtoDestOpts && end <= len(ip) {
			for o := off + 2; o+2 <= end; {
				if ip[o] == 0 {
					o++
					continue
				}
				if ip[o] == OptEncapLimit && ip[o+1] == 1 && o+2 < end {
					return int(ip[o+2]), true
				}
				o += 2 + int(ip[o+1])
			}
		}
		nh, off = ip[off], end
	}
	return 0, false
}

// Tunneled4 is a tunnel packet in IPv4 from src to dst (protocol 41, RFC
// 4213 §3.5) whose inner packet inner recognises and judges; the outer
// header's checksum must be right and its TTL above 0.
func Tunneled4(src, dst netip.Addr, inner *Matcher) *Matcher {
	m := &Matcher{Desc: fmt.Sprintf("%s in IPv4 %s > %s", inner.Desc, src, dst)}
	m.Identify(fmt.Sprintf("IPv4 protocol 41 from %s to %s", src, dst), func(f *Frame) (bool, string) {
		h := f.IPv4()
		if h == nil {
			return false, "not IPv4"
		}
		return h.Proto() == ProtoIPv6 && h.Src() == src && h.Dst() == dst, fmt.Sprintf("protocol %d %s > %s", h.Proto(), h.Src(), h.Dst())
	})
	m.Require("a valid IPv4 header checksum and a TTL above 0", func(f *Frame) (bool, string) {
		h := f.IPv4()
		return h.ChecksumOK() && h.TTL() > 0, fmt.Sprintf("checksum ok %v, TTL %d", h.ChecksumOK(), h.TTL())
	})
	return m.wrapInner(inner)
}

// Tunneled6 is a tunnel packet in IPv6 from src to dst (RFC 2473 §3.1,
// reassembled if it came in fragments) whose inner packet inner judges.
func Tunneled6(src, dst netip.Addr, inner *Matcher) *Matcher {
	m := &Matcher{Desc: fmt.Sprintf("%s in IPv6 %s > %s", inner.Desc, src, dst)}
	m.Identify(fmt.Sprintf("IPv6 next header 41 from %s to %s", src, dst), func(f *Frame) (bool, string) {
		return f.IsIPv6() && f.Proto == ProtoIPv6 && f.Src == src && f.Dst == dst, fmt.Sprintf("next header %d %s > %s", f.Proto, f.Src, f.Dst)
	})
	return m.wrapInner(inner)
}

// wrapInner adds inner's checks, applied to the decoded inner packet.
func (m *Matcher) wrapInner(inner *Matcher) *Matcher {
	in := func(test func(*Frame) (bool, string)) func(*Frame) (bool, string) {
		return func(f *Frame) (bool, string) {
			g, ok := f.Inner()
			if !ok {
				return false, "no inner packet"
			}
			ok, got := test(g)
			return ok, "inner " + got
		}
	}
	for _, c := range inner.identity {
		m.Identify("inner "+c.Want, in(c.Test))
	}
	for _, c := range inner.correct {
		m.Require("inner "+c.Want, in(c.Test))
	}
	return m
}

// OuterTTL requires the outer IPv4 TTL or IPv6 hop limit.
func (m *Matcher) OuterTTL(ttl uint8) *Matcher {
	return m.Require(fmt.Sprintf("outer TTL or hop limit %d", ttl), func(f *Frame) (bool, string) {
		if h := f.IPv4(); h != nil {
			return h.TTL() == ttl, fmt.Sprint(h.TTL())
		}
		return f.HopLimit() == ttl, fmt.Sprint(f.HopLimit())
	})
}

// DontFragment requires the outer IPv4 header's DF bit as given.
func (m *Matcher) DontFragment(df DFFlag) *Matcher {
	return m.Require(fmt.Sprintf("DF=%d in the outer IPv4 header", b2i(bool(df))), func(f *Frame) (bool, string) {
		h := f.IPv4()
		return h != nil && h.DF() == bool(df), fmt.Sprintf("DF=%d", b2i(h != nil && h.DF()))
	})
}

// EncapLimit requires a Tunnel Encapsulation Limit option of limit in the
// outer IPv6 header chain (RFC 2473 §4.1.1).
func (m *Matcher) EncapLimit(limit int) *Matcher {
	return m.Require(fmt.Sprintf("a Tunnel Encapsulation Limit option of %d", limit), func(f *Frame) (bool, string) {
		l, ok := f.EncapLimitOption()
		if !ok {
			return false, "none"
		}
		return l == limit, fmt.Sprint(l)
	})
}

// OuterSize requires the outer packet (as the tester reassembled it) to
// be exactly n octets.
func (m *Matcher) OuterSize(n int) *Matcher {
	return m.Require(fmt.Sprintf("an outer packet of %d octets", n), func(f *Frame) (bool, string) {
		if h := f.IPv4(); h != nil {
			return h.TotalLength() == n, fmt.Sprint(h.TotalLength())
		}
		return len(f.IPv6) == n, fmt.Sprint(len(f.IPv6))
	})
}

// summary4 describes IPv4, ARP and IPv6 tunnel frames for logs and
// reports; ok false for any other frame.
func (f *Frame) summary4() (string, bool) {
	if s, t, ip, ok := f.ARPRequest(); ok {
		return fmt.Sprintf("ARP who has %s tell %s (%s)", ip, s, t), true
	}
	if f.EtherType == EthertypeARP {
		return fmt.Sprintf("%s > %s ARP, %d octets", f.EthSrc, f.EthDst, len(f.Raw)), true
	}
	if f.EtherType == EthertypeIPv4 {
		h := f.IPv4()
		if h == nil {
			return fmt.Sprintf("undecodable IPv4 frame, %d octets", len(f.Raw)), true
		}
		s := fmt.Sprintf("IPv4 %s > %s ttl %d proto %d len %d", h.Src(), h.Dst(), h.TTL(), h.Proto(), h.TotalLength())
		if h.DF() {
			s += " DF"
		}
		if in, ok := f.Inner(); ok {
			s += " [" + in.Summary() + "]"
		} else if h.Proto() == ProtoICMPv4 && len(h.Payload()) >= 2 {
			s += fmt.Sprintf(" ICMPv4 type %d code %d", h.Payload()[0], h.Payload()[1])
		}
		return s, true
	}
	if f.IsIPv6() && (f.Proto == ProtoIPv6 || f.Proto == ProtoIPv4) {
		if in, ok := f.Inner(); ok && !bytes.Equal(in.Raw[14:], f.IPv6) {
			s := fmt.Sprintf("%s > %s hlim %d", f.Src, f.Dst, f.HopLimit())
			for _, e := range f.Exts {
				s += " " + extName(e)
			}
			if l, ok := f.EncapLimitOption(); ok {
				s += fmt.Sprintf("(encap limit %d)", l)
			}
			return s + " tunnel [" + in.Summary() + "]", true
		}
	}
	return "", false
}
