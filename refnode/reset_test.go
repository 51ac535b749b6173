package refnode

import (
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"
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

// A configured link-local address replaces the one formed from the MAC,
// and the same one may be configured on two interfaces (RFC 4007 §6).
func TestConfiguredLinkLocal(t *testing.T) {
	ll := netip.MustParseAddr("fe80::1")
	h := newHarness(t, nil, func(c *Config) {
		c.Interfaces[0].LinkLocal = ll
		second := c.Interfaces[0]
		second.Name, second.MAC, second.Addresses = "v6l1", net.HardwareAddr{0x00, 0x00, 0x5e, 0x00, 0x53, 0x77}, nil
		c.Interfaces = append(c.Interfaces, second)
	})
	h.clk.Advance(2 * time.Second)
	var on []string
	for _, a := range h.node.Addresses() {
		if a.Addr.IsLinkLocalUnicast() {
			if a.Addr.WithZone("") != ll {
				t.Errorf("%s has the link-local %s, want only %s", a.Interface, a.Addr, ll)
			}
			on = append(on, a.Interface)
		}
	}
	if len(on) != 2 {
		t.Errorf("%s is on %v, want both interfaces", ll, on)
	}
	_, err := New(Config{Interfaces: []InterfaceConfig{{Name: "x", MAC: net.HardwareAddr{0, 0, 0x5e, 0, 0x53, 1}, LinkLocal: netip.MustParseAddr("2001:db8::1")}}})
	if err == nil || !strings.Contains(err.Error(), "not a link-local") {
		t.Errorf("a global address as the link-local one: %v, want refused", err)
	}
}
