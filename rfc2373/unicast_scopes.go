package rfc2373

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Unique local (fc00::/7, RFC 4193 §3.3) and the deprecated site-local
// (fec0::/10, RFC 3879 §4, RFC 4291 §2.5.7) unicast addresses are global
// in scope: a router forwards them along its routes like any global
// address, and a source of either kind is no reason for Destination
// Unreachable code 2, which belongs to link-local sources (RFC 4443 §3.1).
// A site-local destination is judged by v6LC.1.1.10 Part G in rfc2460.
var _ = Describe("Unique local and site-local addresses at a router", Label("rfc:4291", "role:router", "level:must"), func() {
	var l0, l1 *suites.Link
	start := func(opts ...suites.Option) {
		env := suites.Start(append([]suites.Option{suites.Links(2)}, opts...)...)
		l0, l1 = env.Link0, env.Link1
	}

	It("forwards a packet to a unique local address along its route, like a global one",
		Label("rfc:4193", "section:3.3", "fault:ula-scoped"), func() {
			ula := netip.MustParsePrefix("fd00:db8:2::/64")
			By("the router has a route for fd00:db8:2::/64 via Link1's TR1")
			start(suites.Route(ula, 1, suites.NewLinkPlan(1).TR1.LinkLocal))
			By("Link0's TN1 sends an Echo Request from its global address to fd00:db8:2::a1")
			req := l0.TN1.EchoRequest(netip.MustParseAddr("fd00:db8:2::a1"))
			l0.Send(req)
			By("the router passes it to TR1 unchanged but for the Hop Limit")
			l1.Expect(packets.Forwarded(req, l1.NUTMAC, l1.TR1.MAC)).Within(suites.ReplyWait)
		})

	// A source of either kind is judged alike (see above): it leaves its
	// link as a global one would.
	for _, c := range []struct {
		title  string
		labels Labels
		src    string
	}{
		{"forwards a packet from a unique local source to its other link, without an error",
			Label("rfc:4193", "section:3.3", "fault:ula-scoped"), "fd00:db8:1::81"},
		{"forwards a packet from a site-local source to its other link, without an error",
			Label("rfc:3879", "section:4", "fault:site-local-scoped"), "fec0:0:0:1::81"},
	} {
		It(c.title, c.labels, func() {
			start()
			By("Link0's TN1 sends an Echo Request from " + c.src + " to the global address of Link1's TN1")
			req := l0.TN1.EchoRequest(l1.TN1.Global)
			req.Src = netip.MustParseAddr(c.src)
			l0.Send(req)
			By("the router passes it to Link1's TN1 and reports nothing (no Destination Unreachable code 2)")
			l1.Expect(packets.Forwarded(req, l1.NUTMAC, l1.TN1.MAC)).Within(suites.ReplyWait)
			l0.ExpectNo(packets.ICMPErrorAbout(req)).Within(0)
		})
	}
})
