// Package lpm is the node's longest-prefix-match table for IPv6 routes,
// sized for a full Internet table (a million routes and more).
//
// The design is ART, the Allotment Routing Table: Y. Hariguchi,
// "Allotment Routing Table: A Fast Free Multibit Trie Based Routing
// Table" (2002), after an idea of D. Knuth. The 128-bit address is read
// one octet per trie level (a multibit trie of stride 8, at most 16
// levels), and inside a level the prefixes of lengths 0..8 are numbered
// as a complete binary tree, the ART index: length r, octet o has index
// 2^r + o>>(8-r), so the prefixes that cover an octet are one index and
// its ancestors, and the longest of them is one bitset intersection
// (bitset.go). Two refinements keep a full table small and fast:
//   - popcount compression, from Poptrie (H. Asai, Y. Ohara, "Poptrie: A
//     Compressed Trie with Population Count for Fast and Scalable Software
//     IP Routing Table Lookup", ACM SIGCOMM 2015): a node holds bitsets of
//     its slots in use and dense arrays indexed by rank, instead of 256
//     children and 511 prefixes;
//     (Poptrie's other idea is kept too: a node's children lie side by
//     side in one array, so that going down costs one memory access, to
//     the child itself, not two, to a pointer and then to the child);
//   - path compression: a slot below which there is a single prefix holds
//     that prefix itself (a leaf), not a chain of nodes with one entry
//     each. A typical /48 then sits in the node of its /32.
//
// Together these are the design of BART (gaissmai/bart, "Balanced Routing
// Table"); this package is a small IPv6-only version of it.
//
// Lookup walks down the children, then backtracks up the nodes it passed
// and takes the first (deepest, so longest) prefix that covers the
// address; it never allocates. Insert and Delete change the trie in place
// (no rebuild), so routes can come and go as they do in a router.
//
// Left out: IPv4 (the node's IPv4 routes are few, for tunnels), iteration
// and concurrent writers; a Table is not safe for concurrent writes.
package lpm

import (
	"encoding/binary"
	"net/netip"
	"slices"
)

// Table maps IPv6 prefixes to values of type V. The zero Table is empty
// and ready to use.
type Table[V any] struct {
	root node[V]
	n    int
}

// node is one level of the trie, for one octet of the address: the
// node at depth d holds the prefixes of lengths 8d+1 .. 8d+8 below its
// path (the root also length 0), and for each octet value o a child node
// (deeper prefixes, several of them), a leaf (exactly one), or nothing.
//
// The layout counts cache lines, since a lookup in a full table waits on
// memory far more than it computes: a node is 128 octets on a 64-bit
// machine (TestNodeSize), two lines of 64,
// and every array of them starts on a line (the allocator's size classes
// for multiples of 128 are multiples of 64). Going down to a child reads
// the first line only (children, kids), looking at a leaf the second
// (leafSet, leaves); the prefixes, read only on the way back up and
// absent from most nodes of a full table, are apart.
type node[V any] struct {
	children bitset256    // octets with a child node
	kids     []node[V]    // the children, by rank in children
	pfx      *prefixes[V] // nil: none
	leafSet  bitset256    // octets with a leaf
	leaves   []leaf[V]    // by rank in leafSet
	_        [8]byte      // to 128 octets
}

// prefixes are the prefixes a node holds, by ART index.
type prefixes[V any] struct {
	set    bitset512
	values []V // one per index in set, in index order
}

// values is the number of prefixes n holds.
func (n *node[V]) values() int {
	if n.pfx == nil {
		return 0
	}
	return len(n.pfx.values)
}

// leaf is a prefix stored in the slot of the node above it: the only
// prefix below that slot.
type leaf[V any] struct {
	hi, lo uint64 // the prefix's bits, masked
	bits   uint8  // its length, more than 8 × (depth of the node + 1)
	val    V
}

// contains says whether the address hi:lo is in the leaf's prefix. A
// shift by 64 or more gives 0 in Go, which the /64 and /128 cases use.
func (l *leaf[V]) contains(hi, lo uint64) bool {
	if l.bits <= 64 {
		return (hi^l.hi)>>(64-l.bits) == 0
	}
	return hi == l.hi && (lo^l.lo)>>(128-l.bits) == 0
}

// key is an address as the trie reads it, one octet per level.
type key [16]byte

func (k *key) halves() (hi, lo uint64) {
	return binary.BigEndian.Uint64(k[:8]), binary.BigEndian.Uint64(k[8:])
}

func keyOf(hi, lo uint64) (k key) {
	binary.BigEndian.PutUint64(k[:8], hi)
	binary.BigEndian.PutUint64(k[8:], lo)
	return k
}

// depthOf is the depth of the node that holds prefixes of length bits.
func depthOf(bits int) int {
	if bits == 0 {
		return 0
	}
	return (bits - 1) >> 3
}

// artIndex numbers the prefix of length r (0..8) of the octet o inside a
// node: 1 for the empty prefix, 2..3 for lengths 1, ..., 256..511 for 8.
func artIndex(o uint8, r int) uint {
	return 1<<r | uint(o)>>(8-r)
}

// prefixKey checks p and gives its masked address and length.
func prefixKey(p netip.Prefix) (key, int) {
	if !p.IsValid() || !p.Addr().Is6() {
		panic("lpm: " + p.String() + " is not an IPv6 prefix")
	}
	p = p.Masked()
	return p.Addr().As16(), p.Bits()
}

// Len is the number of prefixes in the table.
func (t *Table[V]) Len() int { return t.n }

// Lookup finds the longest prefix that contains a and gives its value.
// a must be an IPv6 address (an IPv4 address is in no prefix); its zone,
// if any, is not looked at: which zone an address belongs to is the
// caller's business.
func (t *Table[V]) Lookup(a netip.Addr) (v V, ok bool) {
	if !a.Is6() {
		return v, false
	}
	k := key(a.As16())
	var path [16]*node[V]
	n, d := &t.root, 0
	for {
		path[d] = n
		o := k[d]
		if n.children.has(o) {
			n = &n.kids[n.children.rank(o)]
			d++
			continue
		}
		if n.leafSet.has(o) {
			l := &n.leaves[n.leafSet.rank(o)]
			if l.contains(k.halves()) {
				return l.val, true // longer than anything above it
			}
		}
		break
	}
	for ; d >= 0; d-- {
		if p := path[d].pfx; p != nil {
			if i, ok := p.set.longest(k[d]); ok {
				return p.values[p.set.rank(i)], true
			}
		}
	}
	return v, false
}

// Get gives the value of exactly p.
func (t *Table[V]) Get(p netip.Prefix) (v V, ok bool) {
	k, bits := prefixKey(p)
	n := &t.root
	for d := 0; ; d++ {
		if depthOf(bits) == d {
			i := artIndex(k[d], bits-8*d)
			if n.pfx == nil || !n.pfx.set.has(i) {
				return v, false
			}
			return n.pfx.values[n.pfx.set.rank(i)], true
		}
		o := k[d]
		switch {
		case n.children.has(o):
			n = &n.kids[n.children.rank(o)]
		case n.leafSet.has(o):
			l := &n.leaves[n.leafSet.rank(o)]
			hi, lo := k.halves()
			if int(l.bits) == bits && l.hi == hi && l.lo == lo {
				return l.val, true
			}
			return v, false
		default:
			return v, false
		}
	}
}

// Insert adds p with the value v, or replaces the value p has; it says
// whether p is new. p must be an IPv6 prefix; its host bits are ignored.
func (t *Table[V]) Insert(p netip.Prefix, v V) bool {
	k, bits := prefixKey(p)
	if t.root.insert(&k, bits, 0, v) {
		t.n++
		return true
	}
	return false
}

func (n *node[V]) insert(k *key, bits, d int, v V) bool {
	for {
		if depthOf(bits) == d {
			if n.pfx == nil {
				n.pfx = &prefixes[V]{}
			}
			p, i := n.pfx, artIndex(k[d], bits-8*d)
			r := p.set.rank(i)
			if p.set.has(i) {
				p.values[r] = v
				return false
			}
			p.values = insertAt(p.values, r, v)
			p.set.set(i)
			return true
		}
		o := k[d]
		if n.children.has(o) {
			n, d = &n.kids[n.children.rank(o)], d+1
			continue
		}
		hi, lo := k.halves()
		if !n.leafSet.has(o) {
			n.leaves = insertAt(n.leaves, n.leafSet.rank(o), leaf[V]{hi: hi, lo: lo, bits: uint8(bits), val: v})
			n.leafSet.set(o)
			return true
		}
		r := n.leafSet.rank(o)
		l := n.leaves[r]
		if int(l.bits) == bits && l.hi == hi && l.lo == lo {
			n.leaves[r].val = v
			return false
		}
		// A second prefix below o: the leaf moves down into a new node,
		// and the walk goes on into it.
		var c node[V]
		lk := keyOf(l.hi, l.lo)
		c.insert(&lk, int(l.bits), d+1, l.val)
		n.leaves = removeAt(n.leaves, r)
		n.leafSet.clear(o)
		r = n.children.rank(o)
		n.kids = insertAt(n.kids, r, c)
		n.children.set(o)
		n, d = &n.kids[r], d+1
	}
}

// Delete removes p and says whether it was there.
func (t *Table[V]) Delete(p netip.Prefix) bool {
	k, bits := prefixKey(p)
	if t.root.delete(&k, bits, 0) {
		t.n--
		return true
	}
	return false
}

func (n *node[V]) delete(k *key, bits, d int) bool {
	if depthOf(bits) == d {
		i := artIndex(k[d], bits-8*d)
		if n.pfx == nil || !n.pfx.set.has(i) {
			return false
		}
		n.pfx.values = removeAt(n.pfx.values, n.pfx.set.rank(i))
		n.pfx.set.clear(i)
		if len(n.pfx.values) == 0 {
			n.pfx = nil
		}
		return true
	}
	o := k[d]
	if n.leafSet.has(o) {
		r := n.leafSet.rank(o)
		l := &n.leaves[r]
		hi, lo := k.halves()
		if int(l.bits) != bits || l.hi != hi || l.lo != lo {
			return false
		}
		n.leaves = removeAt(n.leaves, r)
		n.leafSet.clear(o)
		return true
	}
	if !n.children.has(o) {
		return false
	}
	r := n.children.rank(o)
	c := &n.kids[r] // valid until n.kids changes
	if !c.delete(k, bits, d+1) {
		return false
	}
	// Keep the trie compressed: an empty child goes, and a child left with
	// a single prefix becomes a leaf in its slot.
	switch {
	case len(c.kids) > 0 || c.values()+len(c.leaves) > 1:
	case c.values()+len(c.leaves) == 0:
		n.kids = removeAt(n.kids, r)
		n.children.clear(o)
	default:
		l := c.lone(k, d+1)
		n.kids = removeAt(n.kids, r)
		n.children.clear(o)
		n.leaves = insertAt(n.leaves, n.leafSet.rank(o), l)
		n.leafSet.set(o)
	}
	return true
}

// lone is the single prefix of a node at depth d with no children, as a
// leaf; path holds the node's path in its first d octets.
func (n *node[V]) lone(path *key, d int) leaf[V] {
	if len(n.leaves) == 1 {
		return n.leaves[0]
	}
	i := uint(0)
	for w, x := range n.pfx.set {
		if x != 0 {
			i = uint(w<<6) + uint(trailingZeros(x))
			break
		}
	}
	r := bitLen(i) - 1 // the prefix's length inside the node
	var k key
	copy(k[:d], path[:d])
	k[d] = uint8(i&(1<<r-1)) << (8 - r)
	hi, lo := k.halves()
	return leaf[V]{hi: hi, lo: lo, bits: uint8(8*d + r), val: n.pfx.values[0]}
}

// insertAt inserts x at s[i], growing s only to the allocator's next size
// class: a full table holds a million small arrays, and doubling them
// would waste a quarter of the memory on average.
func insertAt[T any](s []T, i int, x T) []T {
	if len(s) == cap(s) {
		t := slices.Grow([]T(nil), len(s)+1)
		t = append(t, s[:i]...)
		t = append(t, x)
		return append(t, s[i:]...)
	}
	s = s[:len(s)+1]
	copy(s[i+1:], s[i:])
	s[i] = x
	return s
}

// removeAt removes s[i], and lets go of s once it is empty.
func removeAt[T any](s []T, i int) []T {
	if len(s) == 1 {
		return nil
	}
	return slices.Delete(s, i, i+1)
}
