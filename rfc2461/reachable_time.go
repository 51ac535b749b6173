package rfc2461

import (
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 4861 §7.3.3: whatever ReachableTime the node draws, a REACHABLE entry
// goes STALE once it has passed. "Router Advertisement processing,
// Reachable Time" judges that a host takes an advertised value for it (a
// SHOULD of §6.3.4); this spec judges the transition itself, from the
// default BaseReachableTime (30 s, so at most 45 s, §6.3.2).
var _ = Describe("Neighbor Unreachability Detection, ReachableTime", Label("rfc:4861", "section:7.3.3", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("lets a confirmed neighbor go stale once its ReachableTime has passed", Label("fault:reachable-never-stale"), func() {
		By("TN1 sends an Echo Request; the node resolves TN1 (the tester answers) and replies: TN1 is REACHABLE")
		req := l.TN1.EchoRequest(l.NUTLinkLocal)
		l.Send(req)
		l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		By("past 1.5 × 30 s TN1 sends another Echo Request; the node replies from a STALE entry")
		l.Env().Wait(45*time.Second + suites.LongTimerSlack)
		req = l.TN1.EchoRequest(l.NUTLinkLocal)
		l.Send(req)
		l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		By("and probes TN1 with a unicast solicitation after DELAY_FIRST_PROBE_TIME")
		l.Expect(packets.NSFor(l.TN1.LinkLocal).To(l.TN1.LinkLocal)).Within(suites.DelayFirstProbeTime + suites.Slack)
	})
})
