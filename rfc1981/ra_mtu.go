package rfc1981

import (
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 4861 §6.3.4: a host SHOULD take the MTU option's value as its
// LinkMTU, hence level:should.
var _ = Describe("Router Advertisement with MTU option", Label("rfc:4861", "rfc:8201", "section:6.3.4", "ipv6ready:v6LC.4.1.8", "role:host", "level:should", "fault:ignore-ra-mtu"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	It("sends in packets of at most the link MTU an advertisement announces", func() {
		By("TR1 advertises an MTU of 1280 for the link")
		l.Send(l.TR1.RA(packets.RAParams{RouterLifetime: 30 * time.Minute}, packets.MTUOption(1280)))
		By("TN1 sends a 1500-octet Echo Request; the reply goes out in fragments of at most 1280 octets")
		req := echoOfSize(l, 1500)
		l.Send(req)
		l.Expect(packets.EchoReplyTo(req).FitsMTU(1280)).Within(suites.ReplyWait)
	})
})
