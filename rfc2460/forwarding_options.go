package rfc2460

import (
	"bytes"
	"fmt"
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// What a router does with the fields and headers of a packet it forwards:
// the Payload Length, No Next Header, and the Hop-by-Hop options, the one
// extension header a node on the path may examine (RFC 8200 §4).

// twoLinks starts a router spec: TN1 on Link0 talks to nodes on Link1.
func twoLinks(opts ...suites.Option) (l0, l1 *suites.Link) {
	GinkgoHelper()
	env := suites.Start(append([]suites.Option{suites.Links(2)}, opts...)...)
	return env.Link0, env.Link1
}

var _ = Describe("Payload Length at a router", Label("rfc:8200", "section:3", "ipv6ready:v6LC.1.1.5", "role:router", "level:must"), func() {
	It("Part B: forwards a packet with an odd Payload Length unchanged, sizing it by that field and not by the frame",
		Label("fault:ignore-payload-length"), func() {
			l0, l1 := twoLinks()
			// 40 + 1239 octets fit Link1's 1280; with the padding the frame
			// holds 1287, which a router that sizes packets by their frame
			// would think too big for Link1.
			const payload = 1239
			By(fmt.Sprintf("Link0's TN1 sends Link1's TN1 an Echo Request with Payload Length %d (0x%x, odd), in a frame with 8 octets of link padding after it", payload, payload))
			req := l0.TN1.EchoRequest(l1.TN1.Global)
			req.ICMP.SetEchoData(bytes.Repeat([]byte{0x33}, payload-8))
			req.Trailer = make([]byte, 8)
			l0.Send(req)
			By("the router passes the 1279 octets of the packet to Link1's TN1, Hop Limit one less, and answers nothing")
			l1.Expect(packets.Forwarded(req, l1.NUTMAC, l1.TN1.MAC)).Within(suites.ReplyWait)
			l0.ExpectNo(packets.ICMPErrorAbout(req)).Within(0)
		})
})

// noNextThenOctets is a packet from Link0's TN1 to Link1's TN1 whose header
// chain ends in Next Header 59 after the given extension headers, followed
// by octets that are not a header (the bytes of an Echo Request).
func noNextThenOctets(l0, l1 *suites.Link, ext ...packets.ExtHeader) *packets.Packet {
	echo := l0.TN1.EchoRequest(l1.TN1.Global)
	p := packets.New(l0.TN1.MAC, l0.NUTMAC, l0.TN1.Global, l1.TN1.Global)
	p.Ext = ext
	p.NextHeader = packets.ProtoNoNext
	p.Raw = echo.IPv6Bytes()[40:]
	return p
}

var _ = Describe("No Next Header in the IPv6 header at a router", Label("rfc:8200", "section:4.7", "ipv6ready:v6LC.1.1.6", "role:router", "level:must"), func() {
	It("Part B: forwards a packet whose IPv6 header says No Next Header, with the octets after it unchanged",
		Label("fault:forward-strips-after-no-next"), func() {
			l0, l1 := twoLinks()
			By("Link0's TN1 sends Link1's TN1 a packet with Next Header 59, followed by the octets of an Echo Request")
			p := noNextThenOctets(l0, l1)
			l0.Send(p)
			By("the router passes all of it to Link1's TN1: octets after No Next Header go on unchanged")
			l1.Expect(packets.Forwarded(p, l1.NUTMAC, l1.TN1.MAC)).Within(suites.ReplyWait)
		})
})

var _ = Describe("No Next Header after an extension header at a router", Label("rfc:8200", "section:4.7", "ipv6ready:v6LC.1.2.2", "role:router", "level:must"), func() {
	It("Part B: forwards a packet whose Destination Options header says No Next Header, with the octets after it unchanged",
		Label("fault:forward-strips-after-no-next"), func() {
			l0, l1 := twoLinks()
			By("Link0's TN1 sends Link1's TN1 a packet with a Destination Options header naming Next Header 59, followed by the octets of an Echo Request")
			p := noNextThenOctets(l0, l1, packets.DestOpts())
			l0.Send(p)
			By("the router passes all of it to Link1's TN1 unchanged but for the Hop Limit")
			l1.Expect(packets.Forwarded(p, l1.NUTMAC, l1.TN1.MAC)).Within(suites.ReplyWait)
		})
})

// What a router must do with an unrecognized Hop-by-Hop option of a packet
// it forwards.
type hbhOutcome int

const (
	hbhForwarded hbhOutcome = iota // passed on untouched
	hbhSilent                      // discarded, no error
	hbhProblem                     // discarded, Parameter Problem code 2 at the option
)

// RFC 2460 §4 had every node on the path process the Hop-by-Hop Options
// header and act on an unrecognized option as an end node does; the
// IPv6 Ready test asks exactly that. RFC 8200 §4.3 lets a router leave the
// header unexamined unless it is configured to examine it, and RFC 9673
// (which updates RFC 8200 §4.2) makes discarding the packet, and the
// Parameter Problem, things a router MAY do. So for Parts D to F the
// classic behaviour is a SHOULD here (WARN when missed), kept because a
// router that does process the header, as Linux does, still follows it.
// Parts A to C are MUSTs either way: a router that processes the header
// skips these options, one that does not forwards the packet untouched.
// Parts D to F judge what only a router that examines the header does, so
// they need the hop-by-hop capability and are N/A on a router that does
// not declare it: skipping the header is its right, not a deviation.
var _ = Describe("Options in a Hop-by-Hop Options header, intermediate node", Label("rfc:8200", "section:4.2", "ipv6ready:v6LC.1.2.7", "role:router"), func() {
	DescribeTable("acts on the Hop-by-Hop options of a packet to forward as the high-order bits of their types say",
		func(opts []packets.Opt, outcome hbhOutcome) {
			var needs []suites.Option
			if outcome != hbhForwarded {
				needs = append(needs, suites.NeedsCapability(suites.CapHopByHop))
			}
			l0, l1 := twoLinks(needs...)
			By("Link0's TN1 sends Link1's TN1 an Echo Request carrying the options in a Hop-by-Hop Options header")
			req := l0.TN1.EchoRequest(l1.TN1.Global)
			req.Ext = []packets.ExtHeader{packets.HopByHop(opts...)}
			l0.Send(req)
			switch outcome {
			case hbhForwarded:
				By("the router forwards it to Link1's TN1 with its options as they came")
				l1.Expect(packets.Forwarded(req, l1.NUTMAC, l1.TN1.MAC)).Within(suites.ReplyWait)
			case hbhSilent:
				By("the router discards it without a word: nothing on Link1, no error")
				l1.ExpectNo(packets.AnyTo(l1.TN1.Global)).Within(suites.ReplyWait)
				l0.ExpectNo(packets.ICMPErrorAbout(req)).Within(0)
			case hbhProblem:
				By("the router discards it and answers Parameter Problem code 2 pointing at the option's type (offset 42)")
				l0.Expect(packets.ParamProblem(2, req.PointerTo(packets.Ext(0), packets.OptionType(0))).Quoting(req)).Within(suites.ReplyWait)
				l1.ExpectNo(packets.AnyTo(l1.TN1.Global)).Within(0)
			}
		},
		Entry("Part A: Pad1 options", Label("level:must", "fault:pad-options-discard"),
			[]packets.Opt{packets.Pad1(), packets.Pad1(), packets.Pad1()}, hbhForwarded),
		Entry("Part B: a PadN option", Label("level:must", "fault:pad-options-discard"),
			[]packets.Opt{packets.PadN(4)}, hbhForwarded),
		Entry("Part C: an unknown option whose type starts 00 is skipped", Label("level:must", "fault:option-00-discard"),
			[]packets.Opt{packets.UnknownOption(opt00, 4)}, hbhForwarded),
		Entry("Part D: an unknown option whose type starts 01 discards the packet silently", Label("level:should", "classic:rfc2460", "fault:option-01-process"),
			[]packets.Opt{packets.UnknownOption(opt01, 4)}, hbhSilent),
		Entry("Part E: an unknown option whose type starts 10, unicast destination", Label("level:should", "classic:rfc2460", "fault:option-10-silent"),
			[]packets.Opt{packets.UnknownOption(opt10, 4)}, hbhProblem),
		Entry("Part F: an unknown option whose type starts 11, unicast destination", Label("level:should", "classic:rfc2460", "fault:option-11-unicast-silent"),
			[]packets.Opt{packets.UnknownOption(opt11, 4)}, hbhProblem),
	)

	// The classic Part G wants Parameter Problem code 2 even though the
	// destination is multicast. But the group is off-link and nobody on
	// Link1 listens to it: a router without multicast routing is not on the
	// packet's delivery path at all, and one with it has nowhere to send it.
	// Neither must examine its Hop-by-Hop options (RFC 8200 §4.3), and RFC
	// 9673 leaves the Parameter Problem to a router's choice. What remains
	// a MUST: the packet goes nowhere, and a router that does report the
	// option reports it right (RFC 8200 §4.2: code 2, at the option).
	It("Part G: does not pass on a packet to an off-link group whose option starts with 10, and reports the option right if it reports it",
		Label("level:must", "classic:rfc2460", "fault:forward-multicast"), func() {
			l0, l1 := twoLinks()
			group := netip.MustParseAddr("ff1e::db8:1")
			By("Link0's TN1 sends an Echo Request from its global address to ff1e::db8:1 with an option of type 10xxxxxx in a Hop-by-Hop Options header")
			req := l0.TN1.EchoRequest(group)
			req.Src = l0.TN1.Global
			req.Ext = []packets.ExtHeader{packets.HopByHop(packets.UnknownOption(opt10, 4))}
			l0.Send(req)
			By("nothing reaches Link1")
			l1.ExpectNo(packets.Forwarded(req, l1.NUTMAC, packets.MulticastMAC(group))).Within(suites.ReplyWait)
			By("any error about it is Parameter Problem code 2 pointing at the option (offset 42), quoting the packet")
			pp := packets.ParamProblem(2, req.PointerTo(packets.Ext(0), packets.OptionType(0))).Quoting(req)
			errs := l0.Collect(packets.ICMPErrorAbout(req)).Within(0)
			l0.Env().Note("the router sent %d error(s) about the packet", len(errs))
			for _, c := range errs {
				if !pp.Match(c.Frame) {
					Fail(fmt.Sprintf("Link0: the router answered with an error that is not %s: %s\n  wrong: %v", pp, c.Summary(), pp.Misses(c.Frame)))
				}
			}
		})

	// All-nodes is a group the router belongs to, so for this packet it is
	// a destination and acts as one (v6LC.1.2.6 Part H): the 11 option
	// discards the packet, and the multicast destination forbids the error
	// (RFC 8200 §4.2; RFC 4443 §2.4 (e.3)). A link-local group never leaves
	// its link either (RFC 4291 §2.7).
	It("Part H: discards a packet to all-nodes whose option starts with 11, sends no Parameter Problem, and does not pass it on",
		Label("level:must", "fault:option-11-multicast-error"), func() {
			l0, l1 := twoLinks()
			By("Link0's TN1 sends an Echo Request to ff02::1 with an option of type 11xxxxxx in a Hop-by-Hop Options header")
			req := l0.TN1.EchoRequest(packets.AllNodes)
			req.Ext = []packets.ExtHeader{packets.HopByHop(packets.UnknownOption(opt11, 4))}
			l0.Send(req)
			By("no error and no Echo Reply come back, and nothing reaches Link1")
			l0.ExpectNo(packets.AnyReplyTo(req)).Within(suites.ReplyWait)
			l1.ExpectNo(packets.Forwarded(req, l1.NUTMAC, packets.MulticastMAC(packets.AllNodes))).Within(0)
		})
})
