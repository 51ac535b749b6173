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
// from an advertised prefix, and the spec waits past the time a second
// probe of the same address would have taken to see that the node did not
// try it again.
var _ = Describe("Duplicate autoconfigured address", Label("rfc:4862", "section:5.4.5", "role:host", "level:must", "fault:duplicate-probed-again"), func() {
	It("does not take an address formed from a prefix once DAD found it a duplicate, not even later", func() {
		l := suites.Start(slaac).Link0
		const prefix = "2001:db8:5e::/64"
		a := autoAddr(l, prefix)
		By("TR1 advertises " + prefix)
		l.Send(l.TR1.RA(raWith, autoPIO(prefix, time.Hour, time.Hour)))
		By("the node probes " + a.String())
		l.Expect(packets.DADProbe(a)).Within(slaacWait)
		By("TN1 holds " + a.String() + " already: it answers the probe with an advertisement to all-nodes")
		l.Send(l.TN1.NA(packets.AllNodes, a, packets.FlagOverride))
		By("well after a second detection would have ended, TN1 sends an Echo Request to " + a.String())
		l.Env().Wait(2 * dadDone)
		req := l.TN1.EchoRequest(a)
		l.Send(req)
		By("the node does not answer: the address is not its own")
		l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
	})
})
