package rfc2460

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

var _ = Describe("Version field", Label("rfc:8200", "section:3", "ipv6ready:v6LC.1.1.1", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	DescribeTable("discards a packet whose Version is not 6 and still answers a valid one afterwards",
		Label("fault:any-version"),
		func(version uint8) {
			By("TN1 sends an Echo Request to the node's link-local address with the Version field set to another value")
			bad := l.TN1.EchoRequest(l.NUTLinkLocal)
			bad.Version = version
			l.Send(bad)

			By("the node neither answers nor reports it")
			l.ExpectNo(packets.AnyReplyTo(bad)).Within(suites.ReplyWait)

			By("a valid Echo Request from TN1 is answered")
			good := l.TN1.EchoRequest(l.NUTLinkLocal)
			l.Send(good)
			l.Expect(packets.EchoReplyTo(good)).Within(suites.ReplyWait)
		},
		Entry("version 0", uint8(0)),
		Entry("version 4", uint8(4)),
		Entry("version 5", uint8(5)),
		Entry("version 7", uint8(7)),
		Entry("version 15", uint8(15)),
	)
})

var _ = Describe("Payload Length", Label("rfc:8200", "section:3", "ipv6ready:v6LC.1.1.5", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("takes an odd Payload Length as the packet's end and ignores octets the frame carries beyond it",
		Label("fault:ignore-payload-length"), func() {
			By("TN1 sends an Echo Request with 43 data octets (Payload Length 51, odd) in a frame padded with 6 more octets")
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			data := make([]byte, 43)
			for i := range data {
				data[i] = byte(i)
			}
			req.ICMP.SetEchoData(data)
			req.Trailer = []byte{0xde, 0xad, 0xbe, 0xef, 0xde, 0xad}
			l.Send(req)

			By("the node echoes exactly the 43 data octets, without the padding")
			l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})

	It("discards a packet whose Payload Length claims more octets than arrived",
		Label("fault:ignore-payload-length"), func() {
			By("TN1 sends an Echo Request whose Payload Length is 8 octets longer than its payload")
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			n := uint16(len(req.IPv6Bytes()) - 40 + 8)
			req.PayloadLength = &n
			l.Send(req)

			By("the node does not answer the truncated packet")
			l.ExpectNo(packets.AnyReplyTo(req)).Within(suites.ReplyWait)
		})
})

var _ = Describe("No Next Header after the IPv6 header", Label("rfc:8200", "section:4.7", "ipv6ready:v6LC.1.1.6", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("ignores a packet whose Next Header is 59 and sends nothing about it",
		Label("fault:pp-for-no-next-header"), func() {
			By("TN1 sends a packet to the node with Next Header 59 and 8 octets after the header")
			p := packets.New(l.TN1.MAC, l.NUTMAC, l.TN1.LinkLocal, l.NUTLinkLocal)
			p.NextHeader = packets.ProtoNoNext
			p.Raw = []byte("ignored.")
			l.Send(p)

			By("the node sends no ICMPv6 error about it")
			l.ExpectNo(packets.ICMPErrorAbout(p)).Within(suites.ReplyWait)
		})
})

var _ = Describe("Unrecognized Next Header in the IPv6 header", Label("rfc:8200", "section:4", "ipv6ready:v6LC.1.1.7", "role:any"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	// unknown sends a packet to the node's link-local address whose Next
	// Header names no protocol the node knows.
	unknown := func(nh uint8) *packets.Packet {
		By("TN1 sends a packet to the node's link-local address whose Next Header names no protocol the node knows")
		p := packets.New(l.TN1.MAC, l.NUTMAC, l.TN1.LinkLocal, l.NUTLinkLocal)
		p.NextHeader = nh
		p.Raw = make([]byte, 8)
		l.Send(p)
		return p
	}

	DescribeTable("answers Parameter Problem code 1 about the packet",
		Label("level:should", "fault:unknown-next-header-silent"),
		func(nh uint8) {
			p := unknown(nh)

			By("the node reports it with a Parameter Problem code 1")
			l.Expect(packets.ParamProblemTo(p.Src).Code(1)).Within(suites.ReplyWait)

			By("the node still answers a valid Echo Request")
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			l.Send(req)
			l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		},
		Entry("Next Header 200", uint8(200)),
		Entry("Next Header 252", uint8(252)),
		Entry("Next Header 254 (experimental)", uint8(254)),
	)

	DescribeTable("a Parameter Problem it sends has code 1, points at the Next Header field (offset 6) and quotes the packet",
		Label("level:must", "fault:pp-pointer-off-by-one"),
		func(nh uint8) {
			p := unknown(nh)
			reportedOrSkip(l, p)

			By("its Parameter Problem: code 1, pointer 6, the packet quoted, from the address it was sent to")
			l.Expect(packets.ParamProblem(1, p.PointerTo(packets.IPv6Header, packets.NextHeader)).Quoting(p).From(l.NUTLinkLocal)).Within(suites.ReplyWait)
		},
		Entry("Next Header 200", uint8(200)),
		Entry("Next Header 252", uint8(252)),
		Entry("Next Header 254 (experimental)", uint8(254)),
	)
})

var _ = Describe("Hop Limit zero at the destination", Label("rfc:8200", "section:3", "ipv6ready:v6LC.1.1.8", "role:any", "level:should"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("accepts a packet addressed to it that arrives with Hop Limit 0 and answers with a Hop Limit above 0",
		Label("fault:drop-hoplimit-zero"), func() {
			By("TN1 sends an Echo Request with Hop Limit 0 to the node's link-local address")
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			req.HopLimit = 0
			l.Send(req)

			By("the node answers it; only forwarding is bounded by the Hop Limit")
			l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})
})
