// Package lpmtest synthesizes IPv6 routing tables for tests and benchmarks
// of route lookup: deterministic, from a seed, with the shape of the real
// Internet table.
package lpmtest

import (
	"encoding/binary"
	"math/rand/v2"
	"net/netip"
)

// Lengths is the distribution of prefix lengths FullTable draws from, in
// routes per 1000. It follows the shape of the public IPv6 BGP table in
// the mid-2020s (as the RIPE RIS and potaroo.net reports show it): about
// half the routes are /48s, the allocations are /29../32 (/32 the most
// common, /29 the RIRs' newer default), the common assignment sizes /40,
// /44, /46, /47 fill the middle, a few /56 and /64 leak through filters,
// and a handful are longer than /64.
var Lengths = []struct{ Bits, PerMille int }{
	{20, 1}, {22, 1}, {24, 2}, {26, 1}, {27, 1}, {28, 8},
	{29, 45}, {30, 5}, {31, 3}, {32, 140},
	{33, 8}, {34, 8}, {35, 5}, {36, 25}, {37, 3}, {38, 6}, {39, 3}, {40, 65},
	{41, 3}, {42, 12}, {43, 3}, {44, 70}, {45, 10}, {46, 25}, {47, 20}, {48, 457},
	{52, 4}, {56, 30}, {60, 4}, {64, 22}, {96, 2}, {112, 1}, {120, 1}, {124, 1}, {127, 1}, {128, 4},
}

// Pools is the number of /32 allocations FullTable's routes sit in; the
// real table has tens of thousands.
const Pools = 1 << 18

// regions are the blocks the RIRs allocate from (2001::/16 and the /12s).
var regions = []netip.Prefix{
	netip.MustParsePrefix("2001::/16"), netip.MustParsePrefix("2400::/12"),
	netip.MustParsePrefix("2600::/12"), netip.MustParsePrefix("2800::/12"),
	netip.MustParsePrefix("2a00::/12"), netip.MustParsePrefix("2c00::/12"),
}

// documentation is never in the synthetic table, so that tests may route
// their 2001:db8:: addresses along connected routes of their own.
var documentation = netip.MustParsePrefix("2001:db8::/32")

// FullTable gives n distinct IPv6 prefixes with lengths drawn from
// Lengths, the same for the same seed. Every prefix longer than /32 sits
// in one of Pools random /32 allocations, and every shorter one covers
// one of them, as in the real table where more-specifics cluster below
// their allocations. A prefix drawn twice is drawn again, so lengths with
// few prefixes to choose from come out below their share: a million
// routes hold about 11 % /32s (one per allocation), 48 % /48s.
func FullTable(n int, seed uint64) []netip.Prefix {
	rng := rand.New(rand.NewPCG(seed, 0x6c706d))
	pools := make([]uint64, Pools) // the top 64 bits of each /32
	for i := range pools {
		for {
			r := regions[rng.IntN(len(regions))]
			hi := topBits(r) | rng.Uint64()>>r.Bits()&^(1<<32-1)
			if !documentation.Contains(addr(hi, 0)) {
				pools[i] = hi
				break
			}
		}
	}
	var cdf []int
	total := 0
	for _, l := range Lengths {
		total += l.PerMille
		cdf = append(cdf, total)
	}
	seen := make(map[netip.Prefix]struct{}, n)
	out := make([]netip.Prefix, 0, n)
	for len(out) < n {
		x, bits := rng.IntN(total), 0
		for i, c := range cdf {
			if x < c {
				bits = Lengths[i].Bits
				break
			}
		}
		hi, lo := pools[rng.IntN(Pools)]|rng.Uint64()&(1<<32-1), rng.Uint64()
		p := netip.PrefixFrom(addr(hi, lo), bits).Masked()
		if _, dup := seen[p]; !dup {
			seen[p] = struct{}{}
			out = append(out, p)
		}
	}
	return out
}

// Addrs gives n addresses, each in a random prefix of table with random
// host bits: traffic towards the routes, the same for the same seed.
func Addrs(table []netip.Prefix, n int, seed uint64) []netip.Addr {
	rng := rand.New(rand.NewPCG(seed, 0x61646472))
	out := make([]netip.Addr, n)
	for i := range out {
		out[i] = InPrefix(rng, table[rng.IntN(len(table))])
	}
	return out
}

// InPrefix is a random address in p.
func InPrefix(rng *rand.Rand, p netip.Prefix) netip.Addr {
	b := p.Addr().As16()
	hi, lo := binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
	rh, rl := rng.Uint64(), rng.Uint64()
	switch k := p.Bits(); {
	case k == 0:
		hi, lo = rh, rl
	case k < 64:
		hi |= rh >> k
		lo = rl
	default:
		lo |= rl >> (k - 64) // 0 when k is 128
	}
	return addr(hi, lo)
}

func topBits(p netip.Prefix) uint64 {
	b := p.Addr().As16()
	return binary.BigEndian.Uint64(b[:8])
}

func addr(hi, lo uint64) netip.Addr {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], hi)
	binary.BigEndian.PutUint64(b[8:], lo)
	return netip.AddrFrom16(b)
}
