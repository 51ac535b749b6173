package rfc2373

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// A solicited-node group is ff02::1:ff00:0/104 with the low 24 bits of the
// address (RFC 4291 §2.7.1), and a node joins the group of each of its
// addresses (§2.8). The addresses a node forms from its MAC end in
// 00:0100-like values whose top octet of the 24 bits is 0, so a node that
// took fewer bits would still pass every other spec: this one gives the
// node an address at the top of the range, ending in ff:ffff, whose group
// is the last of the /104.
var _ = Describe("Solicited-node group at the end of ff02::1:ff00:0/104", Label("rfc:4291", "section:2.7.1", "role:any", "level:must", "fault:solicited-node-low-16"), func() {
	It("answers a solicitation for its address 2001:db8:1::a:ff:ffff sent to ff02::1:ffff:ffff", func() {
		addr := netip.MustParsePrefix("2001:db8:1::a:ff:ffff/64")
		l := suites.Start(suites.Address(0, addr)).Link0
		g := packets.SolicitedNode(addr.Addr())
		By("the node holds " + addr.String() + " on Link0; TN1 solicits it at " + g.String())
		l.Send(l.TN1.NS(g, addr.Addr()))
		By("the node answers: it has joined the group, all 24 bits of it")
		l.Expect(packets.NAFor(addr.Addr()).To(l.TN1.Global)).Within(suites.ReplyWait)
	})
})
