package rfc2463

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

var _ = Describe("Transmitting Echo Requests", Label("rfc:4443", "section:4.1", "ipv6ready:v6LC.5.1.1", "role:any", "level:must", "fault:echo-request-bad-checksum"), func() {
	It("sends a well-formed Echo Request when asked to ping a neighbor, and takes the reply", func() {
		env := suites.Start(suites.NeedsAction(suites.ActSendEcho))
		l := env.Link0
		By("the node is made to send an Echo Request to TN1's link-local address (the send-echo action)")
		env.SendEchoRequest(0, l.TN1.LinkLocal)
		By("an Echo Request reaches TN1 from the node's link-local address: code 0, valid checksum")
		l.Expect(packets.EchoRequestTo(l.TN1.LinkLocal).From(l.NUTLinkLocal)).Within(suites.ReplyWait)
	})
})
