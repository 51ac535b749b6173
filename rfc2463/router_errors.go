package rfc2463

import (
	"bytes"
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

var _ = Describe("Errors a router sends about packets it cannot forward", Label("rfc:4443", "role:router"), func() {
	var l0, l1 *suites.Link
	BeforeEach(func() {
		env := suites.Start(suites.Links(2))
		l0, l1 = env.Link0, env.Link1
	})

	DescribeTable("answers Time Exceeded code 0 for a packet whose Hop Limit runs out, and does not forward it",
		Label("level:must", "section:3.3", "ipv6ready:v6LC.5.1.5", "fault:forward-hoplimit-zero"),
		func(hopLimit uint8) {
			By("Link0's TN1 sends an Echo Request to Link1's TN1 that cannot take another hop")
			req := l0.TN1.EchoRequest(l1.TN1.Global)
			req.HopLimit = hopLimit
			l0.Send(req)
			By("the router answers Time Exceeded code 0 from its Link0 address, quoting it")
			l0.Expect(packets.TimeExceeded(0).Quoting(req).From(l0.NUTGlobal, l0.NUTLinkLocal)).Within(suites.ReplyWait)
			l1.ExpectNo(packets.AnyTo(l1.TN1.Global)).Within(0)
		},
		Entry("Part A: Hop Limit 0 on arrival", uint8(0)),
		Entry("Part B: Hop Limit 1, decremented to 0", uint8(1)),
	)

	It("answers Packet Too Big with the next link's MTU for a packet larger than that link, and does not fragment it",
		Label("level:must", "section:3.2", "ipv6ready:v6LC.5.1.4", "fault:forward-fragments"), func() {
			By("Link0's TN1 sends a 1500-octet Echo Request to Link1's TN1; Link1's MTU is 1280")
			req := l0.TN1.EchoRequest(l1.TN1.Global)
			req.ICMP.SetEchoData(bytes.Repeat([]byte{0x3c}, 1500-48))
			l0.Send(req)
			By("the router answers Packet Too Big, MTU 1280, quoting the packet")
			l0.Expect(packets.PacketTooBigAbout(req, suites.RouterLink1MTU)).Within(suites.ReplyWait)
			l1.ExpectNo(packets.AnyTo(l1.TN1.Global)).Within(0)
		})

	It("answers Destination Unreachable code 0 when it has no route to the destination",
		Label("level:should", "section:3.1", "ipv6ready:v6LC.5.1.3", "fault:no-route-silent"), func() {
			By("Link0's TN1 sends an Echo Request to 2001:db8:99::1, which no route covers (Part A)")
			req := l0.TN1.EchoRequest(netip.MustParseAddr("2001:db8:99::1"))
			l0.Send(req)
			By("the router answers no route to destination")
			l0.Expect(packets.DestUnreachable(0).Quoting(req)).Within(suites.ReplyWait)
		})

	It("answers Destination Unreachable code 3 when the next hop on Link1 does not answer address resolution",
		Label("level:must", "rfc:4861", "section:7.2.2", "ipv6ready:v6LC.5.1.3", "fault:no-address-unreachable"), func() {
			By("Link0's TN1 sends an Echo Request to Link1's TN2, which never answers solicitations (Part B)")
			l1.TN2.AnswersNS = false
			req := l0.TN1.EchoRequest(l1.TN2.Global)
			l0.Send(req)
			By("after its solicitations go unanswered the router answers address unreachable")
			l0.Expect(packets.DestUnreachable(3).QuotingForwarded(req)).Within(suites.MaxMulticastSolicit*suites.RetransTimer + suites.ReplyWait)
		})

	It("answers Destination Unreachable code 2 for a packet whose link-local source would leave its link",
		Label("level:must", "section:3.1", "rfc:4007", "ipv6ready:v6LC.5.1.3", "fault:forward-link-local-source"), func() {
			By("Link0's TN1 sends an Echo Request from its link-local address to Link1's TN1 global address (Part E)")
			req := l0.TN1.EchoRequest(l1.TN1.Global)
			req.Src = l0.TN1.LinkLocal
			l0.Send(req)
			By("the router answers beyond scope of source address, and nothing reaches Link1")
			l0.Expect(packets.DestUnreachable(2).Quoting(req)).Within(suites.ReplyWait)
			l1.ExpectNo(packets.AnyTo(l1.TN1.Global)).Within(0)
		})
})
