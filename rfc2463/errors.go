package rfc2463

import (
	"fmt"
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// unknownNH is a packet to dst whose Next Header no node knows: the
// simplest way to make a node want to send an error.
func unknownNH(l *suites.Link, dst, src netip.Addr) *packets.Packet {
	p := packets.New(l.TN1.MAC, packets.MACFor(dst, l.NUTMAC), src, dst)
	p.NextHeader = 200
	p.Raw = make([]byte, 8)
	return p
}

// addressScope is which of the node's addresses TN1 sends to (from its own
// address of the same scope).
type addressScope int

const (
	toLinkLocal addressScope = iota
	toGlobal
)

var _ = Describe("Destination Unreachable", Label("rfc:4443", "section:3.1", "ipv6ready:v6LC.5.1.3", "role:any", "level:should"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	DescribeTable("answers a UDP datagram to a port nobody listens on with Destination Unreachable code 4, quoting it",
		Label("fault:no-port-unreachable"),
		func(to addressScope) {
			src, dst := l.TN1.LinkLocal, l.NUTLinkLocal
			if to == toGlobal {
				src, dst = l.TN1.Global, l.NUTGlobal
			}
			By("TN1 sends a UDP datagram to port 33434 of the node")
			p := packets.UDPDatagram(l.TN1.MAC, l.NUTMAC, src, dst, 40000, 33434, []byte("anybody there?"))
			l.Send(p)
			By("the node answers port unreachable")
			l.Expect(packets.DestUnreachable(4).Quoting(p).From(dst)).Within(suites.ReplyWait)
		},
		Entry("Part C: to the link-local address", toLinkLocal),
		Entry("Part D: to the global address", toGlobal),
	)
})

var _ = Describe("Unknown informational messages", Label("rfc:4443", "section:2.4", "ipv6ready:v6LC.5.1.8", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("silently discards an informational message of a type it does not know",
		Label("fault:reply-unknown-informational"), func() {
			By("TN1 sends an ICMPv6 message of type 200 (informational, unassigned) to the node")
			p := l.TN1.EchoRequest(l.NUTLinkLocal)
			p.ICMP.Type = 200
			l.Send(p)
			By("nothing comes back: no reply, no error")
			none := &packets.Matcher{Desc: "any ICMPv6 message to TN1 about it"}
			none.Identify("an ICMPv6 message to TN1", func(f *packets.Frame) (bool, string) {
				return f.IsICMP && f.Dst == p.Src && f.ICMPType != packets.TypeNS && f.ICMPType != packets.TypeNA, ""
			})
			l.ExpectNo(none).Within(suites.ReplyWait)
		})
})

var _ = Describe("No ICMPv6 error where one must not be sent", Label("rfc:4443", "section:2.4", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("sends no error about an ICMPv6 error message, even one carrying an option that asks for one",
		Label("fault:error-about-error"), func() {
			By("TN1 sends a Destination Unreachable message whose Destination Options header holds an unknown option of type 10xxxxxx")
			inner := l.TN1.EchoRequest(l.NUTLinkLocal).IPv6Bytes()
			p := packets.New(l.TN1.MAC, l.NUTMAC, l.TN1.LinkLocal, l.NUTLinkLocal)
			p.Ext = []packets.ExtHeader{packets.DestOpts(packets.UnknownOption(0x9e, 4))}
			p.NextHeader = packets.ProtoICMPv6
			p.ICMP = &packets.ICMPv6{Type: packets.TypeDestUnreachable, Code: 4, Body: append(make([]byte, 4), inner...)}
			l.Send(p)
			By("the node discards it without a Parameter Problem (section 2.4 (e.1))")
			l.ExpectNo(packets.ICMPErrorAbout(p)).Within(suites.ReplyWait)
		})

	It("sends no Port Unreachable about a UDP datagram sent to a multicast address",
		Label("ipv6ready:v6LC.5.1.10", "fault:error-to-multicast"), func() {
			By("TN1 sends a UDP datagram to port 33434 at ff02::1 (Part A)")
			p := packets.UDPDatagram(l.TN1.MAC, packets.MulticastMAC(packets.AllNodes), l.TN1.LinkLocal, packets.AllNodes, 40000, 33434, []byte("anybody?"))
			l.Send(p)
			By("the node sends no Destination Unreachable (section 2.4 (e.2))")
			l.ExpectNo(packets.ICMPErrorAbout(p)).Within(suites.ReplyWait)
		})

	It("sends no Parameter Problem code 1 about a packet sent to a multicast address",
		Label("fault:error-to-multicast"), func() {
			By("TN1 sends a packet with an unknown Next Header to ff02::1")
			p := unknownNH(l, packets.AllNodes, l.TN1.LinkLocal)
			l.Send(p)
			By("the node sends no Parameter Problem (section 2.4 (e.2))")
			l.ExpectNo(packets.ICMPErrorAbout(p)).Within(suites.ReplyWait)
		})

	It("sends no error about a packet that came as a link-layer multicast",
		Label("fault:error-to-multicast"), func() {
			By("TN1 sends a packet with an unknown Next Header to the node's address, in a frame to 33:33:00:00:00:01")
			p := unknownNH(l, l.NUTLinkLocal, l.TN1.LinkLocal)
			p.EthDst = packets.MulticastMAC(packets.AllNodes)
			l.Send(p)
			By("the node sends no Parameter Problem (section 2.4 (e.3))")
			l.ExpectNo(packets.ICMPErrorAbout(p)).Within(suites.ReplyWait)
		})
})

var _ = Describe("Size of an error message", Label("rfc:4443", "section:2.4", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("quotes as much of a 1500-octet packet as fits in an error of at most 1280 octets",
		Label("fault:error-exceeds-min-mtu"), func() {
			By("TN1 sends a 1500-octet packet with an unknown Next Header")
			p := unknownNH(l, l.NUTLinkLocal, l.TN1.LinkLocal)
			p.Raw = make([]byte, 1500-40)
			l.Send(p)
			By("the node's Parameter Problem is 1280 octets with the first 1232 octets of the packet (section 2.4 (c))")
			l.Expect(packets.ParamProblem(1, p.PointerTo(packets.IPv6Header, packets.NextHeader)).Quoting(p)).Within(suites.ReplyWait)
		})
})

// RFC 4443 §2.4 (f): a node MUST limit the rate of the ICMPv6 errors it
// originates, but the RFC sets no numbers: its token bucket, timer and
// bandwidth schemes are examples, and the parameters are the node's to
// choose. So the spec fails only a node that does not limit at all: one
// that answers every packet of a burst far larger than any sane bucket
// (500, where common defaults allow a burst of 10 to 100 and a sustained
// rate of a few to 1000 errors a second). Any real limiting passes. On a
// real clock, a burst the tester sends slowly would let a limiter refill
// while it lasts; a burst that took longer than burstSendLimit is a tester
// error, not a verdict.
var _ = Describe("Rate limiting of error messages", Label("rfc:4443", "section:2.4", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("does not answer every one of a large burst of packets that each call for an error",
		Label("fault:no-rate-limit"), func() {
			const (
				burst          = 500
				burstSendLimit = 100 * time.Millisecond
			)
			By("TN1 exchanges an Echo with the node first, so that no error waits for address resolution")
			ping := l.TN1.EchoRequest(l.NUTLinkLocal)
			l.Send(ping)
			l.Expect(packets.EchoReplyTo(ping)).Within(suites.ReplyWait)

			By(fmt.Sprintf("TN1 sends %d packets with an unknown Next Header back to back", burst))
			var ps []*packets.Packet
			for i := 0; i < burst; i++ {
				p := unknownNH(l, l.NUTLinkLocal, l.TN1.LinkLocal)
				p.Raw[0], p.Raw[1] = byte(i>>8), byte(i)
				ps = append(ps, p)
			}
			began := l.Env().Elapsed()
			l.SendBurst(ps)
			took := l.Env().Elapsed() - began
			if took > burstSendLimit {
				suites.TesterError(fmt.Errorf("sending the %d packets took %v, longer than %v: a limiter could refill meanwhile, so the burst judges nothing", burst, took, burstSendLimit))
			}
			sent := fmt.Sprintf("in %v", took)
			if took == 0 {
				sent = "with the node's clock standing still"
			}
			By("the node answers fewer of them than it was sent: any limit at all (section 2.4 (f))")
			got := l.Collect(packets.ParamProblem(1, ps[0].PointerTo(packets.IPv6Header, packets.NextHeader))).Within(suites.ReplyWait)
			l.Env().Note("the node sent %d Parameter Problems for %d packets sent %s", len(got), burst, sent)
			if len(got) >= burst {
				Fail(fmt.Sprintf("Link0: the node answered every one of the %d packets sent %s with an error: it does not limit its error rate", burst, sent))
			}
		})
})

// RFC 4443 §3.4: the discard is a MUST, the Parameter Problem a SHOULD,
// and the fields of one that is sent (code, pointer, source, quote) no
// choice of the node's. Each case is two specs: that the report comes
// (level:should), and its fields when it does (level:must, N/A otherwise).
var _ = Describe("Parameter Problem generation, global addresses", Label("rfc:4443", "section:3.4", "role:any"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	// reportedOrSkip skips the spec (N/A) when the node sent no Parameter
	// Problem about invoking: that breaks only the SHOULD, judged beside.
	reportedOrSkip := func(invoking *packets.Packet) {
		GinkgoHelper()
		l.SentOrSkip(packets.ParamProblemTo(invoking.Src), "a SHOULD of RFC 4443 §3.4 that another spec judges, and no fields to judge")
	}
	badLength := func() *packets.Packet {
		By("TN1 sends the node's global address a first fragment (M=1) whose length is not a multiple of 8")
		req := l.TN1.EchoRequest(l.NUTGlobal)
		req.ICMP.SetEchoData(make([]byte, 1000))
		first := req.Fragments(0x6001, 501)[0]
		l.Send(first)
		return first
	}
	unknown := func() *packets.Packet {
		By("TN1 sends the node's global address a packet whose Next Header is 200")
		p := unknownNH(l, l.NUTGlobal, l.TN1.Global)
		l.Send(p)
		return p
	}

	It("answers an erroneous header field with Parameter Problem code 0",
		Label("level:should", "ipv6ready:v6LC.5.1.6", "fault:frag-error-silent"), func() {
			first := badLength()
			By("the node reports it with a Parameter Problem code 0")
			l.Expect(packets.ParamProblemTo(first.Src).Code(0)).Within(suites.ReplyWait)
		})

	It("a Parameter Problem it sends about an erroneous header field points at it, from its global address",
		Label("level:must", "ipv6ready:v6LC.5.1.6", "fault:pp-pointer-off-by-one"), func() {
			first := badLength()
			reportedOrSkip(first)
			By("its Parameter Problem: code 0, pointer 4 (Payload Length), from the node's global address")
			l.Expect(packets.ParamProblem(0, first.PointerTo(packets.IPv6Header, packets.PayloadLength)).Quoting(first).From(l.NUTGlobal)).Within(suites.ReplyWait)
		})

	It("answers an unrecognized Next Header with Parameter Problem code 1",
		Label("level:should", "ipv6ready:v6LC.5.1.7", "fault:unknown-next-header-silent"), func() {
			p := unknown()
			By("the node reports it with a Parameter Problem code 1")
			l.Expect(packets.ParamProblemTo(p.Src).Code(1)).Within(suites.ReplyWait)
		})

	It("a Parameter Problem it sends about an unrecognized Next Header points at it, from its global address",
		Label("level:must", "ipv6ready:v6LC.5.1.7", "fault:pp-pointer-off-by-one"), func() {
			p := unknown()
			reportedOrSkip(p)
			By("its Parameter Problem: code 1, pointer 6, from the node's global address")
			l.Expect(packets.ParamProblem(1, p.PointerTo(packets.IPv6Header, packets.NextHeader)).Quoting(p).From(l.NUTGlobal)).Within(suites.ReplyWait)
		})
})
