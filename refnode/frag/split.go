package frag

import (
	"encoding/binary"

	"github.com/v6ct/v6ct/refnode/exthdr"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// Split cuts the packet pkt into fragments of at most mtu octets (RFC 8200
// §4.5): each carries the Unfragmentable Part, a Fragment header with
// identification id, and a piece of the rest whose length is a multiple of 8
// octets except in the last. Each fragment is built in buf (at least mtu
// long) and handed to emit, which must be done with it before returning.
// Split returns the number of fragments, or 0 if mtu leaves no room for 8
// octets of data.
func Split(pkt []byte, mtu int, id uint32, buf []byte, emit func(fragment []byte)) int {
	unfrag, field := exthdr.Unfragmentable(pkt)
	room := (mtu - unfrag - exthdr.FragmentLen) &^ 7
	if room < 8 {
		return 0
	}
	next := pkt[field]
	rest := pkt[unfrag:]
	n := 0
	for off := 0; off < len(rest); off += room {
		l := min(room, len(rest)-off)
		more := off+l < len(rest)
		f := buf[:unfrag+exthdr.FragmentLen+l]
		copy(f, pkt[:unfrag])
		f[field] = ipv6.ProtoFragment
		binary.BigEndian.PutUint16(f[ipv6.OffPayloadLength:], uint16(len(f)-ipv6.HeaderLen))
		exthdr.PutFragment(f[unfrag:], next, off, more, id)
		copy(f[unfrag+exthdr.FragmentLen:], rest[off:off+l])
		emit(f)
		n++
	}
	return n
}
