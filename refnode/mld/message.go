package mld

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"time"
)

// ICMPv6 types of MLD (RFC 3810 §5, RFC 2710 §3).
const (
	TypeQuery    = 130 // Multicast Listener Query, both versions
	TypeV1Report = 131 // MLDv1 Multicast Listener Report (RFC 2710 §3)
	TypeV1Done   = 132 // MLDv1 Multicast Listener Done (RFC 2710 §3)
	TypeV2Report = 143 // Version 2 Multicast Listener Report (RFC 3810 §5.2)
)

// Multicast Address Record types (RFC 3810 §5.2.12).
const (
	ModeIsInclude   = 1 // Current State Record
	ModeIsExclude   = 2
	ChangeToInclude = 3 // Filter Mode Change Record
	ChangeToExclude = 4
	AllowNewSources = 5 // Source List Change Record
	BlockOldSources = 6
)

// Layout.
const (
	V1Len             = 24 // an MLDv1 message, and an MLDv1 Query (RFC 2710 §3)
	QueryMinLen       = 28 // an MLDv2 Query without sources (RFC 3810 §5.1)
	ReportHeaderLen   = 8  // an MLDv2 Report before its records (§5.2)
	RecordHeaderLen   = 20 // a Multicast Address Record before its sources (§5.2.4)
	SourceLen         = 16
	HopByHopLen       = 8 // the Hop-by-Hop header with a Router Alert option the messages carry
	RouterAlertMLD    = 0 // the Router Alert value for MLD (RFC 2711 §2.1)
	offMaxResp        = 4
	offGroup          = 8
	offFlags          = 24 // Resv, S, QRV
	offQQIC           = 25
	offNumSources     = 26
	offReportRecords  = 6
	offRecordNumSrc   = 2
	offRecordAuxLen   = 1
	offRecordGroup    = 4
	offRecordSrcStart = RecordHeaderLen
)

// AllMLDv2Routers is where MLDv2 Reports go (RFC 3810 §5.2.14).
var AllMLDv2Routers = netip.MustParseAddr("ff02::16")

// Errors of the parsers.
var (
	ErrTooShort  = errors.New("mld: message too short")
	ErrBadLength = errors.New("mld: query length neither 24 nor at least 28") // RFC 3810 §8.1
	ErrSources   = errors.New("mld: Number of Sources runs past the message")
	ErrAuxData   = errors.New("mld: auxiliary data runs past the message")
)

// MaxRespDelay decodes an MLDv2 Maximum Response Code (RFC 3810 §5.1.3):
// milliseconds, linear below 32768, else a floating-point value
// (mant|0x1000) << (exp+3).
func MaxRespDelay(code uint16) time.Duration {
	if code < 0x8000 {
		return time.Duration(code) * time.Millisecond
	}
	mant, exp := uint32(code&0x0fff), uint32(code>>12)&7
	return time.Duration((mant|0x1000)<<(exp+3)) * time.Millisecond
}

// MaxRespCode encodes a delay as a Maximum Response Code, rounding down
// to what the code can express; delays past the largest code take it.
func MaxRespCode(d time.Duration) uint16 {
	ms := uint64(d / time.Millisecond)
	if ms < 0x8000 {
		return uint16(ms)
	}
	for exp := uint64(0); exp < 8; exp++ {
		if mant := ms >> (exp + 3); mant < 0x2000 {
			return uint16(0x8000 | exp<<12 | (mant & 0x0fff))
		}
	}
	return 0xffff
}

// QQI decodes a Querier's Query Interval Code (RFC 3810 §5.1.9): seconds,
// linear below 128, else (mant|0x10) << (exp+3).
func QQI(code uint8) time.Duration {
	if code < 0x80 {
		return time.Duration(code) * time.Second
	}
	mant, exp := uint32(code&0x0f), uint32(code>>4)&7
	return time.Duration((mant|0x10)<<(exp+3)) * time.Second
}

// QQIC encodes an interval as a QQIC, rounding down.
func QQIC(d time.Duration) uint8 {
	s := uint64(d / time.Second)
	if s < 0x80 {
		return uint8(s)
	}
	for exp := uint64(0); exp < 8; exp++ {
		if mant := s >> (exp + 3); mant < 0x20 {
			return uint8(0x80 | exp<<4 | (mant & 0x0f))
		}
	}
	return 0xff
}

// Query is a decoded Multicast Listener Query of either version.
type Query struct {
	V1       bool          // 24 octets: an MLDv1 Query (RFC 3810 §8.1)
	MaxResp  time.Duration // Maximum Response Delay (v1: the field in ms, linear)
	Group    netip.Addr    // :: for a General Query
	S        bool          // Suppress Router-Side Processing (§5.1.7)
	QRV      uint8         // Querier's Robustness Variable (§5.1.8)
	QQI      time.Duration // Querier's Query Interval (§5.1.9)
	Sources  []netip.Addr
	rawMRC   uint16
	rawQQIC  uint8
	rawFlags uint8
}

// ParseQuery decodes a Query (the ICMPv6 message, header included): a
// message of 24 octets is MLDv1, one of 28 or more MLDv2; any other length
// is refused (RFC 3810 §8.1), as is a source list that runs past the
// message (§5.1.10). Octets past the source list are ignored (§5.1.12).
func ParseQuery(msg []byte) (Query, error) {
	switch {
	case len(msg) < V1Len:
		return Query{}, ErrTooShort
	case len(msg) == V1Len:
		code := binary.BigEndian.Uint16(msg[offMaxResp:])
		return Query{V1: true, MaxResp: time.Duration(code) * time.Millisecond, Group: addrAt(msg, offGroup), rawMRC: code}, nil
	case len(msg) < QueryMinLen:
		return Query{}, ErrBadLength
	}
	code := binary.BigEndian.Uint16(msg[offMaxResp:])
	q := Query{
		MaxResp:  MaxRespDelay(code),
		Group:    addrAt(msg, offGroup),
		S:        msg[offFlags]&0x08 != 0,
		QRV:      msg[offFlags] & 0x07,
		QQI:      QQI(msg[offQQIC]),
		rawMRC:   code,
		rawQQIC:  msg[offQQIC],
		rawFlags: msg[offFlags],
	}
	n := int(binary.BigEndian.Uint16(msg[offNumSources:]))
	if QueryMinLen+n*SourceLen > len(msg) {
		return Query{}, ErrSources
	}
	for i := range n {
		q.Sources = append(q.Sources, addrAt(msg, QueryMinLen+i*SourceLen))
	}
	return q, nil
}

// MaxRespCode is the raw Maximum Response Code (v1: the delay in ms).
func (q Query) MaxRespCode() uint16 { return q.rawMRC }

// PutQuery writes an MLDv2 Query (checksum 0) into b and returns its length.
func PutQuery(b []byte, maxResp uint16, group netip.Addr, s bool, qrv, qqic uint8, sources []netip.Addr) int {
	clear(b[:QueryMinLen])
	b[0] = TypeQuery
	binary.BigEndian.PutUint16(b[offMaxResp:], maxResp)
	putAddr(b[offGroup:], group)
	b[offFlags] = qrv & 7
	if s {
		b[offFlags] |= 0x08
	}
	b[offQQIC] = qqic
	binary.BigEndian.PutUint16(b[offNumSources:], uint16(len(sources)))
	for i, a := range sources {
		putAddr(b[QueryMinLen+i*SourceLen:], a)
	}
	return QueryMinLen + len(sources)*SourceLen
}

// PutV1 writes an MLDv1 message (RFC 2710 §3: Query, Report or Done;
// checksum 0) into b and returns its length, 24.
func PutV1(b []byte, typ uint8, maxResp uint16, group netip.Addr) int {
	clear(b[:V1Len])
	b[0] = typ
	binary.BigEndian.PutUint16(b[offMaxResp:], maxResp)
	putAddr(b[offGroup:], group)
	return V1Len
}

// Record is a Multicast Address Record (RFC 3810 §5.2.4).
type Record struct {
	Type    uint8
	Group   netip.Addr
	Sources []netip.Addr
}

// Len is the record's length on the wire (no auxiliary data, §5.2.10).
func (r Record) Len() int { return RecordHeaderLen + len(r.Sources)*SourceLen }

// PutReport writes an MLDv2 Report (checksum 0) holding recs into b and
// returns its length; b must hold it.
func PutReport(b []byte, recs []Record) int {
	clear(b[:ReportHeaderLen])
	b[0] = TypeV2Report
	binary.BigEndian.PutUint16(b[offReportRecords:], uint16(len(recs)))
	off := ReportHeaderLen
	for _, r := range recs {
		b[off] = r.Type
		b[off+offRecordAuxLen] = 0
		binary.BigEndian.PutUint16(b[off+offRecordNumSrc:], uint16(len(r.Sources)))
		putAddr(b[off+offRecordGroup:], r.Group)
		for i, s := range r.Sources {
			putAddr(b[off+offRecordSrcStart+i*SourceLen:], s)
		}
		off += r.Len()
	}
	return off
}

// ParseReport decodes an MLDv2 Report's records, skipping auxiliary data
// (§5.2.10).
func ParseReport(msg []byte) ([]Record, error) {
	if len(msg) < ReportHeaderLen {
		return nil, ErrTooShort
	}
	n := int(binary.BigEndian.Uint16(msg[offReportRecords:]))
	var recs []Record
	off := ReportHeaderLen
	for range n {
		if off+RecordHeaderLen > len(msg) {
			return nil, ErrTooShort
		}
		r := Record{Type: msg[off], Group: addrAt(msg, off+offRecordGroup)}
		ns := int(binary.BigEndian.Uint16(msg[off+offRecordNumSrc:]))
		aux := int(msg[off+offRecordAuxLen]) * 4
		if off+RecordHeaderLen+ns*SourceLen > len(msg) {
			return nil, ErrSources
		}
		for i := range ns {
			r.Sources = append(r.Sources, addrAt(msg, off+offRecordSrcStart+i*SourceLen))
		}
		off += RecordHeaderLen + ns*SourceLen + aux
		if off > len(msg) {
			return nil, ErrAuxData
		}
		recs = append(recs, r)
	}
	return recs, nil
}

// V1Group is the Multicast Address of an MLDv1 message at least 24 octets long.
func V1Group(msg []byte) netip.Addr { return addrAt(msg, offGroup) }

// PutHopByHop writes the Hop-by-Hop Options header every MLD message
// carries (RFC 3810 §5; RFC 2711): Router Alert with value 0, padded with
// PadN to 8 octets, followed by ICMPv6.
func PutHopByHop(b []byte) int {
	copy(b, []byte{58, 0, 5, 2, 0, RouterAlertMLD, 1, 0})
	return HopByHopLen
}

func addrAt(b []byte, off int) netip.Addr {
	return netip.AddrFrom16([16]byte(b[off : off+16]))
}

func putAddr(b []byte, a netip.Addr) {
	x := a.As16()
	copy(b, x[:])
}
