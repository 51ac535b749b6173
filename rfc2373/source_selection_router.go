package rfc2373

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Source address selection (RFC 6724 §5) on a router. A router's
// addresses are configuration, so each spec gives the node its extra
// address with suites.Address, and a static route through TR1 for the
// destination: a router learns no default route from advertisements. The
// destination lies in a prefix next to the extra address's, off-link, so
// that rule 8 alone would choose the address the earlier rule must beat.
// Rule 5 needs no extra address: the router's global address on each of
// its two links is enough.

// routerSAS starts a spec on a router that sends to the prefix of dst
// (a /64) through TR1 on Link0, holding the extra address addr there.
func routerSAS(dst netip.Addr, addr netip.Prefix, opts ...suites.AddressOption) *suites.Env {
	GinkgoHelper()
	far := netip.PrefixFrom(dst, 64).Masked()
	return suites.Start(suites.NeedsAction(suites.ActSendEcho),
		suites.Address(0, addr, opts...),
		suites.Route(far, 0, suites.NewLinkPlan(0).TR1.LinkLocal))
}

var _ = Describe("Source address selection on a router", Label("rfc:6724", "section:5", "role:router"), func() {
	It("Rule 3: avoids a deprecated address, even one whose prefix matches the destination",
		Label("level:must", "fault:sas-uses-deprecated"), func() {
			dst := netip.MustParseAddr("3fff:4:0:1::99")
			dep := netip.MustParsePrefix("3fff:4::1/64")
			env := routerSAS(dst, dep, suites.Deprecated())
			l := env.Link0
			By("the router holds " + dep.String() + " on Link0, deprecated (preferred lifetime 0), and routes " + dst.String() + " through TR1")
			By("the router is made to send an Echo Request to " + dst.String())
			env.SendEchoRequest(0, dst)
			By("the request comes from the router's preferred global address in Link0's prefix, not the deprecated one")
			l.Expect(echoFrom(dst, l.Prefix)).Within(suites.ReplyWait)
		})

	// RFC 6724 §4 lets a router offer the addresses of its other
	// interfaces as candidates; rule 5 then still prefers the outgoing
	// interface's. The destination 2001:db8:1:1::99 shares 63 bits with
	// the router's address on Link0 and 46 with its address on Link1, so
	// rule 8 alone would choose Link0's.
	It("Rule 5: sends from an address of the outgoing interface, not from a better matching one of another interface",
		Label("level:must", "fault:sas-ignores-outgoing-interface"), func() {
			dst := netip.MustParseAddr("2001:db8:1:1::99")
			far := netip.PrefixFrom(dst, 64).Masked()
			env := suites.Start(suites.Links(2), suites.NeedsAction(suites.ActSendEcho),
				suites.Route(far, 1, suites.NewLinkPlan(1).TR1.LinkLocal))
			By("the router routes " + far.String() + " through TR1 on Link1")
			By("the router is made to send an Echo Request to " + dst.String())
			env.SendEchoRequest(1, dst)
			By("the request leaves through Link1 from the router's global address on Link1, not the one on Link0")
			env.Link1.Expect(packets.EchoRequestTo(dst).From(env.Link1.NUTGlobal)).Within(suites.ReplyWait)
		})

	// As for the host: the Teredo address 2001:0:3::1 (label 5) shares 30
	// bits with 2001:2::99, the address in 2001:db8:1::/64 (label 1, as the
	// destination's) 20 bits.
	It("Rule 6: prefers the address whose label matches the destination's over a longer matching prefix",
		Label("level:must", "fault:sas-no-label"), func() {
			dst := netip.MustParseAddr("2001:2::99")
			teredo := netip.MustParsePrefix("2001:0:3::1/64")
			env := routerSAS(dst, teredo)
			l := env.Link0
			By("the router holds " + teredo.String() + " on Link0 and routes " + dst.String() + " through TR1")
			By("the router is made to send an Echo Request to " + dst.String())
			env.SendEchoRequest(0, dst)
			By("the request comes from the router's address in Link0's prefix (label 1, as the destination's), not the Teredo one (label 5)")
			l.Expect(echoFrom(dst, l.Prefix)).Within(suites.ReplyWait)
		})

	It("Rule 8: prefers the address with the longest prefix in common with the destination",
		Label("level:should", "fault:sas-no-longest-match"), func() {
			dst := netip.MustParseAddr("3fff:3:0:1::99")
			extra := netip.MustParsePrefix("3fff:3::1/64")
			env := routerSAS(dst, extra)
			l := env.Link0
			By("the router holds " + extra.String() + " on Link0 and routes " + dst.String() + " through TR1")
			By("the router is made to send an Echo Request to " + dst.String())
			env.SendEchoRequest(0, dst)
			By("the request comes from " + extra.Addr().String() + ", which shares 63 bits with the destination")
			l.Expect(echoFrom(dst, extra.Masked())).Within(suites.ReplyWait)
		})
})
