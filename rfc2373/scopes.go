package rfc2373

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Multicast scopes at the destination (RFC 4291 §2.7, scopes as RFC 7346
// lists them): which groups of which scope a node takes from a link. A
// router's forwarding of multicast (it passes none where nobody listens,
// link-local scope never) is judged by v6LC.1.1.10 in rfc2460.
var _ = Describe("Multicast scopes at the destination", Label("rfc:4291", "section:2.7", "role:any"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(multicastEcho).Link0 })

	// RFC 4291 §2.7: scope 0 is reserved; a packet to such a group must
	// be dropped without a word. ff00::1 rides in the same Ethernet group
	// as all-nodes (33:33:00:00:00:01), so every node's filter lets it in.
	It("silently drops an Echo Request to a group of the reserved scope 0 (ff00::1)",
		Label("level:must", "fault:accept-scope-zero"), func() {
			By("TN1 sends an Echo Request to ff00::1")
			expectNotTaken(l, l.TN1.EchoRequest(netip.MustParseAddr("ff00::1")), "the node neither answers nor reports it")
		})

	// RFC 4291 §2.7: interface-local scope spans one interface of one node
	// and serves only loopback delivery, so no link can carry it; the RFC
	// words it as a fact rather than with a MUST, hence a SHOULD here.
	It("does not take a packet to the interface-local all-nodes group ff01::1 that arrives from a link",
		Label("level:should", "fault:accept-interface-local"), func() {
			By("TN1 sends an Echo Request to ff01::1")
			expectNotTaken(l, l.TN1.EchoRequest(netip.MustParseAddr("ff01::1")),
				"the node does not answer: only the node itself can send to its interface-local groups")
		})

	// RFC 4291 §2.7.1 defines all-nodes at interface-local and link-local
	// scope only; the same group ID at a wider scope is another group,
	// which the node has not joined.
	DescribeTable("does not take group ID 1 at a wider scope for all-nodes",
		Label("level:must", "fault:all-nodes-any-scope"),
		func(group string) {
			By("TN1 sends an Echo Request from its global address to " + group)
			req := l.TN1.EchoRequest(netip.MustParseAddr(group))
			req.Src = l.TN1.Global
			expectNotTaken(l, req, "the node does not answer")
		},
		Entry("realm-local scope 3 (RFC 7346)", Label("rfc:7346"), "ff03::1"),
		Entry("site-local scope 5", "ff05::1"),
		Entry("global scope E", "ff0e::1"),
	)
})

// expectNotTaken sends req, a packet the node must not take for its own,
// and judges (the step named judged) that the node sends nothing about
// it, neither an answer nor an error.
func expectNotTaken(l *suites.Link, req *packets.Packet, judged string) {
	GinkgoHelper()
	l.Send(req)
	By(judged)
	l.ExpectNo(packets.AnyReplyTo(req)).Within(suites.ReplyWait)
}

// Required memberships (RFC 4291 §2.8): beside all-nodes and the
// solicited-node groups (addresses.go, and
// v6LC.2.1.14 in rfc2461 for the solicited-node group of the
// subnet-router anycast address), a router joins the all-routers groups
// and a host does not.
// echoSource is which of TN1's addresses its Echo Request comes from.
type echoSource int

const (
	fromLinkLocal echoSource = iota
	fromGlobal
)

var _ = Describe("All-routers membership", Label("rfc:4291", "section:2.8", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(multicastEcho).Link0 })

	DescribeTable("a router answers an Echo Request to an all-routers group, from a unicast address of its interface",
		Label("role:router", "fault:no-all-routers"),
		func(group string, from echoSource) {
			dst := netip.MustParseAddr(group)
			By("TN1 sends an Echo Request to " + group)
			req := l.TN1.EchoRequest(dst)
			if from == fromGlobal {
				req.Src = l.TN1.Global
			}
			l.Send(req)
			By("the router answers (RFC 4443 §4.2: from one of its unicast addresses on the link)")
			l.Expect(packets.EchoReplyTo(req).From(l.NUTLinkLocal, l.NUTGlobal)).Within(suites.ReplyWait)
		},
		Entry("link-local all-routers ff02::2", "ff02::2", fromLinkLocal),
		Entry("site-local all-routers ff05::2", "ff05::2", fromGlobal),
	)

	It("a host does not take a packet to the all-routers group ff02::2",
		Label("role:host", "fault:host-all-routers"), func() {
			By("TN1 sends an Echo Request to ff02::2")
			expectNotTaken(l, l.TN1.EchoRequest(netip.MustParseAddr("ff02::2")), "the host, not a member, does not answer")
		})
})

// The subnet-router anycast address (RFC 4291 §2.6.1) is the link's prefix
// with a zero interface identifier; every router answers for it. An
// answer to an Echo Request sent to it comes from a unicast address of the
// interface (RFC 4443 §4.2), so that the requester learns which router
// answered.
var _ = Describe("Subnet-router anycast", Label("rfc:4291", "section:2.6.1", "rfc:4443", "role:router", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	// echoToAnycast has TN1 send an Echo Request from its global address
	// to the subnet-router anycast address.
	echoToAnycast := func() *packets.Packet {
		a := l.Prefix.Masked().Addr()
		By("TN1 sends an Echo Request from its global address to " + a.String())
		req := l.TN1.EchoRequest(a)
		l.Send(req)
		return req
	}

	It("answers an Echo Request to its subnet-router anycast address",
		Label("fault:no-subnet-router-anycast"), func() {
			req := echoToAnycast()
			By("the router answers")
			l.Expect(packets.EchoReplyVia(req, l.TN1.MAC, "TN1")).Within(suites.ReplyWait + suites.Slack)
		})

	It("answers it from a unicast address of the interface, not from the anycast address",
		Label("fault:anycast-echo-from-anycast"), func() {
			req := echoToAnycast()
			By("the answer's source is the router's global or link-local address on Link0")
			l.Expect(packets.EchoReplyVia(req, l.TN1.MAC, "TN1").From(l.NUTGlobal, l.NUTLinkLocal)).Within(suites.ReplyWait + suites.Slack)
		})
})
