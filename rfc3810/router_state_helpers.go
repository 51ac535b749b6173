package rfc3810

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// The table driver of group 4 of the router checklist (MLDv2R.4, report
// processing and router state, RFC 3810 §7.2–§7.6). A part is a script
// in the catalogue's own notation: TN1's reports, in order, some at
// marked times (t0, t1, t2), and for some of them the queries they must
// draw from the router under test:
//
//	part("4.4.a", "mldr-mali-wrong",
//		send(IS_IN(S1, S3)).at(t0),
//		send(IS_EX(S2, S3)).at(t1),
//		send(TO_IN()).at(minus(t0)).draws(Q(S3), Q()))
//
// is titled "IS_IN{S1,S3} at t0; IS_EX{S2,S3} at t1 = t0+QI; TO_IN{} at
// t0− ⇒ Q(M1,{S3}) + Q(M1)". A report's draws are judged as the Last Listener
// Queries of §7.6.3: each query LLQC times, LLQI apart, S clear, all of
// them in the same rounds, and no other query but General Queries until
// an LLQI after the last round; noQ is no such query for LLQT. A probe
// TO_IN{} shows the state: in EX{X|Y} it draws Q(M1,X) + Q(M1), in IN{A}
// Q(M1,A) (§7.4.2); BLOCK{L} draws Q(M1,L−Y).
//
// The records of 4.25–4.26 come while the router still retransmits: the
// first report's queries are judged as their first copy only
// (firstCopy), and the next report's retransmissions round by round
// (thenRounds), each query with its S flag (§7.6.3.2: q0, q1) and
// optional where the RFC lets the router leave it out (opt).

// when is the time a report is sent: at once, at a mark (t0, and
// t1, t2 at an offset from t0), or before or after the MALI that a mark's
// report started (minus, plus: the catalogue's t0− and t0+).
type when struct {
	kind   whenKind
	mark   int // t0, t1, t2
	halves int // a mark's offset from t0, in halves of QI
}

type whenKind int

const (
	atOnce whenKind = iota
	atMark
	atMinus // MALI − LLQT − probeMargin after the mark
	atPlus  // MALI (and the slack) after the mark
	atUntil // a quiet period up to the mark's tN− (4.24.b)
)

// A report without at goes at once.
var (
	t0   = when{kind: atMark}
	t1   = when{kind: atMark, mark: 1, halves: 2} // t0+QI
	t1h  = when{kind: atMark, mark: 1, halves: 1} // t0+QI/2
	t1t0 = when{kind: atMark, mark: 1}            // at t0 too (4.4.b)
	t2   = when{kind: atMark, mark: 2, halves: 2} // t0+QI, after t1h
)

// minus is the catalogue's tN−: MALI−LLQT−margin after mark tN's report,
// when the state it set must still be there and queried.
func minus(m when) when { return when{kind: atMinus, mark: m.mark} }

// plus is the catalogue's tN+: MALI after mark tN's report, when the state
// it set must be gone.
func plus(m when) when { return when{kind: atPlus, mark: m.mark} }

func (w when) String() string {
	switch w.kind {
	case atMark:
		switch {
		case w.mark == 0:
			return "t0"
		case w.halves == 0:
			return fmt.Sprintf("t%d = t0", w.mark)
		case w.halves == 1:
			return fmt.Sprintf("t%d = t0+QI/2", w.mark)
		}
		return fmt.Sprintf("t%d = t0+QI", w.mark)
	case atMinus:
		return fmt.Sprintf("t%d−", w.mark)
	case atPlus:
		return fmt.Sprintf("t%d+", w.mark)
	case atUntil:
		return fmt.Sprintf("t%d−", w.mark)
	}
	return ""
}

// series is one query the router must send LLQC times: Q(M1,{…}), or
// Q(M1) without sources; Q2 is about M2.
type series struct {
	group   netip.Addr
	sources []netip.Addr
}

func Q(sources ...netip.Addr) series  { return series{M1, sources} }
func Q2(sources ...netip.Addr) series { return series{M2, sources} }

func (s series) String() string {
	if len(s.sources) == 0 {
		return fmt.Sprintf("Q(%s)", groupName(s.group))
	}
	return fmt.Sprintf("Q(%s,{%s})", groupName(s.group), sourceNames(s.sources))
}

// query is one query of a round of retransmissions (4.25–4.26): its
// sources (none: Q(M1)), its S flag, and whether the router may leave it
// out.
type query struct {
	sources []netip.Addr
	s       bool
	opt     bool
}

// q0 and q1 are the catalogue's [..]/S0 and [..]/S1; q0() is Q(M1)/S0.
func q0(sources ...netip.Addr) query { return query{sources: sources} }
func q1(sources ...netip.Addr) query { return query{sources: sources, s: true} }

// opt marks a query the router may suppress (the catalogue's "opt").
func opt(q query) query { q.opt = true; return q }

func (q query) String() string {
	w := "Q(M1)"
	if len(q.sources) > 0 {
		w = "[" + sourceNames(q.sources) + "]"
	}
	w += map[bool]string{false: "/S0", true: "/S1"}[q.s]
	if q.opt {
		w = "opt " + w
	}
	return w
}

func round(qs ...query) []query { return qs }

// step is one report of a script and what it must draw.
type step struct {
	moment  when
	records []packets.MLDRecord // one report
	judged  bool                // draws (empty: noQ) is judged
	want    []series
	first   []series  // only the first copy of each is judged
	rounds  [][]query // retransmission rounds (4.25–4.26)
	split   int       // 4.28: at most this many sources in a query (§5.1.10)
	splitOf []netip.Addr
	quiet   *when // 4.24.b: no query but General Queries until then
}

// send is a report of TN1 with recs for M1, sent at once.
func send(recs ...packets.Rec) step {
	var rs []packets.MLDRecord
	for _, x := range recs {
		rs = append(rs, packets.MLDRecord{Type: x.Type, Group: M1, Sources: x.Sources})
	}
	return step{records: rs}
}

// sendRecords is a report of TN1 with records for any groups (4.27).
func sendRecords(recs ...packets.MLDRecord) step { return step{records: recs} }

// at sets the time of the report.
func (s step) at(w when) step { s.moment = w; return s }

// draws says which queries the report must draw, each LLQC times (none:
// noQ).
func (s step) draws(qs ...series) step { s.judged, s.want = true, qs; return s }

// noQ says the report must draw no query.
func (s step) noQ() step { return s.draws() }

// firstCopy judges only the first copy of the report's queries: the next
// report comes before their retransmissions.
func (s step) firstCopy(qs ...series) step { s.first = qs; return s }

// thenRounds judges the retransmissions after the report, round by round.
func (s step) thenRounds(rs ...[]query) step { s.rounds = rs; return s }

// drawsSplit says the report must draw a query of sources, too many for
// one message: split in queries of at most max sources (§5.1.10), with
// qs besides.
func (s step) drawsSplit(max int, sources []netip.Addr, qs ...series) step {
	s.judged, s.split, s.splitOf, s.want = true, max, sources, qs
	return s
}

// quietUntil expects no query but General Queries from the report on
// until w.
func quietUntil(w when) step { w.kind = atUntil; return step{quiet: &w} }

func (s step) String() string {
	if s.quiet != nil {
		return "noQ until " + s.quiet.String()
	}
	var recs []string
	for _, x := range s.records {
		w := fmt.Sprintf("%s{%s}", x.Type, sourceNames(x.Sources))
		if x.Group != M1 {
			w = fmt.Sprintf("%s(%s,{%s})", x.Type, groupName(x.Group), sourceNames(x.Sources))
		}
		recs = append(recs, w)
	}
	w := strings.Join(recs, ", ")
	if len(recs) > 1 {
		w = "[" + w + "]"
	}
	if s.moment.kind != atOnce {
		w += " at " + s.moment.String()
	}
	switch {
	case s.first != nil:
		w += " ⇒ " + joinSeries(s.first) + " ×1"
	case s.rounds != nil:
		var rs []string
		for _, r := range s.rounds {
			var qs []string
			for _, q := range r {
				qs = append(qs, q.String())
			}
			rs = append(rs, strings.Join(qs, " + "))
		}
		w += " ⇒ " + strings.Join(rs, ", then ")
	case s.split > 0:
		w += fmt.Sprintf(" ⇒ the sources' query split in queries of at most %d sources", s.split)
		if len(s.want) > 0 {
			w += " + " + joinSeries(s.want)
		}
	case s.judged && len(s.want) == 0:
		w += " ⇒ noQ"
	case s.judged:
		w += " ⇒ " + joinSeries(s.want)
	}
	return w
}

func joinSeries(ss []series) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.String())
	}
	return strings.Join(out, " + ")
}

func groupName(g netip.Addr) string {
	switch g {
	case M1:
		return "M1"
	case M2:
		return "M2"
	}
	return g.String()
}

// sourceNames writes sources as the catalogue does: S1,S2, or S1…S89.
func sourceNames(as []netip.Addr) string {
	var out []string
	for _, a := range as {
		n := a.String()
		for i := 1; i <= 100; i++ {
			if src(i) == a {
				n = fmt.Sprintf("S%d", i)
				break
			}
		}
		out = append(out, n)
	}
	if len(out) > 8 {
		return fmt.Sprintf("%s…%s", out[0], out[len(out)-1])
	}
	return strings.Join(out, ",")
}

// part is one Entry of the group: its ID, the fault that breaks it, and
// its script; the title is the script in the catalogue's notation.
func part(id, fault string, steps ...step) TableEntry {
	var ws []string
	for _, s := range steps {
		ws = append(ws, s.String())
	}
	return Entry(fmt.Sprintf("MLDv2R.%s: %s", id, strings.Join(ws, "; ")),
		Label("ipv6ready:MLDv2R."+id, "fault:"+fault), steps)
}

// runScript plays a part's script against a fresh router.
func runScript(steps []step) {
	GinkgoHelper()
	r := startRouter()
	marks := map[int]time.Duration{}
	for _, s := range steps {
		if s.quiet != nil {
			d := r.timeOf(*s.quiet, marks) - r.e.Elapsed()
			r.noQ(d)
			continue
		}
		r.waitFor(s.moment, marks)
		r.reportRecords(s.records...)
		switch {
		case s.first != nil:
			r.firstCopies(s.first)
		case s.rounds != nil:
			r.expectRounds(s.rounds)
		case s.split > 0:
			r.expectSplit(s.split, s.splitOf, s.want)
		case s.judged:
			r.expectSeries(s.want)
		}
	}
}

// timeOf is when w falls, since the spec started.
func (r *rut) timeOf(w when, marks map[int]time.Duration) time.Duration {
	GinkgoHelper()
	base, ok := marks[w.mark]
	if w.kind != atMark && w.kind != atOnce && !ok {
		Fail(fmt.Sprintf("script: t%d is not marked", w.mark))
	}
	switch w.kind {
	case atMark:
		return marks[0] + time.Duration(w.halves)*r.qi/2
	case atMinus, atUntil:
		return base + r.mali() - r.llqt() - probeMargin
	case atPlus:
		return base + r.mali() + slack
	}
	return r.e.Elapsed()
}

// waitFor lets the time pass until w, and marks it when w is a mark.
func (r *rut) waitFor(w when, marks map[int]time.Duration) {
	GinkgoHelper()
	if w.kind == atOnce {
		return
	}
	if w.kind == atMark && w.mark == 0 {
		marks[0] = r.e.Elapsed()
		return
	}
	if d := r.timeOf(w, marks) - r.e.Elapsed(); d > 0 {
		r.wait("until "+w.String(), d)
	}
	if w.kind == atMark {
		marks[w.mark] = r.e.Elapsed()
	}
}

// specificOf is the matcher of one query of the router with S flag s.
func (r *rut) specificOf(group netip.Addr, sources []netip.Addr, s bool) *packets.Matcher {
	if sources == nil {
		sources = []netip.Addr{}
	}
	return r.specific(group, sources, s)
}

// expectSeries judges the queries of a report: each of qs LLQC times,
// LLQI apart, S clear, in rounds, and no other query but General Queries
// for an LLQI after the last round; none at all for LLQT when qs is
// empty (noQ).
func (r *rut) expectSeries(qs []series) {
	GinkgoHelper()
	if len(qs) == 0 {
		r.noQ(r.llqt() + slack)
		return
	}
	var prev *suites.Captured
	for i := 0; i < r.llqc(); i++ {
		var ms []*packets.Matcher
		for _, s := range qs {
			m := r.specificOf(s.group, s.sources, false)
			if prev != nil {
				m = m.After(prev.At, r.llqi-slack).Require(fmt.Sprintf("at most %v after the round before", r.llqi), within(prev.At, r.llqi))
			}
			ms = append(ms, m)
		}
		d := suites.ReplyWait
		if prev == nil {
			By(fmt.Sprintf("the node sends %s at once", joinSeries(qs)))
		} else {
			By(fmt.Sprintf("the node repeats them (copy %d of %d) an LLQI (%v) later", i+1, r.llqc(), r.llqi))
			d = r.llqi + slack
		}
		prev = earliest(r.l.ExpectEach(d, ms...))
	}
	By(fmt.Sprintf("and no other query but General Queries (%d copies in all)", r.llqc()))
	r.l.ExpectNo(anySpecific()).Within(r.llqi + slack)
}

func earliest(cs []*suites.Captured) *suites.Captured {
	var e *suites.Captured
	for _, c := range cs {
		if e == nil || c.At < e.At {
			e = c
		}
	}
	return e
}

// firstCopies judges the first copy of each of qs, sent at once.
func (r *rut) firstCopies(qs []series) {
	GinkgoHelper()
	var ms []*packets.Matcher
	for _, s := range qs {
		ms = append(ms, r.specificOf(s.group, s.sources, false))
	}
	By(fmt.Sprintf("the node sends the first copy of %s at once", joinSeries(qs)))
	r.l.ExpectEach(suites.ReplyWait, ms...)
}

// expectRounds judges the retransmissions that follow a record received
// while specific queries were pending (§7.6.3.2): round after round, each
// at most an LLQI (and the slack) after the one before (the first after
// the record), the queries of a round in any order, each with its S flag;
// the optional ones may come or not; then no other query but General
// Queries for an LLQI.
func (r *rut) expectRounds(rounds [][]query) {
	GinkgoHelper()
	var prev *suites.Captured
	var optional []query
	for i, rd := range rounds {
		var ms []*packets.Matcher
		var want []string
		for _, q := range rd {
			if q.opt {
				optional = append(optional, q)
				continue
			}
			m := r.specificOf(M1, q.sources, q.s)
			if prev != nil {
				m = m.After(prev.At, r.llqi-slack)
			}
			ms = append(ms, m)
			want = append(want, q.String())
		}
		By(fmt.Sprintf("round %d: the node sends %s within an LLQI (%v)", i+1, strings.Join(want, " + "), r.llqi))
		got := r.l.ExpectEach(r.llqi+slack, ms...)
		prev = earliest(got)
	}
	m := anySpecific()
	if len(optional) > 0 {
		m.Identify("not one the router may send or not", func(f *packets.Frame) (bool, string) {
			q, _ := f.MLDQuery()
			for _, o := range optional {
				if q.Group == M1 && q.S == o.s && sameSources(q.Sources, o.sources) {
					return false, "an optional query"
				}
			}
			return true, ""
		})
	}
	By("and no other query but General Queries")
	r.l.ExpectNo(m).Within(r.llqi + slack)
}

func sameSources(a, b []netip.Addr) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// expectSplit judges the queries of a probe about more sources than one
// query can carry on the link (§5.1.10): over LLQC rounds, every source
// is queried LLQC times, in unfragmented queries of at most max sources,
// S clear; with qs (Q(M1)) sent LLQC times too.
func (r *rut) expectSplit(max int, srcs []netip.Addr, qs []series) {
	GinkgoHelper()
	By(fmt.Sprintf("the node queries the %d sources LLQC (%d) times, in queries of at most %d sources, unfragmented", len(srcs), r.llqc(), max))
	m := packets.SpecificQuerySent(M1, nil)
	got := r.l.Collect(m).Within(r.llqt() + r.llqi + slack)
	count := map[netip.Addr]int{}
	groupQ := 0
	for _, c := range got {
		q, _ := c.Frame.MLDQuery()
		if len(c.Pieces) > 0 {
			Fail(fmt.Sprintf("the node sent a query of %d sources in fragments: %s", len(q.Sources), c.Summary()))
		}
		if q.S {
			Fail("the node set the S flag in a query of sources whose timers it lowered: " + c.Summary())
		}
		if len(q.Sources) == 0 {
			groupQ++
			continue
		}
		if len(q.Sources) > max {
			Fail(fmt.Sprintf("the node sent a query of %d sources, more than fit (%d)", len(q.Sources), max))
		}
		for _, s := range q.Sources {
			count[s]++
		}
	}
	for _, s := range srcs {
		if count[s] != r.llqc() {
			Fail(fmt.Sprintf("source %s was queried %d times, not %d", s, count[s], r.llqc()))
		}
	}
	if len(count) != len(srcs) {
		Fail(fmt.Sprintf("the node queried %d sources, not the %d it holds", len(count), len(srcs)))
	}
	if want := len(qs) * r.llqc(); groupQ != want {
		Fail(fmt.Sprintf("the node sent Q(M1) %d times, not %d", groupQ, want))
	}
}
