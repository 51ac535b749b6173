package rfc2373

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// multicastEcho makes a spec N/A on a node that does not declare that it
// answers Echo Requests sent to its multicast groups.
var multicastEcho = suites.NeedsCapability(suites.CapMulticastEcho)

var _ = Describe("Interface identifiers", Label("rfc:4291", "section:2.5.1", "role:any", "level:must"), func() {
	It("forms its link-local address from the MAC as a modified EUI-64 identifier (universal/local bit inverted, ff:fe inserted)",
		Label("fault:ll-no-ul-flip"), func() {
			l := suites.Start(suites.AtBoot()).Link0
			want := packets.LinkLocal(l.NUTMAC)

			By("the node comes up; its Duplicate Address Detection probe names the address it is about to use")
			l.Expect(packets.NSFor(want).From(packets.Unspecified)).Within(suites.MaxRtrSolicitationDelay + suites.RetransTimer + suites.Slack)
		})
})

// The memberships show in the node's answers to Echo Requests sent to the
// groups, which RFC 4443 §4.2 asks for with a SHOULD: on a node that does
// not declare multicast-echo these specs, and those of scopes.go, cannot
// see a membership either way and are N/A.
var _ = Describe("Required multicast memberships", Label("rfc:4291", "section:2.8", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(multicastEcho).Link0 })

	It("answers an Echo Request sent to the all-nodes group ff02::1, from its link-local address",
		Label("fault:no-all-nodes"), func() {
			By("TN1 sends an Echo Request to ff02::1")
			req := l.TN1.EchoRequest(packets.AllNodes)
			l.Send(req)

			By("the node answers from its link-local address")
			l.Expect(packets.EchoReplyTo(req).From(l.NUTLinkLocal)).Within(suites.ReplyWait)
		})

	It("does not accept a packet sent to a multicast group it has not joined",
		Label("fault:accept-any-multicast"), func() {
			By("TN1 sends an Echo Request to a solicited-node group that belongs to none of the node's addresses")
			other := packets.SolicitedNode(netip.MustParseAddr("2001:db8:1::99:9999"))
			req := l.TN1.EchoRequest(other)
			l.Send(req)

			By("the node does not answer")
			l.ExpectNo(packets.AnyReplyTo(req)).Within(suites.ReplyWait)
		})
})

var _ = Describe("Addresses that must never arrive from a link", Label("rfc:4291", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("discards a packet whose source is a multicast address",
		Label("section:2.7", "fault:accept-multicast-source"), func() {
			By("TN1 sends an Echo Request to the node's link-local address from ff02::1")
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			req.Src = packets.AllNodes
			l.Send(req)

			By("the node neither answers nor reports it")
			l.ExpectNo(packets.AnyReplyTo(req)).Within(suites.ReplyWait)
		})

	It("discards a packet addressed to the loopback address ::1 that arrives on a link",
		Label("section:2.5.3", "fault:accept-loopback-on-wire"), func() {
			By("TN1 sends an Echo Request to ::1, in a frame addressed to the node's MAC")
			req := l.TN1.EchoRequest(packets.Loopback)
			req.EthDst = l.NUTMAC
			l.Send(req)

			By("the node neither answers nor reports it")
			l.ExpectNo(packets.AnyReplyTo(req)).Within(suites.ReplyWait)
		})

	It("discards a packet whose source is the loopback address ::1 that arrives on a link",
		Label("section:2.5.3", "fault:accept-loopback-on-wire"), func() {
			By("TN1 sends an Echo Request to the node's link-local address from ::1")
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			req.Src = packets.Loopback
			l.Send(req)

			By("the node neither answers nor reports it, nor tries to resolve ::1 on the link")
			l.ExpectNo(packets.AnyReplyTo(req)).Within(suites.ReplyWait)
			l.ExpectNo(packets.NSFor(packets.Loopback)).Within(0)
		})
})
