package rfc3810

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Groups 6 and 7 of the listener checklist: MLDv1 compatibility (RFC 3810
// §8.2.1, with RFC 2710 §4 for what an MLDv1 host sends) and the host
// rules for source-specific multicast (RFC 4604 §2).

// olderVersionTimeout is the Older Version Querier Present Timeout with
// the defaults: RV × QI + QRI = 2 × 125 s + 10 s (RFC 3810 §9.12).
const olderVersionTimeout = 260 * time.Second

// v1ReportInterval is RFC 2710's [Unsolicited Report Interval], 10 s: in
// MLDv1 mode a node may repeat its unsolicited Reports by that interval
// or by RFC 3810's 1 s; the specs wait for the longer.
const v1ReportInterval = 10 * time.Second

// v1Query sends an MLDv1 Query from TR1 about group (:: or invalid: a
// General Query) on the listener's link.
func (m *mld) v1Query(group netip.Addr, mrd time.Duration) {
	GinkgoHelper()
	what := "an MLDv1 General Query"
	if group.IsValid() && !group.IsUnspecified() {
		what = "an MLDv1 query about " + group.String()
	}
	m.send(fmt.Sprintf("TR1 sends %s (Maximum Response Delay %v)", what, mrd), packets.MLDv1Query(TR1.MAC, TR1.LL, group, mrd))
}

// v1Answers collects what the node sends for window and requires an
// MLDv1 Report for each group, by the window's end, and no MLDv2 Report
// about any of them.
func (m *mld) v1Answers(window time.Duration, groups ...netip.Addr) []*suites.Captured {
	GinkgoHelper()
	for _, g := range groups {
		By("the node answers with an MLDv1 Report for " + g.String() + ", and no MLDv2 Report")
	}
	got := m.l.Collect(&packets.Matcher{Desc: "an MLD message"}).Within(window)
	var problems []string
	for _, g := range groups {
		found := false
		for _, c := range got {
			if packets.MLDv1ReportFor(g).Match(c.Frame) {
				found = true
			}
			if packets.MLDReportAbout(g).IsCandidate(c.Frame) {
				problems = append(problems, "an MLDv2 Report about "+g.String()+" in MLDv1 mode: "+c.Summary())
			}
		}
		if !found {
			problems = append(problems, "no MLDv1 Report for "+g.String())
		}
	}
	if len(problems) > 0 {
		var seen []string
		for _, c := range got {
			seen = append(seen, c.Summary())
		}
		Fail(fmt.Sprintf("Link%d: %s.\n  Seen from the node:\n    %s", m.l.Index, strings.Join(problems, "; "), strings.Join(seen, "\n    ")))
	}
	return got
}

// count collects for window and counts the frames m matches, failing if
// the count is out of [min, max] or an MLDv2 Report about group came.
func (m *mld) countV1(window time.Duration, group netip.Addr, mt *packets.Matcher, min, max int) {
	GinkgoHelper()
	By(fmt.Sprintf("the node sends %s, %d to %d time(s), and no MLDv2 Report about %s", mt.Desc, min, max, group))
	got := m.l.Collect(&packets.Matcher{Desc: "an MLD message"}).Within(window)
	n := 0
	var seen []string
	for _, c := range got {
		seen = append(seen, c.Summary())
		if mt.Match(c.Frame) {
			n++
		}
		if packets.MLDReportAbout(group).IsCandidate(c.Frame) {
			Fail(fmt.Sprintf("Link0: an MLDv2 Report about %s in MLDv1 mode: %s", group, c.Summary()))
		}
	}
	if n < min || n > max {
		Fail(fmt.Sprintf("Link0: %s came %d time(s), expected %d to %d.\n  Seen from the node:\n    %s", mt.Desc, n, min, max, strings.Join(seen, "\n    ")))
	}
}

var _ = Describe("An MLDv1 General Query switches the interface to MLDv1 mode", Label("rfc:3810", "section:8.2.1", "ipv6ready:MLDv2L.6.1.a", "role:any"), func() {
	var m *mld
	BeforeEach(func() {
		m = listeningS1()
	})

	It("answers it with MLDv1 Reports for its groups", Label("level:must", "fault:mld-no-v1-compat"), func() {
		m.v1Query(netip.Addr{}, gqMRD)
		m.v1Answers(gqMRD+slack, M1, m.sn())
	})

	// RFC 2710 §4: an unsolicited Report, repeated once or twice
	// (a recommendation).
	It("reports a join with unsolicited MLDv1 Reports to the group", Label("level:should", "fault:mld-no-retransmit", "section:4", "rfc:2710"), func() {
		m.v1Query(netip.Addr{}, specificMRD)
		m.v1Answers(specificMRD+slack, M1)
		m.filter(0, M2, suites.FilterExclude)
		m.countV1(2*v1ReportInterval+slack, M2, packets.MLDv1ReportFor(M2), 2, 3)
	})

	// RFC 2710 §4: the node that sent the last Report sends a Done when it
	// leaves (SHOULD).
	It("sends an MLDv1 Done when it leaves a group", Label("level:should", "fault:mld-no-done", "section:4", "rfc:2710"), func() {
		m.v1Query(netip.Addr{}, specificMRD)
		m.v1Answers(specificMRD+slack, M1)
		m.in(0)
		m.countV1(m.uri+slack, M1, packets.MLDv1DoneFor(M1), 1, 1)
	})

	It("goes back to MLDv2 after the Older Version Querier Present Timeout", Label("level:must", "fault:mld-v1-forever", "slow"), func() {
		m.v1Query(netip.Addr{}, specificMRD)
		m.v1Answers(specificMRD+slack, M1)
		m.filter(0, M2, suites.FilterExclude)
		m.quiet()
		By(fmt.Sprintf("the tester lets the Older Version Querier Present Timeout (%v) pass", olderVersionTimeout))
		m.e.Wait(olderVersionTimeout + slack)
		m.filter(0, M2, suites.FilterInclude)
		m.change(M2, TO_IN())
	})
})

var _ = Describe("Any query in MLDv1 mode gets an MLDv1 Report", Label("rfc:3810", "section:8.2.1", "ipv6ready:MLDv2L.6.1.b", "role:any", "level:must", "fault:mld-no-v1-compat"), func() {
	It("answers MLDv1 and MLDv2 queries alike with MLDv1 Reports, ignoring source lists", func() {
		m := listeningS1()
		m.v1Query(M1, specificMRD)
		m.v1Answers(specificMRD+slack, M1)
		for _, c := range []struct {
			what string
			q    packets.MLDQuery
		}{
			{"an MLDv2 General Query", gq(specificMRD)},
			{"an MLDv2 query about M1", qm(specificMRD)},
			{"an MLDv2 query about M1 and S2", qm(specificMRD, S2)},
		} {
			m.send("TR1 sends "+c.what, m.query(TR1, netip.Addr{}, c.q))
			m.v1Answers(specificMRD+slack, M1)
		}
	})
})

var _ = Describe("An MLDv1 Maximum Response Delay of 40000", Label("rfc:3810", "section:8.2.1", "ipv6ready:MLDv2L.6.1.c", "role:any", "level:must", "fault:mld-answer-late"), func() {
	It("reads it as 40 s, not as an MLDv2 code", func() {
		m := listeningS1()
		m.v1Query(netip.Addr{}, 40*time.Second)
		m.v1Answers(40*time.Second+slack, M1, m.sn())
	})
})

var _ = Describe("A change to MLDv1 mode cancels a pending MLDv2 answer", Label("rfc:3810", "section:8.2.1", "ipv6ready:MLDv2L.6.1.d", "role:any", "level:must", "fault:mld-no-v1-compat"), func() {
	It("answers an MLDv2 General Query followed by an MLDv1 one with MLDv1 Reports only", func() {
		m := listeningS1()
		m.send("TR1 sends an MLDv2 General Query", m.query(TR1, netip.Addr{}, packets.GeneralQuery()))
		m.v1Query(netip.Addr{}, gqMRD)
		m.v1Answers(gqMRD+slack, M1, m.sn())
	})
})

var _ = Describe("The compatibility mode is per interface", Label("rfc:3810", "section:8.2.1", "ipv6ready:MLDv2L.6.3", "role:any", "level:must", "fault:mld-no-v1-compat"), func() {
	It("answers in MLDv1 on the link with an MLDv1 querier and in MLDv2 on the other", func() {
		m := start(suites.Links(2), suites.NeedsCapability(suites.CapMultipleInterfaces))
		m1 := m.on(m.e.Link1)
		m.in(0, S1)
		m1.in(0, S2)
		m.quiet()
		m.v1Query(M1, specificMRD)
		m.v1Answers(specificMRD+slack, M1)
		m1.send("TR1 asks about M1 on Link1 in MLDv2", m1.query(TR1, netip.Addr{}, packets.GroupQuery(M1)))
		m1.answer(specificMRD, M1, IS_IN(S2))
	})
})

var _ = Describe("An EXCLUDE join of a source-specific group", Label("rfc:4604", "section:2.2.2", "ipv6ready:MLDv2L.7.1.a", "role:any", "level:should", "fault:mld-ssm-exclude"), func() {
	It("sends no EXCLUDE-mode record for it", func() {
		m := start()
		ssm := netip.MustParseAddr("ff3e::2000:0")
		m.filter(0, ssm, suites.FilterExclude)
		m.none(ssm, reportWait+m.uri+slack)
	})
})

// RFC 4604 §2 wants the SSM range configurable. The checklist's range,
// ff3e::9000:0/100, lies in ff3x::/32, which is source-specific already;
// the spec takes suites.SSMRange instead, a range of the same size that is
// not, so that only the configuration makes its groups source-specific.
var _ = Describe("An EXCLUDE join of a group in a configured SSM range", Label("rfc:4604", "section:2", "ipv6ready:MLDv2L.7.1.b", "role:any", "level:should", "fault:mld-ssm-range-ignored"), func() {
	It("sends no EXCLUDE-mode record for it", func() {
		m := start(suites.NeedsCapability(suites.CapSSMRange))
		ssm := netip.MustParsePrefix(suites.SSMRange).Addr().Next()
		m.filter(0, ssm, suites.FilterExclude)
		m.none(ssm, reportWait+m.uri+slack)
	})
})

// RFC 3810 §8.2.2 lets an MLDv2 node suppress its report on another
// node's MLDv1 Report (a MAY): a device that declares it must withhold its
// answer; one that does not must answer the query as §6.3 says.
var _ = Describe("Suppression by an MLDv1 Report in MLDv2 mode", Label("rfc:3810", "section:8.2.2", "ipv6ready:MLDv2L.6.2", "role:any"), func() {
	queryThenV1Report := func(opt suites.Option) *mld {
		GinkgoHelper()
		m := start(opt)
		m.in(0, S1)
		m.quiet()
		m.send("TR1 asks about M1", m.query(TR1, netip.Addr{}, packets.GroupQuery(M1)))
		m.send("TN1 sends an MLDv1 Report for M1", packets.MLDv1Report(m.l.TN1.MAC, m.l.TN1.LinkLocal, M1))
		return m
	}

	It("withholds its answer about M1, as it declares", Label("level:may", "fault:mld-v1-suppression-ignored"), func() {
		m := queryThenV1Report(suites.NeedsCapability(suites.CapMLDv1ReportSuppression))
		m.none(M1, specificMRD+slack)
	})

	It("answers with IS_IN{S1} all the same, as it declares no suppression", Label("level:must", "section:6.3", "fault:mld-v1-suppresses"), func() {
		m := queryThenV1Report(suites.UnlessCapability(suites.CapMLDv1ReportSuppression))
		m.answer(specificMRD, M1, IS_IN(S1))
	})
})

var _ = Describe("Source-specific listening under an MLDv1 querier", Label("rfc:4604", "section:2.2.3", "ipv6ready:MLDv2L.7.2.a", "role:any", "level:should", "fault:mld-no-v1-compat"), func() {
	It("reports source-specific groups with MLDv1 messages while in MLDv1 mode", func() {
		m := start()
		m.filter(0, SSM1, suites.FilterInclude, S1)
		m.quiet()
		m.v1Query(netip.Addr{}, specificMRD)
		m.v1Answers(specificMRD+slack, SSM1, m.sn())
		m.filter(0, SSM2, suites.FilterInclude, S2)
		m.countV1(2*v1ReportInterval+slack, SSM2, packets.MLDv1ReportFor(SSM2), 1, 3)
		m.v1Query(SSM1, specificMRD)
		m.v1Answers(specificMRD+slack, SSM1)
		m.filter(0, SSM1, suites.FilterInclude)
		m.countV1(m.uri+slack, SSM1, packets.MLDv1DoneFor(SSM1), 1, m.rv)
	})
})

var _ = Describe("No suppression for source-specific groups", Label("rfc:4604", "section:2.2.1", "ipv6ready:MLDv2L.7.2.b", "role:any", "level:must", "fault:mld-ignores-query"), func() {
	It("still answers about a source-specific group after another listener's MLDv1 Report for it", func() {
		m := start()
		m.filter(0, SSM1, suites.FilterInclude, S1)
		m.quiet()
		m.send("TR1 asks about SSM1", m.query(TR1, netip.Addr{}, packets.GroupQuery(SSM1)))
		m.send("TN1 sends an MLDv1 Report for SSM1", packets.MLDv1Report(m.l.TN1.MAC, m.l.TN1.LinkLocal, SSM1))
		m.answer(specificMRD, SSM1, IS_IN(S1))
	})
})
