package rfc2461

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Router discovery and Redirect messages in fragments (RFC 6980 §5): a
// node silently discards every Neighbor Discovery message that comes with
// a Fragment header, an atomic fragment (offset 0, M=0) included. Classic
// difference: RFC 4861 had no such rule; the catalogue's later editions
// test RFC 6980.

// fragmentation is how a message is sent with a Fragment header.
type fragmentation int

const (
	atomicFragment fragmentation = iota // one fragment, offset 0 and M=0
	twoFragments                        // the first of 16 octets
)

// fragmented splits p as f says.
func fragmented(p *packets.Packet, f fragmentation) []*packets.Packet {
	if f == twoFragments {
		return p.Fragments(0x6e66, 16)
	}
	return p.Fragments(0x6e67)
}

// raInFragments is v6LC.2.2.26 and 2.2.27 Part A: TR1's advertisement in
// fragments must not make it a default router; the same advertisement
// whole then does.
func raInFragments(l *suites.Link, f fragmentation) {
	GinkgoHelper()
	By("TR1 sends a Router Advertisement (Router Lifetime 30 min) with a Fragment header")
	l.SendAll(fragmented(l.TR1.RA(defaultRouter), f))
	noRouterReply(l)
	By("TR1 sends the advertisement again, whole")
	l.Send(l.TR1.RA(defaultRouter))
	replyThrough(l, l.TR1)
}

// rsInFragments is Part B: a router must not answer TN1's solicitation in
// fragments, and answers it whole. The Linux router fails it: the kernel's
// own ND code drops fragmented messages, but radvd reads solicitations
// from a raw ICMPv6 socket after the kernel has reassembled them, cannot
// tell they came in fragments, and answers (RFC 6980 §5 makes no exception
// for a daemon).
func rsInFragments(l *suites.Link, f fragmentation) {
	GinkgoHelper()
	quietAfterRA(l, l.Advertise(solicitedInterval))
	By("TN1 sends a Router Solicitation with a Fragment header")
	l.SendAll(fragmented(rs(l), f))
	l.ExpectNo(packets.RAFrom(l.NUTLinkLocal, l.NUTMAC)).Within(solicitWait)
	By("TN1 sends it again, whole; the router answers it")
	l.Send(rs(l))
	l.Expect(packets.RAFrom(l.NUTLinkLocal, l.NUTMAC)).Within(solicitWait)
}

var _ = Describe("Atomic fragments in Router Solicitations and Advertisements", Label("rfc:6980", "rfc:4861", "section:5", "ipv6ready:v6LC.2.2.26", "classic:rfc2461", "level:must", "fault:nd-in-fragment-accepted"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.RouterAdvertises()).Link0 })

	It("Part A: ignores a Router Advertisement in an atomic fragment", Label("role:host"), func() {
		l.ForgetRouters()
		raInFragments(l, atomicFragment)
	})
	It("Part B: ignores a Router Solicitation in an atomic fragment", Label("role:router"), func() { rsInFragments(l, atomicFragment) })
})

var _ = Describe("Fragments in Router Solicitations and Advertisements", Label("rfc:6980", "rfc:4861", "section:5", "ipv6ready:v6LC.2.2.27", "classic:rfc2461", "level:must", "fault:nd-in-fragment-accepted"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.RouterAdvertises()).Link0 })

	It("Part A: ignores a Router Advertisement in two fragments", Label("role:host"), func() {
		l.ForgetRouters()
		raInFragments(l, twoFragments)
	})
	It("Part B: ignores a Router Solicitation in two fragments", Label("role:router"), func() { rsInFragments(l, twoFragments) })
})

// redirectInFragments: TR1's valid Redirect of OffLink to TN1, sent with a
// Fragment header, must leave TR1 the first hop.
func redirectInFragments(l *suites.Link, f fragmentation) {
	GinkgoHelper()
	reply := redirectedFromTR1(l)
	By("TR1 redirects " + suites.OffLink.String() + " on-link, in a packet with a Fragment header")
	l.SendAll(fragmented(redirect(l, suites.OffLink, packets.TLLA(l.TN1.MAC), quote(reply)), f))
	replyThrough(l, l.TR1)
}

var _ = Describe("Atomic fragments in Redirects", Label("rfc:6980", "rfc:4861", "section:5", "ipv6ready:v6LC.2.3.18", "classic:rfc2461", "role:host", "level:must", "fault:nd-in-fragment-accepted"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	It("ignores a Redirect in an atomic fragment", func() { redirectInFragments(l, atomicFragment) })
})

var _ = Describe("Fragment header in Redirects", Label("rfc:6980", "rfc:4861", "section:5", "ipv6ready:v6LC.2.3.19", "classic:rfc2461", "role:host", "level:must", "fault:nd-in-fragment-accepted"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	It("ignores a Redirect in two fragments", func() { redirectInFragments(l, twoFragments) })
})
