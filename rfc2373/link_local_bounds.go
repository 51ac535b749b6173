package rfc2373

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Link-local unicast is all of fe80::/10 (RFC 4291 §2.4, §2.5.6), not only
// the fe80::/64 that nodes form their addresses in: a router keeps a
// source anywhere in it on its link (RFC 4007 §9), from the first address
// of the range to the last. The address just past the range, fec0::/10,
// is global to a router (unicast_scopes.go). The error a router owes the
// source (Destination Unreachable code 2) cannot reach an address that no
// node on Link0 answers for, so only the link the packet must not reach
// is judged.
var _ = Describe("Link-local sources across fe80::/10 at a router", Label("rfc:4291", "rfc:4007", "section:2.5.6", "role:router", "level:must"), func() {
	DescribeTable("does not forward a packet whose source is link-local to its other link",
		func(src string) {
			env := suites.Start(suites.Links(2))
			l0, l1 := env.Link0, env.Link1
			By("Link0's TN1 sends an Echo Request from " + src + " to the global address of Link1's TN1")
			req := l0.TN1.EchoRequest(l1.TN1.Global)
			req.Src = netip.MustParseAddr(src)
			l0.Send(req)
			By("nothing reaches Link1")
			l1.ExpectNo(packets.AnyTo(l1.TN1.Global)).Within(suites.ReplyWait)
		},
		Entry("fe80::a1, in the first /64 of the range", Label("fault:forward-link-local-source"), "fe80::a1"),
		Entry("febf:ffff:ffff:ffff::a1, in the last /64 of the range", Label("fault:link-local-fe80-16-only"), "febf:ffff:ffff:ffff::a1"),
	)
})
