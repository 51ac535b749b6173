package rfc3810

import (
	"fmt"
	"net/netip"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Group 2 of the router checklist, the reports (MLDv2R.2.9-2.13,
// 2.22-2.32): which MLDv2 Reports the router takes in (RFC 3810 §5.2,
// §5.2.13, §5.2.14, §7.4) and how it reads their records (§5.2.4-5.2.12).
// See router_validation.go for the catalogue's detections.

// reportMsg is TN1's report laid out field by field.
func (r *rut) reportMsg(m packets.MLDv2ReportMsg) *packets.Packet {
	return m.Packet(r.l.TN1.MAC, r.l.TN1.LinkLocal)
}

// isIn is IS_IN(group, sources) as a record to lay out.
func isIn(group netip.Addr, sources ...netip.Addr) packets.MLDRecord {
	return packets.MLDRecord{Type: packets.IsIn, Group: group, Sources: sources}
}

// s1Report is TN1's report IS_IN{S1} for M1, the catalogue's bad report
// before it is spoilt.
func (r *rut) s1Report() *packets.Packet {
	return r.reportMsg(packets.MLDv2ReportMsg{Records: []packets.MLDRecord{isIn(M1, S1)}})
}

// ignoresReport sends p (a report the router must not take in), then
// TN1's valid IS_IN{S2}: TO_IN{} must draw the queries about S2 only.
func (r *rut) ignoresReport(what string, p *packets.Packet) {
	GinkgoHelper()
	r.send(what, p)
	r.learnedOnly(S2)
}

// learnedOnly sends TN1's IS_IN{S2} and TO_IN{}, and expects the Last
// Listener Queries about M1 and exactly sources (S2 among them).
func (r *rut) learnedOnly(sources ...netip.Addr) {
	GinkgoHelper()
	r.report(packets.IS_IN(S2))
	r.report(packets.TO_IN())
	r.expectLLQ(M1, sources)
}

// m2Kept probes M2 with TO_IN{}: Q(M2,{S1}) when the router learned
// IS_IN(M2,{S1}); no query about M2 when it did not.
func (r *rut) m2Kept(kept bool) {
	GinkgoHelper()
	r.reportFor(M2, packets.TO_IN())
	if kept {
		r.expectLLQ(M2, set(S1))
		return
	}
	By("the node sends no query about M2: it did not learn IS_IN(M2,{S1})")
	r.l.ExpectNo(packets.SpecificQuerySent(M2, nil)).Within(r.llqt() + slack)
}

var _ = Describe("Report with a Hop Limit other than 1", Label("rfc:3810", "section:7.4", "role:router", "level:must", "fault:mld-accepts-query-hoplimit-255"), func() {
	// §5: every MLD message has Hop Limit 1; §10 explains why.
	DescribeTable("drops TN1's IS_IN{S1}",
		func(hop int) {
			r := startRouter()
			p := r.s1Report()
			p.HopLimit = uint8(hop)
			r.ignoresReport(fmt.Sprintf("TN1 reports IS_IN{S1} with Hop Limit %d", hop), p)
		},
		Entry("MLDv2R.2.9.a: Hop Limit 0", Label("ipv6ready:MLDv2R.2.9.a"), 0),
		Entry("MLDv2R.2.9.b: Hop Limit 2", Label("ipv6ready:MLDv2R.2.9.b"), 2),
		Entry("MLDv2R.2.9.c: Hop Limit 255", Label("ipv6ready:MLDv2R.2.9.c"), 255),
	)
})

var _ = Describe("Report from a source that is not link-local", Label("rfc:3810", "section:5.2.13", "role:router", "level:must"), func() {
	// §5.2.13: routers MUST silently discard a report whose source is
	// not link-local, :: included (the listener's reports before it has
	// an address are for snooping switches).
	DescribeTable("drops TN1's IS_IN{S1}",
		func(source func(r *rut) netip.Addr) {
			r := startRouter()
			p := r.s1Report()
			p.Src = source(r)
			r.ignoresReport("TN1 reports IS_IN{S1} from "+p.Src.String(), p)
		},
		Entry("MLDv2R.2.10.a: from ::", Label("ipv6ready:MLDv2R.2.10.a", "fault:mldr-report-any-source"), func(*rut) netip.Addr { return netip.IPv6Unspecified() }),
		Entry("MLDv2R.2.10.b: from an on-link global address", Label("ipv6ready:MLDv2R.2.10.b", "fault:mldr-accepts-global-source"), func(r *rut) netip.Addr { return r.l.TN1.Global }),
		Entry("MLDv2R.2.10.c: from an off-link global address", Label("ipv6ready:MLDv2R.2.10.c", "fault:mldr-accepts-global-source"), func(r *rut) netip.Addr {
			return packets.WithInterfaceID(offLinkPrefix.Addr(), r.l.TN1.MAC)
		}),
		Entry("MLDv2R.2.10.d: from ff02::16", Label("ipv6ready:MLDv2R.2.10.d", "fault:mldr-report-any-source"), func(*rut) netip.Addr { return packets.AllMLDv2Routers }),
	)
})

var _ = Describe("Report sent elsewhere than ff02::16", Label("rfc:3810", "section:5.2.14", "role:router", "level:should", "fault:mldr-report-any-destination"), func() {
	// §5.2.14 sends MLDv2 Reports to ff02::16; its rule that any
	// destination of the node's is taken covers MLDv1 Reports only. The
	// catalogue's own expectation ([T]): the router ignores the others.
	DescribeTable("ignores TN1's IS_IN{S1}",
		func(dst func(r *rut) netip.Addr) {
			r := startRouter()
			p := r.s1Report()
			p.Dst = dst(r)
			p.EthDst = r.l.NUTMAC
			if p.Dst.IsMulticast() {
				p.EthDst = packets.MulticastMAC(p.Dst)
			}
			r.ignoresReport("TN1 reports IS_IN{S1} to "+p.Dst.String(), p)
		},
		Entry("MLDv2R.2.11.a: to the router's link-local address", Label("ipv6ready:MLDv2R.2.11.a"), func(r *rut) netip.Addr { return r.l.NUTLinkLocal }),
		Entry("MLDv2R.2.11.b: to the router's global address", Label("ipv6ready:MLDv2R.2.11.b"), func(r *rut) netip.Addr { return r.l.NUTGlobal }),
		Entry("MLDv2R.2.11.c: to M1", Label("ipv6ready:MLDv2R.2.11.c"), func(*rut) netip.Addr { return M1 }),
	)
})

var _ = Describe("Report that looks forwarded from another link", Label("rfc:3810", "section:7.4", "ipv6ready:MLDv2R.2.11.d", "role:router", "level:should", "fault:forward-no-decrement"), func() {
	// The catalogue's own expectation ([T]): TN1's IS_IN{S1} with Hop
	// Limit 2, global addresses, unicast to TN2 on Link1 and no Router
	// Alert is not learned. The catalogue also says it is not forwarded;
	// RFC 8200 has a router forward a unicast packet for another node
	// whatever it carries, so the spec judges only that a forwarded copy
	// is the packet with Hop Limit 1.
	It("does not learn it, and forwards it, if at all, as any packet", func() {
		r := startRouter(suites.Links(2), suites.NeedsCapability(suites.CapMultipleInterfaces))
		r1 := r.on(r.e.Link1)
		p := r.s1Report()
		p.Src, p.Dst, p.HopLimit, p.Ext, p.EthDst = r.l.TN1.Global, r1.l.TN2.Global, 2, nil, r.l.NUTMAC
		r.send("TN1 reports IS_IN{S1} with Hop Limit 2 from its global address to TN2 on Link1, without Hop-by-Hop header", p)
		forwardedIntact(r1, r1.l.TN2.Global, packets.TypeMLDv2Report)
		r.learnedOnly(S2)
	})
})

var _ = Describe("Report without a Router Alert option", Label("rfc:3810", "section:7.4", "role:router", "level:must", "fault:mld-query-no-router-alert-accepted"), func() {
	// §5: every MLD message carries a Router Alert option in a Hop-by-Hop
	// header.
	DescribeTable("drops TN1's IS_IN{S1}",
		func(ext []packets.ExtHeader) {
			r := startRouter()
			p := r.s1Report()
			p.Ext = ext
			r.ignoresReport("TN1 reports IS_IN{S1} without Router Alert", p)
		},
		Entry("MLDv2R.2.12.a: no Hop-by-Hop header", Label("ipv6ready:MLDv2R.2.12.a"), nil),
		Entry("MLDv2R.2.12.b: a Hop-by-Hop header with padding only", Label("ipv6ready:MLDv2R.2.12.b"), []packets.ExtHeader{packets.HopByHop()}),
	)
})

var _ = Describe("Report whose Payload Length does not match", Label("rfc:3810", "section:5.2.11", "role:router", "level:should", "fault:ignore-payload-length"), func() {
	// The catalogue's own expectation ([T]): the IPv6 packet is what its
	// Payload Length says (RFC 8200 §3), and there the record's sources
	// run past the message (a, b) or the packet is shorter than its
	// Payload Length (c); the router ignores the report. The checksum
	// covers the whole report sent.
	DescribeTable("ignores TN1's report",
		func(sources []netip.Addr, mldLen int) {
			r := startRouter()
			p := r.reportMsg(packets.MLDv2ReportMsg{Records: []packets.MLDRecord{isIn(M1, sources...)}})
			payloadLength(p, mldLen)
			r.ignoresReport(fmt.Sprintf("TN1 reports IS_IN{%s} with a Payload Length for %d octets of MLD", addrs(sources), mldLen), p)
		},
		Entry("MLDv2R.2.13.a: IS_IN{S1} with a Payload Length that ends before the source", Label("ipv6ready:MLDv2R.2.13.a"), set(S1), 28),
		Entry("MLDv2R.2.13.b: IS_IN{S1,S3} with a Payload Length for one source", Label("ipv6ready:MLDv2R.2.13.b"), set(S1, S3), 44),
		Entry("MLDv2R.2.13.c: IS_IN{S1} with a Payload Length for two sources", Label("ipv6ready:MLDv2R.2.13.c"), set(S1), 60),
	)
})

var _ = Describe("Report that is no valid MLD message", Label("rfc:3810", "role:router", "level:must"), func() {
	It("MLDv2R.2.22: ignores an ICMPv6 message of type 255 laid out as TN1's IS_IN{S1}", Label("ipv6ready:MLDv2R.2.22", "section:5", "fault:mldr-unknown-type-as-report"), func() {
		r := startRouter()
		p := r.s1Report()
		p.ICMP.Type = 255
		r.ignoresReport("TN1 sends IS_IN{S1} with ICMPv6 type 255", p)
	})

	It("MLDv2R.2.24: ignores TN1's IS_IN{S1} with checksum 0", Label("ipv6ready:MLDv2R.2.24", "section:5.2.2", "fault:icmp-no-checksum"), func() {
		r := startRouter()
		r.sendRaw("TN1 reports IS_IN{S1} with checksum 0", zeroChecksum(r.s1Report()))
		r.learnedOnly(S2)
	})
})

var _ = Describe("Report with its Reserved fields set", Label("rfc:3810", "section:5.2.1", "ipv6ready:MLDv2R.2.23", "role:router", "level:must", "fault:mldr-report-reserved-checked"), func() {
	// §5.2.1: the Reserved fields are ignored on reception.
	It("takes TN1's IS_IN{S1} in", func() {
		r := startRouter()
		r.send("TN1 reports IS_IN{S1} with both Reserved fields all ones", r.reportMsg(packets.MLDv2ReportMsg{Reserved: 0xff, Reserved2: 0xffff, Records: []packets.MLDRecord{isIn(M1, S1)}}))
		r.learnedOnly(S1, S2)
	})
})

var _ = Describe("Report whose Number of Multicast Address Records does not match", Label("rfc:3810", "section:5.2.3", "role:router", "level:should"), func() {
	// The catalogue's own expectations ([T]): the router reads as many
	// records as the count says; a count beyond the records makes the
	// report malformed and ignored.
	count := func(n uint16) *uint16 { return &n }
	It("MLDv2R.2.25.a: learns nothing from a report that says no record and carries IS_IN{S1}", Label("ipv6ready:MLDv2R.2.25.a", "fault:mldr-report-records-by-length"), func() {
		r := startRouter()
		r.ignoresReport("TN1 reports IS_IN{S1} with Number of Records 0", r.reportMsg(packets.MLDv2ReportMsg{NumRecords: count(0), Records: []packets.MLDRecord{isIn(M1, S1)}}))
	})

	// No router reading of this report can learn S1; the fault is the
	// detection's, which the router's parse of the report must not break.
	It("MLDv2R.2.25.b: takes nothing from a report that says one record and carries none", Label("ipv6ready:MLDv2R.2.25.b", "fault:mldr-to-in-no-query"), func() {
		r := startRouter()
		r.ignoresReport("TN1 sends a report with Number of Records 1 and no record", r.reportMsg(packets.MLDv2ReportMsg{NumRecords: count(1)}))
	})

	It("MLDv2R.2.25.c: reads only the first record of a report that says one and carries two", Label("ipv6ready:MLDv2R.2.25.c", "fault:mldr-report-records-by-length"), func() {
		r := startRouter()
		r.send("TN1 reports IS_IN(M1,{S1}) and IS_IN(M2,{S1}) with Number of Records 1", r.reportMsg(packets.MLDv2ReportMsg{NumRecords: count(1), Records: []packets.MLDRecord{isIn(M1, S1), isIn(M2, S1)}}))
		r.learnedOnly(S1, S2)
		r.m2Kept(false)
	})

	It("MLDv2R.2.25.d: learns nothing from a report that says two records and carries one", Label("ipv6ready:MLDv2R.2.25.d", "fault:mldr-report-records-by-length"), func() {
		r := startRouter()
		r.ignoresReport("TN1 reports IS_IN{S1} with Number of Records 2", r.reportMsg(packets.MLDv2ReportMsg{NumRecords: count(2), Records: []packets.MLDRecord{isIn(M1, S1)}}))
	})
})

var _ = Describe("Record of unknown type", Label("rfc:3810", "section:5.2.12", "role:router", "level:must"), func() {
	// §5.2.12: a record of unknown type is ignored (MUST), and the rest of
	// the report processed.
	DescribeTable("skips a lone record of unknown type for S1",
		func(typ int) {
			r := startRouter()
			r.ignoresReport(fmt.Sprintf("TN1 reports a record of type %d for M1 and S1", typ),
				r.reportMsg(packets.MLDv2ReportMsg{Records: []packets.MLDRecord{{Type: packets.RecordType(typ), Group: M1, Sources: set(S1)}}}))
		},
		Entry("MLDv2R.2.26.a: type 0", Label("ipv6ready:MLDv2R.2.26.a", "fault:mldr-unknown-record-taken"), 0),
		Entry("MLDv2R.2.26.b: type 7", Label("ipv6ready:MLDv2R.2.26.b", "fault:mldr-unknown-record-taken"), 7),
	)

	It("MLDv2R.2.26.c: skips a record of type 255 and processes IS_IN(M2,{S1}) after it", Label("ipv6ready:MLDv2R.2.26.c", "fault:mldr-unknown-record-aborts"), func() {
		r := startRouter()
		r.send("TN1 reports a record of type 255 for M1 and S1, then IS_IN(M2,{S1})", r.reportMsg(packets.MLDv2ReportMsg{Records: []packets.MLDRecord{
			{Type: 255, Group: M1, Sources: set(S1)}, isIn(M2, S1),
		}}))
		r.learnedOnly(S2)
		r.m2Kept(true)
	})
})

var _ = Describe("Record whose lengths do not match its data", Label("rfc:3810", "role:router", "level:should"), func() {
	// The catalogue's own expectations ([T]) about records whose Aux Data
	// Len (§5.2.6) or Number of Sources (§5.2.7) does not match: a record
	// that then runs past the report makes it malformed, and the whole
	// report is ignored. Each report is [IS_IN(M1,{S1}) spoilt,
	// IS_IN(M2,{S1})].
	aux := func(words uint8, data int) packets.MLDRecord {
		rec := isIn(M1, S1)
		rec.AuxLen, rec.AuxData = words, make([]byte, data)
		return rec
	}
	count := func(n uint16, sources ...netip.Addr) packets.MLDRecord {
		rec := isIn(M1, sources...)
		rec.NumSources = &n
		return rec
	}

	// a: the page and the script disagree (catalogue §8); RFC 3810 does
	// not say. The octets after the first record are read as a record of
	// type 0 (ignored, §5.2.12) whose end leaves the rest as octets after
	// the last record (ignored, §5.2.11): S1 is learned for M1, M2 not, as
	// the script expects.
	It("MLDv2R.2.27.a: reads a record with Aux Data Len 0 and 16 octets of auxiliary data, and no more", Label("ipv6ready:MLDv2R.2.27.a", "section:5.2.6", "fault:mldr-report-extra-data-dropped"), func() {
		r := startRouter()
		r.send("TN1 reports IS_IN(M1,{S1}) with Aux Data Len 0 and 16 octets of zeros after it, then IS_IN(M2,{S1})",
			r.reportMsg(packets.MLDv2ReportMsg{Records: []packets.MLDRecord{aux(0, 16), isIn(M2, S1)}}))
		r.learnedOnly(S1, S2)
		r.m2Kept(false)
	})

	DescribeTable("ignores the whole report",
		func(first packets.MLDRecord, what string) {
			r := startRouter()
			r.send("TN1 reports IS_IN(M1,{S1}) "+what+", then IS_IN(M2,{S1})", r.reportMsg(packets.MLDv2ReportMsg{Records: []packets.MLDRecord{first, isIn(M2, S1)}}))
			r.learnedOnly(S2)
			r.m2Kept(false)
		},
		Entry("MLDv2R.2.27.b: Aux Data Len 4 and no auxiliary data", Label("ipv6ready:MLDv2R.2.27.b", "section:5.2.6", "fault:mldr-report-partial"), aux(4, 0), "with Aux Data Len 4 and no auxiliary data"),
		Entry("MLDv2R.2.27.c: Aux Data Len 8 and 16 octets of auxiliary data", Label("ipv6ready:MLDv2R.2.27.c", "section:5.2.6", "fault:mldr-report-partial"), aux(8, 16), "with Aux Data Len 8 and 16 octets of auxiliary data"),
		Entry("MLDv2R.2.28.a: Number of Sources 2 and one source", Label("ipv6ready:MLDv2R.2.28.a", "section:5.2.7", "fault:mldr-report-partial"), count(2, S1), "with Number of Sources 2"),
		Entry("MLDv2R.2.28.b: Number of Sources 1 and no source", Label("ipv6ready:MLDv2R.2.28.b", "section:5.2.7", "fault:mldr-report-partial"), count(1), "with Number of Sources 1 and no source"),
		Entry("MLDv2R.2.28.c: Number of Sources 1 and two sources", Label("ipv6ready:MLDv2R.2.28.c", "section:5.2.7", "fault:mldr-report-partial"), count(1, S1, S3), "with Number of Sources 1 and sources S1, S3"),
	)
})

// noQueryAbout expects no query of the router about addr, nor any query
// listing sources about :: (what a router keeping state for :: would send).
func (r *rut) noQueryAbout(addr netip.Addr) {
	GinkgoHelper()
	m := packets.MLDv2QuerySent()
	m.Desc = "a query about " + addr.String()
	m.Identify("Multicast Address "+addr.String()+" (with sources for ::)", func(f *packets.Frame) (bool, string) {
		q, _ := f.MLDQuery()
		return q.Group == addr && (!addr.IsUnspecified() || len(q.Sources) > 0), q.Group.String()
	})
	By("the node sends no query about " + addr.String())
	r.l.ExpectNo(m).Within(r.llqt() + slack)
}

var _ = Describe("Record whose Multicast Address is no group", Label("rfc:3810", "section:5.2.8", "role:router", "level:must"), func() {
	// §5.2.8: the Multicast Address of a record is a multicast address;
	// ff02::1 is never reported (§6); normative text without a key word
	// (the catalogue's [N]). A record for anything else is skipped, and
	// the report's other records kept (the catalogue's [T], in line with
	// the skipping of unknown records, §5.2.12).
	// A router that kept state for ::, or for its own addresses, would
	// send its queries about them nowhere on the link: those entries are
	// proven by a router that drops the whole report instead.
	DescribeTable("skips the record and keeps IS_IN(M2,{S1}) after it",
		func(group func(r *rut) netip.Addr) {
			r := startRouter()
			g := group(r)
			r.send(fmt.Sprintf("TN1 reports IS_IN(%s,{S1}) and IS_IN(M2,{S1})", g), r.reportMsg(packets.MLDv2ReportMsg{Records: []packets.MLDRecord{isIn(g, S1), isIn(M2, S1)}}))
			r.reportRecords(packets.MLDRecord{Type: packets.ToIn, Group: g})
			r.noQueryAbout(g)
			r.m2Kept(true)
		},
		Entry("MLDv2R.2.29.a: a record for ::", Label("ipv6ready:MLDv2R.2.29.a", "fault:mldr-bad-record-drops-report"), func(*rut) netip.Addr { return netip.IPv6Unspecified() }),
		Entry("MLDv2R.2.29.b: a record for the router's link-local address", Label("ipv6ready:MLDv2R.2.29.b", "fault:mldr-bad-record-drops-report"), func(r *rut) netip.Addr { return r.l.NUTLinkLocal }),
		Entry("MLDv2R.2.29.c: a record for the router's global address", Label("ipv6ready:MLDv2R.2.29.c", "fault:mldr-bad-record-drops-report"), func(r *rut) netip.Addr { return r.l.NUTGlobal }),
		Entry("MLDv2R.2.29.d: a record for ff02::1", Label("ipv6ready:MLDv2R.2.29.d", "fault:mldr-record-address-unchecked"), func(*rut) netip.Addr { return packets.AllNodes }),
	)
})

var _ = Describe("Record for ff02::16", Label("rfc:3810", "section:5.2.8", "ipv6ready:MLDv2R.2.29.e", "role:router", "level:should", "fault:mldr-link-scope-ignored"), func() {
	// The catalogue's own expectation ([T]): ff02::16 is a group like any
	// other of link scope; its listeners' state is kept and queried.
	It("keeps the record for ff02::16 and the one for M2", func() {
		r := startRouter()
		r.send("TN1 reports IS_IN(ff02::16,{S1}) and IS_IN(M2,{S1})", r.reportMsg(packets.MLDv2ReportMsg{Records: []packets.MLDRecord{isIn(packets.AllMLDv2Routers, S1), isIn(M2, S1)}}))
		r.reportFor(packets.AllMLDv2Routers, packets.TO_IN())
		r.expectLLQ(packets.AllMLDv2Routers, set(S1))
		r.m2Kept(true)
	})
})

var _ = Describe("Source entry that names no source", Label("rfc:3810", "section:5.2.9", "role:router", "level:must", "fault:mldr-source-address-unchecked"), func() {
	// §5.2.9: the sources are the unicast addresses of senders;
	// normative text without a key word (the catalogue's [N]). An entry
	// for ::, the router itself or a multicast address is ignored, and
	// the record's other sources kept (the catalogue's [T]).
	DescribeTable("ignores the entry and keeps S2",
		func(source func(r *rut) netip.Addr) {
			r := startRouter()
			x := source(r)
			r.send(fmt.Sprintf("TN1 reports IS_IN{%s,S2}", x), r.reportMsg(packets.MLDv2ReportMsg{Records: []packets.MLDRecord{isIn(M1, x, S2)}}))
			r.report(packets.TO_IN())
			r.expectLLQ(M1, set(S2))
		},
		Entry("MLDv2R.2.30.a: ::", Label("ipv6ready:MLDv2R.2.30.a"), func(*rut) netip.Addr { return netip.IPv6Unspecified() }),
		Entry("MLDv2R.2.30.b: the router's link-local address", Label("ipv6ready:MLDv2R.2.30.b"), func(r *rut) netip.Addr { return r.l.NUTLinkLocal }),
		Entry("MLDv2R.2.30.c: the router's global address", Label("ipv6ready:MLDv2R.2.30.c"), func(r *rut) netip.Addr { return r.l.NUTGlobal }),
		Entry("MLDv2R.2.30.d: ff02::1", Label("ipv6ready:MLDv2R.2.30.d"), func(*rut) netip.Addr { return packets.AllNodes }),
		Entry("MLDv2R.2.30.e: ff02::16", Label("ipv6ready:MLDv2R.2.30.e"), func(*rut) netip.Addr { return packets.AllMLDv2Routers }),
	)
})

var _ = Describe("Auxiliary data and octets after the last record", Label("rfc:3810", "role:router", "level:must"), func() {
	It("MLDv2R.2.31: processes records with 16 octets of auxiliary data each", Label("ipv6ready:MLDv2R.2.31", "section:5.2.10", "fault:mldr-aux-data-not-skipped"), func() {
		// §5.2.10: auxiliary data is skipped (Aux Data Len gives its length).
		r := startRouter()
		withAux := func(rec packets.MLDRecord) packets.MLDRecord {
			rec.AuxLen, rec.AuxData = 4, make([]byte, 16)
			return rec
		}
		r.send("TN1 reports IS_IN(M1,{S1}) and IS_IN(M2,{S1}), each with Aux Data Len 4 and 16 octets of auxiliary data",
			r.reportMsg(packets.MLDv2ReportMsg{Records: []packets.MLDRecord{withAux(isIn(M1, S1)), withAux(isIn(M2, S1))}}))
		r.report(packets.TO_IN())
		r.expectLLQ(M1, set(S1))
		r.m2Kept(true)
	})

	It("MLDv2R.2.32: processes a report with 16 octets after its last record", Label("ipv6ready:MLDv2R.2.32", "section:5.2.11", "fault:mldr-report-extra-data-dropped"), func() {
		// §5.2.11: octets after the last record are ignored (MUST).
		r := startRouter()
		r.send("TN1 reports IS_IN{S1} with 16 octets after the record", r.reportMsg(packets.MLDv2ReportMsg{Records: []packets.MLDRecord{isIn(M1, S1)}, Extra: make([]byte, 16)}))
		r.report(packets.TO_IN())
		r.expectLLQ(M1, set(S1))
	})
})
