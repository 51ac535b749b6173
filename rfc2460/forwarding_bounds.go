package rfc2460

import (
	"bytes"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// A router's two numeric limits on the packets it forwards, from the side
// that must still pass: the last Hop Limit that is forwarded (2, leaving
// with 1; RFC 8200 §3, RFC 4443 §3.3) and the largest packet the next link
// takes whole (exactly its MTU; RFC 8200 §5, RFC 4443 §3.2). The other
// sides (Hop Limit 1 and 0, a packet above the MTU) are in router_errors.

// acrossSized is an Echo Request from Link0's TN1 to Link1's TN1 of size
// octets in all.
func acrossSized(l0, l1 *suites.Link, size int) *packets.Packet {
	req := l0.TN1.EchoRequest(l1.TN1.Global)
	req.ICMP.Body = append(req.ICMP.Body[:4], bytes.Repeat([]byte{0x3c}, size-40-8)...)
	return req
}

var _ = Describe("Hop Limit 2 at a router", Label("rfc:8200", "rfc:4443", "section:3", "role:router", "level:must", "fault:forward-hoplimit-off-by-one"), func() {
	It("forwards a packet that arrives with Hop Limit 2, with Hop Limit 1, and sends no Time Exceeded", func() {
		l0, l1 := twoLinks()
		By("Link0's TN1 sends an Echo Request with Hop Limit 2 to Link1's TN1")
		req := l0.TN1.EchoRequest(l1.TN1.Global)
		req.HopLimit = 2
		l0.Send(req)
		By("it reaches Link1 with Hop Limit 1, and no error comes back")
		l1.Expect(packets.Forwarded(req, l1.NUTMAC, l1.TN1.MAC)).Within(suites.ReplyWait)
		l0.ExpectNo(packets.ICMPErrorAbout(req)).Within(0)
	})
})

var _ = Describe("A packet of exactly the next link's MTU at a router", Label("rfc:8200", "section:5", "role:router", "level:must"), func() {
	It("forwards a 1280-octet packet onto Link1, whose MTU is 1280, whole and without an error",
		Label("fault:forward-mtu-off-by-one"), func() {
			l0, l1 := twoLinks()
			By("Link0's TN1 sends Link1's TN1 an Echo Request of exactly 1280 octets")
			req := acrossSized(l0, l1, 1280)
			l0.Send(req)
			By("the router passes it to Link1 whole and answers nothing")
			l1.Expect(packets.Forwarded(req, l1.NUTMAC, l1.TN1.MAC)).Within(suites.ReplyWait)
			l0.ExpectNo(packets.ICMPErrorAbout(req)).Within(0)
		})

	It("answers Packet Too Big, MTU 1280, for a packet of 1281 octets, one more than Link1 takes",
		Label("rfc:4443", "section:3.2", "fault:forward-fragments"), func() {
			l0, l1 := twoLinks()
			By("Link0's TN1 sends Link1's TN1 an Echo Request of 1281 octets")
			req := acrossSized(l0, l1, 1281)
			l0.Send(req)
			By("the router refuses it with Packet Too Big MTU 1280, and nothing reaches Link1")
			l0.Expect(packets.PacketTooBigAbout(req, 1280)).Within(suites.ReplyWait)
			l1.ExpectNo(packets.AnyTo(l1.TN1.Global)).Within(0)
		})
})
