package rfc2461

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 4861 §8.1: a host takes a Redirect only from the router that is its
// current first hop for the Redirect's destination. A host that knows no
// router has no first hop for an off-link destination, so no Redirect for
// one is valid: it must not start sending to that destination through the
// Redirect's target.
var _ = Describe("Redirect with no first hop", Label("rfc:4861", "section:8.1", "role:host", "level:must", "fault:redirect-without-first-hop"), func() {
	It("ignores a Redirect for an off-link destination while it knows no default router", func() {
		l := suites.Start().Link0
		l.ForgetRouters()
		By("the node knows no default router; TR1 redirects " + suites.OffLink.String() + " on-link, to TN1's link-layer address")
		l.Send(redirect(l, suites.OffLink, packets.TLLA(l.TN1.MAC)))
		noRouterReply(l)
	})
})
