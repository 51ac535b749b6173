package lpm

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"github.com/v6ct/v6ct/refnode/lpm/lpmtest"
)

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }
func ip(s string) netip.Addr    { return netip.MustParseAddr(s) }

func TestLookup(t *testing.T) {
	routes := []string{
		"::/0", "2001:db8::/32", "2001:db8::/48", "2001:db8:0:1::/64", "2001:db8:0:1::/65",
		"2001:db8:0:1:8000::/66", "2001:db8:0:1::1/128", "2001:db8:ff00::/40", "2001:db8:ff::/48",
		"fe80::/10", "fe80::/64", "8000::/1", "2001:db8:1:2::/63", "::/128", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
	}
	var tb Table[string]
	for _, r := range routes {
		tb.Insert(pfx(r), r)
	}
	for _, c := range []struct{ addr, want string }{
		{"2001:db8:0:1::1", "2001:db8:0:1::1/128"},
		{"2001:db8:0:1::2", "2001:db8:0:1::/65"},
		{"2001:db8:0:1:8000::1", "2001:db8:0:1:8000::/66"},
		{"2001:db8:0:1:c000::1", "2001:db8:0:1::/64"},
		{"2001:db8:0:2::1", "2001:db8::/48"},
		{"2001:db8:1::1", "2001:db8::/32"},
		{"2001:db8:1:3::1", "2001:db8:1:2::/63"},
		{"2001:db8:1:4::1", "2001:db8::/32"},
		{"2001:db8:ff12::1", "2001:db8:ff00::/40"},
		{"2001:db8:ff::9", "2001:db8:ff::/48"},
		{"2001:db9::1", "::/0"},
		{"fe80::1", "fe80::/64"},
		{"fe80:0:0:1::1", "fe80::/10"},
		{"9000::1", "8000::/1"},
		{"::", "::/128"},
		{"::1", "::/0"},
		{"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"},
		{"ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", "8000::/1"},
		{"fe80::1%eth0", "fe80::/64"}, // the zone is the caller's
		{"192.0.2.1", ""},             // IPv4: in no IPv6 prefix
		{"", ""},
	} {
		var a netip.Addr
		if c.addr != "" {
			a = ip(c.addr)
		}
		got, ok := tb.Lookup(a)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("Lookup(%s) = %q, %v; want %q", c.addr, got, ok, c.want)
		}
	}
}

func TestInsertDeleteReplace(t *testing.T) {
	var tb Table[int]
	steps := []struct {
		op   string // insert, delete
		p    string
		v    int
		new  bool // Insert: p was new; Delete: p was there
		addr string
		want int // -1: no route
	}{
		{"insert", "2001:db8::/48", 1, true, "2001:db8::1", 1},
		{"insert", "2001:db8::/48", 2, false, "2001:db8::1", 2}, // replace
		{"insert", "2001:db8::/56", 3, true, "2001:db8::1", 3},  // splits the leaf
		{"insert", "2001:db8:0:100::/56", 4, true, "2001:db8:0:100::1", 4},
		{"delete", "2001:db8::/56", 0, true, "2001:db8::1", 2},
		{"delete", "2001:db8::/56", 0, false, "2001:db8::1", 2},
		{"delete", "2001:db8::/47", 0, false, "2001:db8::1", 2},
		{"delete", "2001:db8:0:100::/56", 0, true, "2001:db8:0:100::1", 2},
		{"insert", "2001:db8::1:0:0:1/128", 5, true, "2001:db8::1:0:0:1", 5},
		{"delete", "2001:db8::/48", 0, true, "2001:db8::1", -1},
		{"insert", "::/0", 6, true, "2001:db8::1", 6},
		{"insert", "::/0", 7, false, "3000::", 7},
		{"delete", "2001:db8::1:0:0:1/128", 0, true, "2001:db8::1:0:0:1", 7},
		{"delete", "::/0", 0, true, "2001:db8::1", -1},
		{"insert", "2001:db8::1/64", 8, true, "2001:db8::ff", 8}, // host bits ignored
		{"delete", "2001:db8::/64", 0, true, "2001:db8::ff", -1},
	}
	for i, s := range steps {
		var did bool
		if s.op == "insert" {
			did = tb.Insert(pfx(s.p), s.v)
		} else {
			did = tb.Delete(pfx(s.p))
		}
		if did != s.new {
			t.Errorf("step %d: %s %s = %v, want %v", i, s.op, s.p, did, s.new)
		}
		got, ok := tb.Lookup(ip(s.addr))
		if !ok {
			got = -1
		}
		if got != s.want {
			t.Errorf("step %d: after %s %s, Lookup(%s) = %d, want %d", i, s.op, s.p, s.addr, got, s.want)
		}
	}
	if tb.Len() != 0 || !tb.root.empty() {
		t.Errorf("table not empty after every prefix went: len %d", tb.Len())
	}
}

// TestNodeSize keeps a node at two cache lines on 64-bit machines, as its
// layout assumes.
func TestNodeSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) == 8 && unsafe.Sizeof(node[uint32]{}) != 128 {
		t.Errorf("a node is %d octets, not 128", unsafe.Sizeof(node[uint32]{}))
	}
}

func TestInvalidPrefixPanics(t *testing.T) {
	for _, p := range []netip.Prefix{{}, pfx("192.0.2.0/24")} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Insert(%v) did not panic", p)
				}
			}()
			var tb Table[int]
			tb.Insert(p, 1)
		}()
	}
}

// reference is the brute-force table the trie must agree with: a linear
// scan for the longest prefix that contains the address.
type reference map[netip.Prefix]int

func (r reference) lookup(a netip.Addr) (int, bool) {
	best, bits := 0, -1
	for p, v := range r {
		if p.Contains(a) && p.Bits() > bits {
			best, bits = v, p.Bits()
		}
	}
	return best, bits >= 0
}

// randomPrefix draws a prefix of any length 0..128, its bits taken from a
// small set of patterns so that prefixes nest and share paths often.
func randomPrefix(rng *rand.Rand) netip.Prefix {
	var b [16]byte
	for i := range b {
		switch rng.IntN(4) {
		case 0:
			b[i] = 0
		case 1:
			b[i] = 0xff
		default:
			b[i] = byte(rng.IntN(256))
		}
	}
	return netip.PrefixFrom(netip.AddrFrom16(b), rng.IntN(129)).Masked()
}

// probe draws an address to look up: mostly inside or just beside a
// prefix of the table, sometimes anywhere.
func probe(rng *rand.Rand, ps []netip.Prefix) netip.Addr {
	if len(ps) == 0 || rng.IntN(8) == 0 {
		return lpmtest.InPrefix(rng, pfx("::/0"))
	}
	p := ps[rng.IntN(len(ps))]
	a := lpmtest.InPrefix(rng, p)
	if rng.IntN(3) == 0 && p.Bits() > 0 { // flip the prefix's last bit: just outside it
		b := a.As16()
		i := p.Bits() - 1
		b[i/8] ^= 0x80 >> (i % 8)
		a = netip.AddrFrom16(b)
	}
	return a
}

func TestAgainstLinearScan(t *testing.T) {
	for seed := range uint64(8) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 1))
			var tb Table[int]
			ref := reference{}
			var ps []netip.Prefix
			for op := range 3000 {
				switch x := rng.IntN(10); {
				case x < 6 || len(ps) == 0: // insert or replace
					p := randomPrefix(rng)
					if rng.IntN(4) == 0 && len(ps) > 0 {
						p = ps[rng.IntN(len(ps))]
					}
					_, had := ref[p]
					if tb.Insert(p, op) == had {
						t.Fatalf("op %d: Insert(%s) new = %v, reference had it: %v", op, p, !had, had)
					}
					if !had {
						ps = append(ps, p)
					}
					ref[p] = op
				default: // delete, sometimes a prefix not there
					i := rng.IntN(len(ps))
					p := ps[i]
					if x == 9 {
						p = randomPrefix(rng)
					}
					_, had := ref[p]
					if tb.Delete(p) != had {
						t.Fatalf("op %d: Delete(%s) = %v, reference had it: %v", op, p, !had, had)
					}
					if had {
						delete(ref, p)
						ps = removeAt(ps, indexOf(ps, p))
					}
				}
				if tb.Len() != len(ref) {
					t.Fatalf("op %d: Len %d, want %d", op, tb.Len(), len(ref))
				}
				for range 20 {
					a := probe(rng, ps)
					got, gok := tb.Lookup(a)
					want, wok := ref.lookup(a)
					if got != want || gok != wok {
						t.Fatalf("op %d: Lookup(%s) = %d, %v; linear scan: %d, %v", op, a, got, gok, want, wok)
					}
				}
			}
			for p, v := range ref {
				if got, ok := tb.Get(p); !ok || got != v {
					t.Fatalf("Get(%s) = %d, %v; want %d", p, got, ok, v)
				}
			}
			for _, p := range ps {
				tb.Delete(p)
			}
			if tb.Len() != 0 || !tb.root.empty() {
				t.Fatalf("table not empty after every prefix went: len %d", tb.Len())
			}
		})
	}
}

func indexOf(ps []netip.Prefix, p netip.Prefix) int {
	for i, x := range ps {
		if x == p {
			return i
		}
	}
	return -1
}

// empty says the node holds nothing, so that deletes are seen to free
// the trie's nodes and not just their values.
func (n *node[V]) empty() bool {
	return n.pfx == nil && n.children == bitset256{} && n.leafSet == bitset256{} &&
		len(n.kids)+len(n.leaves) == 0
}

func TestLookupAllocatesNothing(t *testing.T) {
	var tb Table[uint32]
	table := lpmtest.FullTable(10000, 1)
	for i, p := range table {
		tb.Insert(p, uint32(i))
	}
	addrs := lpmtest.Addrs(table, 1000, 2)
	i := 0
	if n := testing.AllocsPerRun(1000, func() {
		tb.Lookup(addrs[i%len(addrs)])
		i++
	}); n != 0 {
		t.Errorf("Lookup allocates %v times", n)
	}
}

// fullTable is the benchmarks' table: a million routes, the lengths of
// lpmtest.Lengths.
const fullTable = 1_000_000

// BenchmarkLookup looks addresses up in a million-route table on one core
// and reports lookups per second, for three kinds of traffic:
//   - toward-routes: each address in a random one of the million routes,
//     the worst case: nearly every lookup walks into a part of the table
//     no cache holds;
//   - hot-4096: 4096 such addresses in turn, traffic with locality (the
//     forwarding benchmark's);
//   - hot-64: 64 of them, a few flows: the table's parts they need stay in
//     the core's caches, so this is the cost of the walk itself;
//   - global-unicast: addresses drawn uniformly from 2000::/3, most of
//     them in no route (the "random" traffic of the Poptrie paper).
//
// Besides lookups per second of wall time, each reports the CPU time of a
// lookup (cpu-ns/lookup): on a shared machine the wall time also counts
// the time other processes held the core.
//
// chase-64MB is the machine's memory latency for scale: one dependent
// load per op from a 64 MB buffer, about the table's size. On a shared
// VM it varies several-fold with the load; a lookup of toward-routes
// costs two to three of them.
func BenchmarkLookup(b *testing.B) {
	table := lpmtest.FullTable(fullTable, 1)
	var tb Table[uint32]
	for i, p := range table {
		tb.Insert(p, uint32(i))
	}
	rng := rand.New(rand.NewPCG(3, 3))
	global := make([]netip.Addr, 1<<20)
	for i := range global {
		global[i] = lpmtest.InPrefix(rng, pfx("2000::/3"))
	}
	for _, c := range []struct {
		name  string
		addrs []netip.Addr
		hit   bool // every address has a route
	}{
		{"toward-routes", lpmtest.Addrs(table, 1<<20, 2), true},
		{"hot-4096", lpmtest.Addrs(table, 4096, 2), true},
		{"hot-64", lpmtest.Addrs(table, 64, 2), true},
		{"global-unicast", global, false},
	} {
		b.Run(c.name, func(b *testing.B) {
			runtime.LockOSThread() // for threadCPU
			defer runtime.UnlockOSThread()
			b.ReportAllocs()
			i, miss := 0, 0
			start, cpu := time.Now(), threadCPU()
			for b.Loop() {
				if _, ok := tb.Lookup(c.addrs[i%len(c.addrs)]); !ok {
					miss++
				}
				i++
			}
			wall, cpu := time.Since(start), threadCPU()-cpu
			b.ReportMetric(float64(b.N)/wall.Seconds(), "lookups/s")
			if cpu > 0 {
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/lookup")
			}
			if c.hit && miss != 0 {
				b.Fatalf("%d lookups found no route", miss)
			}
		})
	}
	b.Run("chase-64MB", func(b *testing.B) {
		next := make([]uint32, 64<<20/4)
		perm := rand.New(rand.NewPCG(4, 4)).Perm(len(next) / 16) // one per cache line
		for i, p := range perm {
			next[p*16] = uint32(perm[(i+1)%len(perm)] * 16)
		}
		j := uint32(0)
		for b.Loop() {
			j = next[j]
		}
		runtime.KeepAlive(j)
	})
}

// BenchmarkBuild inserts a million routes into an empty table, and
// reports the heap the table holds afterwards per route.
func BenchmarkBuild(b *testing.B) {
	table := lpmtest.FullTable(fullTable, 1)
	var before, after runtime.MemStats
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		tb := &Table[uint32]{}
		for i, p := range table {
			tb.Insert(p, uint32(i))
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(tb)
		b.StartTimer()
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/fullTable, "bytes/route")
	b.ReportMetric(fullTable, "routes")
}
