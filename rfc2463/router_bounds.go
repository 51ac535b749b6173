package rfc2463

import (
	"bytes"
	"fmt"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 4443 §3.2: a router answers Packet Too Big for a packet it cannot
// forward because it is larger than the next link's MTU. Both sides of
// that boundary: a packet of exactly the MTU fits and is forwarded whole,
// one octet more does not.

// echoTo is an Echo Request from Link0's TN1 to Link1's TN1, size octets
// long in all.
func echoToLink1(l0, l1 *suites.Link, size int) *packets.Packet {
	req := l0.TN1.EchoRequest(l1.TN1.Global)
	req.ICMP.SetEchoData(bytes.Repeat([]byte{0x3d}, size-48))
	return req
}

// whole requires the frame to be one packet, not reassembled from
// fragments.
func whole(m *packets.Matcher) *packets.Matcher {
	return m.Require("one packet, not fragments", func(f *packets.Frame) (bool, string) {
		return len(f.PieceSizes) == 0, fmt.Sprintf("%d fragments", len(f.PieceSizes))
	})
}

var _ = Describe("Packet Too Big at the next link's MTU", Label("rfc:4443", "section:3.2", "role:router", "level:must"), func() {
	var l0, l1 *suites.Link
	BeforeEach(func() {
		env := suites.Start(suites.Links(2))
		l0, l1 = env.Link0, env.Link1
	})

	It("forwards a packet exactly as large as the next link's MTU whole, without Packet Too Big",
		Label("fault:forward-ptb-at-mtu"), func() {
			By("Link0's TN1 sends Link1's TN1 an Echo Request of 1280 octets, Link1's MTU")
			req := echoToLink1(l0, l1, suites.RouterLink1MTU)
			l0.Send(req)
			By("the router forwards it in one packet, and answers nothing")
			l1.Expect(whole(packets.Forwarded(req, l1.NUTMAC, l1.TN1.MAC))).Within(suites.ReplyWait)
			l0.ExpectNo(packets.ICMPErrorAbout(req)).Within(0)
		})

	It("answers Packet Too Big with MTU 1280 for a packet one octet larger than the next link's MTU",
		Label("fault:forward-fragments"), func() {
			By("Link0's TN1 sends Link1's TN1 an Echo Request of 1281 octets")
			req := echoToLink1(l0, l1, suites.RouterLink1MTU+1)
			l0.Send(req)
			By("the router answers Packet Too Big, MTU 1280, and forwards nothing")
			l0.Expect(packets.PacketTooBigAbout(req, suites.RouterLink1MTU)).Within(suites.ReplyWait)
			l1.ExpectNo(packets.AnyTo(l1.TN1.Global)).Within(0)
		})
})

// RFC 4007 §9: a packet whose source is link-local never leaves its link;
// sent back out on the link it came from, it has not left it.
var _ = Describe("A link-local source forwarded on its own link", Label("rfc:4007", "section:9", "role:router", "level:must"), func() {
	It("forwards a packet with a link-local source to a neighbor on the link it came from, without Beyond Scope",
		Label("fault:forward-link-local-source-same-link"), func() {
			env := suites.Start(suites.Links(2))
			l0 := env.Link0
			By("Link0's TN1 sends, from its link-local address through the router, an Echo Request to TN2's global address on Link0")
			req := l0.TN1.EchoRequest(l0.TN2.Global)
			req.Src = l0.TN1.LinkLocal
			l0.Send(req)
			By("the router passes it on to TN2 on Link0 and answers no Destination Unreachable")
			l0.Expect(packets.Forwarded(req, l0.NUTMAC, l0.TN2.MAC)).Within(suites.MaxMulticastSolicit*suites.RetransTimer + suites.ReplyWait)
			l0.ExpectNo(packets.DestUnreachable(2)).Within(0)
		})
})
