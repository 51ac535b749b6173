package rfc2461

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 4861 §7.3.3: in PROBE a node sends MAX_UNICAST_SOLICIT unicast
// solicitations, RetransTimer apart, and then no more. Both sides of the
// count: the third probe must come, a fourth must not.
var _ = Describe("Unreachability probes, MAX_UNICAST_SOLICIT", Label("rfc:4861", "section:7.3.3", "role:any", "level:must"), func() {
	DescribeTable("sends exactly MAX_UNICAST_SOLICIT (3) unicast probes, RetransTimer apart, when the neighbor does not answer",
		func() {
			l := suites.Start().Link0
			makeStale(l)
			By("TN1 sends an Echo Request: the node answers (DELAY) and DELAY_FIRST_PROBE_TIME later probes TN1 (PROBE); TN1 never answers")
			req := ping(l)
			r := l.Expect(packets.EchoReplyToMAC(req, l.TN1.MAC)).Within(suites.ReplyWait)
			last := l.Expect(packets.ProbeNS(l.TN1.LinkLocal, l.TN1.MAC).After(r.At, suites.DelayFirstProbeTime-suites.CaptureJitter)).
				Within(suites.DelayFirstProbeTime + suites.Slack)
			// The count is judged here, not the spacing: a kernel's timers
			// may fire a few tens of milliseconds early (Linux: 972 ms).
			By("the node sends its other probes, about RetransTimer after the one before")
			for i := 2; i <= suites.MaxUnicastSolicit; i++ {
				last = l.Expect(packets.ProbeNS(l.TN1.LinkLocal, l.TN1.MAC).After(last.At, suites.RetransTimer/2)).
					Within(suites.RetransTimer + suites.Slack)
			}
			By("and then no more")
			l.ExpectNo(packets.ProbeNS(l.TN1.LinkLocal, l.TN1.MAC)).Within(3 * suites.RetransTimer)
		},
		Entry("the third probe comes", Label("fault:nud-probe-one-short")),
		Entry("no fourth probe comes", Label("fault:nud-extra-probe")),
	)
})

// RFC 4861 §7.2.2: while resolution is under way every packet for the
// neighbor waits, the second as the first; none goes out before the
// neighbor's link-layer address is known. The queue MUST hold at least one
// packet, so only the first reply is required afterwards.
var _ = Describe("Packets while resolution is under way", Label("rfc:4861", "section:7.2.2", "ipv6ready:v6LC.2.1.2", "role:any", "level:must", "fault:incomplete-sends-at-once"), func() {
	It("sends nothing to TN1 before TN1 answers, not even for a second packet, then the reply that waited", func() {
		l := suites.Start().Link0
		By("TN1, which does not answer solicitations, sends an Echo Request; the node solicits TN1 (INCOMPLETE)")
		req, ns := makeIncomplete(l)
		By("TN1 sends a second Echo Request")
		ping(l)
		By("nothing goes to TN1's address while it has not answered")
		l.ExpectNo(packets.AnyTo(l.TN1.LinkLocal)).Within(suites.ReplyWait)
		By("TN1 answers with a solicited advertisement; the reply that waited goes to TN1's link-layer address")
		l.Send(l.TN1.NAWith(ns.Src, l.TN1.LinkLocal, flagS|flagO, l.TN1.MAC))
		l.Expect(packets.EchoReplyToMAC(req, l.TN1.MAC)).Within(suites.ReplyWait)
	})
})
