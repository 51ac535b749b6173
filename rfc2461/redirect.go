package rfc2461

import (
	"net/netip"
	"slices"

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

// redirectOptions are the options TR1's Redirect carries (v6LC.2.3.1 and
// 2.3.4 Parts A to D): the target link-layer address, the Redirected
// Header.
type redirectOptions struct {
	tlla, redirectedHeader bool
}

// Sending to the target directly is all a tester sees of treating it as
// on-link (a MUST of §8.3), and it is the Destination Cache update that
// §8.3 words as a SHOULD: a node that does not take Redirects up at all
// is judged here at that level.
var _ = Describe("Redirected on-link, valid", Label("rfc:4861", "section:8.3", "ipv6ready:v6LC.2.3.1", "role:host", "level:should", "fault:redirect-ignored"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	DescribeTable("sends to a destination redirected on-link directly",
		func(c redirectOptions) {
			reply := redirectedFromTR1(l)
			By("TR1 redirects " + suites.OffLink.String() + " to itself: it is on the link")
			var opts []packets.Option
			if c.tlla {
				opts = append(opts, packets.TLLA(l.TN1.MAC))
			}
			if c.redirectedHeader {
				opts = append(opts, quote(reply))
			}
			l.Send(redirect(l, suites.OffLink, opts...))
			By("another Echo Request from " + suites.OffLink.String() + "; the node answers it on the link, to TN1 who holds that address")
			req := l.EchoFromOffLink(l.TR1)
			l.Send(req)
			if !c.tlla {
				ns := l.Expect(packets.NSFor(suites.OffLink)).Within(suites.ReplyWait)
				l.Send(packets.NA(l.TN1.MAC, ns.EthSrc, suites.OffLink, ns.Src, suites.OffLink,
					packets.FlagSolicited|packets.FlagOverride, packets.TLLA(l.TN1.MAC)))
			}
			l.Expect(packets.EchoReplyVia(req, l.TN1.MAC, "TN1")).Within(suites.ReplyWait)
		},
		Entry("Part A: without target link-layer option, without Redirected Header", redirectOptions{}),
		Entry("Part B: without target link-layer option, with Redirected Header", redirectOptions{redirectedHeader: true}),
		Entry("Part C: with target link-layer option, without Redirected Header", redirectOptions{tlla: true}),
		Entry("Part D: with target link-layer option, with Redirected Header", redirectOptions{tlla: true, redirectedHeader: true}),
	)
})

var _ = Describe("Redirected to an alternate router, valid", Label("rfc:4861", "section:8.3", "ipv6ready:v6LC.2.3.4", "role:host", "level:should", "fault:redirect-ignored"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	DescribeTable("sends to the better router a Redirect names",
		func(c redirectOptions) {
			reply := redirectedFromTR1(l)
			By("TR1 redirects " + suites.OffLink.String() + " to TR2")
			var opts []packets.Option
			if c.tlla {
				opts = append(opts, packets.TLLA(l.TR2.MAC))
			}
			if c.redirectedHeader {
				opts = append(opts, quote(reply))
			}
			l.Send(redirect(l, l.TR2.LinkLocal, opts...))
			replyThrough(l, l.TR2)
		},
		Entry("Part A: without target link-layer option, without Redirected Header", redirectOptions{}),
		Entry("Part B: without target link-layer option, with Redirected Header", redirectOptions{redirectedHeader: true}),
		Entry("Part C: with target link-layer option, without Redirected Header", redirectOptions{tlla: true}),
		Entry("Part D: with target link-layer option, with Redirected Header", redirectOptions{tlla: true, redirectedHeader: true}),
	)
})

// badRedirect is one part of the invalid-Redirect tables (v6LC.2.3.3,
// 2.3.6 and 2.3.15): a Redirect that fails one of §8.1's validity checks,
// the fault that skips that check, and how spoil makes a valid Redirect
// fail it.
type badRedirect struct {
	part, title, fault string
	spoil              func(l *suites.Link, r *packets.Packet)
}

var badRedirects = []badRedirect{
	{"Part A", "from a global address", "redirect-any-source", func(l *suites.Link, r *packets.Packet) { r.Src = l.TR1.Global }},
	{"Part B", "from a router that is not the first hop (TR2)", "redirect-any-source", func(l *suites.Link, r *packets.Packet) {
		r.Src, r.EthSrc = l.TR2.LinkLocal, l.TR2.MAC
	}},
	{"Part C", "Hop Limit 254", "redirect-any-hoplimit", func(l *suites.Link, r *packets.Packet) { r.HopLimit = 254 }},
	{"Part D", "ICMP code 1", "redirect-any-code", func(l *suites.Link, r *packets.Packet) { r.ICMP.Code = 1 }},
	{"Part E", "a wrong checksum", "icmp-no-checksum", func(l *suites.Link, r *packets.Packet) { r.ICMP.BadChecksum = true }},
	{"Part F", "a multicast Destination Address", "redirect-multicast-destination-accepted", func(l *suites.Link, r *packets.Packet) {
		r.ICMP.SetDestination(packets.AllNodes)
	}},
	{"Part G", "a multicast target", "redirect-any-target", func(l *suites.Link, r *packets.Packet) {
		r.ICMP.SetTarget(packets.AllNodes)
	}},
	{"Part G", "a global target that is neither link-local nor the destination (TR2's global address)", "redirect-target-multicast-only", func(l *suites.Link, r *packets.Packet) {
		r.ICMP.SetTarget(l.TR2.Global)
	}},
	{"Part H", "32 octets long, shorter than 40 (the rest left in the frame)", "redirect-short-accepted", func(l *suites.Link, r *packets.Packet) {
		r.TruncateLeavingPadding(32)
	}},
	{"Part H", "39 octets long, one short of 40 (the last octet left in the frame)", "redirect-length-off-by-one", func(l *suites.Link, r *packets.Packet) {
		r.TruncateLeavingPadding(39)
	}},
	// The Redirect's own target link-layer option (the first, 36 octets
	// in) with Length 0, and no option after it.
	{"Part I", "an option of length 0", "nd-zero-length-option", func(l *suites.Link, r *packets.Packet) {
		r.ICMP.SetOptions(r.ICMP.Options()[0].WithLength(0))
	}},
}

// badRedirectTable is a DescribeTable of the parts, less those in skip,
// each labelled with its fault; check sends the Redirect spoil spoils and
// judges.
func badRedirectTable(title string, check func(spoil func(l *suites.Link, r *packets.Packet)), skip ...string) {
	args := []any{check}
	for _, p := range badRedirects {
		if !slices.Contains(skip, p.part) {
			args = append(args, Entry(p.part+": "+p.title, Label("fault:"+p.fault), p.spoil))
		}
	}
	DescribeTable(title, args...)
}

// invalidRedirect is the table of v6LC.2.3.3 and 2.3.6, for a Redirect
// on-link (target = destination) or to TR2. It has no Part F: a Redirect
// about a multicast destination leaves the route to OffLink as it is
// whether taken or not; only v6LC.2.3.15 sees it, in the target's entry.
func invalidRedirect(target func(l *suites.Link) netip.Addr) {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	badRedirectTable("ignores an invalid Redirect and goes on sending through TR1",
		func(spoil func(l *suites.Link, r *packets.Packet)) {
			reply := redirectedFromTR1(l)
			By("TR1 sends an invalid Redirect for " + suites.OffLink.String())
			r := redirect(l, target(l), packets.TLLA(l.TN1.MAC), quote(reply))
			spoil(l, r)
			l.Send(r)
			replyThrough(l, l.TR1)
		}, "Part F")
}

var _ = Describe("Redirected on-link, invalid", Label("rfc:4861", "section:8.1", "ipv6ready:v6LC.2.3.3", "role:host", "level:must"), func() {
	invalidRedirect(func(l *suites.Link) netip.Addr { return suites.OffLink })
})

var _ = Describe("Redirected to an alternate router, invalid", Label("rfc:4861", "section:8.1", "ipv6ready:v6LC.2.3.6", "role:host", "level:must"), func() {
	invalidRedirect(func(l *suites.Link) netip.Addr { return l.TR2.LinkLocal })
})
