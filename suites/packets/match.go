package packets

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"
)

// Check is one condition on a frame; Got says what the frame had instead.
type Check struct {
	Want string
	Test func(f *Frame) (ok bool, got string)
}

// Matcher recognises an expected frame. Identity checks say which message a
// frame is (an Echo Reply to this request, an NA for this target);
// correctness checks judge it. A frame that passes the identity checks is a
// candidate: Expect needs a candidate that passes everything, ExpectNo
// fails on any candidate at all. So a node that answers with a wrong field
// fails Expect with that field named, and cannot slip past ExpectNo.
type Matcher struct {
	Desc     string
	identity []Check
	correct  []Check
}

// IsCandidate reports whether f is the kind of frame m is about.
func (m *Matcher) IsCandidate(f *Frame) bool {
	for _, c := range m.identity {
		if ok, _ := c.Test(f); !ok {
			return false
		}
	}
	return true
}

// Misses lists the correctness checks f fails, as "want X, got Y".
func (m *Matcher) Misses(f *Frame) []string {
	var out []string
	for _, c := range m.correct {
		if ok, got := c.Test(f); !ok {
			out = append(out, fmt.Sprintf("%s, got %s", c.Want, got))
		}
	}
	return out
}

// Match reports whether f is a candidate that passes every check.
func (m *Matcher) Match(f *Frame) bool { return m.IsCandidate(f) && len(m.Misses(f)) == 0 }

func (m *Matcher) String() string {
	var parts []string
	for _, c := range m.correct {
		parts = append(parts, c.Want)
	}
	if len(parts) == 0 {
		return m.Desc
	}
	return m.Desc + " (" + strings.Join(parts, "; ") + ")"
}

// Identify and Require add checks; they return m for chaining.
func (m *Matcher) Identify(want string, test func(*Frame) (bool, string)) *Matcher {
	m.identity = append(m.identity, Check{want, test})
	return m
}

func (m *Matcher) Require(want string, test func(*Frame) (bool, string)) *Matcher {
	m.correct = append(m.correct, Check{want, test})
	return m
}

func icmpOfType(typ uint8) func(*Frame) (bool, string) {
	return func(f *Frame) (bool, string) {
		if !f.IsICMP {
			return false, "not ICMPv6"
		}
		return f.ICMPType == typ, fmt.Sprintf("type %d", f.ICMPType)
	}
}

func newICMP(desc string, typ uint8) *Matcher {
	m := &Matcher{Desc: desc}
	m.Identify(fmt.Sprintf("ICMPv6 type %d", typ), icmpOfType(typ))
	m.Require("a valid ICMPv6 checksum", func(f *Frame) (bool, string) { return f.ChecksumOK, "a wrong checksum" })
	return m
}

// From requires the IPv6 source to be one of addrs.
func (m *Matcher) From(addrs ...netip.Addr) *Matcher {
	return m.Require("source "+addrList(addrs), func(f *Frame) (bool, string) {
		for _, a := range addrs {
			if f.Src == a {
				return true, ""
			}
		}
		return false, f.Src.String()
	})
}

// To requires the IPv6 destination to be a.
func (m *Matcher) To(a netip.Addr) *Matcher {
	return m.Require("destination "+a.String(), func(f *Frame) (bool, string) { return f.Dst == a, f.Dst.String() })
}

// ToMAC requires the Ethernet destination to be mac.
func (m *Matcher) ToMAC(mac net.HardwareAddr) *Matcher {
	return m.Require("Ethernet destination "+mac.String(), func(f *Frame) (bool, string) {
		return bytes.Equal(f.EthDst, mac), f.EthDst.String()
	})
}

// HopLimit requires an exact hop limit.
func (m *Matcher) HopLimit(h uint8) *Matcher {
	return m.Require(fmt.Sprintf("hop limit %d", h), func(f *Frame) (bool, string) {
		return f.HopLimit() == h, fmt.Sprint(f.HopLimit())
	})
}

// Code requires an ICMPv6 code.
func (m *Matcher) Code(c uint8) *Matcher {
	return m.Require(fmt.Sprintf("code %d", c), func(f *Frame) (bool, string) { return f.ICMPCode == c, fmt.Sprint(f.ICMPCode) })
}

func addrList(addrs []netip.Addr) string {
	s := make([]string, len(addrs))
	for i, a := range addrs {
		s[i] = a.String()
	}
	if len(s) == 1 {
		return s[0]
	}
	return "one of " + strings.Join(s, ", ")
}

// EchoReplyTo is an Echo Reply answering req: same identifier and sequence,
// sent back to req's source with the same data (RFC 4443 §4.2). For a
// unicast request it must come from the address the request was sent to.
func EchoReplyTo(req *Packet) *Matcher {
	id, seq, data := req.EchoID(), req.EchoSeq(), req.EchoData()
	m := newICMP(fmt.Sprintf("Echo Reply to %s (id %d seq %d)", req.Src, id, seq), TypeEchoReply)
	m.Identify("identifier and sequence of the request", func(f *Frame) (bool, string) {
		if len(f.ICMPBody) < 4 {
			return false, "a truncated echo"
		}
		gid, gseq := binary.BigEndian.Uint16(f.ICMPBody), binary.BigEndian.Uint16(f.ICMPBody[2:])
		return gid == id && gseq == seq, fmt.Sprintf("id %d seq %d", gid, gseq)
	})
	m.Identify("destination "+req.Src.String(), func(f *Frame) (bool, string) { return f.Dst == req.Src, f.Dst.String() })
	m.Require(fmt.Sprintf("the request's %d data octets echoed", len(data)), func(f *Frame) (bool, string) {
		got := f.ICMPBody[4:]
		return bytes.Equal(got, data), fmt.Sprintf("%d different octets", len(got))
	})
	m.Require("a hop limit above 0", func(f *Frame) (bool, string) { return f.HopLimit() > 0, "0" })
	m.ToMAC(req.EthSrc)
	if !req.Dst.IsMulticast() {
		m.From(req.Dst)
	}
	return m
}

// ParamProblem is a Parameter Problem (RFC 4443 §3.4) with the given code
// and pointer, sent back to the source of the packet it reports.
func ParamProblem(code uint8, pointer uint32) *Matcher {
	m := newICMP(fmt.Sprintf("Parameter Problem code %d pointer %d", code, pointer), TypeParamProblem)
	m.Code(code)
	m.Require(fmt.Sprintf("pointer %d", pointer), func(f *Frame) (bool, string) {
		if len(f.ICMPBody) < 4 {
			return false, "no pointer"
		}
		p := binary.BigEndian.Uint32(f.ICMPBody)
		return p == pointer, fmt.Sprint(p)
	})
	return m
}

// MinMTU is the IPv6 minimum link MTU (RFC 8200 §5); an ICMPv6 error must
// fit in it (RFC 4443 §2.4 (c)).
const MinMTU = 1280

// Quoting identifies the error as one about invoking (sent to its source)
// and requires it to carry as much of invoking, unchanged, as fits in an
// error of at most 1280 octets.
func (m *Matcher) Quoting(invoking *Packet) *Matcher {
	want := invoking.IPv6Bytes()
	m.Identify("destination "+invoking.Src.String(), func(f *Frame) (bool, string) { return f.Dst == invoking.Src, f.Dst.String() })
	m.Require("at most 1280 octets", func(f *Frame) (bool, string) { return len(f.IPv6) <= MinMTU, fmt.Sprint(len(f.IPv6)) })
	n := min(len(want), MinMTU-40-8)
	m.Require(fmt.Sprintf("the invoking packet quoted unchanged (%d octets)", n), func(f *Frame) (bool, string) {
		if len(f.ICMPBody) < 4 {
			return false, "nothing quoted"
		}
		got := f.ICMPBody[4:]
		if len(got) < n {
			return false, fmt.Sprintf("%d octets", len(got))
		}
		if !bytes.Equal(got[:n], want[:n]) {
			return false, fmt.Sprintf("a quote differing at octet %d", firstDiff(got, want))
		}
		return true, ""
	})
	return m
}

func firstDiff(a, b []byte) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// ICMPErrorAbout is any ICMPv6 error message sent back to invoking's source
// that quotes its IPv6 header: for specs where the node must stay silent.
func ICMPErrorAbout(invoking *Packet) *Matcher {
	hdr := invoking.IPv6Bytes()[:40]
	m := &Matcher{Desc: "an ICMPv6 error about the packet from " + invoking.Src.String()}
	m.Identify("an ICMPv6 error", func(f *Frame) (bool, string) { return f.IsICMP && f.ICMPType < 128, "" })
	m.Identify("quoting the packet", func(f *Frame) (bool, string) {
		return len(f.ICMPBody) >= 44 && bytes.Equal(f.ICMPBody[4:44], hdr), ""
	})
	return m
}

// AnyReplyTo is an Echo Reply to req or any error about it.
func AnyReplyTo(req *Packet) *Matcher {
	er, ee := EchoReplyTo(req), ICMPErrorAbout(req)
	m := &Matcher{Desc: "an Echo Reply to or an ICMPv6 error about the packet from " + req.Src.String()}
	m.Identify("a reply or an error", func(f *Frame) (bool, string) { return er.IsCandidate(f) || ee.IsCandidate(f), "" })
	return m
}

// NSFor is a Neighbor Solicitation for target (RFC 4861 §4.3, §7.2.2): hop
// limit 255 and code 0 are required.
func NSFor(target netip.Addr) *Matcher {
	m := newICMP("Neighbor Solicitation for "+target.String(), TypeNS)
	m.Identify("target "+target.String(), ndTarget(target))
	return m.HopLimit(255).Code(0)
}

// NAFor is a Neighbor Advertisement for target (RFC 4861 §4.4, §7.2.4): hop
// limit 255 and code 0 are required.
func NAFor(target netip.Addr) *Matcher {
	m := newICMP("Neighbor Advertisement for "+target.String(), TypeNA)
	m.Identify("target "+target.String(), ndTarget(target))
	return m.HopLimit(255).Code(0)
}

func ndTarget(target netip.Addr) func(*Frame) (bool, string) {
	return func(f *Frame) (bool, string) {
		t, ok := f.NDTarget()
		if !ok {
			return false, "no target"
		}
		return t == target, t.String()
	}
}

// NAFlags requires the NA's Router, Solicited and Override flags to be f
// (RFC 4861 §4.4).
func (m *Matcher) NAFlags(f NAFlags) *Matcher {
	return m.Require("flags "+f.String(), func(fr *Frame) (bool, string) {
		if len(fr.ICMPBody) < 1 {
			return false, "no flags"
		}
		got := NAFlagsOf(fr.ICMPBody[0])
		return got == f, got.String()
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// WithLLA requires a link-layer address option of type typ carrying mac.
func (m *Matcher) WithLLA(typ uint8, mac net.HardwareAddr) *Matcher {
	name := map[uint8]string{OptSourceLLA: "source", OptTargetLLA: "target"}[typ]
	return m.Require(fmt.Sprintf("a %s link-layer address option with %s", name, mac), func(f *Frame) (bool, string) {
		got, ok := f.LLAOption(typ)
		if !ok {
			return false, "none"
		}
		return bytes.Equal(got, mac), got.String()
	})
}

// NoOptions requires an ND message without options.
func (m *Matcher) NoOptions() *Matcher {
	return m.Require("no options", func(f *Frame) (bool, string) {
		opts, _ := f.NDOptions()
		return len(opts) == 0 && len(f.ICMPBody) == 20, fmt.Sprintf("%d option(s)", len(opts))
	})
}

// After requires the frame to come at least gap after at (times on the
// target's clock, since the spec began).
func (m *Matcher) After(at, gap time.Duration) *Matcher {
	return m.Require(fmt.Sprintf("at least %v after the previous one", gap), func(f *Frame) (bool, string) {
		d := f.At - at
		return d >= gap, fmt.Sprintf("%v after it", d)
	})
}

// RouterSolicitedFlags requires the NA's Router and Solicited flags to be
// as in f and leaves Override to OverrideMatchesTLLA (f.Override must be
// false: it is not judged).
func (m *Matcher) RouterSolicitedFlags(f NAFlags) *Matcher {
	if f.Override {
		panic("packets: RouterSolicitedFlags does not judge Override")
	}
	return m.Require(fmt.Sprintf("flags R=%d S=%d", b2i(f.Router), b2i(f.Solicited)), func(fr *Frame) (bool, string) {
		if len(fr.ICMPBody) < 1 {
			return false, "no flags"
		}
		got := NAFlagsOf(fr.ICMPBody[0])
		return got.Router == f.Router && got.Solicited == f.Solicited, fmt.Sprintf("R=%d S=%d", b2i(got.Router), b2i(got.Solicited))
	})
}

// OverrideMatchesTLLA requires the Override flag set exactly when the NA
// carries a target link-layer address option (RFC 4861 §7.2.4: without the
// option, an advertisement must not override a cached address).
func (m *Matcher) OverrideMatchesTLLA() *Matcher {
	return m.Require("O=1 with a target link-layer option, O=0 without", func(f *Frame) (bool, string) {
		if len(f.ICMPBody) < 1 {
			return false, "no flags"
		}
		_, tlla := f.LLAOption(OptTargetLLA)
		o := f.ICMPBody[0]&FlagOverride != 0
		return o == tlla, fmt.Sprintf("O=%d and %s target link-layer option", b2i(o), map[bool]string{true: "a", false: "no"}[tlla])
	})
}

// WithoutOption requires that the ND message carries no option of type typ.
func (m *Matcher) WithoutOption(typ uint8, name string) *Matcher {
	return m.Require("no "+name+" option", func(f *Frame) (bool, string) {
		opts, _ := f.NDOptions()
		for _, o := range opts {
			if o.Type == typ {
				return false, "one"
			}
		}
		return true, ""
	})
}

// TimeExceeded is a Time Exceeded message (RFC 4443 §3.3) with the given
// code: 0 hop limit exceeded in transit, 1 fragment reassembly time exceeded.
func TimeExceeded(code uint8) *Matcher {
	return newICMP(fmt.Sprintf("Time Exceeded code %d", code), TypeTimeExceeded).Code(code)
}

// DestUnreachable is a Destination Unreachable message (RFC 4443 §3.1).
func DestUnreachable(code uint8) *Matcher {
	return newICMP(fmt.Sprintf("Destination Unreachable code %d", code), TypeDestUnreachable).Code(code)
}

// NoFragmentHeader requires a packet sent whole, without a Fragment header.
func (m *Matcher) NoFragmentHeader() *Matcher {
	return m.Require("no Fragment header", func(f *Frame) (bool, string) {
		if f.HasExt(ProtoFragment) {
			return false, "a Fragment header"
		}
		return true, ""
	})
}

// FitsMTU requires every packet that carried the datagram (the packet
// itself, or each fragment the tester reassembled it from) to be at most
// mtu octets, and, when it was fragmented, the first fragment to be larger
// than mtu-8: fragments are cut to the path MTU, never smaller (RFC 8201 §4).
func (m *Matcher) FitsMTU(mtu int) *Matcher {
	return m.Require(fmt.Sprintf("sent in packets of at most %d octets, fragments filling it", mtu), func(f *Frame) (bool, string) {
		if h := f.IPv4(); len(f.PieceSizes) == 0 && h != nil {
			return h.TotalLength() <= mtu, fmt.Sprintf("one packet of %d octets", h.TotalLength())
		}
		if len(f.PieceSizes) == 0 {
			return len(f.IPv6) <= mtu, fmt.Sprintf("one packet of %d octets", len(f.IPv6))
		}
		ok := f.PieceSizes[0] > mtu-8
		for _, n := range f.PieceSizes {
			ok = ok && n <= mtu
		}
		return ok, fmt.Sprintf("fragments of %v octets", f.PieceSizes)
	})
}

// PacketTooBig is a Packet Too Big message (RFC 4443 §3.2) quoting as much
// of invoking (an IPv6 packet as the node sent it) as fits in 1280 octets.
func PacketTooBig(srcMAC, dstMAC net.HardwareAddr, src, dst netip.Addr, mtu uint32, invoking []byte) *Packet {
	p := ICMPPacket(srcMAC, dstMAC, src, dst, PacketTooBigMessage{MTU: mtu, Invoking: invoking[:min(len(invoking), MinMTU-48)]})
	p.HopLimit = 255
	return p
}

// Forwarded is req as a router passes it on (RFC 8200 §3): the same packet
// with the Hop Limit one less and nothing else changed, in a frame from the
// router to the next hop.
func Forwarded(req *Packet, fromMAC, toMAC net.HardwareAddr) *Matcher {
	want := req.IPv6Bytes()
	m := &Matcher{Desc: fmt.Sprintf("the packet from %s to %s, forwarded", req.Src, req.Dst)}
	m.Identify("source "+req.Src.String(), func(f *Frame) (bool, string) { return f.IsIPv6() && f.Src == req.Src, f.Src.String() })
	m.Identify("destination "+req.Dst.String(), func(f *Frame) (bool, string) { return f.Dst == req.Dst, f.Dst.String() })
	m.Identify("the same payload", func(f *Frame) (bool, string) {
		return len(f.IPv6) == len(want) && bytes.Equal(f.IPv6[8:], want[8:]), "other octets"
	})
	m.HopLimit(req.HopLimit - 1)
	m.Require(fmt.Sprintf("traffic class 0x%02x and flow label 0x%05x unchanged", req.TrafficClass, req.FlowLabel), func(f *Frame) (bool, string) {
		return f.TrafficClass() == req.TrafficClass && f.FlowLabel() == req.FlowLabel,
			fmt.Sprintf("traffic class 0x%02x, flow label 0x%05x", f.TrafficClass(), f.FlowLabel())
	})
	m.Require("Ethernet source "+fromMAC.String(), func(f *Frame) (bool, string) { return bytes.Equal(f.EthSrc, fromMAC), f.EthSrc.String() })
	m.ToMAC(toMAC)
	return m
}

// AnyTo is any IPv6 packet to dst, for specs where nothing may pass.
func AnyTo(dst netip.Addr) *Matcher {
	m := &Matcher{Desc: "a packet to " + dst.String()}
	m.Identify("destination "+dst.String(), func(f *Frame) (bool, string) { return f.IsIPv6() && f.Dst == dst, f.Dst.String() })
	return m
}

// PacketTooBigAbout is a Packet Too Big with the given MTU, quoting invoking.
func PacketTooBigAbout(invoking *Packet, mtu int) *Matcher {
	return packetTooBig(mtu).Quoting(invoking)
}

// PacketTooBigForwarded is PacketTooBigAbout for a router that finds the
// packet too big only after it has started forwarding it (a tunnel's
// entry point, after the hop limit went down by one): the quote may show
// the Hop Limit decremented (QuotingForwarded).
func PacketTooBigForwarded(invoking *Packet, mtu int) *Matcher {
	return packetTooBig(mtu).QuotingForwarded(invoking)
}

func packetTooBig(mtu int) *Matcher {
	m := newICMP(fmt.Sprintf("Packet Too Big MTU %d", mtu), TypePacketTooBig).Code(0)
	return m.Require(fmt.Sprintf("MTU %d", mtu), func(f *Frame) (bool, string) {
		if len(f.ICMPBody) < 4 {
			return false, "no MTU"
		}
		got := binary.BigEndian.Uint32(f.ICMPBody)
		return got == uint32(mtu), fmt.Sprint(got)
	})
}

// QuotingForwarded is Quoting for an error a router raises after it has
// started forwarding the packet (address resolution failed on the next
// link): the quote may show the Hop Limit already decremented. RFC 4443
// asks for the invoking packet; a router holds it as it was about to send it.
func (m *Matcher) QuotingForwarded(invoking *Packet) *Matcher {
	dec := invoking.Clone()
	dec.HopLimit--
	asSent, asReceived := invoking.IPv6Bytes(), dec.IPv6Bytes()
	m.Identify("destination "+invoking.Src.String(), func(f *Frame) (bool, string) { return f.Dst == invoking.Src, f.Dst.String() })
	m.Require("at most 1280 octets", func(f *Frame) (bool, string) { return len(f.IPv6) <= MinMTU, fmt.Sprint(len(f.IPv6)) })
	n := min(len(asSent), MinMTU-40-8)
	return m.Require(fmt.Sprintf("the invoking packet quoted (%d octets), its Hop Limit as received or decremented", n), func(f *Frame) (bool, string) {
		if len(f.ICMPBody) < 4+n {
			return false, fmt.Sprintf("%d octets", max(0, len(f.ICMPBody)-4))
		}
		got := f.ICMPBody[4 : 4+n]
		if bytes.Equal(got, asSent[:n]) || bytes.Equal(got, asReceived[:n]) {
			return true, ""
		}
		return false, fmt.Sprintf("a quote differing at octet %d", firstDiff(got, asSent))
	})
}

// RSFrom is a Router Solicitation (RFC 4861 §4.1, §6.3.7) to all-routers
// with hop limit 255 and code 0, from src (or the unspecified address,
// then without a source link-layer option).
func RSFrom(src netip.Addr, mac net.HardwareAddr) *Matcher {
	m := newICMP("Router Solicitation", TypeRS)
	m.HopLimit(255).Code(0).To(AllRouters)
	m.Require("from "+src.String()+" with its link-layer address, or from :: without one", func(f *Frame) (bool, string) {
		lla, has := f.LLAOption(OptSourceLLA)
		switch {
		case f.Src == src:
			return has && bytes.Equal(lla, mac), fmt.Sprintf("from %s, link-layer option %v", f.Src, lla)
		case f.Src.IsUnspecified():
			return !has, fmt.Sprintf("from ::, link-layer option %v", lla)
		}
		return false, "from " + f.Src.String()
	})
	return m
}

// EchoRequestTo is an Echo Request (RFC 4443 §4.1) to dst: identifier and
// sequence are the sender's choice, the checksum and code must be right.
func EchoRequestTo(dst netip.Addr) *Matcher {
	m := newICMP("Echo Request to "+dst.String(), TypeEchoRequest)
	m.Identify("destination "+dst.String(), func(f *Frame) (bool, string) { return f.Dst == dst, f.Dst.String() })
	m.Code(0)
	return m.Require("a hop limit above 0", func(f *Frame) (bool, string) { return f.HopLimit() > 0, "0" })
}

// AboutFragmentID narrows an error matcher to errors whose quoted packet
// carries a Fragment header with Identification id. On a device that keeps
// state between specs, an earlier spec's unfinished datagram may still
// time out during a later one; such an error is about another datagram.
func (m *Matcher) AboutFragmentID(id uint32) *Matcher {
	return m.Identify(fmt.Sprintf("about the datagram with Fragment Identification 0x%x", id), func(f *Frame) (bool, string) {
		if len(f.ICMPBody) < 4 {
			return false, "nothing quoted"
		}
		got, ok := quotedFragmentID(f.ICMPBody[4:])
		if !ok {
			return false, "no Fragment header quoted"
		}
		return got == id, fmt.Sprintf("Identification 0x%x", got)
	})
}

// quotedFragmentID finds the Fragment header in a quoted IPv6 packet,
// past any Hop-by-Hop, Routing and Destination Options headers.
func quotedFragmentID(q []byte) (uint32, bool) {
	if len(q) < 40 {
		return 0, false
	}
	next, off := q[6], 40
	for {
		switch next {
		case ProtoFragment:
			if len(q) < off+8 {
				return 0, false
			}
			return binary.BigEndian.Uint32(q[off+4:]), true
		case ProtoHopByHop, ProtoRouting, ProtoDestOpts:
			if len(q) < off+2 {
				return 0, false
			}
			next, off = q[off], off+(int(q[off+1])+1)*8
		default:
			return 0, false
		}
	}
}
