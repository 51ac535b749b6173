package rfc3810

import (
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// The boundaries of the router's requirements that the catalogue's parts
// leave on one side only: the largest Robustness Variable the QRV field
// holds, the timer lowering on another router's specific queries, the
// edge of the source-specific range, and which packets with a Router
// Alert a node takes in for a group it has not joined.

var _ = Describe("Robustness Variable of 7", Label("rfc:3810", "section:5.1.8", "role:router", "level:must", "fault:mldr-qrv-seven-as-zero"), func() {
	// §5.1.8: QRV carries the Robustness Variable when it fits, up to 7;
	// only above 7 is it 0 (MLDv2R.1.2.b judges RV 8).
	It("sends QRV 7 in its General Queries, the largest value the field holds", func() {
		r := startRouter(suites.AtBoot(), suites.WithMLD(suites.MLDSetup{Robustness: 7, QueryInterval: 60 * time.Second}))
		r.expectGQ(bootWait)
		r.nextGQ(r.startupInterval(), "the second start-up query a Startup Query Interval later, QRV 7 too")
	})
})

var _ = Describe("Another router's specific query with S clear", Label("rfc:3810", "section:7.6.1", "role:router", "level:must", "fault:mldr-query-lowers-nothing"), func() {
	// §7.6.1: a router lowers its timers on a query with S clear that it
	// receives, from the querier or not, as on the ones it sends: the
	// filter timer to LLQT for a Multicast Address Specific Query, the
	// timers of the listed sources for a Multicast Address and Source
	// Specific Query. The original suite disabled these two parts; they
	// are RFC requirements (normative text, the catalogue's [N]).
	// MLDv2R.3.4.n and 3.5.n judge the other side: with S set nothing is
	// lowered. TR2 (a higher address) leaves the RUT querier; its query
	// has the RUT's own LLQI as its Maximum Response Delay, so LLQT is the
	// same whichever LLQI the RUT takes.
	DescribeTable("lowers the timer to LLQT: the state has expired when TO_IN{} comes an LLQT later",
		func(state packets.Rec, sources []netip.Addr) {
			r := startRouter()
			r.report(state)
			q := packets.GroupQuery(M1, sources...)
			q.MaxResp = r.llqi
			r.queryFrom(r.higherQuerier(), q)
			r.wait("an LLQT and some slack: the lowered timer runs out", r.llqt()+slack)
			r.report(packets.TO_IN())
			r.noQ(r.llqt() + slack)
		},
		Entry("MLDv2R.3.3.d: IS_IN{S1}, then TR2's Q(M1,{S1}): the source timer", Label("ipv6ready:MLDv2R.3.3.d"), packets.IS_IN(S1), []netip.Addr{S1}),
		Entry("MLDv2R.3.3.e: IS_EX{}, then TR2's Q(M1): the filter timer", Label("ipv6ready:MLDv2R.3.3.e"), packets.IS_EX(), nil),
	)
})

var _ = Describe("A second query from the lower querier", Label("rfc:3810", "section:7.6.2", "role:router", "level:must", "fault:mldr-oqpt-not-restarted"), func() {
	// §7.6.2: every query from a lower address sets the Other Querier
	// Present timer to OQPT again: the RUT stays quiet until an OQPT after
	// the querier's last query, not its first (the 3.1 parts judge one
	// query alone).
	It("keeps the node a non-querier until an Other Querier Present Timeout after the second query", func() {
		r := startRouter()
		tr1 := r.lowerQuerier()
		q := gqWith(gqMRD, 2, 125, false)
		r.queryFrom(tr1, q)
		a := r.adopt(q)
		r.wait("half an Other Querier Present Timeout", a.oqptLo()/2)
		r.queryFrom(tr1, q)
		t1 := r.now()
		r.resumesBetween(t1, a.oqptLo(), a.oqptHi())
	})
})

// NonSSM is a group just outside the source-specific range ff3x::/32
// (RFC 4607 §1): its third octet is not 0.
var NonSSM = netip.MustParseAddr("ff3e:100::4000:1")

var _ = Describe("A group just outside ff3x::/32", Label("rfc:3810", "section:7.4.1", "role:router", "level:must", "fault:mldr-ssm-prefix-short"), func() {
	// RFC 4604 §3 sets the source-specific rules for the SSM range,
	// ff3x::/32 (RFC 4607 §1) unless configured otherwise; ff3e:100::/32
	// is not in it, and an EXCLUDE record for it is kept as RFC 3810
	// §7.4 says (the 6.x parts judge the other side, ff3e::/32).
	It("keeps an IS_EX{} record for ff3e:100::4000:1 and queries the group on TO_IN{}", func() {
		r := startRouter()
		r.reportFor(NonSSM, packets.IS_EX())
		r.reportFor(NonSSM, packets.TO_IN())
		r.expectLLQ(NonSSM, nil)
	})
})

// unjoinedGroup is a global-scope group the node has not joined whose
// link-layer address is one it listens to: its solicited-node group's
// low 32 bits under ff0e:: (RFC 2464 §7), so that only the IP layer can
// turn the packet away.
func unjoinedGroup(l *suites.Link) netip.Addr {
	b := packets.SolicitedNode(l.NUTLinkLocal).As16()
	b[1] = 0x0e
	return netip.AddrFrom16(b)
}

// routerAlertEcho is TN1's Echo Request to unjoinedGroup, with a
// Hop-by-Hop Router Alert (RFC 2711).
func routerAlertEcho(l *suites.Link) *packets.Packet {
	req := l.TN1.EchoRequest(unjoinedGroup(l))
	req.Ext = []packets.ExtHeader{packets.HopByHop(packets.RouterAlert())}
	return req
}

var _ = Describe("A Router Alert for a group the node has not joined", Label("rfc:2711", "section:2.1", "level:must", "fault:accept-any-multicast"), func() {
	// RFC 2711 §2.1: the option asks routers on the path to look at the
	// packet more closely; it does not make a node the packet's
	// destination. A node takes in a packet for a group only when it
	// listens to the group (RFC 4291 §2.7, §2.8): a multicast router
	// hears the MLD messages of every group (RFC 3810 §7), and nothing
	// else with them.
	It("does not answer an Echo Request with a Router Alert sent to a group it has not joined", Label("role:any"), func() {
		l := suites.Start(multicastEchoRouter).Link0
		req := routerAlertEcho(l)
		By("TN1 sends an Echo Request with a Router Alert to " + unjoinedGroup(l).String())
		l.Send(req)
		By("the node does not answer")
		l.ExpectNo(packets.AnyReplyTo(req)).Within(suites.ReplyWait)
	})

	It("does not answer it either as a multicast router, which hears the MLD messages of every group", Label("role:router"), func() {
		r := startRouter(multicastEchoRouter)
		req := routerAlertEcho(r.l)
		By("TN1 sends an Echo Request with a Router Alert to " + unjoinedGroup(r.l).String())
		r.l.Send(req)
		By("the node does not answer")
		r.l.ExpectNo(packets.AnyReplyTo(req)).Within(suites.ReplyWait)
	})
})

var multicastEchoRouter = suites.NeedsCapability(suites.CapMulticastEcho)

var _ = Describe("A General Query to a group the host has not joined", Label("rfc:3810", "section:5.1.15", "role:host", "level:must", "fault:accept-any-multicast"), func() {
	// §5.1.15: a node takes in queries sent to ff02::1, to a group it
	// listens to, or to one of its own addresses; a query sent to another
	// group is not for it, Router Alert or not (the Router Alert asks
	// routers to look, RFC 2711 §2.1).
	It("does not answer it, though it carries a Router Alert", func() {
		drops(gqShort, func(m *mld, p *packets.Packet) {
			p.Dst = unjoinedGroup(m.l)
			p.EthDst = packets.MACFor(p.Dst, m.l.NUTMAC)
		})
	})
})
