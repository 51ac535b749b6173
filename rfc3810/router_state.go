package rfc3810

import (
	. "github.com/onsi/ginkgo/v2"
)

// Group 4 of the router checklist (MLDv2R.4): report processing and the
// router's state, 4.1–4.12: Current State Records (RFC 3810 §7.4.1) and
// ALLOW/BLOCK in INCLUDE mode (§7.4.2), with the timers of §7.2.2 and
// §7.2.3 and the filter timer's expiry (§7.5). The tables are normative
// text without a key word ([N]): the specs judge them as level:must. Each
// part is a script of router_state_helpers.go, one line in the
// catalogue's notation; IN{A} is set up by IS_IN{A}, EX{}|{} by IS_EX{},
// EX{S5}|{S4} by IS_EX{S4}, IS_IN{S5}, and the catalogue's "Base"
// EX{S2,S5}|{S3,S4} by IS_EX{S3,S4}, IS_IN{S2,S5}.

// S8 is the catalogue's eighth source (4.19.k).
var S8 = src(8)

var _ = Describe("INCLUDE + IS_IN", Label("rfc:3810", "section:7.4.1", "role:router", "level:must"), func() {
	// IN{A} + IS_IN{B} → IN{A+B}, (B) = MALI.
	DescribeTable("adds the reported sources to an INCLUDE state with the MALI",
		runScript,
		part("4.1.a", "mldr-empty-record-joins", send(IS_IN()), send(TO_IN()).noQ()),
		part("4.1.b", "mldr-include-is-in-ignored", send(IS_IN(), IS_IN(S1)), send(TO_IN()).draws(Q(S1))),
		part("4.1.c", "mldr-include-is-in-ignored", send(IS_IN(S1)), send(IS_IN()), send(TO_IN()).draws(Q(S1))),
		part("4.1.d", "mldr-include-is-in-ignored", send(IS_IN(S1, S3)), send(IS_IN(S2, S3)), send(TO_IN()).draws(Q(S1, S2, S3))),
		part("4.2.a", "mldr-mali-wrong", send(IS_IN(S1, S3)).at(t0), send(IS_IN(), IS_IN(S2, S3)).at(t1), send(TO_IN()).at(minus(t0)).draws(Q(S1, S2, S3))),
		part("4.2.b", "mldr-mali-long", send(IS_IN(S1, S3)).at(t0), send(IS_IN(), IS_IN(S2, S3)).at(t1), send(TO_IN()).at(plus(t0)).draws(Q(S2, S3))),
		part("4.2.c", "mldr-mali-wrong", send(IS_IN(S1, S3)).at(t0), send(IS_IN(), IS_IN(S2, S3)).at(t1), send(TO_IN()).at(minus(t1)).draws(Q(S2, S3))),
		part("4.2.d", "mldr-mali-long", send(IS_IN(S1, S3)).at(t0), send(IS_IN(), IS_IN(S2, S3)).at(t1), send(TO_IN()).at(plus(t1)).noQ()),
	)
})

var _ = Describe("INCLUDE + IS_EX", Label("rfc:3810", "section:7.4.1", "role:router", "level:must"), func() {
	// IN{A} + IS_EX{B} → EX{A∩B | B−A}, (B−A) = 0, delete A−B, filter
	// timer = MALI; A∩B keep their timers.
	DescribeTable("switches to EXCLUDE: the common sources kept, the new ones excluded, the others deleted",
		runScript,
		part("4.3.a", "mldr-include-is-ex-ignored", send(IS_EX()), send(TO_IN()).draws(Q())),
		part("4.3.b", "mldr-include-is-ex-ignored", send(IS_EX()), send(BLOCK(S1)).draws(Q(S1)), send(TO_IN()).draws(Q())),
		part("4.3.c", "mldr-include-is-ex-ignored", send(IS_EX(S1)), send(TO_IN()).draws(Q())),
		part("4.3.d", "mldr-block-queries-excluded", send(IS_EX(S1)), send(BLOCK(S1)).noQ(), send(TO_IN()).draws(Q())),
		part("4.3.e", "mldr-include-is-ex-keeps-all", send(IS_IN(S1)), send(IS_EX()), send(TO_IN()).draws(Q())),
		part("4.3.f", "mldr-include-is-ex-ignored", send(IS_IN(S1)), send(IS_EX()), send(BLOCK(S1)).draws(Q(S1)), send(TO_IN()).draws(Q())),
		part("4.3.g", "mldr-include-is-ex-keeps-all", send(IS_IN(S1, S3)), send(IS_EX(S2, S3)), send(TO_IN()).draws(Q(S3), Q())),
		part("4.3.h", "mldr-include-is-ex-ignored", send(IS_IN(S1, S3)).at(t0), send(IS_EX(S2, S3)).at(t1), send(BLOCK(S1, S2, S3)).draws(Q(S1, S3)), send(TO_IN()).draws(Q())),
		part("4.4.a", "mldr-mali-wrong", send(IS_IN(S1, S3)).at(t0), send(IS_EX(S2, S3)).at(t1), send(TO_IN()).at(minus(t0)).draws(Q(S3), Q())),
		part("4.4.b", "mldr-mali-wrong", send(IS_IN(S1, S3)).at(t0), send(IS_EX(S2, S3)).at(t1t0), send(BLOCK(S1, S2, S3)).at(minus(t0)).draws(Q(S1, S3))),
		part("4.4.c", "mldr-mali-long", send(IS_IN(S1, S3)).at(t0), send(IS_EX(S2, S3)).at(t1), send(TO_IN()).at(plus(t0)).draws(Q())),
		part("4.4.d", "mldr-mali-long", send(IS_IN(S1, S3)).at(t0), send(IS_EX(S2, S3)).at(t1), send(BLOCK(S1, S2, S3)).at(plus(t0)).draws(Q(S1))),
		part("4.4.e", "mldr-mali-wrong", send(IS_IN(S1, S3)).at(t0), send(IS_EX(S2, S3)).at(t1), send(TO_IN()).at(minus(t1)).draws(Q())),
		part("4.4.f", "mldr-mali-wrong", send(IS_IN(S1, S3)).at(t0), send(IS_EX(S2, S3)).at(t1), send(BLOCK(S1, S2, S3)).at(minus(t1)).draws(Q(S1))),
		part("4.4.g", "mldr-mali-long", send(IS_IN(S1, S3)).at(t0), send(IS_EX(S2, S3)).at(t1), send(TO_IN()).at(plus(t1)).noQ()),
	)
})

var _ = Describe("EXCLUDE + IS_IN", Label("rfc:3810", "section:7.4.1", "role:router", "level:must"), func() {
	// EX{X|Y} + IS_IN{A} → EX{X+A | Y−A}, (A) = MALI; at the filter
	// timer's expiry EX{X|Y} becomes IN{X} (§7.5).
	DescribeTable("adds the reported sources to the requested ones of an EXCLUDE state",
		runScript,
		part("4.5.a", "mldr-exclude-is-in-switches-mode", send(IS_EX()), send(IS_IN()), send(TO_IN()).draws(Q())),
		part("4.5.b", "mldr-exclude-is-in-switches-mode", send(IS_EX()), send(IS_IN()), send(BLOCK(S1)).draws(Q(S1)), send(TO_IN()).draws(Q())),
		part("4.5.c", "mldr-exclude-is-in-ignored", send(IS_EX()), send(IS_IN(), IS_IN(S1)), send(TO_IN()).draws(Q(S1), Q())),
		part("4.5.d", "mldr-exclude-is-in-switches-mode", send(IS_EX()), send(IS_IN(), IS_IN(S1)), send(BLOCK(S1)).draws(Q(S1)), send(TO_IN()).draws(Q())),
		part("4.5.e", "mldr-exclude-is-in-ignored", send(IS_EX(S4)), send(IS_IN(S5)), send(IS_IN()), send(TO_IN()).draws(Q(S5), Q())),
		part("4.5.f", "mldr-exclude-is-in-switches-mode", send(IS_EX(S4)), send(IS_IN(S5)), send(IS_IN()), send(BLOCK(S4, S5)).draws(Q(S5)), send(TO_IN()).draws(Q())),
		part("4.5.g", "mldr-exclude-is-in-ignored", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(IS_IN(S1, S2, S3)), send(TO_IN()).draws(Q(S1, S2, S3, S5), Q())),
		part("4.5.h", "mldr-exclude-is-in-ignored", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(IS_IN(S1, S2, S3)), send(BLOCK(S1, S2, S3, S4, S5)).draws(Q(S1, S2, S3, S5)), send(TO_IN()).draws(Q())),
		part("4.6.a", "mldr-mali-wrong", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(IS_IN(S1, S2, S3)).at(t2), send(TO_IN()).at(minus(t0)).draws(Q(S1, S2, S3, S5), Q())),
		part("4.6.b", "mldr-mali-wrong", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(IS_IN(S1, S2, S3)).at(t2), send(BLOCK(S1, S2, S3, S4, S5)).at(minus(t0)).draws(Q(S1, S2, S3, S5))),
		part("4.6.c", "mldr-filter-expiry-deletes", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(IS_IN(S1, S2, S3)).at(t2), send(TO_IN()).at(plus(t0)).draws(Q(S1, S2, S3, S5))),
		part("4.6.d", "mldr-filter-expiry-deletes", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(IS_IN(S1, S2, S3)).at(t2), send(TO_IN()).at(minus(t1h)).draws(Q(S1, S2, S3, S5))),
		part("4.6.e", "mldr-filter-expiry-deletes", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(IS_IN(S1, S2, S3)).at(t2), send(TO_IN()).at(plus(t1h)).draws(Q(S1, S2, S3))),
		part("4.6.f", "mldr-filter-expiry-deletes", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(IS_IN(S1, S2, S3)).at(t2), send(TO_IN()).at(minus(t2)).draws(Q(S1, S2, S3))),
		part("4.6.g", "mldr-mali-long", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(IS_IN(S1, S2, S3)).at(t2), send(TO_IN()).at(plus(t2)).noQ()),
	)
})

var _ = Describe("EXCLUDE + IS_EX", Label("rfc:3810", "section:7.4.1", "role:router", "level:must"), func() {
	// EX{X|Y} + IS_EX{A} → EX{A−Y | Y∩A}, (A−X−Y) = MALI, delete X−A
	// and Y−A, filter timer = MALI. EX{}|{} + IS_EX{} (4.7.a, b) changes
	// nothing but the filter timer: the fault that proves them breaks the
	// IS_EX{} that sets the state up.
	DescribeTable("replaces an EXCLUDE state by the reported one, keeping what both know",
		runScript,
		part("4.7.a", "mldr-include-is-ex-ignored", send(IS_EX()), send(IS_EX()), send(TO_IN()).draws(Q())),
		part("4.7.b", "mldr-include-is-ex-ignored", send(IS_EX()), send(IS_EX()), send(BLOCK(S1)).draws(Q(S1)), send(TO_IN()).draws(Q())),
		part("4.7.c", "mldr-exclude-is-ex-ignored", send(IS_EX()), send(IS_EX(S1)), send(TO_IN()).draws(Q(S1), Q())),
		part("4.7.d", "mldr-exclude-is-ex-new-excluded", send(IS_EX()), send(IS_EX(S1)), send(BLOCK(S1)).draws(Q(S1)), send(TO_IN()).draws(Q())),
		part("4.7.e", "mldr-exclude-is-ex-ignored", send(IS_EX(S4)), send(IS_IN(S5)), send(IS_EX()), send(TO_IN()).draws(Q())),
		part("4.7.f", "mldr-exclude-is-ex-ignored", send(IS_EX(S4)), send(IS_IN(S5)), send(IS_EX()), send(BLOCK(S4, S5)).draws(Q(S4, S5)), send(TO_IN()).draws(Q())),
		part("4.7.g", "mldr-exclude-is-ex-ignored", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(IS_EX(S1, S2, S3)), send(TO_IN()).draws(Q(S1, S2), Q())),
		part("4.7.h", "mldr-exclude-is-ex-ignored", send(IS_EX(S3, S4)), send(IS_IN(S2, S5)), send(IS_EX(S1, S2, S3)), send(BLOCK(S1, S2, S3, S4, S5)).draws(Q(S1, S2, S4, S5)), send(TO_IN()).draws(Q())),
		part("4.8.a", "mldr-mali-wrong", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(IS_EX(S1, S2, S3)).at(t2), send(TO_IN()).at(minus(t1h)).draws(Q(S1, S2), Q())),
		part("4.8.b", "mldr-mali-wrong", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(IS_EX(S1, S2, S3)).at(t2), send(BLOCK(S1, S2, S3, S4, S5)).at(minus(t1h)).draws(Q(S1, S2, S4, S5))),
		part("4.8.c", "mldr-mali-long", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(IS_EX(S1, S2, S3)).at(t2), send(TO_IN()).at(plus(t1h)).draws(Q(S1), Q())),
		part("4.8.d", "mldr-mali-long", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(IS_EX(S1, S2, S3)).at(t2), send(BLOCK(S1, S2, S3, S4, S5)).at(plus(t1h)).draws(Q(S1, S4, S5))),
		part("4.8.e", "mldr-mali-wrong", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(IS_EX(S1, S2, S3)).at(t2), send(TO_IN()).at(minus(t2)).draws(Q(S1), Q())),
		part("4.8.f", "mldr-mali-wrong", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(IS_EX(S1, S2, S3)).at(t2), send(BLOCK(S1, S2, S3, S4, S5)).at(minus(t2)).draws(Q(S1, S4, S5))),
		part("4.8.g", "mldr-mali-long", send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(IS_EX(S1, S2, S3)).at(t2), send(TO_IN()).at(plus(t2)).noQ()),
	)
})

var _ = Describe("INCLUDE + ALLOW and BLOCK", Label("rfc:3810", "section:7.4.2", "role:router", "level:must"), func() {
	// IN{A} + ALLOW{B} → IN{A+B}, (B) = MALI; IN{A} + BLOCK{B} → IN{A},
	// Send Q(MA, A∩B).
	DescribeTable("adds allowed sources, and queries the blocked ones it holds",
		runScript,
		part("4.9.a", "mldr-empty-record-joins", send(ALLOW()), send(TO_IN()).noQ()),
		part("4.9.b", "mldr-include-allow-ignored", send(ALLOW(), ALLOW(S1)), send(TO_IN()).draws(Q(S1))),
		part("4.9.c", "mldr-include-is-in-ignored", send(IS_IN(S1)), send(ALLOW()), send(TO_IN()).draws(Q(S1))),
		part("4.9.d", "mldr-include-allow-ignored", send(ALLOW(S1, S3)), send(ALLOW(S2, S3)), send(TO_IN()).draws(Q(S1, S2, S3))),
		part("4.10.a", "mldr-include-allow-ignored", send(IS_IN(S1, S3)).at(t0), send(ALLOW(S2, S3)).at(t1), send(TO_IN()).at(minus(t0)).draws(Q(S1, S2, S3))),
		part("4.10.b", "mldr-include-allow-ignored", send(IS_IN(S1, S3)).at(t0), send(ALLOW(S2, S3)).at(t1), send(TO_IN()).at(plus(t0)).draws(Q(S2, S3))),
		part("4.10.c", "mldr-include-allow-ignored", send(IS_IN(S1, S3)).at(t0), send(ALLOW(S2, S3)).at(t1), send(TO_IN()).at(minus(t1)).draws(Q(S2, S3))),
		part("4.10.d", "mldr-mali-long", send(IS_IN(S1, S3)).at(t0), send(ALLOW(S2, S3)).at(t1), send(TO_IN()).at(plus(t1)).noQ()),
		part("4.11.a", "mldr-empty-record-joins", send(BLOCK()).noQ(), send(TO_IN()).noQ()),
		part("4.11.b", "mldr-include-allow-ignored", send(BLOCK(), ALLOW(S1)).noQ(), send(TO_IN()).draws(Q(S1))),
		part("4.11.c", "mldr-empty-record-joins", send(BLOCK(S1)).noQ(), send(TO_IN()).noQ()),
		part("4.11.d", "mldr-include-allow-ignored", send(BLOCK(S1), ALLOW(S2)).noQ(), send(TO_IN()).draws(Q(S2))),
		part("4.11.e", "mldr-include-is-in-ignored", send(IS_IN(S1)), send(BLOCK()).noQ(), send(TO_IN()).draws(Q(S1))),
		part("4.11.f", "mldr-include-block-ignored", send(IS_IN(S1, S3)), send(BLOCK(S2, S3)).draws(Q(S3)), send(TO_IN()).draws(Q(S1))),
		part("4.11.g", "mldr-include-block-ignored", send(IS_IN(S1, S3)), send(BLOCK(S1), ALLOW(S2)).draws(Q(S1)), send(TO_IN()).draws(Q(S2, S3))),
		part("4.12.a", "mldr-include-block-ignored", send(IS_IN(S1, S3)).at(t0), send(BLOCK(S2, S3)).at(t1).draws(Q(S3)), send(TO_IN()).at(minus(t0)).draws(Q(S1))),
		part("4.12.b", "mldr-mali-long", send(IS_IN(S1, S3)).at(t0), send(BLOCK(S2, S3)).at(t1).draws(Q(S3)), send(TO_IN()).at(plus(t0)).noQ()),
	)
})
