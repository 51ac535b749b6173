package rfc2461

import (
	"net"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Neighbor Solicitation processing in each state of the sender's entry
// (RFC 4861 §7.2.3): a source link-layer option that differs from the
// cached address replaces it and makes the entry STALE; the same address
// changes nothing; a solicitation never confirms reachability (§7.3.1).
// The node answers each solicitation at the address it then has cached.

// nsKind is how TN1 solicits the node: unicast or to the solicited-node
// group, with its own link-layer address, another one, or none.
type nsKind struct {
	multicast bool
	slla      int // sllaNone, sllaSame, sllaOther
}

const (
	sllaNone = iota
	sllaSame
	sllaOther
)

// solicit sends TN1's solicitation for the node's link-local address and
// returns the link-layer address it carried (nil for none).
func solicit(l *suites.Link, k nsKind) net.HardwareAddr {
	GinkgoHelper()
	var mac net.HardwareAddr
	switch k.slla {
	case sllaSame:
		mac = l.TN1.MAC
	case sllaOther:
		mac = l.TN1.OtherMAC()
	}
	dst, how := l.NUTLinkLocal, "unicast"
	if k.multicast {
		dst, how = packets.SolicitedNode(l.NUTLinkLocal), "to the solicited-node group"
	}
	what := map[int]string{sllaNone: "without a source link-layer option", sllaSame: "with its link-layer address", sllaOther: "with a new link-layer address " + l.TN1.OtherMAC().String()}[k.slla]
	By("TN1 solicits the node's link-local address, " + how + ", " + what)
	l.Send(l.TN1.NSWith(dst, l.NUTLinkLocal, mac))
	return mac
}

// answerAt expects the node's advertisement to TN1 at mac.
func answerAt(l *suites.Link, mac net.HardwareAddr) *suites.Captured {
	GinkgoHelper()
	By("the node answers TN1 with a solicited advertisement sent to " + macName(l, mac))
	return l.Expect(packets.NAFor(l.NUTLinkLocal).To(l.TN1.LinkLocal).RouterSolicitedFlags(packets.NAFlags{Router: suites.IsRouter(), Solicited: true}).ToMAC(mac)).Within(suites.ReplyWait)
}

var _ = Describe("Neighbor Solicitation processing, no NCE, without a source link-layer option", Label("rfc:4861", "section:7.2.4", "ipv6ready:v6LC.2.1.8", "role:any", "level:must"), func() {
	It("Part C: answers a unicast solicitation without a source link-layer option, resolving the sender first if it must",
		Label("fault:na-no-solicited-flag"), func() {
			l := suites.Start().Link0
			solicit(l, nsKind{slla: sllaNone})
			By("the node answers TN1 with a solicited advertisement (TN1 answers the node's own solicitation, if any)")
			l.Expect(packets.NAFor(l.NUTLinkLocal).To(l.TN1.LinkLocal).From(l.NUTLinkLocal).RouterSolicitedFlags(packets.NAFlags{Router: suites.IsRouter(), Solicited: true})).
				Within(suites.ReplyWait + suites.RetransTimer)
		})
})

var _ = Describe("Neighbor Solicitation processing, NCE state INCOMPLETE", Label("rfc:4861", "section:7.2.3", "ipv6ready:v6LC.2.1.9", "role:any"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	DescribeTable("completes resolution from a solicitation's source link-layer option: the waiting reply and the advertisement go to TN1", Label("level:should"),
		func(k nsKind) {
			req, _ := makeIncomplete(l)
			solicit(l, k)
			By("the entry is STALE at TN1's address: the node sends the reply that waited and answers the solicitation there")
			l.ExpectEach(suites.ReplyWait,
				packets.EchoReplyToMAC(req, l.TN1.MAC),
				packets.NAFor(l.NUTLinkLocal).To(l.TN1.LinkLocal).RouterSolicitedFlags(packets.NAFlags{Router: suites.IsRouter(), Solicited: true}).ToMAC(l.TN1.MAC))
		},
		Entry("Part A: unicast", Label("fault:ns-slla-not-learned"), nsKind{slla: sllaSame}),
		Entry("Part B: to the solicited-node group", Label("fault:ns-slla-not-learned"), nsKind{multicast: true, slla: sllaSame}),
	)

	It("Part C: stays INCOMPLETE after a unicast solicitation without a source link-layer option",
		Label("level:must", "fault:nd-missing-lla-as-zero"), func() {
			req, _ := makeIncomplete(l)
			solicit(l, nsKind{slla: sllaNone})
			By("the node learns nothing from it: no reply is sent, and it solicits TN1 again")
			l.Expect(packets.ResolutionNS(l.TN1.LinkLocal)).Within(suites.RetransTimer + suites.Slack)
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})
})

// nsInState is one part of v6LC.2.1.10 to 2.1.12: TN1's solicitation, and
// the judgement of the entry after it.
type nsInState struct {
	k     nsKind
	judge func(l *suites.Link, na *suites.Captured)
}

// stays judges the entry unchanged at TN1's MAC by its state's own signs.
func staysReachable(l *suites.Link, _ *suites.Captured) { expectReachable(l, l.TN1.MAC) }

// delaysAt judges that the answer put a STALE entry into DELAY, at TN1's
// link-layer address (sllaSame) or at its new one (sllaOther).
func delaysAt(lla int) func(l *suites.Link, na *suites.Captured) {
	return func(l *suites.Link, na *suites.Captured) {
		GinkgoHelper()
		mac := l.TN1.MAC
		if lla == sllaOther {
			mac = l.TN1.OtherMAC()
		}
		By("the entry was STALE and the answer made it DELAY: DELAY_FIRST_PROBE_TIME after it, a unicast probe goes to " + macName(l, mac))
		expectDelayThenProbe(l, na, mac)
	}
}

func nsState(k nsKind, judge func(*suites.Link, *suites.Captured)) nsInState {
	return nsInState{k, judge}
}

func answerMAC(l *suites.Link, k nsKind) net.HardwareAddr {
	if k.slla == sllaOther {
		return l.TN1.OtherMAC()
	}
	return l.TN1.MAC
}

var _ = Describe("Neighbor Solicitation processing, NCE state REACHABLE", Label("rfc:4861", "section:7.2.3", "ipv6ready:v6LC.2.1.10", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	DescribeTable("keeps a REACHABLE entry for the same link-layer address, and makes it STALE at a new one",
		func(c nsInState) {
			makeReachable(l)
			solicit(l, c.k)
			na := answerAt(l, answerMAC(l, c.k))
			c.judge(l, na)
		},
		Entry("Part A: unicast, the same link-layer address: stays REACHABLE", Label("fault:ns-slla-sets-stale"), nsState(nsKind{slla: sllaSame}, staysReachable)),
		Entry("Part B: unicast, a new link-layer address: STALE there", Label("fault:stale-not-updated-by-ns"), nsState(nsKind{slla: sllaOther}, delaysAt(sllaOther))),
		Entry("Part C: to the group, the same link-layer address: stays REACHABLE", Label("fault:ns-slla-sets-stale"), nsState(nsKind{multicast: true, slla: sllaSame}, staysReachable)),
		Entry("Part D: to the group, a new link-layer address: STALE there", Label("fault:stale-not-updated-by-ns"), nsState(nsKind{multicast: true, slla: sllaOther}, delaysAt(sllaOther))),
	)
})

var _ = Describe("Neighbor Solicitation processing, NCE state STALE", Label("rfc:4861", "section:7.2.3", "ipv6ready:v6LC.2.1.11", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	DescribeTable("keeps a STALE entry STALE, at the new link-layer address if the solicitation brings one; a solicitation confirms nothing",
		func(c nsInState) {
			makeStale(l)
			solicit(l, c.k)
			na := answerAt(l, answerMAC(l, c.k))
			c.judge(l, na)
		},
		Entry("Part A: unicast, the same link-layer address", Label("fault:ns-confirms-reachability"), nsState(nsKind{slla: sllaSame}, delaysAt(sllaSame))),
		Entry("Part B: unicast, a new link-layer address", Label("fault:stale-not-updated-by-ns"), nsState(nsKind{slla: sllaOther}, delaysAt(sllaOther))),
		Entry("Part C: to the group, the same link-layer address", Label("fault:ns-confirms-reachability"), nsState(nsKind{multicast: true, slla: sllaSame}, delaysAt(sllaSame))),
		Entry("Part D: to the group, a new link-layer address", Label("fault:stale-not-updated-by-ns"), nsState(nsKind{multicast: true, slla: sllaOther}, delaysAt(sllaOther))),
	)
})

var _ = Describe("Neighbor Solicitation processing, NCE state PROBE", Label("rfc:4861", "section:7.2.3", "ipv6ready:v6LC.2.1.12", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	probing := func(l *suites.Link, _ *suites.Captured) { expectProbing(l, l.TN1.MAC) }
	DescribeTable("goes on probing for the same link-layer address, and makes the entry STALE at a new one",
		func(c nsInState) {
			makeProbe(l)
			solicit(l, c.k)
			na := answerAt(l, answerMAC(l, c.k))
			c.judge(l, na)
		},
		Entry("Part A: unicast, the same link-layer address: still PROBE", Label("fault:ns-confirms-reachability"), nsState(nsKind{slla: sllaSame}, probing)),
		Entry("Part B: unicast, a new link-layer address: STALE there", Label("fault:stale-not-updated-by-ns"), nsState(nsKind{slla: sllaOther}, delaysAt(sllaOther))),
		Entry("Part C: to the group, the same link-layer address: still PROBE", Label("fault:ns-confirms-reachability"), nsState(nsKind{multicast: true, slla: sllaSame}, probing)),
		Entry("Part D: to the group, a new link-layer address: STALE there", Label("fault:stale-not-updated-by-ns"), nsState(nsKind{multicast: true, slla: sllaOther}, delaysAt(sllaOther))),
	)
})

var _ = Describe("Neighbor Solicitation processing, IsRouter flag", Label("rfc:4861", "section:7.2.3", "ipv6ready:v6LC.2.1.13", "role:host", "level:must", "fault:ns-clears-is-router"), func() {
	var l *suites.Link
	BeforeEach(func() {
		l = suites.Start().Link0
		l.TR1.AnswersNS = false
		By("TR1 advertises itself as a default router, with its link-layer address")
		l.AdvertiseAsRouter(l.TR1, validRA)
	})

	// A solicitation from a router must not change its IsRouter flag; a
	// host that cleared it would take TR1 off its Default Router List
	// (§7.2.5) and could no longer reach off-link nodes.
	DescribeTable("keeps a router a router when it sends a solicitation",
		func(k nsKind) {
			dst := l.NUTLinkLocal
			if k.multicast {
				dst = packets.SolicitedNode(l.NUTLinkLocal)
			}
			var mac net.HardwareAddr
			via := l.TR1.MAC
			switch k.slla {
			case sllaSame:
				mac = l.TR1.MAC
			case sllaOther:
				mac, via = l.TR1.OtherMAC(), l.TR1.OtherMAC()
			}
			By("TR1 solicits the node's link-local address")
			l.Send(l.TR1.NSWith(dst, l.NUTLinkLocal, mac))
			l.Expect(packets.NAFor(l.NUTLinkLocal).To(l.TR1.LinkLocal)).Within(suites.ReplyWait + suites.RetransTimer)

			By("an off-link node's Echo Request arrives through TR1; the node still answers through TR1, at " + via.String())
			req := l.TN2.EchoRequest(l.NUTGlobal)
			req.Src, req.EthSrc = offLinkNode, l.TR1.MAC
			l.Send(req)
			l.Expect(packets.EchoReplyToMAC(req, via)).Within(suites.ReplyWait)
		},
		Entry("Part A: unicast, without a source link-layer option", nsKind{slla: sllaNone}),
		Entry("Part B: unicast, with its link-layer address", nsKind{slla: sllaSame}),
		Entry("Part C: to the solicited-node group, with a new link-layer address", nsKind{multicast: true, slla: sllaOther}),
	)
})

// maxAnycastDelayTime is MAX_ANYCAST_DELAY_TIME (RFC 4861 §10).
const maxAnycastDelayTime = time.Second

var _ = Describe("Neighbor Solicitation processing, anycast", Label("rfc:4861", "section:7.2.7", "ipv6ready:v6LC.2.1.14", "role:router"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	// The subnet-router anycast address of the link's prefix (RFC 4291
	// §2.6.1) belongs to every router on the link.
	anycast := func(l *suites.Link) (na *packets.Matcher) {
		a := l.Prefix.Masked().Addr()
		By("TN1 solicits the subnet-router anycast address " + a.String() + " at its solicited-node group")
		l.Send(l.TN1.NS(packets.SolicitedNode(a), a))
		return packets.NAFor(a).To(l.TN1.Global)
	}

	It("answers a solicitation for its subnet-router anycast address, within MAX_ANYCAST_DELAY_TIME",
		Label("level:must", "fault:no-subnet-router-anycast"), func() {
			na := anycast(l)
			By("the node answers TN1 (after a random delay of up to 1 s)")
			l.Expect(na).Within(suites.ReplyWait + suites.Slack)
		})

	// §7.2.4: the random delay before an anycast answer is at most
	// MAX_ANYCAST_DELAY_TIME; the tester allows only its capture jitter
	// past it.
	It("delays its answer for an anycast address by no more than MAX_ANYCAST_DELAY_TIME",
		Label("section:7.2.4", "level:should", "fault:anycast-answer-late"), func() {
			na := anycast(l)
			By("the node answers TN1 within MAX_ANYCAST_DELAY_TIME (1 s)")
			l.Expect(na).Within(maxAnycastDelayTime + suites.CaptureJitter)
		})

	It("answers for an anycast address with O=0, so that a unicast owner of the address wins",
		Label("level:should", "fault:anycast-override"), func() {
			na := anycast(l)
			By("the node's advertisement has R=1, S=1, O=0 and its link-layer address")
			l.Expect(na.NAFlags(packets.NAFlags{Router: true, Solicited: true}).WithLLA(packets.OptTargetLLA, l.NUTMAC)).Within(suites.ReplyWait + suites.Slack)
		})
})

var _ = Describe("Invalid Neighbor Solicitation handling, destination and length", Label("rfc:4861", "section:7.1.1", "ipv6ready:v6LC.2.1.7", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("Part B: ignores a solicitation from the unspecified address that is not sent to a solicited-node group",
		Label("fault:ns-dad-any-destination"), func() {
			By("TN1 probes the node's link-local address as DAD does, but to all-nodes")
			bad := l.TN1.DADNS(l.NUTLinkLocal)
			bad.Dst, bad.EthDst = packets.AllNodes, packets.MulticastMAC(packets.AllNodes)
			l.Send(bad)
			By("the node does not defend its address against it")
			l.ExpectNo(packets.NAFor(l.NUTLinkLocal)).Within(suites.ReplyWait)

			By("TN1 sends the same probe to the solicited-node group, and the node defends its address")
			l.Send(l.TN1.DADNS(l.NUTLinkLocal))
			l.Expect(packets.NAFor(l.NUTLinkLocal).To(packets.AllNodes)).Within(suites.ReplyWait)
		})

	It("Part G: ignores a solicitation whose ICMP length is under 24 octets",
		Label("fault:ns-short-length"), func() {
			By("TN1 solicits the node's link-local address with 20 octets of ICMPv6, the rest of the target beyond the packet")
			bad := l.TN1.NSWith(l.NUTLinkLocal, l.NUTLinkLocal, nil)
			bad.TruncateLeavingPadding(20)
			l.Send(bad)
			By("the node does not answer it")
			l.ExpectNo(packets.NAFor(l.NUTLinkLocal)).Within(suites.ReplyWait)

			By("TN1 sends the solicitation whole, and the node answers it")
			l.Send(l.TN1.NSWith(l.NUTLinkLocal, l.NUTLinkLocal, l.TN1.MAC))
			l.Expect(packets.NAFor(l.NUTLinkLocal).To(l.TN1.LinkLocal)).Within(suites.ReplyWait)
		})
})

var _ = Describe("Resolution wait queues", Label("rfc:4861", "section:7.2.2", "ipv6ready:v6LC.2.1.2", "role:any", "fault:no-queue-while-incomplete"), func() {
	var l *suites.Link
	BeforeEach(func() {
		l = suites.Start().Link0
		l.TN1.AnswersNS, l.TN2.AnswersNS = false, false
	})

	// §7.2.2: the queue MUST hold at least one packet and MAY hold more,
	// "limited to some small value"; three is small. Key judgement 22.
	It("Part A: keeps three packets waiting for one neighbor and sends them all once it answers",
		Label("level:may"), func() {
			By("TN1 sends three Echo Requests; the node solicits TN1")
			var reqs []*packets.Packet
			for range 3 {
				reqs = append(reqs, ping(l))
			}
			ns := l.Expect(packets.ResolutionNS(l.TN1.LinkLocal)).Within(suites.ReplyWait)
			By("TN1 answers with a solicited advertisement")
			l.Send(l.TN1.NAWith(ns.Src, l.TN1.LinkLocal, flagS|flagO, l.TN1.MAC))
			By("the node sends the three replies")
			var ms []*packets.Matcher
			for _, r := range reqs {
				ms = append(ms, packets.EchoReplyTo(r))
			}
			l.ExpectEach(suites.ReplyWait, ms...)
		})

	It("Part B: keeps a queue per neighbor, each sent when its own neighbor answers",
		Label("level:must"), func() {
			By("TN1 and TN2 each send an Echo Request; the node solicits both")
			r1 := ping(l)
			r2 := l.TN2.EchoRequest(l.NUTLinkLocal)
			l.Send(r2)
			ns1 := l.ExpectEach(suites.ReplyWait, packets.ResolutionNS(l.TN1.LinkLocal), packets.ResolutionNS(l.TN2.LinkLocal))[0]
			By("TN1 answers: only TN1's reply is sent")
			l.Send(l.TN1.NAWith(ns1.Src, l.TN1.LinkLocal, flagS|flagO, l.TN1.MAC))
			l.Expect(packets.EchoReplyTo(r1)).Within(suites.ReplyWait)
			l.ExpectNo(packets.EchoReplyTo(r2)).Within(suites.ReplyWait / 2)
			By("TN2 answers: TN2's reply is sent")
			l.Send(l.TN2.NAWith(l.NUTLinkLocal, l.TN2.LinkLocal, flagS|flagO, l.TN2.MAC))
			l.Expect(packets.EchoReplyTo(r2)).Within(suites.ReplyWait)
		})
})
