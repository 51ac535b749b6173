package rfc1981

import (
	"bytes"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// pmtud makes a spec N/A on a node that declares no Path MTU Discovery:
// RFC 8200 §5 lets a minimal node leave it out and send no packet larger
// than 1280 octets. Only the specs that need the node to send more than
// 1280 octets after a Packet Too Big need it (one below the minimum, one
// quoting a packet the node never sent, a path MTU kept per destination).
// The specs whose requirement is that the node's packets shrink to 1280
// octets, or do not grow again, judge every node: a minimal node meets
// them as it meets RFC 8200 §5, by never sending more.
var pmtud = suites.NeedsCapability(suites.CapPathMTUDiscovery)

// echoOfSize is an Echo Request from TN1's global address to the node's,
// size octets long in all (IPv6 header included).
func echoOfSize(l *suites.Link, size int) *packets.Packet {
	req := l.TN1.EchoRequest(l.NUTGlobal)
	req.ICMP.SetEchoData(bytes.Repeat([]byte{0xa5}, size-40-8))
	return req
}

// bigReply gets the node to send TN1 a 1500-octet Echo Reply and returns it.
func bigReply(l *suites.Link) *suites.Captured {
	GinkgoHelper()
	By("TN1 sends a 1500-octet Echo Request; the node answers with 1500 octets")
	req := echoOfSize(l, 1500)
	l.Send(req)
	return l.Expect(packets.EchoReplyTo(req).FitsMTU(1500)).Within(suites.ReplyWait)
}

// tooBig tells the node that its packet could not pass a link of mtu octets.
func tooBig(l *suites.Link, reply *suites.Captured, mtu uint32) {
	By("TN1 answers the reply with Packet Too Big")
	l.Send(packets.PacketTooBig(l.TN1.MAC, l.NUTMAC, l.TN1.Global, l.NUTGlobal, mtu, reply.IPv6))
}

var _ = Describe("Confirm ping", Label("rfc:8201", "section:4", "ipv6ready:v6LC.4.1.1", "role:any", "level:must", "fault:no-echo-reply"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	DescribeTable("answers Echo Requests of every size up to the link MTU in one packet",
		func(size int) {
			By("TN1 sends an Echo Request of the given size")
			req := echoOfSize(l, size)
			l.Send(req)
			By("the node answers with the same size, unfragmented")
			l.Expect(packets.EchoReplyTo(req).NoFragmentHeader()).Within(suites.ReplyWait)
		},
		Entry("Part A: 64 octets", 64),
		Entry("Part B: 1280 octets", 1280),
		Entry("Part C: 1500 octets", 1500),
	)
})

var _ = Describe("Reduce PMTU on-link", Label("rfc:8201", "section:4", "ipv6ready:v6LC.4.1.4", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("fragments to 1280 octets after a Packet Too Big with MTU 1280", Label("fault:no-fragmentation"), func() {
		tooBig(l, bigReply(l), 1280)
		By("TN1 sends another 1500-octet Echo Request")
		req := echoOfSize(l, 1500)
		l.Send(req)
		By("the node's reply comes in fragments of at most 1280 octets")
		l.Expect(packets.EchoReplyTo(req).FitsMTU(1280)).Within(suites.ReplyWait)
	})
})

// RFC 8201 §4 makes a node discard a Packet Too Big that reports less than
// 1280. Classic difference (label classic:rfc1981): RFC 1981 had the node
// take 1280 and put a Fragment header in every packet instead; a node that
// still does so fails here.
var _ = Describe("Receiving an MTU below the IPv6 minimum link MTU", Label("rfc:8201", "section:4", "ipv6ready:v6LC.4.1.6", "classic:rfc1981", "role:any", "level:must", "fault:pmtu-below-1280"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(pmtud).Link0 })

	DescribeTable("discards a Packet Too Big that reports an MTU below 1280 octets",
		func(mtu uint32) {
			tooBig(l, bigReply(l), mtu)
			By("TN1 sends another 1500-octet Echo Request")
			req := echoOfSize(l, 1500)
			l.Send(req)
			By("the node discarded the message: its reply comes whole, in one 1500-octet packet")
			l.Expect(packets.EchoReplyTo(req).NoFragmentHeader().FitsMTU(1500)).Within(suites.ReplyWait)
		},
		Entry("Part A: MTU 56", uint32(56)),
		Entry("Part B: MTU 1279", uint32(1279)),
	)
})

var _ = Describe("Increase estimate", Label("rfc:8201", "section:4", "ipv6ready:v6LC.4.1.7", "role:any", "level:must", "fault:pmtu-raised-by-ptb"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	DescribeTable("does not raise its path MTU estimate because of a Packet Too Big",
		func(mtu uint32) {
			reply := bigReply(l)
			tooBig(l, reply, 1280)
			By("TN1 sends a second Packet Too Big with a larger MTU")
			tooBig(l, reply, mtu)
			By("TN1 sends another 1500-octet Echo Request")
			req := echoOfSize(l, 1500)
			l.Send(req)
			By("the node still fragments its reply to 1280 octets")
			l.Expect(packets.EchoReplyTo(req).FitsMTU(1280)).Within(suites.ReplyWait)
		},
		Entry("Part A: MTU 1500", uint32(1500)),
		Entry("Part B: MTU 0x1FFFFFFF", uint32(0x1fffffff)),
	)
})
