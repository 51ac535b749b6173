package rfc3810

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Group 2 of the router checklist (MLDv2R.2): the format of the router's
// queries (RFC 3810 §5, §5.1) and which received messages it takes or
// drops (§5.1, §5.2, §7.4, §7.6). The queries are in this file, the
// reports in router_validation_reports.go.
//
// The catalogue's detections:
//   - a query the router must ignore comes from TR1 (lower address) or
//     TR2 (higher) while TN1's IS_IN{S1} is in place: the router still
//     sends its General Query within a Query Interval (it did not yield,
//     §7.6.2) and TO_IN{} still draws Q(M1,{S1}) (it lowered no timer,
//     §7.6.1); staysQuerier;
//   - a report the router must ignore carries IS_IN{S1} and is followed
//     by a valid IS_IN{S2}: TO_IN{} draws Q(M1,{S2}) only; ignoresReport.
//
// Every query the router sends on the way is judged whole (the rut's
// matchers), so a router that answers a bad message with a malformed
// packet fails too.

// offLinkPrefix is a global prefix on no test link (the catalogue's
// off-link addresses).
var offLinkPrefix = netip.MustParsePrefix("3ffe:501:ffff:200::/64")

// queryTo is q from querier t to dst: the group's or ff02::1's
// multicast MAC, or the node's MAC for a unicast dst.
func (r *rut) queryTo(t querier, dst netip.Addr, q packets.MLDQuery) *packets.Packet {
	p := packets.MLDv2Query(t.MAC, t.LL, dst, q)
	if !dst.IsMulticast() {
		p.EthDst = r.l.NUTMAC
	}
	return p
}

// gqPacket is a General Query from t, to ff02::1.
func (r *rut) gqPacket(t querier) *packets.Packet {
	return r.queryTo(t, packets.AllNodes, packets.GeneralQuery())
}

// qM1S1 is Q(M1,{S1}) from t, to M1.
func (r *rut) qM1S1(t querier) *packets.Packet {
	return r.queryTo(t, M1, packets.GroupQuery(M1, S1))
}

// sendRaw sends a frame as it is, described as what.
func (r *rut) sendRaw(what string, frame []byte) {
	GinkgoHelper()
	By(what)
	r.l.SendRaw(frame)
	r.e.AfterConfig()
	r.e.Settle()
}

// zeroChecksum is the frame of p with its ICMPv6 checksum 0.
func zeroChecksum(p *packets.Packet) []byte {
	frame := p.Bytes()
	off := len(frame) - len(p.Trailer) - 4 - len(p.ICMP.Body) // the ICMPv6 header
	frame[off+2], frame[off+3] = 0, 0
	return frame
}

// payloadLength sets the packet's Payload Length to what it would be
// with mldLen octets of MLD message after its extension headers.
func payloadLength(p *packets.Packet, mldLen int) {
	l := uint16(len(p.IPv6Bytes()) - 40 - 4 - len(p.ICMP.Body) + mldLen)
	p.PayloadLength = &l
}

// staysQuerier is the catalogue's detection of an ignored query: a
// General Query within a Query Interval (the router did not yield), then
// TO_IN{} draws the Last Listener Queries about S1 (no timer lowered).
func (r *rut) staysQuerier() {
	GinkgoHelper()
	r.expectGQ(r.qi + slack)
	r.report(packets.TO_IN())
	r.expectLLQ(M1, set(S1))
}

// ignoresQuery sends p (a query the router must not take) while TN1
// listens to M1 from S1, and expects the router unmoved.
func (r *rut) ignoresQuery(what string, p *packets.Packet) {
	GinkgoHelper()
	r.report(packets.IS_IN(S1))
	r.send(what, p)
	r.staysQuerier()
}

// yieldsThenResumes expects the router, which got the other querier's
// query at sent, to stop querying for the Other Querier Present Timeout
// (§7.6.2, §9.5) and then to send a General Query. The query came with a
// Maximum Response Delay of the router's own QRI, so that the timeout is
// the same whether the router takes the querier's or keeps its own.
func (r *rut) yieldsThenResumes(sent time.Duration) {
	GinkgoHelper()
	By(fmt.Sprintf("the node yields: its next General Query comes the Other Querier Present Timeout (%v) after the query", r.oqpt()))
	m := r.gq().After(sent, r.oqpt()-slack)
	m.Require(fmt.Sprintf("at most %v after the query", r.oqpt()+slack), within(sent, r.oqpt()+slack))
	r.l.Expect(m).Within(r.oqpt() + 2*slack)
}

// nonQuerier expects no query from the router at all for a Query
// Interval: it is not querier.
func (r *rut) nonQuerier() {
	GinkgoHelper()
	By(fmt.Sprintf("the node sends no query for a Query Interval (%v): it is not querier", r.qi))
	r.l.ExpectNo(packets.MLDv2QuerySent()).Within(r.qi + slack)
}

// payloadIs requires an IPv6 Payload Length.
func payloadIs(n int) (string, func(*packets.Frame) (bool, string)) {
	return fmt.Sprintf("Payload Length %d", n), func(f *packets.Frame) (bool, string) {
		l := int(binary.BigEndian.Uint16(f.IPv6[4:]))
		return l == n, fmt.Sprint(l)
	}
}

// encoded adds the checks of a query's encoding to m: Payload Length
// (the Hop-by-Hop header of 8 octets and the message), Next Header 0,
// ICMPv6 Code 0, and the Number of Sources.
func encoded(m *packets.Matcher, payload, sources int) *packets.Matcher {
	m.Require(payloadIs(payload))
	m.Require("Next Header 0 (Hop-by-Hop) in the IPv6 header", func(f *packets.Frame) (bool, string) {
		return f.IPv6[6] == packets.ProtoHopByHop, fmt.Sprint(f.IPv6[6])
	})
	m.Code(0)
	return m.QueryFields(fmt.Sprintf("Number of Sources %d", sources), func(q packets.MLDQuery) (bool, string) {
		return q.NumSources != nil && int(*q.NumSources) == sources, fmt.Sprint(*q.NumSources)
	})
}

// expectLLQEncoded is expectLLQ with every copy judged on its encoding.
func (r *rut) expectLLQEncoded(group netip.Addr, sources []netip.Addr, payload int) {
	GinkgoHelper()
	m := func() *packets.Matcher { return encoded(r.specific(group, sources, false), payload, len(sources)) }
	By(fmt.Sprintf("the node sends %s, Payload Length %d", m().Desc, payload))
	last := r.l.Expect(m()).Within(suites.ReplyWait)
	for i := 1; i < r.llqc(); i++ {
		By(fmt.Sprintf("and repeats it (copy %d of %d) an LLQI (%v) later", i+1, r.llqc(), r.llqi))
		last = r.l.Expect(m().After(last.At, r.llqi-slack)).Within(r.llqi + slack)
	}
	By(fmt.Sprintf("and sends no more copies (%d in all)", r.llqc()))
	r.l.ExpectNo(packets.SpecificQuerySent(group, sources)).Within(r.llqi + slack)
}

var _ = Describe("Query encoding", Label("rfc:3810", "role:router", "level:must"), func() {
	// §5: Hop Limit 1, a link-local source, Router Alert; §5.1: the
	// fields; §7.6.2: queries come from the link-local address; §5.1.15:
	// to ff02::1 or the group. Payload Length is 8 (Hop-by-Hop) + 28 +
	// 16 per source.
	It("MLDv2R.2.1: sends General Queries encoded field by field as RFC 3810 §5.1 lays them out", Label("ipv6ready:MLDv2R.2.1", "section:5.1", "fault:mldr-query-hoplimit-255"), func() {
		r := startRouter()
		m := encoded(r.gq(), 36, 0)
		m.QueryFields("Multicast Address ::, Reserved fields 0", func(q packets.MLDQuery) (bool, string) {
			return q.Group.IsUnspecified() && q.Reserved == 0 && q.Reserved2 == 0, fmt.Sprintf("%s, %d/%d", q.Group, q.Reserved, q.Reserved2)
		})
		By("the node sends a General Query: Payload Length 36, Hop-by-Hop with Router Alert, Hop Limit 1, from its link-local address to ff02::1, Code 0, QRV 2, QQIC 125, no sources")
		r.l.Expect(m).Within(r.qi + slack)
	})

	It("MLDv2R.2.2: sends Multicast Address Specific Queries encoded as RFC 3810 §5.1 lays them out, LLQC times", Label("ipv6ready:MLDv2R.2.2", "section:7.6.3.1", "fault:mldr-no-llq-retransmit"), func() {
		r := startRouter()
		r.report(packets.IS_EX())
		r.report(packets.TO_IN())
		r.expectLLQEncoded(M1, []netip.Addr{}, 36)
	})

	It("MLDv2R.2.3: sends Multicast Address and Source Specific Queries encoded as RFC 3810 §5.1 lays them out, LLQC times", Label("ipv6ready:MLDv2R.2.3", "section:7.6.3.2", "fault:mldr-no-llq-retransmit"), func() {
		r := startRouter()
		r.report(packets.IS_IN(S1, S2))
		r.report(packets.BLOCK(S1, S2))
		r.expectLLQEncoded(M1, set(S1, S2), 68)
	})
})

var _ = Describe("Query with a Hop Limit other than 1", Label("rfc:3810", "section:7.6", "role:router", "level:must", "fault:mld-accepts-query-hoplimit-255"), func() {
	// §5: every MLD message has Hop Limit 1; §10 explains the check that
	// keeps off-link queries out.
	DescribeTable("ignores TR1's General Query",
		func(hop int) {
			r := startRouter()
			p := r.gqPacket(r.lowerQuerier())
			p.HopLimit = uint8(hop)
			r.ignoresQuery(fmt.Sprintf("TR1 sends a General Query with Hop Limit %d", hop), p)
		},
		Entry("MLDv2R.2.4.a: Hop Limit 0", Label("ipv6ready:MLDv2R.2.4.a"), 0),
		Entry("MLDv2R.2.4.b: Hop Limit 2", Label("ipv6ready:MLDv2R.2.4.b"), 2),
		Entry("MLDv2R.2.4.c: Hop Limit 255", Label("ipv6ready:MLDv2R.2.4.c"), 255),
	)
})

var _ = Describe("Query from a source that is not link-local", Label("rfc:3810", "section:5.1.14", "role:router", "level:must", "fault:mld-query-any-source"), func() {
	// §5.1.14: queries come from a link-local address, and others are
	// dropped. The query is Q(M1,{S1}): a router that took it would
	// yield (a lower source) or lower S1's timer (§7.6.1).
	DescribeTable("ignores TR1's Q(M1,{S1})",
		func(source func(r *rut) netip.Addr) {
			r := startRouter()
			p := r.qM1S1(r.lowerQuerier())
			p.Src = source(r)
			r.ignoresQuery("TR1 sends Q(M1,{S1}) from "+p.Src.String(), p)
		},
		Entry("MLDv2R.2.5.a: from ::", Label("ipv6ready:MLDv2R.2.5.a"), func(*rut) netip.Addr { return netip.IPv6Unspecified() }),
		Entry("MLDv2R.2.5.b: from an on-link global address", Label("ipv6ready:MLDv2R.2.5.b"), func(r *rut) netip.Addr {
			return packets.WithInterfaceID(r.l.Prefix.Addr(), TR1.MAC)
		}),
		Entry("MLDv2R.2.5.c: from an off-link global address", Label("ipv6ready:MLDv2R.2.5.c"), func(*rut) netip.Addr {
			return packets.WithInterfaceID(offLinkPrefix.Addr(), TR1.MAC)
		}),
		Entry("MLDv2R.2.5.d: from ff02::16", Label("ipv6ready:MLDv2R.2.5.d"), func(*rut) netip.Addr { return packets.AllMLDv2Routers }),
	)
})

var _ = Describe("Query sent to one of the router's addresses", Label("rfc:3810", "section:5.1.15", "role:router", "level:must", "fault:mldr-no-election"), func() {
	// §5.1.15: a node takes queries sent to any of its addresses or to a
	// group it listens to. A General Query: the router answers it as a
	// listener (ff02::16 among its groups) and yields to TR1 for the Other
	// Querier Present Timeout (§7.6.2).
	DescribeTable("takes TR1's General Query",
		func(dst func(r *rut) netip.Addr) {
			r := startRouter()
			d := dst(r)
			r.send("TR1 sends a General Query to "+d.String(), r.queryTo(r.lowerQuerier(), d, packets.GeneralQuery()))
			sent := r.l.LastSentAt()
			By("the node answers it as a listener: IS_EX{} for ff02::16, ff02::2 and its solicited-node group")
			m := packets.MLDReportOf(packets.AllMLDv2Routers, packets.IS_EX()).From(r.l.NUTLinkLocal)
			m.WithRecordOf(packets.AllRouters, packets.IS_EX()).WithRecordOf(packets.SolicitedNode(r.l.NUTLinkLocal), packets.IS_EX())
			r.l.Expect(m).Within(r.qri + slack)
			r.yieldsThenResumes(sent)
		},
		Entry("MLDv2R.2.6.a: to its link-local address", Label("ipv6ready:MLDv2R.2.6.a"), func(r *rut) netip.Addr { return r.l.NUTLinkLocal }),
		Entry("MLDv2R.2.6.b: to its global address", Label("ipv6ready:MLDv2R.2.6.b"), func(r *rut) netip.Addr { return r.l.NUTGlobal }),
		Entry("MLDv2R.2.6.c: to ff02::16", Label("ipv6ready:MLDv2R.2.6.c"), func(*rut) netip.Addr { return packets.AllMLDv2Routers }),
	)

	// A specific query: the router is no longer querier, so TO_IN{} draws
	// nothing from it (§7.4.2 queries are the querier's, §7.6.3).
	DescribeTable("takes TR1's Q(M1,{S1})",
		func(dst func(r *rut) netip.Addr) {
			r := startRouter()
			r.report(packets.IS_IN(S1))
			d := dst(r)
			r.send("TR1 sends Q(M1,{S1}) to "+d.String(), r.queryTo(r.lowerQuerier(), d, packets.GroupQuery(M1, S1)))
			r.report(packets.TO_IN())
			r.nonQuerier()
		},
		Entry("MLDv2R.2.6.d: to its link-local address", Label("ipv6ready:MLDv2R.2.6.d"), func(r *rut) netip.Addr { return r.l.NUTLinkLocal }),
		Entry("MLDv2R.2.6.e: to its global address", Label("ipv6ready:MLDv2R.2.6.e"), func(r *rut) netip.Addr { return r.l.NUTGlobal }),
		Entry("MLDv2R.2.6.f: to ff02::1", Label("ipv6ready:MLDv2R.2.6.f"), func(*rut) netip.Addr { return packets.AllNodes }),
	)
})

// forwardedIntact expects that whatever the router forwards onto the
// other link from what it got is the packet itself with its Hop Limit
// decremented to 1 (RFC 8200 §3): a unicast packet for TN2 is TN2's,
// whatever it carries.
func forwardedIntact(r1 *rut, dst netip.Addr, typ uint8) {
	GinkgoHelper()
	m := packets.AnyTo(dst)
	m.Desc = fmt.Sprintf("ICMPv6 type %d to %s with a Hop Limit other than 1", typ, dst)
	m.Identify(fmt.Sprintf("ICMPv6 type %d", typ), func(f *packets.Frame) (bool, string) {
		return f.IsICMP && f.ICMPType == typ, fmt.Sprint(f.ICMPType)
	})
	m.Identify("a Hop Limit other than 1", func(f *packets.Frame) (bool, string) {
		return f.HopLimit() != 1, fmt.Sprint(f.HopLimit())
	})
	By("anything the node forwards onto Link1 has its Hop Limit decremented to 1")
	r1.l.ExpectNo(m).Within(suites.ReplyWait)
}

var _ = Describe("Query that looks forwarded from another link", Label("rfc:3810", "section:7.6", "ipv6ready:MLDv2R.2.6.g", "role:router", "level:should", "fault:forward-no-decrement"), func() {
	// The catalogue's own expectation ([T]): a General Query with Hop
	// Limit 2, a global source, unicast to TN2 on Link1 and no Hop-by-Hop
	// header is not acted on. The catalogue also says it is not
	// forwarded; RFC 8200 has a router forward a unicast packet for
	// another node whatever it carries, so the spec judges only that a
	// forwarded copy is the packet with Hop Limit 1.
	It("does not act on it, and forwards it, if at all, as any packet", func() {
		r := startRouter(suites.Links(2), suites.NeedsCapability(suites.CapMultipleInterfaces))
		r1 := r.on(r.e.Link1)
		tr1 := r.lowerQuerier()
		p := r.queryTo(tr1, r1.l.TN2.Global, packets.GeneralQuery())
		p.Src, p.HopLimit, p.Ext, p.EthDst = packets.WithInterfaceID(r.l.Prefix.Addr(), tr1.MAC), 2, nil, r.l.NUTMAC
		r.report(packets.IS_IN(S1))
		r.send("TR1 sends a General Query with Hop Limit 2 from its global address to TN2 on Link1, without Hop-by-Hop header", p)
		forwardedIntact(r1, r1.l.TN2.Global, packets.TypeMLDQuery)
		r.staysQuerier()
	})
})

var _ = Describe("Query without a Router Alert option", Label("rfc:3810", "section:7.6", "role:router", "level:must", "fault:mld-query-no-router-alert-accepted"), func() {
	// §5: every MLD message carries a Router Alert option in a Hop-by-Hop
	// header; §7.6 acts on queries that pass those checks.
	DescribeTable("ignores TR1's General Query",
		func(ext []packets.ExtHeader) {
			r := startRouter()
			p := r.gqPacket(r.lowerQuerier())
			p.Ext = ext
			r.ignoresQuery("TR1 sends a General Query without Router Alert", p)
		},
		Entry("MLDv2R.2.7.a: no Hop-by-Hop header", Label("ipv6ready:MLDv2R.2.7.a"), nil),
		Entry("MLDv2R.2.7.b: a Hop-by-Hop header with padding only", Label("ipv6ready:MLDv2R.2.7.b"), []packets.ExtHeader{packets.HopByHop()}),
	)
})

var _ = Describe("Query whose Payload Length does not match", Label("rfc:3810", "section:5.1.10", "role:router", "level:should", "fault:ignore-payload-length"), func() {
	// The catalogue's own expectation ([T]): the IPv6 packet is what its
	// Payload Length says (RFC 8200 §3), and there the query's source
	// list runs past the message (a, b) or the packet is shorter than
	// its Payload Length (c); the router ignores the query. The checksum
	// covers the whole query sent.
	DescribeTable("ignores TR1's query",
		func(q packets.MLDQuery, mldLen int) {
			r := startRouter()
			p := r.queryTo(r.lowerQuerier(), M1, q)
			payloadLength(p, mldLen)
			r.ignoresQuery(fmt.Sprintf("TR1 sends a query about M1 with %d sources and a Payload Length for %d octets of MLD", len(q.Sources), mldLen), p)
		},
		Entry("MLDv2R.2.8.a: Q(M1,{S1}) with a Payload Length that ends before the source", Label("ipv6ready:MLDv2R.2.8.a"), packets.GroupQuery(M1, S1), 28),
		Entry("MLDv2R.2.8.b: Q(M1,{S1,S2}) with a Payload Length for one source", Label("ipv6ready:MLDv2R.2.8.b"), packets.GroupQuery(M1, S1, S2), 44),
		Entry("MLDv2R.2.8.c: Q(M1,{S1}) with a Payload Length for two sources", Label("ipv6ready:MLDv2R.2.8.c"), packets.GroupQuery(M1, S1), 60),
	)
})

var _ = Describe("Queries of other lengths", Label("rfc:3810", "section:8.1", "role:router"), func() {
	// §8.1: 24 octets is an MLDv1 Query; a router not configured for
	// MLDv1 keeps querying in MLDv2 (§8.3.1, where it SHOULD log the
	// MLDv1 querier). 25 to 27 octets is no valid query: ignored.
	It("MLDv2R.2.8.d: keeps querying in MLDv2 after TR1's MLDv1 General Query", Label("ipv6ready:MLDv2R.2.8.d", "level:must", "fault:mldr-v1-query-downgrades"), func() {
		r := startRouter()
		tr1 := r.lowerQuerier()
		r.ignoresQuery("TR1 sends an MLDv1 General Query (24 octets)", packets.MLDv1Query(tr1.MAC, tr1.LL, netip.Addr{}, 10*time.Second))
	})

	It("MLDv2R.2.8.e: ignores TR1's query of 26 octets", Label("ipv6ready:MLDv2R.2.8.e", "level:must", "fault:mld-short-query-accepted"), func() {
		r := startRouter()
		p := r.gqPacket(r.lowerQuerier())
		p.ICMP.Body = p.ICMP.Body[:22]
		r.ignoresQuery("TR1 sends a General Query cut to 26 octets", p)
	})
})

var _ = Describe("Query that is no valid MLD message", Label("rfc:3810", "role:router", "level:must"), func() {
	It("MLDv2R.2.14: ignores an ICMPv6 message of type 255 laid out as TR1's General Query", Label("ipv6ready:MLDv2R.2.14", "section:5", "fault:mld-unknown-type-as-query"), func() {
		r := startRouter()
		p := r.gqPacket(r.lowerQuerier())
		p.ICMP.Type = 255
		r.ignoresQuery("TR1 sends a General Query with ICMPv6 type 255", p)
	})

	It("MLDv2R.2.16: ignores TR1's General Query with checksum 0", Label("ipv6ready:MLDv2R.2.16", "section:5.1.2", "fault:icmp-no-checksum"), func() {
		r := startRouter()
		r.report(packets.IS_IN(S1))
		r.sendRaw("TR1 sends a General Query with checksum 0", zeroChecksum(r.gqPacket(r.lowerQuerier())))
		r.staysQuerier()
	})
})

var _ = Describe("General Query with unusual values in fields a router ignores", Label("rfc:3810", "role:router", "level:must", "fault:mldr-no-election"), func() {
	// §5.1.1 (Code), §5.1.4 (Reserved), §5.1.12 (octets after the
	// sources, MUST be ignored): the query is valid, and the router
	// yields to TR1.
	DescribeTable("takes TR1's General Query and yields",
		func(change func(q *packets.MLDQuery, p *packets.Packet)) {
			r := startRouter()
			q := packets.GeneralQuery()
			p := r.gqPacket(r.lowerQuerier())
			change(&q, p)
			p.ICMP.Body = q.Body()
			r.send("TR1 sends the General Query", p)
			r.yieldsThenResumes(r.l.LastSentAt())
		},
		Entry("MLDv2R.2.15: Code 255", Label("ipv6ready:MLDv2R.2.15", "section:5.1.1"), func(q *packets.MLDQuery, p *packets.Packet) { p.ICMP.Code = 255 }),
		Entry("MLDv2R.2.17: Reserved fields set", Label("ipv6ready:MLDv2R.2.17", "section:5.1.4"), func(q *packets.MLDQuery, p *packets.Packet) {
			q.Reserved, q.Reserved2 = 0xf, 0xffff
		}),
		Entry("MLDv2R.2.21: 16 octets after the query", Label("ipv6ready:MLDv2R.2.21", "section:5.1.12"), func(q *packets.MLDQuery, p *packets.Packet) {
			q.Extra = make([]byte, 16)
		}),
	)
})

var _ = Describe("Query whose Multicast Address is no group", Label("rfc:3810", "role:router", "level:must", "fault:mldr-query-address-unchecked"), func() {
	// §5.1.5: the Multicast Address is :: in a General Query and a
	// multicast address otherwise; ff02::1 is never queried about (§6);
	// a General Query has no sources (§5.1.10). The catalogue's [T]:
	// such a query is ignored. All go to ff02::1.
	DescribeTable("ignores TR1's query",
		func(group func(r *rut) netip.Addr, sources ...netip.Addr) {
			r := startRouter()
			g := group(r)
			q := packets.GroupQuery(g, sources...)
			r.ignoresQuery(fmt.Sprintf("TR1 sends a query about %s {%s} to ff02::1", g, addrs(sources)), r.queryTo(r.lowerQuerier(), packets.AllNodes, q))
		},
		Entry("MLDv2R.2.18.a: about ff02::1", Label("ipv6ready:MLDv2R.2.18.a", "section:5.1.5"), func(*rut) netip.Addr { return packets.AllNodes }),
		Entry("MLDv2R.2.18.e: about :: with a source", Label("ipv6ready:MLDv2R.2.18.e", "section:5.1.10"), func(*rut) netip.Addr { return netip.IPv6Unspecified() }, S1),
		Entry("MLDv2R.2.18.f: about the router's link-local address", Label("ipv6ready:MLDv2R.2.18.f", "section:5.1.5"), func(r *rut) netip.Addr { return r.l.NUTLinkLocal }),
		Entry("MLDv2R.2.18.g: about the router's global address", Label("ipv6ready:MLDv2R.2.18.g", "section:5.1.5"), func(r *rut) netip.Addr { return r.l.NUTGlobal }),
	)
})

var _ = Describe("Query about ff02::16 or sent to it", Label("rfc:3810", "role:router", "level:must", "fault:mldr-no-election"), func() {
	// §7: a router listens to ff02::16 and answers queries about it as a
	// listener (EXCLUDE{}: a query about S1 draws IS_IN{S1}, §6.3); the
	// query is valid whatever its S flag (§5.1.7) and the router yields to
	// TR1 (§7.6.2).
	DescribeTable("answers TR1's Q(ff02::16,{S1}) as a listener and yields",
		func(s bool) {
			r := startRouter()
			q := packets.GroupQuery(packets.AllMLDv2Routers, S1)
			q.S = s
			r.send(fmt.Sprintf("TR1 sends Q(ff02::16,{S1}) with S %v", s), r.queryTo(r.lowerQuerier(), packets.AllMLDv2Routers, q))
			By("the node answers IS_IN{S1} for ff02::16")
			r.l.Expect(packets.MLDReportOf(packets.AllMLDv2Routers, packets.IS_IN(S1)).From(r.l.NUTLinkLocal)).Within(q.MaxResp + slack)
			r.nonQuerier()
		},
		Entry("MLDv2R.2.18.b: S=0", Label("ipv6ready:MLDv2R.2.18.b", "section:7"), false),
		Entry("MLDv2R.2.18.c: S=1", Label("ipv6ready:MLDv2R.2.18.c", "section:5.1.7"), true),
	)

	It("MLDv2R.2.18.d: takes TR1's Q(M2,{S1}) sent to ff02::16 and yields", Label("ipv6ready:MLDv2R.2.18.d", "section:7.6.2"), func() {
		r := startRouter()
		q := packets.GroupQuery(M2, S1)
		q.MaxResp = r.qri
		r.send("TR1 sends Q(M2,{S1}) to ff02::16", r.queryTo(r.lowerQuerier(), packets.AllMLDv2Routers, q))
		r.yieldsThenResumes(r.l.LastSentAt())
	})
})

var _ = Describe("Query whose Number of Sources does not match its sources", Label("rfc:3810", "role:router", "fault:mldr-query-sources-unchecked"), func() {
	count := func(n uint16) *uint16 { return &n }
	// a: §5.1.12 (MUST): octets after the listed sources are ignored, so
	// TR2's query is Q(M1) and S1's timer stays (a query received with S
	// clear lowers the timers of what it names, §7.6.1).
	It("MLDv2R.2.19.a: reads TR2's query with no source listed and S1 after it as Q(M1)", Label("ipv6ready:MLDv2R.2.19.a", "section:5.1.12", "level:must"), func() {
		r := startRouter()
		q := packets.GroupQuery(M1, S1)
		q.NumSources = count(0)
		r.ignoresQuery("TR2 sends a query about M1 with Number of Sources 0 and S1 after it", r.queryTo(r.higherQuerier(), M1, q))
	})

	// b, d, e, f: the catalogue's own expectation ([T]): a source list
	// that runs past the message makes no query. b reads as Q(M1) if
	// taken, so M1 is in EXCLUDE{} there: its filter timer would be
	// lowered (§7.6.1), and TO_IN{} would find no group.
	It("MLDv2R.2.19.b: ignores TR2's query that says one source and lists none", Label("ipv6ready:MLDv2R.2.19.b", "section:5.1.10", "level:should"), func() {
		r := startRouter()
		q := packets.GroupQuery(M1)
		q.NumSources = count(1)
		r.report(packets.IS_EX())
		r.send("TR2 sends a query about M1 with Number of Sources 1 and no source", r.queryTo(r.higherQuerier(), M1, q))
		r.expectGQ(r.qi + slack)
		r.report(packets.TO_IN())
		r.expectLLQ(M1, nil)
	})

	DescribeTable("ignores a query that says more sources than it lists",
		func(from func(r *rut) querier, n uint16, sources ...netip.Addr) {
			r := startRouter()
			t := from(r)
			q := packets.GroupQuery(M1, sources...)
			q.NumSources = count(n)
			r.ignoresQuery(fmt.Sprintf("%s sends a query about M1 with Number of Sources %d and {%s}", t.Name, n, addrs(sources)), r.queryTo(t, M1, q))
		},
		Entry("MLDv2R.2.19.d: TR2's, two sources said, S1 listed", Label("ipv6ready:MLDv2R.2.19.d", "section:5.1.10", "level:should"), (*rut).higherQuerier, uint16(2), S1),
		Entry("MLDv2R.2.19.e: TR1's, one source said, none listed", Label("ipv6ready:MLDv2R.2.19.e", "section:5.1.10", "level:should"), (*rut).lowerQuerier, uint16(1)),
		Entry("MLDv2R.2.19.f: TR1's, two sources said, S1 listed", Label("ipv6ready:MLDv2R.2.19.f", "section:5.1.10", "level:should"), (*rut).lowerQuerier, uint16(2), S1),
	)
})
