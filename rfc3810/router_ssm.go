package rfc3810

import (
	"encoding/binary"
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Group 6 of the router checklist (MLDv2R): source-specific multicast
// (RFC 4604 §3). For a group in the SSM range (ff3x::/32, RFC 4607 §1,
// or a range the router is configured with) the router SHOULD ignore
// IS_EX and TO_EX records (§3.1), and MLDv1 Reports and Done (§3.5,
// §3.7): the group never comes to EXCLUDE mode. Records of the INCLUDE
// kind count as usual (§3.1, §3.4), and a record ignored is only that
// record: the rest of its Report counts (§3.1, a MUST).

// ssmProbe sends IS_EX{} then TO_IN{} for each group: a router that took
// the IS_EX is in EXCLUDE{} and asks Q(G); one that ignored it has no
// state and asks nothing.
func (r *rut) ssmProbe(groups ...netip.Addr) {
	GinkgoHelper()
	for _, g := range groups {
		r.reportFor(g, packets.IS_EX())
		r.reportFor(g, packets.TO_IN())
	}
}

// The catalogue takes only ff3e::4000:1 to ff3e::7fff:ffff (the group
// IDs IANA gives out, RFC 3307 §4.1) as source-specific and expects
// Q(G) for ff3e::3fff:ffff and ff3e::8000:1. RFC 4607 §1 (and RFC 3306
// §6) makes all of ff3x::/32 the SSM range: the spec expects all four
// ignored.
var _ = Describe("EXCLUDE records for groups of the SSM range", Label("rfc:4604", "section:3.1", "ipv6ready:MLDv2R.6.1.a", "role:router", "level:should", "fault:mldr-ssm-exclude-honoured"), func() {
	It("MLDv2R.6.1.a: ignores IS_EX{} for ff3e::3fff:ffff, ff3e::4000:1, ff3e::7fff:ffff and ff3e::8000:1, all in ff3x::/32", func() {
		r := startRouter()
		r.ssmProbe(netip.MustParseAddr("ff3e::3fff:ffff"), SSM1, SSM2, netip.MustParseAddr("ff3e::8000:1"))
		r.noQ(r.llqt() + slack)
	})
})

// inSSMRange is the address of suites.SSMRange's prefix with the last 32
// bits id: the catalogue's ff3e::id moved to that range.
func inSSMRange(id uint32) netip.Addr {
	b := netip.MustParsePrefix(suites.SSMRange).Addr().As16()
	binary.BigEndian.PutUint32(b[12:], id)
	return netip.AddrFrom16(b)
}

// RFC 4604 §3 lets a router apply SSM to other ranges by configuration
// (a MAY; the IANA range by default, a MUST). The catalogue's
// ff3e::9000:0/100 lies in ff3x::/32 already; suites.SSMRange is a range
// of the same size outside it, and the probes sit at the same places in
// it (see suites/capabilities.go).
var _ = Describe("EXCLUDE records for groups of a configured SSM range", Label("rfc:4604", "section:3.1", "ipv6ready:MLDv2R.6.1.b", "role:router", "level:should", "fault:mldr-ssm-range-ignored"), func() {
	It("MLDv2R.6.1.b: ignores IS_EX{} inside "+suites.SSMRange+" and takes it just outside", func() {
		r := startRouter(suites.NeedsCapability(suites.CapSSMRange))
		for _, g := range []netip.Addr{inSSMRange(0x8fff_ffff), inSSMRange(0xa000_0001)} {
			By("outside the range: " + g.String())
			r.ssmProbe(g)
			r.expectLLQ(g, nil)
		}
		By("inside the range")
		r.ssmProbe(inSSMRange(0x9000_0001), inSSMRange(0x9fff_ffff))
		r.noQ(r.llqt() + slack)
	})
})

var _ = Describe("INCLUDE records for a source-specific group", Label("rfc:4604", "section:3.1", "role:router", "level:must", "fault:mldr-to-in-no-query"), func() {
	// §3.1: these records are the normal ones for an SSM group and count
	// as RFC 3810 §7.4 says: the probe TO_IN{} asks about every source.
	DescribeTable("keeps the sources and queries them on TO_IN{}",
		func(recs []packets.Rec, sources []netip.Addr) {
			r := startRouter()
			for _, x := range recs {
				r.reportFor(SSM1, x)
			}
			r.reportFor(SSM1, packets.TO_IN())
			r.expectLLQ(SSM1, sources)
		},
		Entry("MLDv2R.6.2.a: IS_IN{S1}", Label("ipv6ready:MLDv2R.6.2.a"), []packets.Rec{packets.IS_IN(S1)}, set(S1)),
		Entry("MLDv2R.6.2.c: ALLOW{S1}", Label("ipv6ready:MLDv2R.6.2.c"), []packets.Rec{packets.ALLOW(S1)}, set(S1)),
		Entry("MLDv2R.6.2.d: ALLOW{S1,S2}", Label("ipv6ready:MLDv2R.6.2.d"), []packets.Rec{packets.ALLOW(S1, S2)}, set(S1, S2)),
		Entry("MLDv2R.6.2.f: TO_IN{S1}", Label("ipv6ready:MLDv2R.6.2.f"), []packets.Rec{packets.TO_IN(S1)}, set(S1)),
	)
})

var _ = Describe("EXCLUDE records for a source-specific group", Label("rfc:4604", "section:3.1", "role:router", "level:should", "fault:mldr-ssm-exclude-honoured"), func() {
	DescribeTable("ignores them: the probe TO_IN{} finds no state",
		func(recs ...packets.Rec) {
			r := startRouter()
			for _, x := range recs {
				r.reportFor(SSM1, x)
				r.reportFor(SSM1, packets.TO_IN())
			}
			r.noQ(r.llqt() + slack)
		},
		Entry("MLDv2R.6.2.b: IS_EX{} and IS_EX{S1}", Label("ipv6ready:MLDv2R.6.2.b"), packets.IS_EX(), packets.IS_EX(S1)),
		Entry("MLDv2R.6.2.g: TO_EX{} and TO_EX{S1}", Label("ipv6ready:MLDv2R.6.2.g"), packets.TO_EX(), packets.TO_EX(S1)),
	)
})

var _ = Describe("BLOCK for a source of a source-specific group", Label("rfc:4604", "section:3.4", "ipv6ready:MLDv2R.6.2.e", "role:router", "level:must", "fault:mldr-no-llq-retransmit"), func() {
	// §3.4: the Multicast Address and Source Specific Query is how the
	// router learns whether a source is still wanted (RFC 3810 §7.6.3.2).
	It("MLDv2R.6.2.e: ALLOW{S1} then BLOCK{S1}: Q(SSM1,{S1}), LLQC times", func() {
		r := startRouter()
		r.reportFor(SSM1, packets.ALLOW(S1))
		r.reportFor(SSM1, packets.BLOCK(S1))
		r.expectLLQ(SSM1, set(S1))
	})
})

var _ = Describe("A Report with an ignored record among others", Label("rfc:4604", "section:3.1", "ipv6ready:MLDv2R.6.2.h", "role:router", "level:must", "fault:mldr-ssm-exclude-drops-report"), func() {
	It("MLDv2R.6.2.h: skips TO_EX(SSM2,{}) and takes TO_IN(SSM1,{S1}) of the same Report", func() {
		r := startRouter()
		r.reportRecords(packets.MLDRecord{Type: packets.ToEx, Group: SSM2}, packets.MLDRecord{Type: packets.ToIn, Group: SSM1, Sources: set(S1)})
		r.reportFor(SSM1, packets.TO_IN())
		r.expectLLQ(SSM1, set(S1))
	})
})

var _ = Describe("A source of a source-specific group leaves", Label("rfc:4604", "section:3.4", "role:router", "level:must", "fault:mldr-no-llq-retransmit"), func() {
	// §3.4 with RFC 3810 §7.6.3.2: the source is queried LLQC times and
	// goes at LLQT; the same report then draws nothing.
	DescribeTable("queries it LLQC times, then forgets it",
		func(leave packets.Rec) {
			r := startRouter()
			r.reportFor(SSM1, packets.IS_IN(S1))
			r.reportFor(SSM1, leave)
			r.expectLLQ(SSM1, set(S1))
			r.reportFor(SSM1, leave)
			r.noQ(r.llqt() + slack)
		},
		Entry("MLDv2R.6.3.a: BLOCK{S1}", Label("ipv6ready:MLDv2R.6.3.a"), packets.BLOCK(S1)),
		Entry("MLDv2R.6.3.b: TO_IN{}", Label("ipv6ready:MLDv2R.6.3.b"), packets.TO_IN()),
	)
})

var _ = Describe("MLDv1 messages for a source-specific group", Label("rfc:4604", "role:router", "level:should", "fault:mldr-ssm-exclude-honoured"), func() {
	It("MLDv2R.6.4.a: ignores an MLDv1 Report: no EXCLUDE{} state, the probe TO_IN{} draws nothing", Label("ipv6ready:MLDv2R.6.4.a", "section:3.5"), func() {
		r := startRouter()
		r.v1Report(SSM1)
		r.reportFor(SSM1, packets.TO_IN())
		r.noQ(r.llqt() + slack)
	})

	It("MLDv2R.6.4.b: ignores an MLDv1 Done: INCLUDE{S1} stays, no query", Label("ipv6ready:MLDv2R.6.4.b", "section:3.7"), func() {
		r := startRouter()
		r.reportFor(SSM1, packets.IS_IN(S1))
		r.v1Done(SSM1)
		r.noQ(r.llqt() + slack)
	})
})
