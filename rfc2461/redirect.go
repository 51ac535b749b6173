package rfc2461

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Redirects received by a host (RFC 4861 §8.1, §8.3). TR1 is the node's
// default router; the node answers an Echo Request from OffLink through
// it; TR1 then redirects OffLink to a better first hop: TR2 (another
// router), or OffLink itself, which is in fact on the link (TN1 answers
// for it).

// redirectedFromTR1 makes TR1 the default router and returns the node's
// reply to OffLink through it, the packet a Redirect is about.
func redirectedFromTR1(l *suites.Link) *suites.Captured {
	GinkgoHelper()
	By("TR1 advertises itself as default router")
	l.Send(l.TR1.RA(defaultRouter))
	By("an Echo Request from " + suites.OffLink.String() + " arrives through TR1; the node answers through TR1")
	req := l.EchoFromOffLink(l.TR1)
	l.Send(req)
	return l.Expect(packets.EchoReplyVia(req, l.TR1.MAC, "TR1")).Within(suites.ReplyWait)
}

// redirect is TR1's Redirect to the node: OffLink is better reached
// through target.
func redirect(l *suites.Link, target netip.Addr, opts ...packets.Option) *packets.Packet {
	return packets.Redirect(l.TR1.MAC, l.NUTMAC, l.TR1.LinkLocal, l.NUTGlobal, target, suites.OffLink, opts...)
}

// quote is a Redirected Header option carrying the node's reply.
func quote(reply *suites.Captured) packets.Option {
	return packets.RedirectedHeader(reply.IPv6, packets.MinMTU-40-40-8-8)
}

var _ = Describe("Redirected on-link, valid", Label("rfc:4861", "section:8.3", "ipv6ready:v6LC.2.3.1", "role:host", "level:must", "fault:redirect-ignored"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	DescribeTable("sends to a destination redirected on-link directly",
		func(tlla, header bool) {
			reply := redirectedFromTR1(l)
			By("TR1 redirects " + suites.OffLink.String() + " to itself: it is on the link")
			var opts []packets.Option
			if tlla {
				opts = append(opts, packets.TLLA(l.TN1.MAC))
			}
			if header {
				opts = append(opts, quote(reply))
			}
			l.Send(redirect(l, suites.OffLink, opts...))
			By("another Echo Request from " + suites.OffLink.String() + "; the node answers it on the link, to TN1 who holds that address")
			req := l.EchoFromOffLink(l.TR1)
			l.Send(req)
			if !tlla {
				ns := l.Expect(packets.NSFor(suites.OffLink)).Within(suites.ReplyWait)
				l.Send(packets.NA(l.TN1.MAC, ns.EthSrc, suites.OffLink, ns.Src, suites.OffLink,
					packets.FlagSolicited|packets.FlagOverride, packets.TLLA(l.TN1.MAC)))
			}
			l.Expect(packets.EchoReplyVia(req, l.TN1.MAC, "TN1")).Within(suites.ReplyWait)
		},
		Entry("Part A: without target link-layer option, without Redirected Header", false, false),
		Entry("Part B: without target link-layer option, with Redirected Header", false, true),
		Entry("Part C: with target link-layer option, without Redirected Header", true, false),
		Entry("Part D: with target link-layer option, with Redirected Header", true, true),
	)
})

var _ = Describe("Redirected to an alternate router, valid", Label("rfc:4861", "section:8.3", "ipv6ready:v6LC.2.3.4", "role:host", "level:must", "fault:redirect-ignored"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	DescribeTable("sends to the better router a Redirect names",
		func(tlla, header bool) {
			reply := redirectedFromTR1(l)
			By("TR1 redirects " + suites.OffLink.String() + " to TR2")
			var opts []packets.Option
			if tlla {
				opts = append(opts, packets.TLLA(l.TR2.MAC))
			}
			if header {
				opts = append(opts, quote(reply))
			}
			l.Send(redirect(l, l.TR2.LinkLocal, opts...))
			replyThrough(l, l.TR2)
		},
		Entry("Part A: without target link-layer option, without Redirected Header", false, false),
		Entry("Part B: without target link-layer option, with Redirected Header", false, true),
		Entry("Part C: with target link-layer option, without Redirected Header", true, false),
		Entry("Part D: with target link-layer option, with Redirected Header", true, true),
	)
})

// invalidRedirect is the table of §8.1's validity checks, for a Redirect
// on-link (target = destination) or to TR2.
func invalidRedirect(target func(l *suites.Link) netip.Addr) {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	DescribeTable("ignores an invalid Redirect and goes on sending through TR1",
		func(change func(l *suites.Link, r *packets.Packet)) {
			reply := redirectedFromTR1(l)
			By("TR1 sends an invalid Redirect for " + suites.OffLink.String())
			r := redirect(l, target(l), packets.TLLA(l.TN1.MAC), quote(reply))
			change(l, r)
			l.Send(r)
			replyThrough(l, l.TR1)
		},
		Entry("Part A: from a global address", Label("fault:redirect-any-source"), func(l *suites.Link, r *packets.Packet) { r.Src = l.TR1.Global }),
		Entry("Part B: from a router that is not the first hop (TR2)", Label("fault:redirect-any-source"), func(l *suites.Link, r *packets.Packet) {
			r.Src, r.EthSrc = l.TR2.LinkLocal, l.TR2.MAC
		}),
		Entry("Part C: Hop Limit 254", Label("fault:redirect-any-hoplimit"), func(l *suites.Link, r *packets.Packet) { r.HopLimit = 254 }),
		Entry("Part D: ICMP code 1", Label("fault:redirect-any-code"), func(l *suites.Link, r *packets.Packet) { r.ICMP.Code = 1 }),
		Entry("Part E: a wrong checksum", Label("fault:icmp-no-checksum"), func(l *suites.Link, r *packets.Packet) { r.ICMP.BadChecksum = true }),
		Entry("Part G: a multicast target", Label("fault:redirect-any-target"), func(l *suites.Link, r *packets.Packet) {
			copy(r.ICMP.Body[4:20], packets.AllNodes.AsSlice())
		}),
		Entry("Part H: 32 octets long, shorter than 40 (the rest left in the frame)", Label("fault:redirect-short-accepted"), func(l *suites.Link, r *packets.Packet) {
			r.Trailer = append([]byte(nil), r.ICMP.Body[28:36]...)
			r.ICMP.Body = r.ICMP.Body[:28]
		}),
		Entry("Part I: an option of length 0", Label("fault:nd-zero-length-option"), func(l *suites.Link, r *packets.Packet) {
			zero := uint8(0)
			r.ICMP.Body = append(r.ICMP.Body[:36], packets.EncodeOptions(packets.Option{Type: packets.OptTargetLLA, Data: l.TN1.MAC, RawLength: &zero})...)
		}),
	)
}

var _ = Describe("Redirected on-link, invalid", Label("rfc:4861", "section:8.1", "ipv6ready:v6LC.2.3.3", "role:host", "level:must"), func() {
	invalidRedirect(func(l *suites.Link) netip.Addr { return suites.OffLink })
})

var _ = Describe("Redirected to an alternate router, invalid", Label("rfc:4861", "section:8.1", "ipv6ready:v6LC.2.3.6", "role:host", "level:must"), func() {
	invalidRedirect(func(l *suites.Link) netip.Addr { return l.TR2.LinkLocal })
})
