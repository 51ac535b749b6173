package refnode

import (
	"fmt"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/mld"
)

// The optional settings' faults, tested in refnode/mld (options_test.go:
// TestOptionalSettings, TestOptionalSettingsFaults, TestStatePerInterface),
// where their settings and a second interface are at hand.
var _ = testedIn(faults.MLDSourceLimitIgnored, faults.MLDReportsRefusedCall, faults.MLDSSMRangeIgnored,
	faults.MLDV1SuppressionIgnored, faults.MLDV1Suppresses, faults.MLDNodeWideState)

var _ = testedIn(faults.MLDNoReReport, faults.MLDRetransmitLate, faults.MLDUnicastQueryDropped,
	faults.MLDShortQueryAccepted, faults.MLDUnknownTypeAsQuery, faults.MLDAnswerLate, faults.MLDQueryStrict,
	faults.MLDQueryGroupUnchecked, faults.MLDAnswersLeftGroups, faults.MLDQuerySourcesByLength,
	faults.MLDAnswersEmpty, faults.MLDReportsUnchanged, faults.MLDQueryRulesIgnored, faults.MLDV1Forever)

// TestMLDQueryAndChangeFaults shows each of the listener faults the
// rfc3810 specs added changing what the node sends, against a correct
// node.
func TestMLDQueryAndChangeFaults(t *testing.T) {
	quiet := func(t *testing.T, f []faults.Fault) *harness {
		h := started(t, f...)
		h.clk.Advance(5 * time.Second)
		h.pipe.Sent()
		return h
	}
	query := func(mrc uint16, g netip.Addr, srcs ...netip.Addr) []byte {
		b := make([]byte, 28+16*len(srcs))
		return b[:mld.PutQuery(b, mrc, g, false, 2, 125, srcs)]
	}
	count := func(h *harness) string { return fmt.Sprint(len(h.reports())) }
	answers := func(pkt []byte) func(*harness) string {
		return func(h *harness) string { h.send(pkt); return count(h) }
	}
	// listening makes the node listen to mcast1 from tnGlobal, and forgets
	// the reports of the join.
	listening := func(h *harness) {
		h.node.SetSourceFilter("v6l0", mcast1, FilterInclude, []netip.Addr{tnGlobal})
		h.clk.Advance(5 * time.Second)
		h.pipe.Sent()
	}
	gq := generalQuery(0)
	other := netip.MustParseAddr("2001:db8:9::1")
	for _, c := range []struct {
		fault          faults.Fault
		observe        func(*harness) string
		correct, wrong string
	}{
		{faults.MLDRetransmitLate, func(h *harness) string {
			h.node.JoinGroup("v6l0", mcast1)
			h.clk.Advance(time.Second)
			return count(h)
		}, "2", "1"},
		{faults.MLDUnicastQueryDropped, answers(mldPkt(tnLL, nutLL, 1, true, gq)), "1", "0"},
		{faults.MLDShortQueryAccepted, answers(mldPkt(tnLL, ipv6.AllNodes, 1, true, gq[:26])), "0", "1"},
		{faults.MLDUnknownTypeAsQuery, answers(mldPkt(tnLL, ipv6.AllNodes, 1, true, append([]byte{0xff}, gq[1:]...))), "0", "1"},
		{faults.MLDAnswerLate, func(h *harness) string {
			h.send(mldPkt(tnLL, ipv6.AllNodes, 1, true, generalQuery(1000)))
			h.clk.Advance(time.Second)
			return count(h)
		}, "1", "0"},
		{faults.MLDQueryStrict, answers(mldPkt(tnLL, ipv6.AllNodes, 1, true, append([]byte{mld.TypeQuery, 0xff}, gq[2:]...))), "1", "0"},
		{faults.MLDQueryGroupUnchecked, answers(mldPkt(tnLL, ipv6.AllNodes, 1, true, query(0, netip.IPv6Unspecified(), tnGlobal))), "0", "1"},
		{faults.MLDAnswersLeftGroups, func(h *harness) string {
			h.node.JoinGroup("v6l0", mcast1)
			h.node.LeaveGroup("v6l0", mcast1)
			h.clk.Advance(5 * time.Second)
			h.pipe.Sent()
			h.send(mldPkt(tnLL, ipv6.AllNodes, 1, true, query(0, mcast1)))
			return count(h)
		}, "0", "1"},
		{faults.MLDQuerySourcesByLength, func(h *harness) string {
			listening(h)
			q := query(0, mcast1, other)
			q[27] = 0 // Number of Sources 0: a Multicast Address Specific Query with extra octets
			h.send(mldPkt(tnLL, ipv6.AllNodes, 1, true, q))
			r := h.reports()
			return fmt.Sprint(len(r))
		}, "1", "0"},
		{faults.MLDAnswersEmpty, func(h *harness) string {
			listening(h)
			h.send(mldPkt(tnLL, ipv6.AllNodes, 1, true, query(0, mcast1, other)))
			return count(h)
		}, "0", "1"},
		{faults.MLDQueryRulesIgnored, func(h *harness) string {
			h.send(mldPkt(tnLL, ipv6.AllNodes, 1, true, generalQuery(1000)))
			h.send(mldPkt(tnLL, ipv6.AllNodes, 1, true, generalQuery(2000)))
			h.clk.Advance(3 * time.Second)
			return count(h)
		}, "1", "2"},
		{faults.MLDV1Forever, func(h *harness) string {
			h.send(mldPkt(tnLL, ipv6.AllNodes, 1, true, v1Msg(mld.TypeQuery, 0, netip.IPv6Unspecified())))
			h.clk.Advance(300 * time.Second)
			h.pipe.Sent()
			h.node.JoinGroup("v6l0", mcast1)
			return fmt.Sprint(h.reports()[0].typ)
		}, "143", "131"},
		{faults.MLDReportsUnchanged, func(h *harness) string {
			h.node.LeaveGroup("v6l0", mcast1)
			return count(h)
		}, "0", "1"},
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
	// After DAD: the correct node reports its groups again from its
	// link-local address; the faulty one only sent them from ::.
	fromLL := func(f ...faults.Fault) string {
		h := newHarness(t, f)
		h.clk.Advance(10 * time.Second)
		return fmt.Sprint(slices.ContainsFunc(h.reports(), func(r report) bool { return r.o.src() == nutLL }))
	}
	if got := fromLL(); got != "true" {
		t.Errorf("correct node: a report from the link-local address: %s", got)
	}
	if got := fromLL(faults.MLDNoReReport); got != "false" {
		t.Errorf("mld-no-rereport: a report from the link-local address: %s", got)
	}
}
