package rfc1981

import (
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 8201 §4 discards a Packet Too Big below 1280 only: 1280 itself is
// the minimum link MTU, a valid path MTU that the node must take, and so
// is one octet more. The other side of v6LC.4.1.6.
var _ = Describe("Receiving an MTU at the IPv6 minimum link MTU", Label("rfc:8201", "section:4", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	DescribeTable("takes a Packet Too Big that reports 1280 octets or more",
		func(mtu uint32) {
			tooBig(l, bigReply(l), mtu)
			By("TN1 sends another 1500-octet Echo Request")
			req := echoOfSize(l, 1500)
			l.Send(req)
			By("the node's reply comes in fragments that fit the reported MTU")
			l.Expect(packets.EchoReplyTo(req).FitsMTU(int(mtu))).Within(suites.ReplyWait)
		},
		Entry("MTU 1280, exactly the minimum", Label("fault:ptb-1280-below-minimum"), uint32(1280)),
		Entry("MTU 1281, one above it", Label("fault:ptb-ignored"), uint32(1281)),
	)
})

// RFC 4861 §6.3.4: a host takes an advertised MTU only when it is at least
// the minimum link MTU (and at most what the link type allows); 1280
// itself is taken (ra_mtu.go), one octet less is not.
var _ = Describe("Router Advertisement with an MTU option below the minimum", Label("rfc:4861", "section:6.3.4", "role:host", "level:should", "fault:ra-mtu-below-minimum-accepted"), func() {
	It("ignores an advertised MTU of 1279 and goes on sending packets of the link's 1500 octets whole", func() {
		l := suites.Start().Link0
		l.ForgetRouters()
		By("TR1 advertises an MTU of 1279 for the link")
		l.Send(l.TR1.RA(packets.RAParams{RouterLifetime: 30 * time.Minute}, packets.MTUOption(1279)))
		By("TN1 sends a 1500-octet Echo Request; the reply comes whole, in one 1500-octet packet")
		req := echoOfSize(l, 1500)
		l.Send(req)
		l.Expect(packets.EchoReplyTo(req).NoFragmentHeader().FitsMTU(1500)).Within(suites.ReplyWait)
	})
})
