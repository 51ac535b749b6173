package rfc2460

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Forwarding specs: TN1 on Link0 talks to TN1 on Link1 through the router.
var _ = Describe("Forwarding through the router", Label("rfc:8200", "section:3", "role:router"), func() {
	var l0, l1 *suites.Link
	BeforeEach(func() {
		env := suites.Start(suites.Links(2))
		l0, l1 = env.Link0, env.Link1
	})

	across := func(change func(*packets.Packet)) *packets.Packet {
		req := l0.TN1.EchoRequest(l1.TN1.Global)
		change(req)
		l0.Send(req)
		return req
	}

	It("decrements the Hop Limit by one and changes nothing else",
		Label("level:must", "ipv6ready:v6LC.1.1.9", "fault:forward-no-decrement"), func() {
			By("Link0's TN1 sends an Echo Request with Hop Limit 15 to Link1's TN1")
			req := across(func(p *packets.Packet) { p.HopLimit = 15 })
			By("the router passes it to Link1 with Hop Limit 14")
			l1.Expect(packets.Forwarded(req, l1.NUTMAC, l1.TN1.MAC)).Within(suites.ReplyWait)
		})

	It("forwards a non-zero Traffic Class unchanged",
		Label("level:should", "ipv6ready:v6LC.1.1.3", "section:7", "fault:forward-zeroes-tc-fl"), func() {
			By("Link0's TN1 sends an Echo Request with Traffic Class 0xa0 to Link1's TN1")
			req := across(func(p *packets.Packet) { p.TrafficClass = 0xa0 })
			By("it reaches Link1 with the same Traffic Class (a router with a DiffServ policy must have it off for this test)")
			l1.Expect(packets.Forwarded(req, l1.NUTMAC, l1.TN1.MAC)).Within(suites.ReplyWait)
		})

	It("forwards a non-zero Flow Label unchanged",
		Label("level:must", "ipv6ready:v6LC.1.1.4", "rfc:6437", "section:3", "fault:forward-zeroes-tc-fl"), func() {
			By("Link0's TN1 sends an Echo Request with Flow Label 0x12345 to Link1's TN1")
			req := across(func(p *packets.Packet) { p.FlowLabel = 0x12345 })
			By("it reaches Link1 with the same Flow Label (RFC 6437 §3: forwarding nodes leave it alone)")
			l1.Expect(packets.Forwarded(req, l1.NUTMAC, l1.TN1.MAC)).Within(suites.ReplyWait)
		})

	It("does not forward a packet whose destination is a link-local address",
		Label("level:must", "ipv6ready:v6LC.1.1.10", "rfc:4007", "section:9", "fault:forward-link-local"), func() {
			By("Link0's TN1 sends an Echo Request from its global address to the link-local address of Link1's TN1, in a frame to the router (Part F)")
			req := l0.TN1.EchoRequest(l1.TN1.LinkLocal)
			req.Src = l0.TN1.Global // only the destination's scope is at issue
			req.EthDst = l0.NUTMAC
			l0.Send(req)
			By("nothing reaches Link1: a link-local address has no meaning beyond its link")
			l1.ExpectNo(packets.AnyTo(l1.TN1.LinkLocal)).Within(suites.ReplyWait)
		})
})

var _ = Describe("Routing prefixes longer than 64 bits", Label("rfc:8200", "rfc:4291", "section:2.5.4", "ipv6ready:v6LC.1.1.11", "role:router", "level:must", "fault:route-prefix-64-max"), func() {
	// RFC 4291 §2.5.4 fixes 64-bit interface identifiers for most unicast
	// addresses, but routing is by prefix of any length (RFC 7608).
	DescribeTable("routes by the longest matching prefix, whatever its length",
		func(bits int) {
			wide := netip.MustParsePrefix("2001:db8:3::/64")
			narrow := netip.PrefixFrom(netip.MustParseAddr("2001:db8:3::8000:0:0:0"), bits).Masked()
			var l0, l1 *suites.Link
			By("the router has a route for 2001:db8:3::/64 via Link1's TR1, and a longer one inside it via Link1's TR2")
			// Next hops are link-local, so build the world first to learn them.
			probe := suites.NewLinkPlan(1)
			env := suites.Start(suites.Links(2),
				suites.Route(wide, 1, probe.TR1.LinkLocal),
				suites.Route(narrow, 1, probe.TR2.LinkLocal))
			l0, l1 = env.Link0, env.Link1

			By("Link0's TN1 sends an Echo Request to an address inside the longer prefix")
			in := l0.TN1.EchoRequest(narrow.Addr().Next())
			l0.Send(in)
			By("the router forwards it to TR2")
			l1.Expect(packets.Forwarded(in, l1.NUTMAC, l1.TR2.MAC)).Within(suites.ReplyWait)

			By("Link0's TN1 sends an Echo Request to an address of the /64 outside the longer prefix")
			out := l0.TN1.EchoRequest(netip.MustParseAddr("2001:db8:3::1"))
			l0.Send(out)
			By("the router forwards it to TR1")
			l1.Expect(packets.Forwarded(out, l1.NUTMAC, l1.TR1.MAC)).Within(suites.ReplyWait)
		},
		Entry("Part A: a /65 route", 65),
		Entry("Part B: a /96 route", 96),
		Entry("Part C: a /127 route", 127),
	)
})
