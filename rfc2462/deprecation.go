package rfc2462

import (
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 4862 §5.5.4: an autoconfigured address turns deprecated when its
// preferred lifetime runs out, and a deprecated address should not start
// new communications while a preferred one of enough scope is at hand.
// Rule 3 of RFC 6724 (rfc2373/source_selection.go) judges the same choice
// after an advertised preferred lifetime of 0; here the lifetime runs out
// on the node's own clock. The node is made to send an Echo Request (the
// send-echo action) whose destination shares 64 bits with the address, so
// that the longest match (rule 8) would pick it while it is preferred.
var _ = Describe("Preferred lifetime expiry", Label("rfc:4862", "section:5.5.4", "role:host", "level:should", "fault:preferred-lifetime-untimed"), func() {
	It("stops choosing an autoconfigured address for new communications once its preferred lifetime has run out", func() {
		env := suites.Start(slaac, suites.NeedsAction(suites.ActSendEcho))
		l := env.Link0
		l.ForgetRouters()
		prefix := netip.MustParsePrefix("3fff:7::/64")
		a := packets.WithInterfaceID(prefix.Addr(), l.NUTMAC)
		const preferred = 6 * time.Second
		By("TR1 advertises itself as a default router and " + prefix.String() + " with A=1, L=0, valid for an hour, preferred for 6 s")
		l.Send(l.TR1.RA(packets.RAParams{CurHopLimit: 64, RouterLifetime: 30 * time.Minute},
			packets.PrefixInfo(prefix, packets.PIOAutonomous, time.Hour, preferred)))
		sent := l.Env().Elapsed()
		formed(l, a)
		dst := netip.MustParseAddr("3fff:7::99")
		By("while the address is preferred, the node is made to send an Echo Request to " + dst.String() + ": it comes from " + a.String())
		env.SendEchoRequest(0, dst)
		l.Expect(packets.EchoRequestTo(dst).From(a)).Within(suites.ReplyWait)
		By("the preferred lifetime runs out")
		waitPast(l, sent, preferred)
		By("the node is made to send another Echo Request to " + dst.String() + ": it comes from its preferred address in Link0's prefix")
		env.SendEchoRequest(0, dst)
		l.Expect(packets.EchoRequestTo(dst).Require("source within "+l.Prefix.String(), func(f *packets.Frame) (bool, string) {
			return l.Prefix.Contains(f.Src), f.Src.String()
		})).Within(suites.ReplyWait)
	})
})

// RFC 4862 §5.4.5: an address DAD found a duplicate is not assigned. The
// link-local case is v6LC.3.1.2 (dad.go); here it is an address formed
// from an advertised prefix. The node keeps running (its link-local
// address is fine), so what it does with the address afterwards shows:
// it neither takes it later (Part A), nor answers for it (Part B), and it
// treats it as the other node's address that it is (Part C, RFC 4861
// §7.2.5: the other node's advertisement completes its resolution).
var _ = Describe("Duplicate autoconfigured address", Label("rfc:4862", "section:5.4.5", "role:host", "level:must"), func() {
	const prefix = "2001:db8:5e::/64"
	var l *suites.Link
	var a netip.Addr
	BeforeEach(func() {
		l = suites.Start(slaac).Link0
		a = autoAddr(l, prefix)
		By("TR1 advertises " + prefix)
		l.Send(l.TR1.RA(raWith, autoPIO(prefix, time.Hour, time.Hour)))
		By("the node probes " + a.String())
		l.Expect(packets.DADProbe(a)).Within(slaacWait)
		By("TN1 holds " + a.String() + " already: it answers the probe with an advertisement to all-nodes")
		l.Send(l.TN1.NA(packets.AllNodes, a, packets.FlagOverride))
		By("the tester waits well past the time a second detection would have taken")
		l.Env().Wait(2 * dadDone)
	})

	It("Part A: does not take the address later, after probing it again", Label("fault:duplicate-probed-again"), func() {
		By("TN1 sends an Echo Request to " + a.String())
		req := l.TN1.EchoRequest(a)
		l.Send(req)
		By("the node does not answer: the address is not its own")
		l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
	})

	It("Part B: does not answer a solicitation for the address", Label("fault:ns-answered-for-duplicate"), func() {
		By("TN2 solicits " + a.String() + " at its solicited-node group")
		l.Send(l.TN2.NS(packets.SolicitedNode(a), a))
		By("the node does not advertise it")
		l.ExpectNo(packets.NAFor(a).From(a)).Within(suites.ReplyWait)
	})

	It("Part C: reaches TN1 at the address, through TN1's advertisement", Label("rfc:4861", "section:7.2.5", "fault:na-for-duplicate-ignored"), func() {
		By("TN1 sends an Echo Request from " + a.String() + " to the node's global address")
		req := l.TN1.EchoRequest(l.NUTGlobal)
		req.Src = a
		l.Send(req)
		By("the node solicits " + a.String() + "; TN1 answers")
		ns := l.Expect(packets.NSFor(a)).Within(suites.ReplyWait)
		l.Send(packets.NA(l.TN1.MAC, ns.EthSrc, a, ns.Src, a, packets.FlagSolicited|packets.FlagOverride, packets.TLLA(l.TN1.MAC)))
		By("the reply goes to TN1")
		l.Expect(packets.EchoReplyVia(req, l.TN1.MAC, "TN1")).Within(suites.ReplyWait)
	})
})
