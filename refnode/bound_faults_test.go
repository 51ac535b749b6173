package refnode

import (
	"testing"

	"github.com/v6ct/v6ct/refnode/faults"
)

// boundCase is one fault of bound_faults.go: what the node does at the
// boundary it breaks, correct and with the fault.
type boundCase struct {
	fault          faults.Fault
	observe        func(*harness) string
	correct, wrong string
}

// boundCases are the host-side cases; the tests of the other files add
// theirs with testedIn.
func boundCases() []boundCase {
	return []boundCase{
		{faults.OverlapStartOnly, func(h *harness) string {
			h.learnTN()
			a := bigEcho(tnLL, nutLL, 1, 1400)
			fa := fragmentsOf(a, 9, 512, 512) // [0,512) [512,1024) [1024,1408)
			fb := fragmentsOf(a, 9, 504, 520) // [504,1024) starts before [512,1024) and runs into it
			for _, p := range [][]byte{fa[1], fb[1], fa[0], fa[2]} {
				h.send(p)
			}
			return echoSeqs(h.sent())
		}, "", "1"},
		{faults.PTB1280BelowMinimum, pathMTUAfter(1280), "1280", "1500"},
		{faults.NSHopLimitMulticastOnly, answers(icmpPkt(tnLL, nutLL, 254, 135, 0, nsBody(nutLL, &tnMAC))), "0", "1"},
	}
}

// TestBoundFaults: each fault of bound_faults.go breaks its boundary, and
// only with the fault does the node behave that way.
func TestBoundFaults(t *testing.T) {
	for _, c := range boundCases() {
		t.Run(string(c.fault), func(t *testing.T) {
			if got := c.observe(started(t)); got != c.correct {
				t.Errorf("correct node: %q, want %q", got, c.correct)
			}
			if got := c.observe(started(t, c.fault)); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
}

var _ = testedIn(func() []faults.Fault {
	var fs []faults.Fault
	for _, c := range boundCases() {
		fs = append(fs, c.fault)
	}
	return fs
}()...)

// The other side of each boundary stays as it was with the fault: a
// multicast solicitation of Hop Limit 254 is still dropped, a Packet Too
// Big of 1281 still taken, a fragment starting inside a held one still an
// overlap.
func TestBoundFaultsKeepTheOtherSide(t *testing.T) {
	cases := []struct {
		name    string
		fault   faults.Fault
		observe func(*harness) string
		want    string
	}{
		{"multicast NS hop limit 254", faults.NSHopLimitMulticastOnly,
			answers(icmpPkt(tnLL, nutSolicited, 254, 135, 0, nsBody(nutLL, &tnMAC))), "0"},
		{"PTB 1281", faults.PTB1280BelowMinimum, pathMTUAfter(1288), "1288"},
		{"fragment starting inside", faults.OverlapStartOnly, func(h *harness) string {
			h.learnTN()
			a := bigEcho(tnLL, nutLL, 1, 1400)
			fa := fragmentsOf(a, 9, 512, 512)
			fb := fragmentsOf(a, 9, 520, 504) // [520,1024) starts inside [512,1024)
			for _, p := range [][]byte{fa[1], fb[1], fa[0], fa[2]} {
				h.send(p)
			}
			return echoSeqs(h.sent())
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.observe(started(t, c.fault)); got != c.want {
				t.Errorf("with %s: %q, want %q", c.fault, got, c.want)
			}
		})
	}
}
