package refnode

import (
	"runtime"
	"testing"

	"github.com/v6ct/v6ct/refnode/lpm/lpmtest"
)

// BenchmarkEchoRequest measures receive -> Echo Reply written, through the
// in-memory device, with TN1's neighbor entry REACHABLE.
func BenchmarkEchoRequest(b *testing.B) {
	h := started(b)
	h.learnTN()
	replies := 0
	h.pipe.OnWrite(func([]byte) { replies++ })
	frame := etherFor(echo(tnLL, nutLL, 1))
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		h.pipe.Inject(frame)
		n++
	}
	if replies != n {
		b.Fatalf("%d replies to %d requests", replies, n)
	}
}

// BenchmarkEchoWithExtensionHeaders: the same, for an Echo Request behind a
// Hop-by-Hop Options header (Router Alert and PadN), a Destination Options
// header (an unknown 00 option) and an atomic Fragment header.
func BenchmarkEchoWithExtensionHeaders(b *testing.B) {
	h := started(b)
	h.learnTN()
	replies := 0
	h.pipe.OnWrite(func([]byte) { replies++ })
	frame := etherFor(echoWith(nutLL, hbh(5, 2, 0, 0), destOpts(unknownOpt(0x1e, 4)...), fragHdr(0, false, 42)))
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		h.pipe.Inject(frame)
		n++
	}
	if replies != n {
		b.Fatalf("%d replies to %d requests", replies, n)
	}
}

// BenchmarkForward measures receive -> forwarded packet written, for a
// router passing an Echo Request from TN1 on Link0 to TN2 on Link1 (both
// neighbors REACHABLE): the forwarding path of its own (RFC 8200 §3 hop
// limit, link-layer rewrite), never through output. connected: to TN2's
// address on Link1's prefix, the router's only routes its connected ones;
// full-table: the router also holds a full table of a million routes
// (lpmtest.FullTable) through TN2, and each packet goes to an address in
// another of them, 4096 destinations in turn. Besides the wall time per
// packet, each reports the process's CPU time per packet (cpu-ns/op).
func BenchmarkForward(b *testing.B) {
	b.Run("connected", func(b *testing.B) {
		frame := etherFor(icmpPkt(tnGlobal, tn2Global, 64, 128, 0, echoBody(1, 1, "through the router")))
		benchmarkForward(b, newRouter(b, 1500, nil), [][]byte{frame})
	})
	b.Run("full-table", func(b *testing.B) {
		table := lpmtest.FullTable(fullTable, 1)
		routes := make([]Route, len(table))
		for i, p := range table {
			routes[i] = Route{Prefix: p, Interface: "v6l1", NextHop: tn2LL}
		}
		r := newRouter(b, 1500, routes)
		var frames [][]byte
		for _, dst := range lpmtest.Addrs(table, 4096, 2) {
			frames = append(frames, etherFor(icmpPkt(tnGlobal, dst, 64, 128, 0, echoBody(1, 1, "through the router"))))
		}
		runtime.GC() // the build's garbage collected before the clock starts
		benchmarkForward(b, r, frames)
	})
}

// fullTable is the size of a full Internet table to benchmark with.
const fullTable = 1_000_000

func benchmarkForward(b *testing.B, r *routerHarness, frames [][]byte) {
	forwarded := 0
	r.pipe1.OnWrite(func([]byte) { forwarded++ })
	n := 0
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		r.pipe.Inject(frames[n%len(frames)])
		n++
	}
	if cpu := processCPU() - cpu; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/op")
	}
	if forwarded != n {
		b.Fatalf("%d packets forwarded of %d", forwarded, n)
	}
}
