package rfc2461

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

var _ = Describe("Neighbor Solicitation processing, no NCE", Label("rfc:4861", "section:7.2.4", "ipv6ready:v6LC.2.1.8", "role:host"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("answers a multicast solicitation for its address with a solicited advertisement carrying its link-layer address",
		Label("level:must", "fault:na-no-tlla"), func() {
			By("TN1 sends an NS for the node's link-local address to its solicited-node group, with TN1's link-layer address")
			ns := l.TN1.NS(packets.SolicitedNode(l.NUTLinkLocal), l.NUTLinkLocal)
			l.Send(ns)

			By("the node answers TN1 directly: S=1, O=1, R=0 (a host), target link-layer option with its MAC")
			l.Expect(packets.NAFor(l.NUTLinkLocal).To(l.TN1.LinkLocal).From(l.NUTLinkLocal).
				NAFlags(packets.NAFlags{Solicited: true, Override: true}).WithLLA(packets.OptTargetLLA, l.NUTMAC)).Within(suites.ReplyWait)
		})

	It("answers a unicast solicitation for its global address with a solicited advertisement (S=1, R=0 for a host)",
		Label("level:must", "fault:na-no-solicited-flag"), func() {
			By("TN1 sends an NS for the node's global address to that address")
			l.Send(l.TN1.NS(l.NUTGlobal, l.NUTGlobal))

			By("the node answers TN1: S=1, R=0; for a unicast NS the target link-layer option may be left out")
			l.Expect(packets.NAFor(l.NUTGlobal).To(l.TN1.Global).From(l.NUTGlobal).RouterSolicitedFlags(packets.NAFlags{Solicited: true})).Within(suites.ReplyWait)
		})

	It("sets Override exactly when its advertisement carries its link-layer address",
		Label("level:should", "fault:na-no-tlla"), func() {
			By("TN1 sends an NS for the node's global address to that address")
			l.Send(l.TN1.NS(l.NUTGlobal, l.NUTGlobal))

			By("the node answers with O=1 and the target link-layer option, or O=0 without it")
			l.Expect(packets.NAFor(l.NUTGlobal).To(l.TN1.Global).OverrideMatchesTLLA()).Within(suites.ReplyWait)
		})
})

var _ = Describe("Invalid Neighbor Solicitation handling", Label("rfc:4861", "section:7.1.1", "ipv6ready:v6LC.2.1.7", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	// Each invalid NS is followed by a valid one: the node must ignore the
	// first and answer the second, so silence cannot pass for validation.
	DescribeTable("silently discards an invalid solicitation for its own address and still answers a valid one",
		func(change func(l *suites.Link, ns *packets.Packet)) {
			By("TN1 sends an invalid NS for the node's link-local address")
			bad := l.TN1.NS(packets.SolicitedNode(l.NUTLinkLocal), l.NUTLinkLocal)
			change(l, bad)
			l.Send(bad)

			By("the node sends no advertisement for the solicited target")
			l.ExpectNo(packets.NAFor(bad.NDTarget())).Within(suites.ReplyWait)

			By("TN1 sends the same solicitation, valid this time, and the node answers it")
			l.Send(l.TN1.NS(packets.SolicitedNode(l.NUTLinkLocal), l.NUTLinkLocal))
			l.Expect(packets.NAFor(l.NUTLinkLocal).To(l.TN1.LinkLocal)).Within(suites.ReplyWait)
		},
		Entry("Hop Limit 254 (it may have been forwarded)", Label("fault:ns-any-hoplimit"), func(l *suites.Link, ns *packets.Packet) {
			ns.HopLimit = 254
		}),
		Entry("a wrong ICMPv6 checksum", Label("fault:icmp-no-checksum"), func(l *suites.Link, ns *packets.Packet) {
			ns.ICMP.BadChecksum = true
		}),
		Entry("ICMP code 1", Label("fault:ns-any-code"), func(l *suites.Link, ns *packets.Packet) {
			ns.ICMP.Code = 1
		}),
		Entry("an option of length 0", Label("fault:nd-zero-length-option"), func(l *suites.Link, ns *packets.Packet) {
			ns.ICMP.SetOptions(packets.SLLA(l.TN1.MAC).WithLength(0))
		}),
		Entry("a multicast target address", Label("fault:ns-multicast-target"), func(l *suites.Link, ns *packets.Packet) {
			// The target is the node's solicited-node group, which it has joined.
			g := packets.SolicitedNode(l.NUTLinkLocal)
			ns.ICMP.SetTarget(g)
		}),
		Entry("the unspecified source with a source link-layer option", Label("fault:ns-unspecified-with-slla"), func(l *suites.Link, ns *packets.Packet) {
			ns.Src = packets.Unspecified
		}),
	)
})

var _ = Describe("Neighbor Solicitation origination, address resolution", Label("rfc:4861", "section:7.2.2", "ipv6ready:v6LC.2.1.5", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() {
		l = suites.Start().Link0
		l.TN1.AnswersNS = false
	})

	prompt := func(dst netip.Addr) *packets.Packet {
		req := l.TN1.EchoRequest(dst)
		l.Send(req)
		return req
	}

	It("resolves a link-local neighbor with a solicitation to its solicited-node group carrying the node's link-layer address",
		Label("fault:ns-no-slla"), func() {
			By("TN1 sends an Echo Request from its link-local address; the node must resolve TN1 to answer")
			prompt(l.NUTLinkLocal)

			By("the node solicits TN1: to ff02::1:ff.. of TN1's address, from its own link-local address, source link-layer option")
			g := packets.SolicitedNode(l.TN1.LinkLocal)
			l.Expect(packets.NSFor(l.TN1.LinkLocal).To(g).ToMAC(packets.MulticastMAC(g)).From(l.NUTLinkLocal).
				WithLLA(packets.OptSourceLLA, l.NUTMAC)).Within(suites.ReplyWait)
		})

	It("resolves a global neighbor through that neighbor's solicited-node group",
		Label("fault:ns-wrong-group"), func() {
			By("TN1 sends an Echo Request from its global address to the node's global address")
			prompt(l.NUTGlobal)

			By("the node solicits TN1's global address at its solicited-node group, from one of its own addresses")
			g := packets.SolicitedNode(l.TN1.Global)
			l.Expect(packets.NSFor(l.TN1.Global).To(g).ToMAC(packets.MulticastMAC(g)).From(l.NUTGlobal, l.NUTLinkLocal).
				WithLLA(packets.OptSourceLLA, l.NUTMAC)).Within(suites.ReplyWait)
		})

	It("sends at most MAX_MULTICAST_SOLICIT (3) solicitations, RetransTimer apart, when no answer comes",
		Label("fault:ns-extra-solicit"), func() {
			By("TN1 sends an Echo Request from its global address and never answers the node's solicitations")
			prompt(l.NUTGlobal)

			By("the node sends 3 solicitations for TN1, each at least RetransTimer after the one before")
			first := l.Expect(packets.NSFor(l.TN1.Global)).Within(suites.ReplyWait)
			last := first
			for i := 2; i <= suites.MaxMulticastSolicit; i++ {
				next := l.Expect(packets.NSFor(l.TN1.Global).After(last.At, suites.RetransTimer-suites.CaptureJitter)).Within(suites.RetransTimer + suites.Slack)
				last = next
			}

			By("and then no more")
			l.ExpectNo(packets.NSFor(l.TN1.Global)).Within(3 * suites.RetransTimer)
		})
})

var _ = Describe("Resolution wait queue", Label("rfc:4861", "section:7.2.2", "ipv6ready:v6LC.2.1.2", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() {
		l = suites.Start().Link0
		l.TN1.AnswersNS = false
	})

	It("keeps a packet waiting for address resolution and sends it once the neighbor answers",
		Label("fault:no-queue-while-incomplete"), func() {
			req, ns := resolveTN1(l)

			By("TN1 answers with a solicited NA carrying its link-layer address")
			l.Send(l.TN1.NA(ns.Src, l.TN1.Global, packets.FlagSolicited|packets.FlagOverride))

			By("the node sends the reply it kept waiting")
			l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})
})

var _ = Describe("Invalid Neighbor Advertisement handling", Label("rfc:4861", "section:7.1.2", "ipv6ready:v6LC.2.1.15", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() {
		l = suites.Start().Link0
		l.TN1.AnswersNS = false
	})

	It("ignores an advertisement with Hop Limit 254 while resolving, and keeps soliciting",
		Label("fault:na-any-hoplimit"), func() {
			req, ns := resolveTN1(l)

			By("TN1 answers with an NA whose Hop Limit is 254")
			na := l.TN1.NA(ns.Src, l.TN1.Global, packets.FlagSolicited|packets.FlagOverride)
			na.HopLimit = 254
			l.Send(na)

			By("the node does not send the waiting reply, and solicits TN1 again")
			l.Expect(packets.NSFor(l.TN1.Global)).Within(suites.RetransTimer + suites.Slack)
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})
})

// resolveTN1 leaves the node resolving TN1's global address: TN1 (which
// does not answer solicitations by itself) sends an Echo Request, and the
// node's first solicitation for TN1 is returned with the request.
func resolveTN1(l *suites.Link) (*packets.Packet, *suites.Captured) {
	GinkgoHelper()
	By("TN1 sends an Echo Request from its global address; the node solicits TN1")
	l.TN1.AnswersNS = false
	req := l.TN1.EchoRequest(l.NUTGlobal)
	l.Send(req)
	return req, l.Expect(packets.NSFor(l.TN1.Global)).Within(suites.ReplyWait)
}
