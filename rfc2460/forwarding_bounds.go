package rfc2460

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// The last Hop Limit a router forwards: 2, leaving with 1 (RFC 8200 §3,
// RFC 4443 §3.3). The other side (Hop Limit 1 and 0 draw Time Exceeded)
// is in rfc2463's router errors.
var _ = Describe("Hop Limit 2 at a router", Label("rfc:8200", "rfc:4443", "section:3", "role:router", "level:must", "fault:forward-hoplimit-off-by-one"), func() {
	It("forwards a packet that arrives with Hop Limit 2, with Hop Limit 1, and sends no Time Exceeded", func() {
		l0, l1 := twoLinks()
		By("Link0's TN1 sends an Echo Request with Hop Limit 2 to Link1's TN1")
		req := l0.TN1.EchoRequest(l1.TN1.Global)
		req.HopLimit = 2
		l0.Send(req)
		By("it reaches Link1 with Hop Limit 1, and no error comes back")
		l1.Expect(packets.Forwarded(req, l1.NUTMAC, l1.TN1.MAC)).Within(suites.ReplyWait)
		l0.ExpectNo(packets.ICMPErrorAbout(req)).Within(0)
	})
})
