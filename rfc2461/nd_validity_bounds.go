package rfc2461

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// The validity checks of RFC 4861 §6.1 and §7.1 hold for every message of
// the type, whatever its destination: a solicitation to the node's own
// address is checked as one to its solicited-node group. Each table sends
// an invalid message to one destination, then the same message valid, so
// that silence cannot pass for validation.

// nsDest picks where a solicitation for the node's link-local address goes.
type nsDest func(l *suites.Link) netip.Addr

var (
	toSolicitedNode nsDest = func(l *suites.Link) netip.Addr { return packets.SolicitedNode(l.NUTLinkLocal) }
	toNodeUnicast   nsDest = func(l *suites.Link) netip.Addr { return l.NUTLinkLocal }
)

var _ = Describe("Neighbor Solicitation validity, unicast and multicast", Label("rfc:4861", "section:7.1.1", "ipv6ready:v6LC.2.1.7", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	DescribeTable("silently discards an invalid solicitation whatever its destination, and answers the valid one",
		func(dest nsDest, change func(l *suites.Link, ns *packets.Packet)) {
			dst := dest(l)
			By("TN1 sends an invalid NS for the node's link-local address to " + dst.String())
			bad := l.TN1.NS(dst, l.NUTLinkLocal)
			change(l, bad)
			l.Send(bad)
			By("the node sends no advertisement for it")
			l.ExpectNo(packets.NAFor(l.NUTLinkLocal)).Within(suites.ReplyWait)

			By("TN1 sends the same solicitation valid, to the same destination, and the node answers it")
			l.Send(l.TN1.NS(dst, l.NUTLinkLocal))
			l.Expect(packets.NAFor(l.NUTLinkLocal).To(l.TN1.LinkLocal)).Within(suites.ReplyWait)
		},
		Entry("Part D: Hop Limit 254, to the node's unicast address", Label("fault:ns-hoplimit-multicast-only"), toNodeUnicast,
			func(l *suites.Link, ns *packets.Packet) { ns.HopLimit = 254 }),
	)
})
