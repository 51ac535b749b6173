package rfc2473

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 2473 §4.1.3: a routing loop between two tunnel entry points nests
// encapsulation without end when each routes the other's tunnel packets
// into its own tunnel. The Tunnel Encapsulation Limit ends it (§4.1.1):
// each entry point gives a nested tunnel packet the received limit less
// one, and one that receives a tunnel packet with limit 0 to encapsulate
// discards it and answers Parameter Problem code 0 pointing at the limit.
//
// The node's 6in6 tunnel leads to TR1 with a limit of 3; TR1 plays the
// other entry point, misconfigured so that its own tunnel leads back to
// FarHost2, behind the node's tunnel: everything the node tunnels to it,
// TR1 puts into that tunnel whole, with the node's limit less one, as a
// conforming entry point would.
var _ = Describe("A tunnel routing loop between two entry points", Label("rfc:2473", "section:4.1.3", "role:router", "level:must"), func() {
	const maxRounds = 8 // the limit allows two: more means the loop did not end

	var l *suites.Link
	BeforeEach(func() {
		t := suites.SixInSix()
		t.EncapLimit = 3
		l = suites.Start(suites.Tunnel(t)).Link0
	})

	It("ends at the Tunnel Encapsulation Limit: the node refuses a tunnel packet with limit 0 and keeps answering", Label("section:4.1.1", "fault:tunnel-encap-limit-ignored"), func() {
		By("TN1 sends an Echo Request to FarHost; the router tunnels it to TR1 with limit 3")
		req := l.TN1.EchoRequest(suites.FarHost)
		l.Send(req)
		c := l.Expect(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.Forwarded(req, l.NUTMAC, l.TR1.MAC)).EncapLimit(3)).Within(suites.ReplyWait)

		ended := false
		for round := 1; round <= maxRounds && !ended; round++ {
			limit, _ := c.EncapLimitOption()
			By(fmt.Sprintf("round %d: TR1 puts the node's tunnel packet into its own tunnel towards FarHost2, with limit %d", round, limit-1))
			tp := packets.Encap6Raw(l.TR1.MAC, l.NUTMAC, l.TR1.Global, suites.FarHost2, limit-1, packets.ProtoIPv6, c.IPv6)
			l.Send(tp)
			if limit-1 > 0 {
				By(fmt.Sprintf("the router nests it once more, with limit %d", limit-2))
				c = l.Expect(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.Forwarded(tp, l.NUTMAC, l.TR1.MAC)).EncapLimit(limit - 2)).Within(suites.ReplyWait)
				continue
			}
			By("the router refuses it: Parameter Problem code 0 to TR1 pointing at the limit, and nothing more into its tunnel")
			l.Expect(packets.ParamProblem(0, tp.PointerTo(packets.Ext(0), packets.OptionData(0))).QuotingForwarded(tp)).Within(suites.ReplyWait)
			l.ExpectNo(packets.Tunneled6(l.NUTGlobal, l.TR1.Global, packets.AnyTo(suites.FarHost2))).Within(suites.ReplyWait)
			ended = true
		}
		if !ended {
			Fail(fmt.Sprintf("the tunnel loop did not end within %d rounds: the router went on nesting", maxRounds))
		}

		By("TN1 sends an Echo Request to the router, which answers it")
		echo := l.TN1.EchoRequest(l.NUTGlobal)
		l.Send(echo)
		l.Expect(packets.EchoReplyTo(echo)).Within(suites.ReplyWait)
	})
})
