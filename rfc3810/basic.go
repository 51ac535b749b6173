package rfc3810

import (
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Group 1 of the listener checklist: the reports a node sends as it comes
// up, their number and spacing, and what it never reports (RFC 3810 §5.2.13,
// §6, §6.1, §9.1, §9.11).

var _ = Describe("Start-up reports around autoconfiguration", Label("rfc:3810", "section:5.2.13", "ipv6ready:MLDv2L.1.1", "role:any"), func() {
	var m *mld
	BeforeEach(func() { m = start(suites.AtBoot()) })

	// RFC 4862 §5.4.2 makes the node join the solicited-node group of a
	// tentative address before its first probe; RFC 3810 §5.2.13 has it
	// report from :: while it has no valid link-local address.
	It("reports the solicited-node group of its tentative address from :: before its first DAD probe", Label("level:must", "fault:mld-no-report-before-dad"), func() {
		By("the node's first report about its solicited-node group comes from ::")
		m.l.Expect(packets.MLDReportOf(m.sn(), packets.TO_EX()).From(netip.IPv6Unspecified())).Within(suites.MaxRtrSolicitationDelay + slack)
		By("and its DAD probe comes after it")
		m.l.Expect(packets.DADProbe(m.l.NUTLinkLocal)).Within(suites.MaxRtrSolicitationDelay + slack)
	})

	It("reports its groups again from its link-local address once that address is valid", Label("level:should", "fault:mld-no-rereport"), func() {
		By("the node probes its tentative link-local address")
		m.l.Expect(packets.DADProbe(m.l.NUTLinkLocal)).Within(2*suites.MaxRtrSolicitationDelay + slack)
		By("once DAD is done, it reports its solicited-node group from the link-local address")
		m.l.Expect(packets.MLDReportOf(m.sn(), packets.TO_EX()).From(m.l.NUTLinkLocal)).Within(suites.RetransTimer + m.uri + slack)
	})
})

var _ = Describe("Robustness Variable configured", Label("rfc:3810", "section:6.1", "role:any", "level:must", "fault:mld-no-retransmit"), func() {
	// §6.1: a State Change Report is sent [Robustness Variable] times in
	// all. The Linux kernel sets the variable for every namespace at once,
	// so its targets cannot take these specs (N/A).
	DescribeTable("sends each State Change Report exactly [Robustness Variable] times",
		func(rv int) {
			m := start(suites.WithMLD(suites.MLDSetup{Robustness: rv}))
			m.in(0, S1)
			m.change(M1, packets.ALLOW(S1))
		},
		Entry("MLDv2L.1.2.a: RV 3", Label("ipv6ready:MLDv2L.1.2.a"), 3),
		Entry("MLDv2L.1.2.b: RV 7", Label("ipv6ready:MLDv2L.1.2.b"), 7),
	)
})

var _ = Describe("Unsolicited Report Interval configured", Label("rfc:3810", "section:6.1", "role:any", "level:must", "fault:mld-retransmit-late"), func() {
	DescribeTable("repeats a State Change Report within the Unsolicited Report Interval",
		func(uri time.Duration) {
			m := start(suites.WithMLD(suites.MLDSetup{UnsolicitedReportInterval: uri}))
			m.in(0, S1)
			m.change(M1, packets.ALLOW(S1))
		},
		Entry("MLDv2L.1.3.a: 2 s", Label("ipv6ready:MLDv2L.1.3.a"), 2*time.Second),
		Entry("MLDv2L.1.3.b: 3 s", Label("ipv6ready:MLDv2L.1.3.b"), 3*time.Second),
	)
})

var _ = Describe("Joining all-nodes", Label("rfc:3810", "section:6", "ipv6ready:MLDv2L.1.4", "role:any", "level:must", "fault:mld-reports-all-nodes"), func() {
	It("never reports ff02::1: not when a socket joins it, nor in answer to a General Query", func() {
		m := start()
		m.filter(0, packets.AllNodes, suites.FilterInclude, S1)
		m.none(packets.AllNodes, reportWait+m.uri+slack)
		q := packets.GeneralQuery()
		q.MaxResp = specificMRD
		m.send("TR1 sends a General Query", m.query(TR1, netip.Addr{}, q))
		m.answerMatching(specificMRD, m.sn(), packets.MLDReportAbout(m.sn()).WithoutRecordFor(packets.AllNodes))
	})
})

var _ = Describe("Independent state on two links", Label("rfc:3810", "section:6", "ipv6ready:MLDv2L.1.5", "role:any", "level:must", "fault:mld-ignores-query"), func() {
	It("answers a query on each link with that link's own state", func() {
		m := start(suites.Links(2), suites.NeedsCapability(suites.CapMultipleInterfaces))
		m1 := m.on(m.e.Link1)
		m.in(0, S1)
		m1.in(0, S2)
		m.quiet()
		m.send("TR1 asks about M1 on Link0", m.query(TR1, netip.Addr{}, packets.GroupQuery(M1)))
		m.answer(specificMRD, M1, packets.IS_IN(S1))
		m1.none(M1, 0)
		m1.send("TR1 asks about M1 on Link1", m1.query(TR1, netip.Addr{}, packets.GroupQuery(M1)))
		m1.answer(specificMRD, M1, packets.IS_IN(S2))
		m.none(M1, 0)
	})
})

// The checklist's two interfaces on one link (§6: each interface keeps and
// reports its own state): the tester joins the node's Link0 and Link1
// ports into one link (suites.SameLink), so each interface hears the
// query, and the other's reports, on the same wire.
var _ = Describe("Two interfaces on one link", Label("rfc:3810", "section:6", "ipv6ready:MLDv2L.1.6", "role:any", "level:must", "fault:mld-node-wide-state"), func() {
	It("reports each interface's own state, in its State Change Report and in its answer to a query", func() {
		m := start(suites.SameLink(), suites.NeedsCapability(suites.CapMultipleInterfaces))
		m1 := m.on(m.e.Link1)
		m.in(0, S1)
		m.change(M1, packets.ALLOW(S1))
		m1.in(0, S2)
		m1.change(M1, packets.ALLOW(S2))
		m.send("TR1 asks about M1 on the link", m.query(TR1, netip.Addr{}, packets.GroupQuery(M1)))
		By("Link0's interface answers with its own state, and Link1's with its own")
		m.answer(specificMRD, M1, packets.IS_IN(S1))
		m1.answer(specificMRD, M1, packets.IS_IN(S2))
	})
})
