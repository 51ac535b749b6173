package rfc2460

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Option types with each action (RFC 8200 §4.2: the two high-order bits),
// taken from the experimental range (RFC 4727 §5: x x 0 11110) so no node
// can know them.
const (
	opt00 = 0x1e // skip over it
	opt01 = 0x5e // discard silently
	opt10 = 0x9e // discard, Parameter Problem code 2 even to multicast
	opt11 = 0xde // discard, Parameter Problem code 2 unless to multicast
)

var _ = Describe("Next Header zero after an extension header", Label("rfc:8200", "section:4.3", "ipv6ready:v6LC.1.2.1", "role:any"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	// twoHopByHop sends an Echo Request with two Hop-by-Hop Options headers
	// in a row: the second is named by a Next Header of zero in the first.
	twoHopByHop := func() *packets.Packet {
		By("TN1 sends an Echo Request with two Hop-by-Hop Options headers in a row")
		req := l.TN1.EchoRequest(l.NUTLinkLocal)
		req.Ext = []packets.ExtHeader{packets.HopByHop(), packets.HopByHop()}
		l.Send(req)
		return req
	}

	It("rejects a Hop-by-Hop Options header anywhere but right after the IPv6 header, pointing at the Next Header that named it",
		Label("level:must", "fault:hbh-anywhere"), func() {
			req := twoHopByHop()

			By("the node discards the packet: no Echo Reply")
			l.ExpectNo(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
			reportedOrSkip(l, req)

			By("its Parameter Problem: code 1, pointing at the first header's Next Header field (offset 40), the packet quoted")
			l.Expect(packets.ParamProblem(1, req.PointerTo(packets.Ext(0), packets.NextHeader)).Quoting(req)).Within(suites.ReplyWait)
		})

	It("reports the misplaced header with Parameter Problem code 1",
		Label("level:should", "fault:unknown-next-header-silent"), func() {
			req := twoHopByHop()

			By("the node sends TN1 a Parameter Problem code 1")
			l.Expect(packets.ParamProblemTo(req.Src).Code(1)).Within(suites.ReplyWait)
		})
})

var _ = Describe("No Next Header after an extension header", Label("rfc:8200", "section:4.7", "ipv6ready:v6LC.1.2.2", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("ignores what follows a Destination Options header whose Next Header is 59",
		Label("fault:pp-for-no-next-header"), func() {
			By("TN1 sends a packet with a Destination Options header naming Next Header 59, followed by the octets of an Echo Request")
			echo := l.TN1.EchoRequest(l.NUTLinkLocal)
			p := packets.New(l.TN1.MAC, l.NUTMAC, l.TN1.LinkLocal, l.NUTLinkLocal)
			p.Ext = []packets.ExtHeader{packets.DestOpts()}
			p.NextHeader = packets.ProtoNoNext
			p.Raw = echo.IPv6Bytes()[40:]
			l.Send(p)

			By("the node neither answers the Echo Request inside nor reports anything")
			l.ExpectNo(packets.ICMPErrorAbout(p)).Within(suites.ReplyWait)
			l.ExpectNo(packets.EchoReplyTo(echo)).Within(0)
		})
})

var _ = Describe("Unrecognized Next Header in an extension header", Label("rfc:8200", "section:4", "ipv6ready:v6LC.1.2.3", "role:any"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	// unknownAfterDestOpts sends a packet whose Destination Options header
	// names Next Header 200.
	unknownAfterDestOpts := func() *packets.Packet {
		By("TN1 sends a packet whose Destination Options header names Next Header 200")
		p := packets.New(l.TN1.MAC, l.NUTMAC, l.TN1.LinkLocal, l.NUTLinkLocal)
		p.Ext = []packets.ExtHeader{packets.DestOpts()}
		p.NextHeader = 200
		p.Raw = make([]byte, 8)
		l.Send(p)
		return p
	}

	It("answers Parameter Problem code 1 about the packet",
		Label("level:should", "fault:unknown-next-header-silent"), func() {
			p := unknownAfterDestOpts()

			By("the node reports it with a Parameter Problem code 1")
			l.Expect(packets.ParamProblemTo(p.Src).Code(1)).Within(suites.ReplyWait)
		})

	It("a Parameter Problem it sends points at the extension header's Next Header field",
		Label("level:must", "fault:pp-pointer-off-by-one"), func() {
			p := unknownAfterDestOpts()
			reportedOrSkip(l, p)

			By("its Parameter Problem: code 1 at offset 40, the Destination Options header's Next Header field, the packet quoted")
			l.Expect(packets.ParamProblem(1, p.PointerTo(packets.Ext(0), packets.NextHeader)).Quoting(p)).Within(suites.ReplyWait)
		})
})

// optionCase is one part of the options tests: an option, where the Echo
// Request goes, and what the node must do.
type optionCase struct {
	opts      []packets.Opt
	multicast bool
	reply     bool // an Echo Reply is due
	pointer   int  // index of the option a Parameter Problem must point at; -1 for none
}

func optionsTable(header func(...packets.Opt) packets.ExtHeader) func(optionCase) {
	return func(c optionCase) {
		var l *suites.Link = suites.Start().Link0
		dst := l.NUTLinkLocal
		if c.multicast {
			dst = packets.AllNodes
		}
		By("TN1 sends an Echo Request carrying the options")
		req := l.TN1.EchoRequest(dst)
		req.Ext = []packets.ExtHeader{header(c.opts...)}
		l.Send(req)

		switch {
		case c.reply:
			By("the node skips the options and answers")
			l.Expect(packets.EchoReplyTo(req).From(l.NUTLinkLocal)).Within(suites.ReplyWait)
		case c.pointer >= 0:
			By("the node discards the packet and answers Parameter Problem code 2 pointing at the option's type")
			l.Expect(packets.ParamProblem(2, req.PointerTo(packets.Ext(0), packets.OptionType(c.pointer))).Quoting(req).From(l.NUTLinkLocal)).Within(suites.ReplyWait)
			l.ExpectNo(packets.EchoReplyTo(req)).Within(0)
		default:
			By("the node discards the packet silently")
			l.ExpectNo(packets.AnyReplyTo(req)).Within(suites.ReplyWait)
		}
	}
}

func optionEntries() []TableEntry {
	return []TableEntry{
		Entry("Part A: Pad1 options", Label("fault:pad-options-discard"), optionCase{opts: []packets.Opt{packets.Pad1(), packets.Pad1(), packets.Pad1()}, reply: true, pointer: -1}),
		Entry("Part B: a PadN option", Label("fault:pad-options-discard"), optionCase{opts: []packets.Opt{packets.PadN(4)}, reply: true, pointer: -1}),
		Entry("Part C: an unknown option whose type starts 00 is skipped", Label("fault:option-00-discard"), optionCase{opts: []packets.Opt{packets.UnknownOption(opt00, 4)}, reply: true, pointer: -1}),
		Entry("Part D: an unknown option whose type starts 01 discards silently", Label("fault:option-01-process"), optionCase{opts: []packets.Opt{packets.UnknownOption(opt01, 4)}, pointer: -1}),
		Entry("Part E: an unknown option whose type starts 10, unicast destination", Label("fault:option-10-silent"), optionCase{opts: []packets.Opt{packets.UnknownOption(opt10, 4)}, pointer: 0}),
		Entry("Part F: an unknown option whose type starts 11, unicast destination", Label("fault:option-11-unicast-silent"), optionCase{opts: []packets.Opt{packets.UnknownOption(opt11, 4)}, pointer: 0}),
		Entry("Part G: an unknown option whose type starts 10, multicast destination", Label("fault:option-10-silent"), optionCase{opts: []packets.Opt{packets.UnknownOption(opt10, 4)}, multicast: true, pointer: 0}),
		Entry("Part H: an unknown option whose type starts 11, multicast destination, discards silently", Label("fault:option-11-multicast-error"), optionCase{opts: []packets.Opt{packets.UnknownOption(opt11, 4)}, multicast: true, pointer: -1}),
	}
}

var _ = Describe("Options in a Hop-by-Hop Options header, end node", Label("rfc:8200", "section:4.2", "ipv6ready:v6LC.1.2.6", "role:any", "level:must"), func() {
	DescribeTable("acts on each option as the high-order bits of its type say", optionsTable(packets.HopByHop), optionEntries())
})

var _ = Describe("Options in a Destination Options header", Label("rfc:8200", "section:4.2", "ipv6ready:v6LC.1.2.8", "role:any", "level:must"), func() {
	DescribeTable("acts on each option as the high-order bits of its type say", optionsTable(packets.DestOpts), optionEntries())
})

var _ = Describe("Option processing order", Label("rfc:8200", "section:4.2", "ipv6ready:v6LC.1.2.5", "role:any", "level:must"), func() {
	DescribeTable("processes options in order and acts on the first one that is not skipped", optionsTable(packets.DestOpts),
		Entry("Part A: 00 then 01 discards silently", Label("fault:option-01-process"), optionCase{opts: []packets.Opt{packets.UnknownOption(opt00, 2), packets.UnknownOption(opt01, 2)}, pointer: -1}),
		Entry("Part B: 00 then 10 points at the second option", Label("fault:option-10-silent"), optionCase{opts: []packets.Opt{packets.UnknownOption(opt00, 2), packets.UnknownOption(opt10, 2)}, pointer: 1}),
		Entry("Part C: 00 then 11 points at the second option", Label("fault:option-11-unicast-silent"), optionCase{opts: []packets.Opt{packets.UnknownOption(opt00, 2), packets.UnknownOption(opt11, 2)}, pointer: 1}),
		Entry("10 then 11 points at the first of the two", Label("fault:option-order-last"), optionCase{opts: []packets.Opt{packets.UnknownOption(opt10, 2), packets.UnknownOption(opt11, 2)}, pointer: 0}),
	)
})

var _ = Describe("Unrecognized Routing Type", Label("rfc:8200", "section:4.4", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	DescribeTable("ignores a routing header with Segments Left 0, whatever its type, and processes the rest of the packet",
		Label("ipv6ready:v6LC.1.2.9", "fault:routing-sl0-error"),
		func(typ uint8) {
			By("TN1 sends an Echo Request with a routing header whose Segments Left is 0")
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			req.Ext = []packets.ExtHeader{packets.Routing(typ, 0, l.TN2.LinkLocal)}
			l.Send(req)

			By("the node answers the Echo Request")
			l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		},
		Entry("Part A: routing type 33", uint8(33)),
		Entry("Part B: routing type 0 (RFC 5095 deprecated it; it is now unrecognized)", uint8(0)),
	)

	DescribeTable("discards a packet with an unrecognized routing type and Segments Left above 0, pointing at the Routing Type field",
		Label("ipv6ready:v6LC.1.2.10", "fault:routing-unknown-ignored"),
		func(typ uint8) {
			By("TN1 sends an Echo Request to the node with a routing header, Segments Left 1, naming TN2 next")
			req := l.TN1.EchoRequest(l.NUTGlobal)
			req.Ext = []packets.ExtHeader{packets.Routing(typ, 1, l.TN2.Global)}
			l.Send(req)

			By("the node answers Parameter Problem code 0 pointing at the Routing Type (offset 42), and nothing goes to TN2")
			l.Expect(packets.ParamProblem(0, req.PointerTo(packets.Ext(0), packets.RoutingType)).Quoting(req)).Within(suites.ReplyWait)
			l.ExpectNo(packets.EchoReplyTo(req)).Within(0)
		},
		Entry("Part A: routing type 33", uint8(33)),
		Entry("Part B: routing type 0, unrecognized since RFC 5095", uint8(0)),
	)
})
