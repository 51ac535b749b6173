package rfc2461

import (
	"bytes"
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

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
		req.ICMP.Body = append(req.ICMP.Body[:4], bytes.Repeat([]byte{0x5e}, 1500-40-8)...)
		req.EthDst = l.NUTMAC
		l.Send(req)
		By("the router redirects TN1 to TR2, in a Redirect of at most 1280 octets")
		l.Expect(packets.RedirectFor(suites.OffLink, l.TN1.Global, l.NUTLinkLocal, l.TR2.LinkLocal).WithRedirectedHeader(req)).Within(suites.ReplyWait)
	})
})
