package rfc2373

import (
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 6724 §5 rule 2 picks the smallest scope that still reaches the
// destination. "Source address selection" has a global destination; these
// are the boundary where the source's scope equals the destination's
// (link-local to link-local, link-local to ff02::1) and the one just above
// it (a site-scope group, ff05::1, which a link-local source cannot reach).
var _ = Describe("Source address selection, rule 2 at each scope", Label("rfc:6724", "section:5", "role:any", "level:must"), func() {
	DescribeTable("sends from the smallest scope that reaches the destination",
		func(dst func(l *suites.Link) netip.Addr, from func(l *suites.Link) netip.Addr, what string) {
			env := suites.Start(suites.NeedsAction(suites.ActSendEcho))
			l := env.Link0
			d := dst(l)
			By("the node is made to send an Echo Request to " + d.String())
			env.SendEchoRequest(0, d)
			By("the request comes from the node's " + what)
			l.Expect(packets.EchoRequestTo(d).From(from(l))).Within(suites.ReplyWait)
		},
		Entry("a link-local destination: the link-local source, of equal scope", Label("fault:sas-scope-off-by-one"),
			func(l *suites.Link) netip.Addr { return l.TN1.LinkLocal },
			func(l *suites.Link) netip.Addr { return l.NUTLinkLocal }, "link-local address"),
		Entry("the link-scope group ff02::1: the link-local source, of equal scope", Label("fault:sas-scope-off-by-one"),
			func(*suites.Link) netip.Addr { return packets.AllNodes },
			func(l *suites.Link) netip.Addr { return l.NUTLinkLocal }, "link-local address"),
		Entry("the site-scope group ff05::1: the global source, link-local being too small", Label("fault:source-first-address"),
			func(*suites.Link) netip.Addr { return netip.MustParseAddr("ff05::1") },
			func(l *suites.Link) netip.Addr { return l.NUTGlobal }, "global address"),
	)
})
