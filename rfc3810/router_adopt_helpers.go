package rfc3810

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Tools of the router checklist's groups 3, 5 and 6: the values a
// non-querier takes from the querier's query, times measured from a point
// of the spec, and sets of Last Listener Queries sent together.

// adopted is what the RUT works with while another querier's query is in
// force (RFC 3810 §5.1.8, §5.1.9): the querier's QRV as Robustness
// Variable, or the RUT's own when QRV is 0; the querier's QQI as Query
// Interval, or the default 125 s when QQIC is 0. RFC 3810 names no
// adoption of the Query Response Interval: a router may keep its own or
// take the querier's Maximum Response Delay. The times that depend on it
// (OQPT §9.5, MALI §9.4) are a window from the shorter to the longer.
type adopted struct {
	rv           int
	qi           time.Duration
	qriLo, qriHi time.Duration
}

// adopt is what the RUT takes from q.
func (r *rut) adopt(q packets.MLDQuery) adopted {
	a := adopted{rv: int(q.QRV), qi: packets.QQIDelay(q.QQIC), qriLo: min(r.qri, q.MaxResp), qriHi: max(r.qri, q.MaxResp)}
	if a.rv == 0 {
		a.rv = r.rv
	}
	if a.qi == 0 {
		a.qi = suites.MLDQueryInterval // §5.1.9: QQI 0 means the default Query Interval (§9.2)
	}
	return a
}

func (a adopted) oqptLo() time.Duration { return time.Duration(a.rv)*a.qi + a.qriLo/2 }
func (a adopted) oqptHi() time.Duration { return time.Duration(a.rv)*a.qi + a.qriHi/2 }
func (a adopted) maliLo() time.Duration { return time.Duration(a.rv)*a.qi + a.qriLo }
func (a adopted) maliHi() time.Duration { return time.Duration(a.rv)*a.qi + a.qriHi }

// now is the time on the target's clock, as the frames' times count it.
func (r *rut) now() time.Duration { return r.e.Elapsed() }

// waitUntil lets the target's clock reach at (from r.now()).
func (r *rut) waitUntil(what string, at time.Duration) {
	GinkgoHelper()
	d := at - r.now()
	if d < 0 {
		Fail(fmt.Sprintf("the spec's timing: %s was due %v ago", what, -d))
	}
	r.wait(what, d)
}

// resumesBetween judges a yield that began at t0: no General Query from
// the RUT until t0+lo (less the slack), then one by t0+hi (and the
// slack): the Other Querier Present timer's end (§7.6.2, §9.5).
func (r *rut) resumesBetween(t0, lo, hi time.Duration) *suites.Captured {
	GinkgoHelper()
	By(fmt.Sprintf("the node sends no General Query for %v, then one within %v of the querier's query", lo, hi))
	r.l.ExpectNo(packets.GeneralQuerySent()).Within(t0 + lo - slack - r.now())
	return r.l.Expect(r.gq()).Within(t0 + hi + slack - r.now())
}

// reportsAsListener expects the RUT, as a listener of ff02::16 (§7),
// to answer a General Query within its Maximum Response Delay.
func (r *rut) reportsAsListener(mrd time.Duration) {
	GinkgoHelper()
	By(fmt.Sprintf("the node answers as a listener: a Report about ff02::16 within %v", mrd))
	r.l.Expect(packets.MLDReportOf(packets.AllMLDv2Routers, packets.IS_EX())).Within(mrd + slack)
}

// expectLLQSet expects over LLQT the Last Listener Queries about group
// that one report draws (§7.6.3): LLQC copies of each of want (nil: the
// Multicast Address Specific Query; else the sources), S clear, and no
// other query about group.
func (r *rut) expectLLQSet(group netip.Addr, want ...[]netip.Addr) {
	GinkgoHelper()
	var names []string
	for _, w := range want {
		names = append(names, queryName(group, w))
	}
	By(fmt.Sprintf("the node sends %s, %d copies each, and no other query about %s", strings.Join(names, " and "), r.llqc(), group))
	got := r.l.Collect(packets.SpecificQuerySent(group, nil)).Within(r.llqt() + slack)
	used := map[int]bool{}
	var problems []string
	for i, w := range want {
		if w == nil {
			w = []netip.Addr{}
		}
		m := r.specific(group, w, false)
		n := 0
		for _, c := range got {
			if !used[c.Index] && m.Match(c.Frame) {
				used[c.Index] = true
				n++
			}
		}
		if n != r.llqc() {
			problems = append(problems, fmt.Sprintf("%d right copies of %s (want %d)", n, names[i], r.llqc()))
		}
	}
	for _, c := range got {
		if !used[c.Index] {
			problems = append(problems, "an unexpected or wrong query: "+c.Summary())
		}
	}
	if len(problems) > 0 {
		Fail(fmt.Sprintf("%s: %s", r.l.Name, strings.Join(problems, "; ")))
	}
}

func queryName(group netip.Addr, sources []netip.Addr) string {
	if len(sources) == 0 {
		return fmt.Sprintf("Q(%s)", group)
	}
	return fmt.Sprintf("Q(%s,{%s})", group, addrs(sources))
}
