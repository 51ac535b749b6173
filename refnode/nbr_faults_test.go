package refnode

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/nd"
)

var _ = testedIn(ndSpecFaultList()...)

func ndSpecFaultList() []faults.Fault {
	var fs []faults.Fault
	for _, c := range ndSpecFaultCases() {
		fs = append(fs, c.fault)
	}
	return fs
}

// ndSpecFaultCase is one row: the correct node observed one way, the
// faulty node another. tentative observes a node whose DAD has not run.
type ndSpecFaultCase struct {
	fault          faults.Fault
	tentative      bool
	observe        func(*harness) string
	correct, wrong string
}

// stateOf describes TN1's link-local entry: its state and link-layer address.
func stateOf(h *harness) string {
	for _, e := range h.node.Neighbors() {
		if e.Addr.WithZone("") == tnLL {
			return e.State + " " + e.LinkAddr.String()
		}
	}
	return "none"
}

// llState is the DAD state of the node's link-local address.
func llState(h *harness) string {
	for _, a := range h.node.Addresses() {
		if a.Addr.WithZone("") == nutLL {
			return a.State.String()
		}
	}
	return "none"
}

func naFrom(flags uint8, tlla bool) []byte {
	if tlla {
		return icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(flags, tnLL, &tnMAC))
	}
	return icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(flags, tnLL, nil))
}

func ndSpecFaultCases() []ndSpecFaultCase {
	ns := icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, &tnMAC))
	echoReplies := func(h *harness) string { return fmt.Sprint(len(ofType(h.sent(), 129))) }
	nas := func(h *harness) string { return fmt.Sprint(len(ofType(h.sent(), 136))) }
	resolving := func(h *harness) { resolution(h); h.sent() }
	probing := func(h *harness) {
		h.learnTN()
		h.clk.Advance(50 * time.Second) // past any ReachableTime: STALE
		h.send(echo(tnLL, nutLL, 1))    // DELAY
		h.clk.Advance(5 * time.Second)  // PROBE
		h.sent()
	}
	shortNA := func() []byte {
		full := naFrom(nd.FlagSolicited|nd.FlagOverride, false)
		short := icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(nd.FlagSolicited|nd.FlagOverride, tnLL, nil)[:16])
		return append(short, full[len(short):]...)
	}
	pio := func(valid time.Duration) []byte {
		return pioOpt(netip.MustParsePrefix("2001:db8:99::/64"), true, false, valid, valid)
	}
	sameGroup := netip.MustParseAddr("fe80::abcd:ff:fe00:100") // nutLL's last 24 bits
	return []ndSpecFaultCase{
		{fault: faults.NSSLLANotLearned, observe: func(h *harness) string { h.send(ns); return stateOf(h) },
			correct: "DELAY 00:00:00:00:a0:a0", wrong: "INCOMPLETE "},
		{fault: faults.NSSLLASetsStale, observe: func(h *harness) string { h.learnTN(); h.send(ns); return stateOf(h) },
			correct: "REACHABLE 00:00:00:00:a0:a0", wrong: "DELAY 00:00:00:00:a0:a0"},
		{fault: faults.NSConfirmsReachability, observe: func(h *harness) string { h.send(ns); return stateOf(h) },
			correct: "DELAY 00:00:00:00:a0:a0", wrong: "REACHABLE 00:00:00:00:a0:a0"},
		{fault: faults.NSClearsIsRouter, observe: func(h *harness) string {
			h.send(ra(sllaOpt(tnMAC)))
			h.send(ns)
			return routers(h)
		}, correct: "1", wrong: "0"},
		{fault: faults.NDMissingLLAAsZero, observe: func(h *harness) string {
			resolving(h)
			h.send(naFrom(nd.FlagSolicited|nd.FlagOverride, false))
			return echoReplies(h)
		}, correct: "0", wrong: "1"},
		{fault: faults.NSDADAnyDestination, observe: func(h *harness) string {
			h.send(icmpPkt(netip.IPv6Unspecified(), allNodes, 255, 135, 0, nsBody(nutLL, nil)))
			return nas(h)
		}, correct: "0", wrong: "1"},
		{fault: faults.NSTentativeAnswered, tentative: true, observe: func(h *harness) string {
			h.send(ns)
			return nas(h)
		}, correct: "0", wrong: "1"},
		{fault: faults.DADAnyTargetConflict, tentative: true, observe: func(h *harness) string {
			h.send(icmpPkt(netip.IPv6Unspecified(), nutSolicited, 255, 135, 0, nsBody(sameGroup, nil)))
			h.clk.Advance(3 * time.Second)
			return llState(h)
		}, correct: "preferred", wrong: "duplicate"},

		{fault: faults.NACreatesEntry, observe: func(h *harness) string { h.send(naFrom(0, true)); return stateOf(h) },
			correct: "none", wrong: "STALE 00:00:00:00:a0:a0"},
		{fault: faults.NAReachableToStale, observe: func(h *harness) string { h.learnTN(); h.send(naFrom(0, false)); return stateOf(h) },
			correct: "REACHABLE 00:00:00:00:a0:a0", wrong: "STALE 00:00:00:00:a0:a0"},
		{fault: faults.NAOverrideFlagIgnored, observe: func(h *harness) string {
			h.learnTN()
			h.send(icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(0, tnLL, &tr2MAC)))
			return stateOf(h)
		}, correct: "STALE 00:00:00:00:a0:a0", wrong: "STALE 00:00:00:00:c0:c0"},
		{fault: faults.NASolicitedFlagIgnored, observe: func(h *harness) string {
			resolving(h)
			h.send(naFrom(nd.FlagSolicited|nd.FlagOverride, true))
			return stateOf(h)
		}, correct: "REACHABLE 00:00:00:00:a0:a0", wrong: "DELAY 00:00:00:00:a0:a0"},
		{fault: faults.NAUnsolicitedConfirms, observe: func(h *harness) string {
			resolving(h)
			h.send(naFrom(nd.FlagOverride, true))
			return stateOf(h)
		}, correct: "DELAY 00:00:00:00:a0:a0", wrong: "REACHABLE 00:00:00:00:a0:a0"},
		{fault: faults.NASolicitedMulticastAccepted, observe: func(h *harness) string {
			resolving(h)
			h.send(icmpPkt(tnLL, allNodes, 255, 136, 0, naBody(nd.FlagSolicited|nd.FlagOverride, tnLL, &tnMAC)))
			return echoReplies(h)
		}, correct: "0", wrong: "1"},
		{fault: faults.NAAnyCode, observe: func(h *harness) string {
			resolving(h)
			h.send(icmpPkt(tnLL, nutLL, 255, 136, 1, naBody(nd.FlagSolicited|nd.FlagOverride, tnLL, &tnMAC)))
			return echoReplies(h)
		}, correct: "0", wrong: "1"},
		{fault: faults.NAShortLength, observe: func(h *harness) string {
			probing(h)
			h.send(shortNA())
			return stateOf(h)
		}, correct: "PROBE 00:00:00:00:a0:a0", wrong: "REACHABLE 00:00:00:00:a0:a0"},

		{fault: faults.OnLinkPrefixNoExpiry, observe: func(h *harness) string {
			h.send(ra(pio(5 * time.Second)))
			h.clk.Advance(6 * time.Second)
			return nextHopName(h, offLink)
		}, correct: "tr1", wrong: "on-link"},
		{fault: faults.OnLinkLifetimeNotUpdated, observe: func(h *harness) string {
			h.send(ra(pio(5 * time.Second)))
			h.send(ra(pio(time.Hour)))
			h.clk.Advance(6 * time.Second)
			return nextHopName(h, offLink)
		}, correct: "on-link", wrong: "tr1"},
		{fault: faults.SLAACLifetimeNotUpdated, observe: func(h *harness) string {
			h.send(ra(pioOpt(slaacPfx, true, true, 20*time.Second, 10*time.Second)))
			h.send(ra(pioOpt(slaacPfx, true, true, time.Hour, 30*time.Minute)))
			h.clk.Advance(30 * time.Second)
			return autoAddrs(h)
		}, correct: "1", wrong: "0"},
	}
}

// TestNeighborFaults: each fault of this table changes the behaviour
// it names, and only with it.
func TestNeighborFaults(t *testing.T) {
	for _, c := range ndSpecFaultCases() {
		t.Run(string(c.fault), func(t *testing.T) {
			run := func(fs ...faults.Fault) string {
				h := newHarness(t, fs)
				if !c.tentative {
					h.clk.Advance(2 * time.Second)
				}
				h.pipe.Sent()
				return c.observe(h)
			}
			if got := run(); got != c.correct {
				t.Errorf("correct node: %q, want %q", got, c.correct)
			}
			if got := run(c.fault); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
}
