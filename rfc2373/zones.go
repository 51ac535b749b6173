package rfc2373

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// sameLinkLocal is the link-local address of a tester node on each of the
// router's links: the same bits in two zones (RFC 4007 §6).
var sameLinkLocal = netip.MustParseAddr("fe80::a")

// Zones (RFC 4007 §6, §9), the v6ct paper's figure 2: a router between
// Link0 and Link1, and on each link a node with the link-local address
// fe80::a (each with its own MAC). A link-local address means something
// only inside its link, so the router must keep fe80::a%Link0 and
// fe80::a%Link1 apart: in its routes (a packet to a link-local address
// leaves by the link it belongs to) and in its neighbor cache (keyed by
// link and address).
var _ = Describe("One link-local address on two links", Label("rfc:4007", "section:6", "role:router", "level:must"), func() {
	var l0, l1 *suites.Link
	BeforeEach(func() {
		env := suites.Start(suites.Links(2))
		l0, l1 = env.Link0, env.Link1
		l0.TN1.LinkLocal, l1.TN1.LinkLocal = sameLinkLocal, sameLinkLocal
	})

	It("Part A: answers fe80::a on each link on that link, to that link's node, and nothing crosses over",
		Label("fault:ll-first-interface"), func() {
			By("Link0's TN1 (fe80::a) sends an Echo Request to the router's link-local address on Link0")
			req0 := l0.TN1.EchoRequest(l0.NUTLinkLocal)
			l0.Send(req0)
			By("the router answers on Link0, to Link0's TN1")
			l0.Expect(packets.EchoReplyTo(req0)).Within(suites.ReplyWait)
			l1.ExpectNo(packets.AnyTo(sameLinkLocal)).Within(0)

			By("Link1's TN1 (fe80::a too) sends an Echo Request to the router's link-local address on Link1")
			req1 := l1.TN1.EchoRequest(l1.NUTLinkLocal)
			l1.Send(req1)
			By("the router answers on Link1, to Link1's TN1, and sends nothing for fe80::a on Link0")
			l1.Expect(packets.EchoReplyTo(req1)).Within(suites.ReplyWait)
			l0.ExpectNo(packets.AnyTo(sameLinkLocal)).Within(0)
			l0.ExpectNo(packets.NSFor(sameLinkLocal)).Within(0)
		})

	It("Part B: keeps a neighbor cache entry for fe80::a on each link, each with its own link-layer address",
		Label("fault:neighbor-zone-blind"), func() {
			By("Link0's TN1 (fe80::a) solicits the router with its link-layer address: the router caches fe80::a on Link0")
			l0.Send(l0.TN1.NS(l0.NUTLinkLocal, l0.NUTLinkLocal))
			l0.Expect(packets.NAFor(l0.NUTLinkLocal).To(sameLinkLocal)).Within(suites.ReplyWait)

			By("Link1's TN1 (fe80::a) sends an Echo Request to the router's link-local address on Link1")
			req1 := l1.TN1.EchoRequest(l1.NUTLinkLocal)
			l1.Send(req1)
			By("the router resolves fe80::a on Link1 and answers to Link1's TN1, not to the MAC it knows from Link0")
			l1.Expect(packets.EchoReplyTo(req1)).Within(suites.ReplyWait + suites.RetransTimer)
			l1.ExpectNo(packets.EchoReplyThrough(req1, l0.TN1.MAC, "Link0's TN1")).Within(0)
		})

	// RFC 4007 §9: a packet's destination zone is the zone of the interface
	// it arrived on. Link0's link-local address in a packet from Link1 is
	// therefore fe80::...%Link1, which is not the router's: it neither
	// takes the packet as its own nor carries it to Link0.
	It("Part C: does not take a packet from Link1 to its Link0 link-local address for its own",
		Label("section:9", "fault:ll-any-zone"), func() {
			By("Link1's TN1 sends an Echo Request to the router's Link0 link-local address, in a frame to the router's Link1 MAC")
			req := l1.TN1.EchoRequest(l0.NUTLinkLocal)
			l1.Send(req)
			By("the router does not answer, and nothing reaches Link0")
			l1.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
			l0.ExpectNo(packets.Forwarded(req, l0.NUTMAC, l0.TN1.MAC)).Within(0)
			l0.ExpectNo(packets.AnyTo(sameLinkLocal)).Within(0)
		})
})
