package refnode

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// The faults of the router discovery, Router Advertisement and Redirect
// specs. Those of the RA sender are proven in
// refnode/rtadv's own table (send_faults_test.go there).
var _ = testedIn(append(raSpecFaultList(),
	faults.RSNotAnswered, faults.RANoInitialFast, faults.RACurHopLimitZero,
	faults.RAReachableTimeZero, faults.RAAnswersWhenStopped)...)

func raSpecFaultList() []faults.Fault {
	var fs []faults.Fault
	for _, c := range raSpecFaultCases() {
		fs = append(fs, c.fault)
	}
	return fs
}

// shortened cuts pkt's ICMPv6 message to n octets in Payload Length and
// checksum, leaving the rest of the octets in the frame after it.
func shortened(pkt []byte, n int) []byte {
	out := append([]byte(nil), pkt...)
	h := ipv6.Header(out)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	m := out[ipv6.HeaderLen : ipv6.HeaderLen+n]
	m[2], m[3] = 0, 0
	c := ipv6.Checksum(h.Src(), h.Dst(), ipv6.ProtoICMPv6, m)
	m[2], m[3] = byte(c>>8), byte(c)
	return out
}

func raSpecFaultCases() []ndFaultCase {
	withRouter := func(f func(*harness) string) func(*routerHarness) string {
		return func(r *routerHarness) string {
			r.send(ra(sllaOpt(tnMAC)))
			return f(r.harness)
		}
	}
	toOffLink := func(h *harness) string { return nextHopName(h, offLink) }
	rs := func(code uint8, body []byte) []byte {
		return icmpPkt(tr2LL, netip.MustParseAddr("ff02::2"), 255, 133, code, body)
	}
	rsBody := append(make([]byte, 4), sllaOpt(tr2MAC)...)
	return []ndFaultCase{
		{fault: faults.HostLearnsFromRS, observe: func(r *routerHarness) string {
			r.send(icmpPkt(tr2LL, nutLL, 255, 133, 0, rsBody))
			return neighborState(r.harness, tr2LL)
		}, correct: "none", wrong: "STALE"},
		{fault: faults.RAZeroHopLimitResets, observe: func(r *routerHarness) string {
			r.learnTN()
			r.send(icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(100, 0, 1800, 0, 0)))
			r.send(icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(0, 0, 1800, 0, 0)))
			r.send(echo(tnLL, nutLL, 1))
			return fmt.Sprint(ofType(r.sent(), 129)[0].ip().HopLimit)
		}, correct: "100", wrong: "64"},
		{fault: faults.RouterLifetimeNotRenewed, observe: func(r *routerHarness) string {
			r.send(icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(64, 0, 10, 0, 0)))
			r.clk.Advance(8 * time.Second)
			r.send(icmpPkt(tnLL, allNodes, 255, 134, 0, raMsg(64, 0, 10, 0, 0)))
			r.clk.Advance(4 * time.Second)
			return routers(r.harness)
		}, correct: "1", wrong: "0"},
		{fault: faults.OffLinkAssumedOnLink, observe: func(r *routerHarness) string { return toOffLink(r.harness) },
			correct: "none", wrong: "on-link"},
		{fault: faults.RedirectAnyTarget, observe: withRouter(func(h *harness) string {
			h.send(redirectPkt(tnLL, 255, 0, netip.MustParseAddr("ff02::1:ff00:1"), offLink))
			return toOffLink(h)
		}), correct: "tr1", wrong: "ff02::1:ff00:1%v6l0"},
		{fault: faults.RedirectShortAccepted, observe: withRouter(func(h *harness) string {
			h.send(shortened(redirectPkt(tnLL, 255, 0, tr2LL, offLink), 32))
			return toOffLink(h)
		}), correct: "tr1", wrong: "tr2"},
		{fault: faults.RSAnyCode, router: true, observe: rsSeen(rs(1, rsBody)), correct: "0", wrong: "1"},
		{fault: faults.RSShortAccepted, router: true, observe: rsSeen(rs(0, make([]byte, 2))), correct: "0", wrong: "1"},
	}
}

// TestRAFaults: each fault of this table changes the
// behaviour it names, and only with it.
func TestRAFaults(t *testing.T) {
	for _, c := range raSpecFaultCases() {
		t.Run(string(c.fault), func(t *testing.T) {
			run := func(fs ...faults.Fault) string {
				if c.router {
					return c.observe(newRouter(t, 1500, nil, fs...))
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
