package rfc2473

import (
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// IPv4 fragmentation and reassembly at a node that has IPv4 for its
// tunnels. The specs ask for a 4in4 tunnel (suites.FourInFour) because
// that is what gives the node IPv4 addresses on its links; the first one
// does not use the tunnel itself.

// ipv4ReassemblyTimeMax is the longest reassembly timeout RFC 1122 §3.3.2
// recommends (60 to 120 s): a node may wait that long before it gives up.
const ipv4ReassemblyTimeMax = 120 * time.Second

// RFC 791 §3.2 (and RFC 1812 §4.2.2.7 for routers): a datagram larger
// than the MTU of the link it must leave on is sent in fragments when DF
// is clear; with DF set it is discarded and the source told with
// Fragmentation Needed, which carries the next-hop MTU (RFC 1191 §4).
// Link1 of a router target has the smaller MTU (suites.RouterLink1MTU).
var _ = Describe("IPv4 fragmentation at a router", Label("rfc:791", "section:3.2", "role:router", "level:must"), func() {
	var e *suites.Env
	BeforeEach(func() { e = suites.Start(suites.Links(2), suites.Tunnel(suites.FourInFour())) })

	It("forwards a packet without DF that is larger than the next link's MTU in fragments that fit it", Label("fault:ipv4-no-fragmentation"), func() {
		By("TN1 on Link0 sends a 1400-octet ICMPv4 Echo Request without DF to TN2 on Link1, whose MTU is 1280")
		req := packets.IPv4Sized(e.Link0.TN1.IPv4(), e.Link1.TN2.IPv4(), 64, packets.DFClear, 31, 1400)
		e.Link0.SendRaw(packets.EtherIPv4(e.Link0.TN1.MAC, e.Link0.NUTMAC, req))

		By("the router forwards it to TN2 with TTL 63, in fragments of at most 1280 octets that put it back together")
		e.Link1.Expect(packets.IPv4Forwarded(req).ToMAC(e.Link1.TN2.MAC).FitsMTU(suites.RouterLink1MTU)).Within(suites.ReplyWait)
	})

	It("answers Fragmentation Needed with the next link's MTU, 1280, for a packet with DF, and forwards nothing", Label("fault:ipv4-df-fragmented"), func() {
		By("TN1 on Link0 sends a 1400-octet ICMPv4 Echo Request with DF to TN2 on Link1")
		req := packets.IPv4Sized(e.Link0.TN1.IPv4(), e.Link1.TN2.IPv4(), 64, packets.DFSet, 32, 1400)
		e.Link0.SendRaw(packets.EtherIPv4(e.Link0.TN1.MAC, e.Link0.NUTMAC, req))

		By("the router answers Destination Unreachable code 4 with next-hop MTU 1280, and sends nothing on Link1")
		e.Link0.Expect(packets.ICMPv4ErrorAbout(packets.ICMPv4DestUnreachable, packets.ICMPv4FragNeeded, req).NextHopMTU(suites.RouterLink1MTU)).Within(suites.ReplyWait)
		e.Link1.ExpectNo(packets.IPv4Forwarded(req)).Within(suites.ReplyWait)
	})
})

// RFC 2003 §5.1: the outer header copies DF from the inner one (§3.1). A
// packet with DF larger than the tunnel MTU (here 1500 - 20 = 1480) is
// refused with Fragmentation Needed carrying the tunnel MTU. One without
// DF goes through either way RFC 2003 allows: encapsulated whole, the
// tunnel packet without DF sent in IPv4 fragments (RFC 791 §3.2) for the
// exit point to reassemble; or, by an entry point that sets DF on all its
// tunnel packets (§3.1 allows it, §5.1 recommends it for Path MTU
// Discovery in the tunnel), cut into IPv4 fragments first, each in a
// tunnel packet of its own, for the destination to reassemble.
var _ = Describe("IPv4 packet size at the entry of a 4in4 tunnel", Label("rfc:2003", "section:5.1", "role:router", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.FourInFour())).Link0 })

	// RFC 2003 §5.1 (and RFC 1812 §4.2.3.3) make the Fragmentation Needed
	// a MUST; that the MTU it gives is the path MTU less the outer header
	// is a SHOULD of §5.1. One spec each.
	fragNeeded := func(req []byte) *packets.Matcher {
		return packets.ICMPv4ErrorAbout(packets.ICMPv4DestUnreachable, packets.ICMPv4FragNeeded, req)
	}

	It("answers Fragmentation Needed for a packet with DF that does not fit, with a next-hop MTU below its size, and tunnels nothing", Label("fault:tunnel-ipv4-df-ignored"), func() {
		By("TN1 sends a 1500-octet ICMPv4 Echo Request with DF to FarHost4, behind the tunnel")
		req := packets.IPv4Sized(l.TN1.IPv4(), suites.FarHost4, 64, packets.DFSet, 33, 1500)
		l.SendRaw(packets.EtherIPv4(l.TN1.MAC, l.NUTMAC, req))

		By("the router answers Destination Unreachable code 4 with a next-hop MTU from 68 to 1499, and tunnels nothing")
		l.Expect(fragNeeded(req).Require("a next-hop MTU from 68 to 1499", func(f *packets.Frame) (bool, string) {
			p := f.IPv4().Payload()
			if len(p) < 8 {
				return false, "no next-hop MTU"
			}
			mtu := int(p[6])<<8 | int(p[7])
			return mtu >= 68 && mtu < 1500, fmt.Sprint(mtu)
		})).Within(suites.ReplyWait)
		l.ExpectNo(packets.IPv4InIPv4(l.NUTIPv4(), l.TR1.IPv4(), packets.IPv4Forwarded(req))).Within(suites.ReplyWait)
	})

	It("gives the tunnel MTU, 1480, in the Fragmentation Needed for a packet with DF that does not fit", Label("level:should", "fault:tunnel4-mtu-576"), func() {
		By("TN1 sends a 1500-octet ICMPv4 Echo Request with DF to FarHost4, behind the tunnel")
		req := packets.IPv4Sized(l.TN1.IPv4(), suites.FarHost4, 64, packets.DFSet, 35, 1500)
		l.SendRaw(packets.EtherIPv4(l.TN1.MAC, l.NUTMAC, req))

		By("the router's Destination Unreachable code 4 gives next-hop MTU 1480: the path MTU, 1500, less the outer IPv4 header")
		l.Expect(fragNeeded(req).NextHopMTU(1480)).Within(suites.ReplyWait)
	})

	It("encapsulates a packet without DF that does not fit and sends the tunnel packet in IPv4 fragments", Label("fault:ipv4-no-fragmentation"), func() {
		By("TN1 sends a 1500-octet ICMPv4 Echo Request without DF to FarHost4")
		req := packets.IPv4Sized(l.TN1.IPv4(), suites.FarHost4, 64, packets.DFClear, 34, 1500)
		l.SendRaw(packets.EtherIPv4(l.TN1.MAC, l.NUTMAC, req))

		By("the router tunnels it, TTL 63, in packets of at most 1500 octets: the 1520-octet tunnel packet in IPv4 fragments, or its IPv4 fragments each in a tunnel packet")
		l.Expect(packets.IPv4InIPv4(l.NUTIPv4(), l.TR1.IPv4(), packets.IPv4Forwarded(req)).FitsMTU(1500)).Within(suites.ReplyWait)
	})
})

// RFC 2003 §4: an ICMP error from a router inside the tunnel quotes the
// tunnel packet; when the quote holds the inner IPv4 header, the entry
// point builds from it an error for the inner packet's source: a Time
// Exceeded (a loop inside the tunnel) becomes Host Unreachable, and a
// Datagram Too Big is passed on with the tunnel MTU it implies (§5.1).
// RFC 2003 makes relaying conditional on the quote (§4); given one, both
// are MUSTs (§4.1 code 4, §4.4).
var _ = Describe("ICMPv4 errors from inside a 4in4 tunnel", Label("rfc:2003", "section:4", "role:router", "level:must"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.FourInFour())).Link0 })

	It("reports a Time Exceeded about its tunnel packet to the inner source as Host Unreachable", Label("fault:tunnel-4in4-no-icmpv4-relay"), func() {
		By("TN1 sends an ICMPv4 Echo Request to FarHost4; the router tunnels it")
		req := packets.IPv4Echo(l.TN1.IPv4(), suites.FarHost4, 64, packets.DFClear, 35, []byte("lost inside the 4in4 tunnel"))
		l.SendRaw(packets.EtherIPv4(l.TN1.MAC, l.NUTMAC, req))
		c := l.Expect(packets.IPv4InIPv4(l.NUTIPv4(), l.TR1.IPv4(), packets.IPv4Forwarded(req))).Within(suites.ReplyWait)

		By("TR2, a router inside the tunnel, answers Time Exceeded quoting the whole tunnel packet")
		l.SendRaw(packets.ICMPv4Error(l.TR2.MAC, l.NUTMAC, l.TR2.IPv4(), l.NUTIPv4(), packets.ICMPv4TimeExceeded, packets.ICMPv4TTLExceeded, 0, c.IPv4()))

		By("the router tells TN1: Destination Unreachable code 1 from its address on Link0 or its tunnel address, quoting the packet")
		l.Expect(packets.ICMPv4ErrorAbout(packets.ICMPv4DestUnreachable, packets.ICMPv4HostUnreachable, req).From4(l.NUTIPv4(), suites.TunnelNUT4)).Within(suites.ReplyWait)
	})

	It("passes a Fragmentation Needed about its tunnel packet on to the inner source with the new tunnel MTU", Label("fault:tunnel-4in4-no-icmpv4-relay"), func() {
		By("TN1 sends a 1400-octet ICMPv4 Echo Request with DF to FarHost4; the router tunnels it with DF")
		req := packets.IPv4Sized(l.TN1.IPv4(), suites.FarHost4, 64, packets.DFSet, 36, 1400)
		l.SendRaw(packets.EtherIPv4(l.TN1.MAC, l.NUTMAC, req))
		c := l.Expect(packets.IPv4InIPv4(l.NUTIPv4(), l.TR1.IPv4(), packets.IPv4Forwarded(req)).DontFragment(packets.DFSet)).Within(suites.ReplyWait)

		By("TR2, an IPv4 router inside the tunnel, answers Fragmentation Needed with a next-hop MTU of 1300")
		l.SendRaw(packets.ICMPv4Error(l.TR2.MAC, l.NUTMAC, l.TR2.IPv4(), l.NUTIPv4(), packets.ICMPv4DestUnreachable, packets.ICMPv4FragNeeded, 1300, c.IPv4()))

		By("the router tells TN1: Fragmentation Needed with the tunnel MTU, 1300 - 20 = 1280, quoting the packet")
		l.Expect(packets.ICMPv4ErrorAbout(packets.ICMPv4DestUnreachable, packets.ICMPv4FragNeeded, req).NextHopMTU(1280)).Within(suites.ReplyWait)
	})
})

// RFC 1122 §3.3.2: a datagram whose fragments do not all come within the
// reassembly timeout (60 to 120 s recommended) is discarded, and when its
// first fragment came the source is told with Time Exceeded code 1
// (RFC 792) quoting that fragment, a MUST in RFC 1122. The reference node waits 60 s; the
// spec allows the recommended 120. A device keeps its reassembly queues
// between specs, so the datagram has an Identification of its own.
var _ = Describe("IPv4 reassembly time exceeded", Label("rfc:1122", "rfc:791", "section:3.3.2", "role:any", "level:must", "slow"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.Tunnel(suites.FourInFour())).Link0 })

	It("answers Time Exceeded code 1 quoting the first fragment when the rest of a datagram for it never comes", Label("fault:ipv4-no-reassembly-time-exceeded"), func() {
		By("TR1 sends the first of two IPv4 fragments of a 4in4 tunnel packet carrying an ICMPv4 Echo Request to the node's tunnel address, and never the second")
		tunnelPkt := packets.IPv4Frame(l.TR1.MAC, l.NUTMAC, l.TR1.IPv4(), l.NUTIPv4(), packets.ProtoIPv4, 64, packets.DFClear, 0x7631, farEcho4(suites.TunnelNUT4, 37))
		frags := packets.IPv4Fragments(tunnelPkt, 32)
		l.SendRaw(frags[0])

		By("the node answers with Time Exceeded code 1 from its IPv4 address, quoting the first fragment, within 120 s")
		first := frags[0][14:]
		l.Expect(packets.ICMPv4ErrorAbout(packets.ICMPv4TimeExceeded, packets.ICMPv4ReassemblyExceeded, first).From4(l.NUTIPv4())).
			Within(ipv4ReassemblyTimeMax + suites.LongTimerSlack + suites.Slack)
	})
})
