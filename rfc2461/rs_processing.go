package rfc2461

import (
	"net"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Router Solicitation processing on a router (RFC 4861 §6.2.6): a
// solicitation from a unicast source with a source link-layer option
// creates or updates the solicitor's neighbor cache entry as a Neighbor
// Solicitation would (§7.2.3): a new entry, or a new link-layer address,
// becomes STALE; the address already cached leaves the state as it is.
// Without the option the router learns nothing. The entry's state is read
// from what the router sends to TN1 afterwards (see nud.go).

// rsFrom is TN1's Router Solicitation from its link-local address to
// all-routers, with slla as its source link-layer option (nil: none).
func rsFrom(l *suites.Link, slla net.HardwareAddr) *packets.Packet {
	var opts []packets.Option
	if slla != nil {
		opts = append(opts, packets.SLLA(slla))
	}
	return packets.RS(l.TN1.MAC, packets.MulticastMAC(packets.AllRouters), l.TN1.LinkLocal, packets.AllRouters, opts...)
}

var _ = Describe("Router Solicitation processing, Neighbor Cache", Label("rfc:4861", "section:6.2.6", "ipv6ready:v6LC.2.2.10", "role:router", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	solicitRouter := func(slla net.HardwareAddr) {
		GinkgoHelper()
		what := "without a source link-layer option"
		if slla != nil {
			what = "with " + macName(l, slla)
		}
		By("TN1 sends a Router Solicitation " + what)
		l.Send(rsFrom(l, slla))
	}

	It("Part A: creates a STALE entry from a solicitation with a source link-layer option", Label("fault:rs-slla-ignored"), func() {
		l.TN1.AnswersNS = false
		solicitRouter(l.TN1.MAC)
		expectStale(l, l.TN1.MAC)
	})

	It("Part B: creates no entry from a solicitation without a source link-layer option", Label("fault:nd-missing-lla-as-zero"), func() {
		l.TN1.AnswersNS = false
		solicitRouter(nil)
		expectNoEntry(l)
	})

	// Parts C, D, F and H judge the state a recorded link-layer address
	// puts the entry in (MUST), only when the router recorded it (a SHOULD
	// of §6.2.6 for an existing entry, judged by the spec after them): see
	// recorded.go.
	It("Part C: completes an INCOMPLETE entry and sends what waited", Label("fault:rs-confirms-reachability"), func() {
		req, _ := makeIncomplete(l)
		solicitRouter(l.TN1.MAC)
		By("the entry is STALE at TN1's address: the reply that waited goes there, and DELAY_FIRST_PROBE_TIME later a probe")
		if len(l.Collect(packets.EchoReplyToMAC(req, l.TN1.MAC)).Within(suites.Slack)) == 0 {
			Skip("the reply that waited did not go out: the router did not record the solicitation's link-layer address, a SHOULD that another spec judges; no state to judge")
		}
		r := l.Expect(packets.EchoReplyToMAC(req, l.TN1.MAC)).Within(suites.ReplyWait)
		expectDelayThenProbe(l, r, l.TN1.MAC)
	})

	It("takes the link-layer address of a solicitation for an existing entry",
		Label("level:should", "fault:rs-slla-ignored"), func() {
			makeReachable(l)
			solicitRouter(l.TN1.OtherMAC())
			expectRecordedAddress(l)
		})

	DescribeTable("updates an existing entry as the solicitation's link-layer address says",
		func(makeState func(*suites.Link), slla int, judge func(l *suites.Link)) {
			makeState(l)
			mac := l.TN1.MAC
			if slla == sllaOther {
				mac = l.TN1.OtherMAC()
			}
			solicitRouter(mac)
			judge(l)
		},
		Entry("Part D: REACHABLE, a new link-layer address: STALE there", Label("fault:rs-confirms-reachability"),
			makeReachable, sllaOther, func(l *suites.Link) { expectRecordedStale(l, "solicitation") }),
		Entry("Part E: REACHABLE, the same link-layer address: stays REACHABLE", Label("fault:rs-slla-sets-stale"),
			makeReachable, sllaSame, func(l *suites.Link) { expectReachable(l, l.TN1.MAC) }),
		Entry("Part F: STALE, a new link-layer address: STALE there", Label("fault:rs-confirms-reachability"),
			makeStale, sllaOther, func(l *suites.Link) { expectRecordedStale(l, "solicitation") }),
		Entry("Part G: STALE, the same link-layer address: stays STALE", Label("fault:rs-confirms-reachability"),
			makeStale, sllaSame, func(l *suites.Link) { expectStale(l, l.TN1.MAC) }),
		Entry("Part H: PROBE, a new link-layer address: STALE there", Label("fault:rs-confirms-reachability"),
			makeProbe, sllaOther, func(l *suites.Link) { expectRecordedStale(l, "solicitation") }),
		Entry("Part I: PROBE, the same link-layer address: still PROBE", Label("fault:rs-confirms-reachability"),
			makeProbe, sllaSame, func(l *suites.Link) { expectProbing(l, l.TN1.MAC) }),
	)
})
