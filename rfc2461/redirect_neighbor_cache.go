package rfc2461

import (
	"net"
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

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
