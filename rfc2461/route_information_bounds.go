package rfc2461

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 4191 §2.3: a Route Information option's Length must hold its prefix:
// 2 or 3 for a prefix longer than 0 bits, 3 for one longer than 64; a host
// ignores one that does not (§3.1). Each boundary from the side just past
// it: a /96 route in an option of Length 2 (a /64 in Length 2 is the
// shortest form, used by "Processing Router Advertisements with Route
// Information options"), and a /1 route in an option of Length 1 (::/0 in
// Length 1 is used there too). Both would send OffLink's traffic to TR2
// instead of TR1, the default router. RFC 4191 states the Length rule in
// lower case ("Length must be 3"), with no BCP 14 keyword: a WARN, not a
// FAIL. Linux takes a /1 from an option of Length 1.
//
// A host that takes the /96 may read its missing 32 bits as zeros, or, as
// Linux does, from the 4 octets that follow the option in the
// advertisement, past its end: so an MTU option follows it here, making
// those octets known (05 01 00 00), and the node is asked to answer a
// destination in each reading of the route, 2001:db8:99::1 and
// 2001:db8:99:0:501::1. Without the option after it, what Linux reads
// is whatever lies past the packet, and its verdict changed from run to
// run.
var _ = Describe("Route Information options too short for their prefix", Label("rfc:4191", "section:2.3", "ipv6ready:v6LC.2.2.23", "role:host", "level:should"), func() {
	DescribeTable("ignores the option and goes on sending through the default router",
		func(prefix string, bits uint8, alsoTo string) {
			l := suites.Start(suites.NeedsCapability(suites.CapRouteInformation)).Link0
			l.ForgetRouters()
			o := packets.RouteInfo(netip.MustParsePrefix(prefix), packets.PrefHigh, routeLife).WithPrefixLength(bits)
			By("TR1 advertises itself as default router")
			advertiseRoutes(l, l.TR1, defaultRouter)
			By("TR2 advertises a high-preference route whose Prefix Length does not fit the option's Length, an MTU option of 1500 after it")
			advertiseRoutes(l, l.TR2, notDefault, o, packets.MTUOption(1500))
			replyThrough(l, l.TR1)
			if alsoTo != "" {
				src := netip.MustParseAddr(alsoTo)
				By("an Echo Request from " + alsoTo + " arrives through TR1; the node answers it through TR1")
				req := l.EchoFromOffLink(l.TR1)
				req.Src = src
				l.Send(req)
				l.Expect(packets.EchoReplyVia(req, l.TR1.MAC, l.TR1.Name)).Within(suites.ReplyWait)
			}
		},
		Entry("Prefix Length 96 in an option of Length 2 (2001:db8:99::/96)", Label("fault:rio-long-prefix-in-length-2"), "2001:db8:99::/64", uint8(96), "2001:db8:99:0:501::1"),
		Entry("Prefix Length 1 in an option of Length 1 (::/1)", Label("fault:rio-prefix-in-length-1"), "::/0", uint8(1), ""),
	)
})
