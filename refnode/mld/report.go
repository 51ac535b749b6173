package mld

import (
	"encoding/binary"
	"net/netip"
	"slices"
	"time"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
)

// sendReport sends recs in as many MLDv2 Reports as the link MTU needs
// (§5.2.15): records are packed whole in order; a record too large for
// any report is split into records with parts of its sources, except
// MODE_IS_EXCLUDE and CHANGE_TO_EXCLUDE_MODE records, which keep as many
// sources as fit and drop the rest.
func (m *MLD) sendReport(l *link, recs []Record) {
	if len(recs) == 0 {
		return
	}
	if m.faults.Has(faults.MLDNoReport) {
		m.port.Count(counter.MLDReportNotSent)
		return
	}
	room := m.port.MTU(l.index) - 40 - HopByHopLen - ReportHeaderLen
	if m.faults.Has(faults.MLDNoSplit) {
		room = len(m.buf) - ReportHeaderLen
	}
	maxSources := (room - RecordHeaderLen) / SourceLen
	var batch []Record
	used := 0
	flush := func() {
		if len(batch) > 0 {
			m.send(l, AllMLDv2Routers, m.buf[:PutReport(m.buf, batch)])
			m.port.Count(counter.MLDReportSent)
		}
		batch, used = nil, 0
	}
	add := func(r Record) {
		if used+r.Len() > room {
			flush()
		}
		batch = append(batch, r)
		used += r.Len()
	}
	for _, r := range recs {
		if r.Len() <= room {
			add(r)
			continue
		}
		if r.Type == ModeIsExclude || r.Type == ChangeToExclude {
			m.port.Count(counter.MLDRecordTruncated)
			add(Record{Type: r.Type, Group: r.Group, Sources: r.Sources[:maxSources]})
			continue
		}
		for part := range slices.Chunk(r.Sources, maxSources) {
			add(Record{Type: r.Type, Group: r.Group, Sources: part})
		}
	}
	flush()
}

func (m *MLD) send(l *link, dst netip.Addr, msg []byte) {
	if m.port.Send(l.index, dst, msg) {
		l.sentFrom = true
	}
}

// Input handles an MLD message (the ICMPv6 message) that arrived on the
// interface and passed the node's checks of its IP header (§5.1.14, §6.2).
// dst is the packet's destination.
func (m *MLD) Input(ifindex int, dst netip.Addr, msg []byte) {
	l := m.links[ifindex]
	switch msg[0] {
	case TypeQuery:
		if !dst.IsMulticast() && m.faults.Has(faults.MLDUnicastQueryDropped) {
			m.port.Count(counter.MLDQueryIgnored)
			return
		}
		if m.faults.Has(faults.MLDShortQueryAccepted) && len(msg) > V1Len && len(msg) < QueryMinLen {
			msg = append(slices.Clone(msg), make([]byte, QueryMinLen-len(msg))...)
		}
		if m.faults.Has(faults.MLDQuerySourcesByLength) && len(msg) >= QueryMinLen {
			msg = slices.Clone(msg)
			binary.BigEndian.PutUint16(msg[offNumSources:], uint16((len(msg)-QueryMinLen)/SourceLen))
		}
		if m.faults.Has(faults.MLDQueryStrict) && len(msg) >= QueryMinLen && unusualQuery(msg) {
			m.port.Count(counter.MLDQueryIgnored)
			return
		}
		q, err := ParseQuery(msg)
		if err != nil {
			m.port.Count(counter.MLDQueryBadLength)
			return
		}
		m.query(l, q)
	case TypeV1Report:
		if len(msg) < V1Len {
			m.port.Count(counter.MLDTooShort)
			return
		}
		m.port.Count(counter.MLDV1ReportReceived)
		m.v1Heard(l, V1Group(msg))
	case TypeV2Report:
		m.port.Count(counter.MLDReportReceived) // listeners do not suppress (§6, appendix A.2)
	case TypeV1Done:
		m.port.Count(counter.MLDDoneReceived)
	case 0xff:
		if m.faults.Has(faults.MLDUnknownTypeAsQuery) {
			q := slices.Clone(msg)
			q[0] = TypeQuery
			m.Input(ifindex, dst, q)
		}
	}
}

// query handles a valid Query (§6.2; §8.2.1 for an MLDv1 one).
func (m *MLD) query(l *link, q Query) {
	if q.Group.IsValid() && !q.Group.IsUnspecified() && q.Group.As16()[0] != 0xff {
		m.port.Count(counter.MLDQueryBadGroup) // §5.1.5: a multicast address or ::
		if m.faults.Has(faults.MLDAnswersLeftGroups) && !q.V1 {
			m.sendReport(l, []Record{{Type: ModeIsInclude, Group: q.Group}})
		}
		return
	}
	if q.Group.IsUnspecified() && len(q.Sources) > 0 {
		if !m.faults.Has(faults.MLDQueryGroupUnchecked) {
			m.port.Count(counter.MLDQueryBadGroup) // a General Query lists no sources (§5.1.10)
			return
		}
		q.Sources = nil
	}
	if q.V1 {
		m.port.Count(counter.MLDV1QueryReceived)
		if !m.faults.Has(faults.MLDNoV1Compat) {
			m.enterV1(l)
		} else {
			q = Query{MaxResp: q.MaxResp, Group: q.Group} // taken for an MLDv2 query
		}
	} else {
		m.port.Count(counter.MLDQueryReceived)
		l.rv = m.c.Robustness
		if q.QRV != 0 && !m.faults.Has(faults.MLDIgnoresQRV) {
			l.rv = int(q.QRV) // §5.1.8
		}
		l.qi = m.c.QueryInterval
		if q.QQI != 0 {
			l.qi = q.QQI // §5.1.9
		}
		if m.faults.Has(faults.MLDMaxRespLinear) {
			q.MaxResp = time.Duration(q.rawMRC) * time.Millisecond
		}
	}
	if m.faults.Has(faults.MLDIgnoresQuery) {
		m.port.Count(counter.MLDQueryIgnored)
		return
	}
	if l.v1 {
		m.v1Query(l, q)
		return
	}
	delay := m.randomBelow(q.MaxResp)
	if m.faults.Has(faults.MLDAnswerLate) {
		delay = q.MaxResp + time.Second
	}
	alone := m.faults.Has(faults.MLDQueryRulesIgnored)
	// Rule 1: an answer to a General Query due sooner covers this one.
	if l.general.running() && m.remaining(&l.general) <= delay && !alone {
		return
	}
	if q.Group.IsUnspecified() {
		if alone && l.general.running() {
			m.answerGeneral(l) // the fault: the pending answer goes now, the new one later
		}
		// Rule 2: the Interface Timer, at the selected delay.
		m.startOrNow(&l.general, delay, func() { m.answerGeneral(l) })
		return
	}
	g := l.groups[q.Group]
	if g == nil || g.empty() || !m.reported(g.addr) {
		if m.faults.Has(faults.MLDAnswersLeftGroups) && (g == nil || g.empty()) {
			m.sendReport(l, []Record{{Type: ModeIsInclude, Group: q.Group}})
		}
		return // nothing to report about a group not listened to
	}
	if !g.query.running() {
		// Rule 3: the group's timer, with the query's sources.
		g.qSpecific = len(q.Sources) > 0
		g.qSources = sortedSet(q.Sources)
		m.startOrNow(&g.query, delay, func() { m.answerGroup(l, g) })
		return
	}
	if alone {
		m.sendReport(l, []Record{g.currentState()}) // the fault: answered now, the pending answer kept
		return
	}
	// Rule 4: the earlier deadline; a Multicast Address Specific query on
	// either side makes it one, else the source lists are merged.
	if rem := m.remaining(&g.query); rem < delay {
		delay = rem
	}
	if !g.qSpecific || len(q.Sources) == 0 {
		g.qSpecific, g.qSources = false, nil
	} else {
		g.qSources = sortedSet(append(g.qSources, q.Sources...))
		if m.c.MaxSources > 0 && len(g.qSources) > m.c.MaxSources {
			// Queries from the wire must not grow the list without bound:
			// past the limit the answer is the group's whole state, which
			// holds every answer the listed sources would have drawn.
			m.port.Count(counter.MLDQuerySourcesLimit)
			g.qSpecific, g.qSources = false, nil
		}
	}
	m.startOrNow(&g.query, delay, func() { m.answerGroup(l, g) })
}

// startOrNow runs f at once for a zero delay (a Maximum Response Code of
// 0), else after d.
func (m *MLD) startOrNow(t *clockTimer, d time.Duration, f func()) {
	if d <= 0 {
		t.stop()
		f()
		return
	}
	m.start(t, d, f)
}

// answerGeneral sends the Current State Records of every group the
// interface listens to (§6.3).
func (m *MLD) answerGeneral(l *link) {
	var recs []Record
	for _, g := range m.sortedGroups(l) {
		if g.empty() || !m.reported(g.addr) {
			continue
		}
		recs = append(recs, g.currentState())
	}
	for a := range l.left {
		if g := l.groups[a]; g == nil || g.empty() {
			recs = append(recs, Record{Type: ModeIsInclude, Group: a}) // the fault mld-answers-left-groups
		}
	}
	m.sendReport(l, recs)
}

func (g *group) currentState() Record {
	t := uint8(ModeIsInclude)
	if g.mode == Exclude {
		t = ModeIsExclude
	}
	return Record{Type: t, Group: g.addr, Sources: slices.Clone(g.sources)}
}

// answerGroup answers a Multicast Address (and Source) Specific Query
// (§6.3): the group's state, or for queried sources B, IS_IN(A∩B) from
// INCLUDE(A) and IS_IN(B−A) from EXCLUDE(A); nothing if that is empty.
func (m *MLD) answerGroup(l *link, g *group) {
	specific, srcs := g.qSpecific, g.qSources
	g.qSpecific, g.qSources = false, nil
	if g.empty() {
		m.forget(l, g)
		return
	}
	if !specific {
		rec := g.currentState()
		if m.faults.Has(faults.MLDNodeWideState) && g.mode == Include {
			// The node's INCLUDE sources for the group on every interface.
			for _, o := range m.links {
				if og := o.groups[g.addr]; og != nil && og != g && og.mode == Include {
					rec.Sources = sortedSet(append(rec.Sources, og.sources...))
				}
			}
		}
		m.sendReport(l, []Record{rec})
		return
	}
	var s []netip.Addr
	if g.mode == Include {
		s = intersect(g.sources, srcs)
	} else {
		s = minus(srcs, g.sources)
	}
	if len(s) > 0 || m.faults.Has(faults.MLDAnswersEmpty) {
		m.sendReport(l, []Record{{Type: ModeIsInclude, Group: g.addr, Sources: s}})
	}
}

// olderVersionTimeout is the Older Version Querier Present Timeout
// (§9.12): Robustness times the last Query Interval, plus the Query
// Response Interval.
func (m *MLD) olderVersionTimeout(l *link) time.Duration {
	return time.Duration(l.rv)*l.qi + m.c.QueryResponseInterval
}

// enterV1 switches the interface to MLDv1 compatibility mode, or keeps
// it there, for another Older Version Querier Present Timeout (§8.2.1).
// Pending MLDv2 answers and retransmissions are cancelled.
func (m *MLD) enterV1(l *link) {
	if !l.v1 {
		l.v1 = true
		m.port.Count(counter.MLDV1ModeEntered)
		m.port.Logf("mld: interface %d: MLDv1 querier present, MLDv1 compatibility mode", l.index)
		l.general.stop()
		l.retrans.stop()
		for _, g := range l.groups {
			g.query.stop()
			g.qSpecific, g.qSources = false, nil
			g.modeRetrans = 0
			clear(g.srcRetrans)
			m.forget(l, g)
		}
	}
	m.start(&l.v1Timer, m.olderVersionTimeout(l), func() {
		if m.faults.Has(faults.MLDV1Forever) {
			return
		}
		l.v1 = false
		m.port.Logf("mld: interface %d: back to MLDv2", l.index)
		for _, g := range l.groups {
			g.v1Timer.stop()
			g.v1Retrans.stop()
			m.forget(l, g)
		}
	})
}

// v1Query schedules MLDv1 Reports in answer to a query (RFC 2710 §4): a
// random delay within the Maximum Response Delay for each group asked
// about, a running timer kept if it is due sooner.
func (m *MLD) v1Query(l *link, q Query) {
	for _, g := range m.sortedGroups(l) {
		if g.empty() || !m.reported(g.addr) || !q.Group.IsUnspecified() && q.Group != g.addr {
			continue
		}
		delay := m.randomBelow(q.MaxResp)
		if m.faults.Has(faults.MLDAnswerLate) {
			delay = q.MaxResp + time.Second
		}
		if g.v1Timer.running() && m.remaining(&g.v1Timer) <= delay {
			continue
		}
		m.startOrNow(&g.v1Timer, delay, func() { m.v1Report(l, g) })
	}
}

func (m *MLD) v1Report(l *link, g *group) {
	if g.empty() {
		return
	}
	g.v1Reporter = true
	m.sendV1(l, TypeV1Report, g.addr, g.addr)
}

func (m *MLD) sendV1(l *link, typ uint8, dst, grp netip.Addr) {
	if m.faults.Has(faults.MLDNoReport) {
		m.port.Count(counter.MLDReportNotSent)
		return
	}
	if typ == TypeV1Done {
		m.port.Count(counter.MLDDoneSent)
	} else {
		m.port.Count(counter.MLDV1ReportSent)
	}
	m.send(l, dst, m.buf[:PutV1(m.buf, typ, 0, grp)])
}

// v1Heard handles another listener's MLDv1 Report: in MLDv1 mode, the
// pending report for its group is suppressed (RFC 2710 §4), except for
// SSM groups (RFC 4604 §2.2.1).
//
// In MLDv2 mode the report may be suppressed too (RFC 3810 §8.2.2, a
// MAY): with V1ReportSuppression, the pending answer about the group is
// dropped.
func (m *MLD) v1Heard(l *link, grp netip.Addr) {
	g := l.groups[grp]
	if g == nil || m.isSSM(grp) {
		return
	}
	if !l.v1 {
		suppress := m.c.V1ReportSuppression && !m.faults.Has(faults.MLDV1SuppressionIgnored) || m.faults.Has(faults.MLDV1Suppresses)
		if suppress && g.query.running() {
			g.query.stop()
			g.qSpecific, g.qSources = false, nil
			m.port.Count(counter.MLDV1ReportSuppressed)
		}
		return
	}
	if g.v1Timer.running() {
		g.v1Timer.stop()
		m.port.Count(counter.MLDV1ReportSuppressed)
	}
	g.v1Reporter = false
}

// v1Changed reports a change of a group's state in MLDv1 mode: a join
// with an unsolicited Report repeated [Robustness Variable] times in all,
// a leave with a Done to all-routers if ours was the last Report (RFC
// 2710 §4). Source lists have no MLDv1 form.
func (m *MLD) v1Changed(l *link, g *group, oldMode Mode, oldSources []netip.Addr) {
	wasListening := oldMode == Exclude || len(oldSources) > 0
	switch {
	case !wasListening && !g.empty():
		g.v1Reporter = true
		m.sendV1(l, TypeV1Report, g.addr, g.addr)
		g.v1Left = l.rv - 1
		if m.faults.Has(faults.MLDNoRetransmit) {
			g.v1Left = 0
		}
		m.v1Repeat(l, g)
	case wasListening && g.empty():
		g.v1Timer.stop()
		g.v1Retrans.stop()
		if g.v1Reporter && !m.faults.Has(faults.MLDNoDone) {
			m.sendV1(l, TypeV1Done, allRouters, g.addr)
		}
		g.v1Reporter = false
	}
}

var allRouters = netip.MustParseAddr("ff02::2")

func (m *MLD) v1Repeat(l *link, g *group) {
	if g.v1Left <= 0 {
		return
	}
	m.start(&g.v1Retrans, m.randomBelow(m.c.UnsolicitedReportInterval)+1, func() {
		if !l.v1 || g.empty() {
			return
		}
		g.v1Left--
		g.v1Reporter = true
		m.sendV1(l, TypeV1Report, g.addr, g.addr)
		m.v1Repeat(l, g)
	})
}

// unusualQuery says whether an MLDv2 Query has a field a listener ignores
// set to an unusual value (for the fault mld-query-strict): Code, the
// reserved fields, S, QRV 0 or 7, QQIC 0 or past 127, octets after the
// sources.
func unusualQuery(msg []byte) bool {
	n := int(binary.BigEndian.Uint16(msg[offNumSources:]))
	qrv := msg[offFlags] & 7
	return msg[1] != 0 || msg[6]|msg[7] != 0 || msg[offFlags]&0xf8 != 0 || qrv == 0 || qrv == 7 ||
		msg[offQQIC] == 0 || msg[offQQIC] > 127 || len(msg) > QueryMinLen+n*SourceLen
}
