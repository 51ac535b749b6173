package rfc2473

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// IPv4 in IPv6 (RFC 2473, next header 4). The node's tunnel runs from its
// global address on Link0 to TR1's, outer hop limit 64, Tunnel
// Encapsulation Limit 4, with TunnelNUT4 on it and FarPrefix4 routed
// through it; the node has an IPv4 address on each link
// (suites.FourInSix).

var _ = Describe("4in6 tunnel: decapsulation at the node", Label("rfc:2473", "section:3.3", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.FourInSix())).Link0 })

	// RFC 2473 §3.3: the exit point takes the tunnel header off and hands
	// the original packet, here IPv4, to its own protocol; the answer goes
	// back through the tunnel (§3.1), with the tunnel's hop limit (§6.3).
	It("answers an ICMPv4 Echo Request that came through the tunnel, back through the tunnel", Label("fault:tunnel-no-decap"), func() {
		By("TR1, the tunnel's exit point, sends an IPv6 tunnel packet (next header 4) carrying an ICMPv4 Echo Request from FarHost4 to the node's tunnel address")
		req := farEcho4(suites.TunnelNUT4, 1)
		l.Send(packets.Encap6Raw(l.TR1.MAC, l.NUTMAC, l.TR1.Global, l.NUTGlobal, 4, packets.ProtoIPv4, req))

		By("the node answers in an IPv6 tunnel packet from its global address to TR1's, outer hop limit 64")
		l.Expect(packets.IPv4InIPv6(l.NUTGlobal, l.TR1.Global, packets.ICMPv4EchoReplyTo(req)).OuterTTL(64)).Within(suites.ReplyWait)
	})

	// What comes out of the tunnel is an IPv4 packet like any other: one
	// whose header checksum is wrong is discarded (RFC 1122 §3.2.1.2).
	It("discards an inner IPv4 packet whose header checksum is wrong", Label("fault:ipv4-checksum-ignored"), func() {
		By("TR1 sends through the tunnel an ICMPv4 Echo Request to the node's tunnel address whose IPv4 header checksum is wrong")
		req := farEcho4(suites.TunnelNUT4, 2)
		req[10] ^= 0x10
		l.Send(packets.Encap6Raw(l.TR1.MAC, l.NUTMAC, l.TR1.Global, l.NUTGlobal, 4, packets.ProtoIPv4, req))

		By("the node does not answer it")
		l.ExpectNo(packets.IPv4InIPv6(l.NUTGlobal, l.TR1.Global, packets.ICMPv4EchoReplyTo(req))).Within(suites.ReplyWait)
	})
})

// RFC 2473 names a tunnel by its entry and exit points (§6) but leaves the
// check of a tunnel packet's source to the implementation; the node
// applies RFC 4213 §3.6's rule to every configured tunnel: a tunnel
// packet from another source is discarded, never decapsulated. Hence
// SHOULD.
var _ = Describe("4in6 tunnel: the outer source", Label("rfc:2473", "section:3.3", "role:any", "level:should"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.FourInSix())).Link0 })

	It("discards a tunnel packet whose outer source is not the tunnel's exit point", Label("fault:tunnel-no-source-check"), func() {
		By("TR2, not the tunnel's exit point, sends the node a 4in6 tunnel packet carrying an ICMPv4 Echo Request to its tunnel address")
		req := farEcho4(suites.TunnelNUT4, 3)
		l.Send(packets.Encap6Raw(l.TR2.MAC, l.NUTMAC, l.TR2.Global, l.NUTGlobal, 4, packets.ProtoIPv4, req))

		By("the node does not answer it, through the tunnel or to TR2")
		l.ExpectNo(packets.IPv4InIPv6(l.NUTGlobal, l.TR1.Global, packets.ICMPv4EchoReplyTo(req))).Within(suites.ReplyWait)
		l.ExpectNo(packets.IPv4InIPv6(l.NUTGlobal, l.TR2.Global, packets.ICMPv4EchoReplyTo(req))).Within(suites.ReplyWait)
	})
})

// RFC 2473 §3.1: the entry point is a forwarding node, so the original
// packet's TTL is decremented before it goes into the tunnel, and the
// tunnel header carries the entry point's own hop limit (§6.3); at the
// exit point the original packet is forwarded on as any other (§3.3),
// its TTL decremented again. An IPv4 packet whose TTL runs out on the
// way is answered with Time Exceeded (RFC 1812 §5.3.1).
var _ = Describe("Forwarding IPv4 through a 4in6 tunnel at a router", Label("rfc:2473", "section:3.1", "role:router", "level:must"), func() {
	var e *suites.Env
	BeforeEach(func() { e = suites.Start(suites.Links(2), suites.Tunnel(suites.FourInSix())) })

	It("puts an IPv4 packet from Link1 into the tunnel with its TTL one less", Label("fault:tunnel-entry-no-decrement"), func() {
		By("TN2 on Link1 sends an ICMPv4 Echo Request to FarHost4, behind the tunnel")
		req := packets.IPv4Echo(e.Link1.TN2.IPv4(), suites.FarHost4, 64, packets.DFClear, 4, []byte("into the 4in6 tunnel"))
		e.Link1.SendRaw(packets.EtherIPv4(e.Link1.TN2.MAC, e.Link1.NUTMAC, req))

		By("the router sends it through the tunnel, TTL 63, in a tunnel packet with hop limit 64 and Tunnel Encapsulation Limit 4")
		l := e.Link0
		l.Expect(packets.IPv4InIPv6(l.NUTGlobal, l.TR1.Global, packets.IPv4Forwarded(req)).OuterTTL(64).EncapLimit(4)).Within(suites.ReplyWait)
	})

	It("forwards an IPv4 packet that comes out of the tunnel onto Link1 with its TTL one less", Label("section:3.3", "fault:tunnel-exit-no-decrement"), func() {
		By("TR1 sends through the tunnel an ICMPv4 Echo Request from FarHost4 to TN2 on Link1")
		req := farEcho4(e.Link1.TN2.IPv4(), 5)
		l := e.Link0
		l.Send(packets.Encap6Raw(l.TR1.MAC, l.NUTMAC, l.TR1.Global, l.NUTGlobal, 4, packets.ProtoIPv4, req))

		By("the router forwards it on Link1 to TN2, found by ARP, with TTL 63")
		e.Link1.Expect(packets.IPv4Forwarded(req).ToMAC(e.Link1.TN2.MAC)).Within(suites.ReplyWait)
	})

	It("answers Time Exceeded for an IPv4 packet with TTL 1 and puts nothing into the tunnel", Label("fault:ipv4-no-time-exceeded"), func() {
		By("TN2 on Link1 sends an ICMPv4 Echo Request with TTL 1 to FarHost4, behind the tunnel")
		req := packets.IPv4Echo(e.Link1.TN2.IPv4(), suites.FarHost4, 1, packets.DFClear, 6, []byte("TTL 1"))
		e.Link1.SendRaw(packets.EtherIPv4(e.Link1.TN2.MAC, e.Link1.NUTMAC, req))

		By("the router answers ICMPv4 Time Exceeded code 0 quoting it, and tunnels nothing")
		e.Link1.Expect(packets.ICMPv4ErrorAbout(packets.ICMPv4TimeExceeded, packets.ICMPv4TTLExceeded, req)).Within(suites.ReplyWait)
		l := e.Link0
		l.ExpectNo(packets.IPv4InIPv6(l.NUTGlobal, l.TR1.Global, packets.IPv4Forwarded(req))).Within(suites.ReplyWait)
	})
})

// RFC 2473 §7.2: an IPv4 packet larger than the tunnel MTU (here 1500 -
// 40 - 8 = 1452) is refused with ICMPv4 Fragmentation Needed carrying the
// tunnel MTU when it has DF set; without DF it is encapsulated and the
// tunnel packet sent in fragments that fit the path MTU. An entry point
// that instead cuts the IPv4 packet into IPv4 fragments, each in a tunnel
// packet of its own, fails: the datagram gets through, but not as §7.2
// asks (the 4in4 spec, under RFC 2003, takes both ways).
var _ = Describe("IPv4 packet size at the entry of a 4in6 tunnel", Label("rfc:2473", "section:7.2", "role:router", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.FourInSix())).Link0 })

	It("answers Fragmentation Needed with the tunnel MTU, 1452, for a packet with DF that does not fit", Label("fault:tunnel-ipv4-df-ignored"), func() {
		By("TN1 sends a 1480-octet IPv4 packet with DF to FarHost4, behind the tunnel")
		req := packets.IPv4Sized(l.TN1.IPv4(), suites.FarHost4, 64, packets.DFSet, 7, 1480)
		l.SendRaw(packets.EtherIPv4(l.TN1.MAC, l.NUTMAC, req))

		By("the router answers ICMPv4 Destination Unreachable code 4 with next-hop MTU 1452, and tunnels nothing")
		l.Expect(packets.ICMPv4ErrorAbout(packets.ICMPv4DestUnreachable, packets.ICMPv4FragNeeded, req).NextHopMTU(1452)).Within(suites.ReplyWait)
		l.ExpectNo(packets.IPv4InIPv6(l.NUTGlobal, l.TR1.Global, packets.IPv4Forwarded(req))).Within(suites.ReplyWait)
	})

	It("encapsulates a packet without DF that does not fit and sends the tunnel packet in fragments", Label("fault:tunnel-small-packet-refused"), func() {
		By("TN1 sends a 1480-octet IPv4 packet without DF to FarHost4")
		req := packets.IPv4Sized(l.TN1.IPv4(), suites.FarHost4, 64, packets.DFClear, 8, 1480)
		l.SendRaw(packets.EtherIPv4(l.TN1.MAC, l.NUTMAC, req))

		By("the router tunnels it whole, the 1528-octet tunnel packet in IPv6 fragments of at most 1500 octets")
		l.Expect(packets.IPv4InIPv6(l.NUTGlobal, l.TR1.Global, packets.IPv4Forwarded(req)).InnerWhole().FitsMTU(1500)).Within(suites.ReplyWait)
	})
})

// RFC 2473 §8: an ICMPv6 error about a tunnel packet, from a node inside
// the tunnel, is reported by the entry point to the source of the
// original packet in that packet's own protocol: for IPv4, an ICMPv4
// message from one of the entry point's IPv4 addresses; the errors other
// than Packet Too Big say the host is unreachable. RFC 2473 names no
// source address: RFC 1812 §4.3.2.4 has a router's ICMPv4 error come from
// the interface it leaves by (Link0's address here), and the tunnel's own
// address is accepted too. Like the 6in6 relay, a MUST ("must relay",
// lower case, §8).
var _ = Describe("ICMPv6 errors from inside a 4in6 tunnel", Label("rfc:2473", "section:8", "role:router", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.FourInSix())).Link0 })

	It("reports a Time Exceeded about its tunnel packet to the IPv4 source as Destination Unreachable code 1", Label("fault:tunnel-no-error-relay"), func() {
		By("TN1 sends an ICMPv4 Echo Request to FarHost4; the router tunnels it")
		req := packets.IPv4Echo(l.TN1.IPv4(), suites.FarHost4, 64, packets.DFClear, 9, []byte("lost in the tunnel"))
		l.SendRaw(packets.EtherIPv4(l.TN1.MAC, l.NUTMAC, req))
		c := l.Expect(packets.IPv4InIPv6(l.NUTGlobal, l.TR1.Global, packets.IPv4Forwarded(req))).Within(suites.ReplyWait)

		By("TR2, a router inside the tunnel, answers Time Exceeded about the tunnel packet")
		l.Send(icmpv6From(l, l.TR2, l.NUTGlobal, packets.TimeExceededMessage{Code: 0, Invoking: quoted(c.IPv6)}))

		By("the router tells TN1 in ICMPv4: Destination Unreachable code 1 from its address on Link0 or its tunnel address, quoting the packet")
		l.Expect(packets.ICMPv4ErrorAbout(packets.ICMPv4DestUnreachable, packets.ICMPv4HostUnreachable, req).From4(l.NUTIPv4(), suites.TunnelNUT4)).Within(suites.ReplyWait)
	})
})
