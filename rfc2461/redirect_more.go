package rfc2461

import (
	"net"
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// More of a host's Redirect processing (RFC 4861 §8.1, §8.3), with the
// set-up of redirect.go: TR1 is the default router, the node has answered
// OffLink through it, and TR1 redirects OffLink.

// actsOnRedirects makes a spec N/A on a host that acts on no Redirect
// (suites.CapRedirects): the specs that see a valid but unusual Redirect
// accepted only by the node's sending through the first hop it names judge
// a MUST of §8.1 and §4.6 only on a host that acts on Redirects at all,
// which §8.3 asks with a SHOULD that the plain Redirect specs judge.
var actsOnRedirects = suites.NeedsCapability(suites.CapRedirects)

// unknownOption is an option of a type no node knows, which a receiver
// skips (RFC 4861 §4.6).
var unknownOption = packets.Option{Type: 200, Data: make([]byte, 6)}

// suspicious is the table of v6LC.2.3.2 and 2.3.5: Redirects with
// something odd about them that §8.1 does not make invalid.
func suspicious(target func(l *suites.Link) (netip.Addr, *suites.Node)) {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(actsOnRedirects).Link0; l.ForgetRouters() })

	DescribeTable("accepts a Redirect with an unusual but allowed field",
		func(change func(l *suites.Link, r *packets.Packet)) {
			reply := redirectedFromTR1(l)
			to, via := target(l)
			By("TR1 redirects " + suites.OffLink.String() + " to " + via.Name + ", with " + via.Name + "'s link-layer address")
			r := redirect(l, to, packets.TLLA(via.MAC), quote(reply))
			change(l, r)
			l.Send(r)
			replyThrough(l, via)
		},
		Entry("Part A: an option of unknown type", func(l *suites.Link, r *packets.Packet) {
			r.ICMP.Body = append(r.ICMP.Body, packets.EncodeOptions(unknownOption)...)
		}),
		Entry("Part B: the Reserved field not zero", func(l *suites.Link, r *packets.Packet) {
			copy(r.ICMP.Body[0:4], []byte{0xff, 0xff, 0xff, 0xff})
		}),
	)
}

var _ = Describe("Redirected on-link, suspicious", Label("rfc:4861", "section:8.1", "ipv6ready:v6LC.2.3.2", "role:host", "level:must", "fault:redirect-ignored"), func() {
	onLink := func(l *suites.Link) (netip.Addr, *suites.Node) { return suites.OffLink, l.TN1 }
	suspicious(onLink)

	// §8.1: a Redirect is not invalid because its target is covered by no
	// on-link prefix; OffLink is in none of the node's.
	It("Part C: accepts a Redirect whose target no on-link prefix covers", func() {
		l := suites.Start(actsOnRedirects).Link0
		l.ForgetRouters()
		reply := redirectedFromTR1(l)
		By("TR1 redirects " + suites.OffLink.String() + " to itself, with TN1's link-layer address")
		l.Send(redirect(l, suites.OffLink, packets.TLLA(l.TN1.MAC), quote(reply)))
		replyThrough(l, l.TN1)
	})
})

var _ = Describe("Redirected to an alternate router, suspicious", Label("rfc:4861", "section:8.1", "ipv6ready:v6LC.2.3.5", "role:host", "level:must", "fault:redirect-ignored"), func() {
	suspicious(func(l *suites.Link) (netip.Addr, *suites.Node) { return l.TR2.LinkLocal, l.TR2 })
})

var _ = Describe("Redirected twice", Label("rfc:4861", "section:8.3", "ipv6ready:v6LC.2.3.7", "role:host", "level:should", "fault:redirect-ignored"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	// After the first Redirect TR2 is the first hop for OffLink, so its own
	// Redirect passes §8.1's check of the source.
	It("follows a second Redirect sent by the router the first one named", func() {
		reply := redirectedFromTR1(l)
		By("TR1 redirects " + suites.OffLink.String() + " to TR2")
		l.Send(redirect(l, l.TR2.LinkLocal, packets.TLLA(l.TR2.MAC), quote(reply)))
		By("an Echo Request from " + suites.OffLink.String() + " arrives; the node answers through TR2")
		req := l.EchoFromOffLink(l.TR2)
		l.Send(req)
		reply = l.Expect(packets.EchoReplyVia(req, l.TR2.MAC, "TR2")).Within(suites.ReplyWait)
		By("TR2 redirects " + suites.OffLink.String() + " on-link, to TN1's link-layer address")
		l.Send(packets.Redirect(l.TR2.MAC, l.NUTMAC, l.TR2.LinkLocal, l.NUTGlobal, suites.OffLink, suites.OffLink, packets.TLLA(l.TN1.MAC), quote(reply)))
		By("the next Echo Request from " + suites.OffLink.String() + " is answered on the link, to TN1")
		req = l.EchoFromOffLink(l.TR2)
		l.Send(req)
		l.Expect(packets.EchoReplyVia(req, l.TN1.MAC, "TN1")).Within(suites.ReplyWait)
	})
})

var _ = Describe("Redirect with an option it may not carry", Label("rfc:4861", "section:8.1", "ipv6ready:v6LC.2.3.8", "role:host", "level:must", "fault:redirect-ignored"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(actsOnRedirects).Link0; l.ForgetRouters() })

	// A Redirect carries target link-layer and Redirected Header options
	// (§4.5); another option is ignored (§4.6, §8.1) and the Redirect
	// processed as if it were not there.
	prefix := netip.MustParsePrefix("2001:db8:99::/64")
	DescribeTable("accepts the Redirect and ignores the option",
		func(extra func(l *suites.Link) packets.Option, after func(l *suites.Link)) {
			reply := redirectedFromTR1(l)
			By("TR1 redirects " + suites.OffLink.String() + " on-link, to TN1's link-layer address, with an option a Redirect does not carry")
			l.Send(redirect(l, suites.OffLink, packets.TLLA(l.TN1.MAC), extra(l), quote(reply)))
			replyThrough(l, l.TN1)
			if after != nil {
				after(l)
			}
		},
		Entry("Part A: an MTU option", func(l *suites.Link) packets.Option { return packets.MTUOption(1280) }, nil),
		Entry("Part B: a Prefix Information option", func(l *suites.Link) packets.Option {
			return packets.PrefixInfo(prefix, packets.PIOOnLink|packets.PIOAutonomous, time.Hour, time.Hour)
		}, func(l *suites.Link) {
			By("the node forms no address from the prefix the Redirect carried")
			l.ExpectNo(packets.DADProbe(packets.WithInterfaceID(prefix.Addr(), l.NUTMAC))).Within(suites.MaxRtrSolicitationDelay + suites.Slack)
		}),
		Entry("Part C: a source link-layer option", func(l *suites.Link) packets.Option { return packets.SLLA(l.TR1.OtherMAC()) }, func(l *suites.Link) {
			By("TR1's entry keeps TR1's link-layer address: TR1 is still answered there")
			req := l.TR1.EchoRequest(l.NUTLinkLocal)
			l.Send(req)
			l.Expect(packets.EchoReplyToMAC(req, l.TR1.MAC)).Within(suites.ReplyWait)
		}),
	)
})

var _ = Describe("Redirect without a Destination Cache entry", Label("rfc:4861", "section:8.3", "ipv6ready:v6LC.2.3.9", "role:host", "level:should", "fault:redirect-ignored"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	// §8.3: the host creates the Destination Cache entry if it has none;
	// TR1, the only default router, is the first hop §8.1 checks against.
	It("accepts a Redirect for a destination it has not sent to yet", func() {
		By("TR1 advertises itself as default router")
		l.Send(l.TR1.RA(defaultRouter))
		By("TR1 redirects " + suites.OffLink.String() + ", to which the node has sent nothing, on-link to TN1's link-layer address")
		l.Send(redirect(l, suites.OffLink, packets.TLLA(l.TN1.MAC)))
		replyThrough(l, l.TN1)
	})
})

// The Neighbor Cache and Redirects (§8.3): these specs judge the MUSTs on
// the target's entry, and only of a node that takes the Redirect up (a
// SHOULD): one that keeps answering through TR1 gets N/A. A target
// link-layer option
// creates the target's entry (STALE), or updates it as an unsolicited
// advertisement with O=1 would: a new address makes it STALE there, the
// same address leaves the state alone. TN1 plays the better router (TR1
// redirects OffLink to TN1's link-local address); its entry is brought to
// each state and read back as in nud.go, the node's reply to OffLink
// showing which link-layer address it uses.

// Redirected Header options of the table: none, the packet quoted, or a
// quote that makes the Redirect larger than 1280 octets, which a host
// accepts (§8.1 checks no size).
const (
	rhNone = iota
	rhQuote
	rhOversized
)

// ncRedirect is one part: TN1's entry before, the target link-layer option
// (sllaNone, sllaSame, sllaOther) and the Redirected Header.
type ncRedirect struct {
	state  string
	tlla   int
	header int
}

func ncPart(state string, tlla, header int) ncRedirect { return ncRedirect{state, tlla, header} }

// runNCRedirect brings TN1's entry to c.state, has TR1 redirect OffLink to
// TN1 and judges the entry and the first hop.
func runNCRedirect(l *suites.Link, c ncRedirect) {
	GinkgoHelper()
	reply := redirectedFromTR1(l)
	var waiting *packets.Packet
	switch c.state {
	case "none":
		l.TN1.AnswersNS = c.tlla == sllaNone // a node that resolves TN1 anyway gets no answer
	case "INCOMPLETE":
		waiting, _ = makeIncomplete(l)
	case "REACHABLE":
		makeReachable(l)
	case "STALE":
		makeStale(l)
	case "PROBE":
		makeProbe(l)
	}
	var opts []packets.Option
	mac := l.TN1.MAC
	switch c.tlla {
	case sllaSame:
		opts = append(opts, packets.TLLA(mac))
	case sllaOther:
		mac = l.TN1.OtherMAC()
		opts = append(opts, packets.TLLA(mac))
	}
	switch c.header {
	case rhQuote:
		opts = append(opts, quote(reply))
	case rhOversized:
		big := append(append([]byte(nil), reply.IPv6...), make([]byte, 1360-len(reply.IPv6))...)
		opts = append(opts, packets.RedirectedHeader(big, len(big)))
	}
	By("TR1 redirects " + suites.OffLink.String() + " to TN1's link-local address, a better first hop")
	l.Send(redirect(l, l.TN1.LinkLocal, opts...))
	By("an Echo Request from " + suites.OffLink.String() + " arrives")
	req := l.EchoFromOffLink(l.TR1)
	l.Send(req)
	via := func(mac net.HardwareAddr) *packets.Matcher { return packets.EchoReplyVia(req, mac, "TN1") }
	// §8.3 words taking up a Redirect (the Destination Cache update) as a
	// SHOULD, judged by "Redirected to an alternate router, valid": a node
	// that goes on answering through TR1 leaves no entry of TN1's to judge.
	if len(l.Collect(packets.EchoReplyVia(req, l.TR1.MAC, "TR1")).Within(suites.Slack)) > 0 {
		Skip("the node answered " + suites.OffLink.String() + " through TR1: it did not take up the Redirect, a SHOULD of RFC 4861 §8.3 that other specs judge; no entry of TN1's to judge")
	}

	switch {
	case c.state == "none" && c.tlla == sllaNone:
		By("the node has no entry for TN1: it resolves TN1, then answers through it")
		l.Expect(packets.ResolutionNS(l.TN1.LinkLocal)).Within(suites.ReplyWait)
		l.Expect(via(l.TN1.MAC)).Within(suites.ReplyWait)
	case c.state == "none":
		By("the Redirect created a STALE entry at " + macName(l, mac) + ": the node answers there without resolving TN1 (who would not answer), and probes DELAY_FIRST_PROBE_TIME later")
		r := l.Expect(via(mac)).Within(suites.ReplyWait)
		expectDelayThenProbe(l, r, mac)
	case c.state == "INCOMPLETE" && c.tlla == sllaNone:
		By("the entry stays INCOMPLETE: the replies wait, and the node solicits TN1 again")
		l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		ns := l.Expect(packets.ResolutionNS(l.TN1.LinkLocal)).Within(suites.RetransTimer + suites.Slack)
		By("TN1 answers; both waiting replies go to TN1")
		l.Send(l.TN1.NAWith(ns.Src, l.TN1.LinkLocal, flagS|flagO, l.TN1.MAC))
		l.ExpectEach(suites.ReplyWait, packets.EchoReplyToMAC(waiting, l.TN1.MAC), via(l.TN1.MAC))
	case c.state == "INCOMPLETE":
		By("the entry is STALE at " + macName(l, mac) + ": the reply that waited and the reply to " + suites.OffLink.String() + " go there, and a probe follows")
		got := l.ExpectEach(suites.ReplyWait, packets.EchoReplyToMAC(waiting, mac), via(mac))
		expectDelayThenProbe(l, got[0], mac)
	case c.tlla == sllaOther || c.state == "STALE":
		By("the entry is STALE at " + macName(l, mac) + ": the node answers there and probes DELAY_FIRST_PROBE_TIME later")
		r := l.Expect(via(mac)).Within(suites.ReplyWait)
		expectDelayThenProbe(l, r, mac)
	case c.state == "REACHABLE":
		By("the entry stays REACHABLE: the node answers at TN1's address and probes nothing")
		l.Expect(via(mac)).Within(suites.ReplyWait)
		l.ExpectNo(packets.NSFor(l.TN1.LinkLocal)).Within(suites.DelayFirstProbeTime + suites.Slack)
	case c.state == "PROBE":
		By("the entry stays in PROBE: the node answers at TN1's address and goes on probing")
		l.Expect(via(mac)).Within(suites.ReplyWait)
		expectProbing(l, mac)
	}
}

// ncRedirectTable is one of v6LC.2.3.10 to 2.3.14.
func ncRedirectTable(entries ...TableEntry) {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })
	args := []any{func(c ncRedirect) { runNCRedirect(l, c) }}
	for _, e := range entries {
		args = append(args, e)
	}
	DescribeTable("updates the target's entry from the Redirect as §8.3 says, and sends through the target", args...)
}

var _ = Describe("Neighbor Cache updated by a Redirect, no entry", Label("rfc:4861", "section:8.3", "ipv6ready:v6LC.2.3.10", "role:host", "level:must"), func() {
	ncRedirectTable(
		Entry("Part A: no target link-layer option, no Redirected Header", Label("fault:no-queue-while-incomplete"), ncPart("none", sllaNone, rhNone)),
		Entry("Part B: a target link-layer option, no Redirected Header", Label("fault:redirect-tlla-ignored"), ncPart("none", sllaSame, rhNone)),
		Entry("Part C: a target link-layer option and a Redirected Header", Label("fault:redirect-tlla-ignored"), ncPart("none", sllaSame, rhQuote)),
		Entry("Part D: a target link-layer option and an oversized Redirected Header", Label("fault:redirect-tlla-ignored"), ncPart("none", sllaSame, rhOversized)),
	)
})

var _ = Describe("Neighbor Cache updated by a Redirect, state INCOMPLETE", Label("rfc:4861", "section:8.3", "ipv6ready:v6LC.2.3.11", "role:host", "level:must"), func() {
	ncRedirectTable(
		Entry("Part A: no target link-layer option, no Redirected Header", Label("fault:no-queue-while-incomplete"), ncPart("INCOMPLETE", sllaNone, rhNone)),
		Entry("Part B: a target link-layer option, no Redirected Header", Label("fault:redirect-tlla-ignored"), ncPart("INCOMPLETE", sllaSame, rhNone)),
		Entry("Part C: a target link-layer option and a Redirected Header", Label("fault:redirect-tlla-ignored"), ncPart("INCOMPLETE", sllaSame, rhQuote)),
		Entry("Part D: a target link-layer option and an oversized Redirected Header", Label("fault:redirect-tlla-ignored"), ncPart("INCOMPLETE", sllaSame, rhOversized)),
	)
})

// statefulParts are the five parts of v6LC.2.3.12 to 2.3.14; same names
// the fault that breaks the unchanged-address parts A and B.
func statefulParts(state, same string) []TableEntry {
	return []TableEntry{
		Entry("Part A: no target link-layer option, no Redirected Header", Label("fault:"+same), ncPart(state, sllaNone, rhNone)),
		Entry("Part B: the same link-layer address, no Redirected Header", Label("fault:"+same), ncPart(state, sllaSame, rhNone)),
		Entry("Part C: a new link-layer address, no Redirected Header", Label("fault:redirect-tlla-ignored"), ncPart(state, sllaOther, rhNone)),
		Entry("Part D: a new link-layer address and a Redirected Header", Label("fault:redirect-tlla-ignored"), ncPart(state, sllaOther, rhQuote)),
		Entry("Part E: a new link-layer address and an oversized Redirected Header", Label("fault:redirect-tlla-ignored"), ncPart(state, sllaOther, rhOversized)),
	}
}

var _ = Describe("Neighbor Cache updated by a Redirect, state REACHABLE", Label("rfc:4861", "section:8.3", "ipv6ready:v6LC.2.3.12", "role:host", "level:must"), func() {
	ncRedirectTable(statefulParts("REACHABLE", "redirect-sets-stale")...)
})

var _ = Describe("Neighbor Cache updated by a Redirect, state STALE", Label("rfc:4861", "section:8.3", "ipv6ready:v6LC.2.3.13", "role:host", "level:must"), func() {
	ncRedirectTable(statefulParts("STALE", "redirect-confirms-reachability")...)
})

var _ = Describe("Neighbor Cache updated by a Redirect, state PROBE", Label("rfc:4861", "section:8.3", "ipv6ready:v6LC.2.3.14", "role:host", "level:must"), func() {
	ncRedirectTable(statefulParts("PROBE", "redirect-sets-stale")...)
})

var _ = Describe("Invalid Redirect does not update the Neighbor Cache", Label("rfc:4861", "section:8.1", "ipv6ready:v6LC.2.3.15", "role:host", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0; l.ForgetRouters() })

	// Each invalid Redirect of redirect.go's table names TN1, whose entry
	// is REACHABLE, as better first hop with a new link-layer address: the
	// node must keep TR1 as first hop and TN1's entry as it was.
	badRedirectTable("ignores an invalid Redirect: TR1 stays the first hop, TN1's entry keeps its address and state",
		func(spoil func(l *suites.Link, r *packets.Packet)) {
			reply := redirectedFromTR1(l)
			makeReachable(l)
			By("TR1 sends an invalid Redirect of " + suites.OffLink.String() + " to TN1, with a new link-layer address for TN1")
			r := redirect(l, l.TN1.LinkLocal, packets.TLLA(l.TN1.OtherMAC()), quote(reply))
			spoil(l, r)
			l.Send(r)
			replyThrough(l, l.TR1)
			expectReachable(l, l.TN1.MAC)
		})
})

// A router does not change how it forwards, or sends, because of a
// Redirect: RFC 4861 §8 has routers send Redirects and hosts act on them
// (§8.3, the host's side); a router's routes are its configuration's and
// its routing protocols'. The router sends its own Echo Request to
// OffLink, which its static route sends through TR1; TR1 redirects it to
// TR2; its next one still goes through TR1.
var _ = Describe("Redirect receive", Label("rfc:4861", "section:8.3", "ipv6ready:v6LC.2.3.17", "role:router", "level:must", "fault:router-accepts-redirect"), func() {
	var l *suites.Link
	BeforeEach(func() {
		l = suites.Start(suites.Route(netip.PrefixFrom(suites.OffLink, 64).Masked(), 0, suites.NewLinkPlan(0).TR1.LinkLocal),
			suites.NeedsAction(suites.ActSendEcho)).Link0
	})

	It("keeps its route after a Redirect from its next hop", func() {
		By("the router sends an Echo Request to " + suites.OffLink.String() + "; its route takes it through TR1")
		l.Env().SendEchoRequest(0, suites.OffLink)
		sent := l.Expect(packets.EchoRequestTo(suites.OffLink).ToMAC(l.TR1.MAC)).Within(suites.ReplyWait + suites.RetransTimer)
		By("TR1 redirects " + suites.OffLink.String() + " to TR2")
		l.Send(packets.Redirect(l.TR1.MAC, l.NUTMAC, l.TR1.LinkLocal, sent.Src, l.TR2.LinkLocal, suites.OffLink,
			packets.TLLA(l.TR2.MAC), packets.RedirectedHeader(sent.IPv6, packets.MinMTU-40-40-8-8)))
		By("the router's next Echo Request to " + suites.OffLink.String() + " still goes through TR1")
		l.Env().SendEchoRequest(0, suites.OffLink)
		l.Expect(packets.EchoRequestTo(suites.OffLink).ToMAC(l.TR1.MAC)).Within(suites.ReplyWait)
	})
})
