package rfc2460

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 2460 §4.4 defined the type 0 routing header, and every node routed by
// it. RFC 5095 §3 deprecated it (it lets one packet bounce between two
// routers many times), and RFC 8200 has no such type: today a node answers
// it as an unknown routing type (see "Unrecognized Routing Type"). These
// specs judge the classic behaviour, for devices that still claim it
// (capability rh0-source-routing). They carry the label legacy, which keeps
// them out of every run whose label filter does not name it.
var _ = Describe("Type 0 routing header, as RFC 2460 defined it",
	Label("rfc:2460", "section:4.4", "role:router", "level:must", "legacy", "classic:rfc2460"), func() {
		var l0, l1 *suites.Link
		BeforeEach(func() {
			env := suites.Start(suites.Links(2), suites.NeedsCapability(suites.CapRH0))
			l0, l1 = env.Link0, env.Link1
		})

		It("routes the packet on to the next listed address: that address becomes the destination, its own takes the slot, Segments Left drops by one",
			Label("fault:rh0-address-not-swapped"), func() {
				By("Link0's TN1 sends an Echo Request to the router's Link0 address, with a type 0 routing header listing Link1's TN1, Segments Left 1")
				req := l0.TN1.EchoRequest(l0.NUTGlobal)
				req.Ext = []packets.ExtHeader{packets.Routing(0, 1, l1.TN1.Global)}
				l0.Send(req)

				By("the router sends it on Link1 to TN1, with its own Link0 address in the header, Segments Left 0 and Hop Limit one less")
				l1.Expect(packets.SourceRouted(req, 0, l1.NUTMAC, l1.TN1.MAC)).Within(suites.ReplyWait)
			})

		It("answers Parameter Problem code 0 at Segments Left when it exceeds the number of listed addresses",
			Label("fault:rh0-segments-left-unchecked"), func() {
				By("Link0's TN1 sends the same Echo Request with Segments Left 2 and one address")
				req := l0.TN1.EchoRequest(l0.NUTGlobal)
				req.Ext = []packets.ExtHeader{packets.Routing(0, 2, l1.TN1.Global)}
				l0.Send(req)

				By("the router reports Segments Left (offset 43) and sends nothing on")
				l0.Expect(packets.ParamProblem(0, req.PointerTo(packets.Ext(0), packets.SegmentsLeft)).Quoting(req)).Within(suites.ReplyWait)
				l1.ExpectNo(packets.AnyTo(l1.TN1.Global)).Within(0)
			})
	})
