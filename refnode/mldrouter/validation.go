package mldrouter

import (
	"encoding/binary"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/mld"
)

// Validation of the MLD messages the router hears (RFC 3810 §5, §7.4,
// §7.6), after the node's IP checks (Hop Limit 1, link-local source,
// Router Alert, checksum): which messages it takes, and how it reads a
// report's records and a query's sources.

// msgType is the message's type as the router takes it: ICMPv6 type 255
// is nothing, unless a fault takes it for a query or a report.
func (r *Router) msgType(msg []byte) uint8 {
	if msg[0] == 0xff {
		switch {
		case r.faults.Has(faults.MLDUnknownTypeAsQuery):
			return mld.TypeQuery
		case r.faults.Has(faults.MLDRUnknownTypeAsReport):
			return mld.TypeV2Report
		}
	}
	return msg[0]
}

// reportAccepted says whether an MLDv2 Report from src to dst is taken
// in: from a link-local address (§5.2.13) and to ff02::16, where
// listeners send their reports (§5.2.14; the rule that any destination is
// accepted is for MLDv1 Reports only).
func (r *Router) reportAccepted(src, dst netip.Addr) bool {
	if !src.IsLinkLocalUnicast() && !r.faults.Has(faults.MLDRReportAnySource) &&
		!(r.faults.Has(faults.MLDRAcceptsGlobalSource) && src.IsGlobalUnicast()) {
		return false
	}
	return dst == AllMLDv2Routers || r.faults.Has(faults.MLDRReportAnyDestination)
}

// parseReport decodes a Report's records (§5.2), or fails for a
// malformed one: then the whole report is ignored. Records of unknown
// type are left out and the rest kept (§5.2.12); octets after the last
// record are ignored (§5.2.11), and so is each record's auxiliary data
// (§5.2.10). The Reserved fields are not looked at (§5.2.1).
func (r *Router) parseReport(msg []byte) ([]mld.Record, bool) {
	if len(msg) < mld.ReportHeaderLen {
		return nil, false
	}
	if r.faults.Has(faults.MLDRReportReservedChecked) && (msg[1] != 0 || msg[4] != 0 || msg[5] != 0) {
		return nil, false
	}
	n := int(binary.BigEndian.Uint16(msg[6:]))
	byLength := r.faults.Has(faults.MLDRReportRecordsByLength)
	var recs []mld.Record
	off := mld.ReportHeaderLen
	for i := 0; (byLength && off < len(msg)) || (!byLength && i < n); i++ {
		rec, next, ok := r.parseRecord(msg, off)
		if !ok {
			if r.faults.Has(faults.MLDRReportPartial) {
				break
			}
			return nil, false
		}
		recs, off = append(recs, rec), next
	}
	if off < len(msg) && r.faults.Has(faults.MLDRReportExtraDataDropped) {
		return nil, false
	}
	var out []mld.Record
	for _, rec := range recs {
		if !validGroup(rec.Group) && r.faults.Has(faults.MLDRBadRecordDropsReport) {
			return nil, false
		}
		if rec.Group.IsLinkLocalMulticast() && r.faults.Has(faults.MLDRLinkScopeIgnored) {
			continue
		}
		if rec.Type < mld.ModeIsInclude || rec.Type > mld.BlockOldSources {
			if r.faults.Has(faults.MLDRUnknownRecordAborts) {
				break
			}
			if !r.faults.Has(faults.MLDRUnknownRecordTaken) {
				continue
			}
			rec.Type = mld.ModeIsInclude
		}
		out = append(out, rec)
	}
	return out, true
}

// parseRecord decodes the record at off (§5.2.4): the record and where
// the next one starts, or false when it runs past the message.
func (r *Router) parseRecord(msg []byte, off int) (mld.Record, int, bool) {
	if off+mld.RecordHeaderLen > len(msg) {
		return mld.Record{}, 0, false
	}
	rec := mld.Record{Type: msg[off], Group: netip.AddrFrom16([16]byte(msg[off+4 : off+20]))}
	ns := int(binary.BigEndian.Uint16(msg[off+2:]))
	aux := int(msg[off+1]) * 4
	if r.faults.Has(faults.MLDRAuxDataNotSkipped) {
		aux = 0
	}
	end := off + mld.RecordHeaderLen + ns*mld.SourceLen
	if end > len(msg) {
		return mld.Record{}, 0, false
	}
	for i := range ns {
		s := off + mld.RecordHeaderLen + i*mld.SourceLen
		rec.Sources = append(rec.Sources, netip.AddrFrom16([16]byte(msg[s:s+mld.SourceLen])))
	}
	if end += aux; end > len(msg) {
		return mld.Record{}, 0, false
	}
	return rec, end, true
}

// parseQuery decodes a query: 24 octets (MLDv1) or 28 and more (MLDv2)
// with its Number of Sources within the message (§5.1.10, §8.1); octets
// after the sources are ignored (§5.1.12).
func (r *Router) parseQuery(msg []byte) (mld.Query, error) {
	if r.faults.Has(faults.MLDShortQueryAccepted) && len(msg) > mld.V1Len && len(msg) < mld.QueryMinLen {
		msg = append(append([]byte(nil), msg...), make([]byte, mld.QueryMinLen-len(msg))...)
	}
	if r.faults.Has(faults.MLDRQuerySourcesUnchecked) && len(msg) >= mld.QueryMinLen {
		n := (len(msg) - mld.QueryMinLen) / mld.SourceLen
		msg = append([]byte(nil), msg[:mld.QueryMinLen+n*mld.SourceLen]...)
		binary.BigEndian.PutUint16(msg[mld.QueryMinLen-2:], uint16(n))
	}
	return mld.ParseQuery(msg)
}

// queryAddressOK says whether a query's Multicast Address is one a
// querier asks about (§5.1.5): :: with no sources (a General Query, §5.1.10),
// or a group the router keeps state for.
func (r *Router) queryAddressOK(q mld.Query) bool {
	switch {
	case r.faults.Has(faults.MLDRQueryAddressUnchecked):
		return true
	case q.Group.IsUnspecified():
		return len(q.Sources) == 0
	}
	return validGroup(q.Group)
}
