package rfc3810

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites/packets"
)

// Group 4 of the router checklist (MLDv2R.4), 4.25–4.28: a record that
// comes while the router still retransmits specific queries (RFC 3810
// §7.6.3.1, §7.6.3.2), several records in one Report (§5.2.3, §7.4), and
// more sources than one query holds (§5.1.10). Level must, as in
// router_state.go.
//
// In 4.25–4.26 the first record's queries are judged by their first copy
// (×1); the second record comes before the retransmission, and the
// retransmissions that follow are judged round by round: sources whose
// timers the second record raised above LLQT go in a query with S set,
// the others in one with S clear (§7.6.3.2); sources the second record
// newly lowers join the next round and get a last round of their own.
//
// Two kinds of query are optional (opt): those the §7.6.3.2 note lets a
// router leave out (the catalogue's opt in 4.25.k, 4.25.l and 4.26.w), and
// those for a source the second record deleted from the state (X−A or
// A−B in §7.4): the RFC keeps no timer for it any more and does not say
// whether its pending retransmission goes on, so the catalogue's [S2]/S1
// for such a source (4.25.b, d, f, h, j, 4.26.c, g, k, o, s) is accepted
// present or absent. In 4.26.x the second TO_IN asks Send Q(MA) again,
// which §7.6.3.1 follows with LLQC−1 retransmissions: the catalogue's
// script expects none after the merged round, the RFC one more; both are
// accepted.

// recFor is a record about group, for the Reports of 4.27.
func recFor(group netip.Addr, r packets.Rec) packets.MLDRecord {
	return packets.MLDRecord{Type: r.Type, Group: group, Sources: r.Sources}
}

// srcRange is the sources Sfrom…Sto.
func srcRange(from, to int) []netip.Addr {
	var out []netip.Addr
	for i := from; i <= to; i++ {
		out = append(out, src(i))
	}
	return out
}

var _ = Describe("A record while queries are retransmitted, from INCLUDE", Label("rfc:3810", "section:7.6.3.2", "role:router", "level:must"), func() {
	DescribeTable("retransmits the pending queries with S set for the sources the record raised above LLQT",
		runScript,
		part("4.25.a", "mldr-s-flag-never", send(IS_IN(S1, S2)), send(BLOCK(S1, S2)).firstCopy(Q(S1, S2)), send(IS_IN(S1, S3)).thenRounds(round(q1(S1), q0(S2))), send(TO_IN()).draws(Q(S1, S3))),
		part("4.25.b", "mldr-s-flag-always", send(IS_IN(S1, S2)), send(BLOCK(S1, S2)).firstCopy(Q(S1, S2)), send(IS_EX(S1, S3)).thenRounds(round(q0(S1), opt(q1(S2)))), send(TO_IN()).draws(Q())),
		part("4.25.c", "mldr-s-flag-never", send(IS_IN(S1, S2)), send(TO_EX(S1, S2)).firstCopy(Q(S1, S2)), send(IS_IN(S1, S3)).thenRounds(round(q1(S1), q0(S2))), send(TO_IN()).draws(Q(S1, S3), Q())),
		part("4.25.d", "mldr-s-flag-always", send(IS_IN(S1, S2)), send(TO_EX(S1, S2)).firstCopy(Q(S1, S2)), send(IS_EX(S1, S3)).thenRounds(round(q0(S1), opt(q1(S2)))), send(TO_IN()).draws(Q(S3), Q())),
		part("4.25.e", "mldr-s-flag-never", send(IS_IN(S1, S2)), send(TO_IN()).firstCopy(Q(S1, S2)), send(IS_IN(S1, S3)).thenRounds(round(q1(S1), q0(S2))), send(TO_IN()).draws(Q(S1, S3))),
		part("4.25.f", "mldr-s-flag-always", send(IS_IN(S1, S2)), send(TO_IN(S3, S4)).firstCopy(Q(S1, S2)), send(IS_EX(S1, S3)).thenRounds(round(q0(S1), opt(q1(S2)))), send(TO_IN()).draws(Q(S3), Q())),
		part("4.26.a", "mldr-s-flag-never", send(IS_IN(S1, S2)), send(BLOCK(S1, S2)).firstCopy(Q(S1, S2)), send(ALLOW(S1, S3)).thenRounds(round(q1(S1), q0(S2))), send(TO_IN()).draws(Q(S1, S3))),
		part("4.26.b", "mldr-no-llq-retransmit", send(IS_IN(S1, S2, S3, S4)), send(BLOCK(S1, S2)).firstCopy(Q(S1, S2)), send(BLOCK(S2, S3)).thenRounds(round(q0(S1, S2, S3)), round(q0(S3))), send(TO_IN()).draws(Q(S4))),
		part("4.26.c", "mldr-s-flag-always", send(IS_IN(S1, S2)), send(BLOCK(S1, S2)).firstCopy(Q(S1, S2)), send(TO_EX(S1, S3)).thenRounds(round(q0(S1), opt(q1(S2)))), send(TO_IN()).draws(Q())),
		part("4.26.d", "mldr-s-flag-never", send(IS_IN(S1, S2)), send(BLOCK(S1, S2)).firstCopy(Q(S1, S2)), send(TO_IN(S1, S3)).thenRounds(round(q1(S1), q0(S2))), send(TO_IN()).draws(Q(S1, S3))),
		part("4.26.e", "mldr-s-flag-never", send(IS_IN(S1, S2)), send(TO_EX(S1, S2)).firstCopy(Q(S1, S2)), send(ALLOW(S1, S3)).thenRounds(round(q1(S1), q0(S2))), send(TO_IN()).draws(Q(S1, S3), Q())),
		part("4.26.f", "mldr-no-llq-retransmit", send(IS_IN(S1, S2)), send(TO_EX(S1, S2)).firstCopy(Q(S1, S2)), send(BLOCK(S1, S3)).thenRounds(round(q0(S1, S2, S3)), round(q0(S3))), send(TO_IN()).draws(Q())),
		part("4.26.g", "mldr-no-llq-retransmit", send(IS_IN(S1, S2)), send(TO_EX(S1, S2)).firstCopy(Q(S1, S2)), send(TO_EX(S1, S3)).thenRounds(round(q0(S1, S3), opt(q1(S2))), round(q0(S3))), send(TO_IN()).draws(Q())),
		part("4.26.h", "mldr-s-flag-never", send(IS_IN(S1, S2)), send(TO_EX(S1, S2)).firstCopy(Q(S1, S2)), send(TO_IN(S1, S3)).thenRounds(round(q1(S1), q0(S2), q0()), round(q0())), send(TO_IN()).draws(Q(S1, S3))),
		part("4.26.i", "mldr-s-flag-never", send(IS_IN(S1, S2)), send(TO_IN()).firstCopy(Q(S1, S2)), send(ALLOW(S1, S3)).thenRounds(round(q1(S1), q0(S2))), send(TO_IN()).draws(Q(S1, S3))),
		part("4.26.j", "mldr-no-llq-retransmit", send(IS_IN(S1, S2)), send(TO_IN(S3, S4)).firstCopy(Q(S1, S2)), send(BLOCK(S1, S3)).thenRounds(round(q0(S1, S2, S3)), round(q0(S3))), send(TO_IN()).draws(Q(S4))),
		part("4.26.k", "mldr-no-llq-retransmit", send(IS_IN(S1, S2)), send(TO_IN(S3, S4)).firstCopy(Q(S1, S2)), send(TO_EX(S1, S3)).thenRounds(round(q0(S1, S3), opt(q1(S2))), round(q0(S3))), send(TO_IN()).draws(Q())),
		part("4.26.l", "mldr-s-flag-never", send(IS_IN(S1, S2)), send(TO_IN(S3, S4)).firstCopy(Q(S1, S2)), send(TO_IN(S1, S3)).thenRounds(round(q1(S1), q0(S2, S4)), round(q0(S4))), send(TO_IN()).draws(Q(S1, S3))),
	)
})

var _ = Describe("A record while queries are retransmitted, from EXCLUDE", Label("rfc:3810", "section:7.6.3.2", "role:router", "level:must"), func() {
	// 4.26.r: the catalogue's title says TO_EX{S1,S2} then BLOCK{S1,S3},
	// its script repeats 4.26.n; the spec plays the title's case, which
	// fills the row of the TO_EX-first cases (q–t), with the same
	// expectation.
	DescribeTable("retransmits the pending queries with S set for the sources the record raised above LLQT",
		runScript,
		part("4.25.g", "mldr-s-flag-never", send(IS_EX()), send(BLOCK(S1, S2)).firstCopy(Q(S1, S2)), send(IS_IN(S1, S3)).thenRounds(round(q1(S1), q0(S2))), send(TO_IN()).draws(Q(S1, S3), Q())),
		part("4.25.h", "mldr-s-flag-always", send(IS_EX()), send(BLOCK(S1, S2)).firstCopy(Q(S1, S2)), send(IS_EX(S1, S3)).thenRounds(round(q0(S1), opt(q1(S2)))), send(TO_IN()).draws(Q(S3), Q())),
		part("4.25.i", "mldr-s-flag-never", send(IS_EX()), send(TO_EX(S1, S2)).firstCopy(Q(S1, S2)), send(IS_IN(S1, S3)).thenRounds(round(q1(S1), q0(S2))), send(TO_IN()).draws(Q(S1, S3), Q())),
		part("4.25.j", "mldr-s-flag-always", send(IS_EX()), send(TO_EX(S1, S2)).firstCopy(Q(S1, S2)), send(IS_EX(S1, S3)).thenRounds(round(q0(S1), opt(q1(S2)))), send(TO_IN()).draws(Q(S3), Q())),
		part("4.25.k", "mldr-s-flag-always", send(IS_EX()), send(IS_IN(S1, S2)), send(TO_IN()).firstCopy(Q(S1, S2), Q()), send(IS_IN(S1, S3)).thenRounds(round(q0(S2), q0(), opt(q1(S1)))), send(TO_IN()).draws(Q(S1, S3))),
		part("4.25.l", "mldr-s-flag-never", send(IS_EX()), send(IS_IN(S1, S2)), send(TO_IN()).firstCopy(Q(S1, S2), Q()), send(IS_EX(S1, S3)).thenRounds(round(q0(S1), q1(), opt(q1(S2)))), send(TO_IN()).draws(Q(S3), Q())),
		part("4.26.m", "mldr-s-flag-never", send(IS_EX()), send(BLOCK(S1, S2)).firstCopy(Q(S1, S2)), send(ALLOW(S1, S3)).thenRounds(round(q1(S1), q0(S2))), send(TO_IN()).draws(Q(S1, S3), Q())),
		part("4.26.n", "mldr-no-llq-retransmit", send(IS_EX()), send(BLOCK(S1, S2)).firstCopy(Q(S1, S2)), send(BLOCK(S1, S3)).thenRounds(round(q0(S1, S2, S3)), round(q0(S3))), send(TO_IN()).draws(Q())),
		part("4.26.o", "mldr-no-llq-retransmit", send(IS_EX()), send(BLOCK(S1, S2)).firstCopy(Q(S1, S2)), send(TO_EX(S1, S3)).thenRounds(round(q0(S1, S3), opt(q1(S2))), round(q0(S3))), send(TO_IN()).draws(Q())),
		part("4.26.p", "mldr-s-flag-never", send(IS_EX()), send(BLOCK(S1, S2)).firstCopy(Q(S1, S2)), send(TO_IN(S1, S3)).thenRounds(round(q1(S1), q0(S2), q0()), round(q0())), send(TO_IN()).draws(Q(S1, S3))),
		part("4.26.q", "mldr-s-flag-never", send(IS_EX()), send(TO_EX(S1, S2)).firstCopy(Q(S1, S2)), send(ALLOW(S1, S3)).thenRounds(round(q1(S1), q0(S2))), send(TO_IN()).draws(Q(S1, S3), Q())),
		part("4.26.r", "mldr-no-llq-retransmit", send(IS_EX()), send(TO_EX(S1, S2)).firstCopy(Q(S1, S2)), send(BLOCK(S1, S3)).thenRounds(round(q0(S1, S2, S3)), round(q0(S3))), send(TO_IN()).draws(Q())),
		part("4.26.s", "mldr-no-llq-retransmit", send(IS_EX()), send(TO_EX(S1, S2)).firstCopy(Q(S1, S2)), send(TO_EX(S1, S3)).thenRounds(round(q0(S1, S3), opt(q1(S2))), round(q0(S3))), send(TO_IN()).draws(Q())),
		part("4.26.t", "mldr-s-flag-never", send(IS_EX()), send(TO_EX(S1, S2)).firstCopy(Q(S1, S2)), send(TO_IN(S1, S3)).thenRounds(round(q1(S1), q0(S2), q0()), round(q0())), send(TO_IN()).draws(Q(S1, S3))),
		part("4.26.u", "mldr-s-flag-never", send(IS_EX()), send(IS_IN(S1, S2)), send(TO_IN()).firstCopy(Q(S1, S2), Q()), send(ALLOW(S1, S3)).thenRounds(round(q1(S1), q0(S2), q0())), send(TO_IN()).draws(Q(S1, S3))),
		part("4.26.v", "mldr-no-llq-retransmit", send(IS_EX()), send(IS_IN(S1, S2)), send(TO_IN(S3, S4)).firstCopy(Q(S1, S2), Q()), send(BLOCK(S1, S3)).thenRounds(round(q0(S1, S2, S3), q0()), round(q0(S3))), send(TO_IN()).draws(Q(S4))),
		part("4.26.w", "mldr-s-flag-never", send(IS_EX()), send(IS_IN(S1, S2)), send(TO_IN(S3, S4)).firstCopy(Q(S1, S2), Q()), send(TO_EX(S1, S3)).thenRounds(round(q0(S1, S3), q1(), opt(q1(S2))), round(q0(S3))), send(TO_IN()).draws(Q())),
		part("4.26.x", "mldr-s-flag-never", send(IS_EX()), send(IS_IN(S1, S2)), send(TO_IN(S3, S4)).firstCopy(Q(S1, S2), Q()), send(TO_IN(S1, S3)).thenRounds(round(q1(S1), q0(S2, S4), q0()), round(q0(S4), opt(q0()))), send(TO_IN()).draws(Q(S1, S3))),
	)
})

var _ = Describe("Several records in one Report", Label("rfc:3810", "section:5.2.3", "role:router", "level:must"), func() {
	// §5.2.3, §7.4: each Multicast Address Record of a Report is
	// processed, in order, as if it came alone.
	DescribeTable("processes every record of a Report, each for its own group",
		runScript,
		part("4.27.a", "mldr-first-record-only",
			sendRecords(recFor(M1, IS_IN(S1, S2)), recFor(M2, IS_EX(S1, S3))),
			sendRecords(recFor(M1, TO_IN())).draws(Q(S1, S2)), sendRecords(recFor(M2, TO_IN())).draws(Q2()),
			sendRecords(recFor(M1, TO_IN()), recFor(M2, TO_IN())).noQ()),
		part("4.27.b", "mldr-first-record-only",
			sendRecords(recFor(M1, IS_IN(S1, S2)), recFor(M2, IS_IN(S1, S2))).at(t0),
			sendRecords(recFor(M1, IS_IN(S1, S3)), recFor(M2, IS_IN(S2, S3))).at(t1),
			sendRecords(recFor(M1, TO_IN()), recFor(M2, TO_IN())).at(plus(t0)).draws(Q(S1, S3), Q2(S2, S3))),
		part("4.27.c", "mldr-first-record-only",
			sendRecords(recFor(M1, IS_EX()), recFor(M2, IS_EX())).at(t0),
			sendRecords(recFor(M1, IS_IN(S1, S2)), recFor(M2, IS_EX(S1, S2))).at(t1),
			sendRecords(recFor(M1, TO_IN()), recFor(M2, TO_IN())).at(plus(t0)).draws(Q(S1, S2), Q2(S1, S2), Q2())),
		part("4.27.d", "mldr-first-record-only",
			sendRecords(recFor(M1, IS_EX(S3, S4)), recFor(M2, IS_EX(S3, S4))).at(t0),
			sendRecords(recFor(M1, ALLOW(S1, S2)), recFor(M2, ALLOW(S1, S2))).at(t1h),
			sendRecords(recFor(M1, IS_IN(S1, S3, S5)), recFor(M2, IS_EX(S1, S3, S5))).at(t2),
			sendRecords(recFor(M1, TO_IN()), recFor(M2, TO_IN())).at(plus(t0)).draws(Q(S1, S2, S3, S5), Q2(S1, S5), Q2())),
	)
})

var _ = Describe("More sources than one query holds", Label("rfc:3810", "section:5.1.10", "role:router", "level:must"), func() {
	// §5.1.10: a query must fit the link MTU without fragmentation; 89
	// sources fit on a 1500-octet link, so a query about 90 sources goes
	// in two or more queries.
	DescribeTable("splits the query of 90 sources into queries that fit the link MTU",
		runScript,
		part("4.28.a", "mldr-no-split", send(ALLOW(srcRange(1, 89)...)), send(ALLOW(src(90))), send(TO_IN()).drawsSplit(89, srcRange(1, 90))),
		part("4.28.b", "mldr-no-split", send(IS_EX()), send(ALLOW(srcRange(1, 89)...)), send(ALLOW(src(90))), send(TO_IN()).drawsSplit(89, srcRange(1, 90), Q())),
	)
})
