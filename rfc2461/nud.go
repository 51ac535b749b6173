package rfc2461

import (
	"fmt"
	"net"
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// TN1's entry in the node's neighbor cache, for its link-local address.
// The specs never read the cache: they bring the entry to a state through
// the wire and read its state back from what the node sends, as the
// catalogue does (RFC 4861 §7.3.2, Appendix C):
//
//   - no entry: to answer TN1 the node first sends a multicast solicitation;
//   - INCOMPLETE: multicast solicitations go on, the answer waits;
//   - REACHABLE: TN1 is answered at the cached address, and no probe follows;
//   - STALE: TN1 is answered at the cached address (DELAY), and a unicast
//     probe to that address follows DELAY_FIRST_PROBE_TIME later (PROBE);
//   - PROBE: unicast probes go on, RetransTimer apart.
//
// The catalogue reaches STALE by waiting out ReachableTime (up to 45 s,
// and a router takes no Reachable Time from advertisements). We get there
// at once through RFC 4861 §7.2.5: from REACHABLE, two unsolicited
// advertisements with O=1, the first with another link-layer address and
// the second with TN1's own, each set the entry STALE with the address they
// carry. Nothing is sent to TN1 meanwhile, so the entry stays STALE, not
// DELAY.

const (
	flagS uint8 = packets.FlagSolicited
	flagO uint8 = packets.FlagOverride
)

// ping has TN1 send an Echo Request from its link-local address to the
// node's.
func ping(l *suites.Link) *packets.Packet {
	req := l.TN1.EchoRequest(l.NUTLinkLocal)
	l.Send(req)
	return req
}

// makeIncomplete leaves TN1's entry INCOMPLETE: TN1, which does not answer
// solicitations, sends an Echo Request and the node solicits TN1. It
// returns the request, whose reply waits in the entry's queue, and the
// solicitation.
func makeIncomplete(l *suites.Link) (*packets.Packet, *suites.Captured) {
	GinkgoHelper()
	l.TN1.AnswersNS = false
	By("TN1 sends an Echo Request from its link-local address; the node solicits TN1 (INCOMPLETE)")
	req := ping(l)
	return req, l.Expect(packets.ResolutionNS(l.TN1.LinkLocal)).Within(suites.ReplyWait)
}

// makeReachable makes TN1's entry REACHABLE at TN1's MAC.
func makeReachable(l *suites.Link) {
	GinkgoHelper()
	req, ns := makeIncomplete(l)
	By("TN1 answers with a solicited advertisement, O=1, with its link-layer address (REACHABLE)")
	l.Send(l.TN1.NAWith(ns.Src, l.TN1.LinkLocal, flagS|flagO, l.TN1.MAC))
	l.Expect(packets.EchoReplyToMAC(req, l.TN1.MAC)).Within(suites.ReplyWait)
}

// makeStale makes TN1's entry STALE at TN1's MAC (see the top of the file).
func makeStale(l *suites.Link) {
	GinkgoHelper()
	makeReachable(l)
	By("TN1 advertises another link-layer address, then its own again, both unsolicited with O=1 (STALE)")
	l.Send(l.TN1.NAWith(l.NUTLinkLocal, l.TN1.LinkLocal, flagO, l.TN1.OtherMAC()))
	l.Send(l.TN1.NAWith(l.NUTLinkLocal, l.TN1.LinkLocal, flagO, l.TN1.MAC))
}

// makeProbe makes TN1's entry PROBE at TN1's MAC, right after the node's
// first unicast probe.
func makeProbe(l *suites.Link) {
	GinkgoHelper()
	makeStale(l)
	By("TN1 sends an Echo Request: the node answers (DELAY) and DELAY_FIRST_PROBE_TIME later probes TN1 (PROBE)")
	req := ping(l)
	r := l.Expect(packets.EchoReplyToMAC(req, l.TN1.MAC)).Within(suites.ReplyWait)
	l.Expect(packets.ProbeNS(l.TN1.LinkLocal, l.TN1.MAC).After(r.At, suites.DelayFirstProbeTime-suites.CaptureJitter)).
		Within(suites.DelayFirstProbeTime + suites.Slack)
}

// macName names TN1's MAC or the other one, for the steps.
func macName(l *suites.Link, mac net.HardwareAddr) string {
	if mac.String() == l.TN1.MAC.String() {
		return "TN1's link-layer address"
	}
	return "the new link-layer address " + mac.String()
}

// expectReachable judges that TN1's entry is REACHABLE at mac.
func expectReachable(l *suites.Link, mac net.HardwareAddr) {
	GinkgoHelper()
	By(fmt.Sprintf("the entry is REACHABLE at %s: TN1's next Echo Request is answered there and no probe follows within DELAY_FIRST_PROBE_TIME", macName(l, mac)))
	req := ping(l)
	l.Expect(packets.EchoReplyToMAC(req, mac)).Within(suites.ReplyWait)
	l.ExpectNo(packets.NSFor(l.TN1.LinkLocal)).Within(suites.DelayFirstProbeTime + suites.Slack)
}

// expectStale judges that TN1's entry is STALE at mac.
func expectStale(l *suites.Link, mac net.HardwareAddr) {
	GinkgoHelper()
	By(fmt.Sprintf("the entry is STALE at %s: TN1's next Echo Request is answered there, and DELAY_FIRST_PROBE_TIME later a unicast probe goes there", macName(l, mac)))
	req := ping(l)
	r := l.Expect(packets.EchoReplyToMAC(req, mac)).Within(suites.ReplyWait)
	expectDelayThenProbe(l, r, mac)
}

// expectDelayThenProbe judges that the entry went to DELAY when the node
// sent sent: no probe for DELAY_FIRST_PROBE_TIME, then one to mac.
func expectDelayThenProbe(l *suites.Link, sent *suites.Captured, mac net.HardwareAddr) {
	GinkgoHelper()
	l.ExpectNo(packets.NSFor(l.TN1.LinkLocal)).Within(suites.DelayFirstProbeTime * 4 / 5)
	l.Expect(packets.ProbeNS(l.TN1.LinkLocal, mac).After(sent.At, suites.DelayFirstProbeTime-suites.CaptureJitter)).
		Within(suites.DelayFirstProbeTime/5 + suites.Slack)
}

// expectProbing judges that TN1's entry is still in PROBE at mac.
func expectProbing(l *suites.Link, mac net.HardwareAddr) {
	GinkgoHelper()
	By(fmt.Sprintf("the entry is still in PROBE at %s: the next unicast probe goes there", macName(l, mac)))
	l.Expect(packets.ProbeNS(l.TN1.LinkLocal, mac)).Within(suites.RetransTimer + suites.Slack)
}

// expectNoEntry judges that the node has no entry for TN1.
func expectNoEntry(l *suites.Link) {
	GinkgoHelper()
	By("the node has no entry for TN1: to answer TN1's next Echo Request it first solicits TN1 at its solicited-node group")
	req := ping(l)
	l.Expect(packets.ResolutionNS(l.TN1.LinkLocal)).Within(suites.ReplyWait)
	l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
}

var _ = Describe("Neighbor Solicitation origination, reachability confirmation", Label("rfc:4861", "section:7.3.3", "ipv6ready:v6LC.2.1.6", "role:any", "level:must", "fault:nud-no-probe"), func() {
	var l *suites.Link
	BeforeEach(func() {
		l = suites.Start().Link0
		l.TN1.AnswersNS = false
	})

	// TN1 solicits the node from one of its addresses with its link-layer
	// address: the entry for that address is STALE, and the node's answer
	// to it starts DELAY. The probe that follows goes to the cached
	// address, from one of the node's addresses (§7.2.2 prefers the source
	// of the packet that prompted it; that is a SHOULD).
	DescribeTable("probes a neighbor it sent to, DELAY_FIRST_PROBE_TIME later, with a unicast solicitation to the cached link-layer address",
		func(tn1 func(*suites.Link) netip.Addr, nut func(*suites.Link) netip.Addr) {
			from, to := tn1(l), nut(l)
			By(fmt.Sprintf("TN1 solicits %s from %s with its link-layer address (STALE); the node answers it (DELAY)", to, from))
			ns := l.TN1.NSWith(to, to, l.TN1.MAC)
			ns.Src = from
			l.Send(ns)
			na := l.Expect(packets.NAFor(to).To(from)).Within(suites.ReplyWait)

			By("DELAY_FIRST_PROBE_TIME later the node probes TN1: a unicast solicitation to TN1's address and link-layer address")
			l.Expect(packets.ProbeNS(from, l.TN1.MAC).From(l.NUTLinkLocal, l.NUTGlobal).
				After(na.At, suites.DelayFirstProbeTime-suites.CaptureJitter)).Within(suites.DelayFirstProbeTime + suites.Slack)
		},
		Entry("Part A: link-local to link-local", func(l *suites.Link) netip.Addr { return l.TN1.LinkLocal }, func(l *suites.Link) netip.Addr { return l.NUTLinkLocal }),
		Entry("Part B: global to global", func(l *suites.Link) netip.Addr { return l.TN1.Global }, func(l *suites.Link) netip.Addr { return l.NUTGlobal }),
		Entry("Part C: the node's link-local address to TN1's global address", func(l *suites.Link) netip.Addr { return l.TN1.Global }, func(l *suites.Link) netip.Addr { return l.NUTLinkLocal }),
		Entry("Part D: the node's global address to TN1's link-local address", func(l *suites.Link) netip.Addr { return l.TN1.LinkLocal }, func(l *suites.Link) netip.Addr { return l.NUTGlobal }),
	)
})

var _ = Describe("On-link determination", Label("rfc:4861", "section:5.2", "ipv6ready:v6LC.2.1.1", "role:any", "level:must"), func() {
	var l *suites.Link

	It("Part A: resolves a link-local sender on the link with a solicitation to its solicited-node group",
		Label("fault:ns-wrong-group"), func() {
			l = suites.Start().Link0
			l.TN1.AnswersNS = false
			By("TN1 sends an Echo Request from its link-local address")
			ping(l)
			By("the node takes TN1 as on-link and resolves it")
			l.Expect(packets.ResolutionNS(l.TN1.LinkLocal)).Within(suites.ReplyWait)
		})

	It("Part B: resolves a global sender covered by the link's on-link prefix",
		Label("fault:ns-wrong-group"), func() {
			l = suites.Start().Link0
			l.TN1.AnswersNS = false
			By("TN1 sends an Echo Request from its global address, inside the link's prefix")
			l.Send(l.TN1.EchoRequest(l.NUTGlobal))
			By("the node takes TN1 as on-link and resolves it")
			l.Expect(packets.ResolutionNS(l.TN1.Global)).Within(suites.ReplyWait)
		})

	// An address no on-link prefix covers is reached through a router
	// (§5.2). RFC 2461 had a host that knew no router take every
	// destination as on-link; RFC 4943 removed that rule, and RFC 4861
	// follows it: such a host has no way to send, and must not solicit the
	// address. A router has no such rule to remove, hence host only.
	It("Part C: does not take a global address outside its on-link prefixes as on-link when it knows no router",
		Label("role:host", "rfc:4943", "fault:offlink-assumed-onlink"), func() {
			l = suites.Start().Link0
			By("TR1 and TR2 withdraw as default routers (Router Lifetime 0): the node knows no router")
			for _, r := range []*suites.Node{l.TR1, l.TR2} {
				l.Send(r.RA(packets.RAParams{}))
			}
			By("TN2 sends an Echo Request from 2001:db8:99::2, which no on-link prefix covers")
			offLink := netip.MustParseAddr("2001:db8:99::2")
			req := l.TN2.EchoRequest(l.NUTGlobal)
			req.Src = offLink
			l.Send(req)
			By("the node neither solicits 2001:db8:99::2 nor answers it")
			l.ExpectNo(packets.NSFor(offLink)).Within(suites.RetransTimer + suites.Slack)
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})
})

// offLinkNode is a node beyond TR1: no on-link prefix covers its address.
var offLinkNode = netip.MustParseAddr("2001:db8:99::1")

// onLinkPIO is a Prefix Information option with L=1 and A=0: the prefix
// is on the link, and no address is to be formed from it.
func onLinkPIO(prefix string, valid time.Duration) packets.Option {
	return packets.PrefixInfo(netip.MustParsePrefix(prefix), packets.PIOOnLink, valid, valid)
}

// echoFromPrefix has TN2 send an Echo Request to the node's global address
// from address ::2 of prefix.
func echoFromPrefix(l *suites.Link, prefix string) *packets.Packet {
	req := l.TN2.EchoRequest(l.NUTGlobal)
	req.Src = netip.MustParsePrefix(prefix).Addr().Next().Next()
	l.Send(req)
	return req
}

var _ = Describe("Prefix Information option processing, on-link flag", Label("rfc:4861", "section:6.3.4", "ipv6ready:v6LC.2.1.3", "role:host", "level:must", "fault:ignore-onlink-flag"), func() {
	It("takes an advertised prefix with L=1 as on-link: a sender inside it is resolved, not reached through the router", func() {
		l := suites.Start().Link0
		const prefix = "2001:db8:41::/64"
		By("TR1 advertises itself as a default router and " + prefix + " with L=1, A=0")
		l.AdvertiseAsRouter(l.TR1, validRA, onLinkPIO(prefix, 10*time.Minute))
		By("TN2 sends an Echo Request from an address in " + prefix)
		req := echoFromPrefix(l, prefix)
		By("the node resolves that address on the link")
		l.Expect(packets.ResolutionNS(req.Src)).Within(suites.ReplyWait)
	})
})

var _ = Describe("Host Prefix List", Label("rfc:4861", "section:6.3.4", "ipv6ready:v6LC.2.1.4", "role:host", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("Part A: treats the prefix as on-link while its valid lifetime lasts",
		Label("fault:ignore-onlink-flag"), func() {
			const prefix = "2001:db8:42::/64"
			By("TR1 advertises itself and " + prefix + " with L=1, valid for 10 s")
			l.AdvertiseAsRouter(l.TR1, validRA, onLinkPIO(prefix, 10*time.Second))
			By("TN2 sends an Echo Request from an address in " + prefix + "; the node resolves it on the link")
			req := echoFromPrefix(l, prefix)
			l.Expect(packets.ResolutionNS(req.Src)).Within(suites.ReplyWait)
		})

	It("Part A: and no longer once the valid lifetime has run out: the sender is then reached through the router",
		Label("fault:onlink-prefix-no-expiry"), func() {
			const prefix = "2001:db8:43::/64"
			l.TR1.AnswersNS = false
			By("TR1 advertises itself and " + prefix + " with L=1, valid for 2 s; 3 s pass")
			l.AdvertiseAsRouter(l.TR1, validRA, onLinkPIO(prefix, 2*time.Second))
			l.Env().Wait(3 * time.Second)
			By("TN2 sends an Echo Request from an address in " + prefix + "; the node answers it through TR1")
			req := echoFromPrefix(l, prefix)
			l.Expect(packets.EchoReplyToMAC(req, l.TR1.MAC)).Within(suites.ReplyWait)
			l.ExpectNo(packets.NSFor(req.Src)).Within(suites.RetransTimer)
		})

	// §6.3.4: a valid lifetime of 0 times the prefix out at once, the
	// bottom of the range Part A and Part B judge.
	It("Part B: times the prefix out at once when a later advertisement gives it valid lifetime 0",
		Label("fault:onlink-zero-lifetime-kept"), func() {
			const prefix = "2001:db8:45::/64"
			l.TR1.AnswersNS = false
			By("TR1 advertises itself and " + prefix + " with L=1, valid for 10 minutes, then again with valid lifetime 0")
			l.AdvertiseAsRouter(l.TR1, validRA, onLinkPIO(prefix, 10*time.Minute))
			l.Send(l.TR1.RA(validRA, onLinkPIO(prefix, 0)))
			By("TN2 sends an Echo Request from an address in " + prefix + "; the node answers it through TR1")
			req := echoFromPrefix(l, prefix)
			l.Expect(packets.EchoReplyToMAC(req, l.TR1.MAC)).Within(suites.ReplyWait)
			l.ExpectNo(packets.NSFor(req.Src)).Within(suites.RetransTimer)
		})

	// §6.3.4: an option updates the entry of its own prefix: another
	// prefix of the list keeps its lifetime.
	It("Part B: keeps a prefix on-link when a later advertisement times out another one",
		Label("fault:prefix-update-first-entry"), func() {
			const prefix, other = "2001:db8:46::/64", "2001:db8:47::/64"
			l.TR1.AnswersNS = false
			By("TR1 advertises itself, " + prefix + " and " + other + " with L=1, valid for 10 minutes, then " + other + " again with valid lifetime 0")
			l.AdvertiseAsRouter(l.TR1, validRA, onLinkPIO(prefix, 10*time.Minute), onLinkPIO(other, 10*time.Minute))
			l.Send(l.TR1.RA(validRA, onLinkPIO(other, 0)))
			By("TN2 sends an Echo Request from an address in " + prefix + "; the prefix is still on-link: the node resolves it")
			req := echoFromPrefix(l, prefix)
			l.Expect(packets.ResolutionNS(req.Src)).Within(suites.ReplyWait)
		})

	It("Part B: takes a new valid lifetime from a later advertisement of the prefix",
		Label("fault:onlink-lifetime-not-updated"), func() {
			const prefix = "2001:db8:44::/64"
			By("TR1 advertises itself and " + prefix + " with L=1, valid for 2 s, then again with 10 minutes; 3 s pass")
			l.AdvertiseAsRouter(l.TR1, validRA, onLinkPIO(prefix, 2*time.Second))
			l.Send(l.TR1.RA(validRA, onLinkPIO(prefix, 10*time.Minute)))
			l.Env().Wait(3 * time.Second)
			By("TN2 sends an Echo Request from an address in " + prefix + "; the prefix is still on-link: the node resolves it")
			req := echoFromPrefix(l, prefix)
			l.Expect(packets.ResolutionNS(req.Src)).Within(suites.ReplyWait)
		})
})
