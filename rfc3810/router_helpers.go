package rfc3810

import (
	"fmt"
	"net"
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// The router checklist's tools (MLDv2R): a spec starts the router under
// test (the RUT) with startRouter, which asks for suites.CapMLDRouter and
// gives the RUT the spec's MLDSetup as its router variables (RFC 3810 §9:
// RV, QI, QRI, LLQI; LLQC is RV). The tester then plays:
//
//   - TN1, a listener, with report (MLDv2 records for M1), reportFor (for
//     another group), reportRecords (several groups in one Report), v1Report
//     and v1Done (MLDv1, RFC 2710);
//   - TR1, a querier whose link-local address is lower than the RUT's, and
//     TR2, one whose address is higher (lowerQuerier, higherQuerier; the
//     spec is N/A when the RUT's address leaves no room), with queryFrom;
//
// and judges the RUT's queries with expectGQ, nextGQ (exactly a gap after
// the last), startupQueries, noGQ and resumesAfter (a yield and its end),
// expectQuery, expectLLQ (LLQC copies, LLQI apart) and noQ (no query but
// General Queries over a window). Malformed messages start from
// reportPacket or queryPacket and go out with sendPacket. Timers: wait,
// mali, llqt, oqpt, probeMargin (the catalogue's t0− is
// mali()−llqt()−probeMargin after the report, t0+ mali()+slack). Every query is judged on its source (the RUT's link-local
// address), destination, Hop Limit 1, Router Alert, Multicast Address,
// sources, S flag, QRV, QQIC and MRC (at or below the configured value).

// rut is one spec's view of the router under test on one link.
type rut struct {
	e *suites.Env
	l *suites.Link
	// The router variables the spec set, defaults filled in.
	rv            int
	qi, qri, llqi time.Duration
}

// startRouter gives the spec a fresh router that runs the querier on its
// links with the spec's variables (suites.WithMLD), defaults otherwise.
func startRouter(opts ...suites.Option) *rut {
	GinkgoHelper()
	var sp suites.SpecSetup
	for _, o := range opts {
		o(&sp)
	}
	setup := suites.MLDSetup{}
	if sp.MLD != nil {
		setup = *sp.MLD
	}
	e := suites.Start(append([]suites.Option{suites.NeedsCapability(suites.CapMLDRouter)}, opts...)...)
	return &rut{e: e, l: e.Link0, rv: setup.RobustnessOr(), qi: setup.QIOr(), qri: setup.QRIOr(), llqi: setup.LLQIOr()}
}

// on is the same router seen from another link.
func (r *rut) on(l *suites.Link) *rut { c := *r; c.l = l; return &c }

// The router's derived values (RFC 3810 §9.4, §9.5, §9.9, §9.10, §9.6).
func (r *rut) llqc() int                      { return r.rv }
func (r *rut) llqt() time.Duration            { return time.Duration(r.llqc()) * r.llqi }
func (r *rut) mali() time.Duration            { return time.Duration(r.rv)*r.qi + r.qri }
func (r *rut) oqpt() time.Duration            { return time.Duration(r.rv)*r.qi + r.qri/2 }
func (r *rut) startupInterval() time.Duration { return r.qi / 4 }

// probeMargin is how far before a timer's expiry a "before" probe comes
// (the catalogue's t0−): the node must still hold the state then.
const probeMargin = time.Second

// --- the tester as a listener (TN1)

// report sends TN1's MLDv2 Report with records for M1.
func (r *rut) report(recs ...packets.Rec) { r.reportFor(M1, recs...) }

// reportFor sends TN1's MLDv2 Report with records for group.
func (r *rut) reportFor(group netip.Addr, recs ...packets.Rec) {
	GinkgoHelper()
	r.reportRecords(records(group, recs...)...)
}

// reportRecords sends TN1's MLDv2 Report holding recs.
func (r *rut) reportRecords(recs ...packets.MLDRecord) {
	GinkgoHelper()
	r.send("TN1 reports "+recordsString(recs), r.reportPacket(recs...))
}

// reportPacket is TN1's MLDv2 Report holding recs, to change before
// sending it with sendPacket (the group 2 tests: Hop Limit, source,
// Router Alert, lengths).
func (r *rut) reportPacket(recs ...packets.MLDRecord) *packets.Packet {
	return packets.MLDv2ReportPacket(r.l.TN1.MAC, r.l.TN1.LinkLocal, recs...)
}

// records are recs for group, as MLDRecords.
func records(group netip.Addr, recs ...packets.Rec) []packets.MLDRecord {
	var out []packets.MLDRecord
	for _, x := range recs {
		out = append(out, packets.MLDRecord{Type: x.Type, Group: group, Sources: x.Sources})
	}
	return out
}

func recordsString(recs []packets.MLDRecord) string {
	desc := ""
	for i, x := range recs {
		if i > 0 {
			desc += ", "
		}
		desc += x.String()
	}
	return desc
}

// sendPacket sends an MLD packet the spec built (or changed), described
// as what, with the settling every MLD message gets (send).
func (r *rut) sendPacket(what string, p *packets.Packet) {
	GinkgoHelper()
	r.send(what, p)
}

// v1Report sends TN1's MLDv1 Report for group (RFC 2710 §3).
func (r *rut) v1Report(group netip.Addr) {
	GinkgoHelper()
	r.send("TN1 sends an MLDv1 Report for "+group.String(), packets.MLDv1Report(r.l.TN1.MAC, r.l.TN1.LinkLocal, group))
}

// v1Done sends TN1's MLDv1 Done for group.
func (r *rut) v1Done(group netip.Addr) {
	GinkgoHelper()
	r.send("TN1 sends an MLDv1 Done for "+group.String(), packets.MLDv1Done(r.l.TN1.MAC, r.l.TN1.LinkLocal, group))
}

// send sends p, described as what. Every MLD message changes the
// router's state that the next packet's verdict depends on, on whatever
// link it comes: the next send waits for the node's settle time, and on a
// target with a barrier the node has handled it before anything else is
// sent on any link.
func (r *rut) send(what string, p *packets.Packet) {
	GinkgoHelper()
	By(what)
	r.l.Send(p)
	r.e.AfterConfig()
	r.e.Settle()
}

// --- the tester as other queriers (TR1 lower, TR2 higher)

// lowerQuerier is TR1 with a link-local address just below the RUT's, so
// that TR1 wins the election (§7.6.2). The spec is N/A when the RUT's
// interface identifier leaves no room below.
func (r *rut) lowerQuerier() querier {
	GinkgoHelper()
	return r.neighbourQuerier("TR1", -1)
}

// higherQuerier is TR2 with a link-local address just above the RUT's.
func (r *rut) higherQuerier() querier {
	GinkgoHelper()
	return r.neighbourQuerier("TR2", +1)
}

func (r *rut) neighbourQuerier(name string, step int) querier {
	GinkgoHelper()
	b := r.l.NUTLinkLocal.As16()
	for i := 15; i >= 8; i-- { // add step to the interface identifier
		v := int(b[i]) + step
		switch {
		case v < 0:
			b[i] = 0xff
			continue
		case v > 0xff:
			b[i] = 0
			continue
		}
		b[i] = byte(v)
		mac := net.HardwareAddr{0x00, 0x00, 0x5e, 0x00, 0x53, 0xc0 + byte(r.l.Index)}
		if step > 0 {
			mac[5] += 8
		}
		return querier{name, mac, netip.AddrFrom16(b)}
	}
	Skip(fmt.Sprintf("the node's link-local address %s leaves no room for a querier %s it", r.l.NUTLinkLocal, map[bool]string{true: "above", false: "below"}[step > 0]))
	return querier{}
}

// queryFrom sends q from querier t: to ff02::1 for a General Query, to
// the group otherwise.
func (r *rut) queryFrom(t querier, q packets.MLDQuery) {
	GinkgoHelper()
	kind := "a General Query"
	if q.Group.IsValid() && !q.Group.IsUnspecified() {
		kind = fmt.Sprintf("a query for %s {%s}", q.Group, addrs(q.Sources))
	}
	r.send(fmt.Sprintf("%s (%s) sends %s, QRV %d, QQIC %d, S %v", t.Name, t.LL, kind, q.QRV, q.QQIC, q.S), r.queryPacket(t, q))
}

// queryPacket is q from querier t (to ff02::1 for a General Query, the
// group otherwise), to change before sending it with sendPacket.
func (r *rut) queryPacket(t querier, q packets.MLDQuery) *packets.Packet {
	dst := packets.AllNodes
	if q.Group.IsValid() && !q.Group.IsUnspecified() {
		dst = q.Group
	}
	return packets.MLDv2Query(t.MAC, t.LL, dst, q)
}

// v1QueryFrom sends an MLDv1 Query (24 octets, RFC 2710) from querier t:
// General for an invalid or :: group.
func (r *rut) v1QueryFrom(t querier, group netip.Addr, maxResp time.Duration) {
	GinkgoHelper()
	r.send(fmt.Sprintf("%s (%s) sends an MLDv1 Query for %s", t.Name, t.LL, group), packets.MLDv1Query(t.MAC, t.LL, group, maxResp))
}

// --- the RUT's queries

// queryFields are the checks of a query's router fields: QRV and QQIC
// from the RUT's RV and QI (§5.1.8, §5.1.9) and the MRC at most maxResp
// (§5.1.3).
func (r *rut) queryFields(m *packets.Matcher, maxResp time.Duration) *packets.Matcher {
	qrv := uint8(r.rv)
	if r.rv > 7 {
		qrv = 0
	}
	qqic := packets.QQICode(r.qi)
	m.From(r.l.NUTLinkLocal)
	m.QueryFields(fmt.Sprintf("QRV %d", qrv), func(q packets.MLDQuery) (bool, string) { return q.QRV == qrv, fmt.Sprint(q.QRV) })
	m.QueryFields(fmt.Sprintf("QQIC %#x (%v)", qqic, r.qi), func(q packets.MLDQuery) (bool, string) {
		return q.QQIC == qqic, fmt.Sprintf("%#x", q.QQIC)
	})
	m.QueryFields(fmt.Sprintf("Maximum Response Delay at most %v", maxResp), func(q packets.MLDQuery) (bool, string) {
		return q.MaxResp <= maxResp, fmt.Sprintf("%v (code %#x)", q.MaxResp, *q.MRC)
	})
	return m
}

// gq is the matcher of the RUT's General Query: S clear, MRC at most QRI.
func (r *rut) gq() *packets.Matcher {
	return r.queryFields(packets.GeneralQuerySent(), r.qri).SFlag(false)
}

// specific is the matcher of the RUT's query about group (and sources,
// see packets.SpecificQuerySent) with the S flag s, MRC at most LLQI
// (§7.6.3).
func (r *rut) specific(group netip.Addr, sources []netip.Addr, s bool) *packets.Matcher {
	return r.queryFields(packets.SpecificQuerySent(group, sources), r.llqi).SFlag(s)
}

// anySpecific recognises any query of the RUT but a General Query: the
// catalogue's noQ judges there is none.
func anySpecific() *packets.Matcher {
	m := packets.MLDv2QuerySent()
	m.Desc = "an MLDv2 query other than a General Query"
	return m.Identify("a Multicast Address other than ::", func(f *packets.Frame) (bool, string) {
		q, _ := f.MLDQuery()
		return !q.Group.IsUnspecified(), q.Group.String()
	})
}

// expectGQ expects the RUT's General Query within d.
func (r *rut) expectGQ(d time.Duration) *suites.Captured {
	GinkgoHelper()
	By(fmt.Sprintf("the node sends a General Query within %v", d))
	return r.l.Expect(r.gq()).Within(d)
}

// nextGQ expects no General Query for gap (less the slack), then one
// within twice the slack: General Queries exactly gap apart.
func (r *rut) nextGQ(gap time.Duration, what string) *suites.Captured {
	GinkgoHelper()
	By(fmt.Sprintf("%s: none for %v, then one", what, gap))
	r.l.ExpectNo(packets.GeneralQuerySent()).Within(gap - slack)
	return r.l.Expect(r.gq()).Within(2 * slack)
}

// startupQueries judges the querier's start: [Startup Query Count] (RV)
// General Queries [Startup Query Interval] (QI/4) apart, then one a Query
// Interval later (§7.1, §9.6, §9.7).
func (r *rut) startupQueries() {
	GinkgoHelper()
	r.expectGQ(bootWait)
	for i := 1; i < r.rv; i++ {
		r.nextGQ(r.startupInterval(), fmt.Sprintf("start-up query %d of %d a Startup Query Interval later", i+1, r.rv))
	}
	r.nextGQ(r.qi, "then a General Query a Query Interval later")
}

// noGQ expects no General Query from the RUT for d: it is not querier
// (it yielded to a lower querier, §7.6.2).
func (r *rut) noGQ(d time.Duration) {
	GinkgoHelper()
	By(fmt.Sprintf("the node sends no General Query for %v", d))
	r.l.ExpectNo(packets.GeneralQuerySent()).Within(d)
}

// resumesAfter judges a yield: no General Query for oqpt (less the
// slack), then one (the RUT is querier again when the Other Querier
// Present timer expires, §7.6.2, §9.5).
func (r *rut) resumesAfter(oqpt time.Duration) *suites.Captured {
	GinkgoHelper()
	return r.nextGQ(oqpt, "the node queries again when the Other Querier Present Timeout ends")
}

// expectQuery expects one query of the RUT about group and sources (nil:
// any; empty: a Multicast Address Specific Query) with S flag s within d.
func (r *rut) expectQuery(group netip.Addr, sources []netip.Addr, s bool, d time.Duration) *suites.Captured {
	GinkgoHelper()
	m := r.specific(group, sources, s)
	By(fmt.Sprintf("the node sends %s with S %v within %v", m.Desc, s, d))
	return r.l.Expect(m).Within(d)
}

// expectLLQ expects the Last Listener Queries for group and sources
// (empty: Multicast Address Specific) at once: LLQC copies, LLQI apart
// (§7.6.3), S clear, and no more of them for an LLQI after the last.
func (r *rut) expectLLQ(group netip.Addr, sources []netip.Addr) {
	GinkgoHelper()
	if sources == nil {
		sources = []netip.Addr{}
	}
	last := r.expectQuery(group, sources, false, suites.ReplyWait)
	for i := 1; i < r.llqc(); i++ {
		By(fmt.Sprintf("the node repeats it (copy %d of %d) an LLQI (%v) later", i+1, r.llqc(), r.llqi))
		m := r.specific(group, sources, false).After(last.At, r.llqi-slack)
		last = r.l.Expect(m.Require(fmt.Sprintf("at most %v after the copy before", r.llqi), within(last.At, r.llqi))).Within(r.llqi + slack)
	}
	By(fmt.Sprintf("and sends no more copies (%d in all)", r.llqc()))
	r.l.ExpectNo(packets.SpecificQuerySent(group, sources)).Within(r.llqi + slack)
}

// noQ expects no query but General Queries from the RUT for d (the
// catalogue's noQ).
func (r *rut) noQ(d time.Duration) {
	GinkgoHelper()
	By(fmt.Sprintf("the node sends no query but General Queries for %v", d))
	r.l.ExpectNo(anySpecific()).Within(d)
}

// wait lets d pass on the target's clock, without judging what comes.
func (r *rut) wait(what string, d time.Duration) {
	GinkgoHelper()
	By(fmt.Sprintf("the tester waits %v: %s", d, what))
	r.e.Wait(d)
}

// quietFor lets the queries in progress end: the Last Listener Queries'
// LLQT and some slack, without judging them.
func (r *rut) quietFor() {
	GinkgoHelper()
	r.wait("the node's queries in progress end", r.llqt()+slack)
}
