package rfc2460

import (
	"bytes"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// bigEcho is an Echo Request to the node's global address carrying n data
// octets, to be sent in fragments.
func bigEcho(l *suites.Link, n int) *packets.Packet {
	req := l.TN1.EchoRequest(l.NUTGlobal)
	req.ICMP.SetEchoData(bytes.Repeat([]byte{0x5a}, n))
	return req
}

// threeFragments cuts an Echo Request of 1200 data octets in three.
func threeFragments(l *suites.Link, id uint32) (*packets.Packet, []*packets.Packet) {
	req := bigEcho(l, 1200)
	return req, req.Fragments(id, 400, 400)
}

var _ = Describe("Fragment reassembly", Label("rfc:8200", "section:4.5", "ipv6ready:v6LC.1.3.1", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("Part A: reassembles three valid fragments sent in order", Label("fault:no-reassembly"), func() {
		By("TN1 sends an Echo Request of 1208 octets as three fragments, in order")
		req, frags := threeFragments(l, 0x1001)
		for _, f := range frags {
			l.Send(f)
		}
		By("the node answers the whole request")
		l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
	})

	It("Part B: reassembles three valid fragments sent in reverse order", Label("fault:no-reassembly"), func() {
		By("TN1 sends the three fragments last first")
		req, frags := threeFragments(l, 0x1002)
		for i := len(frags) - 1; i >= 0; i-- {
			l.Send(frags[i])
		}
		By("the node answers the whole request")
		l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
	})

	DescribeTable("does not put together fragments of different datagrams",
		Label("fault:reassembly-mixed-keys"),
		func(change func(l *suites.Link, f *packets.Packet)) {
			By("TN1 sends three fragments of which the second belongs to another datagram")
			req, frags := threeFragments(l, 0x1003)
			change(l, frags[1])
			for _, f := range frags {
				l.Send(f)
			}
			By("the node does not answer: nothing was reassembled")
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		},
		Entry("Part C: another Fragment Identification", func(l *suites.Link, f *packets.Packet) {
			f.Ext[len(f.Ext)-1] = packets.FragmentHeader(400, packets.MoreFragments, 0x2003)
		}),
		Entry("Part D: another source address", func(l *suites.Link, f *packets.Packet) {
			f.Src = l.TN2.Global
		}),
		Entry("Part E: another destination address", func(l *suites.Link, f *packets.Packet) {
			f.Dst = l.NUTLinkLocal
		}),
	)

	It("Part F: reassembles a datagram of 1500 octets and answers it", Label("fault:no-reassembly"), func() {
		By("TN1 sends an Echo Request of exactly 1500 octets in two fragments")
		req := bigEcho(l, 1500-40-8)
		frags := req.Fragments(0x1004, 1000)
		for _, f := range frags {
			l.Send(f)
		}
		By("the node answers with the whole 1452 data octets")
		l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
	})
})

// A device under test keeps its reassembly queues from one spec to the next:
// another spec's unfinished datagram may time out during these, so what
// must not come is narrowed to this spec's own datagram.
var _ = Describe("Reassembly time exceeded", Label("rfc:8200", "section:4.5", "ipv6ready:v6LC.1.3.2", "role:any"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("Part A: reassembles fragments that arrive less than 60 s apart", Label("level:must", "fault:no-reassembly"), func() {
		req, frags := threeFragments(l, 0x2001)
		By("TN1 sends the first two fragments, waits 55 s, and sends the last one")
		l.Send(frags[0])
		l.Send(frags[1])
		l.Env().Wait(suites.ReassemblyTimeout - 10*suites.Slack)
		l.Send(frags[2])
		By("the node answers the whole request")
		l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
	})

	It("Part B: gives up 60 s after the first fragment and sends Time Exceeded code 1 quoting it",
		Label("level:should", "fault:reassembly-no-timeout-error"), func() {
			req, frags := threeFragments(l, 0x2002)
			By("TN1 sends the first and the second fragment, never the last")
			l.Send(frags[0])
			l.Send(frags[1])
			By("nothing comes before the reassembly timeout")
			l.ExpectNo(packets.TimeExceeded(1).AboutFragmentID(0x2002)).Within(suites.ReassemblyTimeout - suites.Slack)
			By("then Time Exceeded code 1 quoting the first fragment, and no Echo Reply")
			l.Expect(packets.TimeExceeded(1).Quoting(frags[0])).Within(suites.Slack + suites.LongTimerSlack)
			l.ExpectNo(packets.EchoReplyTo(req)).Within(0)
		})

	// RFC 8200 §4.5 words the abandonment a must and the Time Exceeded a
	// should: Part B judges the report, this spec the abandonment alone.
	It("abandons a datagram 60 s after its first fragment: a last fragment sent after that completes nothing",
		Label("level:must", "fault:reassembly-never-abandoned"), func() {
			req, frags := threeFragments(l, 0x2005)
			By("TN1 sends the first and the second fragment")
			l.Send(frags[0])
			l.Send(frags[1])
			By("TN1 waits past the reassembly time, then sends the last fragment")
			l.Env().Wait(suites.ReassemblyTimeout + suites.LongTimerSlack + suites.Slack)
			l.Send(frags[2])
			By("the node has discarded the first two fragments: no Echo Reply")
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})

	It("Part C: sends Time Exceeded code 1 when only the first fragment came",
		Label("level:should", "fault:reassembly-no-timeout-error"), func() {
			_, frags := threeFragments(l, 0x2003)
			By("TN1 sends only the first fragment")
			l.Send(frags[0])
			By("after 60 s the node sends Time Exceeded code 1 quoting it")
			l.ExpectNo(packets.TimeExceeded(1).AboutFragmentID(0x2003)).Within(suites.ReassemblyTimeout - suites.Slack)
			l.Expect(packets.TimeExceeded(1).Quoting(frags[0])).Within(suites.Slack + suites.LongTimerSlack)
		})

	It("Part E: sends no Time Exceeded when the first fragment never came",
		Label("level:must", "fault:reassembly-timeout-error-without-first"), func() {
			_, frags := threeFragments(l, 0x2004)
			By("TN1 sends only the second fragment")
			l.Send(frags[1])
			By("the node gives up silently: there is no first fragment to quote")
			l.ExpectNo(packets.TimeExceeded(1).AboutFragmentID(0x2004)).Within(suites.ReassemblyTimeout + suites.LongTimerSlack + suites.Slack)
		})
})

// The malformed fragments of RFC 8200 §4.5 are discarded (must) and
// reported with Parameter Problem code 0 (should); see reported.go.
var _ = Describe("Fragment header fields", Label("rfc:8200", "section:4.5", "role:any"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	// badLength sends a first fragment (M=1) of 403 octets.
	badLength := func() *packets.Packet {
		By("TN1 sends a first fragment (M=1) of 403 octets")
		req := bigEcho(l, 1200)
		first := req.Fragments(0x3001, 403)[0]
		l.Send(first)
		return first
	}
	// pastEnd sends a fragment at offset 65528 carrying 16 octets.
	pastEnd := func() *packets.Packet {
		By("TN1 sends a fragment at offset 65528 carrying 16 octets")
		p := packets.New(l.TN1.MAC, l.NUTMAC, l.TN1.Global, l.NUTGlobal)
		p.Ext = []packets.ExtHeader{packets.FragmentHeader(65528, packets.LastFragment, 0x3005)}
		p.NextHeader = packets.ProtoICMPv6
		p.Raw = make([]byte, 16)
		l.Send(p)
		return p
	}

	It("answers Parameter Problem code 0 for a fragment with M=1 whose length is not a multiple of 8",
		Label("level:should", "ipv6ready:v6LC.1.3.3", "fault:frag-error-silent"), func() {
			first := badLength()
			By("the node reports the fragment with a Parameter Problem code 0")
			l.Expect(packets.ParamProblemTo(first.Src).Code(0)).Within(suites.ReplyWait)
		})

	It("a Parameter Problem it sends about a fragment with M=1 whose length is not a multiple of 8 points at Payload Length",
		Label("level:must", "ipv6ready:v6LC.1.3.3", "fault:pp-pointer-off-by-one"), func() {
			first := badLength()
			reportedOrSkip(l, first)
			By("its Parameter Problem: code 0, pointer 4 (Payload Length), the fragment quoted")
			l.Expect(packets.ParamProblem(0, first.PointerTo(packets.IPv6Header, packets.PayloadLength)).Quoting(first)).Within(suites.ReplyWait)
		})

	It("processes an atomic fragment (offset 0, M=0) at once and answers without a Fragment header",
		Label("level:should", "section:4.5", "ipv6ready:v6LC.1.3.4", "fault:atomic-through-reassembly"), func() {
			By("TN1 sends an Echo Request with a Fragment header of offset 0 and M=0")
			req := l.TN1.EchoRequest(l.NUTGlobal)
			req.Ext = []packets.ExtHeader{packets.FragmentHeader(0, packets.LastFragment, 0x3002)}
			l.Send(req)
			By("the node answers at once, in one packet without a Fragment header (RFC 6946)")
			l.Expect(packets.EchoReplyTo(req).NoFragmentHeader()).Within(suites.ReplyWait)
		})

	// RFC 6946 §4: the "reassembly" of an atomic fragment from itself alone
	// is a SHOULD (the spec above); keeping it apart from fragments that
	// share its addresses and Identification is a MUST (this one).
	It("processes an atomic fragment apart from a pending datagram with the same Identification",
		Label("level:must", "section:4.5", "fault:atomic-through-reassembly"), func() {
			big := bigEcho(l, 1200)
			frags := big.Fragments(0x3008, 600)
			By("TN1 sends the first fragment of a datagram with Identification 0x3008")
			l.Send(frags[0])
			By("TN1 sends an Echo Request with a Fragment header of offset 0, M=0 and the same Identification")
			req := l.TN1.EchoRequest(l.NUTGlobal)
			req.Ext = []packets.ExtHeader{packets.FragmentHeader(0, packets.LastFragment, 0x3008)}
			l.Send(req)
			By("the node answers the atomic fragment")
			l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
			By("TN1 sends the rest of the datagram: the node reassembles it, untouched by the atomic fragment")
			l.SendAll(frags[1:])
			l.Expect(packets.EchoReplyTo(big)).Within(suites.ReplyWait)
		})

	It("discards a datagram whose fragments overlap, silently",
		Label("level:must", "ipv6ready:v6LC.1.3.5", "fault:overlap-accepted"), func() {
			req := bigEcho(l, 1200)
			frags := req.Fragments(0x3003, 400, 400)
			By("TN1 sends three fragments, the second starting 8 octets inside the first (RFC 5722)")
			overlap := frags[1].Clone()
			overlap.Ext[len(overlap.Ext)-1] = packets.FragmentHeader(392, packets.MoreFragments, 0x3003)
			l.Send(frags[0])
			l.Send(overlap)
			l.Send(frags[1])
			l.Send(frags[2])
			By("the node does not answer")
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})

	It("answers Parameter Problem code 0 when a fragment would end past 65535 octets",
		Label("level:should", "fault:frag-error-silent"), func() {
			p := pastEnd()
			By("the node reports the fragment with a Parameter Problem code 0")
			l.Expect(packets.ParamProblemTo(p.Src).Code(0)).Within(suites.ReplyWait)
		})

	It("a Parameter Problem it sends about a fragment that would end past 65535 octets points at the Fragment Offset",
		Label("level:must", "fault:pp-pointer-off-by-one"), func() {
			p := pastEnd()
			reportedOrSkip(l, p)
			By("its Parameter Problem: code 0 pointing at the Fragment Offset field, the fragment quoted")
			l.Expect(packets.ParamProblem(0, p.PointerTo(packets.Ext(0), packets.FragmentOffset)).Quoting(p)).Within(suites.ReplyWait)
		})
})

// A first fragment that does not hold the whole header chain (RFC 7112 §5,
// which RFC 8200 §4.5 takes up in lowercase words). The RFC's keywords
// differ per behaviour, so the test is three specs:
//   - the node SHOULD discard such a fragment: level:should;
//   - it MAY report it with Parameter Problem code 3: level:may, a node that
//     stays silent is not at fault;
//   - a code 3 Parameter Problem it does send has its Pointer at octet 0
//     and, like every ICMPv6 error, quotes the packet (RFC 4443 §2.4 (c)):
//     level:must, judged only when the node sent one (N/A otherwise).
var _ = Describe("First fragment without the whole header chain", Label("rfc:7112", "section:5", "ipv6ready:v6LC.1.3.6", "role:any"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	// incomplete is an Echo Request whose Destination Options header is so
	// long that a first fragment of 64 octets ends inside it, cut so.
	incomplete := func(id uint32) (*packets.Packet, []*packets.Packet) {
		req := bigEcho(l, 8)
		req.Ext = []packets.ExtHeader{packets.DestOpts(packets.UnknownOption(opt00, 200))}
		return req, req.Fragments(id, 64)
	}
	// codeThree identifies a Parameter Problem code 3 sent back to TN1,
	// whatever its pointer and quote (those are the MUST spec's to judge).
	codeThree := func(first *packets.Packet) *packets.Matcher {
		m := &packets.Matcher{Desc: "a Parameter Problem code 3 to " + first.Src.String()}
		return m.Identify("Parameter Problem code 3 to "+first.Src.String(), func(f *packets.Frame) (bool, string) {
			return f.IsICMP && f.ICMPType == packets.TypeParamProblem && f.ICMPCode == 3 && f.Dst == first.Src, ""
		})
	}

	It("discards the first fragment: the datagram is never reassembled",
		Label("level:should", "fault:incomplete-chain-accepted"), func() {
			By("TN1 sends an Echo Request in fragments, the first ending inside its Destination Options header")
			req, frags := incomplete(0x3004)
			l.SendAll(frags)
			By("the node does not answer the request")
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})

	It("Part A: reports the fragment with a Parameter Problem code 3",
		Label("level:may", "fault:incomplete-chain-accepted"), func() {
			By("TN1 sends the first fragment only")
			_, frags := incomplete(0x3006)
			l.Send(frags[0])
			By("the node sends TN1 a Parameter Problem code 3")
			l.Expect(codeThree(frags[0])).Within(suites.ReplyWait)
		})

	It("Part B: a Parameter Problem code 3 it sends points at octet 0 and quotes the fragment",
		Label("level:must", "fault:incomplete-chain-pointer"), func() {
			By("TN1 sends the first fragment only")
			_, frags := incomplete(0x3007)
			first := frags[0]
			l.Send(first)
			l.SentOrSkip(codeThree(first), "RFC 7112 §5 leaves it optional (Part A), and there is nothing to judge")
			By("its Parameter Problem code 3 has pointer 0 and quotes the fragment")
			l.Expect(packets.ParamProblem(3, 0).Quoting(first)).Within(suites.ReplyWait)
		})
})
