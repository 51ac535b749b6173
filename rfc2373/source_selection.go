package rfc2373

import (
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Source address selection (RFC 6724 §5), seen on the wire: the node is
// made to send an Echo Request (the send-echo action) when it holds
// several addresses, and the request's source shows its choice. RFC 6724
// §1 makes default address selection a MUST for every node; rule 8 may
// give way to better knowledge (§5), so its spec is a SHOULD. Rule 1 (the
// destination itself) never reaches a link.
//
// The host's extra addresses come from TR1's advertisement, as stateless
// autoconfiguration forms them (RFC 4862 §5.5.3): each spec advertises a
// prefix of its own, autonomous but not on-link (L=0), with TR1 as the
// default router, so that the Echo Request leaves through TR1. The
// prefixes come from the documentation range 3fff::/20 (RFC 9637) and the
// Teredo prefix 2001::/32, far from the addressing plan, so that a node
// that keeps addresses between specs (the Linux kernel) chooses as before
// everywhere else.

// sasRouter is TR1's advertisement: a default router, and the prefixes.
var sasRouter = packets.RAParams{CurHopLimit: 64, RouterLifetime: 30 * time.Minute}

// slaac makes a spec whose extra addresses come from advertisements N/A
// on a host that does not declare that it forms addresses from them.
var slaac = suites.NeedsCapability(suites.CapSLAAC)

// withAddressFrom makes the host form an address from prefix (TR1
// advertises it, valid and preferred for an hour) and waits for its DAD.
func withAddressFrom(l *suites.Link, prefix netip.Prefix) netip.Addr {
	GinkgoHelper()
	l.ForgetRouters()
	a := packets.WithInterfaceID(prefix.Addr(), l.NUTMAC)
	By("TR1 advertises itself as a default router and " + prefix.String() + " with A=1, L=0")
	l.Send(l.TR1.RA(sasRouter, packets.PrefixInfo(prefix, packets.PIOAutonomous, time.Hour, time.Hour)))
	By("the host forms " + a.String() + " and probes it")
	l.Expect(packets.DADProbe(a)).Within(suites.MaxRtrSolicitationDelay + suites.Slack)
	l.Env().Wait(suites.MaxRtrSolicitationDelay + suites.RetransTimer + suites.Slack)
	return a
}

// echoFrom is the Echo Request the node sends to dst, its source inside want.
func echoFrom(dst netip.Addr, want netip.Prefix) *packets.Matcher {
	return packets.EchoRequestTo(dst).Require("source within "+want.String(), func(f *packets.Frame) (bool, string) {
		return want.Contains(f.Src), f.Src.String()
	})
}

var _ = Describe("Source address selection", Label("rfc:6724", "section:5"), func() {
	It("Rule 2: sends to a global destination from its global address, not its link-local one",
		Label("role:any", "level:must", "fault:source-first-address"), func() {
			env := suites.Start(suites.NeedsAction(suites.ActSendEcho))
			l := env.Link0
			By("the node is made to send an Echo Request to TN1's global address")
			env.SendEchoRequest(0, l.TN1.Global)
			By("the request comes from the node's global address on Link0")
			l.Expect(packets.EchoRequestTo(l.TN1.Global).From(l.NUTGlobal)).Within(suites.ReplyWait)
		})

	It("Rule 3: avoids a deprecated address, even one whose prefix matches the destination",
		Label("role:host", "level:must", "fault:sas-uses-deprecated"), func() {
			env := suites.Start(slaac, suites.NeedsAction(suites.ActSendEcho))
			l := env.Link0
			prefix := netip.MustParsePrefix("3fff:4::/64")
			withAddressFrom(l, prefix)
			By("TR1 advertises " + prefix.String() + " again with a preferred lifetime of 0: the address is deprecated")
			l.Send(l.TR1.RA(sasRouter, packets.PrefixInfo(prefix, packets.PIOAutonomous, time.Hour, 0)))
			dst := netip.MustParseAddr("3fff:4::99")
			By("the node is made to send an Echo Request to " + dst.String())
			env.SendEchoRequest(0, dst)
			By("the request comes from the node's preferred global address in Link0's prefix, not the deprecated one")
			l.Expect(echoFrom(dst, l.Prefix)).Within(suites.ReplyWait)
		})

	// The default policy table (RFC 6724 §2.1) gives 2001::/32 (Teredo)
	// label 5 and the rest of the global space label 1. The destination
	// 2001:2::99 (benchmarking space, RFC 5180) shares 30 leading bits with
	// the Teredo address and 20 with the node's address in 2001:db8:1::/64,
	// so rule 8 alone would pick the Teredo one; rule 6 comes first.
	It("Rule 6: prefers the address whose label matches the destination's over a longer matching prefix",
		Label("role:host", "level:must", "fault:sas-no-label"), func() {
			env := suites.Start(slaac, suites.NeedsAction(suites.ActSendEcho))
			l := env.Link0
			withAddressFrom(l, netip.MustParsePrefix("2001:0:3::/64"))
			dst := netip.MustParseAddr("2001:2::99")
			By("the node is made to send an Echo Request to " + dst.String())
			env.SendEchoRequest(0, dst)
			By("the request comes from the node's address in Link0's prefix (label 1, as the destination's), not the Teredo one (label 5)")
			l.Expect(echoFrom(dst, l.Prefix)).Within(suites.ReplyWait)
		})

	It("Rule 8: prefers the address with the longest prefix in common with the destination",
		Label("role:host", "level:should", "fault:sas-no-longest-match"), func() {
			env := suites.Start(slaac, suites.NeedsAction(suites.ActSendEcho))
			l := env.Link0
			prefix := netip.MustParsePrefix("3fff:3::/64")
			withAddressFrom(l, prefix)
			dst := netip.MustParseAddr("3fff:3::99")
			By("the node is made to send an Echo Request to " + dst.String())
			env.SendEchoRequest(0, dst)
			By("the request comes from the node's address in " + prefix.String())
			l.Expect(echoFrom(dst, prefix)).Within(suites.ReplyWait)
		})
})
