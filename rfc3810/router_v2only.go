package rfc3810

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// MLDv2R.5.5 (the checklist's advanced tests): a router set to MLDv2 only
// ignores MLDv1 Reports and Done (RFC 3810 §10.2 mentions the setting
// against forged MLDv1 messages; the catalogue judges it [N]). A device
// without the setting does not declare suites.CapMLDv2Only, and the specs
// are N/A for it.
var _ = Describe("MLDv2-only mode", Label("rfc:3810", "section:10.2", "role:router", "level:must", "fault:mldr-v2-only-ignored"), func() {
	var r *rut
	BeforeEach(func() { r = startRouter(suites.NeedsCapability(suites.CapMLDv2Only)) })

	It("MLDv2R.5.5.a: ignores an MLDv1 Report: the group stays INCLUDE{S1}", Label("ipv6ready:MLDv2R.5.5.a"), func() {
		r.report(packets.IS_IN(S1))
		r.v1Report(M1)
		r.report(packets.TO_IN())
		r.expectLLQ(M1, set(S1))
	})

	It("MLDv2R.5.5.b: ignores an MLDv1 Done: no query, and the group stays INCLUDE{S1}", Label("ipv6ready:MLDv2R.5.5.b"), func() {
		r.report(packets.IS_IN(S1))
		r.v1Done(M1)
		r.noQ(r.llqt() + slack)
		r.report(packets.TO_IN())
		r.expectLLQ(M1, set(S1))
	})
})
