package refnode

import (
	"testing"

	"github.com/v6ct/v6ct/refnode/ipv4"
)

// TestNoAllocations: answering an Echo Request and forwarding a packet
// allocate nothing once the neighbors are known, so that a flood costs
// the node time but never garbage. The setups are the benchmarks'
// (bench_test.go, bench_ipv4_test.go); each run must write its frames.
func TestNoAllocations(t *testing.T) {
	for _, c := range []struct {
		name   string
		frames int // written per packet
		setup  func(t *testing.T, written *int) (inject func())
	}{
		{"echo", 1, func(t *testing.T, written *int) func() {
			h := started(t)
			h.learnTN()
			h.pipe.OnWrite(func([]byte) { *written++ })
			frame := etherFor(echo(tnLL, nutLL, 1))
			return func() { h.pipe.Inject(frame) }
		}},
		{"echo behind extension headers", 1, func(t *testing.T, written *int) func() {
			h := started(t)
			h.learnTN()
			h.pipe.OnWrite(func([]byte) { *written++ })
			frame := etherFor(echoWith(nutLL, hbh(5, 2, 0, 0), destOpts(unknownOpt(0x1e, 4)...), fragHdr(0, false, 42)))
			return func() { h.pipe.Inject(frame) }
		}},
		{"forward", 1, func(t *testing.T, written *int) func() {
			r := newRouter(t, 1500, nil)
			r.pipe1.OnWrite(func([]byte) { *written++ })
			frame := etherFor(icmpPkt(tnGlobal, tn2Global, 64, 128, 0, echoBody(1, 1, "through the router")))
			return func() { r.pipe.Inject(frame) }
		}},
		{"IPv4 into a 4in4 tunnel", 1, func(t *testing.T, written *int) func() {
			h := newTunnelRouter(t)
			h.pipe.OnWrite(func([]byte) { *written++ })
			frame := frame4(pkt4(tn4, far44, ipv4.ProtoICMP, 64, false, 64))
			return func() { h.pipe.Inject(frame) }
		}},
		{"IPv4 forwarded in fragments", 2, func(t *testing.T, written *int) func() {
			h := newTunnelRouter(t)
			h.pipe.OnWrite(func([]byte) { *written++ })
			frame := frame4(pkt4(tn4, far44, ipv4.ProtoICMP, 64, false, 1600))
			return func() { h.pipe.Inject(frame) }
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			written := 0
			inject := c.setup(t, &written)
			inject() // the first packet may fill caches: not measured
			written = 0
			const runs = 100
			allocs := testing.AllocsPerRun(runs, inject)
			if want := (runs + 1) * c.frames; written != want { // AllocsPerRun warms up once
				t.Fatalf("%d frames written for %d packets, want %d", written, runs+1, want)
			}
			if allocs != 0 {
				t.Errorf("%.1f allocations a packet, want none", allocs)
			}
		})
	}
}
