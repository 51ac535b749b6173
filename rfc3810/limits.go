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

// Group 5 of the listener checklist, the part about the link MTU (RFC 3810
// §5.2.15): a report whose records do not fit the link MTU goes out in
// several reports, each within the MTU, a record too large for one report
// split into records of the same type (for MODE_IS_EXCLUDE and
// CHANGE_TO_EXCLUDE_MODE only as many sources as fit are kept, which these
// specs do not use). On Ethernet, 89 sources fit in one report. A target
// whose API refuses 90 sources for one socket (RFC 3810 §3 allows a limit)
// makes the spec N/A.

// sources are S1...Sn.
func sources(from, to int) []netip.Addr {
	var out []netip.Addr
	for i := from; i <= to; i++ {
		out = append(out, src(i))
	}
	return out
}

// splitReports collects the reports about M1 for window and requires:
// each within the link MTU (1500 octets, no fragments), with records of
// the types in want only, each source of want[type] listed copies times in
// all, in exactly n reports.
func (m *mld) splitReports(window time.Duration, n, copies int, want map[packets.RecordType][]netip.Addr) {
	GinkgoHelper()
	var desc []string
	for t, s := range want {
		desc = append(desc, fmt.Sprintf("%s with %d sources", t, len(s)))
	}
	By(fmt.Sprintf("the node sends %s, split into %d reports within the 1500-octet MTU (%d copies each)", strings.Join(desc, " and "), n, copies))
	got := m.l.Collect(packets.MLDReportAbout(M1)).Within(window)
	var problems []string
	seen := map[packets.RecordType]map[netip.Addr]int{}
	for _, c := range got {
		if len(c.PieceSizes) > 0 || len(c.IPv6) > 1500 {
			problems = append(problems, fmt.Sprintf("a report of %d octets (fragments %v) past the link MTU", len(c.IPv6), c.PieceSizes))
		}
		r, _ := c.MLDReport()
		for _, rec := range r.RecordsFor(M1) {
			if _, ok := want[rec.Type]; !ok {
				problems = append(problems, "a record of type "+rec.Type.String())
				continue
			}
			if seen[rec.Type] == nil {
				seen[rec.Type] = map[netip.Addr]int{}
			}
			for _, s := range rec.Sources {
				seen[rec.Type][s]++
			}
		}
	}
	if len(got) != n {
		problems = append(problems, fmt.Sprintf("%d reports about M1, expected %d", len(got), n))
	}
	for t, srcs := range want {
		for _, s := range srcs {
			if seen[t][s] != copies {
				problems = append(problems, fmt.Sprintf("%s listed %s %d times, expected %d", t, s, seen[t][s], copies))
				break
			}
		}
		if len(seen[t]) != len(srcs) {
			problems = append(problems, fmt.Sprintf("%s listed %d sources, expected %d", t, len(seen[t]), len(srcs)))
		}
	}
	if len(problems) > 0 {
		var s []string
		for _, c := range got {
			s = append(s, fmt.Sprintf("%d octets: %s", len(c.IPv6), c.Summary()[:min(160, len(c.Summary()))]))
		}
		Fail(fmt.Sprintf("Link0: %s.\n  Reports about M1:\n    %s", strings.Join(problems, "; "), strings.Join(s, "\n    ")))
	}
}

var _ = Describe("Reports larger than the link MTU", Label("rfc:3810", "section:5.2.15", "role:any", "level:must", "fault:mld-no-split"), func() {
	s90 := sources(1, 90)
	changeWindow := func(m *mld) time.Duration { return time.Duration(m.rv)*m.uri + slack }

	It("MLDv2L.5.2.a: splits ALLOW for 90 sources into reports of 89 and 1, and the answer about them likewise", Label("ipv6ready:MLDv2L.5.2.a"), func() {
		m := start()
		m.in(0, s90...)
		m.splitReports(changeWindow(m), 2*m.rv, m.rv, map[packets.RecordType][]netip.Addr{packets.Allow: s90})
		m.send("TR1 asks about M1", m.query(TR1, netip.Addr{}, packets.GroupQuery(M1)))
		m.splitReports(specificMRD+slack, 2, 1, map[packets.RecordType][]netip.Addr{packets.IsIn: s90})
	})

	It("MLDv2L.5.2.b: splits BLOCK for 90 sources into reports of 89 and 1", Label("ipv6ready:MLDv2L.5.2.b"), func() {
		m := start()
		m.in(0, s90...)
		m.quiet()
		m.in(0)
		m.splitReports(changeWindow(m), 2*m.rv, m.rv, map[packets.RecordType][]netip.Addr{packets.Block: s90})
	})

	It("MLDv2L.5.2.c: sends ALLOW and BLOCK of 45 sources each in two reports", Label("ipv6ready:MLDv2L.5.2.c"), func() {
		m := start()
		m.in(0, sources(1, 45)...)
		m.quiet()
		m.in(0, sources(46, 90)...)
		m.splitReports(changeWindow(m), 2*m.rv, m.rv, map[packets.RecordType][]netip.Addr{packets.Allow: sources(46, 90), packets.Block: sources(1, 45)})
	})

	It("MLDv2L.5.2.g: sends ALLOW and BLOCK of 45 sources each in two reports, in EXCLUDE mode", Label("ipv6ready:MLDv2L.5.2.g"), func() {
		m := start()
		m.ex(0, sources(1, 45)...)
		m.quiet()
		m.ex(0, sources(46, 90)...)
		m.splitReports(changeWindow(m), 2*m.rv, m.rv, map[packets.RecordType][]netip.Addr{packets.Allow: sources(1, 45), packets.Block: sources(46, 90)})
	})

	It("MLDv2L.5.3: splits the answer about two sockets' 45 + 45 sources into reports of 89 and 1", Label("ipv6ready:MLDv2L.5.3"), func() {
		m := start()
		m.in(0, sources(1, 45)...)
		m.in(1, sources(46, 90)...)
		m.quiet()
		m.send("TR1 asks about M1", m.query(TR1, netip.Addr{}, packets.GroupQuery(M1)))
		m.splitReports(specificMRD+slack, 2, 1, map[packets.RecordType][]netip.Addr{packets.IsIn: s90})
	})

	It("MLDv2L.5.2.d: keeps the first 89 of 90 excluded sources in one TO_EX, and the same 89 in its answer", Label("ipv6ready:MLDv2L.5.2.d"), func() {
		m := start()
		m.ex(0, s90...)
		kept := m.truncated(changeWindow(m), m.rv, packets.ToEx, s90)
		m.send("TR1 asks about M1", m.query(TR1, netip.Addr{}, packets.GroupQuery(M1)))
		if again := m.truncated(specificMRD+slack, 1, packets.IsEx, s90); !sameAddrs(kept, again) {
			Fail(fmt.Sprintf("Link0: the answer lists other sources (%d) than the TO_EX record (%d)", len(again), len(kept)))
		}
	})

	It("MLDv2L.5.2.e: splits ALLOW for 90 sources no longer excluded into reports of 89 and 1", Label("ipv6ready:MLDv2L.5.2.e"), func() {
		m := start()
		m.ex(0, s90...)
		m.quiet()
		m.ex(0)
		m.splitReports(changeWindow(m), 2*m.rv, m.rv, map[packets.RecordType][]netip.Addr{packets.Allow: s90})
	})

	It("MLDv2L.5.2.f: splits BLOCK for 90 newly excluded sources into reports of 89 and 1", Label("ipv6ready:MLDv2L.5.2.f"), func() {
		m := start()
		m.ex(0)
		m.quiet()
		m.ex(0, s90...)
		m.splitReports(changeWindow(m), 2*m.rv, m.rv, map[packets.RecordType][]netip.Addr{packets.Block: s90})
	})

	// The checklist's script takes any one-record report here ([T]); RFC
	// 3810 §5.2.15 keeps only as many sources as fit for the two EXCLUDE
	// types and splits every other record, TO_IN among them.
	It("MLDv2L.5.2.h: splits TO_IN for 90 sources into records of 89 and 1", Label("ipv6ready:MLDv2L.5.2.h"), func() {
		m := start()
		m.ex(0)
		m.quiet()
		m.in(0, s90...)
		m.splitReports(changeWindow(m), 2*m.rv, m.rv, map[packets.RecordType][]netip.Addr{packets.ToIn: s90})
	})

	DescribeTable("spreads a General Query's answer over reports within the MTU, each record whole",
		func(mode func(m *mld, group netip.Addr, s []netip.Addr), want packets.RecordType) {
			m := start()
			mode(m, M1, sources(1, 45))
			mode(m, M2, sources(46, 90))
			m.quiet()
			m.send("TR1 sends a General Query", m.query(TR1, netip.Addr{}, packets.GeneralQuery()))
			By("the answer lists M1's 45 sources and M2's 45 in whole records, and the solicited-node group, in reports within 1500 octets")
			got := m.l.Collect(packets.MLDv2Report()).Within(gqMRD + slack)
			count := map[netip.Addr]int{}
			var problems []string
			for _, c := range got {
				if len(c.PieceSizes) > 0 || len(c.IPv6) > 1500 {
					problems = append(problems, fmt.Sprintf("a report of %d octets past the link MTU", len(c.IPv6)))
				}
				r, _ := c.MLDReport()
				for _, rec := range r.Records {
					count[rec.Group]++
					if (rec.Group == M1 || rec.Group == M2) && (rec.Type != want || len(rec.Sources) != 45) {
						problems = append(problems, fmt.Sprintf("a record %s with %d sources for %s", rec.Type, len(rec.Sources), rec.Group))
					}
				}
			}
			for _, g := range []netip.Addr{M1, M2, m.sn()} {
				if count[g] != 1 {
					problems = append(problems, fmt.Sprintf("%d records for %s, expected 1", count[g], g))
				}
			}
			if len(problems) > 0 {
				var s []string
				for _, c := range got {
					s = append(s, fmt.Sprintf("%d octets: %s", len(c.IPv6), c.Summary()[:min(160, len(c.Summary()))]))
				}
				Fail(fmt.Sprintf("Link0: %s.\n  Reports:\n    %s", strings.Join(problems, "; "), strings.Join(s, "\n    ")))
			}
		},
		Entry("MLDv2L.5.4.a: M1 and M2 INCLUDE 45 sources each", Label("ipv6ready:MLDv2L.5.4.a"),
			func(m *mld, g netip.Addr, s []netip.Addr) { m.filter(0, g, suites.FilterInclude, s...) }, packets.IsIn),
		Entry("MLDv2L.5.4.b: M1 and M2 EXCLUDE 45 sources each", Label("ipv6ready:MLDv2L.5.4.b"),
			func(m *mld, g netip.Addr, s []netip.Addr) { m.filter(0, g, suites.FilterExclude, s...) }, packets.IsEx),
	)
})

// truncated collects the reports about M1 for window and requires n of
// them, each one record of type t within the MTU, with 89 sources of all
// (§5.2.15: the EXCLUDE types keep as many sources as fit); it returns
// the sources kept.
func (m *mld) truncated(window time.Duration, n int, t packets.RecordType, all []netip.Addr) []netip.Addr {
	GinkgoHelper()
	By(fmt.Sprintf("the node sends %d report(s) with one %s record of the first 89 sources that fit", n, t))
	got := m.l.Collect(packets.MLDReportAbout(M1)).Within(window)
	var kept []netip.Addr
	var problems []string
	if len(got) != n {
		problems = append(problems, fmt.Sprintf("%d reports about M1, expected %d", len(got), n))
	}
	for _, c := range got {
		if len(c.PieceSizes) > 0 || len(c.IPv6) > 1500 {
			problems = append(problems, fmt.Sprintf("a report of %d octets past the link MTU", len(c.IPv6)))
		}
		r, _ := c.MLDReport()
		recs := r.RecordsFor(M1)
		if len(recs) != 1 || recs[0].Type != t || len(recs[0].Sources) != 89 {
			problems = append(problems, "not one "+t.String()+" record of 89 sources: "+c.Summary()[:min(120, len(c.Summary()))])
			continue
		}
		for _, s := range recs[0].Sources {
			if !slices.Contains(all, s) {
				problems = append(problems, "a source it does not exclude: "+s.String())
			}
		}
		if kept != nil && !sameAddrs(kept, recs[0].Sources) {
			problems = append(problems, "copies with other sources")
		}
		kept = recs[0].Sources
	}
	if len(problems) > 0 {
		Fail("Link0: " + strings.Join(problems, "; "))
	}
	return kept
}

func sameAddrs(a, b []netip.Addr) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.SortFunc(x, netip.Addr.Compare)
	slices.SortFunc(y, netip.Addr.Compare)
	return slices.Equal(x, y)
}

// refused asks for socket's filter for group on this link, and requires
// the node to refuse it with an error: it declares a limit of sources
// below the number asked for.
func (m *mld) refused(socket int, group netip.Addr, mode suites.FilterMode, srcs []netip.Addr) {
	GinkgoHelper()
	By(fmt.Sprintf("socket %d: %s %s{%d sources}, which the node must refuse with an error", socket, group, mode, len(srcs)))
	a := suites.Action{Name: suites.ActSetFilter, Link: m.l.Index, Socket: socket, Group: group, FilterMode: mode, Sources: srcs}
	if !m.e.Refuses(a) {
		Fail(fmt.Sprintf("Link%d: the node took %s{%d sources} on socket %d for %s without an error, though it declares a limit below that", m.l.Index, mode, len(srcs), socket, group))
	}
}

// Group 5 of the listener checklist, the part about limits: RFC 3810 §3
// lets the API limit the sources of a filter, and asks for an error when a
// call passes the limit; §4.2 requires the error when a call would leave
// the interface with more sources than it can hold. A refused call changes
// nothing, so no report may follow it. Only targets that declare such a
// limit, below the 90 sources of these specs, are judged.
var _ = Describe("A socket filter past the listener's limit of sources", Label("rfc:3810", "section:3", "role:any", "level:should", "fault:mld-source-limit-ignored"), func() {
	DescribeTable("refuses it with an error and sends no report",
		func(mode suites.FilterMode) {
			m := start(suites.NeedsCapability(suites.CapMLDSourceLimit))
			m.refused(0, M1, mode, sources(1, 90))
			m.none(M1, reportWait+m.uri+slack)
		},
		Entry("MLDv2L.5.1.a: INCLUDE of 90 sources", Label("ipv6ready:MLDv2L.5.1.a"), suites.FilterInclude),
		Entry("MLDv2L.5.1.b: EXCLUDE of 90 sources", Label("ipv6ready:MLDv2L.5.1.b"), suites.FilterExclude),
	)
	// The limit is the socket's: another socket's EXCLUDE{} leaves the
	// interface excluding none of the 90 (§4.2 merges EXCLUDE lists by
	// intersection), so only a check of the socket's own filter refuses it.
	It("refuses a socket's EXCLUDE of 90 sources even when another socket's EXCLUDE{} leaves the interface excluding none", func() {
		m := start(suites.NeedsCapability(suites.CapMLDSourceLimit))
		m.ex(1)
		m.quiet()
		m.refused(0, M1, suites.FilterExclude, sources(1, 90))
		m.none(M1, reportWait+m.uri+slack)
	})
})

var _ = Describe("An interface state past the listener's limit of sources", Label("rfc:3810", "section:4.2", "ipv6ready:MLDv2L.5.1.c", "role:any", "level:must", "fault:mld-reports-refused-call"), func() {
	It("MLDv2L.5.1.c: refuses a second socket's 45 sources that would give M1 90 with an error, and sends no report for it", func() {
		m := start(suites.NeedsCapability(suites.CapMLDInterfaceSourceLimit))
		m.in(0, sources(1, 45)...)
		m.quiet()
		m.refused(1, M1, suites.FilterInclude, sources(46, 90))
		m.none(M1, reportWait+m.uri+slack)
	})
})
