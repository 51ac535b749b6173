package refnode

import (
	"fmt"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/nd"
	"github.com/v6ct/v6ct/refnode/slaac"
)

var _ = testedIn(faults.StableLLNoRetry)

var stableSecret = []byte("secret")

func stableLinkLocal(c *Config) {
	c.StableSecret = stableSecret
	c.StableLinkLocal = true
}

// stableLL is the link-local address the test node forms with DAD_Counter
// counter.
func stableLL(counter int) netip.Addr {
	return slaac.Address(ipv6.LinkLocalPrefix, slaac.StableIID(ipv6.LinkLocalPrefix, "v6l0", counter, stableSecret))
}

// bootWithConflicts starts a node with stable link-local addresses and
// has TN1 advertise the target of each of its first conflicts link-local
// DAD probes as its own. It returns the link-local targets probed, in
// order, once every timer has run.
func bootWithConflicts(t *testing.T, conflicts int, fs ...faults.Fault) (*harness, []netip.Addr) {
	t.Helper()
	h := newHarness(t, fs, stableLinkLocal)
	var probed []netip.Addr
	for {
		when, ok := h.clk.Next()
		if !ok || when.Sub(clock.Epoch) > time.Minute {
			break
		}
		h.clk.AdvanceTo(when)
		for _, o := range h.sent() {
			ns := o.ns()
			if ns == nil || !o.src().IsUnspecified() {
				continue
			}
			target, _ := netip.AddrFromSlice(ns.TargetAddress)
			if !target.IsLinkLocalUnicast() {
				continue
			}
			probed = append(probed, target)
			if len(probed) <= conflicts {
				h.send(icmpPkt(tnLL, allNodes, 255, 136, 0, naBody(nd.FlagOverride, target, &tnMAC)))
			}
		}
	}
	return h, probed
}

// linkLocals lists the node's link-local addresses with their states.
func linkLocals(h *harness) map[netip.Addr]AddressState {
	m := map[netip.Addr]AddressState{}
	for _, a := range h.node.Addresses() {
		if a.Addr.IsLinkLocalUnicast() {
			m[a.Addr.WithZone("")] = a.State
		}
	}
	return m
}

// TestStableLinkLocalIdentifier: the link-local address comes from the RFC
// 7217 identifier of fe80::/64, not from the MAC.
func TestStableLinkLocalIdentifier(t *testing.T) {
	h := newHarness(t, nil, stableLinkLocal)
	want := netip.MustParseAddr("fe80::c93e:f2ab:a63:73f3")
	if got, ok := linkLocals(h)[want]; len(linkLocals(h)) != 1 || !ok || got != Tentative {
		t.Fatalf("link-local addresses %v, want %s tentative", linkLocals(h), want)
	}
	if want != stableLL(0) || want == nutLL {
		t.Fatalf("%s: not the stable identifier of DAD_Counter 0 (%s), or the MAC's", want, stableLL(0))
	}
	if _, err := New(Config{Interfaces: []InterfaceConfig{{Name: "x", MAC: nutMAC[:]}}, StableLinkLocal: true}); err == nil {
		t.Fatal("stable link-local addresses accepted without a secret")
	}
}

// TestStableLinkLocalConflicts follows RFC 7217 §6: each duplicate forms
// the address of the next DAD_Counter and probes it, up to IDGEN_RETRIES
// retries; then no link-local address is usable, but IPv6 stays on (RFC
// 4862 §5.4.5 applies to the MAC's identifier only).
func TestStableLinkLocalConflicts(t *testing.T) {
	cases := []struct {
		conflicts int
		probes    int          // distinct link-local addresses probed
		last      AddressState // of the last one
	}{
		{0, 1, Preferred},
		{1, 2, Preferred},
		{slaac.IdgenRetries, slaac.IdgenRetries + 1, Preferred},
		{slaac.IdgenRetries + 1, slaac.IdgenRetries + 1, Duplicate},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d conflicts", c.conflicts), func(t *testing.T) {
			h, probed := bootWithConflicts(t, c.conflicts)
			var want []netip.Addr
			for i := 0; i < c.probes; i++ {
				want = append(want, stableLL(i))
			}
			if !slices.Equal(probed, want) {
				t.Fatalf("probed %v, want %v", probed, want)
			}
			last := want[len(want)-1]
			if got, ok := linkLocals(h)[last]; len(linkLocals(h)) != 1 || !ok || got != c.last {
				t.Errorf("link-local addresses %v, want %s %s", linkLocals(h), last, c.last)
			}
			if n := h.counter(counter.IPv6InterfaceDisabledByDAD); n != 0 {
				t.Error("IPv6 disabled on the interface")
			}
			if n := h.counter(counter.SLAACLinkLocalRetriesExhausted); (n == 1) != (c.last == Duplicate) {
				t.Errorf("retries exhausted %d times", n)
			}
			<-h.node.Settled()
		})
	}
}

// TestStableLinkLocalInUse: after a retry the new address answers and is
// the source of the node's packets; the duplicate one is gone.
func TestStableLinkLocalInUse(t *testing.T) {
	h, _ := bootWithConflicts(t, 1)
	first, second := stableLL(0), stableLL(1)
	h.send(icmpPkt(tnLL, second, 255, 135, 0, nsBody(second, &tnMAC)))
	if r := ofType(h.sent(), 136); len(r) != 1 || r[0].src() != second {
		t.Fatalf("NS for %s: %s", second, summary(r))
	}
	h.send(echo(tnLL, second, 1))
	if r := ofType(h.sent(), 129); len(r) != 1 || r[0].src() != second {
		t.Fatalf("echo to %s: %s", second, summary(r))
	}
	h.send(echo(tnLL, first, 2))
	if r := h.sent(); len(r) != 0 {
		t.Fatalf("echo to the duplicate %s answered: %s", first, summary(r))
	}
}

// TestStableLLNoRetryFault: with the fault a duplicate stable link-local
// address stops IPv6 on the interface as a MAC-derived one does.
func TestStableLLNoRetryFault(t *testing.T) {
	for _, c := range []struct {
		fs       []faults.Fault
		probes   int
		disabled uint64
	}{
		{nil, 2, 0},
		{[]faults.Fault{faults.StableLLNoRetry}, 1, 1},
	} {
		h, probed := bootWithConflicts(t, 1, c.fs...)
		if len(probed) != c.probes || h.counter(counter.IPv6InterfaceDisabledByDAD) != c.disabled {
			t.Errorf("faults %v: probed %v, disabled %d times; want %d probes, disabled %d", c.fs, probed,
				h.counter(counter.IPv6InterfaceDisabledByDAD), c.probes, c.disabled)
		}
	}
}
