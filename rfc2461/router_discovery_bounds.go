package rfc2461

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 4861 §6.3.7: a host stops soliciting once a valid advertisement with
// a non-zero Router Lifetime came. The other side of that boundary: an
// advertisement with Router Lifetime 0 names no default router, and the
// host goes on soliciting, as it should up to MAX_RTR_SOLICITATIONS.
var _ = Describe("Router Solicitations after an advertisement of Router Lifetime 0", Label("rfc:4861", "section:6.3.7", "role:host", "level:should", "fault:rs-stop-on-lifetime-zero"), func() {
	It("goes on soliciting after a valid advertisement whose Router Lifetime is 0", func() {
		l := suites.Start(suites.AtBoot()).Link0
		By("the node sends its first Router Solicitation")
		l.Expect(packets.RSFrom(l.NUTLinkLocal, l.NUTMAC)).Within(firstRS)
		By("TR1 answers with a valid Router Advertisement of Router Lifetime 0: not a default router")
		l.Send(l.TR1.RA(packets.RAParams{CurHopLimit: 64}))
		By("the node solicits again")
		l.Expect(packets.RSFrom(l.NUTLinkLocal, l.NUTMAC)).Within(suites.RtrSolicitationInterval*11/10 + suites.Slack)
	})
})
