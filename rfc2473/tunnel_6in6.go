package rfc2473

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Generic packet tunneling in IPv6 (RFC 2473). The node's tunnel runs
// from its global address on Link0 to TR1's, outer hop limit 64, Tunnel
// Encapsulation Limit 4, with TunnelNUT on it and FarPrefix routed through
// it (suites.SixInSix).

var _ = Describe("6in6 tunnel: decapsulation and encapsulation at the node", Label("rfc:2473", "section:3.3", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.SixInSix())).Link0 })

	It("answers an Echo Request that came through the tunnel, back through the tunnel", Label("fault:tunnel-no-decap"), func() {
		By("TR1, the tunnel's exit point, sends an IPv6 tunnel packet carrying an Echo Request from FarHost to the node's tunnel address")
		req := farEcho(l, suites.TunnelNUT, 32)
		l.Send(packets.Encap6(l.TR1.Global, l.NUTGlobal, -1, req))

		By("the node answers in an IPv6 tunnel packet from its global address to TR1's, with the configured outer hop limit 64")
		l.Expect(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.EchoReplyTo(req)).OuterTTL(64)).Within(suites.ReplyWait)
	})

	// RFC 2473 §4.1.1 and §6.6: an entry point configured with a limit
	// puts it in a Tunnel Encapsulation Limit option of its tunnel packets.
	It("puts its configured Tunnel Encapsulation Limit, 4, in its tunnel packets", Label("section:4.1.1", "level:must", "fault:tunnel-no-encap-limit-option"), func() {
		By("TR1 sends through the tunnel an Echo Request from FarHost to the node's tunnel address")
		req := farEcho(l, suites.TunnelNUT, 32)
		l.Send(packets.Encap6(l.TR1.Global, l.NUTGlobal, -1, req))

		By("the node's tunnel packet carries a Tunnel Encapsulation Limit option of 4")
		l.Expect(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.EchoReplyTo(req)).EncapLimit(4)).Within(suites.ReplyWait)
	})
})

var _ = Describe("Hop Limit when a router forwards into a 6in6 tunnel", Label("rfc:2473", "section:3.1", "role:router", "level:must"), func() {
	var e *suites.Env
	BeforeEach(func() { e = suites.Start(suites.Links(2), suites.Tunnel(suites.SixInSix())) })

	It("decrements the hop limit of the packet it encapsulates", Label("fault:tunnel-entry-no-decrement"), func() {
		By("TN2 on Link1 sends an Echo Request to FarHost, behind the tunnel")
		req := e.Link1.TN2.EchoRequest(suites.FarHost)
		e.Link1.Send(req)

		By("the router sends it through the tunnel with the hop limit one less")
		l := e.Link0
		l.Expect(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.Forwarded(req, l.NUTMAC, l.TR1.MAC))).Within(suites.ReplyWait)
	})
})

// RFC 2473 §4.1.1: an entry point about to encapsulate a tunnel packet
// whose Tunnel Encapsulation Limit is 0 discards it and sends its source a
// Parameter Problem code 0 pointing at the limit; a non-zero limit goes on
// less one in the new tunnel header. The entry point forwards the packet
// into the tunnel (§3.1), so the Parameter Problem may quote it with the
// hop limit already decremented.
var _ = Describe("Tunnel Encapsulation Limit at a router", Label("rfc:2473", "section:4.1.1", "role:router", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.SixInSix())).Link0 })

	tunnelPacket := func(limit int) *packets.Packet {
		inner := packets.EchoRequest(l.TN1.MAC, l.NUTMAC, l.TN1.Global, suites.FarHost2, 0x7475, 3, []byte("nested"))
		return packets.Encap6(l.TN1.Global, suites.FarHost2, limit, inner)
	}

	It("discards a tunnel packet whose limit is 0 and points a Parameter Problem at the limit", Label("fault:tunnel-encap-limit-ignored"), func() {
		By("TN1, itself a tunnel entry point, sends a tunnel packet with limit 0 to FarHost2, which the router's tunnel leads to")
		tp := tunnelPacket(0)
		l.Send(tp)

		By("the router answers Parameter Problem code 0 pointing at the limit, and tunnels nothing")
		l.Expect(packets.ParamProblem(0, tp.PointerTo(packets.Ext(0), packets.OptionData(0))).QuotingForwarded(tp)).Within(suites.ReplyWait)
		l.ExpectNo(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.AnyTo(suites.FarHost2))).Within(suites.ReplyWait)
	})

	It("gives the nested tunnel packet the received limit less one", Label("fault:tunnel-encap-limit-not-decremented"), func() {
		By("TN1 sends a tunnel packet with limit 3 to FarHost2, behind the router's tunnel")
		tp := tunnelPacket(3)
		l.Send(tp)

		By("the router encapsulates it with a Tunnel Encapsulation Limit of 2")
		l.Expect(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.Forwarded(tp, l.NUTMAC, l.TR1.MAC)).EncapLimit(2)).Within(suites.ReplyWait)
	})
})

// RFC 2473 §7.1: the tunnel MTU is the path MTU to the exit point less the
// tunnel headers (1500 - 40 - 8 here). A packet above 1280 octets that does
// not fit is refused with Packet Too Big carrying the tunnel MTU; one of at
// most 1280 octets is encapsulated all the same and the tunnel packet sent
// in fragments.
var _ = Describe("Tunnel packet size at a router (6in6)", Label("rfc:2473", "section:7.1", "role:router", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.SixInSix())).Link0 })

	It("answers Packet Too Big with the tunnel MTU, 1452, for a packet above 1280 octets that does not fit", Label("fault:tunnel-too-big-silent"), func() {
		By("TN1 sends a 1500-octet Echo Request to FarHost, behind the tunnel")
		req := sized(l.TN1, suites.FarHost, 1500)
		l.Send(req)

		By("the router refuses it with Packet Too Big MTU 1452")
		l.Expect(packets.PacketTooBigAbout(req, 1452)).Within(suites.ReplyWait)
	})

	It("encapsulates a 1280-octet packet that does not fit and sends the tunnel packet in fragments", Label("fault:tunnel-small-packet-refused"), func() {
		By("TN1 sends a 1280-octet Echo Request to FarHost; the router tunnels it whole")
		req := sized(l.TN1, suites.FarHost, 1280)
		l.Send(req)
		c := l.Expect(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.Forwarded(req, l.NUTMAC, l.TR1.MAC))).Within(suites.ReplyWait)

		By("TR2, a router inside the tunnel, answers Packet Too Big MTU 1280 about the tunnel packet")
		l.Send(icmpv6From(l, l.TR2, l.NUTGlobal, packets.PacketTooBigMessage{MTU: 1280, Invoking: quoted(c.IPv6)}))
		l.Env().Settle()

		By("TN1 sends another 1280-octet Echo Request; the router tunnels it in fragments of at most 1280 octets")
		req2 := sized(l.TN1, suites.FarHost, 1280)
		l.Send(req2)
		l.Expect(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.Forwarded(req2, l.NUTMAC, l.TR1.MAC)).FitsMTU(1280)).Within(suites.ReplyWait)
	})

	// §7.1 (a): a packet of at most 1280 octets is the entry point's to
	// fragment; a Packet Too Big from inside the tunnel about it lowers the
	// tunnel MTU and goes no further: its source already sends packets of
	// the minimum MTU.
	It("sends the source of a 1280-octet packet no error when a router inside the tunnel says Packet Too Big about it", Label("fault:tunnel-small-ptb-relayed"), func() {
		By("TN1 sends a 1280-octet Echo Request to FarHost; the router tunnels it whole")
		req := sized(l.TN1, suites.FarHost, 1280)
		l.Send(req)
		c := l.Expect(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.Forwarded(req, l.NUTMAC, l.TR1.MAC))).Within(suites.ReplyWait)

		By("TR2, a router inside the tunnel, answers Packet Too Big MTU 1280 about the tunnel packet; the router sends TN1 no error about its request")
		l.Send(icmpv6From(l, l.TR2, l.NUTGlobal, packets.PacketTooBigMessage{MTU: 1280, Invoking: quoted(c.IPv6)}))
		l.ExpectNo(packets.PacketTooBigForwarded(req, 1280)).Within(suites.ReplyWait)
		l.ExpectNo(packets.ICMPErrorAbout(req)).Within(0)
	})
})

// RFC 2473 §8.1: an ICMPv6 error about a tunnel packet, from a node inside
// the tunnel, is reported by the entry point to the source of the inner
// packet: Destination Unreachable code 3 for the errors other than Packet
// Too Big.
var _ = Describe("ICMPv6 errors from inside a 6in6 tunnel", Label("rfc:2473", "section:8.1", "role:router", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.SixInSix())).Link0 })

	It("reports a Time Exceeded about its tunnel packet to the inner source as Destination Unreachable code 3", Label("fault:tunnel-no-error-relay"), func() {
		By("TN1 sends an Echo Request to FarHost; the router tunnels it")
		req := l.TN1.EchoRequest(suites.FarHost)
		l.Send(req)
		c := l.Expect(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.Forwarded(req, l.NUTMAC, l.TR1.MAC))).Within(suites.ReplyWait)

		By("TR2, a router inside the tunnel, answers Time Exceeded about the tunnel packet")
		l.Send(icmpv6From(l, l.TR2, l.NUTGlobal, packets.TimeExceededMessage{Code: 0, Invoking: quoted(c.IPv6)}))

		By("the router tells TN1: Destination Unreachable code 3 quoting its packet")
		l.Expect(packets.DestUnreachable(3).QuotingForwarded(req)).Within(suites.ReplyWait)
	})
})

// RFC 2473 §4.1.3: a route that leads a tunnel's own packets back into the
// tunnel nests encapsulation without end. The Tunnel Encapsulation Limit
// option (§4.1.1) and the node's own nesting counter stop it; the packet
// is then undeliverable, which the node reports to its source (§8.1), and
// the node goes on working.
var _ = Describe("A tunnel routing loop", Label("rfc:2473", "section:4.1.3", "role:router", "level:should"), func() {
	var l *suites.Link
	BeforeEach(func() {
		t := suites.SixInSix()
		t.Remote = suites.FarHost2 // an exit point reached through the tunnel itself
		l = suites.Start(suites.Tunnel(t)).Link0
	})

	It("ends at the nesting limit: the source is told the destination is unreachable and the router keeps answering", Label("fault:tunnel-no-nesting-limit"), func() {
		By("TN1 sends an Echo Request to FarHost, into the looping tunnel")
		req := l.TN1.EchoRequest(suites.FarHost)
		l.Send(req)

		By("the router tells TN1: Destination Unreachable code 3, and sends nothing towards the tunnel's exit point")
		l.Expect(packets.DestUnreachable(3).QuotingForwarded(req)).Within(suites.ReplyWait)
		l.ExpectNo(packets.AnyTo(suites.FarHost2)).Within(suites.ReplyWait)

		By("TN1 sends an Echo Request to the router, which answers it")
		echo := l.TN1.EchoRequest(l.NUTGlobal)
		l.Send(echo)
		l.Expect(packets.EchoReplyTo(echo)).Within(suites.ReplyWait)
	})
})
