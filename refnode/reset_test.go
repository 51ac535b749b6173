package refnode

import (
	"testing"
)

// After Reset the node knows no neighbor, and the next packet to a
// neighbor it knew starts address resolution again (RFC 4861 §7.2.2):
// a multicast solicitation, not a packet to the old link-layer address.
// Its own addresses stay.
func TestResetForgetsNeighbors(t *testing.T) {
	h := started(t)
	h.learnTN()
	if len(h.node.Neighbors()) == 0 {
		t.Fatal("learnTN left no neighbor entry")
	}
	before := len(h.node.Addresses())
	h.node.Reset()
	if n := h.node.Neighbors(); len(n) != 0 {
		t.Fatalf("after Reset: %d neighbor entries, want none: %v", len(n), n)
	}
	if got := len(h.node.Addresses()); got != before {
		t.Fatalf("after Reset: %d addresses, want the %d configured", got, before)
	}
	h.send(echo(tnGlobal, nutGlobal, 1))
	var solicited, replied bool
	for _, o := range h.sent() {
		switch o.icmpType() {
		case 135:
			solicited = solicited || o.dst().IsMulticast()
		case 129:
			replied = true
		}
	}
	if !solicited || replied {
		t.Fatalf("after Reset, an Echo Request from a known neighbor: solicited %v, replied at once %v; want a multicast solicitation and the reply queued", solicited, replied)
	}
}
