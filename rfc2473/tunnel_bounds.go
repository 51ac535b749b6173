package rfc2473

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// The tunnel MTU from the side that must still pass: a packet exactly as
// long as the tunnel MTU goes in whole (RFC 2473 §7.1, RFC 4213 §3.2.2);
// one octet more is refused with Packet Too Big.

var _ = Describe("A packet of exactly the tunnel MTU at a router (6in6)", Label("rfc:2473", "section:7.1", "role:router", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.SixInSix())).Link0 })

	It("tunnels a 1452-octet packet, exactly the tunnel MTU, whole and without an error", Label("fault:tunnel6-mtu-off-by-one"), func() {
		By("TN1 sends a 1452-octet Echo Request to FarHost, behind the tunnel")
		req := sized(l.TN1, suites.FarHost, 1452)
		l.Send(req)
		By("the router tunnels it to TR1 and answers nothing")
		l.Expect(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.Forwarded(req, l.NUTMAC, l.TR1.MAC)).FitsMTU(1500)).Within(suites.ReplyWait)
		l.ExpectNo(packets.ICMPErrorAbout(req)).Within(0)
	})

	It("answers Packet Too Big, MTU 1452, for a packet of 1453 octets", Label("fault:tunnel-too-big-silent"), func() {
		By("TN1 sends a 1453-octet Echo Request to FarHost")
		req := sized(l.TN1, suites.FarHost, 1453)
		l.Send(req)
		By("the router refuses it with Packet Too Big MTU 1452")
		l.Expect(packets.PacketTooBigForwarded(req, 1452)).Within(suites.ReplyWait)
	})
})

var _ = Describe("A packet of exactly the tunnel MTU at a router (6in4)", Label("rfc:4213", "section:3.2.2", "role:router", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.SixInFour())).Link0 })

	It("tunnels a 1480-octet packet, exactly the tunnel MTU, whole and without an error", Label("fault:tunnel4-mtu-off-by-one"), func() {
		By("TN1 sends a 1480-octet Echo Request to FarHost, behind the tunnel")
		req := sized(l.TN1, suites.FarHost, 1480)
		l.Send(req)
		By("the router tunnels it to TR1 in one 1500-octet IPv4 packet and answers nothing")
		l.Expect(packets.Tunneled4(l.NUTIPv4(), l.TR1.IPv4(), packets.Forwarded(req, l.NUTMAC, l.TR1.MAC)).FitsMTU(1500)).Within(suites.ReplyWait)
		l.ExpectNo(packets.ICMPErrorAbout(req)).Within(0)
	})

	It("answers Packet Too Big, MTU 1480, for a packet of 1481 octets", Label("fault:tunnel-too-big-silent"), func() {
		By("TN1 sends a 1481-octet Echo Request to FarHost")
		req := sized(l.TN1, suites.FarHost, 1481)
		l.Send(req)
		By("the router refuses it with Packet Too Big MTU 1480")
		l.Expect(packets.PacketTooBigForwarded(req, 1480)).Within(suites.ReplyWait)
	})
})

// RFC 2473 §4.1.1: a limit of 0 stops the packet; 1 is the last that
// passes, nested with a limit of 0.
var _ = Describe("Tunnel Encapsulation Limit 1 at a router", Label("rfc:2473", "section:4.1.1", "role:router", "level:must", "fault:encap-limit-one-refused"), func() {
	It("tunnels a tunnel packet whose limit is 1, giving the nested packet a limit of 0", func() {
		l := suites.Start(suites.Tunnel(suites.SixInSix())).Link0
		By("TN1, itself a tunnel entry point, sends a tunnel packet with limit 1 to FarHost2, behind the router's tunnel")
		inner := packets.EchoRequest(l.TN1.MAC, l.NUTMAC, l.TN1.Global, suites.FarHost2, 0x7475, 4, []byte("nested"))
		tp := packets.Encap6(l.TN1.Global, suites.FarHost2, 1, inner)
		l.Send(tp)
		By("the router encapsulates it with a Tunnel Encapsulation Limit of 0, and answers no Parameter Problem")
		l.Expect(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.Forwarded(tp, l.NUTMAC, l.TR1.MAC)).EncapLimit(0)).Within(suites.ReplyWait)
		l.ExpectNo(packets.ICMPErrorAbout(tp)).Within(0)
	})
})

// RFC 4213 §3.2.2: the tunnel MTU is the IPv4 path MTU less 20, and only
// below 1280 does the encapsulator send without DF. At an IPv4 path MTU of
// exactly 1300 the tunnel MTU is 1280, not below it: a 1280-octet packet
// goes in one tunnel packet with DF set ("Tunnel MTU of a 6in4 tunnel at a
// router" has the side below, at 1000).
var _ = Describe("A 6in4 tunnel MTU of exactly 1280 at a router", Label("rfc:4213", "section:3.2.2", "role:router", "level:must", "fault:tunnel4-min-mtu-off-by-one"), func() {
	It("tunnels a 1280-octet packet with DF set when the IPv4 path MTU falls to 1300", func() {
		l := suites.Start(suites.Tunnel(suites.SixInFour())).Link0
		lowerPathMTU4(l, 1300)
		By("TN1 sends a 1280-octet Echo Request; the router tunnels it in one 1300-octet IPv4 packet with DF set")
		req := sized(l.TN1, suites.FarHost, 1280)
		l.Send(req)
		l.Expect(packets.Tunneled4(l.NUTIPv4(), l.TR1.IPv4(), packets.Forwarded(req, l.NUTMAC, l.TR1.MAC)).DontFragment(packets.DFSet).FitsMTU(1300)).Within(suites.ReplyWait)
	})
})

// RFC 2473 §7.1: a packet above 1280 octets that does not fit the tunnel
// is refused with Packet Too Big reporting the tunnel MTU or 1280,
// whichever is larger. Here the tunnel MTU has fallen to 1232 (a path MTU
// of 1280 to the exit point, less 48 octets of tunnel headers), so the
// answer to a 1281-octet packet reports 1280.
var _ = Describe("Packet Too Big from a 6in6 tunnel whose MTU is below 1280", Label("rfc:2473", "section:7.1", "role:router", "level:must", "fault:tunnel-ptb-below-minimum"), func() {
	It("reports 1280, not the tunnel MTU of 1232, for a 1281-octet packet", func() {
		l := suites.Start(suites.Tunnel(suites.SixInSix())).Link0
		By("TN1 sends a 1280-octet Echo Request to FarHost; the router tunnels it")
		req := sized(l.TN1, suites.FarHost, 1280)
		l.Send(req)
		c := l.Expect(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.Forwarded(req, l.NUTMAC, l.TR1.MAC))).Within(suites.ReplyWait)
		By("TR2, a router inside the tunnel, answers Packet Too Big MTU 1280 about the tunnel packet: the tunnel MTU falls to 1232")
		l.Send(icmpv6From(l, l.TR2, l.NUTGlobal, packets.PacketTooBigMessage{MTU: 1280, Invoking: quoted(c.IPv6)}))
		l.Env().Settle()
		By("TN1 sends a 1281-octet Echo Request; the router refuses it with Packet Too Big MTU 1280")
		req2 := sized(l.TN1, suites.FarHost, 1281)
		l.Send(req2)
		l.Expect(packets.PacketTooBigForwarded(req2, 1280)).Within(suites.ReplyWait)
	})
})

// RFC 2473 §7.2 from the side that must pass: an IPv4 packet with DF
// exactly as long as the tunnel MTU (1452 here) goes in whole; one octet
// more draws Fragmentation Needed ("IPv4 packet size at the entry of a
// 4in6 tunnel" has 1480).
var _ = Describe("An IPv4 packet of exactly the tunnel MTU at a 4in6 tunnel", Label("rfc:2473", "section:7.2", "role:router", "level:must", "fault:tunnel-ipv4-mtu-off-by-one"), func() {
	It("tunnels a 1452-octet IPv4 packet with DF whole, without Fragmentation Needed", func() {
		l := suites.Start(suites.Tunnel(suites.FourInSix())).Link0
		By("TN1 sends a 1452-octet IPv4 packet with DF to FarHost4, behind the tunnel")
		req := packets.IPv4Sized(l.TN1.IPv4(), suites.FarHost4, 64, packets.DFSet, 9, 1452)
		l.SendRaw(packets.EtherIPv4(l.TN1.MAC, l.NUTMAC, req))
		By("the router tunnels it in one 1500-octet IPv6 packet and answers nothing")
		l.Expect(packets.IPv4InIPv6(l.NUTGlobal, l.TR1.Global, packets.IPv4Forwarded(req)).InnerWhole().FitsMTU(1500)).Within(suites.ReplyWait)
		l.ExpectNo(packets.ICMPv4ErrorAbout(packets.ICMPv4DestUnreachable, packets.ICMPv4FragNeeded, req)).Within(0)
	})
})

// RFC 2473 §4.1.1: the entry point looks for the Tunnel Encapsulation
// Limit option walking the headers behind the IPv6 header left to right,
// through Hop-by-Hop, Destination Options and Routing headers. The option
// need not open its header, nor its header follow the IPv6 header: a
// limit of 0 that is its header's last octet, or that sits behind a
// Hop-by-Hop header, stops the packet as any other.
var _ = Describe("Tunnel Encapsulation Limit found anywhere in the header chain", Label("rfc:2473", "section:4.1.1", "role:router", "level:must"), func() {
	DescribeTable("discards a tunnel packet whose limit is 0 and points a Parameter Problem at the limit",
		func(ext func(limit packets.Opt) []packets.ExtHeader, header, option int) {
			l := suites.Start(suites.Tunnel(suites.SixInSix())).Link0
			inner := packets.EchoRequest(l.TN1.MAC, l.NUTMAC, l.TN1.Global, suites.FarHost2, 0x7475, 5, []byte("nested"))
			tp := packets.Encap6(l.TN1.Global, suites.FarHost2, 0, inner)
			tp.Ext = ext(packets.Opt{Type: packets.OptEncapLimit, Data: []byte{0}})
			By("TN1 sends a tunnel packet with limit 0 to FarHost2, behind the router's tunnel")
			l.Send(tp)
			By("the router answers Parameter Problem code 0 pointing at the limit, and tunnels nothing")
			l.Expect(packets.ParamProblem(0, tp.PointerTo(packets.Ext(header), packets.OptionData(option))).QuotingForwarded(tp)).Within(suites.ReplyWait)
			l.ExpectNo(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.AnyTo(suites.FarHost2))).Within(suites.ReplyWait)
		},
		Entry("the limit is the last octet of its Destination Options header, after a PadN", Label("fault:encap-limit-last-option-missed"),
			func(limit packets.Opt) []packets.ExtHeader {
				return []packets.ExtHeader{packets.DestOpts(packets.PadN(3), limit)}
			}, 0, 1),
		Entry("its Destination Options header follows a Hop-by-Hop header", Label("fault:encap-limit-after-hop-by-hop-missed"),
			func(limit packets.Opt) []packets.ExtHeader {
				return []packets.ExtHeader{packets.HopByHop(packets.PadN(6)), packets.DestOpts(limit)}
			}, 1, 0),
	)
})
