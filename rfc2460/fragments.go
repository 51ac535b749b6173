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
	req.ICMP.Body = append(req.ICMP.Body[:4], bytes.Repeat([]byte{0x5a}, n)...)
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
			f.Ext[len(f.Ext)-1] = packets.FragmentHeader(400, true, 0x2003)
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
var _ = Describe("Reassembly time exceeded", Label("rfc:8200", "section:4.5", "ipv6ready:v6LC.1.3.2", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("Part A: reassembles fragments that arrive less than 60 s apart", Label("fault:no-reassembly"), func() {
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
		Label("fault:reassembly-no-timeout-error"), func() {
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

	It("Part C: sends Time Exceeded code 1 when only the first fragment came",
		Label("fault:reassembly-no-timeout-error"), func() {
			_, frags := threeFragments(l, 0x2003)
			By("TN1 sends only the first fragment")
			l.Send(frags[0])
			By("after 60 s the node sends Time Exceeded code 1 quoting it")
			l.ExpectNo(packets.TimeExceeded(1).AboutFragmentID(0x2003)).Within(suites.ReassemblyTimeout - suites.Slack)
			l.Expect(packets.TimeExceeded(1).Quoting(frags[0])).Within(suites.Slack + suites.LongTimerSlack)
		})

	It("Part E: sends no Time Exceeded when the first fragment never came",
		Label("fault:reassembly-timeout-error-without-first"), func() {
			_, frags := threeFragments(l, 0x2004)
			By("TN1 sends only the second fragment")
			l.Send(frags[1])
			By("the node gives up silently: there is no first fragment to quote")
			l.ExpectNo(packets.TimeExceeded(1).AboutFragmentID(0x2004)).Within(suites.ReassemblyTimeout + suites.LongTimerSlack + suites.Slack)
		})
})

var _ = Describe("Fragment header fields", Label("rfc:8200", "section:4.5", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("answers Parameter Problem code 0 pointing at Payload Length for a fragment with M=1 whose length is not a multiple of 8",
		Label("ipv6ready:v6LC.1.3.3", "fault:frag-length-not-checked"), func() {
			By("TN1 sends a first fragment (M=1) of 403 octets")
			req := bigEcho(l, 1200)
			first := req.Fragments(0x3001, 403)[0]
			l.Send(first)
			By("the node reports the Payload Length field (offset 4)")
			l.Expect(packets.ParamProblem(0, 4).Quoting(first)).Within(suites.ReplyWait)
		})

	It("processes an atomic fragment (offset 0, M=0) at once and answers without a Fragment header",
		Label("section:4.5", "ipv6ready:v6LC.1.3.4", "fault:atomic-through-reassembly"), func() {
			By("TN1 sends an Echo Request with a Fragment header of offset 0 and M=0")
			req := l.TN1.EchoRequest(l.NUTGlobal)
			req.Ext = []packets.ExtHeader{packets.FragmentHeader(0, false, 0x3002)}
			l.Send(req)
			By("the node answers at once, in one packet without a Fragment header (RFC 6946)")
			l.Expect(packets.EchoReplyTo(req).NoFragmentHeader()).Within(suites.ReplyWait)
		})

	It("discards a datagram whose fragments overlap, silently",
		Label("ipv6ready:v6LC.1.3.5", "fault:overlap-accepted"), func() {
			req := bigEcho(l, 1200)
			frags := req.Fragments(0x3003, 400, 400)
			By("TN1 sends three fragments, the second starting 8 octets inside the first (RFC 5722)")
			overlap := frags[1].Clone()
			overlap.Ext[len(overlap.Ext)-1] = packets.FragmentHeader(392, true, 0x3003)
			l.Send(frags[0])
			l.Send(overlap)
			l.Send(frags[1])
			l.Send(frags[2])
			By("the node does not answer")
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})

	It("answers Parameter Problem code 3 for a first fragment that does not hold the whole header chain",
		// RFC 8200 §4.5 and RFC 7112 §5: the fragment SHOULD be discarded
		// and the Parameter Problem SHOULD be sent, hence level:should.
		Label("section:4.5", "ipv6ready:v6LC.1.3.6", "level:should", "fault:incomplete-chain-accepted"), func() {
			By("TN1 sends an Echo Request whose Destination Options header is so long that the first fragment ends inside it")
			req := bigEcho(l, 8)
			req.Ext = []packets.ExtHeader{packets.DestOpts(packets.UnknownOption(opt00, 200))}
			first := req.Fragments(0x3004, 64)[0]
			l.Send(first)
			By("the node reports it: code 3, pointer 0 (RFC 7112)")
			l.Expect(packets.ParamProblem(3, 0).Quoting(first)).Within(suites.ReplyWait)
		})

	It("answers Parameter Problem code 0 pointing at the Fragment Offset when a fragment would end past 65535 octets",
		Label("fault:reassembly-size-unchecked"), func() {
			By("TN1 sends a fragment at offset 65528 carrying 16 octets")
			p := packets.New(l.TN1.MAC, l.NUTMAC, l.TN1.Global, l.NUTGlobal)
			p.Ext = []packets.ExtHeader{packets.FragmentHeader(65528, false, 0x3005)}
			p.NextHeader = packets.ProtoICMPv6
			p.Raw = make([]byte, 16)
			l.Send(p)
			By("the node reports the Fragment Offset field")
			l.Expect(packets.ParamProblem(0, uint32(p.ExtOffset(0)+2)).Quoting(p)).Within(suites.ReplyWait)
		})
})
