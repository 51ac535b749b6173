package refnode

import (
	"encoding/binary"
	"fmt"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/link"
)

var _ = testedIn(faults.UnknownNextHeaderSilent, faults.FragErrorSilent, faults.ReassemblyNeverAbandoned,
	faults.RedirectFromGlobal, faults.ReachableNeverStale, faults.DADResolutionNSConflict, faults.Tunnel4MTU576, faults.DRLOneRouter)

// TestOneLevelFaults: each fault that breaks only one level of a requirement
// changes the behaviour it names, and only with it.
func TestOneLevelFaults(t *testing.T) {
	fa := fragmentsOf(bigEcho(tnLL, nutLL, 1, 1400), 100, 512, 512)
	host := func(settled bool) func(testing.TB, ...faults.Fault) *harness {
		return func(t testing.TB, fs ...faults.Fault) *harness {
			if settled {
				return started(t, fs...)
			}
			return newHarness(t, fs)
		}
	}
	cases := []struct {
		fault          faults.Fault
		start          func(testing.TB, ...faults.Fault) *harness
		observe        func(*harness) string
		correct, wrong string
	}{
		{faults.UnknownNextHeaderSilent, host(true), result(ipPkt(tnLL, nutLL, 64, 253, nil)), "PP 1/0x6", "none"},
		{faults.UnknownNextHeaderSilent, host(true), result(echoWith(nutLL, destOpts(), hbh())), "PP 1/0x28", "none"},
		{faults.FragErrorSilent, host(true), result(withHeaders(tnLL, nutLL, 58, echoData(13), fragHdr(0, true, 1))), "PP 0/0x4", "none"},
		{faults.FragErrorSilent, host(true), result(withHeaders(tnLL, nutLL, 58, make([]byte, 16), fragHdr(65528, true, 1))), "PP 0/0x2a", "none"},
		{faults.ReassemblyNeverAbandoned, host(true), func(h *harness) string {
			h.learnTN()
			h.send(fa[0])
			h.send(fa[1])
			h.clk.Advance(frag60 + time.Second)
			h.send(fa[2])
			return echoSeqs(h.sent())
		}, "", "1"},
		{faults.ReachableNeverStale, host(true), func(h *harness) string {
			h.learnTN()
			h.clk.Advance(time.Minute)
			return neighborState(h, tnLL)
		}, "STALE", "REACHABLE"},
		{faults.DADResolutionNSConflict, host(false), func(h *harness) string {
			h.send(icmpPkt(tnLL, nutSolicited, 255, 135, 0, nsBody(nutGlobal, &tnMAC)))
			h.clk.Advance(3 * time.Second)
			return states(h)
		}, "pp", "pd"},
		{faults.RedirectFromGlobal, func(t testing.TB, fs ...faults.Fault) *harness {
			return newRouter(t, 1500, nil, fs...).harness
		}, func(h *harness) string {
			h.send(toLink0(1))
			return fmt.Sprint(ofType(h.sent(), 137)[0].src().IsLinkLocalUnicast())
		}, "true", "false"},
		{faults.DRLOneRouter, host(true), func(h *harness) string {
			h.send(icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(64, 0, 1800, 0, 0)))
			h.send(icmpPkt(tr2LL, allNodes, 255, 134, 0, raMsg(64, 0, 1800, 0, 0)))
			return routers(h)
		}, "2", "1"},
		{faults.Tunnel4MTU576, newTunnelRouter, func(h *harness) string {
			h.inject(frame4(pkt4(tn4, far44, ipv4.ProtoICMP, 64, true, 1480)))
			for _, f := range h.pipe.Sent() {
				if p := f[link.HeaderLen:]; link.Frame(f).EtherType() == ipv4.EtherTypeIPv4 && ipv4.Header(p).Protocol() == ipv4.ProtoICMP {
					return fmt.Sprint(binary.BigEndian.Uint16(p[ipv4.HeaderLen+6:]))
				}
			}
			return "none"
		}, "1480", "576"},
	}
	for _, c := range cases {
		t.Run(string(c.fault), func(t *testing.T) {
			if got := c.observe(c.start(t)); got != c.correct {
				t.Errorf("correct node: %q, want %q", got, c.correct)
			}
			if got := c.observe(c.start(t, c.fault)); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
}
