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
			By("the node sends no advertisement for the solicited target")
			target := l.NUTLinkLocal
			if t := bad.NDTarget(); t.IsValid() { // a message cut short keeps the node's address in the frame
				target = t
			}
			l.ExpectNo(packets.NAFor(target)).Within(suites.ReplyWait)

			By("TN1 sends the same solicitation valid, to the same destination, and the node answers it")
			l.Send(l.TN1.NS(dst, l.NUTLinkLocal))
			l.Expect(packets.NAFor(l.NUTLinkLocal).To(l.TN1.LinkLocal)).Within(suites.ReplyWait)
		},
		Entry("Part D: Hop Limit 254, to the node's unicast address", Label("fault:ns-hoplimit-multicast-only"), toNodeUnicast,
			func(l *suites.Link, ns *packets.Packet) { ns.HopLimit = 254 }),
		Entry("Part F: ICMP code 1, to the node's unicast address", Label("fault:ns-code-multicast-only"), toNodeUnicast,
			func(l *suites.Link, ns *packets.Packet) { ns.ICMP.Code = 1 }),
		Entry("Part H: an option of length 0, to the node's unicast address", Label("fault:ns-zero-option-multicast-only"), toNodeUnicast,
			func(l *suites.Link, ns *packets.Packet) {
				ns.ICMP.SetOptions(packets.SLLA(l.TN1.MAC).WithLength(0))
			}),
		Entry("Part A: a multicast target (the node's solicited-node group), to the node's unicast address", Label("fault:ns-multicast-target"), toNodeUnicast,
			func(l *suites.Link, ns *packets.Packet) {
				ns.ICMP.SetTarget(packets.SolicitedNode(l.NUTLinkLocal))
			}),
		Entry("Part G: 23 octets, one short of 24, to the node's unicast address", Label("fault:ns-length-off-by-one"), toNodeUnicast,
			func(l *suites.Link, ns *packets.Packet) { ns.TruncateLeavingPadding(23) }),
		Entry("Part G: 23 octets, one short of 24, to the solicited-node group", Label("fault:ns-length-off-by-one"), toSolicitedNode,
			func(l *suites.Link, ns *packets.Packet) { ns.TruncateLeavingPadding(23) }),
	)
})

// A message one octet short (TruncateLeavingPadding) is cut with its
// options, Payload Length and checksum saying so, while the frame still
// carries the missing octet after the packet: a node that takes a message
// one octet short finds a whole fixed part there.

var _ = Describe("Neighbor Advertisement validity, one octet short", Label("rfc:4861", "section:7.1.2", "ipv6ready:v6LC.2.1.15", "role:any", "level:must", "fault:na-length-off-by-one"), func() {
	// As Part E: in PROBE, S=1 alone would make the entry REACHABLE.
	It("Part E: ignores an advertisement of 23 octets, one short of 24: an entry in PROBE goes on probing", func() {
		l := suites.Start().Link0
		makeProbe(l)
		By("TN1 answers with a solicited advertisement of 23 octets, the last octet of its target beyond the packet")
		na := l.TN1.NAWith(l.NUTLinkLocal, l.TN1.LinkLocal, flagS|flagO, nil)
		na.TruncateLeavingPadding(23)
		l.Send(na)
		expectProbing(l, l.TN1.MAC)
	})
})

var _ = Describe("Router ignores invalid Router Solicitations, unicast and one octet short", Label("rfc:4861", "section:6.1.1", "ipv6ready:v6LC.2.2.4", "role:router", "level:must"), func() {
	var l *suites.Link
	var adv suites.Advertising
	BeforeEach(func() { l = suites.Start(suites.RouterAdvertises()).Link0; adv = l.Advertise(solicitedInterval) })

	unicastRS := func(l *suites.Link) *packets.Packet {
		p := rs(l)
		p.Dst, p.EthDst = l.NUTLinkLocal, l.NUTMAC
		return p
	}
	multicastRS := rs

	DescribeTable("sends no advertisement in answer to an invalid solicitation, and answers the same one valid",
		func(build func(l *suites.Link) *packets.Packet, change func(l *suites.Link, p *packets.Packet)) {
			quietAfterRA(l, adv)
			bad := build(l)
			By("TN1 sends an invalid Router Solicitation to " + bad.Dst.String())
			change(l, bad)
			l.Send(bad)
			l.ExpectNo(packets.RAFrom(l.NUTLinkLocal, l.NUTMAC)).Within(solicitWait)
			By("TN1 sends it valid; the router answers it")
			l.Send(build(l))
			l.Expect(packets.RAFrom(l.NUTLinkLocal, l.NUTMAC)).Within(solicitWait)
		},
		Entry("Part A: Hop Limit 254, to the router's unicast address", Label("fault:rs-hoplimit-multicast-only"), unicastRS,
			func(l *suites.Link, p *packets.Packet) { p.HopLimit = 254 }),
		Entry("Part C: ICMP code 1, to the router's unicast address", Label("fault:rs-code-multicast-only"), unicastRS,
			func(l *suites.Link, p *packets.Packet) { p.ICMP.Code = 1 }),
		Entry("Part E: an option of length 0, to the router's unicast address", Label("fault:rs-zero-option-multicast-only"), unicastRS,
			func(l *suites.Link, p *packets.Packet) {
				p.ICMP.SetOptions(packets.SLLA(l.TN1.MAC).WithLength(0))
			}),
		Entry("Part F: from :: with a source link-layer option, to the router's unicast address", Label("fault:rs-unspecified-with-slla"), unicastRS,
			func(l *suites.Link, p *packets.Packet) { p.Src = packets.Unspecified }),
		Entry("Part D: 7 octets, one short of 8, to all-routers", Label("fault:rs-length-off-by-one"), multicastRS,
			func(l *suites.Link, p *packets.Packet) { p.TruncateLeavingPadding(7) }),
		Entry("Part D: 7 octets, one short of 8, to the router's unicast address", Label("fault:rs-length-off-by-one"), unicastRS,
			func(l *suites.Link, p *packets.Packet) { p.TruncateLeavingPadding(7) }),
	)
})

var _ = Describe("Router Advertisement validity, unicast and one octet short", Label("rfc:4861", "section:6.1.2", "ipv6ready:v6LC.2.2.12", "role:host", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	unicastRA := func(l *suites.Link) *packets.Packet {
		p := l.TR1.RA(defaultRouter)
		p.Dst, p.EthDst = l.NUTLinkLocal, l.NUTMAC
		return p
	}
	multicastRA := func(l *suites.Link) *packets.Packet { return l.TR1.RA(defaultRouter) }

	DescribeTable("does not take TR1 as default router from an invalid advertisement, and does from the same one valid",
		func(build func(l *suites.Link) *packets.Packet, change func(l *suites.Link, ra *packets.Packet)) {
			ra := build(l)
			By("TR1 sends an invalid Router Advertisement (Router Lifetime 30 min) to " + ra.Dst.String())
			change(l, ra)
			l.Send(ra)
			noRouterReply(l)
			By("TR1 sends it again, valid")
			l.Send(build(l))
			replyThrough(l, l.TR1)
		},
		Entry("Part B: Hop Limit 254, to the node's unicast address", Label("fault:ra-hoplimit-multicast-only"), unicastRA,
			func(l *suites.Link, ra *packets.Packet) { ra.HopLimit = 254 }),
		Entry("Part D: ICMP code 1, to the node's unicast address", Label("fault:ra-code-multicast-only"), unicastRA,
			func(l *suites.Link, ra *packets.Packet) { ra.ICMP.Code = 1 }),
		Entry("Part F: an option of length 0, to the node's unicast address", Label("fault:ra-zero-option-multicast-only"), unicastRA,
			func(l *suites.Link, ra *packets.Packet) {
				ra.ICMP.SetOptions(packets.SLLA(l.TR1.MAC).WithLength(0))
			}),
		Entry("Part E: 15 octets, one short of 16, to all-nodes", Label("fault:ra-length-off-by-one"), multicastRA,
			func(l *suites.Link, ra *packets.Packet) { ra.TruncateLeavingPadding(15) }),
		Entry("Part E: 15 octets, one short of 16, to the node's unicast address", Label("fault:ra-length-off-by-one"), unicastRA,
			func(l *suites.Link, ra *packets.Packet) { ra.TruncateLeavingPadding(15) }),
	)
})
