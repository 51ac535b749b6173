package rfc2462

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// dadWindow bounds the first probe: a random delay of up to
// MAX_RTR_SOLICITATION_DELAY (RFC 4862 §5.4.2), plus a real device's slack.
const dadWindow = suites.MaxRtrSolicitationDelay + suites.Slack

// dadDone is long enough for one probe and its RetransTimer wait.
const dadDone = suites.MaxRtrSolicitationDelay + suites.RetransTimer + suites.Slack

var _ = Describe("Duplicate Address Detection", Label("rfc:4862", "section:5.4", "ipv6ready:v6LC.3.1.1", "role:any", "level:must"), func() {
	// RFC 7527 (Enhanced DAD) updates RFC 4862 and lets the probe carry a
	// Nonce option; RFC 2462 knew no options here. The source link-layer
	// option stays forbidden with the unspecified source (RFC 4861 §7.1.1).
	It("probes its link-local address before using it: an NS from the unspecified address to the solicited-node group, without a source link-layer option",
		Label("section:5.4.2", "fault:no-dad"), func() {
			l := suites.Start(suites.AtBoot()).Link0
			g := packets.SolicitedNode(l.NUTLinkLocal)

			By("the node comes up and probes its tentative link-local address")
			l.Expect(packets.NSFor(l.NUTLinkLocal).From(packets.Unspecified).To(g).ToMAC(packets.MulticastMAC(g)).
				WithoutOption(packets.OptSourceLLA, "source link-layer address")).
				Within(dadWindow)
		})

	It("defends its address: another node's probe for it gets an advertisement to all-nodes",
		Label("section:5.4.3", "fault:dad-no-defend"), func() {
			l := suites.Start().Link0

			By("TN1 probes the node's link-local address as if it wanted it too")
			l.Send(l.TN1.DADNS(l.NUTLinkLocal))

			By("the node advertises the address to ff02::1: S=0, O=1, R=1 only if it is a router, its link-layer address")
			l.Expect(packets.NAFor(l.NUTLinkLocal).To(packets.AllNodes).From(l.NUTLinkLocal).
				NAFlags(packets.NAFlags{Router: suites.IsRouter(), Override: true}).WithLLA(packets.OptTargetLLA, l.NUTMAC)).Within(suites.ReplyWait)
		})
})

var _ = Describe("Duplicate Address Detection finds a duplicate", Label("rfc:4862", "section:5.4", "ipv6ready:v6LC.3.1.2", "role:any", "level:must", "fault:dad-ignore-conflict"), func() {
	var l *suites.Link
	// Once the node has given up its link-local address it may stop IP
	// on the interface (RFC 4862 §5.4.5): a device is reset after the spec
	// before the tester checks that it still answers.
	BeforeEach(func() { l = suites.Start(suites.AtBoot(), suites.GivesUpAddress()).Link0 })

	claim := func(answer func(probe *suites.Captured)) {
		By("the node probes its tentative link-local address")
		probe := l.Expect(packets.NSFor(l.NUTLinkLocal).From(packets.Unspecified)).Within(dadWindow)

		answer(probe)

		By("after the detection time TN1 sends an Echo Request to that address")
		l.Env().Wait(dadDone)
		req := l.TN1.EchoRequest(l.NUTLinkLocal)
		l.Send(req)

		By("the node does not answer: the address is not its own")
		l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
	}

	It("gives up a tentative address that another node advertises (section 5.4.4)", func() {
		claim(func(*suites.Captured) {
			By("TN1 advertises the same address to all-nodes, as its own")
			l.Send(l.TN1.NA(packets.AllNodes, l.NUTLinkLocal, packets.FlagOverride))
		})
	})

	It("gives up a tentative address that another node probes at the same time (section 5.4.3)", func() {
		claim(func(*suites.Captured) {
			By("TN1 probes the same address")
			l.Send(l.TN1.DADNS(l.NUTLinkLocal))
		})
	})
})
