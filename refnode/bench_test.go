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
// limit, link-layer rewrite), never through output.
func BenchmarkForward(b *testing.B) {
	r := newRouter(b, 1500, nil)
	forwarded := 0
	r.pipe1.OnWrite(func([]byte) { forwarded++ })
	frame := etherFor(icmpPkt(tnGlobal, tn2Global, 64, 128, 0, echoBody(1, 1, "through the router")))
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		r.pipe.Inject(frame)
		n++
	}
	if forwarded != n {
		b.Fatalf("%d packets forwarded of %d", forwarded, n)
	}
}
