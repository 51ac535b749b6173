package rfc2461

import (
	"net"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// A host's choice among its default routers (RFC 4861 §6.3.6): routers
// known or probably reachable come first, so a router that stops answering
// unreachability probes (§7.3.3) is left for another.
var _ = Describe("Default router switch", Label("rfc:4861", "section:6.3.6", "ipv6ready:v6LC.2.2.11", "role:host", "level:should", "fault:router-reachability-ignored"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	It("leaves a default router that has become unreachable for another one", func() {
		l.TR1.AnswersNS = false
		By("TR1 advertises itself as default router, with its link-layer address")
		l.Send(l.TR1.RA(defaultRouter))
		replyThrough(l, l.TR1)
		By("TR2 advertises itself as default router too")
		l.Send(l.TR2.RA(defaultRouter))
		By("TR1 answers none of the node's unreachability probes: DELAY_FIRST_PROBE_TIME and MAX_UNICAST_SOLICIT probes later the node gives TR1 up")
		l.Env().Wait(suites.DelayFirstProbeTime + (suites.MaxUnicastSolicit+1)*suites.RetransTimer + suites.Slack)
		replyThrough(l, l.TR2)
	})
})

// RFC 4861 §6.3.4: a host keeps at least two routers on its Default Router
// List (MUST). Which one it prefers is §6.3.6's SHOULD, judged above; this
// spec needs no preference: the first router leaves the list (Router
// Lifetime 0), and only a second one kept shows the way off the link.
var _ = Describe("Default Router List, two routers", Label("rfc:4861", "section:6.3.4", "role:host", "level:must", "fault:drl-one-router"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	It("keeps a second default router: sends through it once the first withdraws", func() {
		By("TR1, then TR2, advertise themselves as default routers")
		l.Send(l.TR1.RA(defaultRouter))
		l.Send(l.TR2.RA(defaultRouter))
		By("TR1 withdraws: an advertisement with Router Lifetime 0")
		l.Send(l.TR1.RA(packets.RAParams{}))
		replyThrough(l, l.TR2)
	})
})

// The IsRouter flag (RFC 4861 §6.3.4, §7.2.5): a Router Advertisement sets
// it on the sender's entry, whatever link-layer address it brings. It is
// seen through its one effect on the wire: an advertisement with R=0 then
// takes the router off the Default Router List, so the node can no longer
// reach an off-link node. TR1 first gets an entry as a plain neighbor (it
// answers the node's solicitation with R=0).
var _ = Describe("Router Advertisement processing, IsRouter flag", Label("rfc:4861", "section:6.3.4", "ipv6ready:v6LC.2.2.17", "role:host", "level:must", "fault:ra-is-router-not-set"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	DescribeTable("sets IsRouter from an advertisement: a later advertisement with R=0 removes the default router",
		func(slla int) {
			l.TR1.AnswersAsRouter = false
			By("TR1 sends an Echo Request; the node resolves TR1, which answers with R=0: an entry with IsRouter FALSE")
			req := l.TR1.EchoRequest(l.NUTLinkLocal)
			l.Send(req)
			l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait + suites.RetransTimer)
			p := defaultRouter
			via, what := l.TR1.MAC, "without a source link-layer option"
			switch slla {
			case sllaSame:
				p.Options, what = []packets.Option{packets.SLLA(l.TR1.MAC)}, "with its link-layer address"
			case sllaOther:
				via = l.TR1.OtherMAC()
				p.Options, what = []packets.Option{packets.SLLA(via)}, "with a new link-layer address "+via.String()
			}
			By("TR1 advertises itself as default router " + what)
			l.Send(packets.RA(l.TR1.MAC, packets.MulticastMAC(packets.AllNodes), l.TR1.LinkLocal, packets.AllNodes, p))
			replyVia(l, via)
			By("TR1 sends an unsolicited advertisement with R=0: it is no longer a router")
			l.Send(l.TR1.NAWith(packets.AllNodes, l.TR1.LinkLocal, 0, nil))
			noRouterReply(l)
		},
		Entry("Part A: without a source link-layer option", sllaNone),
		Entry("Part B: with the link-layer address already cached", sllaSame),
		Entry("Part C: with a new link-layer address", sllaOther),
	)
})

// replyVia checks that the node answers an Echo Request from OffLink
// through TR1 at the link-layer address mac.
func replyVia(l *suites.Link, mac net.HardwareAddr) {
	GinkgoHelper()
	By("an Echo Request from " + suites.OffLink.String() + " arrives through TR1; the node answers it through TR1, at " + mac.String())
	req := l.EchoFromOffLink(l.TR1)
	l.Send(req)
	l.Expect(packets.EchoReplyVia(req, mac, "TR1")).Within(suites.ReplyWait)
}
