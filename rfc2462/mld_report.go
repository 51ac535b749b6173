package rfc2462

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// RFC 4862 §5.4.2: before it sends its first Neighbor Solicitation for a
// tentative address, a node joins the address's solicited-node group,
// which a multicast listener reports (RFC 3810 §6.1), so that MLD-snooping
// switches let the DAD messages for that group reach it.
var _ = Describe("Joining the solicited-node group before DAD", Label("rfc:4862", "section:5.4.2", "role:any", "level:must", "fault:mld-no-report-before-dad"), func() {
	var l *suites.Link
	BeforeEach(func() { l = suites.Start(suites.AtBoot()).Link0 })

	It("reports the solicited-node group of its tentative link-local address before probing it", func() {
		sn := packets.SolicitedNode(l.NUTLinkLocal)
		By("the node reports the solicited-node group " + sn.String())
		l.Expect(packets.MLDReportAbout(sn)).Within(suites.MaxRtrSolicitationDelay + suites.Slack)
		By("then it sends its first DAD probe")
		l.Expect(packets.DADProbe(l.NUTLinkLocal)).Within(suites.MaxRtrSolicitationDelay + suites.Slack)
	})
})
