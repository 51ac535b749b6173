package rfc2460

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Which source and destination addresses a router passes from Link0 to
// Link1. Part F (a link-local destination) is in forwarding.go.
// echoSource is which of TN1's addresses its Echo Request comes from.
type echoSource int

const (
	fromLinkLocal echoSource = iota
	fromGlobal
)

var _ = Describe("Source and destination addresses at a router", Label("rfc:8200", "rfc:4291", "ipv6ready:v6LC.1.1.10", "role:router", "level:must"), func() {
	var l0, l1 *suites.Link
	start := func(opts ...suites.Option) {
		env := suites.Start(append([]suites.Option{suites.Links(2)}, opts...)...)
		l0, l1 = env.Link0, env.Link1
	}

	It("Part A: forwards a packet to a global unicast address on its other link",
		Label("section:2.5.4", "fault:forward-no-decrement"), func() {
			start()
			By("Link0's TN1 sends an Echo Request from its global address to the global address of Link1's TN1")
			req := l0.TN1.EchoRequest(l1.TN1.Global)
			l0.Send(req)
			By("the router passes it to Link1's TN1 with the Hop Limit one less and nothing else changed")
			l1.Expect(packets.Forwarded(req, l1.NUTMAC, l1.TN1.MAC)).Within(suites.ReplyWait)
		})

	It("Part B: forwards a packet to an address whose routing prefix ends in zero-valued fields",
		Label("section:2.5.4", "fault:forward-no-decrement"), func() {
			// 2001:db8::/64 is 2001:0db8:0000:0000::/64: its last two
			// fields are zero, which "::" folds away when it is written.
			zeros := netip.MustParsePrefix("2001:db8::/64")
			By("the router has a route for 2001:db8::/64 via Link1's TR1")
			start(suites.Route(zeros, 1, suites.NewLinkPlan(1).TR1.LinkLocal))
			By("Link0's TN1 sends an Echo Request to 2001:db8::a1, inside that prefix")
			req := l0.TN1.EchoRequest(netip.MustParseAddr("2001:db8::a1"))
			l0.Send(req)
			By("the router passes it to TR1 unchanged but for the Hop Limit")
			l1.Expect(packets.Forwarded(req, l1.NUTMAC, l1.TR1.MAC)).Within(suites.ReplyWait)
		})

	It("Part C: does not forward a packet whose source is the unspecified address",
		Label("section:2.5.2", "fault:forward-unspecified-source"), func() {
			start()
			By("Link0's TN1 sends an Echo Request from :: to the global address of Link1's TN1")
			req := l0.TN1.EchoRequest(l1.TN1.Global)
			req.Src = packets.Unspecified
			l0.Send(req)
			By("nothing reaches Link1, and no error comes back: there is no one to send it to (RFC 4443 §2.4 (e.6))")
			l1.ExpectNo(packets.AnyTo(l1.TN1.Global)).Within(suites.ReplyWait)
			l0.ExpectNo(packets.ICMPErrorAbout(req)).Within(0)
		})

	It("Part D: drops a packet to the loopback address that arrives on a link, neither forwarding nor answering it",
		Label("section:2.5.3", "fault:accept-loopback-on-wire"), func() {
			start()
			By("Link0's TN1 sends an Echo Request from its global address to ::1, in a frame to the router")
			req := l0.TN1.EchoRequest(packets.Loopback)
			req.Src = l0.TN1.Global
			req.EthDst = l0.NUTMAC
			l0.Send(req)
			By("nothing to ::1 leaves on Link1, and the router neither answers nor reports it")
			l1.ExpectNo(packets.AnyTo(packets.Loopback)).Within(suites.ReplyWait)
			l0.ExpectNo(packets.AnyReplyTo(req)).Within(0)
		})

	It("Part E: does not forward a packet whose source is a link-local address to its other link",
		Label("section:2.5.6", "fault:forward-link-local-source"), func() {
			start()
			By("Link0's TN1 sends an Echo Request from its link-local address to the global address of Link1's TN1")
			req := l0.TN1.EchoRequest(l1.TN1.Global)
			req.Src = l0.TN1.LinkLocal
			l0.Send(req)
			By("nothing reaches Link1 (the Destination Unreachable code 2 the router should send is judged by v6LC.5.1.3 Part E)")
			l1.ExpectNo(packets.AnyTo(l1.TN1.Global)).Within(suites.ReplyWait)
		})

	// RFC 3879 §4 deprecated site-local addresses: their special behaviour
	// must no longer be supported, and RFC 4291 §2.5.7 says new
	// implementations treat fec0::/10 as global unicast. The classic test
	// forwarded the packet as one inside a site; a router today forwards it
	// because its routes say so, and must not treat it as scoped (neither
	// drop it at a "site border" nor answer Destination Unreachable code 2).
	// The same section asks (SHOULD) that routers be configured by default
	// not to route fec0::/10: a router that refuses the packet as
	// administratively prohibited (code 1) follows that configuration,
	// and no verdict on the MUST can be drawn from it (N/A, with the
	// reason: lift the filter to judge it).
	It("Part G: forwards a packet to a (deprecated) site-local address like any global unicast address",
		Label("rfc:3879", "section:4", "fault:forward-no-decrement"), func() {
			siteLocal := netip.MustParsePrefix("fec0:0:0:2::/64")
			By("the router has a route for fec0:0:0:2::/64 via Link1's TR1")
			start(suites.Route(siteLocal, 1, suites.NewLinkPlan(1).TR1.LinkLocal))
			By("Link0's TN1 sends an Echo Request from its global address to fec0:0:0:2::a1")
			req := l0.TN1.EchoRequest(netip.MustParseAddr("fec0:0:0:2::a1"))
			l0.Send(req)
			if len(l0.Collect(packets.DestUnreachable(1).Quoting(req)).Within(suites.ReplyWait)) > 0 {
				Skip("the router refused the packet as administratively prohibited: it filters fec0::/10 by configuration, as RFC 3879 §4 asks routers to by default; lift that filter to judge the forwarding")
			}
			By("the router passes it to TR1 unchanged but for the Hop Limit")
			l1.Expect(packets.Forwarded(req, l1.NUTMAC, l1.TR1.MAC)).Within(suites.ReplyWait)
		})

	// No tester node on Link1 reports a listener (MLD, RFC 3810), so no
	// router, whether it routes multicast or not, has a reason to send a
	// multicast packet there; a link-local-scope group never leaves its link
	// (RFC 4291 §2.7; RFC 4007 §9), and scope F is handled as scope E
	// (global) by RFC 4291 §2.7.
	DescribeTable("does not pass a multicast packet on to a link where nobody listens to its group",
		Label("section:2.7", "fault:forward-multicast"),
		func(group string, from echoSource) {
			start()
			dst := netip.MustParseAddr(group)
			By("Link0's TN1 sends an Echo Request to " + group)
			req := l0.TN1.EchoRequest(dst)
			if from == fromGlobal {
				req.Src = l0.TN1.Global
			}
			l0.Send(req)
			By("nothing reaches Link1")
			l1.ExpectNo(packets.Forwarded(req, l1.NUTMAC, packets.MulticastMAC(dst))).Within(suites.ReplyWait)
		},
		Entry("Part H: a global-scope group", "ff1e::db8:1", fromGlobal),
		Entry("Part I: a link-local-scope group, all-nodes, which the router itself belongs to", "ff02::1", fromLinkLocal),
		Entry("Part K: a group of the reserved scope F, handled as a global one", "ff1f::db8:1", fromGlobal),
	)

	It("Part J: silently drops a packet to a multicast group of the reserved scope 0",
		Label("section:2.7", "fault:forward-multicast"), func() {
			start()
			dst := netip.MustParseAddr("ff10::db8:1")
			By("Link0's TN1 sends an Echo Request from its global address to ff10::db8:1")
			req := l0.TN1.EchoRequest(dst)
			req.Src = l0.TN1.Global
			l0.Send(req)
			By("nothing reaches Link1, and nothing comes back: neither a reply nor an error")
			l1.ExpectNo(packets.Forwarded(req, l1.NUTMAC, packets.MulticastMAC(dst))).Within(suites.ReplyWait)
			l0.ExpectNo(packets.AnyReplyTo(req)).Within(0)
		})
})
