package rfc3810

import (
	. "github.com/onsi/ginkgo/v2"
)

// Group 4 of the router checklist (MLDv2R.4), 4.13–4.24: State Change
// Records (RFC 3810 §7.4.2) TO_EX and TO_IN in INCLUDE mode, and ALLOW,
// BLOCK, TO_EX and TO_IN in EXCLUDE mode, with the queries they draw
// (§7.6.3) and the timers (§7.2.2, §7.2.3, §7.5). Level must, as in
// router_state.go. Where the catalogue states no query for a record the
// table gives none to (ALLOW, BLOCK{}, TO_EX{}), the spec judges noQ too.
// In 4.14.b and 4.22.b the closing TO_IN{} comes after the BLOCK's
// queries, when less than LLQT is left of the filter timer: Q(M1) must
// still come at once, but the state ends before its retransmission, so
// only the first copy is judged.

var _ = Describe("INCLUDE + TO_EX", Label("rfc:3810", "section:7.4.2", "role:router", "level:must"), func() {
	// IN{A} + TO_EX{B} → EX{A∩B | B−A}, (B−A) = 0, delete A−B, Send
	// Q(MA, A∩B), filter timer = MALI.
	DescribeTable("switches to EXCLUDE and queries the sources it held that the listener still wants",
		runScript,
		part("4.13.a", "mldr-include-to-ex-ignored", send(TO_EX()).noQ(), send(TO_IN()).draws(Q())),
		part("4.13.b", "mldr-include-to-ex-ignored", send(TO_EX()).noQ(), send(BLOCK(S1)).draws(Q(S1)), send(TO_IN()).draws(Q())),
		part("4.13.c", "mldr-include-to-ex-ignored", send(TO_EX(S1)).noQ(), send(TO_IN()).draws(Q())),
		part("4.13.d", "mldr-block-queries-excluded", send(TO_EX(S1)).noQ(), send(BLOCK(S1)).noQ(), send(TO_IN()).draws(Q())),
		part("4.13.e", "mldr-include-to-ex-ignored", send(IS_IN(S1)), send(TO_EX()).noQ(), send(TO_IN()).draws(Q())),
		part("4.13.f", "mldr-include-to-ex-ignored", send(IS_IN(S1)), send(TO_EX()).noQ(), send(BLOCK(S1)).draws(Q(S1)), send(TO_IN()).draws(Q())),
		part("4.13.g", "mldr-include-to-ex-ignored", send(IS_IN(S1, S3)), send(TO_EX(S2, S3)).draws(Q(S3)), send(TO_IN()).draws(Q())),
		part("4.13.h", "mldr-include-to-ex-ignored", send(IS_IN(S1, S3)), send(TO_EX(S2, S3)).draws(Q(S3)), send(BLOCK(S1, S2, S3)).draws(Q(S1)), send(TO_IN()).draws(Q())),
		part("4.14.a", "mldr-mali-wrong", send(IS_IN(S1, S3)).at(t0), send(TO_EX(S2, S3)).at(t1).draws(Q(S3)), send(TO_IN()).at(minus(t1)).draws(Q())),
		part("4.14.b", "mldr-mali-wrong", send(IS_IN(S1, S3)).at(t0), send(TO_EX(S2, S3)).at(t1).draws(Q(S3)), send(BLOCK(S1, S2, S3)).at(minus(t1)).draws(Q(S1)), send(TO_IN()).firstCopy(Q())),
		part("4.14.c", "mldr-mali-long", send(IS_IN(S1, S3)).at(t0), send(TO_EX(S2, S3)).at(t1).draws(Q(S3)), send(TO_IN()).at(plus(t1)).noQ()),
	)
})

var _ = Describe("INCLUDE + TO_IN", Label("rfc:3810", "section:7.4.2", "role:router", "level:must"), func() {
	// IN{A} + TO_IN{B} → IN{A+B}, (B) = MALI, Send Q(MA, A−B).
	DescribeTable("adds the sources and queries the ones the listener left",
		runScript,
		part("4.15.a", "mldr-leave-unknown-queried", send(TO_IN()).noQ(), send(TO_IN()).noQ()),
		part("4.15.b", "mldr-include-to-in-ignored", send(TO_IN(), TO_IN(S1)).noQ(), send(TO_IN()).draws(Q(S1))),
		part("4.15.c", "mldr-include-to-in-ignored", send(TO_IN(S1)).noQ(), send(TO_IN()).draws(Q(S1)), send(TO_IN()).noQ()),
		part("4.15.d", "mldr-to-in-no-query", send(TO_IN(S1, S3)), send(TO_IN(S2, S3)).draws(Q(S1)), send(TO_IN()).draws(Q(S2, S3))),
		part("4.16.a", "mldr-mali-wrong", send(TO_IN(S1, S3)).at(t0), send(TO_IN(S2, S3)).at(t1).draws(Q(S1)), send(TO_IN()).at(minus(t1)).draws(Q(S2, S3))),
		part("4.16.b", "mldr-mali-long", send(TO_IN(S1, S3)).at(t0), send(TO_IN(S2, S3)).at(t1).draws(Q(S1)), send(TO_IN()).at(plus(t1)).noQ()),
	)
})

var _ = Describe("EXCLUDE + ALLOW", Label("rfc:3810", "section:7.4.2", "role:router", "level:must"), func() {
	// EX{X|Y} + ALLOW{A} → EX{X+A | Y−A}, (A) = MALI; no query.
	DescribeTable("adds the allowed sources to the requested ones, without a query",
		runScript,
		part("4.17.a", "mldr-changes-query-group", send(IS_EX()), send(ALLOW()).noQ(), send(TO_IN()).draws(Q())),
		part("4.17.b", "mldr-changes-query-group", send(IS_EX()), send(ALLOW()).noQ(), send(BLOCK(S1)).draws(Q(S1)), send(TO_IN()).draws(Q())),
		part("4.17.c", "mldr-allow-exclude-ignored", send(IS_EX()), send(ALLOW(), ALLOW(S1)).noQ(), send(TO_IN()).draws(Q(S1), Q())),
		part("4.17.d", "mldr-changes-query-group", send(IS_EX()), send(ALLOW(), ALLOW(S1)).noQ(), send(BLOCK(S1)).draws(Q(S1)), send(TO_IN()).draws(Q())),
		part("4.17.e", "mldr-changes-query-group", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(ALLOW()).noQ(), send(TO_IN()).draws(Q(S2, S5), Q())),
		part("4.17.f", "mldr-changes-query-group", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(ALLOW()).noQ(), send(BLOCK(S1, S2, S3, S4, S5)).draws(Q(S1, S2, S5)), send(TO_IN()).draws(Q())),
		part("4.17.g", "mldr-allow-exclude-ignored", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(ALLOW(S1, S2, S3)).noQ(), send(TO_IN()).draws(Q(S1, S2, S3, S5), Q())),
		part("4.17.h", "mldr-allow-exclude-ignored", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(ALLOW(S1, S2, S3)).noQ(), send(BLOCK(S1, S2, S3, S4, S5)).draws(Q(S1, S2, S3, S5)), send(TO_IN()).draws(Q())),
		part("4.18.a", "mldr-allow-exclude-ignored", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(ALLOW(S1, S2, S3)).at(t2), send(TO_IN()).at(minus(t0)).draws(Q(S1, S2, S3, S5), Q())),
		part("4.18.b", "mldr-allow-exclude-ignored", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(ALLOW(S1, S2, S3)).at(t2), send(BLOCK(S1, S2, S3, S4, S5)).at(minus(t0)).draws(Q(S1, S2, S3, S5))),
		part("4.18.c", "mldr-filter-expiry-deletes", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(ALLOW(S1, S2, S3)).at(t2), send(TO_IN()).at(plus(t0)).draws(Q(S1, S2, S3, S5))),
		part("4.18.d", "mldr-filter-expiry-deletes", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(ALLOW(S1, S2, S3)).at(t2), send(TO_IN()).at(minus(t1h)).draws(Q(S1, S2, S3, S5))),
		part("4.18.e", "mldr-filter-expiry-deletes", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(ALLOW(S1, S2, S3)).at(t2), send(TO_IN()).at(plus(t1h)).draws(Q(S1, S2, S3))),
		part("4.18.f", "mldr-allow-exclude-ignored", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(ALLOW(S1, S2, S3)).at(t2), send(TO_IN()).at(minus(t2)).draws(Q(S1, S2, S3))),
		part("4.18.g", "mldr-mali-long", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(ALLOW(S1, S2, S3)).at(t2), send(TO_IN()).at(plus(t2)).noQ()),
	)
})

var _ = Describe("EXCLUDE + BLOCK", Label("rfc:3810", "section:7.4.2", "role:router", "level:must"), func() {
	// EX{X|Y} + BLOCK{A} → EX{X+(A−Y) | Y}, (A−X−Y) = filter timer, Send
	// Q(MA, A−Y): excluded sources get no query.
	DescribeTable("queries the blocked sources that are not already excluded",
		runScript,
		part("4.19.a", "mldr-changes-query-group", send(IS_EX()), send(BLOCK()).noQ(), send(TO_IN()).draws(Q())),
		part("4.19.b", "mldr-changes-query-group", send(IS_EX()), send(BLOCK()).noQ(), send(BLOCK(S1)).draws(Q(S1)), send(TO_IN()).draws(Q())),
		part("4.19.c", "mldr-allow-exclude-ignored", send(IS_EX()), send(BLOCK(), ALLOW(S1)).noQ(), send(TO_IN()).draws(Q(S1), Q())),
		part("4.19.d", "mldr-changes-query-group", send(IS_EX()), send(BLOCK(), ALLOW(S1)).noQ(), send(BLOCK(S1)).draws(Q(S1)), send(TO_IN()).draws(Q())),
		part("4.19.e", "mldr-changes-query-group", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(BLOCK()).noQ(), send(TO_IN()).draws(Q(S2, S5), Q())),
		part("4.19.f", "mldr-changes-query-group", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(BLOCK()).noQ(), send(BLOCK(S1, S2, S3, S4, S5)).draws(Q(S1, S2, S5)), send(TO_IN()).draws(Q())),
		part("4.19.g", "mldr-exclude-block-ignored", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(BLOCK(S1, S2, S3)).draws(Q(S1, S2)), send(TO_IN()).draws(Q(S5), Q())),
		part("4.19.h", "mldr-exclude-block-ignored", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(BLOCK(S1, S2, S3)).draws(Q(S1, S2)), send(BLOCK(S1, S2, S3, S4, S5)).draws(Q(S5)), send(TO_IN()).draws(Q())),
		part("4.19.i", "mldr-exclude-block-ignored", send(IS_EX()), send(BLOCK(S1), ALLOW(S2)).draws(Q(S1)), send(TO_IN()).draws(Q(S2), Q())),
		part("4.19.j", "mldr-exclude-block-ignored", send(IS_EX()), send(BLOCK(S1), ALLOW(S2)).draws(Q(S1)), send(BLOCK(S1, S2)).draws(Q(S2)), send(TO_IN()).draws(Q())),
		part("4.19.k", "mldr-exclude-block-ignored", send(IS_EX(S3, S4, S8)), send(IS_EX(S2, S5, S7)), send(BLOCK(S1, S2, S3), ALLOW(S6, S7, S8)).draws(Q(S1, S2, S3)), send(TO_IN()).draws(Q(S5, S6, S7, S8), Q())),
		part("4.19.l", "mldr-exclude-block-ignored", send(IS_EX(S3, S4, S8)), send(IS_EX(S2, S5, S7)), send(BLOCK(S1, S2, S3), ALLOW(S6, S7, S8)).draws(Q(S1, S2, S3)), send(BLOCK(S1, S2, S3, S4, S5, S6, S7, S8)).draws(Q(S4, S5, S6, S7, S8)), send(TO_IN()).draws(Q())),
		part("4.20.a", "mldr-exclude-block-ignored", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(BLOCK(S1, S2, S3)).at(t2).draws(Q(S1, S2)), send(TO_IN()).at(minus(t0)).draws(Q(S5), Q())),
		part("4.20.b", "mldr-exclude-block-ignored", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(BLOCK(S1, S2, S3)).at(t2).draws(Q(S1, S2)), send(BLOCK(S1, S2, S3, S4, S5)).at(minus(t0)).draws(Q(S5))),
		part("4.20.c", "mldr-filter-expiry-deletes", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(BLOCK(S1, S2, S3)).at(t2).draws(Q(S1, S2)), send(TO_IN()).at(plus(t0)).draws(Q(S5))),
		part("4.20.d", "mldr-filter-expiry-deletes", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(BLOCK(S1, S2, S3)).at(t2).draws(Q(S1, S2)), send(TO_IN()).at(minus(t1h)).draws(Q(S5))),
		part("4.20.e", "mldr-mali-long", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(BLOCK(S1, S2, S3)).at(t2).draws(Q(S1, S2)), send(TO_IN()).at(plus(t1h)).noQ()),
	)
})

var _ = Describe("EXCLUDE + TO_EX", Label("rfc:3810", "section:7.4.2", "role:router", "level:must"), func() {
	// EX{X|Y} + TO_EX{A} → EX{A−Y | Y∩A}, (A−X−Y) = filter timer, delete
	// X−A and Y−A, Send Q(MA, A−Y), filter timer = MALI.
	DescribeTable("replaces the EXCLUDE state and queries the sources not excluded",
		runScript,
		part("4.21.a", "mldr-changes-query-group", send(IS_EX()), send(TO_EX()).noQ(), send(TO_IN()).draws(Q())),
		part("4.21.b", "mldr-changes-query-group", send(IS_EX()), send(TO_EX()).noQ(), send(BLOCK(S1)).draws(Q(S1)), send(TO_IN()).draws(Q())),
		part("4.21.c", "mldr-exclude-to-ex-ignored", send(IS_EX()), send(TO_EX(S1)).draws(Q(S1)), send(TO_IN()).draws(Q())),
		part("4.21.d", "mldr-exclude-to-ex-ignored", send(IS_EX()), send(TO_EX(S1)).draws(Q(S1)), send(BLOCK(S1)).noQ(), send(TO_IN()).draws(Q())),
		part("4.21.e", "mldr-exclude-to-ex-ignored", send(IS_EX(S4)), send(IS_IN(S5)), send(TO_EX()).noQ(), send(TO_IN()).draws(Q())),
		part("4.21.f", "mldr-exclude-to-ex-ignored", send(IS_EX(S4)), send(IS_IN(S5)), send(TO_EX()).noQ(), send(BLOCK(S4, S5)).draws(Q(S4, S5)), send(TO_IN()).draws(Q())),
		part("4.21.g", "mldr-exclude-to-ex-ignored", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(TO_EX(S1, S2, S3)).draws(Q(S1, S2)), send(TO_IN()).draws(Q())),
		part("4.21.h", "mldr-exclude-to-ex-ignored", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(TO_EX(S1, S2, S3)).draws(Q(S1, S2)), send(BLOCK(S1, S2, S3, S4, S5)).draws(Q(S4, S5)), send(TO_IN()).draws(Q())),
		part("4.22.a", "mldr-mali-wrong", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(TO_EX(S1, S2, S3)).at(t2).draws(Q(S1, S2)), send(TO_IN()).at(minus(t2)).draws(Q())),
		part("4.22.b", "mldr-mali-wrong", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(TO_EX(S1, S2, S3)).at(t2).draws(Q(S1, S2)), send(BLOCK(S1, S2, S3, S4, S5)).at(minus(t2)).draws(Q(S4, S5)), send(TO_IN()).firstCopy(Q())),
		part("4.22.c", "mldr-mali-long", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(TO_EX(S1, S2, S3)).at(t2).draws(Q(S1, S2)), send(TO_IN()).at(plus(t2)).noQ()),
	)
})

var _ = Describe("EXCLUDE + TO_IN", Label("rfc:3810", "section:7.4.2", "role:router", "level:must"), func() {
	// EX{X|Y} + TO_IN{A} → EX{X+A | Y−A}, (A) = MALI, Send Q(MA, X−A)
	// and Send Q(MA); when the lowered filter timer expires the state is
	// IN{X}, or gone when X is empty (§7.5).
	DescribeTable("queries the group and the requested sources left, then keeps only the sources still wanted",
		runScript,
		part("4.23.a", "mldr-exclude-to-in-ignored", send(IS_EX()), send(TO_IN()).draws(Q()), send(TO_IN()).noQ()),
		part("4.23.b", "mldr-exclude-to-in-ignored", send(IS_EX()), send(TO_IN(S1)).draws(Q()), send(TO_IN()).draws(Q(S1))),
		part("4.23.c", "mldr-exclude-to-in-ignored", send(IS_EX(S5)), send(IS_IN(S4)), send(TO_IN()).draws(Q(S4), Q()), send(TO_IN()).noQ()),
		part("4.23.d", "mldr-exclude-to-in-ignored", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(TO_IN(S1, S2, S3)).draws(Q(S5), Q()), send(TO_IN()).draws(Q(S1, S2, S3))),
		part("4.24.a", "mldr-mali-wrong", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(TO_IN(S1, S2, S3)).at(t0).draws(Q(S5), Q()), send(TO_IN()).at(minus(t0)).draws(Q(S1, S2, S3))),
		// 4.24.b: the catalogue's script has no probe here and marks the
		// part [T]. What the RFC requires over that period is that the
		// router sends no query but General Queries: only the table
		// actions of §7.4 send specific queries (§7.6.3), and none comes.
		part("4.24.b", "mldr-llq-extra-copy", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(TO_IN(S1, S2, S3)).at(t0).draws(Q(S5), Q()), quietUntil(minus(t0))),
	)
})
