package rfc3810

import (
	"encoding/binary"
	"net/netip"
	"strconv"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites/packets"
)

// Group 2 of the listener checklist: the format of the node's reports
// (RFC 3810 §5, §5.2) and which queries it must take or drop (§5.1, §6.2,
// §8.1). Unless a spec says otherwise the node listens to M1 from S1
// (socket 0, INCLUDE{S1}), and the reports of that join are over before
// the query comes.

// listeningS1 starts a node listening to M1 from S1 and lets the reports
// of the join end.
func listeningS1(sources ...netip.Addr) *mld {
	GinkgoHelper()
	m := start()
	if len(sources) == 0 {
		sources = set(S1)
	}
	m.in(0, sources...)
	m.quiet()
	return m
}

var _ = Describe("Report encoding", Label("rfc:3810", "section:5", "ipv6ready:MLDv2L.2.1", "role:any", "level:must"), func() {
	// §5: Hop Limit 1, a link-local source, a Router Alert option;
	// §5.2.10: Aux Data Len 0; §5.2.14: to ff02::16. The whole report is
	// judged in each entry; each entry names the fault that breaks one
	// part of it.
	DescribeTable("reports a join with one record, field by field as RFC 3810 §5.2 lays it out",
		func() {
			m := start()
			m.in(0, S1)
			By("the node sends ALLOW{S1} for M1: Payload Length 52, a Hop-by-Hop header with Router Alert 0, Hop Limit 1, from its link-local address to ff02::16, one record with Aux Data Len 0")
			mt := packets.MLDReportOf(M1, packets.ALLOW(S1)).From(m.l.NUTLinkLocal).AuxDataZero()
			mt.Require("Next Header 0 (Hop-by-Hop) in the IPv6 header", func(f *packets.Frame) (bool, string) {
				return f.IPv6[6] == packets.ProtoHopByHop, "a Next Header of " + itoa(int(f.IPv6[6]))
			})
			mt.Require("Payload Length 52", func(f *packets.Frame) (bool, string) {
				l := binary.BigEndian.Uint16(f.IPv6[4:])
				return l == 52, itoa(int(l))
			})
			mt.Require("Reserved fields 0 and one record", func(f *packets.Frame) (bool, string) {
				r, _ := f.MLDReport()
				return r != nil && r.Reserved == 0 && r.Reserved2 == 0 && len(r.Records) == 1, "other values"
			})
			m.l.Expect(mt).Within(reportWait)
		},
		Entry("Hop Limit 1", Label("fault:mld-report-hoplimit-255")),
		Entry("the Router Alert option", Label("fault:mld-no-router-alert")),
		Entry("the link-local source", Label("fault:mld-report-global-source")),
	)
})

func itoa(i int) string { return strconv.Itoa(i) }

// drops sends a query changed one way and expects no answer about M1.
func drops(base func(m *mld) packets.MLDQuery, change func(m *mld, p *packets.Packet)) {
	GinkgoHelper()
	m := listeningS1()
	q := base(m)
	p := m.query(TR1, netip.Addr{}, q)
	change(m, p)
	m.send("TR1 sends the query", p)
	m.none(M1, q.MaxResp+slack)
}

// gqShort is a General Query whose answer, if any, comes within dropMRD.
func gqShort(*mld) packets.MLDQuery {
	q := packets.GeneralQuery()
	q.MaxResp = dropMRD
	return q
}

func qM1Short(*mld) packets.MLDQuery {
	q := packets.GroupQuery(M1)
	q.MaxResp = dropMRD
	return q
}

var _ = Describe("General Query with a Hop Limit other than 1", Label("rfc:3810", "section:6.2", "role:any", "level:must", "fault:mld-accepts-query-hoplimit-255"), func() {
	DescribeTable("drops the query",
		func(hop int) { drops(gqShort, func(m *mld, p *packets.Packet) { p.HopLimit = uint8(hop) }) },
		Entry("MLDv2L.2.2.a: Hop Limit 0", Label("ipv6ready:MLDv2L.2.2.a"), 0),
		Entry("MLDv2L.2.2.b: Hop Limit 2", Label("ipv6ready:MLDv2L.2.2.b"), 2),
		Entry("MLDv2L.2.2.c: Hop Limit 255", Label("ipv6ready:MLDv2L.2.2.c"), 255),
	)
})

var _ = Describe("General Query from a source that is not link-local", Label("rfc:3810", "section:5.1.14", "role:any", "level:must", "fault:mld-query-any-source"), func() {
	DescribeTable("drops the query",
		func(source func(m *mld) netip.Addr) {
			drops(gqShort, func(m *mld, p *packets.Packet) { p.Src = source(m) })
		},
		Entry("MLDv2L.2.3.a: from ::", Label("ipv6ready:MLDv2L.2.3.a"), func(*mld) netip.Addr { return netip.IPv6Unspecified() }),
		Entry("MLDv2L.2.3.b: from the router's global address", Label("ipv6ready:MLDv2L.2.3.b"), func(m *mld) netip.Addr {
			return packets.WithInterfaceID(m.l.Prefix.Addr(), TR1.MAC)
		}),
		Entry("MLDv2L.2.3.c: from ff02::16", Label("ipv6ready:MLDv2L.2.3.c"), func(*mld) netip.Addr { return packets.AllMLDv2Routers }),
	)
})

var _ = Describe("Queries sent to the node's own address", Label("rfc:3810", "section:5.1.15", "role:any", "level:must"), func() {
	DescribeTable("answers them",
		func(dst func(m *mld) netip.Addr, general bool) {
			m := listeningS1()
			if general {
				q := packets.GeneralQuery()
				q.MaxResp = specificMRD
				m.send("TR1 sends a General Query to "+dst(m).String(), m.query(TR1, dst(m), q))
				m.answerMatching(specificMRD, M1, m.generalAnswer(M1, packets.IS_IN(S1)))
				return
			}
			m.send("TR1 asks about M1 and S1, to all-nodes", m.query(TR1, dst(m), packets.GroupQuery(M1, S1)))
			m.answer(specificMRD, M1, packets.IS_IN(S1))
		},
		Entry("MLDv2L.2.4.a: a General Query to its link-local address", Label("ipv6ready:MLDv2L.2.4.a", "fault:mld-unicast-query-dropped"),
			func(m *mld) netip.Addr { return m.l.NUTLinkLocal }, true),
		Entry("MLDv2L.2.4.b: a General Query to its global address", Label("ipv6ready:MLDv2L.2.4.b", "fault:mld-unicast-query-dropped"),
			func(m *mld) netip.Addr { return m.l.NUTGlobal }, true),
		Entry("MLDv2L.2.4.c: a source-specific query to all-nodes", Label("ipv6ready:MLDv2L.2.4.c", "fault:mld-ignores-query"),
			func(m *mld) netip.Addr { return packets.AllNodes }, false),
	)
})

var _ = Describe("General Query without a Router Alert option", Label("rfc:3810", "section:6.2", "role:any", "level:must", "fault:mld-query-no-router-alert-accepted"), func() {
	DescribeTable("drops the query",
		func(ext []packets.ExtHeader) { drops(gqShort, func(m *mld, p *packets.Packet) { p.Ext = ext }) },
		Entry("MLDv2L.2.5.a: no Hop-by-Hop header", Label("ipv6ready:MLDv2L.2.5.a"), nil),
		Entry("MLDv2L.2.5.b: a Hop-by-Hop header with padding only", Label("ipv6ready:MLDv2L.2.5.b"), []packets.ExtHeader{packets.HopByHop()}),
	)
})

var _ = Describe("Query of 26 octets", Label("rfc:3810", "section:8.1", "ipv6ready:MLDv2L.2.6.a", "role:any", "level:must", "fault:mld-short-query-accepted"), func() {
	It("ignores a query longer than 24 octets and shorter than 28", func() {
		drops(gqShort, func(m *mld, p *packets.Packet) { p.ICMP.Body = p.ICMP.Body[:22] })
	})
})

var _ = Describe("Query whose Payload Length does not match", Label("rfc:3810", "section:8.1", "role:any"), func() {
	// b: the Payload Length leaves 24 octets of MLD, an MLDv1 Query (§8.1),
	// which the node answers in MLDv1 (§8.2.1), never with an MLDv2
	// Report. c and d are the checklist's own expectations ([T]): a packet
	// cut short, and a source list that runs past the message.
	It("MLDv2L.2.6.b: takes a query whose Payload Length leaves 24 octets of MLD for an MLDv1 Query, and sends no MLDv2 Report", Label("ipv6ready:MLDv2L.2.6.b", "level:must", "fault:mld-no-v1-compat"), func() {
		drops(gqShort, func(m *mld, p *packets.Packet) {
			body := p.ICMP.Body
			p.ICMP.Body = body[:20]
			p.Trailer = body[20:24]
		})
	})
	It("MLDv2L.2.6.c: drops a query whose Payload Length runs 16 octets past the packet", Label("ipv6ready:MLDv2L.2.6.c", "level:should", "fault:ignore-payload-length"), func() {
		drops(qM1Short, func(m *mld, p *packets.Packet) { l := uint16(52); p.PayloadLength = &l })
	})
	It("MLDv2L.2.6.d: drops a query whose Payload Length ends before its source list", Label("ipv6ready:MLDv2L.2.6.d", "level:should", "fault:ignore-payload-length"), func() {
		drops(func(m *mld) packets.MLDQuery { q := qM1Short(m); q.Sources = set(S1); return q },
			func(m *mld, p *packets.Packet) { l := uint16(36); p.PayloadLength = &l })
	})
})

var _ = Describe("ICMPv6 type 255 laid out as a query", Label("rfc:3810", "section:5", "ipv6ready:MLDv2L.2.7", "role:any", "level:must", "fault:mld-unknown-type-as-query"), func() {
	It("ignores it", func() {
		drops(gqShort, func(m *mld, p *packets.Packet) { p.ICMP.Type = 255 })
	})
})

var _ = Describe("General Query with checksum 0", Label("rfc:3810", "section:5.1.2", "ipv6ready:MLDv2L.2.9", "role:any", "level:must", "fault:icmp-no-checksum"), func() {
	It("drops the query", func() {
		m := listeningS1()
		q := gqShort(m)
		frame := m.query(TR1, netip.Addr{}, q).Bytes()
		frame[14+40+8+2], frame[14+40+8+3] = 0, 0
		By("TR1 sends a General Query with checksum 0")
		m.l.SendRaw(frame)
		m.none(M1, q.MaxResp+slack)
	})
})

// answers sends a General Query changed one way and expects its answer.
func answers(change func(q *packets.MLDQuery, p *packets.Packet)) {
	GinkgoHelper()
	m := listeningS1()
	q := packets.GeneralQuery()
	q.MaxResp = specificMRD
	p := m.query(TR1, netip.Addr{}, q)
	change(&q, p)
	p.ICMP.Body = q.Body()
	m.send("TR1 sends the General Query", p)
	m.answerMatching(specificMRD, M1, m.generalAnswer(M1, packets.IS_IN(S1)))
}

var _ = Describe("General Query with unusual values in the fields a listener ignores", Label("rfc:3810", "role:any", "level:must", "fault:mld-query-strict"), func() {
	DescribeTable("answers it as any General Query",
		answers,
		Entry("MLDv2L.2.8: Code 255 (§5.1.1)", Label("ipv6ready:MLDv2L.2.8", "section:5.1.1"), func(q *packets.MLDQuery, p *packets.Packet) { p.ICMP.Code = 255 }),
		Entry("MLDv2L.2.11: the reserved bits set (§5.1.4)", Label("ipv6ready:MLDv2L.2.11", "section:5.1.4"), func(q *packets.MLDQuery, p *packets.Packet) {
			q.Reserved, q.Reserved2 = 0xf, 0xffff
		}),
		Entry("MLDv2L.2.13.a: S=1 (§5.1.7)", Label("ipv6ready:MLDv2L.2.13.a", "section:5.1.7"), func(q *packets.MLDQuery, p *packets.Packet) { q.S = true }),
		Entry("MLDv2L.2.14.a: QRV 0 (§5.1.8)", Label("ipv6ready:MLDv2L.2.14.a", "section:5.1.8"), func(q *packets.MLDQuery, p *packets.Packet) { q.QRV = 0 }),
		Entry("MLDv2L.2.14.b: QRV 7 (§5.1.8)", Label("ipv6ready:MLDv2L.2.14.b", "section:5.1.8"), func(q *packets.MLDQuery, p *packets.Packet) { q.QRV = 7 }),
		Entry("MLDv2L.2.15.a: QQIC 0 (§5.1.9)", Label("ipv6ready:MLDv2L.2.15.a", "section:5.1.9"), func(q *packets.MLDQuery, p *packets.Packet) { q.QQIC = 0 }),
		Entry("MLDv2L.2.15.b: QQIC 0xff (§5.1.9)", Label("ipv6ready:MLDv2L.2.15.b", "section:5.1.9"), func(q *packets.MLDQuery, p *packets.Packet) { q.QQIC = 0xff }),
	)
})

var _ = Describe("Maximum Response Code", Label("rfc:3810", "section:5.1.3", "role:any", "level:must", "fault:mld-answer-late"), func() {
	// §5.1.3 gives the delay from the code (linear below 32768, then
	// floating point); §6.2 has the answer come within it.
	DescribeTable("answers a General Query within the Maximum Response Delay its code gives",
		func(code uint16, mrd time.Duration) {
			m := listeningS1()
			q := packets.GeneralQuery()
			q.MRC = &code
			m.send("TR1 sends a General Query", m.query(TR1, netip.Addr{}, q))
			m.answerMatching(mrd, M1, m.generalAnswer(M1, packets.IS_IN(S1)))
		},
		Entry("MLDv2L.2.10.a: code 0, at once", Label("ipv6ready:MLDv2L.2.10.a"), uint16(0), time.Duration(0)),
		Entry("MLDv2L.2.10.b: code 2000, 2 s", Label("ipv6ready:MLDv2L.2.10.b"), uint16(2000), 2*time.Second),
		Entry("MLDv2L.2.10.c: code 20000, 20 s", Label("ipv6ready:MLDv2L.2.10.c"), uint16(20000), 20*time.Second),
		Entry("MLDv2L.2.10.d: code 0x9000, 65.536 s", Label("ipv6ready:MLDv2L.2.10.d"), uint16(0x9000), 65536*time.Millisecond),
	)
})

var _ = Describe("General Query that lists sources", Label("rfc:3810", "section:5.1.10", "role:any", "level:must", "fault:mld-query-group-unchecked"), func() {
	// A General Query has no sources (§5.1.10); one that lists some is not
	// a valid query (§5.1.5, §6.2).
	DescribeTable("sends no report for it",
		func(toGroup bool) {
			drops(func(*mld) packets.MLDQuery { q := gqShort(nil); q.Sources = set(S1); return q },
				func(m *mld, p *packets.Packet) {
					if toGroup {
						p.Dst, p.EthDst = M1, packets.MulticastMAC(M1)
					}
				})
		},
		Entry("MLDv2L.2.12.a: to all-nodes", Label("ipv6ready:MLDv2L.2.12.a"), false),
		Entry("MLDv2L.2.12.b: to M1", Label("ipv6ready:MLDv2L.2.12.b"), true),
	)
})

var _ = Describe("Query about an address the node does not report", Label("rfc:3810", "section:6.3", "role:any", "level:must"), func() {
	DescribeTable("sends no record for it",
		func(addr func(m *mld) netip.Addr) {
			m := listeningS1()
			a := addr(m)
			q := packets.GroupQuery(a)
			q.MaxResp = dropMRD
			m.send("TR1 asks about "+a.String()+", to all-nodes", m.query(TR1, packets.AllNodes, q))
			m.none(a, dropMRD+slack)
		},
		Entry("MLDv2L.2.12.c: its link-local address", Label("ipv6ready:MLDv2L.2.12.c", "fault:mld-answers-left-groups"), func(m *mld) netip.Addr { return m.l.NUTLinkLocal }),
		Entry("MLDv2L.2.12.d: its global address", Label("ipv6ready:MLDv2L.2.12.d", "fault:mld-answers-left-groups"), func(m *mld) netip.Addr { return m.l.NUTGlobal }),
		Entry("MLDv2L.2.12.e: all-nodes, never reported (§6)", Label("ipv6ready:MLDv2L.2.12.e", "fault:mld-reports-all-nodes"), func(m *mld) netip.Addr { return packets.AllNodes }),
		Entry("MLDv2L.2.12.f: M2, which it does not listen to", Label("ipv6ready:MLDv2L.2.12.f", "fault:mld-answers-left-groups"), func(m *mld) netip.Addr { return M2 }),
	)
})

var _ = Describe("Number of Sources that does not match the source list", Label("rfc:3810", "section:5.1.10", "role:any", "fault:mld-query-sources-by-length"), func() {
	one, two, zero := uint16(1), uint16(2), uint16(0)
	// a and c: a source list that runs past the message is the checklist's
	// drop ([T]); b and d: octets past the listed sources are ignored
	// (§5.1.12, MUST).
	It("MLDv2L.2.16.a: drops a query that says one source and lists none", Label("ipv6ready:MLDv2L.2.16.a", "level:should"), func() {
		drops(qM1Short, func(m *mld, p *packets.Packet) {
			q := qM1Short(m)
			q.NumSources = &one
			p.ICMP.Body = q.Body()
		})
	})
	It("MLDv2L.2.16.b: takes a query that says no source and carries one for a Multicast Address Specific Query", Label("ipv6ready:MLDv2L.2.16.b", "level:must", "section:5.1.12"), func() {
		m := listeningS1(S1, S2)
		q := packets.GroupQuery(M1, S1)
		q.NumSources = &zero
		m.send("TR1 asks about M1, with Number of Sources 0 and S1 after it", m.query(TR1, netip.Addr{}, q))
		m.answer(specificMRD, M1, packets.IS_IN(S1, S2))
	})
	It("MLDv2L.2.16.c: drops a query that says two sources and lists one", Label("ipv6ready:MLDv2L.2.16.c", "level:should"), func() {
		drops(qM1Short, func(m *mld, p *packets.Packet) {
			q := qM1Short(m)
			q.Sources, q.NumSources = set(S1), &two
			p.ICMP.Body = q.Body()
		})
	})
	It("MLDv2L.2.16.d: takes a query that says one source and carries two for a query about the first", Label("ipv6ready:MLDv2L.2.16.d", "level:must", "section:5.1.12"), func() {
		m := listeningS1(S1, S2)
		q := packets.GroupQuery(M1, S1, S2)
		q.NumSources = &one
		m.send("TR1 asks about M1 and S1, with S2 after the source list", m.query(TR1, netip.Addr{}, q))
		m.answer(specificMRD, M1, packets.IS_IN(S1))
	})
})

var _ = Describe("Source-specific query about sources the node does not listen to", Label("rfc:3810", "section:6.3", "role:any", "level:must", "fault:mld-answers-empty"), func() {
	DescribeTable("sends no report: IN{S1} holds none of them",
		func(x func(m *mld) netip.Addr) {
			drops(func(m *mld) packets.MLDQuery { q := qM1Short(m); q.Sources = set(x(m)); return q },
				func(*mld, *packets.Packet) {})
		},
		Entry("MLDv2L.2.17.a: ::", Label("ipv6ready:MLDv2L.2.17.a"), func(*mld) netip.Addr { return netip.IPv6Unspecified() }),
		Entry("MLDv2L.2.17.b: the node's link-local address", Label("ipv6ready:MLDv2L.2.17.b"), func(m *mld) netip.Addr { return m.l.NUTLinkLocal }),
		Entry("MLDv2L.2.17.c: the node's global address", Label("ipv6ready:MLDv2L.2.17.c"), func(m *mld) netip.Addr { return m.l.NUTGlobal }),
		Entry("MLDv2L.2.17.d: the router's link-local address", Label("ipv6ready:MLDv2L.2.17.d"), func(*mld) netip.Addr { return TR1.LL }),
		Entry("MLDv2L.2.17.e: ff02::1", Label("ipv6ready:MLDv2L.2.17.e"), func(*mld) netip.Addr { return packets.AllNodes }),
		Entry("MLDv2L.2.17.f: M1 itself", Label("ipv6ready:MLDv2L.2.17.f"), func(*mld) netip.Addr { return M1 }),
	)
})

var _ = Describe("Query followed by extra octets", Label("rfc:3810", "section:5.1.12", "ipv6ready:MLDv2L.2.18", "role:any", "level:must", "fault:mld-query-strict"), func() {
	It("ignores the 16 octets after the source list and answers the query", func() {
		m := listeningS1()
		q := packets.GroupQuery(M1, S1)
		q.Extra = make([]byte, 16)
		m.send("TR1 asks about M1 and S1, with 16 more octets", m.query(TR1, netip.Addr{}, q))
		m.answer(specificMRD, M1, packets.IS_IN(S1))
	})
})
