package rfc3810

import (
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Group 3 of the router checklist (MLDv2R): other queriers on the link.
// A query from a lower address makes the RUT a non-querier for the Other
// Querier Present Timeout (RFC 3810 §7.6.2, §9.5), taking the querier's
// QRV and QQIC as its own (§5.1.8, §5.1.9), and the listener timers it
// sets meanwhile follow those values (§7.4, §7.6.1, §9.4). A query from a
// higher address changes nothing. The catalogue marks this [N] (normative
// text without a key word), §9.5 [M]: the specs judge level:must.

// gqWith is TR1's General Query with the given fields.
func gqWith(mrc time.Duration, qrv, qqic uint8, s bool) packets.MLDQuery {
	return packets.MLDQuery{MaxResp: mrc, QRV: qrv, QQIC: qqic, S: s}
}

var _ = Describe("A lower querier's General Query", Label("rfc:3810", "section:7.6.2", "role:router", "level:must"), func() {
	// §7.6.2: the RUT yields to the lower address; it answers the query
	// as a listener of ff02::16 (§7); it is querier again when the Other
	// Querier Present timer, RV×QI + QRI/2 with the adopted values (§9.5),
	// ends. QRV 0 stands for the RUT's own Robustness Variable (§5.1.8),
	// QQIC 0 for the default Query Interval, 125 s (§5.1.9).
	DescribeTable("makes the node a non-querier until the Other Querier Present Timeout ends",
		func(setup suites.MLDSetup, q packets.MLDQuery) {
			r := startRouter(suites.WithMLD(setup))
			tr1 := r.lowerQuerier()
			r.queryFrom(tr1, q)
			t0 := r.now()
			a := r.adopt(q)
			r.reportsAsListener(q.MaxResp)
			r.resumesBetween(t0, a.oqptLo(), a.oqptHi())
		},
		Entry("MLDv2R.3.1.a: MRC 10000", Label("ipv6ready:MLDv2R.3.1.a", "section:9.5", "fault:mldr-oqpt-wrong"), suites.MLDSetup{}, gqWith(gqMRD, 2, 125, false)),
		Entry("MLDv2R.3.1.b: MRC 0", Label("ipv6ready:MLDv2R.3.1.b", "section:9.5", "fault:mldr-oqpt-wrong"), suites.MLDSetup{}, gqWith(0, 2, 125, false)),
		Entry("MLDv2R.3.1.c: MRC 5000", Label("ipv6ready:MLDv2R.3.1.c", "section:9.5", "fault:mldr-oqpt-wrong"), suites.MLDSetup{}, gqWith(5*time.Second, 2, 125, false)),
		Entry("MLDv2R.3.1.d: MRC 20000", Label("ipv6ready:MLDv2R.3.1.d", "section:9.5", "fault:mldr-oqpt-wrong"), suites.MLDSetup{}, gqWith(20*time.Second, 2, 125, false)),
		Entry("MLDv2R.3.1.e: QRV 0: the node's own Robustness Variable", Label("ipv6ready:MLDv2R.3.1.e", "section:5.1.8", "fault:mldr-oqpt-wrong"), suites.MLDSetup{}, gqWith(gqMRD, 0, 125, false)),
		Entry("MLDv2R.3.1.f: QQIC 0: the default Query Interval", Label("ipv6ready:MLDv2R.3.1.f", "section:5.1.9", "fault:mldr-oqpt-wrong"), suites.MLDSetup{}, gqWith(gqMRD, 2, 0, false)),
		Entry("MLDv2R.3.1.g: QRV 0 and QQIC 0 to a node with QI 60 s: the default 125 s, not its own", Label("ipv6ready:MLDv2R.3.1.g", "section:5.1.9", "fault:mldr-ignores-qrv"), suites.MLDSetup{QueryInterval: 60 * time.Second}, gqWith(gqMRD, 0, 0, false)),
		Entry("MLDv2R.3.1.h: QRV 7, QQIC 60", Label("ipv6ready:MLDv2R.3.1.h", "section:5.1.8", "fault:mldr-ignores-qrv"), suites.MLDSetup{}, gqWith(gqMRD, 7, 60, false)),
		Entry("MLDv2R.3.1.i: QQIC 127", Label("ipv6ready:MLDv2R.3.1.i", "section:5.1.9", "fault:mldr-ignores-qrv"), suites.MLDSetup{}, gqWith(gqMRD, 2, 127, false)),
		Entry("MLDv2R.3.1.j: QQIC 128 (0x80, 128 s)", Label("ipv6ready:MLDv2R.3.1.j", "section:5.1.9", "fault:mldr-ignores-qrv"), suites.MLDSetup{}, gqWith(gqMRD, 2, 0x80, false)),
		Entry("MLDv2R.3.1.k: QQIC 132 (0x84, 160 s)", Label("ipv6ready:MLDv2R.3.1.k", "section:5.1.9", "fault:mldr-ignores-qrv"), suites.MLDSetup{}, gqWith(gqMRD, 2, 0x84, false)),
		Entry("MLDv2R.3.1.l: S flag set", Label("ipv6ready:MLDv2R.3.1.l", "fault:mldr-no-election"), suites.MLDSetup{}, gqWith(gqMRD, 2, 125, true)),
	)
})

var _ = Describe("A lower querier's specific query", Label("rfc:3810", "section:7.6.2", "role:router", "level:must", "fault:mldr-no-election"), func() {
	// §7.6.2: any query from a lower address counts, a specific one too,
	// whatever its S flag (which concerns timers only, §7.6.1).
	DescribeTable("makes the node a non-querier until the Other Querier Present Timeout ends",
		func(q packets.MLDQuery) {
			r := startRouter()
			tr1 := r.lowerQuerier()
			r.queryFrom(tr1, q)
			t0 := r.now()
			a := r.adopt(q)
			r.resumesBetween(t0, a.oqptLo(), a.oqptHi())
		},
		Entry("MLDv2R.3.2.a: Q(M1), S clear", Label("ipv6ready:MLDv2R.3.2.a"), packets.GroupQuery(M1)),
		Entry("MLDv2R.3.2.b: Q(M1), S set", Label("ipv6ready:MLDv2R.3.2.b"), withS(packets.GroupQuery(M1))),
		Entry("MLDv2R.3.2.c: Q(M1,{S1}), S clear", Label("ipv6ready:MLDv2R.3.2.c"), packets.GroupQuery(M1, S1)),
		Entry("MLDv2R.3.2.d: Q(M1,{S1}), S set", Label("ipv6ready:MLDv2R.3.2.d"), withS(packets.GroupQuery(M1, S1))),
	)
})

func withS(q packets.MLDQuery) packets.MLDQuery { q.S = true; return q }

var _ = Describe("A higher querier's query", Label("rfc:3810", "section:7.6.2", "role:router", "level:must", "fault:mldr-lowest-loses"), func() {
	// §7.6.2: only a lower address wins; the RUT stays querier and keeps
	// its General Queries.
	DescribeTable("leaves the node querier: its General Queries go on every Query Interval",
		func(q packets.MLDQuery) {
			r := startRouter()
			tr2 := r.higherQuerier()
			r.queryFrom(tr2, q)
			By(fmt.Sprintf("the node still queries: a General Query within a Query Interval (%v)", r.qi))
			r.l.Expect(r.gq()).Within(r.qi + slack)
			r.nextGQ(r.qi, "and the next a Query Interval later")
		},
		Entry("MLDv2R.3.3.a: a General Query", Label("ipv6ready:MLDv2R.3.3.a"), packets.GeneralQuery()),
		Entry("MLDv2R.3.3.b: Q(M1)", Label("ipv6ready:MLDv2R.3.3.b"), packets.GroupQuery(M1)),
		Entry("MLDv2R.3.3.c: Q(M1,{S1})", Label("ipv6ready:MLDv2R.3.3.c"), packets.GroupQuery(M1, S1)),
	)
})

// adoptCase is one of the catalogue's 3.4 / 3.5 tests: the RUT's own
// variables, TR1's General Query, what happens between the report and the
// probe, and when the probe comes.
type adoptCase struct {
	setup suites.MLDSetup
	q     packets.MLDQuery
	mid   adoptMid
	probe probeKind
}

type adoptMid int

const (
	adoptNothing adoptMid = iota
	toInAsNonQ            // TN1's TO_IN{} while TR1 is querier (l, m)
	higherSQuery          // TR2's specific query with S set (n)
)

// adoptTable is 3.4 (state IS_EX{}: the filter timer) or 3.5 (IS_IN{S1}:
// a source timer). TR1 queries; a Query Interval (its QQI) later TN1
// reports; the RUT is querier again before the probe, TO_IN{}, comes LLQT
// (and a margin) before the adopted MALI runs out (the state is there:
// the RUT's Last Listener Queries, with its own LLQI and LLQC) or when it
// has (no query).
func adoptTable(state packets.Rec, letter string) {
	sources := state.Sources
	DescribeTable("sets the listener timers from the querier's values",
		func(c adoptCase) {
			r := startRouter(suites.WithMLD(c.setup))
			tr1 := r.lowerQuerier()
			r.queryFrom(tr1, c.q)
			a := r.adopt(c.q)
			r.wait("a Query Interval of the querier's", a.qi)
			r.report(state)
			t := r.now()
			switch c.mid {
			case toInAsNonQ:
				// §7.6.3: only the querier sends the specific queries of
				// the tables (and lowers the timers, §7.6.1): TR1 does.
				r.report(packets.TO_IN())
				r.noQ(r.llqt() + slack)
			case higherSQuery:
				// §7.6.1: a query with S set lowers no timer.
				r.queryFrom(r.higherQuerier(), withS(packets.GroupQuery(M1, sources...)))
			}
			if c.probe == probeBefore {
				r.waitUntil("LLQT (and a margin) before the adopted MALI ends", t+a.maliLo()-r.llqt()-probeMargin)
				r.report(packets.TO_IN())
				if len(sources) == 0 {
					r.expectLLQ(M1, nil)
				} else {
					r.expectLLQ(M1, sources)
				}
				return
			}
			r.waitUntil("the adopted MALI has ended", t+a.maliHi()+slack)
			r.report(packets.TO_IN())
			r.noQ(r.llqt() + slack)
		},
		Entry(letter+".a: defaults (MALI 260 s), probe before", Label("ipv6ready:"+letter+".a", "fault:mldr-mali-wrong"), adoptCase{q: gqWith(gqMRD, 2, 125, false), probe: probeBefore}),
		Entry(letter+".b: defaults, probe after", Label("ipv6ready:"+letter+".b", "fault:mldr-mali-long"), adoptCase{q: gqWith(gqMRD, 2, 125, false), probe: probeAfter}),
		Entry(letter+".c: QRV 0, QQIC 0, MRC 5000: the node's RV and the default QI, probe before", Label("ipv6ready:"+letter+".c", "fault:mldr-mali-wrong"), adoptCase{q: gqWith(5*time.Second, 0, 0, false), probe: probeBefore}),
		Entry(letter+".d: QRV 0, QQIC 0, MRC 5000, probe after", Label("ipv6ready:"+letter+".d", "fault:mldr-mali-long"), adoptCase{q: gqWith(5*time.Second, 0, 0, false), probe: probeAfter}),
		Entry(letter+".e: QQIC 60 (MALI 130 s), probe before", Label("ipv6ready:"+letter+".e", "fault:mldr-mali-wrong"), adoptCase{q: gqWith(gqMRD, 2, 60, false), probe: probeBefore}),
		Entry(letter+".f: QQIC 60, probe after", Label("ipv6ready:"+letter+".f", "fault:mldr-no-adopted-qi"), adoptCase{q: gqWith(gqMRD, 2, 60, false), probe: probeAfter}),
		Entry(letter+".g: QRV 3, QQIC 80 (MALI 250 s), probe before", Label("ipv6ready:"+letter+".g", "fault:mldr-mali-wrong"), adoptCase{q: gqWith(gqMRD, 3, 80, false), probe: probeBefore}),
		Entry(letter+".h: QRV 3, QQIC 80, probe after", Label("ipv6ready:"+letter+".h", "fault:mldr-ignores-qrv"), adoptCase{q: gqWith(gqMRD, 3, 80, false), probe: probeAfter}),
		Entry(letter+".i: QQIC 132 (160 s, MALI 330 s), probe before", Label("ipv6ready:"+letter+".i", "fault:mldr-no-adopted-qi"), adoptCase{q: gqWith(gqMRD, 2, 0x84, false), probe: probeBefore}),
		Entry(letter+".j: QQIC 132, probe after", Label("ipv6ready:"+letter+".j", "fault:mldr-mali-long"), adoptCase{q: gqWith(gqMRD, 2, 0x84, false), probe: probeAfter}),
		// The catalogue's page counts 2 Last Listener Queries, its script
		// 3: the RUT's own LLQC (its RV, §9.9) is 3.
		Entry(letter+".k: the node has RV 3 and LLQI 2 s, TR1 QRV 2 and QQIC 60: MALI 130 s, then 3 queries 2 s apart", Label("ipv6ready:"+letter+".k", "fault:mldr-mali-wrong"),
			adoptCase{setup: suites.MLDSetup{Robustness: 3, LastListenerQueryInterval: 2 * time.Second}, q: gqWith(gqMRD, 2, 60, false), probe: probeBefore}),
		Entry(letter+".l: TO_IN{} while TR1 is querier changes nothing, probe before", Label("ipv6ready:"+letter+".l", "section:7.6.3", "fault:mldr-no-election"), adoptCase{q: gqWith(gqMRD, 2, 125, false), mid: toInAsNonQ, probe: probeBefore}),
		Entry(letter+".m: TO_IN{} while TR1 is querier, probe after", Label("ipv6ready:"+letter+".m", "section:7.6.3", "fault:mldr-no-election"), adoptCase{q: gqWith(gqMRD, 2, 125, false), mid: toInAsNonQ, probe: probeAfter}),
		Entry(letter+".n: TR2's specific query with S set lowers no timer, probe before", Label("ipv6ready:"+letter+".n", "section:7.6.1", "fault:mldr-s-flag-ignored-on-receive"), adoptCase{q: gqWith(gqMRD, 2, 125, false), mid: higherSQuery, probe: probeBefore}),
	)
}

var _ = Describe("The filter timer from adopted values", Label("rfc:3810", "section:5.1.9", "role:router", "level:must"), func() {
	adoptTable(packets.IS_EX(), "MLDv2R.3.4")
})

var _ = Describe("A source timer from adopted values", Label("rfc:3810", "section:5.1.9", "role:router", "level:must"), func() {
	adoptTable(packets.IS_IN(S1), "MLDv2R.3.5")
})
