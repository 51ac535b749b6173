package rfc1981

import (
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// What a node does with the Packet Too Big messages it receives (RFC 8201
// §4, §5.2; RFC 4443 §3.2): the estimate it stores, per destination, which
// it validates, lowers whatever the code and raises only after a wait.

// minIncreaseWait is RFC 8201 §4: a node must not try to raise its
// estimate less than 5 minutes after a Packet Too Big lowered it.
const minIncreaseWait = 5 * time.Minute

var _ = Describe("Stored PMTU", Label("rfc:8201", "section:5.2", "ipv6ready:v6LC.4.1.2", "role:any", "level:must", "fault:pmtu-global"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(pmtud).Link0 })

	It("keeps a path MTU per destination: a Packet Too Big for TN1's path does not shrink packets to TN2", func() {
		tooBig(l, bigReply(l), 1280)
		By("TN2 sends a 1500-octet Echo Request")
		req := echoOfSize(l, 1500)
		req.EthSrc, req.Src = l.TN2.MAC, l.TN2.Global
		l.Send(req)
		By("the node answers TN2 in one 1500-octet packet")
		l.Expect(packets.EchoReplyTo(req).NoFragmentHeader().FitsMTU(1500)).Within(suites.ReplyWait)

		By("while its replies to TN1 still come in fragments of 1280 octets")
		again := echoOfSize(l, 1500)
		l.Send(again)
		l.Expect(packets.EchoReplyTo(again).FitsMTU(1280)).Within(suites.ReplyWait)
	})
})

var _ = Describe("Non-zero ICMPv6 code in a Packet Too Big", Label("rfc:4443", "section:3.2", "ipv6ready:v6LC.4.1.3", "role:any", "level:must", "fault:ptb-nonzero-code-ignored"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("acts on a Packet Too Big whatever its code: receivers ignore the code", func() {
		reply := bigReply(l)
		By("TN1 sends Packet Too Big, MTU 1280, with code 1")
		ptb := packets.PacketTooBig(l.TN1.MAC, l.NUTMAC, l.TN1.Global, l.NUTGlobal, 1280, reply.IPv6)
		ptb.ICMP.Code = 1
		l.Send(ptb)
		By("TN1 sends another 1500-octet Echo Request; the reply comes in fragments of 1280 octets")
		req := echoOfSize(l, 1500)
		l.Send(req)
		l.Expect(packets.EchoReplyTo(req).FitsMTU(1280)).Within(suites.ReplyWait)
	})
})

var _ = Describe("Reduce PMTU off-link", Label("rfc:8201", "section:4", "ipv6ready:v6LC.4.1.5", "role:host", "level:must", "fault:ptb-ignored"), func() {
	offLink := netip.MustParseAddr("2001:db8:99::1")

	It("lowers the path MTU to an off-link node when the router on the way reports Packet Too Big", func() {
		l := suites.Start(suites.Route(netip.MustParsePrefix("::/0"), 0, suites.NewLinkPlan(0).TR1.LinkLocal)).Link0

		By("an off-link node, through TR1, sends a 1500-octet Echo Request; the node answers through TR1")
		req := echoOfSize(l, 1500)
		req.EthSrc, req.Src = l.TR1.MAC, offLink
		l.Send(req)
		reply := l.Expect(packets.EchoReplyTo(req).FitsMTU(1500)).Within(suites.ReplyWait)

		By("TR1 reports Packet Too Big, MTU 1280, for the reply")
		l.Send(packets.PacketTooBig(l.TR1.MAC, l.NUTMAC, l.TR1.Global, l.NUTGlobal, 1280, reply.IPv6))

		By("the next reply to the off-link node comes in fragments of 1280 octets")
		again := echoOfSize(l, 1500)
		again.EthSrc, again.Src = l.TR1.MAC, offLink
		l.Send(again)
		l.Expect(packets.EchoReplyTo(again).FitsMTU(1280)).Within(suites.ReplyWait)
	})
})

var _ = Describe("Checking for an increase in PMTU", Label("rfc:8201", "section:4", "ipv6ready:v6LC.4.1.9", "role:any", "level:must", "slow", "fault:pmtu-raised-early"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("does not raise a lowered path MTU within 5 minutes", func() {
		tooBig(l, bigReply(l), 1280)
		By("nearly 5 minutes later, TN1 sends another 1500-octet Echo Request")
		l.Env().Wait(minIncreaseWait - suites.Slack - suites.ReplyWait)
		req := echoOfSize(l, 1500)
		l.Send(req)
		By("the reply still comes in fragments of 1280 octets")
		l.Expect(packets.EchoReplyTo(req).FitsMTU(1280)).Within(suites.ReplyWait)
	})
})

// RFC 8201 §4 asks nodes to check that a Packet Too Big answers traffic
// they sent (a lowercase "should": judged WARN); one quoting somebody
// else's packet could be forged to shrink the node's packets.
var _ = Describe("Validate Packet Too Big", Label("rfc:8201", "section:4", "ipv6ready:v6LC.4.1.12", "role:any", "level:should", "fault:ptb-unvalidated"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(pmtud).Link0 })

	It("ignores a Packet Too Big quoting a packet it did not send", func() {
		reply := bigReply(l)
		By("TN1 sends Packet Too Big, MTU 1280, quoting the reply with its source changed to TN2's address")
		forged := append([]byte(nil), reply.IPv6...)
		copy(forged[8:24], l.TN2.Global.AsSlice())
		l.Send(packets.PacketTooBig(l.TN1.MAC, l.NUTMAC, l.TN1.Global, l.NUTGlobal, 1280, forged))
		By("the node's next 1500-octet reply to TN1 still comes whole")
		req := echoOfSize(l, 1500)
		l.Send(req)
		l.Expect(packets.EchoReplyTo(req).NoFragmentHeader().FitsMTU(1500)).Within(suites.ReplyWait)
	})
})

// RFC 8201 §5.2: one estimate per destination; learning a second path's MTU
// keeps the first.
var _ = Describe("Stored PMTU for two destinations", Label("rfc:8201", "section:5.2", "role:any", "level:must", "fault:pmtu-new-evicts-old"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("keeps TN1's path MTU when a Packet Too Big then lowers the path to TN2", func() {
		tooBig(l, bigReply(l), 1280)
		By("TN2 sends a 1500-octet Echo Request; the node answers in one packet")
		req2 := echoOfSize(l, 1500)
		req2.EthSrc, req2.Src = l.TN2.MAC, l.TN2.Global
		l.Send(req2)
		reply2 := l.Expect(packets.EchoReplyTo(req2).FitsMTU(1500)).Within(suites.ReplyWait)
		By("TN2 answers the reply with Packet Too Big, MTU 1400")
		l.Send(packets.PacketTooBig(l.TN2.MAC, l.NUTMAC, l.TN2.Global, l.NUTGlobal, 1400, reply2.IPv6))
		By("TN1 sends another 1500-octet Echo Request: the reply still comes in fragments of 1280 octets")
		again := echoOfSize(l, 1500)
		l.Send(again)
		l.Expect(packets.EchoReplyTo(again).FitsMTU(1280)).Within(suites.ReplyWait)
	})
})
