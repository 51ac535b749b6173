package refnode

import (
	"net/netip"
	"testing"
)

// An address added at run time is tentative, probed, then preferred
// (RFC 4862 §5.4); adding one the interface has, or to an interface it
// does not have, is refused.
func TestAddAddressRunsDAD(t *testing.T) {
	h := newHarness(t, nil)
	for {
		when, ok := h.clk.Next()
		if !ok {
			break
		}
		h.clk.AdvanceTo(when)
	}
	h.sent()
	p := netip.MustParsePrefix("2001:db8:dad::1/64")
	if err := h.node.AddAddress("v6l0", p); err != nil {
		t.Fatal(err)
	}
	state := func() AddressState {
		for _, a := range h.node.Addresses() {
			if a.Addr == p.Addr() {
				return a.State
			}
		}
		t.Fatalf("%s is not among the node's addresses", p.Addr())
		return 0
	}
	if s := state(); s != Tentative {
		t.Fatalf("just added: %s, want tentative", s)
	}
	probed := false
	for {
		when, ok := h.clk.Next()
		if !ok {
			break
		}
		h.clk.AdvanceTo(when)
		for _, o := range h.sent() {
			if ns := o.ns(); ns != nil && o.src().IsUnspecified() {
				if tgt, _ := netip.AddrFromSlice(ns.TargetAddress); tgt == p.Addr() {
					probed = true
				}
			}
		}
	}
	if !probed || state() != Preferred {
		t.Fatalf("probed %v, state %s; want a probe and preferred", probed, state())
	}
	if err := h.node.AddAddress("v6l0", p); err == nil {
		t.Error("added the same address twice")
	}
	if err := h.node.AddAddress("nosuch0", netip.MustParsePrefix("2001:db8:dad::2/64")); err == nil {
		t.Error("added an address to an interface the node does not have")
	}
}
