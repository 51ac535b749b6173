// Package mld is the node's multicast listener: MLDv2 for listeners (RFC
// 3810 §4 to §6), with MLDv1 compatibility (§8.2; RFC 2710) and the
// host rules for source-specific multicast (RFC 4604 §2). It is built like
// KAME's mld6: the node drives it through a small Port, calls Input with
// the MLD messages it receives, and every timer runs on the node's clock
// under the node's lock.
//
// Implemented: per-interface, per-group state with source filters,
// merged from the filters of every socket as §4.2 says; State Change
// Reports on each change of that state (§6.1), with the record types of
// its table, the retransmission state (a filter mode counter and a
// source retransmission list per group) and the merging of a change into
// the report still being retransmitted, [Robustness Variable]
// transmissions in all at random intervals within [Unsolicited Report
// Interval]; Current State Reports answering General, Multicast Address
// Specific and Multicast Address and Source Specific Queries after a
// random delay within the Maximum Response Delay (§5.1.3), with the rules
// of §6.2 for pending responses and §6.3 for their contents; reports
// split to fit the link MTU (§5.2.15); no report for ff02::1 nor for any
// group of scope 0 or 1 (§6); queries checked as §5.1.14 and §6.2 ask
// (the node checks the IP header: Hop Limit 1, link-local source, Router
// Alert) and by length (§8.1), the QRV and QQIC of MLDv2 queries adopted
// (§5.1.8, §5.1.9); the Older Version Querier Present timer and MLDv1
// Reports and Done in MLDv1 compatibility mode (§8.2.1, RFC 2710 §4),
// with report suppression there (not for SSM groups, RFC 4604 §2.2.1);
// EXCLUDE filters refused for SSM groups (ff3x::/32 and the configured
// SSMRanges, RFC 4604 §2), so that no EXCLUDE-mode record is ever sent
// for them; a limit of sources per socket and per interface state
// (MaxSources, §3, §4.2); and, as configured, suppression of MLDv2
// answers by MLDv1 Reports in MLDv2 mode (a MAY of §8.2.2).
//
// The node drops a packet to a group users joined when the interface state
// keeps its source out (Accepts); it has no sockets to deliver to, so there
// is no per-socket filtering beyond that.
//
// Left out: the multicast router part of RFC 3810 (§7).
package mld

import (
	"errors"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
)

// Mode is a filter mode (RFC 3810 §4.1).
type Mode uint8

const (
	Include Mode = iota
	Exclude
)

func (m Mode) String() string {
	if m == Exclude {
		return "EXCLUDE"
	}
	return "INCLUDE"
}

// Constants are the protocol's variables (RFC 3810 §9) a listener uses.
type Constants struct {
	Robustness                int           // §9.1; a query's QRV replaces it
	QueryInterval             time.Duration // §9.2; a query's QQI replaces it
	QueryResponseInterval     time.Duration // §9.3, for the Older Version Querier Present Timeout
	UnsolicitedReportInterval time.Duration // §9.11
	// MaxSources bounds the sources of one socket's filter and of an
	// interface's state for one group (§4.2 allows a limit; the call
	// that would pass it fails).
	MaxSources int
	// SSMRanges are source-specific multicast ranges configured besides
	// the IANA block ff3x::/32 (RFC 4604 §2 wants the range configurable).
	SSMRanges []netip.Prefix
	// V1ReportSuppression makes an MLDv1 Report from another node drop
	// the pending answer about its group in MLDv2 mode too (RFC 3810
	// §8.2.2, a MAY; never for source-specific groups, RFC 4604 §2.2.1).
	V1ReportSuppression bool
}

// Defaults are the RFC 3810 §9 defaults.
func Defaults() Constants {
	return Constants{
		Robustness:                2,
		QueryInterval:             125 * time.Second,
		QueryResponseInterval:     10 * time.Second,
		UnsolicitedReportInterval: time.Second,
		MaxSources:                256,
	}
}

// Port is what the listener needs from the node. It is called with the
// node's lock held.
type Port interface {
	// Send sends an MLD message (checksum not filled) on the interface
	// to dst, with Hop Limit 1 and a Router Alert option, from the
	// interface's link-local address or from :: while it has no valid one
	// (RFC 3810 §5.2.13). It reports whether the source was ::.
	Send(ifindex int, dst netip.Addr, msg []byte) (unspecified bool)
	// MTU is the link MTU of the interface (§5.2.15).
	MTU(ifindex int) int
	// Count increments the counter c.
	Count(c counter.Counter)
	// Logf records a notable event.
	Logf(format string, args ...any)
}

// Config assembles a listener.
type Config struct {
	Constants  Constants
	Clock      clock.Clock
	Rand       *rand.Rand
	Faults     faults.Set
	Lock       sync.Locker // the node's lock, taken by every timer callback
	Port       Port
	Interfaces int // numbered 0..Interfaces-1
}

// Errors of the API.
var (
	ErrNotMulticast = errors.New("mld: not a multicast address")
	ErrSSMExclude   = errors.New("mld: EXCLUDE filter for a source-specific multicast group (RFC 4604 §2.1)")
	ErrTooMany      = errors.New("mld: too many sources")
	ErrInterface    = errors.New("mld: no such interface")
)

// MLD is the listener state of one node.
type MLD struct {
	c       Constants
	clock   clock.Clock
	rand    *rand.Rand
	faults  faults.Set
	lock    sync.Locker
	port    Port
	links   []*link
	stopped bool
	buf     []byte
}

// link is one interface's state.
type link struct {
	index  int
	groups map[netip.Addr]*group
	rv     int           // [Robustness Variable] now: the default, or the last QRV (§5.1.8)
	qi     time.Duration // [Query Interval] now: the default, or the last QQI (§5.1.9)

	v1       bool                // Host Compatibility Mode MLDv1 (§8.2.1)
	v1Timer  clockTimer          // Older Version Querier Present timer
	general  clockTimer          // the Interface Timer: a pending answer to a General Query (§6.2)
	retrans  clockTimer          // the next retransmission of pending State Change Reports (§6.1)
	sentFrom bool                // a report went out from :: (§5.2.13): report again once there is a link-local address
	left     map[netip.Addr]bool // groups left, kept only for the fault mld-answers-left-groups
}

// group is the state of one group on one interface.
type group struct {
	addr    netip.Addr
	sockets map[string]filter // per-socket state (§4.1)
	mode    Mode              // the interface state (§4.2)
	sources []netip.Addr      // sorted

	// Retransmission state (§6.1).
	modeRetrans int
	srcRetrans  map[netip.Addr]int

	// A pending answer to a query about this group (§6.2).
	query     clockTimer
	qSources  []netip.Addr // nil: a Multicast Address Specific answer
	qSpecific bool         // the pending answer is about listed sources

	// MLDv1 compatibility (RFC 2710 §4).
	v1Timer    clockTimer // delayed v1 Report in answer to a query
	v1Retrans  clockTimer // unsolicited v1 Report repeats
	v1Left     int
	v1Reporter bool // the last v1 Report for the group was ours
}

type filter struct {
	mode    Mode
	sources []netip.Addr // sorted
}

// clockTimer is a timer with its deadline and a generation, so that a
// callback that lost a race with Stop does nothing.
type clockTimer struct {
	t   clock.Timer
	due time.Time
	gen uint64
}

func (t *clockTimer) running() bool { return t.t != nil }

func (t *clockTimer) stop() {
	if t.t != nil {
		t.t.Stop()
		t.t = nil
	}
	t.gen++
}

// New returns a listener with no group joined.
func New(cfg Config) *MLD {
	m := &MLD{c: cfg.Constants, clock: cfg.Clock, rand: cfg.Rand, faults: cfg.Faults, lock: cfg.Lock, port: cfg.Port,
		buf: make([]byte, 1<<16)}
	if m.c.Robustness <= 0 {
		m.c.Robustness = 2
	}
	if m.faults == nil {
		m.faults = faults.Set{}
	}
	for i := range cfg.Interfaces {
		m.links = append(m.links, &link{index: i, groups: map[netip.Addr]*group{}, rv: m.c.Robustness, qi: m.c.QueryInterval})
	}
	return m
}

// Stop cancels every timer. Call with the lock held.
func (m *MLD) Stop() {
	m.stopped = true
	for _, l := range m.links {
		l.v1Timer.stop()
		l.general.stop()
		l.retrans.stop()
		for _, g := range l.groups {
			g.stopTimers()
		}
	}
}

func (g *group) stopTimers() {
	g.query.stop()
	g.v1Timer.stop()
	g.v1Retrans.stop()
}

// start runs f under the lock after d, unless the timer was stopped or
// restarted meanwhile.
func (m *MLD) start(t *clockTimer, d time.Duration, f func()) {
	t.stop()
	gen := t.gen
	t.due = m.clock.Now().Add(d)
	t.t = m.clock.AfterFunc(d, func() {
		m.lock.Lock()
		defer m.lock.Unlock()
		if m.stopped || t.gen != gen {
			return
		}
		t.t = nil
		f()
	})
}

// remaining is the time left on a running timer.
func (m *MLD) remaining(t *clockTimer) time.Duration { return t.due.Sub(m.clock.Now()) }

// randomBelow draws a delay in [0, d).
func (m *MLD) randomBelow(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(m.rand.Int64N(int64(d)))
}

// IsSSM reports whether group is in the source-specific multicast block
// ff3x::/32 (RFC 4607 §1, RFC 4604 §2).
func IsSSM(group netip.Addr) bool {
	b := group.As16()
	return b[0] == 0xff && b[1]&0xf0 == 0x30 && b[2] == 0 && b[3] == 0
}

// isSSM reports whether group is source-specific: in the IANA block or
// in a configured range.
func (m *MLD) isSSM(group netip.Addr) bool {
	if IsSSM(group) {
		return true
	}
	if m.faults.Has(faults.MLDSSMRangeIgnored) {
		return false
	}
	for _, p := range m.c.SSMRanges {
		if p.Contains(group) {
			return true
		}
	}
	return false
}

// Reported says whether a group is ever reported: never ff02::1, nor a
// group of scope 0 (reserved) or 1 (interface-local) (RFC 3810 §6).
func (m *MLD) reported(g netip.Addr) bool {
	if g == allNodes && !m.faults.Has(faults.MLDReportsAllNodes) {
		return false
	}
	scope := g.As16()[1] & 0x0f
	return scope > 1
}

var allNodes = netip.MustParseAddr("ff02::1")

// SetFilter sets the filter of one socket on interface ifindex for group
// (RFC 3810 §3: IPv6MulticastListen): a join is EXCLUDE with no sources,
// a leave INCLUDE with none. The interface state is merged again from
// every socket (§4.2) and a State Change Report goes out if it changed
// (§6.1). The call fails, changing nothing, for a group that is not
// multicast, an EXCLUDE filter on an SSM group (RFC 4604 §2.1), or more
// sources than MaxSources in the socket's filter or the merged state.
func (m *MLD) SetFilter(ifindex int, socket string, grp netip.Addr, mode Mode, sources []netip.Addr) error {
	if ifindex < 0 || ifindex >= len(m.links) {
		return ErrInterface
	}
	if !grp.Is6() || grp.As16()[0] != 0xff {
		return ErrNotMulticast
	}
	if mode == Exclude && m.isSSM(grp) && !m.faults.Has(faults.MLDSSMExclude) {
		m.port.Count(counter.MLDSSMExcludeRefused)
		return ErrSSMExclude
	}
	f := filter{mode: mode, sources: sortedSet(sources)}
	if m.c.MaxSources > 0 && len(f.sources) > m.c.MaxSources && !m.faults.Has(faults.MLDSourceLimitIgnored) {
		return ErrTooMany
	}
	l := m.links[ifindex]
	g := l.groups[grp]
	if g == nil {
		if mode == Include && len(f.sources) == 0 {
			if m.faults.Has(faults.MLDReportsUnchanged) && m.reported(grp) {
				m.sendReport(l, []Record{{Type: ChangeToInclude, Group: grp}})
			}
			return nil // leaving a group never joined
		}
		g = &group{addr: grp, sockets: map[string]filter{}, srcRetrans: map[netip.Addr]int{}}
	}
	old, had := g.sockets[socket]
	if mode == Include && len(f.sources) == 0 {
		delete(g.sockets, socket)
	} else {
		g.sockets[socket] = f
	}
	newMode, newSources := merge(g.sockets)
	if m.c.MaxSources > 0 && len(newSources) > m.c.MaxSources && !m.faults.Has(faults.MLDSourceLimitIgnored) {
		if had {
			g.sockets[socket] = old
		} else {
			delete(g.sockets, socket)
		}
		if m.faults.Has(faults.MLDReportsRefusedCall) && mode == Include && m.reported(grp) {
			m.sendReport(l, []Record{{Type: AllowNewSources, Group: grp, Sources: f.sources}})
		}
		return ErrTooMany
	}
	l.groups[grp] = g
	m.changed(l, g, newMode, newSources)
	return nil
}

// merge computes the interface state from the sockets' (§4.2): EXCLUDE if
// any socket excludes, with the sources every excluding socket excludes
// and no including one includes; else INCLUDE with the union.
func merge(sockets map[string]filter) (Mode, []netip.Addr) {
	var excl []map[netip.Addr]bool
	incl := map[netip.Addr]bool{}
	for _, f := range sockets {
		if f.mode == Exclude {
			s := map[netip.Addr]bool{}
			for _, a := range f.sources {
				s[a] = true
			}
			excl = append(excl, s)
			continue
		}
		for _, a := range f.sources {
			incl[a] = true
		}
	}
	var out []netip.Addr
	if len(excl) == 0 {
		for a := range incl {
			out = append(out, a)
		}
		return Include, sortedSet(out)
	}
	for a := range excl[0] {
		in := !incl[a]
		for _, s := range excl[1:] {
			in = in && s[a]
		}
		if in {
			out = append(out, a)
		}
	}
	return Exclude, sortedSet(out)
}

// changed moves a group to its new interface state and reports the change
// (§6.1).
func (m *MLD) changed(l *link, g *group, mode Mode, sources []netip.Addr) {
	oldMode, oldSources := g.mode, g.sources
	g.mode, g.sources = mode, sources
	if oldMode == mode && slices.Equal(oldSources, sources) {
		if m.faults.Has(faults.MLDReportsUnchanged) && m.reported(g.addr) && !l.v1 {
			t := uint8(ChangeToInclude)
			if mode == Exclude {
				t = ChangeToExclude
			}
			m.sendReport(l, []Record{{Type: t, Group: g.addr, Sources: slices.Clone(sources)}})
		}
		m.forget(l, g)
		return
	}
	if !m.reported(g.addr) {
		m.forget(l, g)
		return
	}
	if l.v1 {
		m.v1Changed(l, g, oldMode, oldSources)
		m.forget(l, g)
		return
	}
	rv := l.rv
	if m.faults.Has(faults.MLDNoRetransmit) {
		rv = 1
	}
	if oldMode != mode {
		g.modeRetrans = rv
		clear(g.srcRetrans)
	} else {
		allow, block := diff(mode, oldSources, sources)
		for _, s := range allow {
			g.srcRetrans[s] = rv
		}
		for _, s := range block {
			g.srcRetrans[s] = rv
		}
	}
	m.sendReport(l, m.changeRecords(g))
	m.forget(l, g)
	m.scheduleRetransmission(l)
}

// diff lists the sources a change within one filter mode allows and
// blocks (§6.1 table): in INCLUDE, the new ones are allowed and the gone
// ones blocked; in EXCLUDE the other way round.
func diff(mode Mode, old, now []netip.Addr) (allow, block []netip.Addr) {
	added, removed := minus(now, old), minus(old, now)
	if mode == Include {
		return added, removed
	}
	return removed, added
}

// changeRecords builds the records of the next State Change Report for g
// from its retransmission state, and counts the transmission down (§6.1):
// a filter mode change record while the mode counter runs, else ALLOW
// and BLOCK records for the sources still to be retransmitted.
func (m *MLD) changeRecords(g *group) []Record {
	var recs []Record
	defer func() {
		for s, n := range g.srcRetrans {
			if n <= 1 {
				delete(g.srcRetrans, s)
			} else {
				g.srcRetrans[s] = n - 1
			}
		}
	}()
	if g.modeRetrans > 0 {
		g.modeRetrans--
		t := uint8(ChangeToInclude)
		if g.mode == Exclude {
			t = ChangeToExclude
		}
		return append(recs, Record{Type: t, Group: g.addr, Sources: slices.Clone(g.sources)})
	}
	var allow, block []netip.Addr
	for s := range g.srcRetrans {
		if g.allows(s) {
			allow = append(allow, s)
		} else {
			block = append(block, s)
		}
	}
	if len(allow) > 0 {
		recs = append(recs, Record{Type: AllowNewSources, Group: g.addr, Sources: sortedSet(allow)})
	}
	if len(block) > 0 {
		recs = append(recs, Record{Type: BlockOldSources, Group: g.addr, Sources: sortedSet(block)})
	}
	return recs
}

// allows says whether the interface state lets traffic from s in.
func (g *group) allows(s netip.Addr) bool {
	_, in := slices.BinarySearchFunc(g.sources, s, netip.Addr.Compare)
	return in == (g.mode == Include)
}

func (g *group) pendingChange() bool { return g.modeRetrans > 0 || len(g.srcRetrans) > 0 }

// empty says the group is INCLUDE{} for the interface: not listened to.
func (g *group) empty() bool { return g.mode == Include && len(g.sources) == 0 }

// forget drops a group nobody listens to and nothing is pending for.
func (m *MLD) forget(l *link, g *group) {
	if g.empty() && len(g.sockets) == 0 && !g.pendingChange() && !g.v1Retrans.running() {
		g.stopTimers()
		delete(l.groups, g.addr)
		if m.faults.Has(faults.MLDAnswersLeftGroups) {
			if l.left == nil {
				l.left = map[netip.Addr]bool{}
			}
			l.left[g.addr] = true
		}
	}
}

// scheduleRetransmission arms the interface's retransmission timer, if
// some State Change Report is still to be repeated, at a random time
// within the Unsolicited Report Interval (§6.1).
func (m *MLD) scheduleRetransmission(l *link) {
	if l.retrans.running() {
		return
	}
	for _, g := range l.groups {
		if g.pendingChange() {
			d := m.randomBelow(m.c.UnsolicitedReportInterval) + 1
			if m.faults.Has(faults.MLDRetransmitLate) {
				d += 2 * m.c.UnsolicitedReportInterval
			}
			m.start(&l.retrans, d, func() { m.retransmit(l) })
			return
		}
	}
}

// retransmit sends the next State Change Report of every group that has
// one pending, merged into as few reports as the MTU allows.
func (m *MLD) retransmit(l *link) {
	var recs []Record
	for _, g := range m.sortedGroups(l) {
		if g.pendingChange() {
			recs = append(recs, m.changeRecords(g)...)
			m.forget(l, g)
		}
	}
	m.sendReport(l, recs)
	m.scheduleRetransmission(l)
}

func (m *MLD) sortedGroups(l *link) []*group {
	gs := make([]*group, 0, len(l.groups))
	for _, g := range l.groups {
		gs = append(gs, g)
	}
	slices.SortFunc(gs, func(a, b *group) int { return a.addr.Compare(b.addr) })
	return gs
}

// LinkLocalReady tells the listener that the interface has a valid
// link-local address now: if reports went out from :: before, the state
// of every group is reported again from it (§5.2.13), as on a join.
func (m *MLD) LinkLocalReady(ifindex int) {
	l := m.links[ifindex]
	if !l.sentFrom || l.v1 || m.faults.Has(faults.MLDNoReReport) {
		return
	}
	l.sentFrom = false
	rv := l.rv
	if m.faults.Has(faults.MLDNoRetransmit) {
		rv = 1
	}
	var recs []Record
	for _, g := range m.sortedGroups(l) {
		if g.empty() || !m.reported(g.addr) {
			continue
		}
		g.modeRetrans = rv
		clear(g.srcRetrans)
		recs = append(recs, m.changeRecords(g)...)
	}
	m.sendReport(l, recs)
	m.scheduleRetransmission(l)
}

// Joined reports whether the interface listens to group: some socket has
// it in EXCLUDE mode, or includes some source.
func (m *MLD) Joined(ifindex int, grp netip.Addr) bool {
	if ifindex >= len(m.links) {
		return false
	}
	g := m.links[ifindex].groups[grp]
	return g != nil && !g.empty()
}

// Accepts reports whether the interface state for group lets a packet
// from src in (§4.2).
func (m *MLD) Accepts(ifindex int, grp, src netip.Addr) bool {
	if ifindex >= len(m.links) {
		return false
	}
	g := m.links[ifindex].groups[grp]
	return g != nil && !g.empty() && g.allows(src)
}

// GroupState is one group's interface state, for users.
type GroupState struct {
	Ifindex int
	Group   netip.Addr
	Mode    Mode
	Sources []netip.Addr
}

// Groups lists the groups each interface listens to, in order.
func (m *MLD) Groups() []GroupState {
	var out []GroupState
	for _, l := range m.links {
		for _, g := range m.sortedGroups(l) {
			if !g.empty() {
				out = append(out, GroupState{l.index, g.addr, g.mode, slices.Clone(g.sources)})
			}
		}
	}
	return out
}

// V1Mode reports whether the interface is in MLDv1 compatibility mode.
func (m *MLD) V1Mode(ifindex int) bool { return m.links[ifindex].v1 }

// Robustness is the interface's current [Robustness Variable].
func (m *MLD) Robustness(ifindex int) int { return m.links[ifindex].rv }

// QueryInterval is the interface's current [Query Interval].
func (m *MLD) QueryInterval(ifindex int) time.Duration { return m.links[ifindex].qi }

func sortedSet(a []netip.Addr) []netip.Addr {
	if len(a) == 0 {
		return nil
	}
	out := slices.Clone(a)
	for i := range out {
		out[i] = out[i].WithZone("")
	}
	slices.SortFunc(out, netip.Addr.Compare)
	return slices.Compact(out)
}

// minus is a−b for sorted sets.
func minus(a, b []netip.Addr) []netip.Addr {
	var out []netip.Addr
	for _, x := range a {
		if _, in := slices.BinarySearchFunc(b, x, netip.Addr.Compare); !in {
			out = append(out, x)
		}
	}
	return out
}

// intersect is a∩b for sorted sets.
func intersect(a, b []netip.Addr) []netip.Addr {
	var out []netip.Addr
	for _, x := range a {
		if _, in := slices.BinarySearchFunc(b, x, netip.Addr.Compare); in {
			out = append(out, x)
		}
	}
	return out
}

// AnyGroup reports whether f holds for a group that a socket whose name
// begins with prefix listens to on the interface.
func (m *MLD) AnyGroup(ifindex int, prefix string, f func(netip.Addr) bool) bool {
	if ifindex >= len(m.links) {
		return false
	}
	for a, g := range m.links[ifindex].groups {
		if g.joinedBy(prefix) && f(a) {
			return true
		}
	}
	return false
}

// JoinedBy reports whether a socket whose name begins with prefix
// listens to the group on the interface.
func (m *MLD) JoinedBy(ifindex int, grp netip.Addr, prefix string) bool {
	if ifindex >= len(m.links) {
		return false
	}
	g := m.links[ifindex].groups[grp]
	return g != nil && g.joinedBy(prefix)
}

func (g *group) joinedBy(prefix string) bool {
	for s, f := range g.sockets {
		if strings.HasPrefix(s, prefix) && (f.mode == Exclude || len(f.sources) > 0) {
			return true
		}
	}
	return false
}
