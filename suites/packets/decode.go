package packets

import (
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"
)

// EthertypeECTP is the Ethernet loopback protocol the tester uses as an
// in-order barrier with the reference node.
const EthertypeECTP = 0x9000

// Frame is a received or sent frame, split into the parts the matchers and
// the reports look at. Parsing is our own and tolerant: a frame that is not
// IPv6 or is cut short still decodes as far as it goes.
type Frame struct {
	Raw       []byte
	EthDst    net.HardwareAddr
	EthSrc    net.HardwareAddr
	EtherType uint16

	IPv6 []byte // the IPv6 header and its payload as far as Payload Length (or the frame) goes
	Src  netip.Addr
	Dst  netip.Addr
	// Exts are the extension headers walked, in order.
	Exts []uint8
	// Upper-layer protocol after walking extension headers, and where it starts in IPv6.
	Proto    uint8
	UpperOff int

	IsICMP     bool
	ICMPType   uint8
	ICMPCode   uint8
	ICMPBody   []byte // after type, code and checksum
	ChecksumOK bool
	Malformed  string // why decoding stopped early, if it did

	// PieceSizes are the IPv6 lengths of the fragments a datagram was
	// reassembled from by the tester; empty for a packet sent whole.
	PieceSizes []int
	// InnerPieces is, for a datagram the tester put back together from
	// tunnel packets that each carried a fragment of it
	// (reassembleInner4), how many they were; 0 otherwise.
	InnerPieces int

	// At is when the frame was seen, since the spec began, on the target's
	// clock (set by the capture; zero otherwise).
	At time.Duration
}

// Decode splits a frame.
func Decode(raw []byte) *Frame {
	f := &Frame{Raw: raw}
	if len(raw) < 14 {
		f.Malformed = "shorter than an Ethernet header"
		return f
	}
	f.EthDst, f.EthSrc = net.HardwareAddr(raw[0:6]), net.HardwareAddr(raw[6:12])
	f.EtherType = binary.BigEndian.Uint16(raw[12:14])
	if f.EtherType != 0x86dd {
		return f
	}
	ip := raw[14:]
	if len(ip) < 40 {
		f.Malformed = "IPv6 header cut short"
		return f
	}
	f.Src = netip.AddrFrom16([16]byte(ip[8:24]))
	f.Dst = netip.AddrFrom16([16]byte(ip[24:40]))
	plen := int(binary.BigEndian.Uint16(ip[4:6]))
	if 40+plen <= len(ip) {
		ip = ip[:40+plen]
	} else {
		f.Malformed = "Payload Length beyond the frame"
	}
	f.IPv6 = ip
	nh, off := ip[6], 40
	for isExtension(nh) && off+8 <= len(ip) {
		hl := (int(ip[off+1]) + 1) * 8
		if nh == ProtoFragment {
			hl = 8
			if binary.BigEndian.Uint16(ip[off+2:])&^7 != 0 {
				// A later fragment: what follows is not a header.
				f.Exts = append(f.Exts, nh)
				nh, off = ip[off], off+hl
				f.Proto, f.UpperOff = nh, off
				return f
			}
		}
		f.Exts = append(f.Exts, nh)
		nh, off = ip[off], off+hl
	}
	f.Proto, f.UpperOff = nh, off
	if nh == ProtoICMPv6 && off+4 <= len(ip) {
		f.IsICMP = true
		f.ICMPType, f.ICMPCode = ip[off], ip[off+1]
		f.ICMPBody = ip[off+4:]
		f.ChecksumOK = UpperChecksum(f.Src, f.Dst, ProtoICMPv6, ip[off:]) == 0
	}
	return f
}

func isExtension(nh uint8) bool {
	switch nh {
	case 0, 43, 44, 60:
		return true
	}
	return false
}

// HasExt reports whether the packet carries extension header proto.
func (f *Frame) HasExt(proto uint8) bool {
	for _, e := range f.Exts {
		if e == proto {
			return true
		}
	}
	return false
}

// HopLimit, TrafficClass, FlowLabel and Version read the IPv6 header.
func (f *Frame) HopLimit() uint8     { return f.IPv6[7] }
func (f *Frame) Version() uint8      { return f.IPv6[0] >> 4 }
func (f *Frame) TrafficClass() uint8 { return uint8(binary.BigEndian.Uint16(f.IPv6[0:2]) >> 4) }
func (f *Frame) FlowLabel() uint32   { return binary.BigEndian.Uint32(f.IPv6[0:4]) & 0xfffff }

// IsIPv6 reports whether the frame carries an IPv6 header.
func (f *Frame) IsIPv6() bool { return f.IPv6 != nil }

// NDTarget is the Target Address of an NS or NA.
func (f *Frame) NDTarget() (netip.Addr, bool) {
	if !f.IsICMP || (f.ICMPType != TypeNS && f.ICMPType != TypeNA) || len(f.ICMPBody) < 20 {
		return netip.Addr{}, false
	}
	return netip.AddrFrom16([16]byte(f.ICMPBody[4:20])), true
}

// NDOptions are the options of an ND message.
func (f *Frame) NDOptions() ([]ParsedOption, bool) {
	start := map[uint8]int{TypeRS: 4, TypeRA: 12, TypeNS: 20, TypeNA: 20, TypeRedirect: 36}[f.ICMPType]
	if !f.IsICMP || start == 0 || len(f.ICMPBody) < start {
		return nil, false
	}
	return ParseOptions(f.ICMPBody[start:])
}

// LLAOption finds a link-layer address option of the given type.
func (f *Frame) LLAOption(typ uint8) (net.HardwareAddr, bool) {
	opts, _ := f.NDOptions()
	for _, o := range opts {
		if o.Type == typ && len(o.Data) >= 6 {
			return net.HardwareAddr(o.Data[:6]), true
		}
	}
	return nil, false
}

// UpperChecksum is the ones'-complement sum over the IPv6 pseudo-header
// (RFC 8200 §8.1) and the upper-layer message; it is 0 for a message whose
// checksum field is right, and the checksum itself when that field is 0.
func UpperChecksum(src, dst netip.Addr, proto uint8, msg []byte) uint16 {
	var sum uint32
	add := func(b []byte) {
		for len(b) >= 2 {
			sum += uint32(binary.BigEndian.Uint16(b))
			b = b[2:]
		}
		if len(b) == 1 {
			sum += uint32(b[0]) << 8
		}
	}
	s, d := src.As16(), dst.As16()
	add(s[:])
	add(d[:])
	var l [8]byte
	binary.BigEndian.PutUint32(l[0:], uint32(len(msg)))
	l[7] = proto
	add(l[:])
	add(msg)
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}

// Summary is a one-line description of a frame for logs and reports.
func (f *Frame) Summary() string {
	if s, ok := f.summary4(); ok {
		return s // IPv4, ARP and tunnel packets (ipv4.go)
	}
	if f.Malformed != "" && f.IPv6 == nil {
		return fmt.Sprintf("undecodable frame (%s), %d octets", f.Malformed, len(f.Raw))
	}
	if f.EtherType != 0x86dd {
		return fmt.Sprintf("%s > %s ethertype 0x%04x, %d octets", f.EthSrc, f.EthDst, f.EtherType, len(f.Raw))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s > %s hlim %d", f.Src, f.Dst, f.HopLimit())
	if v := f.Version(); v != 6 {
		fmt.Fprintf(&b, " version %d", v)
	}
	for _, e := range f.Exts {
		b.WriteString(" " + extName(e))
	}
	if frag, ok := f.FragmentInfo(); ok {
		fmt.Fprintf(&b, "(offset %d%s id 0x%x)", frag.Offset, map[bool]string{true: " M", false: ""}[frag.More], frag.ID)
	}
	if !f.IsICMP {
		fmt.Fprintf(&b, " next-header %d, payload %d", f.Proto, len(f.IPv6)-40)
	} else {
		b.WriteString(" ICMPv6 ")
		b.WriteString(f.icmpSummary())
		if !f.ChecksumOK {
			b.WriteString(" [bad checksum]")
		}
	}
	if f.Malformed != "" {
		fmt.Fprintf(&b, " [%s]", f.Malformed)
	}
	return b.String()
}

func (f *Frame) icmpSummary() string {
	body := f.ICMPBody
	switch f.ICMPType {
	case TypeEchoRequest, TypeEchoReply:
		name := "echo request"
		if f.ICMPType == TypeEchoReply {
			name = "echo reply"
		}
		if len(body) >= 4 {
			return fmt.Sprintf("%s id %d seq %d, %d data octets", name,
				binary.BigEndian.Uint16(body), binary.BigEndian.Uint16(body[2:]), len(body)-4)
		}
		return name
	case TypeParamProblem:
		if len(body) >= 4 {
			return fmt.Sprintf("parameter problem code %d pointer %d, quoting %d octets", f.ICMPCode, binary.BigEndian.Uint32(body), len(body)-4)
		}
	case TypeDestUnreachable:
		return fmt.Sprintf("destination unreachable code %d", f.ICMPCode)
	case TypeTimeExceeded:
		return fmt.Sprintf("time exceeded code %d", f.ICMPCode)
	case TypePacketTooBig:
		if len(body) >= 4 {
			return fmt.Sprintf("packet too big mtu %d", binary.BigEndian.Uint32(body))
		}
	case TypeNS, TypeNA:
		t, _ := f.NDTarget()
		var b strings.Builder
		if f.ICMPType == TypeNS {
			fmt.Fprintf(&b, "neighbor solicitation target %s", t)
		} else {
			fmt.Fprintf(&b, "neighbor advertisement target %s", t)
			if len(body) > 0 {
				flags := ""
				for _, fl := range []struct {
					bit  uint8
					name string
				}{{FlagRouter, "R"}, {FlagSolicited, "S"}, {FlagOverride, "O"}} {
					if body[0]&fl.bit != 0 {
						flags += fl.name
					}
				}
				if flags == "" {
					flags = "none"
				}
				fmt.Fprintf(&b, " flags %s", flags)
			}
		}
		opts, ok := f.NDOptions()
		for _, o := range opts {
			switch o.Type {
			case OptSourceLLA:
				fmt.Fprintf(&b, ", slla %s", net.HardwareAddr(o.Data[:min(6, len(o.Data))]))
			case OptTargetLLA:
				fmt.Fprintf(&b, ", tlla %s", net.HardwareAddr(o.Data[:min(6, len(o.Data))]))
			default:
				fmt.Fprintf(&b, ", option %d", o.Type)
			}
		}
		if !ok {
			b.WriteString(", [malformed options]")
		}
		if f.ICMPCode != 0 {
			fmt.Fprintf(&b, " code %d", f.ICMPCode)
		}
		return b.String()
	case TypeRS:
		return "router solicitation"
	case TypeRA:
		return "router advertisement"
	case TypeRedirect:
		return "redirect"
	case TypeMLDQuery, TypeMLDv1Report, TypeMLDv1Done, TypeMLDv2Report:
		return f.mldSummary() // mld.go
	}
	return fmt.Sprintf("type %d code %d", f.ICMPType, f.ICMPCode)
}

func extName(p uint8) string {
	switch p {
	case ProtoHopByHop:
		return "HBH"
	case ProtoRouting:
		return "RH"
	case ProtoFragment:
		return "FRAG"
	case ProtoDestOpts:
		return "DST"
	}
	return fmt.Sprint(p)
}

// FragmentInfo is what a Fragment header says.
type FragmentInfo struct {
	Offset int // in octets
	More   bool
	ID     uint32
	// HeaderOff is where the Fragment header starts in the IPv6 packet.
	HeaderOff int
}

// FragmentInfo finds the packet's Fragment header.
func (f *Frame) FragmentInfo() (FragmentInfo, bool) {
	if !f.HasExt(ProtoFragment) {
		return FragmentInfo{}, false
	}
	ip := f.IPv6
	nh, off := ip[6], 40
	for off+8 <= len(ip) {
		if nh == ProtoFragment {
			v := binary.BigEndian.Uint16(ip[off+2:])
			return FragmentInfo{Offset: int(v &^ 7), More: v&1 == 1, ID: binary.BigEndian.Uint32(ip[off+4:]), HeaderOff: off}, true
		}
		if !isExtension(nh) {
			break
		}
		nh, off = ip[off], off+(int(ip[off+1])+1)*8
	}
	return FragmentInfo{}, false
}
