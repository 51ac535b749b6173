package rfc3810

import (
	"fmt"
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Group 1 of the router checklist (MLDv2R): the querier's start-up and
// General Queries with their fields (RFC 3810 §5.1.3, §5.1.8, §5.1.9,
// §7.1, §9.6, §9.7), the MALI and LLQT timers (§7.2, §7.4, §7.5, §7.6.3,
// §9.4, §9.10), and state kept per link (§7.2, §7.6.2). The catalogue
// marks the router's behaviour [N] (normative text without a key word):
// the specs judge it as level:must, as the listener's did.

// bootWait is how soon after boot the first General Query must come: the
// link-local address's DAD and the catalogue's 5 s for enabling.
const bootWait = 5 * time.Second

var _ = Describe("Router start-up", Label("rfc:3810", "ipv6ready:MLDv2R.1.1", "role:router"), func() {
	It("listens to ff02::16, the all MLDv2-capable routers address, and reports it", Label("section:7", "level:must", "fault:mldr-no-all-mldv2-routers-join"), func() {
		r := startRouter(suites.AtBoot())
		By("the node reports ff02::16 from its link-local address")
		r.l.Expect(packets.MLDReportOf(packets.AllMLDv2Routers, packets.TO_EX()).From(r.l.NUTLinkLocal)).Within(bootWait + time.Duration(r.rv)*time.Second)
	})

	It("sends [Startup Query Count] General Queries [Startup Query Interval] apart, then one per Query Interval", Label("section:7.1", "level:must", "fault:mldr-no-startup-queries"), func() {
		r := startRouter(suites.AtBoot())
		r.startupQueries()
	})
})

var _ = Describe("Robustness Variable and Query Interval configured", Label("rfc:3810", "section:5.1.8", "role:router", "level:must"), func() {
	It("MLDv2R.1.2.a: RV 3, QI 60 s: sends 3 start-up queries 15 s apart with QRV 3 and QQIC 60, then one every 60 s", Label("ipv6ready:MLDv2R.1.2.a", "fault:mldr-no-startup-queries"), func() {
		r := startRouter(suites.AtBoot(), suites.WithMLD(suites.MLDSetup{Robustness: 3, QueryInterval: 60 * time.Second}))
		r.startupQueries()
	})

	It("MLDv2R.1.2.b: RV 8: sends 8 start-up queries with QRV 0, as a Robustness Variable above 7 does not fit the field", Label("ipv6ready:MLDv2R.1.2.b", "fault:mldr-qrv-above-seven"), func() {
		r := startRouter(suites.AtBoot(), suites.WithMLD(suites.MLDSetup{Robustness: 8, QueryInterval: 60 * time.Second}))
		r.startupQueries()
	})
})

var _ = Describe("Query Interval encoded as QQIC", Label("rfc:3810", "section:5.1.9", "role:router", "level:must"), func() {
	// §5.1.9: linear below 128 s, (mant|0x10) << (exp+3) from 128 s on,
	// rounded down; 31744 s is the largest value (0xff).
	DescribeTable("carries the Query Interval in QQIC and sends the start-up queries a quarter of it apart",
		func(qi time.Duration) {
			r := startRouter(suites.AtBoot(), suites.WithMLD(suites.MLDSetup{QueryInterval: qi}))
			r.expectGQ(bootWait)
			r.nextGQ(r.startupInterval(), "the second start-up query a Startup Query Interval later")
		},
		Entry("MLDv2R.1.3.a: QI 127 s, QQIC 127", Label("ipv6ready:MLDv2R.1.3.a", "fault:mldr-no-startup-queries"), 127*time.Second),
		Entry("MLDv2R.1.3.b: QI 128 s, QQIC 0x80", Label("ipv6ready:MLDv2R.1.3.b", "fault:mldr-no-startup-queries"), 128*time.Second),
		Entry("MLDv2R.1.3.c: QI 160 s, QQIC 0x84", Label("ipv6ready:MLDv2R.1.3.c", "fault:mldr-qqic-linear"), 160*time.Second),
		Entry("MLDv2R.1.3.d: QI 164 s, QQIC 0x84 (rounded down to 160 s)", Label("ipv6ready:MLDv2R.1.3.d", "fault:mldr-qqic-linear"), 164*time.Second),
		Entry("MLDv2R.1.3.e: QI 31744 s, QQIC 0xff", Label("ipv6ready:MLDv2R.1.3.e", "fault:mldr-no-startup-queries"), 31744*time.Second),
	)
})

var _ = Describe("Query Response Interval encoded as Maximum Response Code", Label("rfc:3810", "section:5.1.3", "role:router", "level:must"), func() {
	// §5.1.3: milliseconds below 32768, (mant|0x1000) << (exp+3) from
	// 32768 on. §9.14.2 keeps QI at least QRI, hence the Query Intervals.
	DescribeTable("carries the Query Response Interval in the General Query's Maximum Response Code",
		func(qri, qi time.Duration, code uint16) {
			r := startRouter(suites.AtBoot(), suites.WithMLD(suites.MLDSetup{QueryResponseInterval: qri, QueryInterval: qi}))
			By(fmt.Sprintf("the node's first General Query has Maximum Response Code %#x", code))
			r.l.Expect(r.gq().QueryFields(fmt.Sprintf("Maximum Response Code %#x", code), func(q packets.MLDQuery) (bool, string) {
				return *q.MRC == code, fmt.Sprintf("%#x", *q.MRC)
			})).Within(bootWait)
		},
		Entry("MLDv2R.1.4.a: QRI 32767 ms (QI 132 s): MRC 0x7fff", Label("ipv6ready:MLDv2R.1.4.a", "fault:mldr-qqic-linear"), 32767*time.Millisecond, 132*time.Second, uint16(0x7fff)),
		Entry("MLDv2R.1.4.b: QRI 32768 ms (QI 132 s): MRC 0x8000", Label("ipv6ready:MLDv2R.1.4.b", "fault:mldr-mrc-linear"), 32768*time.Millisecond, 132*time.Second, uint16(0x8000)),
		Entry("MLDv2R.1.4.c: QRI 40000 ms (QI 160 s): MRC 0x8388", Label("ipv6ready:MLDv2R.1.4.c", "fault:mldr-mrc-linear"), 40000*time.Millisecond, 160*time.Second, uint16(0x8388)),
		Entry("MLDv2R.1.4.d: QRI 40007 ms (QI 161 s): MRC 0x8388, rounded down", Label("ipv6ready:MLDv2R.1.4.d", "fault:mldr-mrc-linear"), 40007*time.Millisecond, 161*time.Second, uint16(0x8388)),
		Entry("MLDv2R.1.4.e: QRI 128000 ms (QI 512 s): MRC 0x9f40", Label("ipv6ready:MLDv2R.1.4.e", "fault:mldr-mrc-linear"), 128*time.Second, 512*time.Second, uint16(0x9f40)),
	)
})

// malicase is one of the catalogue's MALI tests (1.5): the report that
// sets the state, whether it is refreshed a Query Interval later, and when
// the probe TO_IN{} comes.
type malicase struct {
	state   packets.Rec // IS_EX{} (filter timer) or IS_IN{S1} (source timer)
	refresh refreshKind
	probe   probeKind
}

type refreshKind bool

const (
	once      refreshKind = false
	refreshed refreshKind = true
)

type probeKind bool

const (
	probeBefore probeKind = false // at MALI−LLQT−margin: the state must be there
	probeAfter  probeKind = true  // at MALI: it must be gone
)

var _ = Describe("Multicast Address Listening Interval", Label("rfc:3810", "section:9.4", "role:router", "level:must"), func() {
	// §7.2.2, §7.2.3, §7.4.1: a Current State Record sets the filter or
	// source timer to MALI (RV×QI+QRI, §9.4); at its expiry the state goes
	// (§7.5). The probe TO_IN{} shows it: in EXCLUDE it draws Q(M1), in
	// INCLUDE{S1} Q(M1,{S1}), each LLQC times; with no state, nothing.
	DescribeTable("keeps listener state for MALI after a report, and no longer",
		func(setup suites.MLDSetup, c malicase) {
			r := startRouter(suites.WithMLD(setup))
			r.report(c.state)
			if c.refresh == refreshed {
				r.wait("a Query Interval", r.qi)
				r.report(c.state)
			}
			if c.probe == probeBefore {
				r.wait("until LLQT (and a margin) before the MALI ends", r.mali()-r.llqt()-probeMargin)
				r.report(packets.TO_IN())
				if len(c.state.Sources) == 0 {
					r.expectLLQ(M1, nil)
				} else {
					r.expectLLQ(M1, c.state.Sources)
				}
				return
			}
			r.wait("until the MALI has ended", r.mali()+slack)
			r.report(packets.TO_IN())
			r.noQ(r.llqt() + slack)
		},
		Entry("MLDv2R.1.5.a: IS_EX{}, probe before MALI: Q(M1)", Label("ipv6ready:MLDv2R.1.5.a", "fault:mldr-mali-wrong"), suites.MLDSetup{}, malicase{packets.IS_EX(), once, probeBefore}),
		Entry("MLDv2R.1.5.b: IS_EX{}, probe at MALI: noQ", Label("ipv6ready:MLDv2R.1.5.b", "fault:mldr-mali-long"), suites.MLDSetup{}, malicase{packets.IS_EX(), once, probeAfter}),
		Entry("MLDv2R.1.5.c: RV 3, QI 60 s, IS_EX{}, probe before MALI: Q(M1) ×3", Label("ipv6ready:MLDv2R.1.5.c", "fault:mldr-mali-wrong"), suites.MLDSetup{Robustness: 3, QueryInterval: 60 * time.Second}, malicase{packets.IS_EX(), once, probeBefore}),
		Entry("MLDv2R.1.5.d: RV 3, QI 60 s, IS_EX{}, probe at MALI: noQ", Label("ipv6ready:MLDv2R.1.5.d", "fault:mldr-mali-long"), suites.MLDSetup{Robustness: 3, QueryInterval: 60 * time.Second}, malicase{packets.IS_EX(), once, probeAfter}),
		Entry("MLDv2R.1.5.e: IS_EX{} refreshed after QI, probe before MALI: Q(M1)", Label("ipv6ready:MLDv2R.1.5.e", "fault:mldr-mali-wrong"), suites.MLDSetup{}, malicase{packets.IS_EX(), refreshed, probeBefore}),
		Entry("MLDv2R.1.5.f: IS_EX{} refreshed after QI, probe at MALI: noQ", Label("ipv6ready:MLDv2R.1.5.f", "fault:mldr-mali-long"), suites.MLDSetup{}, malicase{packets.IS_EX(), refreshed, probeAfter}),
		Entry("MLDv2R.1.5.g: IS_IN{S1}, probe before MALI: Q(M1,{S1})", Label("ipv6ready:MLDv2R.1.5.g", "fault:mldr-mali-wrong"), suites.MLDSetup{}, malicase{packets.IS_IN(S1), once, probeBefore}),
		Entry("MLDv2R.1.5.h: IS_IN{S1}, probe at MALI: noQ", Label("ipv6ready:MLDv2R.1.5.h", "fault:mldr-mali-long"), suites.MLDSetup{}, malicase{packets.IS_IN(S1), once, probeAfter}),
		Entry("MLDv2R.1.5.i: RV 3, QI 60 s, IS_IN{S1}, probe before MALI: Q(M1,{S1}) ×3", Label("ipv6ready:MLDv2R.1.5.i", "fault:mldr-mali-wrong"), suites.MLDSetup{Robustness: 3, QueryInterval: 60 * time.Second}, malicase{packets.IS_IN(S1), once, probeBefore}),
		Entry("MLDv2R.1.5.j: RV 3, QI 60 s, IS_IN{S1}, probe at MALI: noQ", Label("ipv6ready:MLDv2R.1.5.j", "fault:mldr-mali-long"), suites.MLDSetup{Robustness: 3, QueryInterval: 60 * time.Second}, malicase{packets.IS_IN(S1), once, probeAfter}),
		Entry("MLDv2R.1.5.k: IS_IN{S1} refreshed after QI, probe before MALI: Q(M1,{S1})", Label("ipv6ready:MLDv2R.1.5.k", "fault:mldr-mali-wrong"), suites.MLDSetup{}, malicase{packets.IS_IN(S1), refreshed, probeBefore}),
		Entry("MLDv2R.1.5.l: IS_IN{S1} refreshed after QI, probe at MALI: noQ", Label("ipv6ready:MLDv2R.1.5.l", "fault:mldr-mali-long"), suites.MLDSetup{}, malicase{packets.IS_IN(S1), refreshed, probeAfter}),
	)
})

var _ = Describe("Last Listener Query Time", Label("rfc:3810", "role:router", "level:must", "fault:mldr-no-llq-retransmit"), func() {
	// §7.6.3.1: Send Q(MA) lowers the filter timer to LLQT and sends LLQC
	// queries LLQI apart; no report comes, so the group goes at LLQT.
	DescribeTable("queries a group LLQC times LLQI apart after TO_IN{}, then forgets it",
		func(setup suites.MLDSetup) {
			r := startRouter(suites.WithMLD(setup))
			r.report(packets.IS_EX())
			r.report(packets.TO_IN())
			r.expectLLQ(M1, nil)
			r.report(packets.TO_IN())
			r.noQ(r.llqt() + slack)
		},
		Entry("MLDv2R.1.6.a: defaults: 2 queries 1 s apart", Label("section:7.6.3.1", "ipv6ready:MLDv2R.1.6.a"), suites.MLDSetup{}),
		Entry("MLDv2R.1.6.b: LLQI 2 s, RV 3: 3 queries 2 s apart", Label("section:7.6.3.1", "ipv6ready:MLDv2R.1.6.b"), suites.MLDSetup{LastListenerQueryInterval: 2 * time.Second, Robustness: 3}),
	)

	// §7.6.3.2: Send Q(MA,X) lowers the timers of X to LLQT and sends
	// LLQC queries LLQI apart; no report comes, so the source goes.
	DescribeTable("queries a source LLQC times LLQI apart after BLOCK, then forgets it",
		func(setup suites.MLDSetup) {
			r := startRouter(suites.WithMLD(setup))
			r.report(packets.IS_IN(S1))
			r.report(packets.BLOCK(S1))
			r.expectLLQ(M1, set(S1))
			r.report(packets.TO_IN())
			r.noQ(r.llqt() + slack)
		},
		Entry("MLDv2R.1.6.d: defaults", Label("section:7.6.3.2", "ipv6ready:MLDv2R.1.6.d"), suites.MLDSetup{}),
		Entry("MLDv2R.1.6.e: LLQI 2 s, RV 3", Label("section:7.6.3.2", "ipv6ready:MLDv2R.1.6.e"), suites.MLDSetup{LastListenerQueryInterval: 2 * time.Second, Robustness: 3}),
	)
})

var _ = Describe("A source with little time left", Label("rfc:3810", "section:7.6.3.2", "ipv6ready:MLDv2R.1.6.f", "role:router", "level:must", "fault:mldr-low-sources-queried"), func() {
	// §7.6.3.2: only sources whose timers are above LLQT are queried
	// and lowered.
	It("does not query a blocked source whose timer is already at LLQT", func() {
		r := startRouter(suites.WithMLD(suites.MLDSetup{Robustness: 5, QueryInterval: 60 * time.Second}))
		r.report(packets.IS_IN(S1))
		r.wait("until LLQT before the MALI ends", r.mali()-r.llqt())
		r.report(packets.BLOCK(S1))
		r.noQ(r.llqt() + slack)
	})
})

var _ = Describe("State per link", Label("rfc:3810", "role:router", "level:must"), func() {
	// §7.2: a router keeps the listener state of each link apart; §7.6.2:
	// and its querier role too.
	var r, r1 *rut
	BeforeEach(func() {
		r = startRouter(suites.Links(2), suites.NeedsCapability(suites.CapMultipleInterfaces))
		r1 = r.on(r.e.Link1)
	})

	It("MLDv2R.1.7.a: queries each link about its own sources", Label("section:7.2", "ipv6ready:MLDv2R.1.7.a", "fault:mldr-node-wide-state"), func() {
		r.report(packets.IS_IN(S1, S2))
		r1.report(packets.IS_IN(S1, S3))
		r.report(packets.TO_IN())
		r.expectLLQ(M1, set(S1, S2))
		r1.noQ(0)
		r1.report(packets.TO_IN())
		r1.expectLLQ(M1, set(S1, S3))
		r.noQ(0)
	})

	It("MLDv2R.1.7.b: queries a blocked source on the link of the BLOCK only", Label("section:7.2", "ipv6ready:MLDv2R.1.7.b", "fault:mldr-node-wide-state"), func() {
		r.report(packets.IS_IN(S1))
		r1.report(packets.IS_IN(S1))
		r.report(packets.BLOCK(S1))
		r.expectLLQ(M1, set(S1))
		r1.noQ(0)
	})

	It("MLDv2R.1.7.c: yields to a lower querier on that link only", Label("section:7.6.2", "ipv6ready:MLDv2R.1.7.c", "fault:mldr-no-election"), func() {
		tr1 := r.lowerQuerier()
		r.queryFrom(tr1, packets.GeneralQuery())
		r.report(packets.IS_IN(S1))
		r1.report(packets.IS_IN(S1))
		r.report(packets.BLOCK(S1))
		r.noQ(r.llqt() + slack)
		r1.report(packets.BLOCK(S1))
		r1.expectLLQ(M1, set(S1))
	})
})

// --- Multicast forwarding by listener state

var _ = Describe("Forwarding by listener state", Label("rfc:3810", "section:7.2.3", "role:router", "level:must"), func() {
	// §7.2.3 (the source timers' table): traffic from a source is
	// forwarded onto a link whose state includes it (INCLUDE with the
	// source, EXCLUDE without it), and not where no listener wants it.
	// The group's scope bounds it (RFC 4007 §9), and the Hop Limit is
	// decremented (RFC 8200 §3).
	var r, r1 *rut
	BeforeEach(func() {
		r = startRouter(suites.Links(2), suites.NeedsCapability(suites.CapMultipleInterfaces))
		r1 = r.on(r.e.Link1)
	})
	send := func(group netip.Addr) *packets.Packet {
		GinkgoHelper()
		p := r.l.TN1.EchoRequest(group)
		p.Src = r.l.TN1.Global
		p.HopLimit = 64
		r.send(fmt.Sprintf("TN1 on Link0 sends an Echo Request to %s with Hop Limit 64", group), p)
		return p
	}

	It("forwards multicast onto a link whose listener wants it, Hop Limit decremented, and onto no other", Label("fault:mldr-forward-no-decrement"), func() {
		r1.report(packets.IS_EX())
		p := send(M1)
		By("it comes out on Link1 with Hop Limit 63")
		r1.l.Expect(packets.Forwarded(p, r1.l.NUTMAC, packets.MulticastMAC(M1))).Within(suites.ReplyWait)
	})

	It("forwards nothing onto a link without listeners for the group", Label("fault:mldr-forwards-everywhere"), func() {
		r1.report(packets.IS_IN(S1))
		r1.reportFor(M2, packets.IS_EX())
		send(M1)
		By("nothing reaches Link1: its listener wants M1 from S1 only")
		r1.l.ExpectNo(packets.AnyTo(M1)).Within(suites.ReplyWait)
	})

	It("never forwards a link-scope group, whatever the listeners", Label("section:7.2.3", "fault:mldr-forwards-link-scope"), func() {
		group := netip.MustParseAddr("ff02::db8:1")
		r1.reportFor(group, packets.IS_EX())
		send(group)
		r1.l.ExpectNo(packets.AnyTo(group)).Within(suites.ReplyWait)
	})
})

// The checklist's two router interfaces on one link (1.8): the tester joins
// the node's Link0 and Link1 ports into one link (suites.SameLink), so
// each interface hears the other's queries and takes part in the election
// (§7.6.2) like any other router on the link.
var _ = Describe("Two router interfaces on one link", Label("rfc:3810", "section:7.6.2", "ipv6ready:MLDv2R.1.8", "role:router", "level:must", "fault:mldr-no-election"), func() {
	It("queries the link from one interface only: the one with the lower address", func() {
		r := startRouter(suites.SameLink(), suites.NeedsCapability(suites.CapMultipleInterfaces))
		r1 := r.on(r.e.Link1)
		winner, loser := r, r1
		if r1.l.NUTLinkLocal.Less(r.l.NUTLinkLocal) {
			winner, loser = r1, r
		}
		r.wait("the start-up queries end", time.Duration(r.rv)*r.startupInterval()+slack)
		By(fmt.Sprintf("over a Query Interval, only %s's interface (%s) sends General Queries", winner.l.Name, winner.l.NUTLinkLocal))
		loser.l.ExpectNo(packets.GeneralQuerySent()).Within(r.qi + slack)
		if n := len(winner.l.Collect(winner.gq()).Within(0)); n == 0 {
			Fail(fmt.Sprintf("%s: the interface with the lower address sent no General Query in a Query Interval", winner.l.Name))
		}
		r.report(packets.IS_IN(S1))
		r.report(packets.BLOCK(S1))
		winner.expectLLQ(M1, set(S1))
		loser.noQ(0)
	})
})
