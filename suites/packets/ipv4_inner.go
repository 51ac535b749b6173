package packets

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
)

// IPv4 inside tunnels (RFC 2473 4in6, RFC 2003 4in4): the tester builds
// IPv4 packets and ICMPv4 messages with its own code and judges the ones
// the node sends, inside a tunnel or on a link.

// ICMPv4 types (RFC 792) besides the errors in ipv4.go.
const (
	ICMPv4EchoReply   = 0
	ICMPv4EchoRequest = 8
	ICMPv4TTLExceeded = 0 // Time Exceeded code 0: TTL exceeded in transit
	// ICMPv4ReassemblyExceeded is Time Exceeded code 1: fragment
	// reassembly time exceeded.
	ICMPv4ReassemblyExceeded = 1
	ICMPv4NetUnreachable     = 0 // Destination Unreachable code 0
)

// IPv4Echo is an IPv4 packet (no Ethernet header) carrying an ICMPv4 Echo
// Request from src to dst with identifier 0x7476, sequence seq and data;
// TTL ttl, DF as given.
func IPv4Echo(src, dst netip.Addr, ttl uint8, df DFFlag, seq uint16, data []byte) []byte {
	m := make([]byte, 8, 8+len(data))
	m[0] = ICMPv4EchoRequest
	binary.BigEndian.PutUint16(m[4:], 0x7476)
	binary.BigEndian.PutUint16(m[6:], seq)
	m = append(m, data...)
	binary.BigEndian.PutUint16(m[2:], inetChecksum(m))
	zero := make(net.HardwareAddr, 6)
	return IPv4Frame(zero, zero, src, dst, ProtoICMPv4, ttl, df, 0x4000|seq, m)[14:]
}

// IPv4Sized is IPv4Echo padded to a packet of size octets.
func IPv4Sized(src, dst netip.Addr, ttl uint8, df DFFlag, seq uint16, size int) []byte {
	return IPv4Echo(src, dst, ttl, df, seq, make([]byte, size-20-8))
}

// EtherIPv4 frames an IPv4 packet from srcMAC to dstMAC.
func EtherIPv4(srcMAC, dstMAC net.HardwareAddr, pkt []byte) []byte {
	b := make([]byte, 14, 14+len(pkt))
	copy(b, dstMAC)
	copy(b[6:], srcMAC)
	binary.BigEndian.PutUint16(b[12:], EthertypeIPv4)
	return append(b, pkt...)
}

// Encap4Raw is inner (an IPv6 or IPv4 packet, as proto says) inside IPv4
// from src to dst, TTL 64, in a frame from srcMAC to dstMAC.
func Encap4Raw(srcMAC, dstMAC net.HardwareAddr, src, dst netip.Addr, proto uint8, inner []byte) []byte {
	return IPv4Frame(srcMAC, dstMAC, src, dst, proto, 64, DFClear, 0x7654, inner)
}

// Encap6Raw is inner (an IPv6 or IPv4 packet, as proto says) inside IPv6
// from src to dst (RFC 2473 §3.1), with a Tunnel Encapsulation Limit
// option of limit unless limit is negative.
func Encap6Raw(srcMAC, dstMAC net.HardwareAddr, src, dst netip.Addr, limit int, proto uint8, inner []byte) *Packet {
	p := New(srcMAC, dstMAC, src, dst)
	p.NextHeader = proto
	if limit >= 0 {
		p.Ext = []ExtHeader{DestOpts(Opt{Type: OptEncapLimit, Data: []byte{byte(limit)}})}
	}
	p.Raw = append([]byte(nil), inner...)
	return p
}

// IPv4Fragments splits an IPv4 frame whose header has no options into
// two fragments (RFC 791 §3.2) at octet at of its payload, a multiple of 8.
func IPv4Fragments(frame []byte, at int) [2][]byte {
	eth, pkt := frame[:14], frame[14:]
	tl := int(binary.BigEndian.Uint16(pkt[2:]))
	mk := func(data []byte, off int, more bool) []byte {
		h := append([]byte(nil), pkt[:20]...)
		binary.BigEndian.PutUint16(h[2:], uint16(20+len(data)))
		v := binary.BigEndian.Uint16(pkt[6:])&0x4000 | uint16(off/8)
		if more {
			v |= 0x2000
		}
		binary.BigEndian.PutUint16(h[6:], v)
		h[10], h[11] = 0, 0
		binary.BigEndian.PutUint16(h[10:], inetChecksum(h))
		return append(append(append([]byte(nil), eth...), h...), data...)
	}
	return [2][]byte{mk(pkt[20:20+at], 0, true), mk(pkt[20+at:tl], at, false)}
}

// ipv4Of reads the IPv4 packet of a frame (outer, or the inner frame of a
// tunnel packet).
func ipv4Of(f *Frame) (IPv4Header, string) {
	h := f.IPv4()
	if h == nil {
		return nil, "not IPv4"
	}
	return h, ""
}

// IPv4InIPv6 is a tunnel packet in IPv6 from src to dst carrying IPv4
// (next header 4, RFC 2473 §3.1) whose inner packet inner judges.
func IPv4InIPv6(src, dst netip.Addr, inner *Matcher) *Matcher {
	m := &Matcher{Desc: fmt.Sprintf("%s in IPv6 %s > %s", inner.Desc, src, dst)}
	m.Identify(fmt.Sprintf("IPv6 next header 4 from %s to %s", src, dst), func(f *Frame) (bool, string) {
		return f.IsIPv6() && f.Proto == ProtoIPv4 && f.Src == src && f.Dst == dst, fmt.Sprintf("next header %d %s > %s", f.Proto, f.Src, f.Dst)
	})
	return m.wrapInner(inner)
}

// IPv4InIPv4 is a tunnel packet in IPv4 from src to dst carrying IPv4
// (protocol 4, RFC 2003 §3) whose inner packet inner judges; the outer
// checksum must be right and its TTL above 0.
func IPv4InIPv4(src, dst netip.Addr, inner *Matcher) *Matcher {
	m := &Matcher{Desc: fmt.Sprintf("%s in IPv4 %s > %s", inner.Desc, src, dst)}
	m.Identify(fmt.Sprintf("IPv4 protocol 4 from %s to %s", src, dst), func(f *Frame) (bool, string) {
		h := f.IPv4()
		if h == nil {
			return false, "not IPv4"
		}
		return h.Proto() == ProtoIPv4 && h.Src() == src && h.Dst() == dst, fmt.Sprintf("protocol %d %s > %s", h.Proto(), h.Src(), h.Dst())
	})
	m.Require("a valid outer IPv4 header checksum and a TTL above 0", func(f *Frame) (bool, string) {
		h := f.IPv4()
		return h.ChecksumOK() && h.TTL() > 0, fmt.Sprintf("checksum ok %v, TTL %d", h.ChecksumOK(), h.TTL())
	})
	return m.wrapInner(inner)
}

// ipv4Valid requires a valid IPv4 header checksum.
func (m *Matcher) ipv4Valid() *Matcher {
	return m.Require("a valid IPv4 header checksum", func(f *Frame) (bool, string) {
		h, why := ipv4Of(f)
		if h == nil {
			return false, why
		}
		return h.ChecksumOK(), "a wrong checksum"
	})
}

// ICMPv4EchoReplyTo is an ICMPv4 Echo Reply (RFC 792) to req, an IPv4
// packet carrying an Echo Request: from its destination to its source,
// with its identifier, sequence and data.
func ICMPv4EchoReplyTo(req []byte) *Matcher {
	q := IPv4Header(req)
	echo := q.Payload()
	m := &Matcher{Desc: fmt.Sprintf("ICMPv4 Echo Reply %s > %s", q.Dst(), q.Src())}
	m.Identify(fmt.Sprintf("ICMPv4 Echo Reply from %s to %s, identifier and sequence of the request", q.Dst(), q.Src()), func(f *Frame) (bool, string) {
		h, why := ipv4Of(f)
		if h == nil {
			return false, why
		}
		p := h.Payload()
		if h.Proto() != ProtoICMPv4 || len(p) < 8 {
			return false, fmt.Sprintf("protocol %d", h.Proto())
		}
		return p[0] == ICMPv4EchoReply && h.Src() == q.Dst() && h.Dst() == q.Src() && bytes.Equal(p[4:8], echo[4:8]),
			fmt.Sprintf("ICMPv4 type %d %s > %s", p[0], h.Src(), h.Dst())
	})
	m.ipv4Valid()
	m.Require("code 0, a valid ICMPv4 checksum, the request's data and a TTL above 0", func(f *Frame) (bool, string) {
		h := f.IPv4()
		p := h.Payload()
		return p[1] == 0 && inetChecksum(p) == 0 && bytes.Equal(p[8:], echo[8:]) && h.TTL() > 0,
			fmt.Sprintf("code %d, checksum ok %v, %d data octets, TTL %d", p[1], inetChecksum(p) == 0, len(p)-8, h.TTL())
	})
	return m
}

// IPv4Forwarded is req, an IPv4 packet, as a router passes it on (RFC
// 1812 §5.3.1): the same packet with the TTL one less and the header
// checksum updated.
func IPv4Forwarded(req []byte) *Matcher {
	q := IPv4Header(req)
	m := &Matcher{Desc: fmt.Sprintf("the IPv4 packet from %s to %s, forwarded", q.Src(), q.Dst())}
	m.Identify(fmt.Sprintf("IPv4 from %s to %s with the same payload", q.Src(), q.Dst()), func(f *Frame) (bool, string) {
		h, why := ipv4Of(f)
		if h == nil {
			return false, why
		}
		return h.Src() == q.Src() && h.Dst() == q.Dst() && h.Proto() == q.Proto() && bytes.Equal(h.Payload(), q.Payload()),
			fmt.Sprintf("protocol %d %s > %s, %d octets", h.Proto(), h.Src(), h.Dst(), len(h))
	})
	m.Require(fmt.Sprintf("TTL %d", q.TTL()-1), func(f *Frame) (bool, string) { return f.IPv4().TTL() == q.TTL()-1, fmt.Sprint(f.IPv4().TTL()) })
	m.ipv4Valid()
	return m.Require("TOS, Identification and flags unchanged", func(f *Frame) (bool, string) {
		h := f.IPv4()
		return h[1] == q[1] && bytes.Equal(h[4:8], q[4:8]), fmt.Sprintf("TOS %#x, ID and flags %x", h[1], h[4:8])
	})
}

// ICMPv4ErrorAbout is an ICMPv4 error of type and code (RFC 792) to the
// source of invoking, an IPv4 packet, quoting its header and at least the
// first 8 octets of its data (RFC 792; RFC 1812 §4.3.2.3 asks for more),
// the TTL as received or decremented.
func ICMPv4ErrorAbout(typ, code uint8, invoking []byte) *Matcher {
	q := IPv4Header(invoking)
	m := &Matcher{Desc: fmt.Sprintf("ICMPv4 type %d code %d to %s", typ, code, q.Src())}
	m.Identify(fmt.Sprintf("ICMPv4 type %d to %s", typ, q.Src()), func(f *Frame) (bool, string) {
		h, why := ipv4Of(f)
		if h == nil {
			return false, why
		}
		p := h.Payload()
		if h.Proto() != ProtoICMPv4 || len(p) < 8 {
			return false, fmt.Sprintf("protocol %d", h.Proto())
		}
		return p[0] == typ && h.Dst() == q.Src(), fmt.Sprintf("ICMPv4 type %d to %s", p[0], h.Dst())
	})
	m.ipv4Valid()
	n := min(len(q), q.IHL()+8)
	return m.Require(fmt.Sprintf("code %d, a valid ICMPv4 checksum, the invoking packet's header and 8 octets quoted", code), func(f *Frame) (bool, string) {
		p := f.IPv4().Payload()
		if p[1] != code || inetChecksum(p) != 0 {
			return false, fmt.Sprintf("code %d, checksum ok %v", p[1], inetChecksum(p) == 0)
		}
		quote := p[8:]
		if len(quote) < n {
			return false, fmt.Sprintf("a quote of %d octets", len(quote))
		}
		// TTL (8) and checksum (10, 11) may show the router's decrement.
		for i := 0; i < n; i++ {
			if i != 8 && i != 10 && i != 11 && quote[i] != q[i] {
				return false, fmt.Sprintf("a quote differing at octet %d", i)
			}
		}
		return true, ""
	})
}

// NextHopMTU requires the next-hop MTU of an ICMPv4 Fragmentation Needed
// (RFC 1191 §4).
func (m *Matcher) NextHopMTU(mtu int) *Matcher {
	return m.Require(fmt.Sprintf("next-hop MTU %d", mtu), func(f *Frame) (bool, string) {
		p := f.IPv4().Payload()
		got := int(binary.BigEndian.Uint16(p[6:]))
		return got == mtu, fmt.Sprint(got)
	})
}

// From4 requires the IPv4 source to be a, or one of the others.
func (m *Matcher) From4(a netip.Addr, others ...netip.Addr) *Matcher {
	want := "IPv4 source " + a.String()
	for _, o := range others {
		want += " or " + o.String()
	}
	return m.Require(want, func(f *Frame) (bool, string) {
		src := f.IPv4().Src()
		ok := src == a
		for _, o := range others {
			ok = ok || src == o
		}
		return ok, src.String()
	})
}

// InnerWhole requires the inner packet of a tunnel packet to have gone
// whole inside one tunnel packet (the tunnel packet may be in fragments),
// not cut into IPv4 fragments each in a tunnel packet of its own.
func (m *Matcher) InnerWhole() *Matcher {
	return m.Require("the inner packet whole in one tunnel packet", func(f *Frame) (bool, string) {
		return f.InnerPieces == 0, fmt.Sprintf("IPv4 fragments in %d tunnel packets", f.InnerPieces)
	})
}
