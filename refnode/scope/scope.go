// Package scope holds the node's rules for addresses of different scopes:
// the default policy table and source address selection of RFC 6724 (§2.1,
// §2.2, §3.1, §5), over the scopes of RFC 4007 §6 and RFC 4291 §2.7 (with
// RFC 7346's realm-local scope 3).
//
// Source address selection compares candidates pairwise with rule 1 (the
// destination itself), rule 2 (appropriate scope), rule 3 (avoid deprecated
// addresses), rule 6 (matching label) and rule 8 (longest matching prefix).
// Rule 5 (the outgoing interface) holds by construction: the node offers
// only the outgoing interface's addresses as candidates. Left out: rule 4
// (no Mobile IPv6 home addresses), rule 5.5 (no next-hop knowledge), rule 7
// (the node forms no temporary addresses) and a configurable policy table.
// Deprecated site-local unicast addresses (fec0::/10) keep the site-local
// scope of RFC 6724 §3.1 here; forwarding treats them as global (RFC 3879).
package scope

import (
	"net/netip"

	"github.com/v6ct/v6ct/refnode/ipv6"
)

// Of is the scope of a for comparisons: the multicast scope field, or
// link-local for fe80::/10 and the loopback address, site-local for
// fec0::/10, global otherwise (RFC 6724 §3.1). Reserved multicast scope F
// compares as global (RFC 4291 §2.7).
func Of(a netip.Addr) uint8 {
	s := ipv6.Scope(a)
	if s == 0xf {
		return ipv6.ScopeGlobal
	}
	return s
}

// policy is one row of the default policy table (RFC 6724 §2.1).
type policy struct {
	prefix     netip.Prefix
	precedence int
	label      int
}

var defaultPolicy = []policy{
	{netip.MustParsePrefix("::1/128"), 50, 0},
	{netip.MustParsePrefix("::/0"), 40, 1},
	{netip.MustParsePrefix("::ffff:0:0/96"), 35, 4},
	{netip.MustParsePrefix("2002::/16"), 30, 2},
	{netip.MustParsePrefix("2001::/32"), 5, 5},
	{netip.MustParsePrefix("fc00::/7"), 3, 13},
	{netip.MustParsePrefix("::/96"), 1, 3},
	{netip.MustParsePrefix("fec0::/10"), 1, 11},
	{netip.MustParsePrefix("3ffe::/16"), 1, 12},
}

// lookup is the row of the longest prefix that holds a.
func lookup(a netip.Addr) policy {
	best := defaultPolicy[1] // ::/0
	for _, p := range defaultPolicy {
		if p.prefix.Contains(a.WithZone("")) && p.prefix.Bits() > best.prefix.Bits() {
			best = p
		}
	}
	return best
}

// Label is a's label in the default policy table.
func Label(a netip.Addr) int { return lookup(a).label }

// Precedence is a's precedence in the default policy table.
func Precedence(a netip.Addr) int { return lookup(a).precedence }

// CommonPrefixLen is the number of leading bits a and b share, counted no
// further than the 64 bits of a source's prefix (RFC 6724 §2.2).
func CommonPrefixLen(a, b netip.Addr) int {
	x, y := a.As16(), b.As16()
	n := 0
	for i := 0; i < 8; i++ {
		d := x[i] ^ y[i]
		if d == 0 {
			n += 8
			continue
		}
		for d&0x80 == 0 {
			n++
			d <<= 1
		}
		return n
	}
	return n
}

// Candidate is one address the node may send from.
type Candidate struct {
	Addr       netip.Addr
	Deprecated bool // its preferred lifetime has run out (RFC 4862 §5.5.4)
}

// Rules names rules of RFC 6724 §5 to leave out, for deliberately faulty
// nodes; the zero value applies them all.
type Rules uint8

// The rules Select can leave out.
const (
	SkipScope         Rules = 1 << iota // rule 2
	SkipDeprecated                      // rule 3
	SkipLabel                           // rule 6
	SkipLongestPrefix                   // rule 8
	// ScopeOffByOne is not a rule left out but rule 2 miscompared: a
	// smaller scope equal to the destination's is taken as too small.
	ScopeOffByOne
)

// Select picks the source address for dst among cands (in the node's
// order, which breaks ties) and returns its index, or -1 when there is no
// candidate.
func Select(dst netip.Addr, cands []Candidate, skip Rules) int {
	best := -1
	for i := range cands {
		if best < 0 || prefer(dst, cands[i], cands[best], skip) {
			best = i
		}
	}
	return best
}

// prefer reports whether a is a better source than b for dst.
func prefer(dst netip.Addr, a, b Candidate, skip Rules) bool {
	d := dst.WithZone("")
	sa, sb := a.Addr.WithZone(""), b.Addr.WithZone("")
	// Rule 1: prefer the destination itself.
	if sa == d || sb == d {
		return sa == d && sb != d
	}
	// Rule 2: prefer the smallest scope that reaches the destination.
	if skip&SkipScope == 0 {
		ca, cb, cd := Of(sa), Of(sb), Of(d)
		if skip&ScopeOffByOne != 0 {
			cd++ // the faulty node's ca > cd and cb <= cd
		}
		if ca < cb {
			return ca >= cd
		}
		if cb < ca {
			return cb < cd
		}
	}
	// Rule 3: avoid deprecated addresses.
	if skip&SkipDeprecated == 0 && a.Deprecated != b.Deprecated {
		return !a.Deprecated
	}
	// Rule 6: prefer a label that matches the destination's.
	if skip&SkipLabel == 0 {
		ld := Label(d)
		if la, lb := Label(sa) == ld, Label(sb) == ld; la != lb {
			return la
		}
	}
	// Rule 8: prefer the longest matching prefix.
	if skip&SkipLongestPrefix == 0 {
		if pa, pb := CommonPrefixLen(sa, d), CommonPrefixLen(sb, d); pa != pb {
			return pa > pb
		}
	}
	return false
}
