package rfc2461

import (
	"fmt"
	"net"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Neighbor Advertisement processing (RFC 4861 §7.2.5 and its table in
// Appendix C). With the entry INCOMPLETE, the target link-layer option
// completes it, REACHABLE if S=1 and STALE if not. Otherwise an
// advertisement whose link-layer address differs from the cached one
// changes nothing unless O=1 (REACHABLE only becomes STALE); one with O=1,
// the same address or none updates the entry: the address it carries, if
// any, REACHABLE if S=1, STALE if the address changed, the state kept
// otherwise. An advertisement never creates an entry.

// naKind is TN1's advertisement: flags, unicast to the node or to
// all-nodes, and the target link-layer option it carries.
type naKind struct {
	s, o      bool
	multicast bool
	tlla      int // sllaNone, sllaSame, sllaOther
}

func (k naKind) String() string {
	dst := "unicast"
	if k.multicast {
		dst = "to all-nodes"
	}
	opt := map[int]string{sllaNone: "no target link-layer option", sllaSame: "TN1's link-layer address", sllaOther: "a new link-layer address"}[k.tlla]
	return fmt.Sprintf("%s, S=%d O=%d, %s", dst, b2i(k.s), b2i(k.o), opt)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// advertise sends TN1's advertisement for its link-local address.
func advertise(l *suites.Link, k naKind) {
	GinkgoHelper()
	var flags uint8
	if k.s {
		flags |= flagS
	}
	if k.o {
		flags |= flagO
	}
	var mac net.HardwareAddr
	switch k.tlla {
	case sllaSame:
		mac = l.TN1.MAC
	case sllaOther:
		mac = l.TN1.OtherMAC()
	}
	dst := l.NUTLinkLocal
	if k.multicast {
		dst = packets.AllNodes
	}
	By("TN1 sends an advertisement for its link-local address: " + k.String())
	l.Send(l.TN1.NAWith(dst, l.TN1.LinkLocal, flags, mac))
}

// outcome is the state TN1's entry must be in after the advertisement.
type outcome int

const (
	reachableSame outcome = iota
	reachableOther
	staleSame
	staleOther
	probingSame
)

func (o outcome) judge(l *suites.Link) {
	GinkgoHelper()
	switch o {
	case reachableSame:
		expectReachable(l, l.TN1.MAC)
	case reachableOther:
		expectReachable(l, l.TN1.OtherMAC())
	case staleSame:
		expectStale(l, l.TN1.MAC)
	case staleOther:
		expectStale(l, l.TN1.OtherMAC())
	case probingSame:
		expectProbing(l, l.TN1.MAC)
	}
}

// naEntry is one part: the advertisement and the outcome.
type naEntry struct {
	k naKind
	o outcome
}

// na is the part where TN1 sends advertisement k and its entry ends in
// outcome out.
func na(k naKind, out outcome) naEntry { return naEntry{k, out} }

var _ = Describe("Neighbor Advertisement processing, no NCE", Label("rfc:4861", "section:7.2.5", "ipv6ready:v6LC.2.1.16", "role:any", "level:should"), func() {
	var l *suites.Link
	BeforeEach(func() {
		l = suites.Start().Link0
		l.TN1.AnswersNS = false
	})

	// With no link-layer address to record, the parts without a target
	// link-layer option are proven by the judgement itself: a node that
	// does not resolve TN1 at its solicited-node group fails them.
	DescribeTable("creates no entry from an advertisement it did not ask for",
		func(k naKind) {
			advertise(l, k)
			expectNoEntry(l)
		},
		Entry("Part A: S=0, O=0, with the target link-layer option", Label("fault:na-creates-entry"), naKind{tlla: sllaSame}),
		Entry("Part B: S=0, O=1, with the target link-layer option", Label("fault:na-creates-entry"), naKind{o: true, tlla: sllaSame}),
		Entry("Part C: S=1, O=0, with the target link-layer option", Label("fault:na-creates-entry"), naKind{s: true, tlla: sllaSame}),
		Entry("Part D: S=1, O=1, with the target link-layer option", Label("fault:na-creates-entry"), naKind{s: true, o: true, tlla: sllaSame}),
		Entry("Part E: S=0, O=0, without the option", Label("fault:ns-wrong-group"), naKind{tlla: sllaNone}),
		Entry("Part F: S=0, O=1, without the option", Label("fault:ns-wrong-group"), naKind{o: true, tlla: sllaNone}),
		Entry("Part G: S=1, O=0, without the option", Label("fault:ns-wrong-group"), naKind{s: true, tlla: sllaNone}),
		Entry("Part H: S=1, O=1, without the option", Label("fault:ns-wrong-group"), naKind{s: true, o: true, tlla: sllaNone}),
	)
})

var _ = Describe("Neighbor Advertisement processing, NCE state INCOMPLETE", Label("rfc:4861", "section:7.2.5", "ipv6ready:v6LC.2.1.17", "role:any"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	DescribeTable("records the link-layer address: REACHABLE if solicited, STALE if not, and sends the reply that waited", Label("level:must"),
		func(e naEntry) {
			req, _ := makeIncomplete(l)
			advertise(l, e.k)
			By("the node sends the waiting reply to TN1's link-layer address")
			r := l.Expect(packets.EchoReplyToMAC(req, l.TN1.MAC)).Within(suites.ReplyWait)
			if e.o == reachableSame {
				By("the entry is REACHABLE: no probe follows within DELAY_FIRST_PROBE_TIME")
				l.ExpectNo(packets.NSFor(l.TN1.LinkLocal)).Within(suites.DelayFirstProbeTime + suites.Slack)
				return
			}
			By("the entry was STALE, and the reply made it DELAY: a unicast probe follows DELAY_FIRST_PROBE_TIME later")
			expectDelayThenProbe(l, r, l.TN1.MAC)
		},
		Entry("Part A: S=1, O=1", Label("fault:na-solicited-flag-ignored"), na(naKind{s: true, o: true, tlla: sllaSame}, reachableSame)),
		Entry("Part B: S=1, O=0", Label("fault:na-solicited-flag-ignored"), na(naKind{s: true, tlla: sllaSame}, reachableSame)),
		Entry("Part C: S=0, O=1", Label("fault:na-unsolicited-confirms"), na(naKind{o: true, tlla: sllaSame}, staleSame)),
		Entry("Part D: S=0, O=0", Label("fault:na-unsolicited-confirms"), na(naKind{tlla: sllaSame}, staleSame)),
	)

	It("Part E: ignores an advertisement without the target link-layer option, and goes on soliciting",
		Label("level:should", "fault:nd-missing-lla-as-zero"), func() {
			req, _ := makeIncomplete(l)
			advertise(l, naKind{s: true, o: true, tlla: sllaNone})
			By("the node sends no reply and solicits TN1 again")
			l.Expect(packets.ResolutionNS(l.TN1.LinkLocal)).Within(suites.RetransTimer + suites.Slack)
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})
})

// stateTable is the eighteen parts of v6LC.2.1.18 to 2.1.20, each with
// its outcome and the fault that proves it.
func stateTable(parts [18]part) []TableEntry {
	var out []TableEntry
	for i, p := range parts {
		name := fmt.Sprintf("Part %c: %s", 'A'+i, p.e.k)
		out = append(out, Entry(name, Label("fault:"+p.fault), p.e))
	}
	return out
}

type part struct {
	e     naEntry
	fault string
}

const (
	faultReachableToStale = "na-reachable-to-stale"
	faultOverride         = "na-override-flag-ignored"
	faultSolicited        = "na-solicited-flag-ignored"
	faultConfirms         = "na-unsolicited-confirms"
)

var _ = Describe("Neighbor Advertisement processing, NCE state REACHABLE", Label("rfc:4861", "section:7.2.5", "ipv6ready:v6LC.2.1.18", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	DescribeTable("applies the advertisement to a REACHABLE entry as RFC 4861 §7.2.5 says",
		func(e naEntry) {
			makeReachable(l)
			advertise(l, e.k)
			e.o.judge(l)
		},
		stateTable([18]part{
			{na(naKind{tlla: sllaNone}, reachableSame), faultReachableToStale},
			{na(naKind{o: true, tlla: sllaNone}, reachableSame), faultReachableToStale},
			{na(naKind{s: true, tlla: sllaNone}, reachableSame), faultReachableToStale},
			{na(naKind{s: true, o: true, tlla: sllaNone}, reachableSame), faultReachableToStale},
			{na(naKind{tlla: sllaSame}, reachableSame), faultReachableToStale},
			{na(naKind{o: true, tlla: sllaSame}, reachableSame), faultReachableToStale},
			{na(naKind{s: true, tlla: sllaSame}, reachableSame), faultReachableToStale},
			{na(naKind{s: true, o: true, tlla: sllaSame}, reachableSame), faultReachableToStale},
			{na(naKind{tlla: sllaOther}, staleSame), faultOverride},
			{na(naKind{o: true, tlla: sllaOther}, staleOther), faultConfirms},
			{na(naKind{s: true, tlla: sllaOther}, staleSame), faultOverride},
			{na(naKind{s: true, o: true, tlla: sllaOther}, reachableOther), faultSolicited},
			{na(naKind{multicast: true, tlla: sllaSame}, reachableSame), faultReachableToStale},
			{na(naKind{multicast: true, o: true, tlla: sllaSame}, reachableSame), faultReachableToStale},
			{na(naKind{multicast: true, tlla: sllaOther}, staleSame), faultOverride},
			{na(naKind{multicast: true, o: true, tlla: sllaOther}, staleOther), faultConfirms},
			{na(naKind{multicast: true, tlla: sllaNone}, reachableSame), faultReachableToStale},
			{na(naKind{multicast: true, o: true, tlla: sllaNone}, reachableSame), faultReachableToStale},
		}),
	)
})

var _ = Describe("Neighbor Advertisement processing, NCE state STALE", Label("rfc:4861", "section:7.2.5", "ipv6ready:v6LC.2.1.19", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	DescribeTable("applies the advertisement to a STALE entry as RFC 4861 §7.2.5 says",
		func(e naEntry) {
			makeStale(l)
			advertise(l, e.k)
			e.o.judge(l)
		},
		stateTable([18]part{
			{na(naKind{tlla: sllaNone}, staleSame), faultConfirms},
			{na(naKind{o: true, tlla: sllaNone}, staleSame), faultConfirms},
			{na(naKind{s: true, tlla: sllaNone}, reachableSame), faultSolicited},
			{na(naKind{s: true, o: true, tlla: sllaNone}, reachableSame), faultSolicited},
			{na(naKind{tlla: sllaSame}, staleSame), faultConfirms},
			{na(naKind{o: true, tlla: sllaSame}, staleSame), faultConfirms},
			{na(naKind{s: true, tlla: sllaSame}, reachableSame), faultSolicited},
			{na(naKind{s: true, o: true, tlla: sllaSame}, reachableSame), faultSolicited},
			{na(naKind{tlla: sllaOther}, staleSame), faultOverride},
			{na(naKind{o: true, tlla: sllaOther}, staleOther), faultConfirms},
			{na(naKind{s: true, tlla: sllaOther}, staleSame), faultOverride},
			{na(naKind{s: true, o: true, tlla: sllaOther}, reachableOther), faultSolicited},
			{na(naKind{multicast: true, tlla: sllaSame}, staleSame), faultConfirms},
			{na(naKind{multicast: true, o: true, tlla: sllaSame}, staleSame), faultConfirms},
			{na(naKind{multicast: true, tlla: sllaOther}, staleSame), faultOverride},
			{na(naKind{multicast: true, o: true, tlla: sllaOther}, staleOther), faultConfirms},
			{na(naKind{multicast: true, tlla: sllaNone}, staleSame), faultConfirms},
			{na(naKind{multicast: true, o: true, tlla: sllaNone}, staleSame), faultConfirms},
		}),
	)
})

var _ = Describe("Neighbor Advertisement processing, NCE state PROBE", Label("rfc:4861", "section:7.2.5", "ipv6ready:v6LC.2.1.20", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	DescribeTable("applies the advertisement to an entry in PROBE as RFC 4861 §7.2.5 says",
		func(e naEntry) {
			makeProbe(l)
			advertise(l, e.k)
			e.o.judge(l)
		},
		stateTable([18]part{
			{na(naKind{tlla: sllaNone}, probingSame), faultConfirms},
			{na(naKind{o: true, tlla: sllaNone}, probingSame), faultConfirms},
			{na(naKind{s: true, tlla: sllaNone}, reachableSame), faultSolicited},
			{na(naKind{s: true, o: true, tlla: sllaNone}, reachableSame), faultSolicited},
			{na(naKind{tlla: sllaSame}, probingSame), faultConfirms},
			{na(naKind{o: true, tlla: sllaSame}, probingSame), faultConfirms},
			{na(naKind{s: true, tlla: sllaSame}, reachableSame), faultSolicited},
			{na(naKind{s: true, o: true, tlla: sllaSame}, reachableSame), faultSolicited},
			{na(naKind{tlla: sllaOther}, probingSame), faultOverride},
			{na(naKind{o: true, tlla: sllaOther}, staleOther), faultConfirms},
			{na(naKind{s: true, tlla: sllaOther}, probingSame), faultOverride},
			{na(naKind{s: true, o: true, tlla: sllaOther}, reachableOther), faultSolicited},
			{na(naKind{multicast: true, tlla: sllaSame}, probingSame), faultConfirms},
			{na(naKind{multicast: true, o: true, tlla: sllaSame}, probingSame), faultConfirms},
			{na(naKind{multicast: true, tlla: sllaOther}, probingSame), faultOverride},
			{na(naKind{multicast: true, o: true, tlla: sllaOther}, staleOther), faultConfirms},
			{na(naKind{multicast: true, tlla: sllaNone}, probingSame), faultConfirms},
			{na(naKind{multicast: true, o: true, tlla: sllaNone}, probingSame), faultConfirms},
		}),
	)
})

var _ = Describe("Neighbor Advertisement processing, R-bit change", Label("rfc:4861", "section:7.2.5", "ipv6ready:v6LC.2.1.21", "role:host", "level:must", "fault:na-router-flag-ignored"), func() {
	var l *suites.Link
	BeforeEach(func() {
		l = suites.Start().Link0
		l.TR1.AnswersNS = false
		By("TR1 advertises itself as a default router, with its link-layer address")
		l.AdvertiseAsRouter(l.TR1, validRA)
	})

	offLinkEcho := func() *packets.Packet {
		req := l.TN2.EchoRequest(l.NUTGlobal)
		req.Src, req.EthSrc = offLinkNode, l.TR1.MAC
		l.Send(req)
		return req
	}

	// An advertisement with R=0 that updates the entry (same address or
	// none, whatever O says) makes IsRouter false, and a router that is no
	// longer one leaves the Default Router List. With no other router the
	// host has no way to the off-link node.
	DescribeTable("takes a router off its Default Router List when the router's advertisement says R=0",
		func(flags uint8, tlla int) {
			By("an off-link node's Echo Request arrives through TR1; the node answers through TR1")
			req := offLinkEcho()
			l.Expect(packets.EchoReplyToMAC(req, l.TR1.MAC)).Within(suites.ReplyWait)

			var mac net.HardwareAddr
			if tlla == sllaSame {
				mac = l.TR1.MAC
			}
			By(fmt.Sprintf("TR1 sends an advertisement for its link-local address with R=0, S=%d, O=%d", b2i(flags&flagS != 0), b2i(flags&flagO != 0)))
			l.Send(l.TR1.NAWith(l.NUTLinkLocal, l.TR1.LinkLocal, flags, mac))

			By("another Echo Request from the off-link node gets no reply: the node has no router left")
			req = offLinkEcho()
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		},
		Entry("Part A: S=1, O=1, no target link-layer option", flagS|flagO, sllaNone),
		Entry("Part B: S=0, O=0, no target link-layer option", uint8(0), sllaNone),
		Entry("Part C: S=0, O=1, no target link-layer option", flagO, sllaNone),
		Entry("Part D: S=1, O=0, no target link-layer option", flagS, sllaNone),
		Entry("Part E: S=1, O=1, with the target link-layer option", flagS|flagO, sllaSame),
		Entry("Part F: S=0, O=0, with the target link-layer option", uint8(0), sllaSame),
		Entry("Part G: S=0, O=1, with the target link-layer option", flagO, sllaSame),
		Entry("Part H: S=1, O=0, with the target link-layer option", flagS, sllaSame),
	)
})

// RFC 6980 §5: a node must silently discard any Neighbor Solicitation or
// Advertisement that comes with a Fragment header, atomic fragments
// included. A node that did not would be open to ND attacks hidden in
// fragments. The catalogue's parts A and B of each test.
var _ = Describe("Neighbor Discovery messages in fragments", Label("rfc:4861", "rfc:6980", "section:5", "role:any", "level:must", "fault:nd-in-fragment-accepted"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	pieces := map[fragmentation]func(*packets.Packet) []*packets.Packet{
		atomicFragment: func(p *packets.Packet) []*packets.Packet { return p.Fragments(0x6e64) },
		twoFragments:   func(p *packets.Packet) []*packets.Packet { return p.Fragments(0x6e65, 16) },
	}

	DescribeTable("ignores a Neighbor Solicitation that comes in fragments",
		func(split fragmentation) {
			By("TN1 solicits the node's link-local address in a packet with a Fragment header")
			ns := l.TN1.NS(packets.SolicitedNode(l.NUTLinkLocal), l.NUTLinkLocal)
			l.SendAll(pieces[split](ns))
			By("the node does not answer it")
			l.ExpectNo(packets.NAFor(l.NUTLinkLocal)).Within(suites.ReplyWait)
		},
		Entry("v6LC.2.1.22 Part A: an atomic fragment", Label("ipv6ready:v6LC.2.1.22"), atomicFragment),
		Entry("v6LC.2.1.23 Part A: two fragments", Label("ipv6ready:v6LC.2.1.23"), twoFragments),
	)

	DescribeTable("ignores a Neighbor Advertisement that comes in fragments, and goes on resolving",
		func(split fragmentation) {
			req, ns := makeIncomplete(l)
			By("TN1 answers with a solicited advertisement in a packet with a Fragment header")
			l.SendAll(pieces[split](l.TN1.NAWith(ns.Src, l.TN1.LinkLocal, flagS|flagO, l.TN1.MAC)))
			By("the node sends no reply and solicits TN1 again")
			l.Expect(packets.ResolutionNS(l.TN1.LinkLocal)).Within(suites.RetransTimer + suites.Slack)
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		},
		Entry("v6LC.2.1.22 Part B: an atomic fragment", Label("ipv6ready:v6LC.2.1.22"), atomicFragment),
		Entry("v6LC.2.1.23 Part B: two fragments", Label("ipv6ready:v6LC.2.1.23"), twoFragments),
	)
})

var _ = Describe("Invalid Neighbor Advertisement handling, more fields", Label("rfc:4861", "section:7.1.2", "ipv6ready:v6LC.2.1.15", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	// As Part B (neighbor_solicitation.go): the node is resolving TN1, TN1
	// answers with an invalid advertisement, and the node must go on
	// soliciting without sending the reply that waits.
	DescribeTable("ignores an invalid advertisement while resolving, and keeps soliciting",
		func(change func(l *suites.Link, na *packets.Packet)) {
			req, ns := makeIncomplete(l)
			na := l.TN1.NAWith(ns.Src, l.TN1.LinkLocal, flagS|flagO, l.TN1.MAC)
			change(l, na)
			By("TN1 answers with an invalid advertisement")
			l.Send(na)
			By("the node does not send the waiting reply, and solicits TN1 again")
			l.Expect(packets.ResolutionNS(l.TN1.LinkLocal)).Within(suites.RetransTimer + suites.Slack)
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		},
		Entry("Part A: S=1 to the all-nodes group", Label("fault:na-solicited-multicast-accepted"), func(l *suites.Link, na *packets.Packet) {
			na.Dst, na.EthDst = packets.AllNodes, packets.MulticastMAC(packets.AllNodes)
		}),
		Entry("Part C: a wrong ICMPv6 checksum", Label("fault:icmp-no-checksum"), func(l *suites.Link, na *packets.Packet) {
			na.ICMP.BadChecksum = true
		}),
		Entry("Part D: ICMP code 1", Label("fault:na-any-code"), func(l *suites.Link, na *packets.Packet) {
			na.ICMP.Code = 1
		}),
		Entry("Part G: an option of length 0, after the target link-layer option", Label("fault:nd-zero-length-option"), func(l *suites.Link, na *packets.Packet) {
			na.ICMP.AppendOptions(packets.Option{Type: packets.OptNonce, Data: make([]byte, 6)}.WithLength(0))
		}),
	)
	// A short advertisement can carry no target link-layer option, so it
	// cannot complete resolution; in PROBE, S=1 alone would make the entry
	// REACHABLE and end the probes.
	It("Part E: ignores an advertisement whose ICMP length is under 24 octets: an entry in PROBE goes on probing",
		Label("fault:na-short-length"), func() {
			makeProbe(l)
			By("TN1 answers with a solicited advertisement of 20 octets, the rest of its target beyond the packet")
			na := l.TN1.NAWith(l.NUTLinkLocal, l.TN1.LinkLocal, flagS|flagO, nil)
			na.TruncateLeavingPadding(20)
			l.Send(na)
			expectProbing(l, l.TN1.MAC)
		})
})
