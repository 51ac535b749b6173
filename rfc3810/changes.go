package rfc3810

import (
	"fmt"
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Group 3 of the listener checklist: the State Change Reports that
// follow each change of a socket's filter (RFC 3810 §4.2 merges the
// sockets' filters into the interface's state; §6.1 gives the records of
// each change of that state and their [Robustness Variable] copies, and
// how a change merges into a report still being repeated). The node's
// sockets 0 and 1 stand for the checklist's S1 and S2 sockets; every
// change is about M1.
//
// Where the checklist's script accepts any report (MLDv2L.3.4.j, 3.7.e),
// the spec judges the record §6.1 gives; where it accepts two outcomes
// for the last copy of merged reports ("a | b"), so does the spec.

// op is one socket call: socket sock sets M1's filter.
type op struct {
	sock int
	mode suites.FilterMode
	srcs []netip.Addr
}

func IN(sock int, s ...netip.Addr) op { return op{sock, suites.FilterInclude, s} }
func EX(sock int, s ...netip.Addr) op { return op{sock, suites.FilterExclude, s} }

func (o op) String() string { return fmt.Sprintf("socket %d %s{%s}", o.sock, o.mode, addrs(o.srcs)) }

// transition is one checklist test: the state set up (its reports not
// judged), a first change whose report is still being repeated when the
// judged change comes, and what the judged change must send: want ×RV,
// or want ×(RV−1) and then one of last; nothing when both are nil.
type transition struct {
	setup []op
	first *op
	then  op
	want  []packets.Rec
	last  [][]packets.Rec
}

func (m *mld) apply(o op) {
	GinkgoHelper()
	m.filter(o.sock, M1, o.mode, o.srcs...)
}

func runTransition(t transition) {
	GinkgoHelper()
	m := start()
	for _, o := range t.setup {
		m.apply(o)
	}
	if len(t.setup) > 0 {
		m.quiet()
	}
	if t.first != nil {
		m.apply(*t.first)
		By("the node reports the first change at once (judged by the specs of single changes)")
		m.l.Expect(packets.MLDReportAbout(M1)).Within(reportWait)
	}
	m.apply(t.then)
	switch {
	case t.want == nil && t.last == nil:
		m.none(M1, reportWait+m.uri+slack)
	case t.last == nil:
		m.change(M1, t.want...)
	default:
		prev := m.copies(M1, m.rv-1, t.want...)
		var alts []string
		for _, a := range t.last {
			alts = append(alts, recs(a))
		}
		By(fmt.Sprintf("the last copy, within %v: %s", m.uri, joinOr(alts)))
		m.l.Expect(packets.MLDReportAbout(M1).RecordsOneOf(M1, t.last...).
			Require(fmt.Sprintf("at most %v after the copy before", m.uri), within(prev.At, m.uri))).Within(m.uri + slack)
		m.noMore(M1)
	}
}

func joinOr(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " or "
		}
		out += x
	}
	return out
}

func one(o op) *op { return &o }

// r is a list of records, for tables.
func r(rs ...packets.Rec) []packets.Rec {
	if rs == nil {
		return []packets.Rec{}
	}
	return rs
}

var (
	ALLOW = packets.ALLOW
	BLOCK = packets.BLOCK
	TO_IN = packets.TO_IN
	TO_EX = packets.TO_EX
	IS_IN = packets.IS_IN
	IS_EX = packets.IS_EX
)

// reports and silent entries carry the fault that breaks them: a node
// that sends each report once fails every entry with copies, one that
// reports a call that changes nothing fails every silent one.
func reports(id string, t transition) TableEntry {
	return Entry("MLDv2L."+id+": "+t.String(), Label("ipv6ready:MLDv2L."+id, "fault:mld-no-retransmit"), t)
}

func silent(id string, t transition) TableEntry {
	return Entry("MLDv2L."+id+": "+t.String(), Label("ipv6ready:MLDv2L."+id, "fault:mld-reports-unchanged"), t)
}

// String tells the transition as the checklist does, with the sources
// by their names: "socket 0 IN{S1}, then socket 0 IN{}: BLOCK{S1} ×RV".
func (t transition) String() string {
	var steps []string
	for _, o := range t.setup {
		steps = append(steps, o.short())
	}
	if t.first != nil {
		steps = append(steps, t.first.short())
	}
	steps = append(steps, t.then.short())
	s := ""
	for i, x := range steps {
		if i > 0 {
			s += ", then "
		}
		s += x
	}
	switch {
	case t.want == nil && t.last == nil:
		return s + ": no report"
	case t.last == nil:
		return s + ": " + shortRecs(t.want) + " ×RV"
	}
	var alts []string
	for _, a := range t.last {
		alts = append(alts, shortRecs(a))
	}
	return s + ": " + shortRecs(t.want) + " ×(RV−1), then " + joinOr(alts)
}

func (o op) short() string {
	m := "IN"
	if o.mode == suites.FilterExclude {
		m = "EX"
	}
	return fmt.Sprintf("socket %d %s{%s}", o.sock, m, names(o.srcs))
}

func names(as []netip.Addr) string {
	s := ""
	for i, a := range as {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprintf("S%d", a.As16()[15])
	}
	return s
}

func shortRecs(rs []packets.Rec) string {
	s := ""
	for i, r := range rs {
		if i > 0 {
			s += " + "
		}
		s += fmt.Sprintf("%s{%s}", r.Type, names(r.Sources))
	}
	return s
}

var (
	small1, small2 = set(S1, S3), set(S2, S3)
	big1, big2     = set(S1, S4, S5, S7), set(S2, S4, S6, S7)
	target         = set(S3, S5, S6, S7)
)

var _ = Describe("Start listening", Label("rfc:3810", "section:6.1", "role:any", "level:must"), func() {
	DescribeTable("reports the first filter of a socket as a change from INCLUDE{}", runTransition,
		silent("3.1.a", transition{then: IN(0)}),
		reports("3.1.b", transition{then: IN(0, S1), want: r(ALLOW(S1))}),
		reports("3.1.c", transition{then: EX(0), want: r(TO_EX())}),
		reports("3.1.d", transition{then: EX(0, S1), want: r(TO_EX(S1))}),
	)
})

var _ = Describe("One socket changes its filter", Label("rfc:3810", "section:6.1", "role:any", "level:must"), func() {
	DescribeTable("reports the change with the records of RFC 3810 §6.1", runTransition,
		reports("3.2.a", transition{setup: []op{IN(0, S1)}, then: IN(0), want: r(BLOCK(S1))}),
		reports("3.2.b", transition{setup: []op{IN(0, S1, S3)}, then: IN(0, S2, S3), want: r(ALLOW(S2), BLOCK(S1))}),
		reports("3.2.c", transition{setup: []op{IN(0, S1)}, then: EX(0), want: r(TO_EX())}),
		reports("3.2.d", transition{setup: []op{IN(0, S1, S3)}, then: EX(0, S2, S3), want: r(TO_EX(S2, S3))}),
		reports("3.2.e", transition{setup: []op{EX(0)}, then: IN(0), want: r(TO_IN())}),
		reports("3.2.f", transition{setup: []op{EX(0)}, then: IN(0, S1), want: r(TO_IN(S1))}),
		silent("3.2.g", transition{setup: []op{EX(0)}, then: EX(0)}),
		reports("3.2.h", transition{setup: []op{EX(0)}, then: EX(0, S1), want: r(BLOCK(S1))}),
		reports("3.2.i", transition{setup: []op{EX(0, S1)}, then: IN(0), want: r(TO_IN())}),
		reports("3.2.j", transition{setup: []op{EX(0, S1, S3)}, then: IN(0, S2, S3), want: r(TO_IN(S2, S3))}),
		reports("3.2.k", transition{setup: []op{EX(0, S1)}, then: EX(0), want: r(ALLOW(S1))}),
		reports("3.2.l", transition{setup: []op{EX(0, S1, S3)}, then: EX(0, S2, S3), want: r(ALLOW(S1), BLOCK(S2))}),
	)
})

var _ = Describe("A second socket joins", Label("rfc:3810", "section:4.2", "role:any", "level:must"), func() {
	DescribeTable("reports what the second socket's filter changes in the merged state, and nothing when it changes nothing", runTransition,
		silent("3.3.a", transition{setup: []op{IN(0, S1)}, then: IN(1)}),
		reports("3.3.b", transition{setup: []op{IN(0, S1, S3)}, then: IN(1, S2, S3), want: r(ALLOW(S2))}),
		reports("3.3.c", transition{setup: []op{IN(0, S1)}, then: EX(1), want: r(TO_EX())}),
		reports("3.3.d", transition{setup: []op{IN(0, S1, S3)}, then: EX(1, S2, S3), want: r(TO_EX(S2))}),
		silent("3.3.e", transition{setup: []op{EX(0)}, then: IN(1)}),
		silent("3.3.f", transition{setup: []op{EX(0)}, then: IN(1, S1)}),
		silent("3.3.g", transition{setup: []op{EX(0)}, then: EX(1)}),
		silent("3.3.h", transition{setup: []op{EX(0)}, then: EX(1, S1)}),
		silent("3.3.i", transition{setup: []op{EX(0, S1)}, then: IN(1)}),
		reports("3.3.j", transition{setup: []op{EX(0, S1, S3)}, then: IN(1, S2, S3), want: r(ALLOW(S3))}),
		reports("3.3.k", transition{setup: []op{EX(0, S1)}, then: EX(1), want: r(ALLOW(S1))}),
		reports("3.3.l", transition{setup: []op{EX(0, S1, S3)}, then: EX(1, S2, S3), want: r(ALLOW(S1))}),
	)
})

var _ = Describe("One of two sockets changes", Label("rfc:3810", "section:4.2", "role:any", "level:must"), func() {
	two := func(a, b op) []op { return []op{a, b} }
	DescribeTable("reports the change of the merged state", runTransition,
		reports("3.4.a", transition{setup: two(IN(0, small1...), IN(1, small2...)), then: IN(0), want: r(BLOCK(S1))}),
		reports("3.4.b", transition{setup: two(IN(0, big1...), IN(1, big2...)), then: IN(0, target...), want: r(ALLOW(S3), BLOCK(S1))}),
		reports("3.4.c", transition{setup: two(IN(0, small1...), IN(1, small2...)), then: EX(0), want: r(TO_EX())}),
		reports("3.4.d", transition{setup: two(IN(0, big1...), IN(1, big2...)), then: EX(0, target...), want: r(TO_EX(S3, S5))}),
		reports("3.4.e", transition{setup: two(IN(0, small1...), EX(1, small2...)), then: IN(0), want: r(BLOCK(S3))}),
		reports("3.4.f", transition{setup: two(IN(0, big1...), EX(1, big2...)), then: IN(0, target...), want: r(ALLOW(S6), BLOCK(S4))}),
		reports("3.4.g", transition{setup: two(IN(0, small1...), EX(1, small2...)), then: EX(0), want: r(ALLOW(S2))}),
		reports("3.4.h", transition{setup: two(IN(0, big1...), EX(1, big2...)), then: EX(0, target...), want: r(ALLOW(S2), BLOCK(S7))}),
		reports("3.4.i", transition{setup: two(EX(0, small1...), IN(1, small2...)), then: IN(0), want: r(TO_IN(S2, S3))}),
		reports("3.4.j", transition{setup: two(EX(0, big1...), IN(1, big2...)), then: IN(0, target...), want: r(TO_IN(S2, S3, S4, S5, S6, S7))}),
		reports("3.4.k", transition{setup: two(EX(0, small1...), IN(1, small2...)), then: EX(0), want: r(ALLOW(S1))}),
		reports("3.4.l", transition{setup: two(EX(0, big1...), IN(1, big2...)), then: EX(0, target...), want: r(ALLOW(S1), BLOCK(S3))}),
		reports("3.4.m", transition{setup: two(EX(0, small1...), EX(1, small2...)), then: IN(0), want: r(BLOCK(S2))}),
		reports("3.4.n", transition{setup: two(EX(0, big1...), EX(1, big2...)), then: IN(0, target...), want: r(ALLOW(S7), BLOCK(S2))}),
		reports("3.4.o", transition{setup: two(EX(0, small1...), EX(1, small2...)), then: EX(0), want: r(ALLOW(S3))}),
		reports("3.4.p", transition{setup: two(EX(0, big1...), EX(1, big2...)), then: EX(0, target...), want: r(ALLOW(S4), BLOCK(S6))}),
	)
})

var _ = Describe("One socket changes twice", Label("rfc:3810", "section:6.1", "role:any", "level:must"), func() {
	alt := func(a ...[]packets.Rec) [][]packets.Rec { return a }
	DescribeTable("merges the second change into the report still being repeated", runTransition,
		reports("3.5.a", transition{setup: []op{IN(0, S1, S3)}, first: one(IN(0, S2, S3)), then: IN(0),
			want: r(BLOCK(S1, S2, S3)), last: alt(r(BLOCK(S2, S3)))}),
		reports("3.5.b", transition{setup: []op{IN(0, big1...)}, first: one(IN(0, big2...)), then: IN(0, target...),
			want: r(ALLOW(S3, S5, S6), BLOCK(S1, S2, S4)), last: alt(r(ALLOW(S3, S5), BLOCK(S2, S4)))}),
		reports("3.5.c", transition{setup: []op{IN(0, S1, S3)}, first: one(IN(0, S2, S3)), then: EX(0), want: r(TO_EX())}),
		reports("3.5.d", transition{setup: []op{IN(0, S1, S4)}, first: one(IN(0, S2, S4)), then: EX(0, S3, S4), want: r(TO_EX(S3, S4))}),
		reports("3.5.e", transition{first: one(EX(0, S1)), then: IN(0), want: r(TO_IN())}),
		reports("3.5.f", transition{first: one(EX(0, S1, S3)), then: IN(0, S2, S3), want: r(TO_IN(S2, S3))}),
		reports("3.5.g", transition{first: one(EX(0, S1)), then: EX(0),
			want: r(TO_EX()), last: alt(r(ALLOW(S1)), r(TO_EX()))}),
		reports("3.5.h", transition{first: one(EX(0, S1, S3)), then: EX(0, S2, S3),
			want: r(TO_EX(S2, S3)), last: alt(r(ALLOW(S1), BLOCK(S2)), r(TO_EX(S2, S3)))}),
		reports("3.5.i", transition{setup: []op{EX(0)}, first: one(IN(0, S1)), then: IN(0),
			want: r(TO_IN()), last: alt(r(BLOCK(S1)), r(TO_IN()))}),
		reports("3.5.j", transition{setup: []op{EX(0)}, first: one(IN(0, S1, S3)), then: IN(0, S2, S3),
			want: r(TO_IN(S2, S3)), last: alt(r(ALLOW(S2), BLOCK(S1)), r(TO_IN(S2, S3)))}),
		reports("3.5.k", transition{setup: []op{EX(0)}, first: one(IN(0, S1)), then: EX(0), want: r(TO_EX())}),
		reports("3.5.l", transition{setup: []op{EX(0)}, first: one(IN(0, S1, S3)), then: EX(0, S2, S3), want: r(TO_EX(S2, S3))}),
		reports("3.5.m", transition{setup: []op{EX(0, S1, S3)}, first: one(EX(0, S2, S3)), then: IN(0), want: r(TO_IN())}),
		reports("3.5.n", transition{setup: []op{EX(0, S1, S4)}, first: one(EX(0, S2, S4)), then: IN(0, S3, S4), want: r(TO_IN(S3, S4))}),
		reports("3.5.o", transition{setup: []op{EX(0, S1, S3)}, first: one(EX(0, S2, S3)), then: EX(0),
			want: r(ALLOW(S1, S2, S3)), last: alt(r(ALLOW(S2, S3)))}),
		reports("3.5.p", transition{setup: []op{EX(0, big1...)}, first: one(EX(0, big2...)), then: EX(0, target...),
			want: r(ALLOW(S1, S2, S4), BLOCK(S3, S5, S6)), last: alt(r(ALLOW(S2, S4), BLOCK(S3, S5)))}),
	)
})

var _ = Describe("Overlapping changes across two sockets, the first in INCLUDE", Label("rfc:3810", "section:6.1", "role:any", "level:must"), func() {
	alt := func(a ...[]packets.Rec) [][]packets.Rec { return a }
	DescribeTable("merges the second socket's change into the report still being repeated", runTransition,
		reports("3.6.a", transition{first: one(IN(0, S1, S3)), then: IN(1, S2, S3), want: r(ALLOW(S1, S2, S3)), last: alt(r(ALLOW(S2)))}),
		reports("3.6.b", transition{first: one(IN(0, S1)), then: EX(1), want: r(TO_EX())}),
		reports("3.6.c", transition{first: one(IN(0, S1, S3)), then: EX(1, S2, S3), want: r(TO_EX(S2))}),
		reports("3.6.d", transition{setup: []op{IN(0, small1...)}, first: one(IN(1, small2...)), then: IN(0),
			want: r(ALLOW(S2), BLOCK(S1)), last: alt(r(BLOCK(S1)))}),
		reports("3.6.e", transition{setup: []op{IN(0, big1...)}, first: one(IN(1, big2...)), then: IN(0, target...),
			want: r(ALLOW(S2, S3, S6), BLOCK(S1)), last: alt(r(ALLOW(S3), BLOCK(S1)))}),
		reports("3.6.f", transition{setup: []op{IN(0, small1...)}, first: one(IN(1, small2...)), then: EX(0), want: r(TO_EX())}),
		reports("3.6.g", transition{setup: []op{IN(0, big1...)}, first: one(IN(1, big2...)), then: EX(0, target...), want: r(TO_EX(S3, S5))}),
		reports("3.6.h", transition{setup: []op{IN(0, small1...)}, first: one(EX(1, small2...)), then: IN(0),
			want: r(TO_EX(S2, S3)), last: alt(r(BLOCK(S3)), r(TO_EX(S2, S3)))}),
		reports("3.6.i", transition{setup: []op{IN(0, big1...)}, first: one(EX(1, big2...)), then: IN(0, target...),
			want: r(TO_EX(S2, S4)), last: alt(r(ALLOW(S6), BLOCK(S4)), r(TO_EX(S2, S4)))}),
		reports("3.6.j", transition{setup: []op{IN(0, small1...)}, first: one(EX(1, small2...)), then: EX(0),
			want: r(TO_EX()), last: alt(r(ALLOW(S2)), r(TO_EX()))}),
		reports("3.6.k", transition{setup: []op{IN(0, big1...)}, first: one(EX(1, big2...)), then: EX(0, target...),
			want: r(TO_EX(S6, S7)), last: alt(r(ALLOW(S2), BLOCK(S7)), r(TO_EX(S6, S7)))}),
	)
})

var _ = Describe("Overlapping changes across two sockets, the first in EXCLUDE", Label("rfc:3810", "section:6.1", "role:any", "level:must"), func() {
	alt := func(a ...[]packets.Rec) [][]packets.Rec { return a }
	DescribeTable("merges the second socket's change into the report still being repeated", runTransition,
		reports("3.7.a", transition{first: one(EX(0, S1, S3)), then: IN(1, S2, S3), want: r(TO_EX(S1)), last: alt(r(ALLOW(S3)), r(TO_EX(S1)))}),
		reports("3.7.b", transition{first: one(EX(0, S1)), then: EX(1), want: r(TO_EX()), last: alt(r(ALLOW(S1)), r(TO_EX()))}),
		reports("3.7.c", transition{first: one(EX(0, S1, S3)), then: EX(1, S2, S3), want: r(TO_EX(S3)), last: alt(r(ALLOW(S1)), r(TO_EX(S3)))}),
		reports("3.7.d", transition{setup: []op{EX(0, small1...)}, first: one(IN(1, small2...)), then: IN(0), want: r(TO_IN(S2, S3))}),
		reports("3.7.e", transition{setup: []op{EX(0, big1...)}, first: one(IN(1, big2...)), then: IN(0, target...), want: r(TO_IN(S2, S3, S4, S5, S6, S7))}),
		reports("3.7.f", transition{setup: []op{EX(0, small1...)}, first: one(IN(1, small2...)), then: EX(0),
			want: r(ALLOW(S1, S3)), last: alt(r(ALLOW(S1)))}),
		reports("3.7.g", transition{setup: []op{EX(0, big1...)}, first: one(IN(1, big2...)), then: EX(0, target...),
			want: r(ALLOW(S1, S4, S7), BLOCK(S3)), last: alt(r(ALLOW(S1), BLOCK(S3)))}),
		reports("3.7.h", transition{setup: []op{EX(0, small1...)}, first: one(EX(1, small2...)), then: IN(0),
			want: r(ALLOW(S1), BLOCK(S2)), last: alt(r(BLOCK(S2)))}),
		reports("3.7.i", transition{setup: []op{EX(0, big1...)}, first: one(EX(1, big2...)), then: IN(0, target...),
			want: r(ALLOW(S1, S5, S7), BLOCK(S2)), last: alt(r(ALLOW(S7), BLOCK(S2)))}),
		reports("3.7.j", transition{setup: []op{EX(0, small1...)}, first: one(EX(1, small2...)), then: EX(0),
			want: r(ALLOW(S1, S3)), last: alt(r(ALLOW(S3)))}),
		reports("3.7.k", transition{setup: []op{EX(0, big1...)}, first: one(EX(1, big2...)), then: EX(0, target...),
			want: r(ALLOW(S1, S4, S5), BLOCK(S6)), last: alt(r(ALLOW(S4), BLOCK(S6)))}),
	)
})
