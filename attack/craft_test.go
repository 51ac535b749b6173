package attack

import (
	"context"
	"encoding/binary"
	"math/rand/v2"
	"net"
	"net/netip"

	"github.com/v6ct/v6ct/suites/netx"
)

// Frames the Debian tools do not make, laid out octet by octet: long
// extension-header chains and fragments that never complete or overlap.

// checksum is the ICMPv6 checksum of msg from src to dst (RFC 4443 §2.3).
func checksum(src, dst netip.Addr, msg []byte) uint16 {
	var sum uint32
	add := func(b []byte) {
		for i := 0; i+1 < len(b); i += 2 {
			sum += uint32(binary.BigEndian.Uint16(b[i:]))
		}
		if len(b)%2 == 1 {
			sum += uint32(b[len(b)-1]) << 8
		}
	}
	s, d := src.As16(), dst.As16()
	add(s[:])
	add(d[:])
	sum += uint32(len(msg)) + 58
	add(msg)
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	return ^uint16(sum)
}

// frame is an Ethernet frame to the node carrying an IPv6 packet from src
// whose first header is next, with payload.
func frame(srcMAC net.HardwareAddr, src netip.Addr, next uint8, payload []byte) []byte {
	dstMAC, _ := net.ParseMAC(nodeMAC)
	b := make([]byte, 14+40, 14+40+len(payload))
	copy(b, dstMAC)
	copy(b[6:], srcMAC)
	b[12], b[13] = 0x86, 0xdd
	ip := b[14:]
	ip[0] = 0x60
	binary.BigEndian.PutUint16(ip[4:], uint16(len(payload)))
	ip[6], ip[7] = next, 64
	s, d := src.As16(), netip.MustParseAddr(nodeAddr).As16()
	copy(ip[8:], s[:])
	copy(ip[24:], d[:])
	return append(b, payload...)
}

// echoRequest is an Echo Request message from src to the node.
func echoRequest(src netip.Addr, seq uint16, data int) []byte {
	m := make([]byte, 8+data)
	m[0] = 128
	binary.BigEndian.PutUint16(m[4:], 0x4154)
	binary.BigEndian.PutUint16(m[6:], seq)
	binary.BigEndian.PutUint16(m[2:], checksum(src, netip.MustParseAddr(nodeAddr), m))
	return m
}

// optionsHeader is a Hop-by-Hop or Destination Options header of
// Hdr Ext Len units-1, filled with opts and then PadN.
func optionsHeader(next uint8, units int, opts []byte) []byte {
	h := make([]byte, 8*units)
	h[0], h[1] = next, byte(units-1)
	n := 2 + copy(h[2:], opts)
	for n < len(h) {
		l := min(len(h)-n-2, 255)
		if l < 0 { // one octet left
			h[n] = 0 // Pad1
			n++
			continue
		}
		h[n], h[n+1] = 1, byte(l)
		n += 2 + l
	}
	return h
}

// extChains are Echo Requests behind extension-header chains a stack must
// walk without trouble: hundreds of options, 2 kB of padding, a hundred
// headers in a row, a Hop-by-Hop header out of place, unknown options of
// every action.
func extChains(src netip.Addr, seq uint16) [][]byte {
	mac := net.HardwareAddr{0x02, 0, 0x5e, 0, 0x53, 0x99}
	echo := echoRequest(src, seq, 8)
	var out [][]byte
	// 1000 unknown skippable options (type 0x1e, no data) in one Destination Options header.
	opts := make([]byte, 0, 2000)
	for range 1000 {
		opts = append(opts, 0x1e, 0)
	}
	out = append(out, frame(mac, src, 60, append(optionsHeader(58, 251, opts), echo...)))
	// 2 kB of padding: a Hop-by-Hop header of 2048 octets, PadN only.
	out = append(out, frame(mac, src, 0, append(optionsHeader(58, 256, nil), echo...)))
	// 1800 Pad1 options in a Destination Options header.
	out = append(out, frame(mac, src, 60, append(optionsHeader(58, 226, make([]byte, 1800)), echo...)))
	// 100 Destination Options headers in a row.
	var chain []byte
	for i := range 100 {
		next := uint8(60)
		if i == 99 {
			next = 58
		}
		chain = append(chain, optionsHeader(next, 1, nil)...)
	}
	out = append(out, frame(mac, src, 60, append(chain, echo...)))
	// A Hop-by-Hop header after a Destination Options header.
	out = append(out, frame(mac, src, 60, append(append(optionsHeader(0, 1, nil), optionsHeader(58, 1, nil)...), echo...)))
	// Unknown options whose action is discard, and discard with an error.
	for _, t := range []byte{0x5e, 0x9e, 0xde} {
		out = append(out, frame(mac, src, 60, append(optionsHeader(58, 1, []byte{t, 2, 0, 0}), echo...)))
	}
	// Options running past their header.
	out = append(out, frame(mac, src, 60, append(optionsHeader(58, 1, []byte{0x1e, 200}), echo...)))
	return out
}

// fragment is a fragment of the datagram id from src: data at offset
// (octets), with M.
func fragment(src netip.Addr, id uint32, offset int, more bool, data []byte) []byte {
	mac := net.HardwareAddr{0x02, 0, 0x5e, 0, 0x53, 0x98}
	h := make([]byte, 8, 8+len(data))
	h[0] = 58
	v := uint16(offset)
	if more {
		v |= 1
	}
	binary.BigEndian.PutUint16(h[2:], v)
	binary.BigEndian.PutUint32(h[4:], id)
	return frame(mac, src, 44, append(h, data...))
}

// fragmentBurst is fragments that never make a datagram: first fragments
// of 1232 octets with fresh Identifications from many sources, middle
// fragments alone, and overlapping pairs.
func fragmentBurst(r *rand.Rand) [][]byte {
	src := netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0, 0xa, 10: byte(r.IntN(256)), 11: byte(r.IntN(256)), 15: byte(r.IntN(250) + 5)})
	id := r.Uint32()
	data := make([]byte, 1232)
	data[0] = 128
	return [][]byte{
		fragment(src, id, 0, true, data),
		fragment(src, id+1, 8*(1+r.IntN(1000)), true, data[:512]),
		fragment(src, id+2, 0, true, data[:512]),
		fragment(src, id+2, 256, true, data[:512]), // overlaps the one before
		fragment(src, id+2, 1024, false, data[:64]),
	}
}

// sendLoop writes the frames make gives, again and again, until ctx ends;
// it returns how many it sent.
func sendLoop(ctx context.Context, ns *netx.Namespace, make func(seq uint16) [][]byte) (int, error) {
	ps, err := netx.OpenPacketSocket(ns, tapName)
	if err != nil {
		return 0, err
	}
	defer ps.Close()
	defer niced(19)() // like the tools, at the lowest priority
	sent := 0
	for seq := uint16(0); ctx.Err() == nil; seq++ {
		for _, f := range make(seq) {
			if ps.Write(f) == nil {
				sent++
			}
		}
	}
	return sent, nil
}
