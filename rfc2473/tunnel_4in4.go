package rfc2473

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// IPv4 in IPv4 (RFC 2003, protocol 4). The node's tunnel runs from its
// IPv4 address on Link0 to TR1's, outer TTL 64, with TunnelNUT4 on it and
// FarPrefix4 routed through it; the node has an IPv4 address on each link
// (suites.FourInFour).

var _ = Describe("4in4 tunnel: decapsulation at the node", Label("rfc:2003", "section:3", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.FourInFour())).Link0 })

	It("answers an ICMPv4 Echo Request that came through the tunnel, back through the tunnel", Label("fault:tunnel-no-decap"), func() {
		By("TR1, the tunnel's remote end, sends in IPv4 protocol 4 an ICMPv4 Echo Request from FarHost4 to the node's tunnel address")
		req := farEcho4(suites.TunnelNUT4, 11)
		l.SendRaw(packets.Encap4Raw(l.TR1.MAC, l.NUTMAC, l.TR1.IPv4(), l.NUTIPv4(), packets.ProtoIPv4, req))

		By("the node answers in IPv4 protocol 4 from its IPv4 address to TR1's, outer TTL 64")
		l.Expect(packets.IPv4InIPv4(l.NUTIPv4(), l.TR1.IPv4(), packets.ICMPv4EchoReplyTo(req)).OuterTTL(64)).Within(suites.ReplyWait)
	})
})

// RFC 2003 §3.1: an encapsulator that tunnels a datagram it forwards
// decrements the inner TTL first, as forwarding asks, and sets the outer
// TTL for the tunnel; the decapsulator forwards what comes out as any
// other datagram, decrementing its TTL (RFC 1812 §5.3.1).
var _ = Describe("Forwarding IPv4 through a 4in4 tunnel at a router", Label("rfc:2003", "section:3.1", "role:router", "level:must"), func() {
	var e *suites.Env
	BeforeEach(func() { e = suites.Start(suites.Links(2), suites.Tunnel(suites.FourInFour())) })

	It("puts an IPv4 packet from Link1 into the tunnel with its TTL one less", Label("fault:tunnel-entry-no-decrement"), func() {
		By("TN2 on Link1 sends an ICMPv4 Echo Request to FarHost4, behind the tunnel")
		req := packets.IPv4Echo(e.Link1.TN2.IPv4(), suites.FarHost4, 64, packets.DFClear, 12, []byte("into the 4in4 tunnel"))
		e.Link1.SendRaw(packets.EtherIPv4(e.Link1.TN2.MAC, e.Link1.NUTMAC, req))

		By("the router sends it through the tunnel, TTL 63, in an outer IPv4 header with TTL 64")
		l := e.Link0
		l.Expect(packets.IPv4InIPv4(l.NUTIPv4(), l.TR1.IPv4(), packets.IPv4Forwarded(req)).OuterTTL(64)).Within(suites.ReplyWait)
	})

	// RFC 2003 §3.1: DF set in the inner header must be set in the outer.
	It("sets DF in the outer header of a packet that has DF", Label("fault:tunnel-df-not-copied"), func() {
		By("TN2 on Link1 sends an ICMPv4 Echo Request with DF to FarHost4, behind the tunnel")
		req := packets.IPv4Echo(e.Link1.TN2.IPv4(), suites.FarHost4, 64, packets.DFSet, 14, []byte("DF into the 4in4 tunnel"))
		e.Link1.SendRaw(packets.EtherIPv4(e.Link1.TN2.MAC, e.Link1.NUTMAC, req))

		By("the router sends it through the tunnel with DF set in the outer IPv4 header")
		l := e.Link0
		l.Expect(packets.IPv4InIPv4(l.NUTIPv4(), l.TR1.IPv4(), packets.IPv4Forwarded(req)).DontFragment(packets.DFSet)).Within(suites.ReplyWait)
	})

	It("forwards an IPv4 packet that comes out of the tunnel onto Link1 with its TTL one less", Label("fault:tunnel-exit-no-decrement"), func() {
		By("TR1 sends through the tunnel an ICMPv4 Echo Request from FarHost4 to TN2 on Link1")
		req := farEcho4(e.Link1.TN2.IPv4(), 13)
		l := e.Link0
		l.SendRaw(packets.Encap4Raw(l.TR1.MAC, l.NUTMAC, l.TR1.IPv4(), l.NUTIPv4(), packets.ProtoIPv4, req))

		By("the router forwards it on Link1 to TN2 with TTL 63")
		e.Link1.Expect(packets.IPv4Forwarded(req).ToMAC(e.Link1.TN2.MAC)).Within(suites.ReplyWait)
	})
})
