package rfc1981

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// group is a global-scope multicast group the node sends to: a Packet Too
// Big may come back from any router on the way (RFC 8201 §5.1).
var group = netip.MustParseAddr("ff1e::db8:1")

var _ = Describe("Path MTU for a multicast destination", Label("rfc:8201", "section:5.1", "role:any", "level:must"), func() {
	var env *suites.Env
	var l *suites.Link
	BeforeEach(func() {
		env = suites.Start(pmtud, suites.NeedsAction(suites.ActSendEcho))
		l = env.Link0
	})

	// multicastEcho has the node send 1452 data octets to the group and
	// returns what it sent.
	multicastEcho := func(fits int) *suites.Captured {
		GinkgoHelper()
		env.SendEchoRequestOfSize(0, group, 1452)
		return l.Expect(packets.EchoRequestTo(group).FitsMTU(fits)).Within(suites.ReplyWait)
	}

	It("lowers the path MTU to a multicast group after a router's Packet Too Big",
		Label("ipv6ready:v6LC.4.1.10", "fault:ptb-ignored"), func() {
			By("the node sends a 1500-octet Echo Request to ff1e::db8:1")
			first := multicastEcho(1500)
			By("TR1 reports Packet Too Big, MTU 1280, for it")
			l.Send(packets.PacketTooBig(l.TR1.MAC, l.NUTMAC, l.TR1.Global, l.NUTGlobal, 1280, first.IPv6))
			By("the node's next Echo Request to the group comes in fragments of 1280 octets")
			multicastEcho(1280)
		})

	It("keeps the smallest MTU two routers report for a multicast group",
		Label("ipv6ready:v6LC.4.1.11", "fault:pmtu-raised-by-ptb"), func() {
			first := multicastEcho(1500)
			By("TR1 reports MTU 1280 and TR2 then reports MTU 1400 for the same packet")
			l.Send(packets.PacketTooBig(l.TR1.MAC, l.NUTMAC, l.TR1.Global, l.NUTGlobal, 1280, first.IPv6))
			l.Send(packets.PacketTooBig(l.TR2.MAC, l.NUTMAC, l.TR2.Global, l.NUTGlobal, 1400, first.IPv6))
			By("the node's next Echo Request to the group comes in fragments of 1280 octets")
			multicastEcho(1280)
		})
})
