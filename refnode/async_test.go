package refnode

import (
	"slices"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
)

// asyncStarted is a node in the asynchronous mode whose DAD has finished and
// which knows TN1's link-local address as REACHABLE.
func asyncStarted(t *testing.T, opts ...func(*AsyncConfig)) *harness {
	t.Helper()
	a := AsyncConfig{}
	for _, o := range opts {
		o(&a)
	}
	h := newHarness(t, nil, func(c *Config) { c.Async = &a })
	h.clk.Advance(2 * time.Second)
	h.send(icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, &tnMAC)))
	h.send(icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(nd.FlagSolicited|nd.FlagOverride, tnLL, &tnMAC)))
	h.barrier()
	h.clk.Advance(DefaultControlDelay)
	h.barrier()
	h.pipe.Sent()
	return h
}

// barrier sends an ECTP frame and waits for it: everything before it has
// been handled, as the tester's barrier does.
func (h *harness) barrier() {
	h.t.Helper()
	h.inject(ether(nutMAC, tnMAC, link.EtherTypeLoopback, []byte{0, 0, 2, 0, 0xa0, 0xa0, 0, 0, 0, 0xa0, 1, 0}))
}

// echoReplies are the sequence numbers of the Echo Replies the node sent.
func echoReplies(os []out) []uint16 {
	var seqs []uint16
	for _, o := range ofType(os, 129) {
		seqs = append(seqs, o.echo().SeqNumber)
	}
	return seqs
}

// withFlowLabel sets a packet's flow label.
func withFlowLabel(pkt []byte, fl uint32) []byte {
	pkt[1] = pkt[1]&0xf0 | byte(fl>>16)&0x0f
	pkt[2], pkt[3] = byte(fl>>8), byte(fl)
	return pkt
}

// A control message takes effect ControlDelay after it arrived: packets
// handled before then meet the old state, packets after, the new one.
func TestAsyncControlMessageTakesEffectLate(t *testing.T) {
	h := asyncStarted(t)
	ra := []byte{7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0} // Cur Hop Limit 7, no default router
	h.send(icmpPkt(tnLL, nutLL, 255, 134, 0, append(ra, 1, 1, tnMAC[0], tnMAC[1], tnMAC[2], tnMAC[3], tnMAC[4], tnMAC[5])))
	h.send(echo(tnLL, nutLL, 1))
	h.barrier()
	h.clk.Advance(DefaultControlDelay - time.Millisecond)
	h.barrier()
	h.send(echo(tnLL, nutLL, 2))
	h.barrier()
	h.clk.Advance(time.Millisecond)
	h.send(echo(tnLL, nutLL, 3))
	h.barrier()
	var hops []uint8
	for _, o := range ofType(h.sent(), 129) {
		hops = append(hops, o.ip().HopLimit)
	}
	if want := []uint8{64, 64, 7}; !slices.Equal(hops, want) {
		t.Fatalf("Echo Reply hop limits %v, want %v (the advertisement's 7 only from %v after it)", hops, want, DefaultControlDelay)
	}
	if h.counter(counter.AsyncControlDeferred) == 0 {
		t.Fatal("the advertisement was not deferred")
	}
}

// Packets of one flow leave in the order they came; packets of different
// flows sent together may not; and the order is the same run after run.
func TestAsyncKeepsFlowOrderAndReordersFlows(t *testing.T) {
	run := func(flowLabel func(seq uint16) uint32, opts ...func(*AsyncConfig)) []uint16 {
		h := asyncStarted(t, opts...)
		for seq := uint16(1); seq <= 12; seq++ {
			h.send(withFlowLabel(echo(tnLL, nutLL, seq), flowLabel(seq)))
		}
		h.barrier()
		return echoReplies(h.sent())
	}
	inOrder := []uint16{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	if got := run(func(uint16) uint32 { return 0x12345 }); !slices.Equal(got, inOrder) {
		t.Fatalf("one flow: replies %v, want %v", got, inOrder)
	}
	flows := func(seq uint16) uint32 { return uint32(seq) }
	first := run(flows)
	if len(first) != 12 {
		t.Fatalf("twelve flows: %d replies, want 12", len(first))
	}
	if slices.Equal(first, inOrder) {
		t.Fatalf("twelve flows on %d queues: replies in arrival order %v", DefaultWorkers, first)
	}
	if again := run(flows); !slices.Equal(again, first) {
		t.Fatalf("twelve flows: replies %v, then %v: not deterministic", first, again)
	}
	reversed := run(flows, func(a *AsyncConfig) { a.FirstQueueFirst = true })
	if slices.Equal(reversed, first) || slices.Equal(reversed, inOrder) {
		t.Fatalf("twelve flows, the first queue first: replies %v, as with the last first (%v) or in arrival order", reversed, first)
	}
}

// Without a barrier, queued packets are handled WorkerDelay later on the
// node's clock (a node on the real clock drains its queues by itself).
func TestAsyncQueuesDrainWithoutBarrier(t *testing.T) {
	h := asyncStarted(t)
	h.send(echo(tnLL, nutLL, 1))
	if got := echoReplies(h.sent()); len(got) != 0 {
		t.Fatalf("replied %v before the queues drained", got)
	}
	h.clk.Advance(DefaultWorkerDelay)
	if got := echoReplies(h.sent()); !slices.Equal(got, []uint16{1}) {
		t.Fatalf("replies %v after %v, want [1]", got, DefaultWorkerDelay)
	}
}

// On the real clock the node drains its queues and applies control
// messages by itself, with no barrier.
func TestAsyncOnTheRealClock(t *testing.T) {
	c := noRS
	c.DupAddrDetectTransmits = 0
	h := newHarness(t, nil, func(cfg *Config) {
		cfg.Clock = clock.Real{}
		cfg.ND = &c
		cfg.Async = &AsyncConfig{ControlDelay: 20 * time.Millisecond}
	})
	h.send(icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, &tnMAC)))
	h.send(icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(nd.FlagSolicited|nd.FlagOverride, tnLL, &tnMAC)))
	ra := []byte{7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0} // Cur Hop Limit 7
	h.send(icmpPkt(tnLL, nutLL, 255, 134, 0, ra))
	time.Sleep(100 * time.Millisecond)
	h.send(echo(tnLL, nutLL, 1))
	var replies []out
	for end := time.Now().Add(2 * time.Second); len(replies) == 0 && time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		replies = append(replies, ofType(h.sent(), 129)...)
	}
	if len(replies) != 1 || replies[0].ip().HopLimit != 7 {
		t.Fatalf("Echo Replies %v, want one with hop limit 7", summary(replies))
	}
}
