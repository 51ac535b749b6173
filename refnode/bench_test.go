package refnode

import "testing"

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
