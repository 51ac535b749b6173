package packets

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Multicast Listener Discovery: MLDv2 (RFC 3810 §5) and MLDv1 (RFC 2710
// §3) messages, built as a querier or another listener sends them, and
// the reports of a listener decoded and judged. Every builder sends from
// a link-local address with Hop Limit 1 and a Hop-by-Hop header carrying a
// Router Alert option of value 0 (RFC 3810 §5, RFC 2711), so that a
// negative spec changes one thing.

// ICMPv6 types of MLD.
const (
	TypeMLDQuery    = 130 // both versions (RFC 3810 §5.1, RFC 2710 §3)
	TypeMLDv1Report = 131
	TypeMLDv1Done   = 132
	TypeMLDv2Report = 143 // RFC 3810 §5.2
)

// AllMLDv2Routers is where MLDv2 Reports go (RFC 3810 §5.2.14).
var AllMLDv2Routers = netip.MustParseAddr("ff02::16")

// RecordType is a Multicast Address Record's type (RFC 3810 §5.2.12).
type RecordType uint8

// The record types, named as RFC 3810 §5.2.12 names them and as the
// catalogue abbreviates them.
const (
	IsIn  RecordType = 1 // MODE_IS_INCLUDE
	IsEx  RecordType = 2 // MODE_IS_EXCLUDE
	ToIn  RecordType = 3 // CHANGE_TO_INCLUDE_MODE
	ToEx  RecordType = 4 // CHANGE_TO_EXCLUDE_MODE
	Allow RecordType = 5 // ALLOW_NEW_SOURCES
	Block RecordType = 6 // BLOCK_OLD_SOURCES
)

func (t RecordType) String() string {
	if n, ok := map[RecordType]string{IsIn: "IS_IN", IsEx: "IS_EX", ToIn: "TO_IN", ToEx: "TO_EX", Allow: "ALLOW", Block: "BLOCK"}[t]; ok {
		return n
	}
	return fmt.Sprintf("type%d", uint8(t))
}

// MaxRespCode encodes a Maximum Response Delay as an MLDv2 Maximum
// Response Code (RFC 3810 §5.1.3): milliseconds below 32768, else
// mantissa and exponent, (mant|0x1000) << (exp+3), rounding down.
func MaxRespCode(d time.Duration) uint16 { return uint16(expCode(uint64(d/time.Millisecond), 12)) }

// MaxRespDelay decodes a Maximum Response Code (RFC 3810 §5.1.3).
func MaxRespDelay(code uint16) time.Duration {
	return time.Duration(expValue(uint64(code), 12)) * time.Millisecond
}

// QQICode encodes a Querier's Query Interval as a QQIC (RFC 3810 §5.1.9):
// seconds below 128, else (mant|0x10) << (exp+3), rounding down.
func QQICode(d time.Duration) uint8 { return uint8(expCode(uint64(d/time.Second), 4)) }

// QQIDelay decodes a QQIC (RFC 3810 §5.1.9).
func QQIDelay(code uint8) time.Duration {
	return time.Duration(expValue(uint64(code), 4)) * time.Second
}

// expCode is RFC 3810's floating-point form of v with a mantissa of
// mant bits (12 for the Maximum Response Code, 4 for the QQIC): v itself
// below 1 << (mant+3), else 1 | exp (3 bits) | mantissa, rounding down,
// all ones past the largest.
func expCode(v uint64, mant uint) uint64 {
	if v < 1<<(mant+3) {
		return v
	}
	for exp := uint64(0); exp < 8; exp++ {
		if m := v >> (exp + 3); m < 1<<(mant+1) {
			return 1<<(mant+3) | exp<<mant | m&(1<<mant-1)
		}
	}
	return 1<<(mant+4) - 1
}

// expValue decodes expCode's form.
func expValue(code uint64, mant uint) uint64 {
	if code < 1<<(mant+3) {
		return code
	}
	m, exp := code&(1<<mant-1), code>>mant&7
	return (m | 1<<mant) << (exp + 3)
}

// MLDQuery is an MLDv2 Multicast Listener Query (RFC 3810 §5.1): General
// (Group ::), Multicast Address Specific (Group, no sources) or Multicast
// Address and Source Specific (Group and Sources).
type MLDQuery struct {
	MaxResp time.Duration // encoded with MaxRespCode
	Group   netip.Addr    // invalid or ::: a General Query
	Sources []netip.Addr
	S       bool  // Suppress Router-Side Processing (§5.1.7)
	QRV     uint8 // Querier's Robustness Variable (§5.1.8), 3 bits
	QQIC    uint8 // Querier's Query Interval Code (§5.1.9)
	// Reserved is the 4-bit field before S (§5.1.4), and Reserved2 the
	// 16 bits after the Maximum Response Code; both 0 by default.
	Reserved  uint8
	Reserved2 uint16
	// MRC replaces the encoded MaxResp when set; NumSources replaces the
	// number of sources listed.
	MRC        *uint16
	NumSources *uint16
	// Extra octets follow the sources (§5.1.12: counted in the checksum,
	// otherwise ignored).
	Extra []byte
}

// GeneralQuery is a General Query with the defaults of RFC 3810 §9: a
// Maximum Response Delay of 10 s (the Query Response Interval), QRV 2 and
// QQIC 125 s.
func GeneralQuery() MLDQuery {
	return MLDQuery{MaxResp: 10 * time.Second, QRV: 2, QQIC: 125}
}

// GroupQuery is a Multicast Address Specific Query (sources empty) or a
// Multicast Address and Source Specific Query, with a Maximum Response
// Delay of 1 s (the Last Listener Query Interval, §9.8), QRV 2, QQIC 125.
func GroupQuery(group netip.Addr, sources ...netip.Addr) MLDQuery {
	return MLDQuery{MaxResp: time.Second, Group: group, Sources: sources, QRV: 2, QQIC: 125}
}

// Body encodes the query after the ICMPv6 checksum.
func (q MLDQuery) Body() []byte {
	b := make([]byte, 24, 24+16*len(q.Sources)+len(q.Extra))
	mrc := MaxRespCode(q.MaxResp)
	if q.MRC != nil {
		mrc = *q.MRC
	}
	binary.BigEndian.PutUint16(b[0:], mrc)
	binary.BigEndian.PutUint16(b[2:], q.Reserved2)
	if q.Group.IsValid() {
		g := q.Group.As16()
		copy(b[4:20], g[:])
	}
	b[20] = q.Reserved<<4 | q.QRV&7
	if q.S {
		b[20] |= 0x08
	}
	b[21] = q.QQIC
	n := uint16(len(q.Sources))
	if q.NumSources != nil {
		n = *q.NumSources
	}
	binary.BigEndian.PutUint16(b[22:], n)
	for _, s := range q.Sources {
		b = append(b, s.AsSlice()...)
	}
	return append(b, q.Extra...)
}

// mldPacket is an MLD message as every MLD speaker sends it: Hop Limit 1
// and a Hop-by-Hop header with a Router Alert option (value 0, MLD).
func mldPacket(srcMAC net.HardwareAddr, src, dst netip.Addr, typ uint8, body []byte) *Packet {
	var dstMAC net.HardwareAddr
	if dst.IsMulticast() {
		dstMAC = MulticastMAC(dst)
	}
	p := New(srcMAC, dstMAC, src, dst)
	p.HopLimit = 1
	p.Ext = []ExtHeader{HopByHop(RouterAlert())}
	p.NextHeader = ProtoICMPv6
	p.ICMP = &ICMPv6{Type: typ, Body: body}
	return p
}

// MLDv2Query is q from src, to dst (ff02::1 for a General Query, the
// group for a specific one, as RFC 3810 §5.1.15 says). For a unicast dst
// the caller sets EthDst.
func MLDv2Query(srcMAC net.HardwareAddr, src, dst netip.Addr, q MLDQuery) *Packet {
	return mldPacket(srcMAC, src, dst, TypeMLDQuery, q.Body())
}

// mldv1Body is an MLDv1 message after the checksum (RFC 2710 §3): Maximum
// Response Delay in milliseconds, Reserved, the Multicast Address.
func mldv1Body(maxResp time.Duration, group netip.Addr) []byte {
	b := make([]byte, 20)
	binary.BigEndian.PutUint16(b[0:], uint16(maxResp/time.Millisecond))
	if group.IsValid() {
		g := group.As16()
		copy(b[4:], g[:])
	}
	return b
}

// MLDv1Query is an MLDv1 Query (24 octets; RFC 2710 §3, RFC 3810 §8.1):
// General with group ::, to ff02::1; else to the group.
func MLDv1Query(srcMAC net.HardwareAddr, src netip.Addr, group netip.Addr, maxResp time.Duration) *Packet {
	dst := group
	if !group.IsValid() || group.IsUnspecified() {
		dst, group = AllNodes, netip.IPv6Unspecified()
	}
	return mldPacket(srcMAC, src, dst, TypeMLDQuery, mldv1Body(maxResp, group))
}

// MLDv1Report is an MLDv1 Report for group, sent to the group.
func MLDv1Report(srcMAC net.HardwareAddr, src, group netip.Addr) *Packet {
	return mldPacket(srcMAC, src, group, TypeMLDv1Report, mldv1Body(0, group))
}

// MLDv1Done is an MLDv1 Done for group, sent to all-routers.
func MLDv1Done(srcMAC net.HardwareAddr, src, group netip.Addr) *Packet {
	return mldPacket(srcMAC, src, AllRouters, TypeMLDv1Done, mldv1Body(0, group))
}

// MLDRecord is a Multicast Address Record of an MLDv2 Report (§5.2.4).
type MLDRecord struct {
	Type    RecordType
	AuxLen  uint8 // in 32-bit words (§5.2.6)
	Group   netip.Addr
	Sources []netip.Addr
	// For records that break a rule (encoding only): NumSources replaces
	// the number of sources listed, and AuxData, when not nil, replaces
	// the AuxLen×4 zero octets of auxiliary data after the sources.
	NumSources *uint16
	AuxData    []byte
}

// bytes encodes the record (§5.2.4).
func (r MLDRecord) bytes() []byte {
	h := make([]byte, 20, 20+16*len(r.Sources))
	h[0], h[1] = uint8(r.Type), r.AuxLen
	n := uint16(len(r.Sources))
	if r.NumSources != nil {
		n = *r.NumSources
	}
	binary.BigEndian.PutUint16(h[2:], n)
	if r.Group.IsValid() {
		g := r.Group.As16()
		copy(h[4:], g[:])
	}
	for _, s := range r.Sources {
		h = append(h, s.AsSlice()...)
	}
	if r.AuxData != nil {
		return append(h, r.AuxData...)
	}
	return append(h, make([]byte, 4*int(r.AuxLen))...)
}

func (r MLDRecord) String() string {
	return fmt.Sprintf("%s{%s}(%s)", r.Type, addrsJoined(r.Sources), r.Group)
}

func addrsJoined(as []netip.Addr) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, ",")
}

// MLDReport is a decoded MLDv2 Report (RFC 3810 §5.2).
type MLDReport struct {
	Reserved  uint8  // after the checksum (§5.2.2)
	Reserved2 uint16 // before the number of records (§5.2.3)
	Records   []MLDRecord
}

// RecordsFor are the report's records about group.
func (r *MLDReport) RecordsFor(group netip.Addr) []MLDRecord {
	var out []MLDRecord
	for _, rec := range r.Records {
		if rec.Group == group {
			out = append(out, rec)
		}
	}
	return out
}

// ErrMLDShort is a report or query cut short.
var ErrMLDShort = errors.New("MLD message runs past its end")

// ParseMLDReport decodes an MLDv2 Report from the ICMPv6 body (after the
// checksum).
func ParseMLDReport(body []byte) (*MLDReport, error) {
	if len(body) < 4 {
		return nil, ErrMLDShort
	}
	r := &MLDReport{Reserved2: binary.BigEndian.Uint16(body[0:])}
	n := int(binary.BigEndian.Uint16(body[2:]))
	b := body[4:]
	for i := 0; i < n; i++ {
		if len(b) < 20 {
			return r, fmt.Errorf("record %d: %w", i+1, ErrMLDShort)
		}
		rec := MLDRecord{Type: RecordType(b[0]), AuxLen: b[1], Group: netip.AddrFrom16([16]byte(b[4:20]))}
		ns := int(binary.BigEndian.Uint16(b[2:]))
		l := 20 + 16*ns + 4*int(rec.AuxLen)
		if len(b) < l {
			return r, fmt.Errorf("record %d: %d sources: %w", i+1, ns, ErrMLDShort)
		}
		for k := 0; k < ns; k++ {
			rec.Sources = append(rec.Sources, netip.AddrFrom16([16]byte(b[20+16*k:36+16*k])))
		}
		r.Records = append(r.Records, rec)
		b = b[l:]
	}
	return r, nil
}

// MLDReport decodes the frame's MLDv2 Report.
func (f *Frame) MLDReport() (*MLDReport, error) {
	if !f.IsICMP || f.ICMPType != TypeMLDv2Report {
		return nil, errors.New("not an MLDv2 Report")
	}
	r, err := ParseMLDReport(f.ICMPBody)
	if r != nil {
		r.Reserved = f.ICMPCode
	}
	return r, err
}

// ParseMLDQuery decodes a query's body (after the checksum): an MLDv2
// Query of at least 24 octets, with MaxResp decoded; v1 is true for the
// 20 octets of an MLDv1 Query (MaxResp then in milliseconds).
func ParseMLDQuery(body []byte) (q MLDQuery, v1 bool, err error) {
	if len(body) < 20 {
		return q, false, ErrMLDShort
	}
	mrc := binary.BigEndian.Uint16(body[0:])
	q.Reserved2 = binary.BigEndian.Uint16(body[2:])
	q.Group = netip.AddrFrom16([16]byte(body[4:20]))
	if len(body) == 20 {
		q.MaxResp = time.Duration(mrc) * time.Millisecond
		q.MRC = &mrc
		return q, true, nil
	}
	if len(body) < 24 {
		return q, false, ErrMLDShort
	}
	q.MaxResp, q.MRC = MaxRespDelay(mrc), &mrc
	q.Reserved, q.S, q.QRV, q.QQIC = body[20]>>4, body[20]&0x08 != 0, body[20]&7, body[21]
	n := binary.BigEndian.Uint16(body[22:])
	q.NumSources = &n
	b := body[24:]
	for i := 0; i < int(n); i++ {
		if len(b) < 16 {
			return q, false, fmt.Errorf("%d sources: %w", n, ErrMLDShort)
		}
		q.Sources = append(q.Sources, netip.AddrFrom16([16]byte(b[:16])))
		b = b[16:]
	}
	q.Extra = b
	return q, false, nil
}

// RouterAlert is the value of the Router Alert option in the packet's
// Hop-by-Hop header (RFC 2711), if it has one.
func (f *Frame) RouterAlert() (uint16, bool) {
	ip := f.IPv6
	if len(ip) < 48 || ip[6] != ProtoHopByHop {
		return 0, false
	}
	end := 40 + (int(ip[41])+1)*8
	if end > len(ip) {
		return 0, false
	}
	for o := 42; o < end; {
		if ip[o] == 0 {
			o++
			continue
		}
		if o+2 > end {
			return 0, false
		}
		l := int(ip[o+1])
		if ip[o] == 5 && l == 2 && o+4 <= end {
			return binary.BigEndian.Uint16(ip[o+2:]), true
		}
		o += 2 + l
	}
	return 0, false
}

// mldSummary describes an MLD message for the frame's one-line summary.
func (f *Frame) mldSummary() string {
	switch f.ICMPType {
	case TypeMLDv2Report:
		r, err := f.MLDReport()
		if r == nil {
			return "MLDv2 report [" + err.Error() + "]"
		}
		recs := make([]string, len(r.Records))
		for i, rec := range r.Records {
			recs[i] = rec.String()
		}
		s := "MLDv2 report " + strings.Join(recs, " ")
		if err != nil {
			s += " [" + err.Error() + "]"
		}
		return s
	case TypeMLDQuery:
		q, v1, err := ParseMLDQuery(f.ICMPBody)
		if err != nil {
			return "MLD query [" + err.Error() + "]"
		}
		if v1 {
			return fmt.Sprintf("MLDv1 query %s max-resp %v", q.Group, q.MaxResp)
		}
		s := fmt.Sprintf("MLDv2 query %s", q.Group)
		if len(q.Sources) > 0 {
			s += "{" + addrsJoined(q.Sources) + "}"
		}
		s += fmt.Sprintf(" max-resp %v", q.MaxResp)
		if q.S {
			s += " S"
		}
		return s + fmt.Sprintf(" qrv %d qqi %v", q.QRV, QQIDelay(q.QQIC))
	case TypeMLDv1Report, TypeMLDv1Done:
		name := "MLDv1 report"
		if f.ICMPType == TypeMLDv1Done {
			name = "MLDv1 done"
		}
		if len(f.ICMPBody) >= 20 {
			return fmt.Sprintf("%s %s", name, netip.AddrFrom16([16]byte(f.ICMPBody[4:20])))
		}
		return name + " [short]"
	}
	return ""
}

// --- matchers

// Rec is an expected record: its type and exactly these sources.
type Rec struct {
	Type    RecordType
	Sources []netip.Addr
}

func (r Rec) String() string { return fmt.Sprintf("%s{%s}", r.Type, addrsJoined(r.Sources)) }

// The expected records, as the catalogue writes them.
func IS_IN(s ...netip.Addr) Rec { return Rec{IsIn, s} }
func IS_EX(s ...netip.Addr) Rec { return Rec{IsEx, s} }
func TO_IN(s ...netip.Addr) Rec { return Rec{ToIn, s} }
func TO_EX(s ...netip.Addr) Rec { return Rec{ToEx, s} }
func ALLOW(s ...netip.Addr) Rec { return Rec{Allow, s} }
func BLOCK(s ...netip.Addr) Rec { return Rec{Block, s} }

func recsString(rs []Rec) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = r.String()
	}
	return strings.Join(s, " + ")
}

// sameRecords reports whether got (records of one group) are want, in
// any order, each with the same sources in any order.
func sameRecords(got []MLDRecord, want []Rec) bool {
	if len(got) != len(want) {
		return false
	}
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, g := range got {
			if !used[i] && g.Type == w.Type && sameSet(g.Sources, w.Sources) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func sameSet(a, b []netip.Addr) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.SortFunc(x, netip.Addr.Compare)
	slices.SortFunc(y, netip.Addr.Compare)
	return slices.Equal(x, y)
}

// MLDv2Report recognises an MLDv2 Report and judges what every report
// must be (RFC 3810 §5, §5.2.13, §5.2.14): sent to ff02::16 from a
// link-local address (or :: before the node has one), Hop Limit 1, a
// Router Alert option of value 0, whole records.
func MLDv2Report() *Matcher {
	m := newICMP("an MLDv2 Report", TypeMLDv2Report)
	m.To(AllMLDv2Routers).HopLimit(1)
	m.Require("source link-local or ::", func(f *Frame) (bool, string) {
		return f.Src.IsLinkLocalUnicast() || f.Src.IsUnspecified(), f.Src.String()
	})
	m.Require("a Hop-by-Hop Router Alert option of value 0", func(f *Frame) (bool, string) {
		v, ok := f.RouterAlert()
		if !ok {
			return false, "none"
		}
		return v == 0, fmt.Sprintf("value %d", v)
	})
	m.Require("records that fit the message", func(f *Frame) (bool, string) {
		_, err := f.MLDReport()
		return err == nil, fmt.Sprint(err)
	})
	return m
}

// MLDReportAbout recognises an MLDv2 Report with a record for group.
func MLDReportAbout(group netip.Addr) *Matcher {
	m := MLDv2Report()
	m.Desc = "an MLDv2 Report about " + group.String()
	return m.Identify("a record for "+group.String(), func(f *Frame) (bool, string) {
		r, _ := f.MLDReport()
		return r != nil && len(r.RecordsFor(group)) > 0, "none"
	})
}

// MLDReportOf is an MLDv2 Report whose records for group are exactly
// want (records for other groups are not judged).
func MLDReportOf(group netip.Addr, want ...Rec) *Matcher {
	return MLDReportAbout(group).RecordsOneOf(group, want)
}

// RecordsOneOf requires the records for group to be exactly one of the
// alternatives.
func (m *Matcher) RecordsOneOf(group netip.Addr, alts ...[]Rec) *Matcher {
	var ws []string
	for _, a := range alts {
		ws = append(ws, recsString(a))
	}
	return m.Require("records for "+group.String()+": "+strings.Join(ws, " or "), func(f *Frame) (bool, string) {
		r, _ := f.MLDReport()
		if r == nil {
			return false, "no report"
		}
		got := r.RecordsFor(group)
		for _, a := range alts {
			if sameRecords(got, a) {
				return true, ""
			}
		}
		s := make([]string, len(got))
		for i, g := range got {
			s[i] = fmt.Sprintf("%s{%s}", g.Type, addrsJoined(g.Sources))
		}
		return false, strings.Join(s, " + ")
	})
}

// WithRecordOf also requires the records for another group to be want
// (a General Query's answer lists every group).
func (m *Matcher) WithRecordOf(group netip.Addr, want ...Rec) *Matcher {
	return m.RecordsOneOf(group, want)
}

// WithoutRecordFor requires no record for group.
func (m *Matcher) WithoutRecordFor(group netip.Addr) *Matcher {
	return m.Require("no record for "+group.String(), func(f *Frame) (bool, string) {
		r, _ := f.MLDReport()
		if r == nil {
			return true, ""
		}
		got := r.RecordsFor(group)
		return len(got) == 0, fmt.Sprintf("%d record(s)", len(got))
	})
}

// AuxDataZero requires every record's Aux Data Len to be 0 (§5.2.10).
func (m *Matcher) AuxDataZero() *Matcher {
	return m.Require("Aux Data Len 0 in every record", func(f *Frame) (bool, string) {
		r, _ := f.MLDReport()
		for _, rec := range r.Records {
			if rec.AuxLen != 0 {
				return false, fmt.Sprintf("%d in the record for %s", rec.AuxLen, rec.Group)
			}
		}
		return true, ""
	})
}

// MLDv1ReportFor recognises an MLDv1 Report for group: sent to the group
// (RFC 2710 §3, §5), Hop Limit 1, Router Alert, link-local source.
func MLDv1ReportFor(group netip.Addr) *Matcher {
	m := newICMP("an MLDv1 Report for "+group.String(), TypeMLDv1Report)
	m.Identify("group "+group.String(), mldv1Group(group))
	return mldv1Checks(m).To(group)
}

// MLDv1DoneFor recognises an MLDv1 Done for group, sent to all-routers.
func MLDv1DoneFor(group netip.Addr) *Matcher {
	m := newICMP("an MLDv1 Done for "+group.String(), TypeMLDv1Done)
	m.Identify("group "+group.String(), mldv1Group(group))
	return mldv1Checks(m).To(AllRouters)
}

func mldv1Group(group netip.Addr) func(*Frame) (bool, string) {
	return func(f *Frame) (bool, string) {
		if len(f.ICMPBody) < 20 {
			return false, "a short message"
		}
		g := netip.AddrFrom16([16]byte(f.ICMPBody[4:20]))
		return g == group, g.String()
	}
}

func mldv1Checks(m *Matcher) *Matcher {
	m.HopLimit(1)
	m.Require("source link-local", func(f *Frame) (bool, string) { return f.Src.IsLinkLocalUnicast(), f.Src.String() })
	return m.Require("a Hop-by-Hop Router Alert option of value 0", func(f *Frame) (bool, string) {
		v, ok := f.RouterAlert()
		return ok && v == 0, fmt.Sprintf("%v (value %d)", ok, v)
	})
}

// AnyMLDv1Report recognises any MLDv1 Report.
func AnyMLDv1Report() *Matcher { return newICMP("an MLDv1 Report", TypeMLDv1Report) }

// MLDv2ReportPacket is an MLDv2 Report with recs, as another listener
// sends it: to ff02::16 (RFC 3810 §5.2.14).
func MLDv2ReportPacket(srcMAC net.HardwareAddr, src netip.Addr, recs ...MLDRecord) *Packet {
	return MLDv2ReportMsg{Records: recs}.Packet(srcMAC, src)
}

// MLDv2ReportMsg is an MLDv2 Report laid out field by field (RFC 3810
// §5.2), for reports that break a rule: the Reserved fields (the first
// is the ICMPv6 Code), a Number of Multicast Address Records that does
// not match (NumRecords), octets after the last record (Extra).
type MLDv2ReportMsg struct {
	Reserved   uint8
	Reserved2  uint16
	NumRecords *uint16
	Records    []MLDRecord
	Extra      []byte
}

// Body encodes the report after the ICMPv6 checksum.
func (m MLDv2ReportMsg) Body() []byte {
	b := make([]byte, 4)
	binary.BigEndian.PutUint16(b[0:], m.Reserved2)
	n := uint16(len(m.Records))
	if m.NumRecords != nil {
		n = *m.NumRecords
	}
	binary.BigEndian.PutUint16(b[2:], n)
	for _, r := range m.Records {
		b = append(b, r.bytes()...)
	}
	return append(b, m.Extra...)
}

// Packet is the report as another listener sends it: to ff02::16 (RFC
// 3810 §5.2.14), Hop Limit 1, Router Alert.
func (m MLDv2ReportMsg) Packet(srcMAC net.HardwareAddr, src netip.Addr) *Packet {
	p := mldPacket(srcMAC, src, AllMLDv2Routers, TypeMLDv2Report, m.Body())
	p.ICMP.Code = m.Reserved
	return p
}
