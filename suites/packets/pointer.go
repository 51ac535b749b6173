package packets

import "fmt"

// Parameter Problem pointers computed from the field they name (RFC 4443
// §3.4: the offset, from the start of the invoking packet's IPv6 header,
// of the octet where the error was found), never counted by hand:
//
//	req.PointerTo(packets.Ext(0), packets.SegmentsLeft)
//	req.PointerTo(packets.IPv6Header, packets.NextHeader)
//	req.PointerTo(packets.FirstExt(packets.ProtoDestOpts), packets.OptionType(0))

// Header names one header of a packet: the IPv6 header, an extension
// header by its index in Packet.Ext, or the first extension header of a
// kind.
type Header struct {
	index int // -1: the IPv6 header; -2: the first of proto
	proto uint8
}

// IPv6Header is the packet's IPv6 header.
var IPv6Header = Header{index: -1}

// Ext is extension header i (Packet.Ext[i]).
func Ext(i int) Header { return Header{index: i} }

// FirstExt is the first extension header of the given protocol
// (ProtoHopByHop, ProtoRouting, ProtoFragment, ProtoDestOpts).
func FirstExt(proto uint8) Header { return Header{index: -2, proto: proto} }

// Field names a field of a header (RFC 8200 §3, §4.2 to §4.5).
type Field struct {
	name string
	// ipv6 and ext are the field's offset in the IPv6 header and in an
	// extension header; -1 where it has none.
	ipv6, ext int
	// only is the one kind of extension header the field belongs to (0
	// with onlySet false: any).
	only    uint8
	onlySet bool
	// option, when not -1, makes ext an offset from the type octet of
	// option number option of an options header.
	option int
}

func (f Field) String() string { return f.name }

// Fields of the IPv6 header and of every extension header.
var (
	// NextHeader is the IPv6 header's Next Header (octet 6) or an
	// extension header's (octet 0).
	NextHeader    = Field{name: "Next Header", ipv6: 6, ext: 0, option: -1}
	PayloadLength = Field{name: "Payload Length", ipv6: 4, ext: -1, option: -1}
	// HdrExtLen is an extension header's length octet (octet 1); a
	// Fragment header has Reserved there.
	HdrExtLen = Field{name: "Hdr Ext Len", ipv6: -1, ext: 1, option: -1}
)

// Fields of a Routing header (RFC 8200 §4.4).
var (
	RoutingType  = Field{name: "Routing Type", ipv6: -1, ext: 2, only: ProtoRouting, onlySet: true, option: -1}
	SegmentsLeft = Field{name: "Segments Left", ipv6: -1, ext: 3, only: ProtoRouting, onlySet: true, option: -1}
)

// FragmentOffset is the Fragment Offset field of a Fragment header
// (RFC 8200 §4.5), whose first octet is octet 2.
var FragmentOffset = Field{name: "Fragment Offset", ipv6: -1, ext: 2, only: ProtoFragment, onlySet: true, option: -1}

// OptionType, OptionLength and OptionData are the Option Type octet, the
// Opt Data Len octet and the first data octet of option j (counting Pad1
// and PadN, from 0) of a Hop-by-Hop or Destination Options header
// (RFC 8200 §4.2).
func OptionType(j int) Field {
	return Field{name: fmt.Sprintf("the type of option %d", j), ipv6: -1, ext: 0, option: j}
}
func OptionLength(j int) Field {
	return Field{name: fmt.Sprintf("the length of option %d", j), ipv6: -1, ext: 1, option: j}
}
func OptionData(j int) Field {
	return Field{name: fmt.Sprintf("the data of option %d", j), ipv6: -1, ext: 2, option: j}
}

// PointerTo is the offset of field f of header h from the start of p's
// IPv6 header: the Pointer of a Parameter Problem about that field. It
// panics when h has no field f (SegmentsLeft of a Destination Options
// header, an option of a Routing header, an index beyond p.Ext).
func (p *Packet) PointerTo(h Header, f Field) uint32 {
	if h.index == -1 {
		if f.ipv6 < 0 {
			panic(fmt.Sprintf("packets: the IPv6 header has no %s", f))
		}
		return uint32(f.ipv6)
	}
	i := h.index
	if i == -2 {
		i = -1
		for k, e := range p.Ext {
			if e.Proto == h.proto {
				i = k
				break
			}
		}
		if i < 0 {
			panic(fmt.Sprintf("packets: no extension header %d in the packet", h.proto))
		}
	}
	if i >= len(p.Ext) {
		panic(fmt.Sprintf("packets: no extension header %d in a packet of %d", i, len(p.Ext)))
	}
	e := p.Ext[i]
	switch {
	case f.ext < 0:
		panic(fmt.Sprintf("packets: an extension header has no %s", f))
	case f.onlySet && e.Proto != f.only:
		panic(fmt.Sprintf("packets: a header %d has no %s", e.Proto, f))
	case f.option >= 0 && e.Proto != ProtoHopByHop && e.Proto != ProtoDestOpts:
		panic(fmt.Sprintf("packets: a header %d has no options", e.Proto))
	case f.option >= 0:
		return uint32(p.OptionOffset(i, f.option) + f.ext)
	case f == HdrExtLen && e.Proto == ProtoFragment:
		panic("packets: a Fragment header has no Hdr Ext Len")
	}
	return uint32(p.ExtOffset(i) + f.ext)
}
