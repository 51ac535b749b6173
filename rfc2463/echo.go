package rfc2463

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

var _ = Describe("Replying to Echo Requests", Label("rfc:4443", "section:4.2", "ipv6ready:v6LC.5.1.2", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("Part E: does not answer an Echo Request sent to the unspecified address",
		Label("rfc:4291", "section:2.5.2", "fault:accept-unspecified-destination"), func() {
			By("TN1 sends an Echo Request to ::, in a frame to the node's MAC")
			req := l.TN1.EchoRequest(packets.Unspecified)
			req.EthDst = l.NUTMAC
			l.Send(req)
			By("the node does not answer it: :: is never a destination (an error about it is allowed; Linux sends Destination Unreachable code 0)")
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})
})
