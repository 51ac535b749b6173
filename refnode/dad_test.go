package refnode

import (
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/nd"
)

func states(h *harness) string {
	s := ""
	for _, a := range h.node.Addresses() {
		s += a.State.String()[:1]
	}
	return s // "tp": link-local tentative, global preferred
}

// TestDADTimeline follows RFC 4862 §5.4.2 on the manual clock: one probe per
// address after a random delay below MAX_RTR_SOLICITATION_DELAY, the address
// preferred RetransTimer after it.
func TestDADTimeline(t *testing.T) {
	h := newHarness(t, nil)
	if s := h.sent(); len(s) != 0 || states(h) != "tt" {
		t.Fatalf("at start: %s, %s", summary(s), states(h))
	}
	probeAt := map[netip.Addr]time.Duration{}
	preferredAt := map[netip.Addr]time.Duration{}
	for {
		when, ok := h.clk.Next()
		if !ok {
			break
		}
		h.clk.AdvanceTo(when)
		at := when.Sub(clock.Epoch)
		for _, o := range h.sent() {
			ns := o.ns()
			if ns == nil || !o.src().IsUnspecified() || o.dst() != nutSolicited || o.ip().HopLimit != 255 ||
				len(ns.Options) != 0 || o.eth().DstMAC.String() != "33:33:ff:00:01:00" || !o.checksumOK() {
				t.Fatalf("not a DAD probe: %s", o)
			}
			target, _ := netip.AddrFromSlice(ns.TargetAddress)
			if _, dup := probeAt[target]; dup {
				t.Fatalf("second probe for %s", target)
			}
			probeAt[target] = at
		}
		for _, a := range h.node.Addresses() {
			if _, seen := preferredAt[a.Addr.WithZone("")]; !seen && a.State == Preferred {
				preferredAt[a.Addr.WithZone("")] = at
			}
		}
	}
	if len(probeAt) != 2 || len(preferredAt) != 2 {
		t.Fatalf("probes %v, preferred %v", probeAt, preferredAt)
	}
	for a, p := range probeAt {
		if p < 0 || p >= time.Second {
			t.Errorf("probe for %s at %v, want within [0, 1s)", a, p)
		}
		if got := preferredAt[a] - p; got != time.Second {
			t.Errorf("%s preferred %v after its probe, want RetransTimer (1s)", a, got)
		}
	}
	if probeAt[nutLL] == probeAt[nutGlobal] {
		t.Errorf("both probes at %v: delays not drawn per address", probeAt[nutLL])
	}
	<-h.node.Settled()
}

func addrState(h *harness, a netip.Addr) AddressState {
	for _, x := range h.node.Addresses() {
		if x.Addr.WithZone("") == a {
			return x.State
		}
	}
	return -1
}

func TestDADTransmits(t *testing.T) {
	h := newHarness(t, nil, func(c *Config) {
		k := nd.Defaults()
		k.DupAddrDetectTransmits = 3
		c.ND = &k
	})
	h.clk.Advance(time.Second + 2*time.Second)
	if n := len(h.sent()); n != 6 || states(h) != "tt" {
		t.Fatalf("%d probes, %s", n, states(h))
	}
	h.clk.Advance(time.Second)
	if states(h) != "pp" {
		t.Fatal(states(h))
	}
}

func TestDADConflict(t *testing.T) {
	unspec := netip.IPv6Unspecified()
	allNodes := netip.MustParseAddr("ff02::1")
	cases := []struct {
		name     string
		pkt      []byte
		want     string // states after DAD: link-local, global
		disabled bool
	}{
		{"NS from :: for the global", icmpPkt(unspec, nutSolicited, 255, 135, 0, nsBody(nutGlobal, nil)), "pd", false},
		{"NA for the global", icmpPkt(tnLL, allNodes, 255, 136, 0, naBody(nd.FlagOverride, nutGlobal, &tnMAC)), "pd", false},
		{"NS from :: for the link-local", icmpPkt(unspec, nutSolicited, 255, 135, 0, nsBody(nutLL, nil)), "dt", true},
		{"NA for the link-local", icmpPkt(tnLL, allNodes, 255, 136, 0, naBody(nd.FlagOverride, nutLL, &tnMAC)), "dt", true},
		{"NS from a unicast source", icmpPkt(tnLL, nutSolicited, 255, 135, 0, nsBody(nutGlobal, &tnMAC)), "pp", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, nil)
			h.send(c.pkt)
			if s := h.sent(); len(s) != 0 {
				t.Fatalf("answered a packet for a tentative address: %s", summary(s))
			}
			h.clk.Advance(5 * time.Second)
			s := h.sent()
			if states(h) != c.want {
				t.Fatalf("states %s, want %s", states(h), c.want)
			}
			if c.disabled {
				// IPv6 is off: at most the probe that left before the
				// conflict... none here, the conflict came first.
				if len(s) != 0 {
					t.Fatalf("disabled interface sent %s", summary(s))
				}
				h.send(echo(tnLL, allNodes, 1))
				h.send(icmpPkt(tnLL, nutSolicited, 255, 135, 0, nsBody(nutGlobal, &tnMAC)))
				if s := h.sent(); len(s) != 0 || h.counter(counter.IPv6InterfaceDisabled) != 2 {
					t.Fatalf("disabled interface answered: %s", summary(s))
				}
			}
			<-h.node.Settled()
		})
	}
}

func TestTentativeNotAccepted(t *testing.T) {
	h := newHarness(t, nil)
	h.send(echo(tnLL, nutLL, 1))
	if s := h.sent(); len(s) != 0 || h.counter(counter.IPv6ToTentativeAddress) != 1 {
		t.Fatalf("echo to a tentative address answered: %s", summary(s))
	}
	// But its solicited-node group is joined already.
	if !h.node.joined(h.node.ifs[0], nutSolicited) {
		t.Fatal("solicited-node group of a tentative address not joined")
	}
}
