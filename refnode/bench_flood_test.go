package refnode

import (
	"math/rand/v2"
	"net/netip"
	"testing"
	"time"
)

// Floods the attack test (package attack) sends with the Debian tools, as
// benchmarks: the cost of one frame once the node's tables are full.

// randomLL is a random link-local address.
func randomLL(r *rand.Rand) netip.Addr {
	var a [16]byte
	a[0], a[1] = 0xfe, 0x80
	for i := 8; i < 16; i++ {
		a[i] = byte(r.Uint32())
	}
	return netip.AddrFrom16(a)
}

// randomGlobal is a random address in 2001:db8::/32.
func randomGlobal(r *rand.Rand) netip.Addr {
	var a [16]byte
	a[0], a[1], a[2], a[3] = 0x20, 0x01, 0x0d, 0xb8
	for i := 4; i < 16; i++ {
		a[i] = byte(r.Uint32())
	}
	return netip.AddrFrom16(a)
}

func floodFrames(n int, make func(r *rand.Rand) []byte) [][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	out := make2(n)
	for i := range out {
		out[i] = etherFor(make(r))
	}
	return out
}

func make2(n int) [][]byte { return make([][]byte, n) }

// BenchmarkFloodNS: solicitations for the node's address from random
// sources with their link-layer address (flood_solicitate6).
func BenchmarkFloodNS(b *testing.B) {
	h := started(b)
	h.pipe.OnWrite(func([]byte) {})
	frames := floodFrames(4096, func(r *rand.Rand) []byte {
		mac := macN(int(r.Uint32()))
		return icmpPkt(randomLL(r), nutSolicited, 255, 135, 0, nsBody(nutLL, &mac))
	})
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		h.pipe.Inject(frames[i%len(frames)])
		i++
	}
}

// BenchmarkFloodRA: advertisements from random routers with 17 random
// prefixes and 8 random routes each (flood_router26); past the budget of
// advertisements from routers not listed (Limits.NewRouterRAs).
func BenchmarkFloodRA(b *testing.B) { benchRA(b, started(b)) }

// BenchmarkFloodRAUnbudgeted: the same flood with every advertisement
// processed, lists full: the cost the budget saves.
func BenchmarkFloodRAUnbudgeted(b *testing.B) {
	h := newHarness(b, nil, func(c *Config) { c.Limits.NewRouterRAs = 1 << 30 })
	h.clk.Advance(2 * time.Second)
	h.pipe.Sent()
	benchRA(b, h)
}

func benchRA(b *testing.B, h *harness) {
	h.pipe.OnWrite(func([]byte) {})
	frames := floodFrames(1024, func(r *rand.Rand) []byte {
		var opts [][]byte
		opts = append(opts, sllaOpt(macN(int(r.Uint32()))))
		for range 17 {
			a := randomGlobal(r).As16()
			opts = append(opts, pioOpt(netip.PrefixFrom(netip.AddrFrom16(a), 64).Masked(), true, true, time.Hour, time.Hour))
		}
		for range 8 {
			a := randomGlobal(r).As16()
			opts = append(opts, rioOpt(netip.PrefixFrom(netip.AddrFrom16(a), 64).Masked(), 0, time.Hour))
		}
		return raFrom(randomLL(r), opts...)
	})
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		h.pipe.Inject(frames[i%len(frames)])
		i++
	}
}

// BenchmarkFloodNA: advertisements for random targets (flood_advertise6).
func BenchmarkFloodNA(b *testing.B) {
	h := started(b)
	frames := floodFrames(4096, func(r *rand.Rand) []byte {
		mac := macN(int(r.Uint32()))
		return icmpPkt(randomLL(r), allNodes, 255, 136, 0, naBody(0x20, randomLL(r), &mac))
	})
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		h.pipe.Inject(frames[i%len(frames)])
		i++
	}
}
