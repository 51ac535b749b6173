package mldrouter

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/mld"
)

// reportBytes is an MLDv2 Report with recs, for changing before it is sent.
func reportBytes(recs ...mld.Record) []byte {
	msg := make([]byte, 9000)
	return msg[:mld.PutReport(msg, recs)]
}

// queryBytes is an MLDv2 Query about group and sources, for changing.
func queryBytes(group netip.Addr, sources ...netip.Addr) []byte {
	msg := make([]byte, 1500)
	return msg[:mld.PutQuery(msg, 1000, group, false, 2, 125, sources)]
}

// The faults of message validation (validation.go): each changes which
// messages the router takes, or how it reads them.
func TestValidationFaults(t *testing.T) {
	querier := func(b *bench) string { st, _ := b.r.State("l0"); return fmt.Sprint(st.Querier) }
	groups := func(b *bench) string { st, _ := b.r.State("l0"); return fmt.Sprint(len(st.Groups)) }
	allNodes := netip.MustParseAddr("ff02::1")
	for _, c := range []struct {
		fault          faults.Fault
		observe        func(*bench) string
		correct, wrong string
	}{
		{faults.MLDRReportAnySource, func(b *bench) string {
			b.reportOn("l0", netip.IPv6Unspecified(), rec(mld.ModeIsInclude, 1))
			return b.state(m1)
		}, "-", "IN{S1}"},
		{faults.MLDRQueryAddressUnchecked, func(b *bench) string {
			b.in("l0", lower, queryBytes(allNodes))
			return querier(b)
		}, "true", "false"},
		{faults.MLDRQuerySourcesUnchecked, func(b *bench) string {
			b.report(rec(mld.ModeIsInclude, 1))
			q := queryBytes(m1, src(1))
			binary.BigEndian.PutUint16(q[26:], 0) // Q(M1) with S1 after it
			b.in("l0", higher, q)
			b.advance(3 * time.Second)
			return b.state(m1)
		}, "IN{S1}", "-"},
		{faults.MLDRUnknownTypeAsReport, func(b *bench) string {
			msg := reportBytes(rec(mld.ModeIsInclude, 1))
			msg[0] = 0xff
			b.in("l0", tn1, msg)
			return b.state(m1)
		}, "-", "IN{S1}"},
		{faults.MLDRReportReservedChecked, func(b *bench) string {
			msg := reportBytes(rec(mld.ModeIsInclude, 1))
			msg[1], msg[4], msg[5] = 0xff, 0xff, 0xff
			b.in("l0", tn1, msg)
			return b.state(m1)
		}, "IN{S1}", "-"},
		{faults.MLDRReportRecordsByLength, func(b *bench) string {
			msg := reportBytes(rec(mld.ModeIsInclude, 1))
			binary.BigEndian.PutUint16(msg[6:], 0)
			b.in("l0", tn1, msg)
			return b.state(m1)
		}, "-", "IN{S1}"},
		{faults.MLDRUnknownRecordTaken, func(b *bench) string {
			b.report(mld.Record{Type: 7, Group: m1, Sources: srcs(1)})
			return b.state(m1)
		}, "-", "IN{S1}"},
		{faults.MLDRReportExtraDataDropped, func(b *bench) string {
			b.in("l0", tn1, append(reportBytes(rec(mld.ModeIsInclude, 1)), make([]byte, 16)...))
			return b.state(m1)
		}, "IN{S1}", "-"},
		{faults.MLDRReportPartial, func(b *bench) string {
			msg := reportBytes(rec(mld.ModeIsInclude, 1))
			binary.BigEndian.PutUint16(msg[6:], 2)
			b.in("l0", tn1, msg)
			return b.state(m1)
		}, "-", "IN{S1}"},
		{faults.MLDRRecordAddressUnchecked, func(b *bench) string {
			b.report(mld.Record{Type: mld.ModeIsInclude, Group: allNodes, Sources: srcs(1)})
			return b.state(allNodes)
		}, "-", "IN{S1}"},
		{faults.MLDRSourceAddressUnchecked, func(b *bench) string {
			b.report(mld.Record{Type: mld.ModeIsInclude, Group: m1, Sources: []netip.Addr{lower}})
			return groups(b)
		}, "0", "1"},
		{faults.MLDRBadRecordDropsReport, func(b *bench) string {
			b.report(mld.Record{Type: mld.ModeIsInclude, Group: ll0, Sources: srcs(1)}, mld.Record{Type: mld.ModeIsInclude, Group: m2, Sources: srcs(1)})
			return b.state(m2)
		}, "IN{S1}", "-"},
		{faults.MLDRLinkScopeIgnored, func(b *bench) string {
			b.report(mld.Record{Type: mld.ModeIsInclude, Group: mld.AllMLDv2Routers, Sources: srcs(1)})
			return b.state(mld.AllMLDv2Routers)
		}, "IN{S1}", "-"},
		{faults.MLDRAuxDataNotSkipped, func(b *bench) string {
			r1 := reportBytes(rec(mld.ModeIsInclude, 1))
			r1[9] = 4 // Aux Data Len 4: 16 octets follow the source
			msg := append(r1, make([]byte, 16)...)
			r2 := reportBytes(mld.Record{Type: mld.ModeIsInclude, Group: m2, Sources: srcs(1)})
			msg = append(msg, r2[8:]...)
			binary.BigEndian.PutUint16(msg[6:], 2)
			b.in("l0", tn1, msg)
			return b.state(m2)
		}, "IN{S1}", "-"},
		// The listener's faults that the router shares (faults/mld.go).
		{faults.MLDQueryAnySource, func(b *bench) string {
			b.in("l0", netip.MustParseAddr("3ffe:501:ffff:100::1"), queryBytes(netip.IPv6Unspecified()))
			return querier(b)
		}, "true", "false"},
		{faults.MLDUnknownTypeAsQuery, func(b *bench) string {
			q := queryBytes(netip.IPv6Unspecified())
			q[0] = 0xff
			b.in("l0", lower, q)
			return querier(b)
		}, "true", "false"},
		{faults.MLDShortQueryAccepted, func(b *bench) string {
			b.in("l0", lower, queryBytes(netip.IPv6Unspecified())[:26])
			return querier(b)
		}, "true", "false"},
	} {
		t.Run(string(c.fault), func(t *testing.T) {
			eitherWay(t, c.fault, benchOf(t, Config{}, false), c.observe, c.correct, c.wrong)
		})
	}
}

// §7.6.1: the querier too lowers its timers on a specific query it
// receives with S clear, from a router of a higher address that it does
// not yield to; with S set, it does not.
func TestQuerierLowersOnReceivedQuery(t *testing.T) {
	for _, s := range []bool{false, true} {
		b := quiet(t, Config{})
		b.report(rec(mld.ModeIsInclude, 1, 2))
		msg := make([]byte, 1500)
		b.in("l0", higher, msg[:mld.PutQuery(msg, 1000, m1, s, 2, 125, srcs(1))])
		b.advance(3 * time.Second)
		st, _ := b.r.State("l0")
		want := map[bool]string{false: "IN{S2}", true: "IN{S1,S2}"}[s]
		if got := b.state(m1); got != want || !st.Querier {
			t.Errorf("S %v: %s, querier %v; want %s, querier", s, got, st.Querier, want)
		}
	}
}

// validationFaults have their cases in TestValidationFaults.
var validationFaults = []faults.Fault{
	faults.MLDRReportAnySource, faults.MLDRQueryAddressUnchecked,
	faults.MLDRQuerySourcesUnchecked, faults.MLDRUnknownTypeAsReport, faults.MLDRReportReservedChecked,
	faults.MLDRReportRecordsByLength, faults.MLDRUnknownRecordTaken, faults.MLDRReportExtraDataDropped,
	faults.MLDRReportPartial, faults.MLDRRecordAddressUnchecked, faults.MLDRSourceAddressUnchecked,
	faults.MLDRAuxDataNotSkipped, faults.MLDRBadRecordDropsReport, faults.MLDRLinkScopeIgnored,
}

// FuzzReaders feeds the router's readers of reports and queries any
// message, correct and with the faults that change how they read: they
// must not panic, and every record they return lies within the message.
func FuzzReaders(f *testing.F) {
	f.Add(reportBytes(rec(mld.ModeIsInclude, 1), mld.Record{Type: mld.ModeIsInclude, Group: m2, Sources: srcs(1, 2)}))
	f.Add(queryBytes(m1, src(1)))
	f.Add(queryBytes(netip.IPv6Unspecified())[:26])
	f.Add([]byte{mld.TypeV2Report, 0, 0, 0, 0, 0, 0, 1, 1, 4, 0, 1})
	readers := []faults.Set{{}, {
		faults.MLDRReportRecordsByLength: true, faults.MLDRReportPartial: true, faults.MLDRAuxDataNotSkipped: true,
		faults.MLDRUnknownRecordTaken: true, faults.MLDShortQueryAccepted: true, faults.MLDRQuerySourcesUnchecked: true,
	}}
	f.Fuzz(func(t *testing.T, msg []byte) {
		for _, fs := range readers {
			r := &Router{faults: fs}
			if recs, ok := r.parseReport(msg); ok {
				n := 0
				for _, rec := range recs {
					n += mld.RecordHeaderLen + len(rec.Sources)*mld.SourceLen
				}
				if n > len(msg) {
					t.Fatalf("faults %v: %d records of %d octets from %d octets", fs, len(recs), n, len(msg))
				}
			}
			if len(msg) >= mld.V1Len {
				_, _ = r.parseQuery(msg)
			}
		}
	})
}
