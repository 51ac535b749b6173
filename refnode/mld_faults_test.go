package refnode

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/mld"
)

var _ = testedIn(faults.MLDNoReport, faults.MLDReportsAllNodes, faults.MLDIgnoresQuery, faults.MLDNoRouterAlert,
	faults.MLDAcceptsQueryHopLimit255, faults.MLDNoRetransmit, faults.MLDQueryAnySource,
	faults.MLDQueryNoRouterAlertAccepted, faults.MLDReportHopLimit255, faults.MLDNoReportBeforeDAD,
	faults.MLDNoV1Compat, faults.MLDMaxRespLinear, faults.MLDIgnoresQRV, faults.MLDSSMExclude, faults.MLDNoSplit,
	faults.MLDNoDone, faults.MLDReportGlobalSource)

// TestMLDFaults shows each listener fault changing what the node does,
// observed on the wire, against a correct node.
func TestMLDFaults(t *testing.T) {
	// quiet is a settled node with nothing pending.
	quiet := func(t *testing.T, f []faults.Fault) *harness {
		h := started(t, f...)
		h.clk.Advance(5 * time.Second)
		h.pipe.Sent()
		return h
	}
	// joined reports what a join with a source filter sends at once.
	joined := func(show func(report) string) func(*harness) string {
		return func(h *harness) string {
			h.node.SetSourceFilter("v6l0", mcast1, FilterInclude, []netip.Addr{tnGlobal})
			var s []string
			for _, r := range h.reports() {
				s = append(s, show(r))
			}
			return strings.Join(s, " ")
		}
	}
	// answers counts the reports a query draws at once (Maximum Response Code 0).
	answers := func(pkt []byte) func(*harness) string {
		return func(h *harness) string {
			h.send(pkt)
			return fmt.Sprint(len(h.reports()))
		}
	}
	gq := generalQuery(0)
	v1q := mldPkt(tnLL, ipv6.AllNodes, 1, true, v1Msg(mld.TypeQuery, 0, netip.IPv6Unspecified()))
	many := func(n int) []netip.Addr {
		var s []netip.Addr
		for i := range n {
			s = append(s, netip.AddrFrom16([16]byte{0x20, 1, 0xd, 0xb8, 15: byte(i + 1), 14: 9}))
		}
		return s
	}
	for _, c := range []struct {
		fault          faults.Fault
		observe        func(*harness) string
		correct, wrong string
	}{
		{faults.MLDNoReport, joined(func(report) string { return "report" }), "report", ""},
		{faults.MLDNoRouterAlert, joined(func(r report) string { return fmt.Sprint(r.ra) }), "true", "false"},
		{faults.MLDReportHopLimit255, joined(func(r report) string { return fmt.Sprint(r.o.ip().HopLimit) }), "1", "255"},
		{faults.MLDReportGlobalSource, joined(func(r report) string { return r.o.src().String() }), nutLL.String(), nutGlobal.String()},
		{faults.MLDNoRetransmit, func(h *harness) string {
			h.node.JoinGroup("v6l0", mcast1)
			h.clk.Advance(2 * time.Second)
			return fmt.Sprint(len(h.reports()))
		}, "2", "1"},
		{faults.MLDReportsAllNodes, func(h *harness) string {
			h.send(mldPkt(tnLL, ipv6.AllNodes, 1, true, gq))
			n := 0
			for _, r := range h.reports() {
				for _, x := range r.recs {
					if x.Group == ipv6.AllNodes {
						n++
					}
				}
			}
			return fmt.Sprint(n)
		}, "0", "1"},
		{faults.MLDIgnoresQuery, answers(mldPkt(tnLL, ipv6.AllNodes, 1, true, gq)), "1", "0"},
		{faults.MLDAcceptsQueryHopLimit255, answers(mldPkt(tnLL, ipv6.AllNodes, 255, true, gq)), "0", "1"},
		{faults.MLDQueryAnySource, answers(mldPkt(tnGlobal, ipv6.AllNodes, 1, true, gq)), "0", "1"},
		{faults.MLDQueryNoRouterAlertAccepted, answers(mldPkt(tnLL, ipv6.AllNodes, 1, false, gq)), "0", "1"},
		{faults.MLDNoV1Compat, func(h *harness) string {
			h.send(v1q)
			r := h.reports()
			return fmt.Sprint(r[0].typ)
		}, "131", "143"},
		{faults.MLDMaxRespLinear, func(h *harness) string {
			// 0xffff: 8387 s read as a floating-point code, 65.5 s linear.
			h.send(mldPkt(tnLL, ipv6.AllNodes, 1, true, generalQuery(0xffff)))
			h.clk.Advance(65536 * time.Millisecond)
			return fmt.Sprint(len(h.reports()))
		}, "0", "1"},
		{faults.MLDIgnoresQRV, func(h *harness) string {
			b := make([]byte, 28)
			h.send(mldPkt(tnLL, ipv6.AllNodes, 1, true, b[:mld.PutQuery(b, 0, netip.IPv6Unspecified(), false, 4, 125, nil)]))
			h.pipe.Sent()
			h.node.JoinGroup("v6l0", mcast1)
			h.clk.Advance(5 * time.Second)
			return fmt.Sprint(len(h.reports()))
		}, "4", "2"},
		{faults.MLDSSMExclude, func(h *harness) string {
			err := h.node.JoinGroup("v6l0", netip.MustParseAddr("ff3e::2000:1"))
			return fmt.Sprintf("%v %d", err == nil, len(h.reports()))
		}, "false 0", "true 1"},
		{faults.MLDNoSplit, func(h *harness) string {
			h.node.SetSourceFilter("v6l0", mcast1, FilterInclude, many(90))
			var s []string
			for _, o := range h.sentAll() {
				s = append(s, fmt.Sprint(o.raw[hbhNextHeader]))
			}
			return strings.Join(s, " ")
		}, "58 58", "44 44"},
		{faults.MLDNoDone, func(h *harness) string {
			h.node.JoinGroup("v6l0", mcast1)
			h.send(v1q)
			h.pipe.Sent()
			h.node.LeaveGroup("v6l0", mcast1)
			return fmt.Sprint(len(h.reports()))
		}, "1", "0"},
	} {
		t.Run(string(c.fault), func(t *testing.T) {
			if got := c.observe(quiet(t, nil)); got != c.correct {
				t.Errorf("correct node: %q, want %q", got, c.correct)
			}
			if got := c.observe(quiet(t, []faults.Fault{c.fault})); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
	// Before DAD: the faulty node's first frame is the probe, not the report.
	first := func(f ...faults.Fault) string {
		h := newHarness(t, f)
		when, _ := h.clk.Next()
		h.clk.AdvanceTo(when)
		s := h.sentAll()
		return fmt.Sprint(s[0].icmpType())
	}
	if got := first(); got != "143" {
		t.Errorf("correct node: first frame of type %s", got)
	}
	if got := first(faults.MLDNoReportBeforeDAD); got != "135" {
		t.Errorf("mld-no-report-before-dad: first frame of type %s", got)
	}
}

// hbhNextHeader is where the Next Header field of a frame's Hop-by-Hop
// header is: ICMPv6 (58) or, in a fragment, Fragment (44).
const hbhNextHeader = 14 + ipv6.HeaderLen
