package rfc3810

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites/packets"
)

// Group 4 of the listener checklist: Current State Reports in answer to
// queries (RFC 3810 §6.2 for when, §6.3 for what): every query answered
// once within its Maximum Response Delay, whoever sends it and whatever
// other listeners report (no suppression among MLDv2 listeners, §6 and
// Appendix A.2); a General Query's answer lists every group; a
// source-specific one gets IS_IN(A∩B) from INCLUDE(A), IS_IN(B−A) from
// EXCLUDE(A), and nothing when that is empty; pending answers merge by the
// rules of §6.2; a state change while an answer is pending is reported at
// once, and the answer tells the new state.

// expected is one kind of report a spec waits for: how many (min..max),
// and by when after the first query.
type expected struct {
	desc     string
	m        *packets.Matcher
	min, max int
	by       time.Duration
}

func exactly(n int, by time.Duration, desc string, m *packets.Matcher) expected {
	return expected{desc, m, n, n, by}
}

// judgeReports collects every MLDv2 Report for window and holds each
// report about M1 (or about what an expectation names) to the
// expectations: each must match one, in its time, and every expectation
// must be met its number of times.
func (m *mld) judgeReports(from, window time.Duration, ws ...expected) {
	GinkgoHelper()
	for _, w := range ws {
		By(fmt.Sprintf("expected: %s, %d to %d time(s), within %v", w.desc, w.min, w.max, w.by))
	}
	got := m.l.Collect(packets.MLDv2Report()).Within(window)
	counts := make([]int, len(ws))
	var problems []string
	for _, c := range got {
		matched := false
		for i, w := range ws {
			if w.m.Match(c.Frame) {
				matched = true
				counts[i]++
				if d := c.At - from; d > w.by+slack {
					problems = append(problems, fmt.Sprintf("%s came %v after the query, later than %v", w.desc, d, w.by))
				}
				break
			}
		}
		if !matched && packets.MLDReportAbout(M1).Match(c.Frame) {
			problems = append(problems, "a report about M1 that was not expected: "+c.Summary())
		}
	}
	for i, w := range ws {
		if counts[i] < w.min || counts[i] > w.max {
			problems = append(problems, fmt.Sprintf("%s came %d time(s), expected %d to %d", w.desc, counts[i], w.min, w.max))
		}
	}
	if len(problems) > 0 {
		var seen []string
		for _, c := range got {
			seen = append(seen, fmt.Sprintf("[%v] %s", c.At-from, c.Summary()))
		}
		Fail(fmt.Sprintf("Link0: %s.\n  Reports seen after the query:\n    %s", strings.Join(problems, "; "), strings.Join(seen, "\n    ")))
	}
}

// queryKind is one of the three queries of the checklist's 4.1, 4.3 and
// 4.5.
type queryKind struct {
	name    string
	mrd     time.Duration
	query   func(sources ...netip.Addr) packets.MLDQuery
	general bool
}

var (
	kindGQ  = queryKind{"General Query", gqMRD, func(...netip.Addr) packets.MLDQuery { return packets.GeneralQuery() }, true}
	kindQM  = queryKind{"Q(M1)", specificMRD, func(...netip.Addr) packets.MLDQuery { return packets.GroupQuery(M1) }, false}
	kindQMS = queryKind{"Q(M1,{...})", specificMRD, func(s ...netip.Addr) packets.MLDQuery { return packets.GroupQuery(M1, s...) }, false}
)

// answerFor is the matcher of an answer about M1 with want; a General
// Query's answer also lists the solicited-node group.
func (m *mld) answerFor(k queryKind, want ...packets.Rec) *packets.Matcher {
	if k.general {
		return m.generalAnswer(M1, want...)
	}
	return packets.MLDReportOf(M1, want...).WithoutRecordFor(m.sn())
}

// stateAnswer is one entry of 4.1, 4.3 and 4.5: the state set on socket
// 0, the query's sources, and the answer (nil: no report about M1).
type stateAnswer struct {
	state   []op
	leave   *op
	sources []netip.Addr
	want    []packets.Rec
}

func runStateAnswer(k queryKind, s stateAnswer) {
	GinkgoHelper()
	m := start()
	for _, o := range s.state {
		m.apply(o)
	}
	if s.leave != nil {
		m.quiet()
		m.apply(*s.leave)
	}
	m.quiet()
	dst := netip.Addr{}
	if s.leave != nil {
		// To all-nodes: a node that left M1 would not even receive a
		// query sent to M1 (§5.1.15 has it take either).
		dst = packets.AllNodes
	}
	m.send(fmt.Sprintf("TR1 sends %s", k.name), m.query(TR1, dst, k.query(s.sources...)))
	switch {
	case s.want != nil:
		m.answerMatching(k.mrd, M1, m.answerFor(k, s.want...))
	case k.general:
		By("the node answers for its solicited-node group only")
		m.answerMatching(k.mrd, m.sn(), packets.MLDReportOf(m.sn(), packets.IS_EX()).WithoutRecordFor(M1))
		m.none(M1, 0)
	default:
		m.none(M1, k.mrd+slack)
	}
}

// The states of 4.1, 4.3 and 4.5; d leaves M1 by BLOCK (4.1, 4.5) or by
// TO_IN{} (4.3).
func stateEntries(id string, k queryKind, inState, exState []op, inSrc, exSrc, exclSrc []netip.Addr, inWant, exWant, exclWant []packets.Rec, leaveFrom op) []TableEntry {
	e := func(letter, text, fault string, s stateAnswer) TableEntry {
		return Entry(fmt.Sprintf("MLDv2L.%s.%s: %s", id, letter, text), Label("ipv6ready:MLDv2L."+id+"."+letter, "fault:"+fault), k, s)
	}
	return []TableEntry{
		e("a", "the state "+stateText(inState), "mld-ignores-query", stateAnswer{state: inState, sources: inSrc, want: inWant}),
		e("b", "the state EX{}", "mld-ignores-query", stateAnswer{state: []op{EX(0)}, sources: exSrc, want: exWant}),
		e("c", "the state "+stateText(exState), "mld-ignores-query", stateAnswer{state: exState, sources: exclSrc, want: exclWant}),
		e("d", "M1 left", "mld-answers-left-groups", stateAnswer{state: []op{leaveFrom}, leave: one(IN(0)), sources: set(S1)}),
	}
}

func stateText(ops []op) string {
	s := ""
	for _, o := range ops {
		s += o.short()[len("socket 0 "):]
	}
	return s
}

var _ = Describe("Answers to a General Query", Label("rfc:3810", "section:6.3", "role:any", "level:must"), func() {
	DescribeTable("answers once within the Maximum Response Delay, with every group's state", runStateAnswer,
		stateEntries("4.1", kindGQ, []op{IN(0, S1)}, []op{EX(0, S1)}, nil, nil, nil,
			r(IS_IN(S1)), r(IS_EX()), r(IS_EX(S1)), IN(0, S1)),
	)
})

var _ = Describe("Answers to a Multicast Address Specific Query", Label("rfc:3810", "section:6.3", "role:any", "level:must"), func() {
	DescribeTable("answers once within the Maximum Response Delay, with the group's state", runStateAnswer,
		stateEntries("4.3", kindQM, []op{IN(0, S1)}, []op{EX(0, S1)}, nil, nil, nil,
			r(IS_IN(S1)), r(IS_EX()), r(IS_EX(S1)), EX(0)),
	)
})

var _ = Describe("Answers to a Multicast Address and Source Specific Query", Label("rfc:3810", "section:6.3", "role:any", "level:must"), func() {
	DescribeTable("answers IS_IN(A∩B) from INCLUDE(A), IS_IN(B−A) from EXCLUDE(A)", runStateAnswer,
		stateEntries("4.5", kindQMS, []op{IN(0, S1, S2)}, []op{EX(0, S1, S2)}, set(S1, S3), set(S1), set(S1, S3),
			r(IS_IN(S1)), r(IS_IN(S1)), r(IS_IN(S3)), IN(0, S1)),
	)
})

var _ = Describe("Queries from several queriers and reports from other listeners", Label("rfc:3810", "section:6.2", "role:any", "level:must", "fault:mld-ignores-query"), func() {
	// e: whoever the querier is, the node answers (§6.2 has no querier
	// check at listeners). f: a listener does not suppress its answer
	// when another listener reports (§6; Appendix A.2).
	kinds := map[string]queryKind{"4.1": kindGQ, "4.3": kindQM, "4.5": kindQMS}
	each := func(letter string) []TableEntry {
		var es []TableEntry
		for _, id := range []string{"4.1", "4.3", "4.5"} {
			k := kinds[id]
			text := map[string]string{"e": "the same " + k.name + " from TR2, TR1 and TR3, each answered",
				"f": k.name + ", then TN1 reports IS_IN{S1}: still answered"}[letter]
			es = append(es, Entry(fmt.Sprintf("MLDv2L.%s.%s: %s", id, letter, text), Label("ipv6ready:MLDv2L."+id+"."+letter), k))
		}
		return es
	}
	answerEach := func(k queryKind) {
		m := start()
		m.in(0, S1)
		m.quiet()
		for _, q := range []querier{TR2, TR1, TR3} {
			m.send(fmt.Sprintf("%s sends %s", q.Name, k.name), m.query(q, netip.Addr{}, k.query(S1, S3)))
			m.answerMatching(k.mrd, M1, m.answerFor(k, IS_IN(S1)))
		}
	}
	noSuppression := func(k queryKind) {
		m := start()
		m.in(0, S1)
		m.quiet()
		m.send(fmt.Sprintf("TR1 sends %s", k.name), m.query(TR1, netip.Addr{}, k.query(S1, S3)))
		rep := packets.MLDv2ReportPacket(m.l.TN1.MAC, m.l.TN1.LinkLocal, packets.MLDRecord{Type: packets.IsIn, Group: M1, Sources: set(S1)})
		m.send("TN1 reports IS_IN{S1} for M1", rep)
		m.answerMatching(k.mrd, M1, m.answerFor(k, IS_IN(S1)))
	}
	DescribeTable("answers every querier", answerEach, each("e"))
	DescribeTable("answers even when another listener has reported", noSuppression, each("f"))
})

// twoGroups is an entry of 4.2, 4.4 and 4.6: M1's and M2's states.
type twoGroups struct {
	m1, m2       op
	want1, want2 []packets.Rec // nil: no record for that group
	sources      []netip.Addr  // 4.6
}

func (m *mld) applyTo(g netip.Addr, o op) {
	GinkgoHelper()
	m.filter(o.sock, g, o.mode, o.srcs...)
}

var _ = Describe("Answers about two groups", Label("rfc:3810", "section:6.3", "role:any", "level:must", "fault:mld-ignores-query"), func() {
	setup := func(t twoGroups) *mld {
		m := start()
		m.applyTo(M1, t.m1)
		m.applyTo(M2, t.m2)
		m.quiet()
		return m
	}
	general := func(t twoGroups) {
		m := setup(t)
		m.send("TR1 sends a General Query", m.query(TR1, netip.Addr{}, packets.GeneralQuery()))
		m.answerMatching(gqMRD, M1, m.generalAnswer(M1, t.want1...).WithRecordOf(M2, t.want2...))
	}
	specific := func(t twoGroups) {
		m := setup(t)
		for _, g := range []struct {
			group, other netip.Addr
			want         []packets.Rec
		}{{M1, M2, t.want1}, {M2, M1, t.want2}} {
			q := packets.GroupQuery(g.group, t.sources...)
			m.send(fmt.Sprintf("TR1 asks about %s", g.group), m.query(TR1, netip.Addr{}, q))
			if g.want == nil {
				m.none(g.group, specificMRD+slack)
				continue
			}
			m.answerMatching(specificMRD, g.group, packets.MLDReportOf(g.group, g.want...).WithoutRecordFor(g.other))
		}
	}
	DescribeTable("a General Query's answer lists both groups and the solicited-node group in one report", general,
		Entry("MLDv2L.4.2.a: M1 IN{S1}, M2 IN{S2}", Label("ipv6ready:MLDv2L.4.2.a"), twoGroups{m1: IN(0, S1), m2: IN(0, S2), want1: r(IS_IN(S1)), want2: r(IS_IN(S2))}),
		Entry("MLDv2L.4.2.b: M1 IN{S1}, M2 EX{S2}", Label("ipv6ready:MLDv2L.4.2.b"), twoGroups{m1: IN(0, S1), m2: EX(0, S2), want1: r(IS_IN(S1)), want2: r(IS_EX(S2))}),
		Entry("MLDv2L.4.2.c: M1 EX{S1}, M2 EX{}", Label("ipv6ready:MLDv2L.4.2.c"), twoGroups{m1: EX(0, S1), m2: EX(0), want1: r(IS_EX(S1)), want2: r(IS_EX())}),
	)
	DescribeTable("a query about one group is answered about that group alone", specific,
		Entry("MLDv2L.4.4.a: M1 IN{S1}, M2 IN{S2}", Label("ipv6ready:MLDv2L.4.4.a"), twoGroups{m1: IN(0, S1), m2: IN(0, S2), want1: r(IS_IN(S1)), want2: r(IS_IN(S2))}),
		Entry("MLDv2L.4.4.b: M1 IN{S1}, M2 EX{S2}", Label("ipv6ready:MLDv2L.4.4.b"), twoGroups{m1: IN(0, S1), m2: EX(0, S2), want1: r(IS_IN(S1)), want2: r(IS_EX(S2))}),
		Entry("MLDv2L.4.4.c: M1 EX{S1}, M2 EX{}", Label("ipv6ready:MLDv2L.4.4.c"), twoGroups{m1: EX(0, S1), m2: EX(0), want1: r(IS_EX(S1)), want2: r(IS_EX())}),
		Entry("MLDv2L.4.6.a: M1 IN{S1,S3}, M2 IN{S2,S3}, asked about S1, S2, S3", Label("ipv6ready:MLDv2L.4.6.a"),
			twoGroups{m1: IN(0, S1, S3), m2: IN(0, S2, S3), want1: r(IS_IN(S1, S3)), want2: r(IS_IN(S2, S3)), sources: set(S1, S2, S3)}),
		Entry("MLDv2L.4.6.b: M1 IN{S1,S3}, M2 EX{S2,S3}, asked about S1, S2, S3", Label("ipv6ready:MLDv2L.4.6.b"),
			twoGroups{m1: IN(0, S1, S3), m2: EX(0, S2, S3), want1: r(IS_IN(S1, S3)), want2: r(IS_IN(S1)), sources: set(S1, S2, S3)}),
		Entry("MLDv2L.4.6.c: M1 EX{S1}, M2 EX{}, asked about S1", Label("ipv6ready:MLDv2L.4.6.c"),
			twoGroups{m1: EX(0, S1), m2: EX(0), want1: nil, want2: r(IS_IN(S1)), sources: set(S1)}),
	)
})

// competing is an entry of 4.7 to 4.9: two queries sent back to back and
// the answers expected.
type competing struct {
	state  []op
	q1, q2 packets.MLDQuery
	want   func(m *mld) []expected
}

func runCompeting(c competing) {
	GinkgoHelper()
	m := start()
	for _, o := range c.state {
		m.apply(o)
	}
	m.quiet()
	By("TR1 sends two queries, the second once the node has taken the first (the target's settle time)")
	m.l.Send(m.query(TR1, netip.Addr{}, c.q1))
	m.e.AfterConfig() // queries to different groups may be handled out of order otherwise
	m.l.Send(m.query(TR1, netip.Addr{}, c.q2))
	from := m.l.LastSentAt()
	m.judgeReports(from, max(c.q1.MaxResp, c.q2.MaxResp)+slack, c.want(m)...)
}

func gq(mrd time.Duration) packets.MLDQuery { q := packets.GeneralQuery(); q.MaxResp = mrd; return q }
func qm(mrd time.Duration, s ...netip.Addr) packets.MLDQuery {
	q := packets.GroupQuery(M1, s...)
	q.MaxResp = mrd
	return q
}

const (
	s1  = time.Second
	s10 = 10 * time.Second
	s20 = 20 * time.Second
)

var _ = Describe("A General Query meets another pending query", Label("rfc:3810", "section:6.2", "role:any", "level:must"), func() {
	// Rules 1 and 2 of §6.2: an answer to a General Query due sooner covers
	// any later query; a General Query's answer replaces the one pending;
	// a group's pending answer stays besides it.
	gen := func(by time.Duration) func(m *mld) expected {
		return func(m *mld) expected {
			return exactly(1, by, "the General Query's answer", m.generalAnswer(M1, IS_IN(S1)))
		}
	}
	grp := func(by time.Duration) func(m *mld) expected {
		return func(m *mld) expected {
			return exactly(1, by, "the answer about M1", packets.MLDReportOf(M1, IS_IN(S1)).WithoutRecordFor(m.sn()))
		}
	}
	// Rule 1 spares the group's answer only when the General Query's is
	// due sooner than the delay the node draws for it; the checklist's
	// "GQ answer only" (4.7.c, e) is one outcome of that draw, and the
	// spec takes either; so in 4.7.d and f, where the checklist expects the
	// group's answer too, a General Query answer drawn sooner may cover it.
	maybeGrp := func(by time.Duration) func(m *mld) expected {
		return func(m *mld) expected {
			return expected{"an answer about M1 alone", packets.MLDReportOf(M1, IS_IN(S1)).WithoutRecordFor(m.sn()), 0, 1, by}
		}
	}
	wants := func(fs ...func(m *mld) expected) func(m *mld) []expected {
		return func(m *mld) []expected {
			var out []expected
			for _, f := range fs {
				out = append(out, f(m))
			}
			return out
		}
	}
	in := []op{IN(0, S1)}
	single := func(id, text string, c competing) TableEntry {
		return Entry("MLDv2L."+id+": "+text, Label("ipv6ready:MLDv2L."+id, "fault:mld-query-rules-ignored"), c)
	}
	both := func(id, text string, c competing) TableEntry {
		return Entry("MLDv2L."+id+": "+text, Label("ipv6ready:MLDv2L."+id, "fault:mld-ignores-query"), c)
	}
	DescribeTable("answers as the rules for pending answers say", runCompeting,
		single("4.7.a", "GQ(10 s) then GQ(20 s): one answer within 10 s", competing{in, gq(s10), gq(s20), wants(gen(s10))}),
		single("4.7.b", "GQ(20 s) then GQ(1 s): one answer within 1 s", competing{in, gq(s20), gq(s1), wants(gen(s1))}),
		both("4.7.c", "GQ(10 s) then Q(M1)(20 s): the General Query's answer within 10 s, and at most one answer about M1", competing{in, gq(s10), qm(s20), wants(gen(s10), maybeGrp(s20))}),
		both("4.7.d", "GQ(20 s) then Q(M1)(1 s): IS_IN{S1} within 1 s, and the General Query's answer", competing{in, gq(s20), qm(s1), wants(maybeGrp(s1), gen(s20))}),
		both("4.7.e", "GQ(10 s) then Q(M1,{S1})(20 s): the General Query's answer within 10 s, and at most one answer about M1", competing{in, gq(s10), qm(s20, S1), wants(gen(s10), maybeGrp(s20))}),
		both("4.7.f", "GQ(20 s) then Q(M1,{S1})(1 s): IS_IN{S1} within 1 s, and the General Query's answer", competing{in, gq(s20), qm(s1, S1), wants(maybeGrp(s1), gen(s20))}),
		both("4.7.g", "Q(M1)(10 s) then GQ(20 s): IS_IN{S1} within 10 s, and the General Query's answer", competing{in, qm(s10), gq(s20), wants(grp(s10), gen(s20))}),
		both("4.7.h", "Q(M1)(20 s) then GQ(1 s): the General Query's answer within 1 s, and IS_IN{S1}", competing{in, qm(s20), gq(s1), wants(gen(s1), grp(s20))}),
		both("4.7.i", "Q(M1,{S1})(10 s) then GQ(20 s): IS_IN{S1} within 10 s, and the General Query's answer", competing{in, qm(s10, S1), gq(s20), wants(grp(s10), gen(s20))}),
		both("4.7.j", "Q(M1,{S1})(20 s) then GQ(1 s): the General Query's answer within 1 s, and IS_IN{S1}", competing{in, qm(s20, S1), gq(s1), wants(gen(s1), grp(s20))}),
	)
})

var _ = Describe("Queries about one group meet", Label("rfc:3810", "section:6.2", "role:any", "level:must", "fault:mld-query-rules-ignored"), func() {
	// Rule 4 of §6.2: the earlier deadline wins, and a Multicast Address
	// Specific query on either side makes the answer one about the whole
	// group. Rule 5: two source lists merge.
	isEx := func(by time.Duration) func(m *mld) []expected {
		return func(m *mld) []expected {
			return []expected{exactly(1, by, "IS_EX{} for M1", packets.MLDReportOf(M1, IS_EX()))}
		}
	}
	isIn := func(by time.Duration, s ...netip.Addr) func(m *mld) []expected {
		return func(m *mld) []expected {
			return []expected{exactly(1, by, "IS_IN{...} for M1", packets.MLDReportOf(M1, IS_IN(s...)))}
		}
	}
	ex := []op{EX(0)}
	e := func(id, text string, c competing) TableEntry {
		return Entry("MLDv2L."+id+": "+text, Label("ipv6ready:MLDv2L."+id), c)
	}
	DescribeTable("sends one answer by the earlier deadline", runCompeting,
		e("4.8.a", "Q(M1)(10 s) then Q(M1)(20 s): within 10 s", competing{ex, qm(s10), qm(s20), isEx(s10)}),
		e("4.8.b", "Q(M1)(20 s) then Q(M1)(1 s): within 1 s", competing{ex, qm(s20), qm(s1), isEx(s1)}),
		e("4.8.c", "Q(M1)(10 s) then Q(M1,{S1})(20 s): within 10 s", competing{ex, qm(s10), qm(s20, S1), isEx(s10)}),
		e("4.8.d", "Q(M1)(20 s) then Q(M1,{S1})(1 s): within 1 s, about the whole group", competing{ex, qm(s20), qm(s1, S1), isEx(s1)}),
		e("4.8.e", "Q(M1,{S1})(10 s) then Q(M1)(20 s): within 10 s, about the whole group", competing{ex, qm(s10, S1), qm(s20), isEx(s10)}),
		e("4.8.f", "Q(M1,{S1})(20 s) then Q(M1)(1 s): within 1 s", competing{ex, qm(s20, S1), qm(s1), isEx(s1)}),
		e("4.9.a", "IN{S1,S2}, Q(M1,{S1}) then Q(M1,{S2}): IS_IN{S1,S2} within 1 s", competing{[]op{IN(0, S1, S2)}, qm(s20, S1), qm(s1, S2), isIn(s1, S1, S2)}),
		e("4.9.b", "EX{}, Q(M1,{S1}) then Q(M1,{S2}): IS_IN{S1,S2} within 1 s", competing{ex, qm(s20, S1), qm(s1, S2), isIn(s1, S1, S2)}),
		e("4.9.c", "EX{S1}, Q(M1,{S1,S2}) then Q(M1,{S1,S3}): IS_IN{S2,S3} within 1 s", competing{[]op{EX(0, S1)}, qm(s20, S1, S2), qm(s1, S1, S3), isIn(s1, S2, S3)}),
	)
})

// pendingChange is an entry of 4.10: a query pending, then a change.
type pendingChange struct {
	state    []op
	k        queryKind
	sources  []netip.Addr
	change   op
	report   []packets.Rec // the State Change Report, ×RV
	answer   []packets.Rec // the answer about M1; nil: none
	tolerate []packets.Rec // an answer the checklist tolerates besides
}

var _ = Describe("The state changes while an answer is pending", Label("rfc:3810", "section:6.1", "role:any", "level:must", "fault:mld-no-retransmit"), func() {
	run := func(p pendingChange) {
		m := start()
		for _, o := range p.state {
			m.apply(o)
		}
		if len(p.state) > 0 {
			m.quiet()
		}
		m.send("TR1 sends "+p.k.name, m.query(TR1, netip.Addr{}, p.k.query(p.sources...)))
		from := m.l.LastSentAt()
		m.apply(p.change)
		ws := []expected{exactly(m.rv, m.uri*time.Duration(m.rv), "the State Change Report "+recs(p.report), packets.MLDReportOf(M1, p.report...))}
		if p.answer != nil {
			ws = append(ws, exactly(1, p.k.mrd, "the answer "+recs(p.answer), m.answerFor(p.k, p.answer...)))
		}
		if p.tolerate != nil {
			ws = append(ws, expected{"an answer " + recs(p.tolerate), packets.MLDReportOf(M1, p.tolerate...), 0, 1, p.k.mrd})
		}
		if p.answer == nil && p.k.general {
			ws = append(ws, exactly(1, p.k.mrd, "the General Query's answer, for the solicited-node group only",
				packets.MLDReportOf(m.sn(), IS_EX()).WithoutRecordFor(M1)))
		}
		m.judgeReports(from, max(p.k.mrd, m.uri*time.Duration(m.rv))+slack, ws...)
	}
	in13 := []op{IN(0, S1, S3)}
	e := func(id, text string, p pendingChange) TableEntry {
		return Entry("MLDv2L."+id+": "+text, Label("ipv6ready:MLDv2L."+id), p)
	}
	DescribeTable("reports the change at once and answers with the new state", run,
		e("4.10.a", "GQ pending, then IN{S1}", pendingChange{k: kindGQ, change: IN(0, S1), report: r(ALLOW(S1)), answer: r(IS_IN(S1))}),
		e("4.10.b", "Q(M1) pending, then IN{S1}", pendingChange{k: kindQM, change: IN(0, S1), report: r(ALLOW(S1)), tolerate: r(IS_IN(S1))}),
		e("4.10.c", "Q(M1,{S1}) pending, then IN{S1}", pendingChange{k: kindQMS, sources: set(S1), change: IN(0, S1), report: r(ALLOW(S1)), tolerate: r(IS_IN(S1))}),
		e("4.10.d", "GQ pending, then the leave", pendingChange{state: []op{IN(0, S1)}, k: kindGQ, change: IN(0), report: r(BLOCK(S1))}),
		e("4.10.e", "Q(M1) pending, then the leave", pendingChange{state: []op{IN(0, S1)}, k: kindQM, change: IN(0), report: r(BLOCK(S1))}),
		e("4.10.f", "Q(M1,{S1}) pending, then the leave", pendingChange{state: []op{IN(0, S1)}, k: kindQMS, sources: set(S1), change: IN(0), report: r(BLOCK(S1))}),
		e("4.10.g", "GQ pending, then IN{S1,S3} → IN{S2,S3}", pendingChange{state: in13, k: kindGQ, change: IN(0, S2, S3), report: r(ALLOW(S2), BLOCK(S1)), answer: r(IS_IN(S2, S3))}),
		e("4.10.h", "Q(M1) pending, then IN{S1,S3} → IN{S2,S3}", pendingChange{state: in13, k: kindQM, change: IN(0, S2, S3), report: r(ALLOW(S2), BLOCK(S1)), answer: r(IS_IN(S2, S3))}),
		e("4.10.i", "Q(M1,{S1,S2,S3}) pending, then IN{S1,S3} → IN{S2,S3}", pendingChange{state: in13, k: kindQMS, sources: set(S1, S2, S3), change: IN(0, S2, S3), report: r(ALLOW(S2), BLOCK(S1)), answer: r(IS_IN(S2, S3))}),
		e("4.10.j", "GQ pending, then IN{S1,S3} → EX{S2,S3}", pendingChange{state: in13, k: kindGQ, change: EX(0, S2, S3), report: r(TO_EX(S2, S3)), answer: r(IS_EX(S2, S3))}),
		e("4.10.k", "Q(M1) pending, then IN{S1,S3} → EX{S2,S3}", pendingChange{state: in13, k: kindQM, change: EX(0, S2, S3), report: r(TO_EX(S2, S3)), answer: r(IS_EX(S2, S3))}),
		e("4.10.l", "Q(M1,{S1,S2,S3}) pending, then IN{S1,S3} → EX{S2,S3}", pendingChange{state: in13, k: kindQMS, sources: set(S1, S2, S3), change: EX(0, S2, S3), report: r(TO_EX(S2, S3)), answer: r(IS_IN(S1))}),
		e("4.10.m", "GQ pending, then socket 1 IN{S2,S3}", pendingChange{state: in13, k: kindGQ, change: IN(1, S2, S3), report: r(ALLOW(S2)), answer: r(IS_IN(S1, S2, S3))}),
		e("4.10.n", "Q(M1) pending, then socket 1 IN{S2,S3}", pendingChange{state: in13, k: kindQM, change: IN(1, S2, S3), report: r(ALLOW(S2)), answer: r(IS_IN(S1, S2, S3))}),
		e("4.10.o", "Q(M1,{S1,S2,S3}) pending, then socket 1 IN{S2,S3}", pendingChange{state: in13, k: kindQMS, sources: set(S1, S2, S3), change: IN(1, S2, S3), report: r(ALLOW(S2)), answer: r(IS_IN(S1, S2, S3))}),
	)
})
