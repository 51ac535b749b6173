package rfc2461

import (
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// A host's processing of Redirects that are valid but unusual (RFC 4861
// §8.1, §8.3: suspicious targets, an option a Redirect may not carry, a
// second Redirect, no Destination Cache entry), with the set-up of
// redirect.go: TR1 is the default router, the node has answered
// OffLink through it, and TR1 redirects OffLink.

// actsOnRedirects makes a spec N/A on a host that acts on no Redirect
// (suites.CapRedirects): the specs that see a valid but unusual Redirect
// accepted only by the node's sending through the first hop it names judge
// a MUST of §8.1 and §4.6 only on a host that acts on Redirects at all,
// which §8.3 asks with a SHOULD that the plain Redirect specs judge.
var actsOnRedirects = suites.NeedsCapability(suites.CapRedirects)

// unknownOption is an option of a type no node knows, which a receiver
// skips (RFC 4861 §4.6).
var unknownOption = packets.Option{Type: 200, Data: make([]byte, 6)}

// suspicious is the table of v6LC.2.3.2 and 2.3.5: Redirects with
// something odd about them that §8.1 does not make invalid.
func suspicious(target func(l *suites.Link) (netip.Addr, *suites.Node)) {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(actsOnRedirects).Link0; l.ForgetRouters() })

	DescribeTable("accepts a Redirect with an unusual but allowed field",
		func(change func(l *suites.Link, r *packets.Packet)) {
			reply := redirectedFromTR1(l)
			to, via := target(l)
			By("TR1 redirects " + suites.OffLink.String() + " to " + via.Name + ", with " + via.Name + "'s link-layer address")
			r := redirect(l, to, packets.TLLA(via.MAC), quote(reply))
			change(l, r)
			l.Send(r)
			replyThrough(l, via)
		},
		Entry("Part A: an option of unknown type", func(l *suites.Link, r *packets.Packet) {
			r.ICMP.AppendOptions(unknownOption)
		}),
		Entry("Part B: the Reserved field not zero", func(l *suites.Link, r *packets.Packet) {
			r.ICMP.SetReserved(0xffffffff)
		}),
	)
}

var _ = Describe("Redirected on-link, suspicious", Label("rfc:4861", "section:8.1", "ipv6ready:v6LC.2.3.2", "role:host", "level:must", "fault:redirect-ignored"), func() {
	onLink := func(l *suites.Link) (netip.Addr, *suites.Node) { return suites.OffLink, l.TN1 }
	suspicious(onLink)

	// §8.1: a Redirect is not invalid because its target is covered by no
	// on-link prefix; OffLink is in none of the node's.
	It("Part C: accepts a Redirect whose target no on-link prefix covers", func() {
		l := suites.Start(actsOnRedirects).Link0
		l.ForgetRouters()
		reply := redirectedFromTR1(l)
		By("TR1 redirects " + suites.OffLink.String() + " to itself, with TN1's link-layer address")
		l.Send(redirect(l, suites.OffLink, packets.TLLA(l.TN1.MAC), quote(reply)))
		replyThrough(l, l.TN1)
	})
})

var _ = Describe("Redirected to an alternate router, suspicious", Label("rfc:4861", "section:8.1", "ipv6ready:v6LC.2.3.5", "role:host", "level:must", "fault:redirect-ignored"), func() {
	suspicious(func(l *suites.Link) (netip.Addr, *suites.Node) { return l.TR2.LinkLocal, l.TR2 })
})

var _ = Describe("Redirected twice", Label("rfc:4861", "section:8.3", "ipv6ready:v6LC.2.3.7", "role:host", "level:should", "fault:redirect-ignored"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	// After the first Redirect TR2 is the first hop for OffLink, so its own
	// Redirect passes §8.1's check of the source.
	It("follows a second Redirect sent by the router the first one named", func() {
		reply := redirectedFromTR1(l)
		By("TR1 redirects " + suites.OffLink.String() + " to TR2")
		l.Send(redirect(l, l.TR2.LinkLocal, packets.TLLA(l.TR2.MAC), quote(reply)))
		By("an Echo Request from " + suites.OffLink.String() + " arrives; the node answers through TR2")
		req := l.EchoFromOffLink(l.TR2)
		l.Send(req)
		reply = l.Expect(packets.EchoReplyVia(req, l.TR2.MAC, "TR2")).Within(suites.ReplyWait)
		By("TR2 redirects " + suites.OffLink.String() + " on-link, to TN1's link-layer address")
		l.Send(packets.Redirect(l.TR2.MAC, l.NUTMAC, l.TR2.LinkLocal, l.NUTGlobal, suites.OffLink, suites.OffLink, packets.TLLA(l.TN1.MAC), quote(reply)))
		By("the next Echo Request from " + suites.OffLink.String() + " is answered on the link, to TN1")
		req = l.EchoFromOffLink(l.TR2)
		l.Send(req)
		l.Expect(packets.EchoReplyVia(req, l.TN1.MAC, "TN1")).Within(suites.ReplyWait)
	})
})

var _ = Describe("Redirect with an option it may not carry", Label("rfc:4861", "section:8.1", "ipv6ready:v6LC.2.3.8", "role:host", "level:must", "fault:redirect-ignored"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(actsOnRedirects).Link0; l.ForgetRouters() })

	// A Redirect carries target link-layer and Redirected Header options
	// (§4.5); another option is ignored (§4.6, §8.1) and the Redirect
	// processed as if it were not there.
	prefix := netip.MustParsePrefix("2001:db8:99::/64")
	DescribeTable("accepts the Redirect and ignores the option",
		func(extra func(l *suites.Link) packets.Option, after func(l *suites.Link)) {
			reply := redirectedFromTR1(l)
			By("TR1 redirects " + suites.OffLink.String() + " on-link, to TN1's link-layer address, with an option a Redirect does not carry")
			l.Send(redirect(l, suites.OffLink, packets.TLLA(l.TN1.MAC), extra(l), quote(reply)))
			replyThrough(l, l.TN1)
			if after != nil {
				after(l)
			}
		},
		Entry("Part A: an MTU option", func(l *suites.Link) packets.Option { return packets.MTUOption(1280) }, nil),
		Entry("Part B: a Prefix Information option", func(l *suites.Link) packets.Option {
			return packets.PrefixInfo(prefix, packets.PIOOnLink|packets.PIOAutonomous, time.Hour, time.Hour)
		}, func(l *suites.Link) {
			By("the node forms no address from the prefix the Redirect carried")
			l.ExpectNo(packets.DADProbe(packets.WithInterfaceID(prefix.Addr(), l.NUTMAC))).Within(suites.MaxRtrSolicitationDelay + suites.Slack)
		}),
		Entry("Part C: a source link-layer option", func(l *suites.Link) packets.Option { return packets.SLLA(l.TR1.OtherMAC()) }, func(l *suites.Link) {
			By("TR1's entry keeps TR1's link-layer address: TR1 is still answered there")
			req := l.TR1.EchoRequest(l.NUTLinkLocal)
			l.Send(req)
			l.Expect(packets.EchoReplyToMAC(req, l.TR1.MAC)).Within(suites.ReplyWait)
		}),
	)
})

var _ = Describe("Redirect without a Destination Cache entry", Label("rfc:4861", "section:8.3", "ipv6ready:v6LC.2.3.9", "role:host", "level:should", "fault:redirect-ignored"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	// §8.3: the host creates the Destination Cache entry if it has none;
	// TR1, the only default router, is the first hop §8.1 checks against.
	It("accepts a Redirect for a destination it has not sent to yet", func() {
		By("TR1 advertises itself as default router")
		l.Send(l.TR1.RA(defaultRouter))
		By("TR1 redirects " + suites.OffLink.String() + ", to which the node has sent nothing, on-link to TN1's link-layer address")
		l.Send(redirect(l, suites.OffLink, packets.TLLA(l.TN1.MAC)))
		replyThrough(l, l.TN1)
	})
})
