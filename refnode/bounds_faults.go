package refnode

import (
	"encoding/binary"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/exthdr"

	"github.com/v6ct/v6ct/refnode/ipv6"
)

// oneCarryChecksum is the checksum-one-carry fault's ICMPv6 checksum of msg
// (its checksum field zero): the 32-bit sum folded once, so that the carry
// of that fold is lost.
func oneCarryChecksum(src, dst netip.Addr, msg []byte) uint16 {
	s, d := src.As16(), dst.As16()
	var sum uint32
	words := func(b []byte) {
		for ; len(b) >= 2; b = b[2:] {
			sum += uint32(binary.BigEndian.Uint16(b))
		}
		if len(b) == 1 {
			sum += uint32(b[0]) << 8
		}
	}
	words(s[:])
	words(d[:])
	sum += uint32(len(msg)) + ipv6.ProtoICMPv6
	words(msg)
	return ^uint16(sum&0xffff + sum>>16)
}

// chainExactFit reports a first fragment that ends exactly after its
// upper-layer header (the chain-exact-fit-incomplete fault's case).
func chainExactFit(pkt []byte) bool {
	next, off, ok := exthdr.UpperLayer(pkt)
	min := map[uint8]int{ipv6.ProtoUDP: 8, ipv6.ProtoICMPv6: 4, ipv6.ProtoTCP: 20}[next]
	return ok && min > 0 && len(pkt)-off == min
}
