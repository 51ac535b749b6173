package rfc3810

import (
	"fmt"
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Group 5 of the router checklist (MLDv2R): MLDv1 listeners and queriers
// on the link (RFC 3810 §8). An MLDv1 Report puts its group in MLDv1
// compatibility mode for the Older Version Host Present Timeout (§8.3.2,
// §9.13: RV×QI + QRI, the MALI's value) and counts as IS_EX{}; a Done
// counts as TO_IN{}. While the mode lasts, BLOCK records are ignored and
// TO_EX records lose their sources. 5.5 (the MLDv2-only mode) is in
// router_v2only.go.

// ovhpt is the Older Version Host Present Timeout (§9.13).
func (r *rut) ovhpt() time.Duration { return time.Duration(r.rv)*r.qi + r.qri }

var _ = Describe("An MLDv1 querier on the link", Label("rfc:3810", "section:8.3.1", "role:router", "level:should", "fault:mldr-v1-query-downgrades"), func() {
	// §8.1 tells an MLDv1 Query by its length (24 octets); §8.3.1 puts a
	// router in MLDv1 mode by configuration only, and asks it to log a
	// warning when it hears an MLDv1 Query while not so configured. That
	// it keeps querying in MLDv2 meanwhile is the catalogue's expectation
	// ([T]): level:should.
	DescribeTable("leaves a router not configured for MLDv1 querying in MLDv2",
		func(group netip.Addr) {
			r := startRouter()
			tr1 := r.lowerQuerier()
			r.v1QueryFrom(tr1, group, gqMRD)
			By(fmt.Sprintf("the node still sends MLDv2 General Queries: one within a Query Interval (%v)", r.qi))
			r.l.Expect(r.gq()).Within(r.qi + slack)
			r.nextGQ(r.qi, "and the next a Query Interval later")
		},
		Entry("MLDv2R.5.1.a: an MLDv1 General Query from a lower address", Label("ipv6ready:MLDv2R.5.1.a"), netip.Addr{}),
		Entry("MLDv2R.5.1.b: an MLDv1 Q(M1) from a lower address", Label("ipv6ready:MLDv2R.5.1.b"), M1),
	)
})

// v1Case is when the probe TO_IN{} of the catalogue's 5.2 tests comes
// after the MLDv1 Report: at once, LLQT (and a margin) before the OVHPT
// ends, or after it.
type v1Case int

const (
	v1Now v1Case = iota
	v1Before
	v1After
)

var _ = Describe("An MLDv1 Report or Done for a group with MLDv2 state", Label("rfc:3810", "section:8.3.2", "role:router", "level:must"), func() {
	// §8.3.2: a Report is IS_EX{} and starts the group's Older Version
	// Host Present timer (§9.13); a Done is TO_IN{}. From INCLUDE{S1},
	// IS_EX{} leaves EXCLUDE{} (§7.4.1), and TO_IN{} then asks Q(M1)
	// (§7.4.2); from EXCLUDE{S1|} too. The filter timer (MALI) ends with
	// the OVHPT, and the group with it.
	inS1 := func(r *rut) { r.report(packets.IS_IN(S1)) }
	exS1 := func(r *rut) {
		r.report(packets.IS_EX(S1))
		r.report(packets.IS_IN(S1)) // EXCLUDE{S1|}: S1 requested
	}
	DescribeTable("a Report: the group is EXCLUDE{} for the OVHPT",
		func(setup func(*rut), when v1Case) {
			r := startRouter()
			setup(r)
			r.v1Report(M1)
			t0 := r.now()
			switch when {
			case v1Now:
				r.report(packets.TO_IN())
				r.expectLLQSet(M1, nil)
			case v1Before:
				r.waitUntil("LLQT (and a margin) before the OVHPT ends", t0+r.ovhpt()-r.llqt()-probeMargin)
				r.report(packets.TO_IN())
				r.expectLLQSet(M1, nil)
			case v1After:
				r.waitUntil("the OVHPT has ended", t0+r.ovhpt()+slack)
				r.report(packets.TO_IN())
				r.noQ(r.llqt() + slack)
			}
		},
		Entry("MLDv2R.5.2.a: INCLUDE{S1} + Report, probe TO_IN{}: Q(M1) only", Label("ipv6ready:MLDv2R.5.2.a", "fault:mldr-no-v1-compat"), inS1, v1Now),
		Entry("MLDv2R.5.2.b: INCLUDE{S1} + Report, probe LLQT before the OVHPT ends: Q(M1)", Label("ipv6ready:MLDv2R.5.2.b", "section:9.13", "fault:mldr-mali-wrong"), inS1, v1Before),
		Entry("MLDv2R.5.2.c: INCLUDE{S1} + Report, probe after the OVHPT: no query", Label("ipv6ready:MLDv2R.5.2.c", "section:9.13", "fault:mldr-mali-long"), inS1, v1After),
		Entry("MLDv2R.5.2.e: EXCLUDE{S1|} + Report, probe TO_IN{}: Q(M1) only", Label("ipv6ready:MLDv2R.5.2.e", "fault:mldr-no-v1-compat"), exS1, v1Now),
		Entry("MLDv2R.5.2.f: EXCLUDE{S1|} + Report, probe LLQT before the OVHPT ends: Q(M1)", Label("ipv6ready:MLDv2R.5.2.f", "section:9.13", "fault:mldr-mali-wrong"), exS1, v1Before),
		Entry("MLDv2R.5.2.g: EXCLUDE{S1|} + Report, probe after the OVHPT: no query", Label("ipv6ready:MLDv2R.5.2.g", "section:9.13", "fault:mldr-mali-long"), exS1, v1After),
	)

	It("MLDv2R.5.2.d: INCLUDE{S1} + Done: Q(M1,{S1}), and S1 is gone after it", Label("ipv6ready:MLDv2R.5.2.d", "fault:mldr-no-v1-compat"), func() {
		r := startRouter()
		inS1(r)
		r.v1Done(M1)
		r.expectLLQSet(M1, set(S1))
		r.report(packets.TO_IN())
		r.noQ(r.llqt() + slack)
	})

	It("MLDv2R.5.2.h: EXCLUDE{S1|} + Done: Q(M1,{S1}) and Q(M1)", Label("ipv6ready:MLDv2R.5.2.h", "fault:mldr-no-v1-compat"), func() {
		r := startRouter()
		exS1(r)
		r.v1Done(M1)
		r.expectLLQSet(M1, set(S1), nil)
	})
})

// compatCase is one of the catalogue's 5.3 tests: what comes a Query
// Interval after the MLDv1 Report (while the group is in MLDv1 mode), the
// queries it draws at once, and the probe after the OVHPT with the
// queries that draws.
type compatCase struct {
	during    func(*rut)
	now       [][]netip.Addr // the Last Listener Queries drawn at once (none: no query)
	probe     packets.Rec
	afterward [][]netip.Addr // those the probe draws (none: no query)
}

var _ = Describe("MLDv2 records while the group is in MLDv1 mode", Label("rfc:3810", "section:8.3.2", "role:router", "level:must"), func() {
	// §8.3.2: while in MLDv1 compatibility mode the router ignores BLOCK
	// records and the source lists of TO_EX records; other records count
	// as usual (§7.4). The MLDv1 Report at t0 leaves EXCLUDE{} (filter
	// timer t0+MALI); the record comes at t0+QI; the probe after
	// t0+OVHPT, when the mode has ended, shows the state the record left.
	DescribeTable("counts the records as §8.3.2 says and shows the state after the OVHPT",
		func(c compatCase) {
			r := startRouter()
			r.v1Report(M1)
			t0 := r.now()
			r.wait("a Query Interval", r.qi)
			c.during(r)
			if len(c.now) == 0 {
				r.noQ(r.llqt() + slack)
			} else {
				r.expectLLQSet(M1, c.now...)
			}
			r.waitUntil("the OVHPT has ended", t0+r.ovhpt()+slack)
			r.report(c.probe)
			if len(c.afterward) == 0 {
				r.noQ(r.llqt() + slack)
				return
			}
			r.expectLLQSet(M1, c.afterward...)
		},
		Entry("MLDv2R.5.3.a: Done: Q(M1), then the group is gone", Label("ipv6ready:MLDv2R.5.3.a", "fault:mldr-no-v1-compat"),
			compatCase{during: func(r *rut) { r.v1Done(M1) }, now: qs(nil), probe: packets.TO_IN()}),
		Entry("MLDv2R.5.3.b: IS_IN{S1}: INCLUDE{S1} after the OVHPT, Q(M1,{S1})", Label("ipv6ready:MLDv2R.5.3.b", "fault:mldr-mali-wrong"),
			compatCase{during: func(r *rut) { r.report(packets.IS_IN(S1)) }, probe: packets.TO_IN(), afterward: qs(set(S1))}),
		Entry("MLDv2R.5.3.c: IS_EX{}: still EXCLUDE{} after the OVHPT, Q(M1)", Label("ipv6ready:MLDv2R.5.3.c", "fault:mldr-mali-wrong"),
			compatCase{during: func(r *rut) { r.report(packets.IS_EX()) }, probe: packets.TO_IN(), afterward: qs(nil)}),
		Entry("MLDv2R.5.3.e: ALLOW{S1}: INCLUDE{S1} after the OVHPT, Q(M1,{S1})", Label("ipv6ready:MLDv2R.5.3.e", "fault:mldr-mali-wrong"),
			compatCase{during: func(r *rut) { r.report(packets.ALLOW(S1)) }, probe: packets.TO_IN(), afterward: qs(set(S1))}),
		// The catalogue has BLOCK{S1} alone; with no S1 in the state a
		// later BLOCK{S1} could draw nothing, so ALLOW{S1} comes first.
		Entry("MLDv2R.5.3.f: ALLOW{S1} then BLOCK{S1}: the BLOCK is ignored; after the OVHPT BLOCK{S1} draws Q(M1,{S1})", Label("ipv6ready:MLDv2R.5.3.f", "fault:mldr-v1-block-honoured"),
			compatCase{during: func(r *rut) { r.report(packets.ALLOW(S1)); r.report(packets.BLOCK(S1)) }, probe: packets.BLOCK(S1), afterward: qs(set(S1))}),
		Entry("MLDv2R.5.3.g: TO_EX{}: still EXCLUDE{} after the OVHPT, Q(M1)", Label("ipv6ready:MLDv2R.5.3.g", "fault:mldr-mali-wrong"),
			compatCase{during: func(r *rut) { r.report(packets.TO_EX()) }, probe: packets.TO_IN(), afterward: qs(nil)}),
		Entry("MLDv2R.5.3.h: TO_EX{S1} counts as TO_EX{}: no query, and after the OVHPT BLOCK{S1} draws Q(M1,{S1})", Label("ipv6ready:MLDv2R.5.3.h", "fault:mldr-v1-block-honoured"),
			compatCase{during: func(r *rut) { r.report(packets.TO_EX(S1)) }, probe: packets.BLOCK(S1), afterward: qs(set(S1))}),
		Entry("MLDv2R.5.3.i: TO_IN{}: Q(M1), then the group is gone", Label("ipv6ready:MLDv2R.5.3.i", "fault:mldr-no-v1-compat"),
			compatCase{during: func(r *rut) { r.report(packets.TO_IN()) }, now: qs(nil), probe: packets.TO_IN()}),
		Entry("MLDv2R.5.3.j: TO_IN{S1}: Q(M1), then INCLUDE{S1}: Q(M1,{S1})", Label("ipv6ready:MLDv2R.5.3.j", "fault:mldr-no-v1-compat"),
			compatCase{during: func(r *rut) { r.report(packets.TO_IN(S1)) }, now: qs(nil), probe: packets.TO_IN(), afterward: qs(set(S1))}),
		Entry("MLDv2R.5.3.k: ALLOW{S1,S2} then TO_IN{S1}: Q(M1,{S2}) and Q(M1), then INCLUDE{S1}: Q(M1,{S1})", Label("ipv6ready:MLDv2R.5.3.k", "fault:mldr-no-v1-compat"),
			compatCase{during: func(r *rut) { r.report(packets.ALLOW(S1, S2)); r.report(packets.TO_IN(S1)) }, now: qs(set(S2), nil), probe: packets.TO_IN(), afterward: qs(set(S1))}),
	)

	// §8.3.2 names BLOCK and TO_EX only; that an IS_EX record's sources
	// are ignored too in MLDv1 mode is the catalogue's expectation ([T]):
	// level:should.
	It("MLDv2R.5.3.d: IS_EX{S1} counts as IS_EX{}: after the OVHPT still EXCLUDE{}, Q(M1) only", Label("ipv6ready:MLDv2R.5.3.d", "level:should", "fault:mldr-v1-block-honoured"), func() {
		r := startRouter()
		r.v1Report(M1)
		t0 := r.now()
		r.wait("a Query Interval", r.qi)
		r.report(packets.IS_EX(S1))
		r.noQ(r.llqt() + slack)
		r.waitUntil("the OVHPT has ended", t0+r.ovhpt()+slack)
		r.report(packets.TO_IN())
		r.expectLLQSet(M1, nil)
	})
})

// qs lists the queries expected together (nil: Q(M1); else its sources).
func qs(lists ...[]netip.Addr) [][]netip.Addr { return lists }

var _ = Describe("MLDv1 mode per link", Label("rfc:3810", "section:8.3.2", "role:router", "level:must"), func() {
	// §8.3.2: the compatibility mode is kept per group on each link (the
	// state of §7.2 is per link).
	var r, r1 *rut
	BeforeEach(func() {
		r = startRouter(suites.Links(2), suites.NeedsCapability(suites.CapMultipleInterfaces))
		r1 = r.on(r.e.Link1)
	})

	It("MLDv2R.5.4.a: an MLDv1 Report on Link1 makes Link1 ignore BLOCK, not Link0", Label("ipv6ready:MLDv2R.5.4.a", "fault:mldr-v1-block-honoured"), func() {
		r1.v1Report(M1)
		r.report(packets.IS_EX())
		r1.report(packets.BLOCK(S1))
		r1.noQ(r.llqt() + slack)
		r.report(packets.BLOCK(S1))
		r.expectLLQ(M1, set(S1))
	})

	It("MLDv2R.5.4.b: when only Link0's MLDv1 mode is refreshed, after the OVHPT Link1 takes BLOCK again and Link0 not", Label("ipv6ready:MLDv2R.5.4.b", "section:9.13", "fault:mldr-mali-long"), func() {
		r1.v1Report(M1)
		r.report(packets.IS_EX())
		t0 := r.now()
		r.wait("a Query Interval", r.qi)
		r.v1Report(M1)
		r1.report(packets.IS_EX())
		r.waitUntil("Link1's OVHPT has ended", t0+r.ovhpt()+slack)
		r1.report(packets.BLOCK(S1))
		r1.expectLLQ(M1, set(S1))
		r.report(packets.BLOCK(S1))
		r.noQ(r.llqt() + slack)
	})
})

var _ = Describe("MLDv1 mode per group", Label("rfc:3810", "section:8.3.2", "role:router", "level:must"), func() {
	// §8.3.2, §9.13: each group has its own Older Version Host Present
	// timer.
	It("MLDv2R.5.4.c: an MLDv1 Report for M2 makes M2 ignore BLOCK, not M1", Label("ipv6ready:MLDv2R.5.4.c", "fault:mldr-v1-block-honoured"), func() {
		r := startRouter()
		r.v1Report(M2)
		r.report(packets.IS_EX())
		r.reportFor(M2, packets.BLOCK(S1))
		r.noQ(r.llqt() + slack)
		r.report(packets.BLOCK(S1))
		r.expectLLQ(M1, set(S1))
	})

	It("MLDv2R.5.4.d: when only M1's MLDv1 mode is refreshed, after the OVHPT M2 takes BLOCK again and M1 not", Label("ipv6ready:MLDv2R.5.4.d", "section:9.13", "fault:mldr-mali-long"), func() {
		r := startRouter()
		r.v1Report(M2)
		r.report(packets.IS_EX())
		t0 := r.now()
		r.wait("a Query Interval", r.qi)
		r.v1Report(M1)
		r.reportFor(M2, packets.IS_EX())
		r.waitUntil("M2's OVHPT has ended", t0+r.ovhpt()+slack)
		r.reportFor(M2, packets.BLOCK(S1))
		r.expectLLQ(M2, set(S1))
		r.report(packets.BLOCK(S1))
		r.noQ(r.llqt() + slack)
	})
})
