package rfc2473

import (
	"fmt"
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Configured IPv6-in-IPv4 tunnels (RFC 4213 §3). The node's tunnel runs
// from its IPv4 address on Link0 to TR1's, with TunnelNUT on it and
// FarPrefix routed through it (suites.SixInFour).

var _ = Describe("Configured 6in4 tunnel: decapsulation and encapsulation at the node", Label("rfc:4213", "section:3.6", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.SixInFour())).Link0 })

	It("answers an Echo Request that came through the tunnel, back through the tunnel", Label("section:3.5", "fault:tunnel-no-decap"), func() {
		By("TR1, the tunnel's remote end, sends in IPv4 protocol 41 an Echo Request from FarHost to the node's tunnel address")
		req := farEcho(l, suites.TunnelNUT, 32)
		l.SendRaw(packets.Encap4(l.TR1.IPv4(), l.NUTIPv4(), req))

		By("the node answers in IPv4 protocol 41 from its IPv4 address to TR1's, resolved by ARP")
		l.Expect(packets.Tunneled4(l.NUTIPv4(), l.TR1.IPv4(), packets.EchoReplyTo(req))).Within(suites.ReplyWait)
	})

	// RFC 4213 §3.7: a configured tunnel is an IPv6 interface with a
	// link-local address of its own, its interface identifier the IPv4
	// address (fe80::a.b.c.d, as the reference node and Linux form it).
	It("answers an Echo Request from the remote end's link-local address to its tunnel link-local address, through the tunnel", Label("section:3.7", "fault:tunnel-no-link-local"), func() {
		nutLL, tr1LL := tunnelLinkLocal(l.NUTIPv4()), tunnelLinkLocal(l.TR1.IPv4())
		By("TR1 sends in IPv4 protocol 41 an Echo Request from " + tr1LL.String() + " to " + nutLL.String())
		req := packets.EchoRequest(l.TR1.MAC, l.NUTMAC, tr1LL, nutLL, 0x7475, 7, []byte("v6ct tunnel link-local"))
		l.SendRaw(packets.Encap4(l.TR1.IPv4(), l.NUTIPv4(), req))

		By("the node answers from " + nutLL.String() + " in IPv4 protocol 41 to TR1")
		l.Expect(packets.Tunneled4(l.NUTIPv4(), l.TR1.IPv4(), packets.EchoReplyTo(req).From(nutLL))).Within(suites.ReplyWait)
	})

	// RFC 4213 §3.6: the decapsulator must check that the outer source is
	// the configured remote end and discard the packet otherwise.
	It("discards a tunnel packet whose IPv4 source is not the tunnel's remote end", Label("fault:tunnel-no-source-check"), func() {
		By("TR2, not the tunnel's remote end, sends the node a tunnel packet carrying an Echo Request to its tunnel address")
		req := farEcho(l, suites.TunnelNUT, 32)
		req.EthSrc = l.TR2.MAC
		l.SendRaw(packets.Encap4(l.TR2.IPv4(), l.NUTIPv4(), req))

		By("the node does not answer it")
		l.ExpectNo(packets.Tunneled4(l.NUTIPv4(), l.TR1.IPv4(), packets.EchoReplyTo(req))).Within(suites.ReplyWait)
		l.ExpectNo(packets.Tunneled4(l.NUTIPv4(), l.TR2.IPv4(), packets.EchoReplyTo(req))).Within(suites.ReplyWait)
	})
})

var _ = Describe("Hop Limit when a router forwards through a 6in4 tunnel", Label("rfc:4213", "section:3.3", "role:router", "level:must"), func() {
	var e *suites.Env
	BeforeEach(func() { e = suites.Start(suites.Links(2), suites.Tunnel(suites.SixInFour())) })

	// The tunnel is one hop: the router decrements the hop limit as on any
	// link, whichever way the packet crosses the tunnel.
	It("decrements the hop limit of a packet it puts into the tunnel", Label("fault:tunnel-entry-no-decrement"), func() {
		By("TN2 on Link1 sends an Echo Request to FarHost, behind the tunnel")
		req := e.Link1.TN2.EchoRequest(suites.FarHost)
		e.Link1.Send(req)

		By("the router sends it through the tunnel with the hop limit one less")
		e.Link0.Expect(packets.Tunneled4(e.Link0.NUTIPv4(), e.Link0.TR1.IPv4(), packets.Forwarded(req, e.Link0.NUTMAC, e.Link0.TR1.MAC))).Within(suites.ReplyWait)
	})

	It("decrements the hop limit of a packet that comes out of the tunnel", Label("fault:tunnel-exit-no-decrement"), func() {
		By("TR1 sends through the tunnel an Echo Request from FarHost to TN2 on Link1")
		inner := packets.EchoRequest(e.Link0.TR1.MAC, e.Link0.NUTMAC, suites.FarHost, e.Link1.TN2.Global, 0x7475, 2, []byte("through the tunnel"))
		e.Link0.SendRaw(packets.Encap4(e.Link0.TR1.IPv4(), e.Link0.NUTIPv4(), inner))

		By("the router forwards it on Link1 with the hop limit one less")
		e.Link1.Expect(packets.Forwarded(inner, e.Link1.NUTMAC, e.Link1.TN2.MAC)).Within(suites.ReplyWait)
	})
})

// RFC 4213 §3.2.2 (dynamic tunnel MTU): the tunnel MTU is the IPv4 path MTU
// to the remote end less 20; a packet above it and above 1280 octets is
// refused with Packet Too Big; one that fits goes with DF set, and an ICMPv4
// Fragmentation Needed lowers the IPv4 path MTU (RFC 1191). A node that uses
// a static tunnel MTU (§3.2.1) sends its tunnel packets without DF: the
// second part is then N/A.
var _ = Describe("Tunnel MTU of a 6in4 tunnel at a router", Label("rfc:4213", "section:3.2.2", "role:router"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.SixInFour())).Link0 })

	It("answers Packet Too Big with the tunnel MTU, 1480, for a packet that does not fit", Label("level:must", "fault:tunnel-too-big-silent"), func() {
		By("TN1 sends a 1500-octet Echo Request to FarHost, behind the tunnel")
		req := sized(l.TN1, suites.FarHost, 1500)
		l.Send(req)

		By("the router refuses it with Packet Too Big MTU 1480")
		l.Expect(packets.PacketTooBigAbout(req, 1480)).Within(suites.ReplyWait)
		l.ExpectNo(packets.Tunneled4(l.NUTIPv4(), l.TR1.IPv4(), packets.AnyTo(suites.FarHost))).Within(suites.ReplyWait)
	})

	It("lowers the tunnel MTU when a router inside the tunnel says Fragmentation Needed", Label("section:3.4", "level:should", "fault:tunnel-frag-needed-ignored"), func() {
		lowerPathMTU4(l, 1400)

		By("TN1 sends another 1400-octet Echo Request; the router refuses it with Packet Too Big MTU 1380")
		req2 := sized(l.TN1, suites.FarHost, 1400)
		l.Send(req2)
		// The tunnel finds it too big after the router has decremented
		// its hop limit, and quotes it so.
		l.Expect(packets.PacketTooBigForwarded(req2, 1380)).Within(suites.ReplyWait)
	})

	// A Fragmentation Needed from inside the tunnel is the tunnel's own
	// business (§3.2.2): it lowers the tunnel MTU, and the inner source,
	// whose packet may well go through in IPv4 fragments or hear Packet Too
	// Big next time, is told nothing now, least of all that its
	// destination is unreachable.
	It("tells the inner source nothing when a router inside the tunnel says Fragmentation Needed", Label("level:should", "fault:tunnel4-frag-needed-relayed"), func() {
		lowerPathMTU4(l, 1400)
		By("the router sends TN1 no Destination Unreachable")
		l.ExpectNo(packets.DestUnreachable(3)).Within(suites.ReplyWait)
	})

	// Below an IPv4 path MTU of 1300 the tunnel MTU stays 1280: a packet
	// of 1280 octets still goes in, its tunnel packet without DF, and the
	// IPv4 layer sends it in fragments (RFC 791 §3.2).
	It("still tunnels a 1280-octet packet when the IPv4 path MTU falls to 1000, in IPv4 fragments", Label("level:must", "fault:ipv4-no-fragmentation"), func() {
		lowerPathMTU4(l, 1000)

		By("TN1 sends a 1280-octet Echo Request; the router tunnels it, the 1300-octet tunnel packet without DF in IPv4 fragments of at most 1000 octets")
		req2 := sized(l.TN1, suites.FarHost, 1280)
		l.Send(req2)
		l.Expect(packets.Tunneled4(l.NUTIPv4(), l.TR1.IPv4(), packets.Forwarded(req2, l.NUTMAC, l.TR1.MAC)).DontFragment(packets.DFClear).FitsMTU(1000)).Within(suites.ReplyWait)
	})

	// The other side of the 1280-octet floor: a packet above it does not
	// go into a tunnel whose MTU fell below it; its source hears Packet Too
	// Big with the floor, 1280, and no smaller MTU.
	It("answers Packet Too Big with MTU 1280 for a 1281-octet packet when the IPv4 path MTU falls to 1000", Label("level:should", "fault:tunnel4-low-mtu-no-too-big"), func() {
		lowerPathMTU4(l, 1000)

		By("TN1 sends a 1281-octet Echo Request; the router refuses it with Packet Too Big MTU 1280 and tunnels nothing")
		req2 := sized(l.TN1, suites.FarHost, 1281)
		l.Send(req2)
		l.Expect(packets.PacketTooBigForwarded(req2, 1280)).Within(suites.ReplyWait)
		l.ExpectNo(packets.Tunneled4(l.NUTIPv4(), l.TR1.IPv4(), packets.AnyTo(suites.FarHost))).Within(suites.ReplyWait)
	})
})

// lowerPathMTU4 has the router tunnel a 1400-octet Echo Request from TN1
// to FarHost, then TR2, an IPv4 router inside the tunnel, answer the
// tunnel packet with Fragmentation Needed carrying mtu. A node that sends
// its tunnel packets without DF has a static tunnel MTU (RFC 4213 §3.2.1),
// which no Fragmentation Needed changes: the spec is skipped.
func lowerPathMTU4(l *suites.Link, mtu uint16) {
	GinkgoHelper()
	By("TN1 sends a 1400-octet Echo Request to FarHost; the router tunnels it")
	req := sized(l.TN1, suites.FarHost, 1400)
	l.Send(req)
	c := l.Expect(packets.Tunneled4(l.NUTIPv4(), l.TR1.IPv4(), packets.Forwarded(req, l.NUTMAC, l.TR1.MAC))).Within(suites.ReplyWait)
	if !c.IPv4().DF() {
		Skip("the node sends its tunnel packets without DF: a static tunnel MTU (RFC 4213 §3.2.1)")
	}
	By(fmt.Sprintf("TR2, an IPv4 router on the way, answers Fragmentation Needed with a next-hop MTU of %d", mtu))
	l.SendRaw(packets.ICMPv4Error(l.TR2.MAC, l.NUTMAC, l.TR2.IPv4(), l.NUTIPv4(), packets.ICMPv4DestUnreachable, packets.ICMPv4FragNeeded, mtu, c.IPv4()))
	l.Env().Settle()
}

// RFC 4213 §3.4: an encapsulator that gets an ICMPv4 error quoting enough
// of its tunnel packet to hold the inner IPv6 header may report it to the
// inner packet's source as ICMPv6. The RFC says MAY (the ct 2.1.1 icmpv4
// test expects it), so a node that does not is never failed.
var _ = Describe("ICMPv4 errors from inside a 6in4 tunnel", Label("rfc:4213", "section:3.4", "role:router", "level:may"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.SixInFour())).Link0 })

	It("reports a Host Unreachable about its tunnel packet to the inner source as Destination Unreachable", Label("fault:tunnel-no-icmpv4-relay"), func() {
		By("TN1 sends an Echo Request to FarHost; the router tunnels it")
		req := l.TN1.EchoRequest(suites.FarHost)
		l.Send(req)
		c := l.Expect(packets.Tunneled4(l.NUTIPv4(), l.TR1.IPv4(), packets.Forwarded(req, l.NUTMAC, l.TR1.MAC))).Within(suites.ReplyWait)

		By("TR2, an IPv4 router on the way, answers Host Unreachable quoting the whole tunnel packet")
		l.SendRaw(packets.ICMPv4Error(l.TR2.MAC, l.NUTMAC, l.TR2.IPv4(), l.NUTIPv4(), packets.ICMPv4DestUnreachable, packets.ICMPv4HostUnreachable, 0, c.IPv4()))

		By("the router tells TN1: Destination Unreachable quoting its packet")
		l.Expect(packets.DestUnreachable(3).QuotingForwarded(req)).Within(suites.ReplyWait)
	})
})

// RFC 4213 §3.6: the decapsulating node must reassemble a tunnel packet
// that arrives in IPv4 fragments before it hands the IPv6 packet inside
// on.
var _ = Describe("Reassembly before decapsulation of a 6in4 tunnel packet", Label("rfc:4213", "section:3.6", "role:any", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.SixInFour())).Link0 })

	It("reassembles a tunnel packet sent in two IPv4 fragments and answers the Echo Request inside", Label("fault:tunnel-ipv4-no-reassembly"), func() {
		By("TR1 sends a tunnel packet carrying an Echo Request from FarHost to the node's tunnel address, in two IPv4 fragments")
		req := farEcho(l, suites.TunnelNUT, 200)
		frags := packets.IPv4Fragments(packets.Encap4(l.TR1.IPv4(), l.NUTIPv4(), req), 128)
		l.SendRaw(frags[0])
		l.SendRaw(frags[1])

		By("the node answers through the tunnel")
		l.Expect(packets.Tunneled4(l.NUTIPv4(), l.TR1.IPv4(), packets.EchoReplyTo(req))).Within(suites.ReplyWait)
	})
})

// tunnelLinkLocal is fe80:: with the IPv4 address v4 as the low 32 bits of
// the interface identifier (RFC 4213 §3.7).
func tunnelLinkLocal(v4 netip.Addr) netip.Addr {
	b := [16]byte{0: 0xfe, 1: 0x80}
	a := v4.As4()
	copy(b[12:], a[:])
	return netip.AddrFrom16(b)
}
