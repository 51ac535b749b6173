package lpm

import "math/bits"

// The bitsets say which slots of a node are in use; with rank (the number
// of slots in use below a given one) they index the node's dense arrays.
// This is the popcount compression of Poptrie (Asai and Ohara, SIGCOMM
// 2015): a node stores only the entries it has, not 256 or 511 slots.

// bitset256 holds one bit per octet value: a node's child or leaf slots.
type bitset256 [4]uint64

func (s *bitset256) has(i uint8) bool { return s[i>>6]&(1<<(i&63)) != 0 }
func (s *bitset256) set(i uint8)      { s[i>>6] |= 1 << (i & 63) }
func (s *bitset256) clear(i uint8)    { s[i>>6] &^= 1 << (i & 63) }

// rank is the number of bits set below i.
func (s *bitset256) rank(i uint8) int {
	w := int(i >> 6)
	n := bits.OnesCount64(s[w] & (1<<(i&63) - 1))
	for _, x := range s[:w] {
		n += bits.OnesCount64(x)
	}
	return n
}

// bitset512 holds one bit per ART index 1..511: a node's prefixes.
type bitset512 [8]uint64

func (s *bitset512) has(i uint) bool { return s[i>>6&7]&(1<<(i&63)) != 0 }
func (s *bitset512) set(i uint)      { s[i>>6&7] |= 1 << (i & 63) }
func (s *bitset512) clear(i uint)    { s[i>>6&7] &^= 1 << (i & 63) }

func (s *bitset512) rank(i uint) int {
	w := int(i >> 6 & 7)
	n := bits.OnesCount64(s[w] & (1<<(i&63) - 1))
	for _, x := range s[:w] {
		n += bits.OnesCount64(x)
	}
	return n
}

// longest is the ART index of the longest prefix in s that covers the
// octet o, found at once by intersecting s with the indices of every
// prefix that can cover o (covering), highest index first: a longer
// prefix always has a higher index than the shorter ones above it.
func (s *bitset512) longest(o uint8) (uint, bool) {
	c := &covering[o]
	for w := 7; w >= 0; w-- {
		if x := s[w] & c[w]; x != 0 {
			return uint(w<<6 + bits.Len64(x) - 1), true
		}
	}
	return 0, false
}

// covering[o] holds the ART indices of the nine prefixes of lengths 0..8
// that cover the octet o: 256+o, its parent (256+o)/2, and so on up to 1.
var covering = func() (t [256]bitset512) {
	for o := range t {
		for i := uint(256 + o); i > 0; i >>= 1 {
			t[o].set(i)
		}
	}
	return t
}()

func trailingZeros(x uint64) int { return bits.TrailingZeros64(x) }
func bitLen(i uint) int          { return bits.Len(i) }
