package rfc2460

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Parts B and C judge the order through the report's fields: a node that
// sends no report (a SHOULD, judged under "Fragment header fields") leaves
// nothing to judge, N/A; see reported.go.
var _ = Describe("Extension header processing order", Label("rfc:8200", "section:4.1", "ipv6ready:v6LC.1.2.4", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	// withDestOptsFirst puts a Destination Options header in front of each
	// fragment's Fragment header: it is processed before reassembly.
	withDestOptsFirst := func(frags []*packets.Packet, opts ...packets.Opt) {
		for _, f := range frags {
			f.Ext = append([]packets.ExtHeader{packets.DestOpts(opts...)}, f.Ext...)
		}
	}

	It("Part A: Destination Options before the Fragment header, error from the options: Parameter Problem code 2 for the first fragment",
		Label("fault:option-10-silent"), func() {
			By("TN1 sends an Echo Request in two fragments, each with a Destination Options header holding an unknown 10xxxxxx option before its Fragment header")
			req := bigEcho(l, 1200)
			frags := req.Fragments(0x4001, 600)
			withDestOptsFirst(frags, packets.UnknownOption(opt10, 4))
			l.Send(frags[0])
			By("the node reports the option of the fragment (offset 42) without reassembling anything")
			l.Expect(packets.ParamProblem(2, frags[0].PointerTo(packets.Ext(0), packets.OptionType(0))).Quoting(frags[0])).Within(suites.ReplyWait)
			l.Send(frags[1])
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})

	It("Part B: Destination Options before the Fragment header, error from the Fragment header: Parameter Problem code 0 at Payload Length",
		Label("fault:pp-pointer-off-by-one"), func() {
			By("TN1 sends a first fragment of 603 octets (M=1) behind a harmless Destination Options header")
			req := bigEcho(l, 1200)
			frags := req.Fragments(0x4002, 603)
			withDestOptsFirst(frags)
			l.Send(frags[0])
			reportedOrSkip(l, frags[0])
			By("its Parameter Problem reports the fragment's length, not the options: code 0, pointer 4")
			l.Expect(packets.ParamProblem(0, frags[0].PointerTo(packets.IPv6Header, packets.PayloadLength)).Quoting(frags[0])).Within(suites.ReplyWait)
		})

	It("Part C: Fragment header before Destination Options, error from the Fragment header: Parameter Problem code 0 at Payload Length",
		Label("fault:pp-pointer-off-by-one"), func() {
			By("TN1 sends a first fragment of 603 octets (M=1) whose fragmentable part starts with a Destination Options header")
			req := bigEcho(l, 1200)
			req.Ext = []packets.ExtHeader{packets.DestOpts()}
			first := req.Fragments(0x4003, 603)[0]
			l.Send(first)
			reportedOrSkip(l, first)
			By("its Parameter Problem reports the fragment's length, not the options: code 0, pointer 4")
			l.Expect(packets.ParamProblem(0, first.PointerTo(packets.IPv6Header, packets.PayloadLength)).Quoting(first)).Within(suites.ReplyWait)
		})

	It("Part D: Fragment header before Destination Options, error from the options: Parameter Problem code 2 after reassembly",
		Label("fault:option-10-silent"), func() {
			By("TN1 sends an Echo Request whose Destination Options header (holding an unknown 10xxxxxx option) travels inside the fragments")
			req := bigEcho(l, 1200)
			req.Ext = []packets.ExtHeader{packets.DestOpts(packets.UnknownOption(opt10, 4))}
			for _, f := range req.Fragments(0x4004, 600) {
				l.Send(f)
			}
			By("the node reassembles, then reports the option at its offset in the reassembled packet (42), quoting that packet")
			pp := packets.ParamProblem(2, req.PointerTo(packets.Ext(0), packets.OptionType(0)))
			l.Expect(pp.Quoting(req).From(l.NUTGlobal)).Within(suites.ReplyWait)
			l.ExpectNo(packets.EchoReplyTo(req)).Within(0)
		})
})

var _ = Describe("Traffic Class and Flow Label at the destination", Label("rfc:8200", "role:any"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("answers an Echo Request whose Traffic Class is not zero",
		Label("level:must", "section:7", "ipv6ready:v6LC.1.1.2", "fault:drop-nonzero-traffic-class"), func() {
			By("TN1 sends an Echo Request with Traffic Class 0xa0")
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			req.TrafficClass = 0xa0
			l.Send(req)
			By("the node answers it (its reply's Traffic Class is its own choice)")
			l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})

	It("answers an Echo Request whose Flow Label is not zero",
		Label("level:must", "section:6", "ipv6ready:v6LC.1.1.4", "fault:drop-nonzero-flow-label"), func() {
			By("TN1 sends an Echo Request with Flow Label 0x12345 (Part A)")
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			req.FlowLabel = 0x12345
			l.Send(req)
			By("the node answers it")
			l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})
})
