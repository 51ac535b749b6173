package packets

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// ExtHeader is one IPv6 extension header (RFC 8200 §4). Body is everything
// after its Next Header and Hdr Ext Len octets (for a Fragment header, after
// Next Header and Reserved). Lengths are computed unless overridden.
type ExtHeader struct {
	Proto uint8 // the protocol number naming this header: 0, 43, 44, 60
	Body  []byte
	// NextHeaderOverride and LengthOverride replace the computed fields.
	NextHeaderOverride *uint8
	LengthOverride     *uint8
}

func (e ExtHeader) clone() ExtHeader {
	e.Body = append([]byte(nil), e.Body...)
	return e
}

// Len is the header's length on the wire.
func (e ExtHeader) Len() int { return 2 + len(e.Body) }

func (e ExtHeader) encode(next uint8) []byte {
	if e.NextHeaderOverride != nil {
		next = *e.NextHeaderOverride
	}
	l := uint8(e.Len()/8 - 1)
	if e.Proto == ProtoFragment {
		l = 0 // Reserved
	}
	if e.LengthOverride != nil {
		l = *e.LengthOverride
	}
	return append([]byte{next, l}, e.Body...)
}

// Option is a TLV option of a Hop-by-Hop or Destination Options header
// (RFC 8200 §4.2). Type 0 is Pad1: one octet, no length, no data.
type Opt struct {
	Type uint8
	Data []byte
}

// Pad1, PadN and RouterAlert are the options every node knows.
func Pad1() Opt        { return Opt{Type: 0} }
func PadN(n int) Opt   { return Opt{Type: 1, Data: make([]byte, n-2)} }
func RouterAlert() Opt { return Opt{Type: 5, Data: []byte{0, 0}} }

// UnknownOption is an option type the node cannot know, with n data
// octets; the two high-order bits of typ choose the required action.
func UnknownOption(typ uint8, n int) Opt { return Opt{Type: typ, Data: make([]byte, n)} }

func (o Opt) len() int {
	if o.Type == 0 {
		return 1
	}
	return 2 + len(o.Data)
}

// optionsHeader lays options out in the order given and pads the header to
// a multiple of 8 octets with Pad1 or PadN at the end.
func optionsHeader(proto uint8, opts ...Opt) ExtHeader {
	var b []byte
	for _, o := range opts {
		if o.Type == 0 {
			b = append(b, 0)
			continue
		}
		b = append(b, o.Type, uint8(len(o.Data)))
		b = append(b, o.Data...)
	}
	switch pad := (8 - (2+len(b))%8) % 8; pad {
	case 0:
	case 1:
		b = append(b, 0)
	default:
		b = append(b, 1, uint8(pad-2))
		b = append(b, make([]byte, pad-2)...)
	}
	return ExtHeader{Proto: proto, Body: b}
}

// HopByHop and DestOpts are options headers with the given options.
func HopByHop(opts ...Opt) ExtHeader { return optionsHeader(ProtoHopByHop, opts...) }
func DestOpts(opts ...Opt) ExtHeader { return optionsHeader(ProtoDestOpts, opts...) }

// Routing is a routing header of the given type with Segments Left and
// addresses laid out as type 0 did (RFC 2460 §4.4): four reserved octets,
// then the addresses.
func Routing(typ, segmentsLeft uint8, addrs ...netip.Addr) ExtHeader {
	b := []byte{typ, segmentsLeft, 0, 0, 0, 0}
	for _, a := range addrs {
		b = append(b, a.AsSlice()...)
	}
	return ExtHeader{Proto: ProtoRouting, Body: b}
}

// MoreFlag is a Fragment header's M flag (RFC 8200 §4.5).
type MoreFlag bool

const (
	MoreFragments MoreFlag = true  // M=1: more fragments follow
	LastFragment  MoreFlag = false // M=0: the last fragment (or an atomic one)
)

// FragmentHeader is a Fragment header (RFC 8200 §4.5); offset is in octets
// and must be a multiple of 8.
func FragmentHeader(offset int, more MoreFlag, id uint32) ExtHeader {
	b := make([]byte, 6)
	v := uint16(offset/8) << 3
	if more {
		v |= 1
	}
	binary.BigEndian.PutUint16(b[0:], v)
	binary.BigEndian.PutUint32(b[2:], id)
	return ExtHeader{Proto: ProtoFragment, Body: b}
}

// ExtOffset is where extension header i starts, from the start of the IPv6
// header: the base of Parameter Problem pointers.
func (p *Packet) ExtOffset(i int) int {
	off := 40
	for _, e := range p.Ext[:i] {
		off += e.Len()
	}
	return off
}

// UpperOffset is where the upper-layer header starts.
func (p *Packet) UpperOffset() int { return p.ExtOffset(len(p.Ext)) }

// OptionOffset is where the type octet of option j of options header i
// starts, counting Pad1 as one octet.
func (p *Packet) OptionOffset(i, j int) int {
	e := p.Ext[i]
	off, k := 2, 0
	for off < len(e.Body)+2 {
		if k == j {
			return p.ExtOffset(i) + off
		}
		t := e.Body[off-2]
		if t == 0 {
			off++
		} else {
			off += 2 + int(e.Body[off-1])
		}
		k++
	}
	panic(fmt.Sprintf("packets: header %d has no option %d", i, j))
}

// Fragments splits p into fragments with the given identification: the
// unfragmentable part (the IPv6 header and any Hop-by-Hop, Routing, and
// Destination Options before a Routing header) is repeated in each, and the
// rest is cut into pieces of the given sizes (each a multiple of 8 but the
// last; what remains after the sizes given makes one last fragment).
func (p *Packet) Fragments(id uint32, sizes ...int) []*Packet {
	unfrag := p.unfragmentableCount()
	whole := p.Clone()
	whole.Trailer = nil
	rest := whole.payload()[whole.ExtOffset(unfrag)-40:]
	next := p.NextHeader
	if unfrag < len(p.Ext) {
		next = p.Ext[unfrag].Proto
	}
	var out []*Packet
	off := 0
	for i := 0; off < len(rest); i++ {
		n := len(rest) - off
		if i < len(sizes) && sizes[i] < n {
			n = sizes[i]
		}
		f := p.Clone()
		f.ICMP, f.UDP, f.Trailer, f.PayloadLength = nil, nil, nil, nil
		f.Ext = append(f.Ext[:unfrag:unfrag], FragmentHeader(off, MoreFlag(off+n < len(rest)), id))
		f.NextHeader = next
		f.Raw = append([]byte(nil), rest[off:off+n]...)
		out = append(out, f)
		off += n
	}
	return out
}

func (p *Packet) unfragmentableCount() int {
	lastRouting := -1
	for i, e := range p.Ext {
		if e.Proto == ProtoRouting {
			lastRouting = i
		}
	}
	n := 0
	for i, e := range p.Ext {
		if e.Proto == ProtoHopByHop || i <= lastRouting {
			n = i + 1
			continue
		}
		break
	}
	return n
}

// UDPDatagram is a valid UDP datagram over IPv6 (RFC 768).
func UDPDatagram(srcMAC, dstMAC []byte, src, dst netip.Addr, srcPort, dstPort uint16, data []byte) *Packet {
	p := New(srcMAC, dstMAC, src, dst)
	p.NextHeader = ProtoUDP
	p.UDP = &UDP{SrcPort: srcPort, DstPort: dstPort, Payload: data}
	return p
}
