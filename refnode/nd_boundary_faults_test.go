package refnode

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/nd"
)

// The ND faults of this file: a check applied to multicast
// destinations only, or a minimum length off by one. Each case sends the
// message just past the boundary the fault moves.
func boundNDCases() []ndFaultCase {
	host := func(f func(*harness) string) func(*routerHarness) string {
		return func(r *routerHarness) string { return f(r.harness) }
	}
	allRouters := netip.MustParseAddr("ff02::2")
	rsBody := append(make([]byte, 4), sllaOpt(tr2MAC)...)
	probing := func(h *harness) {
		h.learnTN()
		h.clk.Advance(50 * time.Second) // STALE
		h.send(echo(tnLL, nutLL, 1))    // DELAY
		h.clk.Advance(5 * time.Second)  // PROBE
		h.sent()
	}
	return []ndFaultCase{
		{fault: faults.NSCodeMulticastOnly, observe: host(answers(icmpPkt(tnLL, nutLL, 255, 135, 1, nsBody(nutLL, &tnMAC)))), correct: "0", wrong: "1"},
		{fault: faults.NSLengthOffByOne, observe: host(answers(shortened(icmpPkt(tnLL, nutLL, 255, 135, 0, nsBody(nutLL, nil)), 23))), correct: "0", wrong: "1"},
		{fault: faults.NALengthOffByOne, observe: host(func(h *harness) string {
			probing(h)
			h.send(shortened(icmpPkt(tnLL, nutLL, 255, 136, 0, naBody(nd.FlagSolicited|nd.FlagOverride, tnLL, nil)), 23))
			return stateOf(h)
		}), correct: "PROBE 00:00:00:00:a0:a0", wrong: "REACHABLE 00:00:00:00:a0:a0"},
		{fault: faults.RAHopLimitMulticastOnly, observe: afterRA(icmpPkt(tnLL, nutLL, 254, 134, 0, raMsg(64, 0, 1800, 0, 0)), routers), correct: "0", wrong: "1"},
		{fault: faults.RACodeMulticastOnly, observe: afterRA(icmpPkt(tnLL, nutLL, 255, 134, 1, raMsg(64, 0, 1800, 0, 0)), routers), correct: "0", wrong: "1"},
		{fault: faults.RALengthOffByOne, observe: afterRA(shortened(icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(64, 0, 1800, 0, 0)), 15), routers), correct: "0", wrong: "1"},
		{fault: faults.RSHopLimitMulticastOnly, router: true, observe: rsSeen(icmpPkt(tr2LL, nutLL, 254, 133, 0, rsBody)), correct: "0", wrong: "1"},
		{fault: faults.RSCodeMulticastOnly, router: true, observe: rsSeen(icmpPkt(tr2LL, nutLL, 255, 133, 1, rsBody)), correct: "0", wrong: "1"},
		{fault: faults.RSLengthOffByOne, router: true, observe: rsSeen(shortened(icmpPkt(tr2LL, allRouters, 255, 133, 0, rsBody), 7)), correct: "0", wrong: "1"},
		{fault: faults.NSZeroOptionMulticastOnly, observe: host(answers(icmpPkt(tnLL, nutLL, 255, 135, 0, append(nsBody(nutLL, nil), 1, 0, 0, 0, 0, 0, 0, 0)))), correct: "0", wrong: "1"},
		{fault: faults.RAZeroOptionMulticastOnly, observe: afterRA(icmpPkt(tnLL, nutLL, 255, 134, 0, raMsg(64, 0, 1800, 0, 0, []byte{1, 0, 0, 0, 0, 0, 0, 0})), routers), correct: "0", wrong: "1"},
		{fault: faults.RSZeroOptionMulticastOnly, router: true, observe: rsSeen(icmpPkt(tr2LL, nutLL, 255, 133, 0, append(make([]byte, 4), 1, 0, 0, 0, 0, 0, 0, 0))), correct: "0", wrong: "1"},
		{fault: faults.IncompleteSendsAtOnce, observe: host(func(h *harness) string {
			resolution(h) // INCOMPLETE, the first reply queued
			h.send(echo(tnLL, nutLL, 2))
			return fmt.Sprint(len(ofType(h.sent(), 129)))
		}), correct: "0", wrong: "1"},
		{fault: faults.RSStopOnLifetimeZero, rs: true, observe: func(r *routerHarness) string {
			n := solicitations(r.harness, 3*time.Second)
			r.send(icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(64, 0, 0, 0, 0)))
			return fmt.Sprint(n, solicitations(r.harness, 15*time.Second))
		}, correct: "1 2", wrong: "1 0"},
		{fault: faults.NUDExtraProbe, observe: host(func(h *harness) string {
			probing(h) // the first probe is out
			h.clk.Advance(10 * time.Second)
			return fmt.Sprint(len(ofType(h.sent(), 135)))
		}), correct: "2", wrong: "3"},
		{fault: faults.NUDProbeOneShort, observe: host(func(h *harness) string {
			probing(h)
			h.clk.Advance(10 * time.Second)
			return fmt.Sprint(len(ofType(h.sent(), 135)))
		}), correct: "2", wrong: "1"},
		{fault: faults.RIOLongPrefixInLength2, observe: func(r *routerHarness) string {
			o := rioOpt(netip.MustParsePrefix("2001:db8:99::/64"), nd.PrefHigh, time.Hour) // Length 2
			o[2] = 96
			r.send(ra())
			r.send(icmpPkt(tr2LL, allNodes, 255, 134, 0, raMsg(64, 0, 0, 0, 0, sllaOpt(tr2MAC), o)))
			return nextHopName(r.harness, offLink)
		}, correct: "tr1", wrong: "tr2"},
		{fault: faults.RIOPrefixInLength1, observe: func(r *routerHarness) string {
			o := rioOpt(netip.MustParsePrefix("::/0"), nd.PrefHigh, time.Hour) // Length 1
			o[2] = 1
			r.send(ra())
			r.send(icmpPkt(tr2LL, allNodes, 255, 134, 0, raMsg(64, 0, 0, 0, 0, sllaOpt(tr2MAC), o)))
			return nextHopName(r.harness, offLink)
		}, correct: "tr1", wrong: "tr2"},
		{fault: faults.OnLinkZeroLifetimeKept, observe: host(func(h *harness) string {
			p := netip.MustParsePrefix("2001:db8:99::/64")
			h.send(ra(pioOpt(p, true, false, time.Hour, time.Hour)))
			h.send(ra(pioOpt(p, true, false, 0, 0)))
			return nextHopName(h, offLink)
		}), correct: "tr1", wrong: "on-link"},
		{fault: faults.SLAACZeroLifetimeRemoves, observe: host(func(h *harness) string {
			h.send(ra(pioOpt(slaacPfx, true, true, 3*time.Hour, 3*time.Hour)))
			h.send(ra(pioOpt(slaacPfx, true, true, 0, 0)))
			h.clk.Advance(time.Minute)
			return autoAddrs(h)
		}), correct: "1", wrong: "0"},
		{fault: faults.DNSSLLabel62Max, observe: afterRA(ra(func() []byte {
			b := make([]byte, 128)
			return b[:nd.PutDNSSLOption(b, 10*time.Minute, []string{strings.Repeat("a", 63) + ".example"})]
		}()), func(h *harness) string { return fmt.Sprint(len(h.node.DNS())) }), correct: "1", wrong: "0"},
		{fault: faults.TwoHourKeepsRemaining, observe: host(func(h *harness) string {
			h.send(ra(pioOpt(slaacPfx, true, true, 3*time.Hour, 3*time.Hour)))
			h.send(ra(pioOpt(slaacPfx, true, true, 3*time.Second, 3*time.Second)))
			h.clk.Advance(2*time.Hour + time.Second)
			return autoAddrs(h)
		}), correct: "0", wrong: "1"},
		{fault: faults.TwoHourExtendsShort, observe: host(func(h *harness) string {
			h.send(ra(pioOpt(slaacPfx, true, true, time.Hour, time.Hour)))
			h.send(ra(pioOpt(slaacPfx, true, true, 3*time.Second, 3*time.Second)))
			h.clk.Advance(time.Hour + time.Second)
			return autoAddrs(h)
		}), correct: "0", wrong: "1"},
		{fault: faults.RedirectTargetMulticastOnly, observe: func(r *routerHarness) string {
			r.send(ra(sllaOpt(tnMAC)))
			r.send(redirectPkt(tnLL, 255, 0, netip.MustParseAddr("2001:db8:1::200:ff:fe00:b0b0"), offLink))
			return nextHopName(r.harness, offLink)
		}, correct: "tr1", wrong: "2001:db8:1:0:200:ff:fe00:b0b0"},
		{fault: faults.RedirectLengthOffByOne, observe: func(r *routerHarness) string {
			r.send(ra(sllaOpt(tnMAC)))
			r.send(shortened(redirectPkt(tnLL, 255, 0, tr2LL, offLink), 39))
			return nextHopName(r.harness, offLink)
		}, correct: "tr1", wrong: "tr2"},
	}
}

var _ = testedIn(func() []faults.Fault {
	var fs []faults.Fault
	for _, c := range boundNDCases() {
		fs = append(fs, c.fault)
	}
	return fs
}()...)

// TestBoundNDFaults: each ND fault of this file takes the
// message one step past its boundary, and only with the fault.
func TestBoundNDFaults(t *testing.T) {
	for _, c := range boundNDCases() {
		t.Run(string(c.fault), func(t *testing.T) {
			run := func(fs ...faults.Fault) string {
				if c.router {
					return c.observe(newRouter(t, 1500, nil, fs...))
				}
				if c.rs {
					return c.observe(&routerHarness{harness: newHarness(t, fs, func(cfg *Config) { cfg.ND = nil })})
				}
				h := newHarness(t, fs)
				h.clk.Advance(2 * time.Second)
				h.pipe.Sent()
				return c.observe(&routerHarness{harness: h})
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
