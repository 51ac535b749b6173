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

// The addressing of the catalogue (section 2): M1 and M2 are
// prefix-based groups (not SSM); SSM1 and SSM2 are in the SSM block;
// S1...S7 are sources off every test link.
var (
	M1   = netip.MustParseAddr("ff3e:40:3ffe:501:ffff:300:0:1")
	M2   = netip.MustParseAddr("ff3e:40:3ffe:501:ffff:300:0:2")
	SSM1 = netip.MustParseAddr("ff3e::4000:1")
	SSM2 = netip.MustParseAddr("ff3e::7fff:ffff")
	S1   = src(1)
	S2   = src(2)
	S3   = src(3)
	S4   = src(4)
	S5   = src(5)
	S6   = src(6)
	S7   = src(7)
)

func src(i int) netip.Addr {
	return netip.MustParseAddr(fmt.Sprintf("3ffe:501:ffff:300::%d", i))
}

func set(s ...netip.Addr) []netip.Addr { return s }

// Queriers: TR1, TR2, TR3 with low, middle and high link-local
// addresses (the catalogue's test bed).
type querier struct {
	Name string
	MAC  net.HardwareAddr
	LL   netip.Addr
}

func tr(i int) querier {
	mac := net.HardwareAddr{0x00, 0x00, 0x5e, 0x00, 0x53, 0xb0 + byte(i)}
	return querier{fmt.Sprintf("TR%d", i), mac, packets.LinkLocal(mac)}
}

var TR1, TR2, TR3 = tr(1), tr(2), tr(3)

// Timing. The listener's defaults are RV 2 and URI 1 s (RFC 3810 §9.1,
// §9.11); a General Query's Maximum Response Delay is the Query Response
// Interval, 10 s (§9.3), a specific query's the Last Listener Query
// Interval, 1 s (§9.8).
const (
	gqMRD       = 10 * time.Second
	specificMRD = time.Second
	// reportWait is how soon the first copy of a State Change Report
	// must follow the socket call (§6.1 sends it at once).
	reportWait = suites.ReplyWait
	// slack is what a real target may add to any protocol time (the
	// project's standard slack).
	slack = suites.Slack
	// dropMRD is the Maximum Response Delay of queries the node must
	// drop: long enough to show it answered none, short enough to keep
	// runs on real targets brief.
	dropMRD = 2 * time.Second
)

// mld is one spec's view of the listener under test on one link.
type mld struct {
	e   *suites.Env
	l   *suites.Link
	rv  int
	uri time.Duration
}

// start gives the spec a fresh node that can take the join, leave and
// set-filter actions, with its listener's variables (defaults if none).
func start(opts ...suites.Option) *mld {
	GinkgoHelper()
	setup := &suites.MLDSetup{}
	for _, o := range opts {
		var sp suites.SpecSetup
		o(&sp)
		if sp.MLD != nil {
			setup = sp.MLD
		}
	}
	e := suites.Start(append([]suites.Option{suites.NeedsAction(suites.ActSetFilter)}, opts...)...)
	return &mld{e: e, l: e.Link0, rv: setup.RobustnessOr(), uri: setup.URIOr()}
}

// on is the same listener seen from another link.
func (m *mld) on(l *suites.Link) *mld { c := *m; c.l = l; return &c }

// filter sets socket's filter for group on this link.
func (m *mld) filter(socket int, group netip.Addr, mode suites.FilterMode, sources ...netip.Addr) {
	GinkgoHelper()
	By(fmt.Sprintf("socket %d: %s %s{%s}", socket, group, mode, addrs(sources)))
	m.e.SetFilter(m.l.Index, socket, group, mode, sources...)
}

func (m *mld) in(socket int, sources ...netip.Addr) {
	GinkgoHelper()
	m.filter(socket, M1, suites.FilterInclude, sources...)
}

func (m *mld) ex(socket int, sources ...netip.Addr) {
	GinkgoHelper()
	m.filter(socket, M1, suites.FilterExclude, sources...)
}

func addrs(as []netip.Addr) string {
	s := ""
	for i, a := range as {
		if i > 0 {
			s += ","
		}
		s += a.String()
	}
	return s
}

// quiet lets every State Change Report in progress finish its copies
// (RV of them, each within URI of the last), without judging them.
func (m *mld) quiet() {
	GinkgoHelper()
	By("the tester lets the node's reports of it end")
	m.l.Collect(packets.MLDv2Report()).Within(time.Duration(m.rv)*m.uri + slack)
}

// copies expects the State Change Report for group with records want
// from the last socket call on: the first at once, then n-1 copies more,
// each within URI of the one before; first tells whether the first copy
// is among them (false: it was already judged).
func (m *mld) copies(group netip.Addr, n int, want ...packets.Rec) *suites.Captured {
	GinkgoHelper()
	var last *suites.Captured
	for i := 0; i < n; i++ {
		mt := packets.MLDReportOf(group, want...)
		if last == nil {
			By(fmt.Sprintf("the node reports %s for %s at once", recs(want), group))
			last = m.l.Expect(mt).Within(reportWait)
			continue
		}
		By(fmt.Sprintf("the node repeats it (copy %d) within the Unsolicited Report Interval, %v", i+1, m.uri))
		last = m.l.Expect(mt.Require(fmt.Sprintf("at most %v after the copy before", m.uri), within(last.At, m.uri))).Within(m.uri + slack)
	}
	return last
}

// within checks that a frame comes at most d after at (plus the slack a
// real target may need).
func within(at, d time.Duration) func(*packets.Frame) (bool, string) {
	return func(f *packets.Frame) (bool, string) {
		gap := f.At - at
		return gap <= d+slack, fmt.Sprintf("%v after it", gap)
	}
}

func recs(rs []packets.Rec) string {
	if len(rs) == 0 {
		return "nothing"
	}
	s := ""
	for i, r := range rs {
		if i > 0 {
			s += " + "
		}
		s += r.String()
	}
	return s
}

// change expects the State Change Report of the last socket call: RV
// copies of want and no other report about group.
func (m *mld) change(group netip.Addr, want ...packets.Rec) {
	GinkgoHelper()
	m.copies(group, m.rv, want...)
	m.noMore(group)
}

// noMore expects no further report about group for an Unsolicited
// Report Interval (with every report about it so far judged).
func (m *mld) noMore(group netip.Addr) {
	GinkgoHelper()
	By(fmt.Sprintf("no other report about %s", group))
	m.l.ExpectNo(packets.MLDReportAbout(group)).Within(m.uri + slack)
}

// none expects no report about group after the last socket call or
// packet, for d.
func (m *mld) none(group netip.Addr, d time.Duration) {
	GinkgoHelper()
	By(fmt.Sprintf("the node sends no report about %s", group))
	m.l.ExpectNo(packets.MLDReportAbout(group)).Within(d)
}

// query sends q from querier r to dst (ff02::1 for a General Query, the
// group for a specific one when dst is invalid).
func (m *mld) query(r querier, dst netip.Addr, q packets.MLDQuery) *packets.Packet {
	GinkgoHelper()
	if !dst.IsValid() {
		dst = packets.AllNodes
		if q.Group.IsValid() && !q.Group.IsUnspecified() {
			dst = q.Group
		}
	}
	p := packets.MLDv2Query(r.MAC, r.LL, dst, q)
	if !dst.IsMulticast() {
		p.EthDst = m.l.NUTMAC
	}
	return p
}

// send sends p, described as what.
func (m *mld) send(what string, p *packets.Packet) {
	GinkgoHelper()
	By(what)
	m.l.Send(p)
}

// sn is the node's solicited-node group on the link (of its link-local
// address, which shares it with the global one).
func (m *mld) sn() netip.Addr { return packets.SolicitedNode(m.l.NUTLinkLocal) }

// answer expects one Current State Report about group with records want
// within mrd of the query, and no other report about it in the rest of
// that time.
func (m *mld) answer(mrd time.Duration, group netip.Addr, want ...packets.Rec) *suites.Captured {
	GinkgoHelper()
	return m.answerMatching(mrd, group, packets.MLDReportOf(group, want...))
}

func (m *mld) answerMatching(mrd time.Duration, group netip.Addr, mt *packets.Matcher) *suites.Captured {
	GinkgoHelper()
	By(fmt.Sprintf("the node answers within %v: %s", mrd, mt.Desc))
	start := m.elapsedHint()
	c := m.l.Expect(mt).Within(mrd + slack)
	if rest := mrd + slack - (c.At - start); rest > 0 {
		By("and sends no other report about " + group.String() + " in the rest of that time")
		m.l.ExpectNo(packets.MLDReportAbout(group)).Within(rest)
	}
	return c
}

// elapsedHint is the time of the last frame sent by the tester on the
// link, the query an answer is timed from.
func (m *mld) elapsedHint() time.Duration { return m.l.LastSentAt() }

// generalAnswer is the matcher of an answer to a General Query: the
// records for group are want, and the solicited-node group is reported
// as IS_EX{} (RFC 3810 §6.3: a General Query's answer lists every group).
func (m *mld) generalAnswer(group netip.Addr, want ...packets.Rec) *packets.Matcher {
	return packets.MLDReportOf(group, want...).WithRecordOf(m.sn(), packets.IS_EX())
}
