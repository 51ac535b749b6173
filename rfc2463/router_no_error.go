package rfc2463

import (
	"bytes"
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Errors a router must keep to itself (RFC 4443 §2.4 (e)): about a packet
// that is itself an ICMPv6 error, and about a packet whose source names no
// single node.

// noRoute is an address no route of the router covers.
var noRoute = netip.MustParseAddr("2001:db8:99::1")

// errorMessage is an ICMPv6 error of typ and code from Link0's TN1 to dst,
// quoting an Echo Request that dst might have sent TN1.
func errorMessage(l0 *suites.Link, dst netip.Addr, typ, code uint8) *packets.Packet {
	inner := packets.EchoRequest(l0.TN1.MAC, l0.NUTMAC, dst, l0.TN1.Global, 0x6c7, 1, []byte("the packet the error is about")).IPv6Bytes()
	p := packets.New(l0.TN1.MAC, l0.NUTMAC, l0.TN1.Global, dst)
	p.NextHeader = packets.ProtoICMPv6
	param := make([]byte, 4) // unused, or the MTU, or the pointer
	if typ == packets.TypePacketTooBig {
		param = []byte{0, 0, 0x05, 0x00} // 1280
	}
	p.ICMP = &packets.ICMPv6{Type: typ, Code: code, Body: append(param, inner...)}
	return p
}

// tooBig is a 1500-octet Echo Request from src to Link1's TN1: more than
// Link1's MTU of 1280.
func tooBig(l0, l1 *suites.Link, src netip.Addr) *packets.Packet {
	req := l0.TN1.EchoRequest(l1.TN1.Global)
	req.Src = src
	req.ICMP.SetEchoData(bytes.Repeat([]byte{0x3c}, 1500-48))
	return req
}

var _ = Describe("No error about an ICMPv6 error a router cannot forward", Label("rfc:4443", "section:2.4", "ipv6ready:v6LC.5.1.9", "role:router", "level:must", "fault:error-about-error"), func() {
	var l0, l1 *suites.Link
	BeforeEach(func() {
		env := suites.Start(suites.Links(2))
		l0, l1 = env.Link0, env.Link1
	})

	// why is what stops the router: the route is missing, the Hop Limit
	// runs out, or the next hop on Link1 never answers address resolution.
	type why int
	const (
		hopLimit why = iota
		noRouteTo
		unreachable
	)

	DescribeTable("sends nothing back about an ICMPv6 error message it has to drop (section 2.4 (e.1))",
		func(typ, code uint8, stop why) {
			dst, wait := l1.TN1.Global, suites.ReplyWait
			switch stop {
			case noRouteTo:
				dst = noRoute
			case unreachable:
				l1.TN2.AnswersNS = false
				dst = l1.TN2.Global
				wait = suites.MaxMulticastSolicit*suites.RetransTimer + suites.ReplyWait
			}
			By("Link0's TN1 sends the error message, which the router cannot deliver")
			msg := errorMessage(l0, dst, typ, code)
			if stop == hopLimit {
				msg.HopLimit = 0
			}
			l0.Send(msg)
			By("the router sends no ICMPv6 error about it: no Time Exceeded, no Destination Unreachable")
			l0.ExpectNo(packets.ICMPErrorAboutForwarded(msg)).Within(wait)
		},
		Entry("Part A: Destination Unreachable code 0, its destination on Link1 unreachable", uint8(packets.TypeDestUnreachable), uint8(0), unreachable),
		Entry("Part B: Destination Unreachable code 3, arriving with Hop Limit 0", uint8(packets.TypeDestUnreachable), uint8(3), hopLimit),
		Entry("Part C: Time Exceeded code 0, no route to its destination", uint8(packets.TypeTimeExceeded), uint8(0), noRouteTo),
		Entry("Part D: Time Exceeded code 1, no route to its destination", uint8(packets.TypeTimeExceeded), uint8(1), noRouteTo),
		Entry("Part E: Packet Too Big, its destination on Link1 unreachable", uint8(packets.TypePacketTooBig), uint8(0), unreachable),
		Entry("Part F: Parameter Problem, arriving with Hop Limit 0", uint8(packets.TypeParamProblem), uint8(0), hopLimit),
	)
})

// noTooBigFrom is Part B of v6LC.5.1.11 and v6LC.5.1.12: a packet too big
// for Link1 from a source that is not one node's draws no Packet Too Big
// (section 2.4 (e.6)).
func noTooBigFrom(src netip.Addr) {
	env := suites.Start(suites.Links(2))
	l0, l1 := env.Link0, env.Link1
	By("Link0's TN1 sends a 1500-octet Echo Request from " + src.String() + " to Link1's TN1; Link1's MTU is 1280")
	req := tooBig(l0, l1, src)
	l0.Send(req)
	By("the router sends no Packet Too Big, and nothing reaches Link1")
	l0.ExpectNo(packets.ICMPErrorAbout(req)).Within(suites.ReplyWait)
	l1.ExpectNo(packets.AnyTo(l1.TN1.Global)).Within(0)
}

var _ = Describe("No error to the unspecified source, at a router", Label("rfc:4443", "section:2.4", "ipv6ready:v6LC.5.1.11", "role:router", "level:must", "fault:error-to-non-unique-source"), func() {
	It("Part B: sends no Packet Too Big about a packet from :: too big for the next link", func() {
		noTooBigFrom(packets.Unspecified)
	})
})

var _ = Describe("No error to a multicast source, at a router", Label("rfc:4443", "section:2.4", "ipv6ready:v6LC.5.1.12", "role:router", "level:must", "fault:error-to-non-unique-source"), func() {
	It("Part B: sends no Packet Too Big about a packet from a multicast address too big for the next link", func() {
		noTooBigFrom(packets.AllNodes)
	})
})

// The subnet-router anycast address of a link's prefix (RFC 4291 §2.6.1)
// belongs to every router on the link, this one included: a packet from it
// does not say which node sent it, so no error may answer it.
var _ = Describe("No error to a packet from the router's own subnet-router anycast address", Label("rfc:4443", "section:2.4", "ipv6ready:v6LC.5.1.13", "role:router", "level:must", "fault:error-to-non-unique-source"), func() {
	var l0, l1 *suites.Link
	var anycast netip.Addr
	BeforeEach(func() {
		env := suites.Start(suites.Links(2))
		l0, l1 = env.Link0, env.Link1
		anycast = l0.Prefix.Addr() // 2001:db8:1::
	})

	It("Part A: sends no Port Unreachable about a UDP datagram to a closed port",
		func() {
			By("Link0's TN1 sends a UDP datagram from 2001:db8:1:: to port 33434 of the router's Link0 address")
			p := packets.UDPDatagram(l0.TN1.MAC, l0.NUTMAC, anycast, l0.NUTGlobal, 40000, 33434, []byte("anybody there?"))
			l0.Send(p)
			By("the router sends no Destination Unreachable")
			l0.ExpectNo(packets.ICMPErrorAbout(p)).Within(suites.ReplyWait)
		})

	It("Part B: sends no Packet Too Big about a packet too big for Link1",
		func() {
			By("Link0's TN1 sends a 1500-octet Echo Request from 2001:db8:1:: to Link1's TN1; Link1's MTU is 1280")
			req := tooBig(l0, l1, anycast)
			l0.Send(req)
			By("the router sends no Packet Too Big, and nothing reaches Link1")
			l0.ExpectNo(packets.ICMPErrorAbout(req)).Within(suites.ReplyWait)
			l1.ExpectNo(packets.AnyTo(l1.TN1.Global)).Within(0)
		})

	It("Part C: sends no Time Exceeded when reassembly of a datagram from it times out",
		func() {
			By("Link0's TN1 sends the router only the first fragment of an Echo Request from 2001:db8:1::")
			req := l0.TN1.EchoRequest(l0.NUTGlobal)
			req.Src = anycast
			req.ICMP.SetEchoData(bytes.Repeat([]byte{0x5a}, 64))
			frags := req.Fragments(0x5113, 32)
			l0.Send(frags[0])
			By("when reassembly gives up after 60 s, the router sends no Time Exceeded")
			l0.ExpectNo(packets.ICMPErrorAbout(frags[0])).Within(suites.ReassemblyTimeout + suites.LongTimerSlack + suites.Slack)
		})

	It("Part D: sends no Parameter Problem about an unknown option whose type starts with 10",
		func() {
			By("Link0's TN1 sends an Echo Request from 2001:db8:1:: to the router with option type 10xxxxxx in a Destination Options header")
			req := l0.TN1.EchoRequest(l0.NUTGlobal)
			req.Src = anycast
			req.Ext = []packets.ExtHeader{packets.DestOpts(packets.UnknownOption(0x9e, 4))}
			l0.Send(req)
			By("the router sends no Parameter Problem (and no Echo Reply: the option discards the packet)")
			l0.ExpectNo(packets.AnyReplyTo(req)).Within(suites.ReplyWait)
		})
})
