package rfc2461

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 4861 §7.2.2: address resolution happens once; the packets after it
// go straight to the link-layer address the Neighbor Cache holds.
var _ = Describe("Forwarding to a resolved neighbor", Label("rfc:4861", "section:7.2.2", "role:router", "level:must"), func() {
	It("forwards a second packet to the neighbor it has just resolved, to that neighbor's link-layer address",
		Label("fault:forward-resolved-dropped"), func() {
			env := suites.Start(suites.Links(2))
			l0, l1 := env.Link0, env.Link1
			By("Link0's TN1 sends Link1's TN1 an Echo Request; the router resolves TN1 on Link1 and forwards it")
			first := l0.TN1.EchoRequest(l1.TN1.Global)
			l0.Send(first)
			l1.Expect(packets.Forwarded(first, l1.NUTMAC, l1.TN1.MAC)).Within(suites.MaxMulticastSolicit*suites.RetransTimer + suites.ReplyWait)
			By("Link0's TN1 sends a second Echo Request, with another sequence number")
			second := l0.TN1.EchoRequest(l1.TN1.Global)
			second.ICMP.SetEchoSequence(second.ICMP.EchoSequence() + 1)
			l0.Send(second)
			By("the router forwards it too, to TN1's MAC")
			l1.Expect(packets.Forwarded(second, l1.NUTMAC, l1.TN1.MAC)).Within(suites.ReplyWait)
		})
})
