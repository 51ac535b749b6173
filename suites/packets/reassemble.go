package packets

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"sort"
)

// Reassembled is a datagram the tester put back together from fragments
// the node sent, so that matchers judge the whole packet the node meant.
type Reassembled struct {
	*Frame
	Pieces []int // indices, in the list given to Reassemble, of its fragments
}

// Reassemble finds every complete datagram among frames (RFC 8200 §4.5,
// and IPv4 ones, reassemble4):
// fragments keyed by source, destination and identification, laid end to
// end from offset 0 to a last fragment (M=0) with no gap. Overlaps make a
// datagram unusable, as they would for any receiver (RFC 5722).
func Reassemble(frames []*Frame) []Reassembled {
	type key struct {
		src, dst netip.Addr
		id       uint32
	}
	type piece struct {
		i    int
		info FragmentInfo
		data []byte
	}
	groups := map[key][]piece{}
	var order []key
	for i, f := range frames {
		info, ok := f.FragmentInfo()
		if !ok || (info.Offset == 0 && !info.More) {
			continue
		}
		k := key{f.Src, f.Dst, info.ID}
		if _, seen := groups[k]; !seen {
			order = append(order, k)
		}
		groups[k] = append(groups[k], piece{i, info, f.IPv6[info.HeaderOff+8:]})
	}
	var out []Reassembled
	for _, k := range order {
		ps := groups[k]
		sort.SliceStable(ps, func(a, b int) bool { return ps[a].info.Offset < ps[b].info.Offset })
		next, complete := 0, false
		var data []byte
		var idx []int
		for _, p := range ps {
			if p.info.Offset != next {
				break
			}
			data = append(data, p.data...)
			idx = append(idx, p.i)
			next += len(p.data)
			if !p.info.More {
				complete = true
				break
			}
		}
		if !complete {
			continue
		}
		first := frames[ps[0].i]
		fh := ps[0].info.HeaderOff
		ip := append([]byte(nil), first.IPv6[:fh]...)
		// The header before the Fragment header now names what it carried.
		nextProto := first.IPv6[fh]
		if fh == 40 {
			ip[6] = nextProto
		} else {
			prev := lastExtStart(first.IPv6, fh)
			ip[prev] = nextProto
		}
		ip = append(ip, data...)
		binary.BigEndian.PutUint16(ip[4:], uint16(len(ip)-40))
		raw := append(append([]byte(nil), first.Raw[:14]...), ip...)
		f := Decode(raw)
		f.Malformed = fmt.Sprintf("reassembled by the tester from %d fragments", len(idx))
		for _, i := range idx {
			f.PieceSizes = append(f.PieceSizes, len(frames[i].IPv6))
		}
		out = append(out, Reassembled{Frame: f, Pieces: idx})
	}
	out = append(out, reassemble4(frames)...)
	return append(out, reassembleInner4(frames)...)
}

// reassemble4 does the same for IPv4 fragments (RFC 791 §3.2): keyed by
// source, destination, protocol and Identification, the first fragment's
// header (options included) before the data, MF and the offset cleared.
func reassemble4(frames []*Frame) []Reassembled {
	type key struct {
		src, dst netip.Addr
		proto    uint8
		id       uint16
	}
	groups := map[key][]ipv4Piece{}
	var order []key
	for i, f := range frames {
		h := f.IPv4()
		if h == nil || !h.IsFragment() {
			continue
		}
		ff := binary.BigEndian.Uint16(h[6:])
		k := key{h.Src(), h.Dst(), h.Proto(), binary.BigEndian.Uint16(h[4:])}
		if _, seen := groups[k]; !seen {
			order = append(order, k)
		}
		groups[k] = append(groups[k], ipv4Piece{i, int(ff&0x1fff) * 8, ff&0x2000 != 0, h})
	}
	var out []Reassembled
	for _, k := range order {
		ps := groups[k]
		ip, idx, ok := joinIPv4(ps, 0xffff)
		if !ok {
			continue
		}
		first := frames[ps[0].i]
		f := Decode(append(append([]byte(nil), first.Raw[:14]...), ip...))
		f.Malformed = fmt.Sprintf("reassembled by the tester from %d IPv4 fragments", len(idx))
		for _, i := range idx {
			f.PieceSizes = append(f.PieceSizes, frames[i].IPv4().TotalLength())
		}
		out = append(out, Reassembled{Frame: f, Pieces: idx})
	}
	return out
}

// reassembleInner4 puts back together an IPv4 datagram that a tunnel
// entry point cut into fragments before it encapsulated them, one per
// tunnel packet (an entry point that sets DF on all its tunnel packets,
// as RFC 2003 §5.1 recommends, can send a larger datagram without DF no
// other way): tunnel packets from one entry point to one exit point whose
// inner IPv4 packets are fragments of one datagram, keyed as in
// reassemble4. The frame is the first tunnel packet with the whole
// datagram inside; PieceSizes are the tunnel packets' sizes and
// InnerPieces their number.
func reassembleInner4(frames []*Frame) []Reassembled {
	type key struct {
		outerSrc, outerDst, src, dst netip.Addr
		proto                        uint8
		id                           uint16
	}
	groups := map[key][]ipv4Piece{}
	var order []key
	for i, f := range frames {
		g, ok := f.Inner()
		if !ok {
			continue
		}
		h := g.IPv4()
		if h == nil || !h.IsFragment() {
			continue
		}
		osrc, odst := f.Src, f.Dst
		if o := f.IPv4(); o != nil {
			osrc, odst = o.Src(), o.Dst()
		}
		ff := binary.BigEndian.Uint16(h[6:])
		k := key{osrc, odst, h.Src(), h.Dst(), h.Proto(), binary.BigEndian.Uint16(h[4:])}
		if _, seen := groups[k]; !seen {
			order = append(order, k)
		}
		groups[k] = append(groups[k], ipv4Piece{i, int(ff&0x1fff) * 8, ff&0x2000 != 0, h})
	}
	var out []Reassembled
	for _, k := range order {
		ps := groups[k]
		ip, idx, ok := joinIPv4(ps, 0xffff-60)
		if !ok {
			continue
		}
		first := frames[ps[0].i]
		raw := append([]byte(nil), first.Raw[:14]...)
		if o := first.IPv4(); o != nil {
			hdr := append([]byte(nil), o[:o.IHL()]...)
			binary.BigEndian.PutUint16(hdr[2:], uint16(len(hdr)+len(ip)))
			hdr[10], hdr[11] = 0, 0
			binary.BigEndian.PutUint16(hdr[10:], inetChecksum(hdr))
			raw = append(append(raw, hdr...), ip...)
		} else {
			hdr := append([]byte(nil), first.IPv6[:first.UpperOff]...)
			binary.BigEndian.PutUint16(hdr[4:], uint16(len(hdr)-40+len(ip)))
			raw = append(append(raw, hdr...), ip...)
		}
		f := Decode(raw)
		f.Malformed = fmt.Sprintf("reassembled by the tester from %d tunnel packets, each carrying an IPv4 fragment", len(idx))
		f.InnerPieces = len(idx)
		for _, i := range idx {
			if o := frames[i].IPv4(); o != nil {
				f.PieceSizes = append(f.PieceSizes, o.TotalLength())
			} else {
				f.PieceSizes = append(f.PieceSizes, len(frames[i].IPv6))
			}
		}
		out = append(out, Reassembled{Frame: f, Pieces: idx})
	}
	return out
}

// ipv4Piece is an IPv4 fragment found in frames[i] at offset off.
type ipv4Piece struct {
	i, off int
	more   bool
	h      IPv4Header
}

// joinIPv4 puts the fragments of one datagram together: the first
// fragment's header (options included) before the data, the length set,
// MF and the offset cleared, the checksum made again. It reports false
// when a fragment is missing or the datagram would be longer than
// maxLen; idx names the frames used, in order.
func joinIPv4(ps []ipv4Piece, maxLen int) (ip []byte, idx []int, ok bool) {
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].off < ps[b].off })
	if ps[0].off != 0 {
		return nil, nil, false
	}
	ip = append([]byte(nil), ps[0].h[:ps[0].h.IHL()]...)
	next, complete := 0, false
	for _, p := range ps {
		if p.off != next {
			break
		}
		ip = append(ip, p.h.Payload()...)
		idx = append(idx, p.i)
		next += len(p.h.Payload())
		if !p.more {
			complete = true
			break
		}
	}
	if !complete || len(ip) > maxLen {
		return nil, nil, false
	}
	binary.BigEndian.PutUint16(ip[2:], uint16(len(ip)))
	binary.BigEndian.PutUint16(ip[6:], binary.BigEndian.Uint16(ip[6:])&0x4000)
	ip[10], ip[11] = 0, 0
	binary.BigEndian.PutUint16(ip[10:], inetChecksum(ip[:IPv4Header(ip).IHL()]))
	return ip, idx, true
}

// lastExtStart is where the extension header that ends at end begins.
func lastExtStart(ip []byte, end int) int {
	nh, off, prev := ip[6], 40, 40
	for off < end && isExtension(nh) {
		prev = off
		l := (int(ip[off+1]) + 1) * 8
		if nh == ProtoFragment {
			l = 8
		}
		nh, off = ip[off], off+l
	}
	return prev
}
