package rfc2460

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// The ends of the header chain, both sides of each boundary: a header that
// fills the payload exactly is whole, one octet more is a header cut
// short. RFC 8200 §4 has the node process each header by its length; RFC
// 4443 §3.4 has it discard a packet whose headers it cannot process (MUST)
// and report the field with Parameter Problem code 0 (SHOULD).

// exactDestOpts is a packet whose only header, a Destination Options header
// of 8 octets carrying one option of type 10 (Parameter Problem code 2
// due), ends where the payload ends (Next Header 59).
func exactDestOpts(l *suites.Link) *packets.Packet {
	p := packets.New(l.TN1.MAC, l.NUTMAC, l.TN1.LinkLocal, l.NUTLinkLocal)
	p.Ext = []packets.ExtHeader{packets.DestOpts(packets.UnknownOption(opt10, 4))}
	p.NextHeader = packets.ProtoNoNext
	return p
}

// overrun makes p's Payload Length one octet short of its headers: the
// last octet stays in the frame as padding.
func overrun(p *packets.Packet) *packets.Packet {
	n := uint16(len(p.IPv6Bytes()) - 40 - 1)
	p.PayloadLength = &n
	return p
}

var _ = Describe("Extension header lengths at the end of the payload", Label("rfc:8200", "section:4", "role:any"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("processes a Destination Options header that ends exactly where the payload ends",
		Label("level:must", "fault:ext-header-exact-fit-truncated"), func() {
			By("TN1 sends a packet whose only header, 8 octets of Destination Options with an option of type 10, fills the payload exactly")
			p := exactDestOpts(l)
			l.Send(p)
			By("the node processes the option: Parameter Problem code 2 pointing at its type")
			l.Expect(packets.ParamProblem(2, p.PointerTo(packets.Ext(0), packets.OptionType(0))).Quoting(p)).Within(suites.ReplyWait)
		})

	It("does not process a Destination Options header that runs one octet past the payload",
		Label("level:must", "section:4.2", "fault:ext-header-overrun-accepted"), func() {
			By("TN1 sends the same header with a Payload Length one octet short of it")
			p := overrun(exactDestOpts(l))
			l.Send(p)
			By("the node does not act on the option inside: no Parameter Problem code 2")
			code2 := packets.ParamProblem(2, p.PointerTo(packets.Ext(0), packets.OptionType(0))).Identify("code 2", func(f *packets.Frame) (bool, string) {
				return f.ICMPCode == 2, fmt.Sprint(f.ICMPCode)
			})
			l.ExpectNo(code2).Within(suites.ReplyWait)
		})

	It("reports a Destination Options header that runs one octet past the payload at its Hdr Ext Len",
		Label("level:should", "fault:ext-header-overrun-accepted"), func() {
			By("TN1 sends the same header with a Payload Length one octet short of it")
			p := overrun(exactDestOpts(l))
			l.Send(p)
			By("the node answers Parameter Problem code 0 pointing at the header's length (offset 41)")
			l.Expect(packets.ParamProblem(0, p.PointerTo(packets.Ext(0), packets.HdrExtLen)).From(l.NUTLinkLocal)).Within(suites.ReplyWait)
		})

	It("reports an extension header cut to its first octet at the Payload Length",
		Label("level:should", "fault:ext-header-length-from-padding"), func() {
			By("TN1 sends a packet naming a Destination Options header whose payload is one octet long, the frame padded with zeros")
			p := packets.New(l.TN1.MAC, l.NUTMAC, l.TN1.LinkLocal, l.NUTLinkLocal)
			p.NextHeader = packets.ProtoDestOpts
			p.Raw = []byte{packets.ProtoNoNext}
			p.Trailer = make([]byte, 5)
			l.Send(p)
			By("the node answers Parameter Problem code 0 pointing at the Payload Length (offset 4): not even the header's length is there")
			l.Expect(packets.ParamProblem(0, p.PointerTo(packets.IPv6Header, packets.PayloadLength)).From(l.NUTLinkLocal)).Within(suites.ReplyWait)
		})

	It("reports an option whose type is the header's last octet at that type, not past the header",
		Label("level:should", "section:4.2", "fault:option-length-past-header"), func() {
			By("TN1 sends an Echo Request whose Destination Options header ends in the type of an option with no length octet")
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			req.Ext = []packets.ExtHeader{{Proto: packets.ProtoDestOpts, Body: []byte{1, 3, 0, 0, 0, opt10}}}
			l.Send(req)
			By("the node answers Parameter Problem code 0 pointing at that last octet (offset 47), and no Echo Reply")
			l.Expect(packets.ParamProblem(0, req.PointerTo(packets.Ext(0), packets.OptionType(1))).Quoting(req)).Within(suites.ReplyWait)
			l.ExpectNo(packets.EchoReplyTo(req)).Within(0)
		})

	It("reports an option that runs one octet past its header at the option's length",
		Label("level:should", "section:4.2", "fault:option-overrun-pointer-type"), func() {
			By("TN1 sends an Echo Request whose Destination Options header holds an option of type 10 claiming 5 octets of data where 4 are left")
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			req.Ext = []packets.ExtHeader{{Proto: packets.ProtoDestOpts, Body: []byte{opt10, 5, 0, 0, 0, 0}}}
			l.Send(req)
			By("the node answers Parameter Problem code 0 pointing at the option's length (offset 43), and no Echo Reply")
			l.Expect(packets.ParamProblem(0, req.PointerTo(packets.Ext(0), packets.OptionLength(0))).Quoting(req)).Within(suites.ReplyWait)
			l.ExpectNo(packets.EchoReplyTo(req)).Within(0)
		})

	It("takes a Fragment header that ends exactly where the payload ends (atomic, Next Header 59) without an error",
		Label("level:must", "section:4.5", "fault:fragment-header-exact-fit-cut"), func() {
			By("TN1 sends a packet whose only header is an atomic Fragment header naming Next Header 59")
			p := packets.New(l.TN1.MAC, l.NUTMAC, l.TN1.LinkLocal, l.NUTLinkLocal)
			p.Ext = []packets.ExtHeader{packets.FragmentHeader(0, packets.LastFragment, 0x6001)}
			p.NextHeader = packets.ProtoNoNext
			l.Send(p)
			By("nothing follows the header, so there is nothing to report")
			l.ExpectNo(packets.ICMPErrorAbout(p)).Within(suites.ReplyWait)
			By("and the node still answers TN1")
			req := l.TN1.EchoRequest(l.NUTLinkLocal)
			l.Send(req)
			l.Expect(packets.EchoReplyTo(req)).Within(suites.ReplyWait)
		})
})

// The same cut on a router's forwarding path, where only the Hop-by-Hop
// Options header is read (RFC 8200 §4).
var _ = Describe("A Hop-by-Hop Options header cut short at a router", Label("rfc:8200", "section:4", "role:router", "level:should"), func() {
	It("reports a Hop-by-Hop Options header cut to its first octet on a packet to forward, at the Payload Length, and does not forward it",
		Label("fault:ext-header-length-from-padding"), func() {
			l0, l1 := twoLinks()
			By("Link0's TN1 sends Link1's TN1 a packet naming a Hop-by-Hop Options header whose payload is one octet long, the frame padded with zeros")
			p := packets.New(l0.TN1.MAC, l0.NUTMAC, l0.TN1.Global, l1.TN1.Global)
			p.NextHeader = packets.ProtoHopByHop
			p.Raw = []byte{packets.ProtoNoNext}
			p.Trailer = make([]byte, 5)
			l0.Send(p)
			By("the router answers Parameter Problem code 0 pointing at the Payload Length (offset 4), and nothing reaches Link1")
			l0.Expect(packets.ParamProblem(0, p.PointerTo(packets.IPv6Header, packets.PayloadLength))).Within(suites.ReplyWait)
			l1.ExpectNo(packets.AnyTo(l1.TN1.Global)).Within(0)
		})
})

// RFC 6946 §4: an atomic fragment is processed in isolation, whatever
// fragments of the same Identification wait for reassembly.
var _ = Describe("Atomic fragments beside a datagram in reassembly", Label("rfc:6946", "section:4", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("answers an atomic fragment at once while a fragment with the same Identification waits",
		Label("fault:atomic-fragment-reassembled"), func() {
			By("TN1 sends the last fragment of a datagram (offset 400, M=0) with Identification 0x6002")
			other := bigEcho(l, 1200)
			last := other.Fragments(0x6002, 400)[1]
			l.Send(last)
			By("TN1 sends an Echo Request as an atomic fragment with the same Identification")
			req := l.TN1.EchoRequest(l.NUTGlobal)
			req.Ext = []packets.ExtHeader{packets.FragmentHeader(0, packets.LastFragment, 0x6002)}
			l.Send(req)
			By("the node answers the Echo Request at once, in one packet")
			l.Expect(packets.EchoReplyTo(req).NoFragmentHeader()).Within(suites.ReplyWait)
		})
})

// RFC 7112 §5 (RFC 8200 §4.5): the first fragment holds the whole header
// chain, through the upper-layer header. Exactly that is enough.
var _ = Describe("A first fragment that ends with its upper-layer header", Label("rfc:7112", "section:5", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start().Link0 })

	It("reassembles a datagram whose first fragment carries exactly the 8-octet UDP header, and answers it",
		Label("fault:chain-exact-fit-incomplete"), func() {
			By("TN1 sends a UDP datagram to a closed port in two fragments, the first carrying only the UDP header")
			p := packets.UDPDatagram(l.TN1.MAC, l.NUTMAC, l.TN1.Global, l.NUTGlobal, 40001, 33434, []byte("the data in the second fragment"))
			l.SendAll(p.Fragments(0x6003, 8))
			By("the chain is complete: the node reassembles it and answers Port Unreachable, not Parameter Problem code 3")
			l.Expect(packets.DestUnreachable(4).From(l.NUTGlobal)).Within(suites.ReplyWait)
		})
})
