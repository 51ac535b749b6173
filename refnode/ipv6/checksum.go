package ipv6

import (
	"encoding/binary"
	"net/netip"
)

// Checksum computes the upper-layer checksum of payload with the pseudo-header
// of RFC 8200 §8.1 (source, destination, upper-layer length, next header).
// To fill the field, zero it and store the result; to verify, run it over the
// payload as received: a correct one gives 0.
func Checksum(src, dst netip.Addr, proto uint8, payload []byte) uint16 {
	s, d := src.As16(), dst.As16()
	var sum uint64
	sum = sumBytes(sum, s[:])
	sum = sumBytes(sum, d[:])
	sum += uint64(uint32(len(payload)))
	sum += uint64(proto)
	sum = sumBytes(sum, payload)
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}

// sumBytes adds b to the ones'-complement accumulator as 16-bit big-endian
// words, a trailing odd octet padded with zero.
func sumBytes(sum uint64, b []byte) uint64 {
	for len(b) >= 8 {
		v := binary.BigEndian.Uint64(b)
		sum += v>>48 + v>>32&0xffff + v>>16&0xffff + v&0xffff
		b = b[8:]
	}
	for len(b) >= 2 {
		sum += uint64(binary.BigEndian.Uint16(b))
		b = b[2:]
	}
	if len(b) == 1 {
		sum += uint64(b[0]) << 8
	}
	return sum
}
