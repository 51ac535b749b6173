package refnode

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
)

var _ = testedIn(faults.PMTUGlobal, faults.PMTURaisedEarly, faults.PMTUKeptForever, faults.PTBNonzeroCodeIgnored,
	faults.AcceptUnspecifiedDestination, faults.DuplicatesDropDatagram, faults.PTBUnvalidated,
	faults.EchoRequestBadChecksum)

// TestIPv6CoreFaults: each fault of this table changes the behaviour it
// names, and only with the fault does the node behave that way.
func TestIPv6CoreFaults(t *testing.T) {
	other := netip.MustParseAddr("2001:db8:1::99")
	cases := []struct {
		fault          faults.Fault
		observe        func(*harness) string
		correct, wrong string
	}{
		{faults.PMTUGlobal, func(h *harness) string {
			pathMTUAfter(1280)(h)
			return fmt.Sprint(h.node.PathMTU(other))
		}, "1500", "1280"},
		{faults.PMTURaisedEarly, func(h *harness) string {
			pathMTUAfter(1280)(h)
			h.clk.Advance(2 * time.Minute)
			return fmt.Sprint(h.node.PathMTU(tnGlobal))
		}, "1280", "1500"},
		{faults.PMTUKeptForever, func(h *harness) string {
			pathMTUAfter(1280)(h)
			h.clk.Advance(11 * time.Minute)
			return fmt.Sprint(h.node.PathMTU(tnGlobal))
		}, "1500", "1280"},
		{faults.PTBNonzeroCodeIgnored, func(h *harness) string {
			h.learnTN()
			quote := bigEcho(nutGlobal, tnGlobal, 1, 1400)
			body := append([]byte{0, 0, 0x05, 0x00}, quote[:1232]...) // MTU 1280
			h.send(icmpPkt(tnGlobal, nutGlobal, 255, 2, 1, body))     // code 1
			return fmt.Sprint(h.node.PathMTU(tnGlobal))
		}, "1280", "1500"},
		{faults.EchoRequestBadChecksum, func(h *harness) string {
			h.learnTN()
			if err := h.node.SendEchoRequest(tnGlobal, 1, 1, []byte("ping")); err != nil {
				return err.Error()
			}
			s := ofType(h.sent(), 128)
			if len(s) != 1 {
				return fmt.Sprintf("%d requests", len(s))
			}
			raw := s[0].raw[14:]
			return fmt.Sprint(icmp6.ChecksumOK(raw[40:], nutGlobal, tnGlobal))
		}, "true", "false"},
		{faults.PTBUnvalidated, func(h *harness) string {
			h.learnTN()
			quote := bigEcho(other, tnGlobal, 1, 1400) // not from the node
			h.send(ptb(tnGlobal, nutGlobal, 1280, quote))
			return fmt.Sprint(h.node.PathMTU(tnGlobal))
		}, "1500", "1280"},
		{faults.AcceptUnspecifiedDestination, replies(echo(tnLL, netip.IPv6Unspecified(), 1)), "0", "1"},
		{faults.DuplicatesDropDatagram, func(h *harness) string {
			h.learnTN()
			f := fragmentsOf(bigEcho(tnLL, nutLL, 1, 1400), 9, 512, 512)
			for _, p := range [][]byte{f[0], f[1], f[1], f[2]} {
				h.send(p)
			}
			return echoSeqs(h.sent())
		}, "1", ""},
	}
	for _, c := range cases {
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
