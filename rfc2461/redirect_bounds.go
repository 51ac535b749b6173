package rfc2461

import (
	"bytes"
	"fmt"
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// sendForRedirect sends req, and once more when no Redirect that about
// identifies came for it: a router must limit the rate of its Redirects
// (RFC 4861 §8.2), and an earlier spec's exchange with TN1, on a device
// that keeps its state, may have spent it (Linux allows one a second to
// each destination once a burst is spent). The verdict then judges the
// Redirect, not how soon the limit refilled.
func sendForRedirect(l *suites.Link, req *packets.Packet, about *packets.Matcher) {
	GinkgoHelper()
	l.Send(req)
	if len(l.Collect(about).Within(suites.ReplyWait)) > 0 {
		return
	}
	By("no Redirect yet, perhaps held back by the router's rate limit: TN1 sends the packet again 2 s later")
	l.Env().Wait(redirectRateWait)
	l.Send(req)
}

// RFC 4861 §8.2: a router redirects a neighbor whatever the size of the
// packet it forwards back onto the link, up to the largest the link takes:
// a packet of exactly the link MTU (1500 octets on Link0) is forwarded and
// draws a Redirect, its Redirected Header cut so that the Redirect stays
// within 1280 octets (§4.6.3).
var _ = Describe("Redirect about a packet of exactly the link MTU", Label("rfc:4861", "section:8.2", "ipv6ready:v6LC.2.3.16", "role:router", "level:should", "fault:redirect-mtu-off-by-one"), func() {
	It("redirects TN1 to TR2 for a 1500-octet packet to "+suites.OffLink.String()+", quoting as much of it as fits", func() {
		offLinkPrefix := netip.PrefixFrom(suites.OffLink, 64).Masked()
		l := suites.Start(suites.Links(2), suites.Route(offLinkPrefix, 0, suites.NewLinkPlan(0).TR2.LinkLocal)).Link0
		By("TN1 sends a 1500-octet Echo Request for " + suites.OffLink.String() + " to the router, whose route for it goes through TR2 on Link0")
		req := l.TN1.EchoRequest(suites.OffLink)
		req.ICMP.SetEchoData(bytes.Repeat([]byte{0x5e}, 1500-40-8))
		req.EthDst = l.NUTMAC
		sendForRedirect(l, req, packets.RedirectFor(suites.OffLink, l.TN1.Global, l.NUTLinkLocal, l.TR2.LinkLocal))
		By("the router redirects TN1 to TR2, in a Redirect of at most 1280 octets")
		l.Expect(packets.RedirectFor(suites.OffLink, l.TN1.Global, l.NUTLinkLocal, l.TR2.LinkLocal).WithRedirectedHeader(req)).Within(suites.ReplyWait)
	})
})

// RFC 4861 §8.2: a Redirect that sends a neighbor to a better router names
// that router by its link-local address, so that the neighbor can check
// it (§8.1). Here the router's route for OffLink's prefix names TR2 by its
// global address: the router may find TR2's link-local address or send no
// Redirect at all, but never one whose target is TR2's global address.
var _ = Describe("Redirect to a router known by its global address", Label("rfc:4861", "section:8.2", "ipv6ready:v6LC.2.3.16", "role:router", "level:must", "fault:redirect-global-target"), func() {
	It("names no router by a global address in a Redirect", func() {
		offLinkPrefix := netip.PrefixFrom(suites.OffLink, 64).Masked()
		l := suites.Start(suites.Links(2), suites.Route(offLinkPrefix, 0, suites.NewLinkPlan(0).TR2.Global)).Link0
		By("TN1 sends a packet for " + suites.OffLink.String() + " to the router, whose route for it goes through TR2's global address on Link0")
		req := l.TN1.EchoRequest(suites.OffLink)
		req.EthDst = l.NUTMAC
		l.Send(req)
		By("the router sends no Redirect naming TR2's global address as the target")
		if got := l.Collect(packets.RedirectFor(suites.OffLink, l.TN1.Global, l.NUTLinkLocal, l.TR2.Global)).Within(suites.ReplyWait); len(got) > 0 {
			Fail(fmt.Sprintf("Link0: the router sent %d Redirect(s) for %s whose target is TR2's global address %s; a router target must be link-local (RFC 4861 §8.2)", len(got), suites.OffLink, l.TR2.Global))
		}
	})
})

// RFC 4861 §8.2 (and §4.6.3): the Redirected Header holds as much of the
// redirected packet as fits, padded with zeros to a multiple of 8 octets.
// A packet of 49 octets (an Echo Request with one octet of data) fits
// whole: the option carries all 49 octets and 7 of padding, 64 octets in
// all. Sending the Redirect is a SHOULD of §8.2 that "Redirect transmit"
// judges: without one the spec is N/A. "As much of the packet as fits"
// is how §4.5 and §8.2 describe the field, with no BCP 14 keyword (the
// bound, the minimum MTU, is what they insist on): a router that cuts
// the quote to a multiple of 8 octets (Linux sends 48 of the 49) keeps
// the bound and is judged WARN, not FAIL.
var _ = Describe("Redirect about a packet one octet past a multiple of 8", Label("rfc:4861", "section:8.2", "ipv6ready:v6LC.2.3.16", "role:router", "level:should", "fault:redirected-header-rounds-down"), func() {
	It("quotes a 49-octet packet whole in its Redirected Header, padded to 56 octets", func() {
		offLinkPrefix := netip.PrefixFrom(suites.OffLink, 64).Masked()
		l := suites.Start(suites.Links(2), suites.Route(offLinkPrefix, 0, suites.NewLinkPlan(0).TR2.LinkLocal)).Link0
		By("TN1 sends a 49-octet Echo Request for " + suites.OffLink.String() + " to the router, whose route for it goes through TR2 on Link0")
		req := l.TN1.EchoRequest(suites.OffLink)
		req.ICMP.SetEchoData([]byte{0x5e})
		req.EthDst = l.NUTMAC
		redirect := packets.RedirectFor(suites.OffLink, l.TN1.Global, l.NUTLinkLocal, l.TR2.LinkLocal)
		sendForRedirect(l, req, redirect)
		got := l.Collect(redirect).Within(suites.ReplyWait)
		if len(got) == 0 {
			Skip("the router sent no Redirect: a SHOULD of RFC 4861 §8.2 that \"Redirect transmit\" judges, and no Redirected Header to judge")
		}
		By("the router's Redirect quotes all 49 octets, in an option of 8 + 56 octets")
		whole := packets.RedirectFor(suites.OffLink, l.TN1.Global, l.NUTLinkLocal, l.TR2.LinkLocal).WithRedirectedHeader(req).
			Require("a Redirected Header of 8 + 56 octets", func(f *packets.Frame) (bool, string) {
				opts, _ := f.NDOptions()
				for _, o := range opts {
					if o.Type == packets.OptRedirected {
						return len(o.Data) == 6+56, fmt.Sprint(2+len(o.Data), " octets")
					}
				}
				return false, "none"
			})
		if miss := whole.Misses(got[0].Frame); len(miss) > 0 {
			Fail(fmt.Sprintf("Link0: the router's Redirect for %s: %v", suites.OffLink, miss))
		}
	})
})
