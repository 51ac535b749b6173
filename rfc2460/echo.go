package rfc2460

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Echo is the probe every other spec relies on, so it is judged on its own
// first (RFC 4443 §4.2: every node implements an Echo responder).
var _ = Describe("Echo Request and Reply", Label("rfc:4443", "section:4.2", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("answers an Echo Request to its link-local address from that address, with the same identifier, sequence and data",
		Label("fault:no-echo-reply"), func() {
			By("TN1 sends an Echo Request from its link-local address")
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			l.Send(req)

			By("the node answers to TN1's link-local address")
			l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})

	It("answers an Echo Request to its global address from that address",
		Label("fault:no-echo-reply"), func() {
			By("TN1 sends an Echo Request from its global address (and answers the node's solicitation for it)")
			req := l.TN1.EchoRequest(l.NUTGlobal)
			l.Send(req)

			By("the node answers to TN1's global address")
			l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})
})
