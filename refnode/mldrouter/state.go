package mldrouter

import (
	"net/netip"
	"slices"
	"time"

	"github.com/v6ct/v6ct/refnode"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/mld"
)

// outbox collects the queries to send at once.
type outbox []refnode.MLDMessage

func (o *outbox) add(dst netip.Addr, msg []byte) {
	*o = append(*o, refnode.MLDMessage{Dst: dst, Msg: msg})
}

func (o outbox) msgs(string) []refnode.MLDMessage { return o }

// lookup returns the group's state after applying the expiries due by
// now (§7.5), or nil when there is none. Call with r.mu held.
func (r *Router) lookup(l *link, addr netip.Addr) *group {
	g := l.groups[addr]
	if g == nil {
		return nil
	}
	now := r.clock.Now()
	if g.exclude && !g.filter.After(now) { // §7.5: EXCLUDE → INCLUDE of X
		g.exclude = false
		g.groupLeft = 0
		if r.faults.Has(faults.MLDRFilterExpiryDeletes) {
			clear(g.sources)
		}
	}
	if !g.exclude {
		for s, d := range g.sources {
			if !d.After(now) {
				delete(g.sources, s)
				delete(g.srcLeft, s)
			}
		}
		if len(g.sources) == 0 {
			stopTimer(g.rtx)
			delete(l.groups, addr)
			return nil
		}
	}
	return g
}

// v1Mode says whether the group is in MLDv1 compatibility mode (§8.3.2).
func (r *Router) v1Mode(g *group) bool {
	return g != nil && g.v1Until.After(r.clock.Now())
}

// record handles one Multicast Address Record of a Report (§7.4).
func (r *Router) record(l *link, rec mld.Record, out *outbox) {
	if !validGroup(rec.Group) && !r.faults.Has(faults.MLDRRecordAddressUnchecked) {
		return
	}
	var srcs []netip.Addr
	for _, s := range rec.Sources {
		if (validSource(s) || r.faults.Has(faults.MLDRSourceAddressUnchecked)) && !slices.Contains(srcs, s) {
			srcs = append(srcs, s)
		}
	}
	if IsSSM(rec.Group, r.cfg.SSMRanges) && (rec.Type == mld.ModeIsExclude || rec.Type == mld.ChangeToExclude) &&
		!r.faults.Has(faults.MLDRSSMExcludeHonoured) {
		return // RFC 4604 §3
	}
	g := r.lookup(l, rec.Group)
	if r.v1Mode(g) && !r.faults.Has(faults.MLDRV1BlockHonoured) {
		switch rec.Type {
		case mld.BlockOldSources:
			return // §8.3.2
		case mld.ChangeToExclude, mld.ModeIsExclude:
			srcs = nil
		}
	}
	r.apply(l, rec.Group, rec.Type, srcs, out)
}

// v1In handles an MLDv1 Report or Done (§8.3.2).
func (r *Router) v1In(l *link, typ uint8, addr netip.Addr, out *outbox) {
	switch {
	case !validGroup(addr), r.faults.Has(faults.MLDRNoV1Compat),
		r.cfg.V2Only && !r.faults.Has(faults.MLDRV2OnlyIgnored),
		IsSSM(addr, r.cfg.SSMRanges) && !r.faults.Has(faults.MLDRSSMExcludeHonoured):
		return
	}
	if typ == mld.TypeV1Done {
		r.apply(l, addr, mld.ChangeToInclude, nil, out)
		return
	}
	r.apply(l, addr, mld.ModeIsExclude, nil, out)
	if g := l.groups[addr]; g != nil {
		g.v1Until = r.clock.Now().Add(r.mali(l)) // §9.13
	}
}

// apply changes the group's state by a record of type typ with sources
// b, per the tables of §7.4.1 and §7.4.2, and sends the queries they ask
// for (§7.6.3) when the router is querier.
func (r *Router) apply(l *link, addr netip.Addr, typ uint8, b []netip.Addr, out *outbox) {
	g := r.lookup(l, addr)
	now := r.clock.Now()
	mali := now.Add(r.mali(l))
	if r.faults.Has(rowIgnored[rowOf{g != nil && g.exclude, typ}]) {
		return
	}
	if g == nil && r.faults.Has(faults.MLDREmptyRecordJoins) &&
		(len(b) == 0 && (typ == mld.ModeIsInclude || typ == mld.AllowNewSources) || typ == mld.BlockOldSources) {
		typ, b = mld.ModeIsExclude, nil
	}
	if g == nil && typ == mld.ChangeToInclude && len(b) == 0 && l.querier && r.faults.Has(faults.MLDRLeaveUnknownQueried) {
		out.add(addr, r.queryMRC(r.encodeMRC(r.cfg.LastListenerQueryInterval), addr, false, nil))
		return
	}
	if g == nil {
		if len(b) == 0 && typ != mld.ModeIsExclude && typ != mld.ChangeToExclude {
			return // IN{} + IS_IN{}, ALLOW{}, TO_IN{}, BLOCK{}: nothing to keep or query
		}
		g = &group{addr: addr, sources: map[netip.Addr]time.Time{}, srcLeft: map[netip.Addr]int{}}
		l.groups[addr] = g
	}
	running := func(s netip.Addr) bool { d, ok := g.sources[s]; return ok && d.After(now) }
	excluded := func(s netip.Addr) bool { d, ok := g.sources[s]; return ok && !d.After(now) }
	var qsrc []netip.Addr
	qgroup := false
	if !g.exclude {
		a := g.sources
		switch typ {
		case mld.ModeIsInclude, mld.AllowNewSources:
			for _, s := range b {
				g.sources[s] = mali
			}
		case mld.ModeIsExclude, mld.ChangeToExclude:
			next := map[netip.Addr]time.Time{}
			for _, s := range b {
				if d, ok := a[s]; ok {
					next[s] = d // A∩B keep their timers
					if typ == mld.ChangeToExclude {
						qsrc = append(qsrc, s)
					}
				} else {
					next[s] = time.Time{} // B−A excluded
				}
			}
			if r.faults.Has(faults.MLDRIncludeIsExKeepsAll) {
				for s, d := range a {
					if _, ok := next[s]; !ok {
						next[s] = d
					}
				}
			}
			r.replace(g, next)
			g.exclude, g.filter = true, mali
		case mld.ChangeToInclude:
			for s := range a {
				if !slices.Contains(b, s) {
					qsrc = append(qsrc, s)
				}
			}
			for _, s := range b {
				g.sources[s] = mali
			}
			if r.faults.Has(faults.MLDRToInNoQuery) {
				qsrc = nil
			}
		case mld.BlockOldSources:
			for _, s := range b {
				if _, ok := a[s]; ok {
					qsrc = append(qsrc, s)
				}
			}
		}
	} else {
		switch typ {
		case mld.AllowNewSources, mld.ModeIsInclude:
			if typ == mld.AllowNewSources && r.faults.Has(faults.MLDRAllowExcludeIgnored) {
				return
			}
			if typ == mld.ModeIsInclude && r.faults.Has(faults.MLDRExcludeIsInSwitches) {
				next := map[netip.Addr]time.Time{}
				for _, s := range b {
					next[s] = mali
				}
				r.replace(g, next)
				g.exclude, g.groupLeft = false, 0
				if len(next) == 0 {
					stopTimer(g.rtx)
					delete(l.groups, addr)
				}
				return
			}
			for _, s := range b {
				g.sources[s] = mali
			}
		case mld.ModeIsExclude, mld.ChangeToExclude:
			next := map[netip.Addr]time.Time{}
			for _, s := range b {
				switch {
				case running(s):
					next[s] = g.sources[s]
				case excluded(s):
					next[s] = time.Time{}
				case typ == mld.ModeIsExclude && r.faults.Has(faults.MLDRExcludeIsExNewExcluded):
					next[s] = time.Time{}
				case typ == mld.ModeIsExclude:
					next[s] = mali
				default:
					next[s] = g.filter
				}
				if typ == mld.ChangeToExclude && !excluded(s) {
					qsrc = append(qsrc, s)
				}
			}
			r.replace(g, next)
			g.filter = mali
		case mld.ChangeToInclude:
			for s := range g.sources {
				if running(s) && !slices.Contains(b, s) {
					qsrc = append(qsrc, s)
				}
			}
			for _, s := range b {
				g.sources[s] = mali
			}
			qgroup = true
			if r.faults.Has(faults.MLDRToInNoQuery) {
				qgroup, qsrc = false, nil
			}
		case mld.BlockOldSources:
			for _, s := range b {
				if _, ok := g.sources[s]; !ok {
					g.sources[s] = g.filter
				}
				if !excluded(s) || r.faults.Has(faults.MLDRBlockQueriesExcluded) {
					qsrc = append(qsrc, s)
				}
			}
		}
	}
	if g.exclude && r.faults.Has(faults.MLDRChangesQueryGroup) &&
		(typ == mld.AllowNewSources || typ == mld.BlockOldSources || typ == mld.ChangeToExclude) {
		qgroup = true
	}
	r.specificQueries(l, g, qgroup, qsrc, out)
}

// rowOf is a row of the §7.4.1 and §7.4.2 tables: the group's mode and
// the record's type; rowIgnored the fault that makes the router ignore
// the row (EXCLUDE + ALLOW has its own, MLDRAllowExcludeIgnored).
type rowOf struct {
	exclude bool
	typ     uint8
}

var rowIgnored = map[rowOf]faults.Fault{
	{false, mld.ModeIsInclude}:   faults.MLDRIncludeIsInIgnored,
	{false, mld.ModeIsExclude}:   faults.MLDRIncludeIsExIgnored,
	{true, mld.ModeIsInclude}:    faults.MLDRExcludeIsInIgnored,
	{true, mld.ModeIsExclude}:    faults.MLDRExcludeIsExIgnored,
	{false, mld.AllowNewSources}: faults.MLDRIncludeAllowIgnored,
	{false, mld.BlockOldSources}: faults.MLDRIncludeBlockIgnored,
	{false, mld.ChangeToExclude}: faults.MLDRIncludeToExIgnored,
	{false, mld.ChangeToInclude}: faults.MLDRIncludeToInIgnored,
	{true, mld.BlockOldSources}:  faults.MLDRExcludeBlockIgnored,
	{true, mld.ChangeToExclude}:  faults.MLDRExcludeToExIgnored,
	{true, mld.ChangeToInclude}:  faults.MLDRExcludeToInIgnored,
}

// replace sets the group's sources, forgetting the pending queries of the
// sources it drops.
func (r *Router) replace(g *group, next map[netip.Addr]time.Time) {
	for s := range g.srcLeft {
		if _, ok := next[s]; !ok {
			delete(g.srcLeft, s)
		}
	}
	g.sources = next
}

// specificQueries performs the table actions Send Q(MA) and Send
// Q(MA,X) (§7.6.3): only the querier sends; the filter timer, and the
// timers of the sources in X above LLQT, are lowered to LLQT, and those
// sources get LLQC transmissions; the first goes now.
func (r *Router) specificQueries(l *link, g *group, qgroup bool, x []netip.Addr, out *outbox) {
	if !l.querier {
		return
	}
	now := r.clock.Now()
	t := now.Add(r.llqt())
	to := now.Add(time.Duration(r.llqCopies()) * r.cfg.LastListenerQueryInterval) // LLQT
	lower := !r.faults.Has(faults.MLDRNoTimerLowering)
	armed := false
	if qgroup {
		if lower && g.filter.After(t) {
			g.filter = to
		}
		g.groupLeft = r.llqCopies()
		armed = true
	}
	for _, s := range x {
		if d := g.sources[s]; d.After(t) || r.faults.Has(faults.MLDRBlockQueriesExcluded) && !d.After(now) ||
			r.faults.Has(faults.MLDRLowSourcesQueried) && d.After(now) {
			if lower {
				g.sources[s] = to
			}
			g.srcLeft[s] = r.llqCopies()
			armed = true
		}
	}
	if armed {
		r.transmit(l, g, out)
	}
}

// llqCopies is how many times a specific query goes: LLQC (§7.6.3); the
// timers it lowers go to as many LLQIs.
func (r *Router) llqCopies() int {
	if r.faults.Has(faults.MLDRLLQExtraCopy) {
		return r.cfg.LastListenerQueryCount + 1
	}
	return r.cfg.LastListenerQueryCount
}

// transmit sends the group's pending specific queries (§7.6.3): Q(MA)
// with S set when the filter timer is above LLQT, and the pending sources
// split into those whose timers are above LLQT (S set) and the rest (S
// clear), each list in as many queries as the link MTU needs (§5.1.10).
// The next transmission is LLQI later.
func (r *Router) transmit(l *link, g *group, out *outbox) {
	now := r.clock.Now()
	t := now.Add(r.llqt())
	mrc := r.encodeMRC(r.cfg.LastListenerQueryInterval)
	sflag := func(above bool) bool {
		switch {
		case r.faults.Has(faults.MLDRSFlagNever):
			return false
		case r.faults.Has(faults.MLDRSFlagAlways):
			return true
		}
		return above
	}
	if !g.exclude {
		g.groupLeft = 0
	}
	if g.groupLeft > 0 {
		out.add(g.addr, r.queryMRC(mrc, g.addr, sflag(g.filter.After(t)), nil))
		g.groupLeft--
	}
	var hi, lo []netip.Addr
	for _, s := range sortedKeys(g.srcLeft) {
		d, ok := g.sources[s]
		if !ok {
			delete(g.srcLeft, s)
			continue
		}
		if d.After(t) {
			hi = append(hi, s)
		} else {
			lo = append(lo, s)
		}
		if g.srcLeft[s]--; g.srcLeft[s] <= 0 {
			delete(g.srcLeft, s)
		}
	}
	for _, list := range []struct {
		s    bool
		srcs []netip.Addr
	}{{true, hi}, {false, lo}} {
		for _, part := range slices.Collect(slices.Chunk(list.srcs, r.maxSources(l))) {
			out.add(g.addr, r.queryMRC(mrc, g.addr, sflag(list.s), part))
		}
	}
	stopTimer(g.rtx)
	if r.faults.Has(faults.MLDRNoLLQRetransmit) {
		g.groupLeft = 0
		clear(g.srcLeft)
	}
	if g.groupLeft > 0 || len(g.srcLeft) > 0 {
		g.rtx = r.clock.AfterFunc(r.cfg.LastListenerQueryInterval, func() { r.retransmit(l, g) })
	}
}

// retransmit sends the group's next specific queries.
func (r *Router) retransmit(l *link, g *group) {
	r.mu.Lock()
	if r.done || !l.querier || r.lookup(l, g.addr) != g {
		r.mu.Unlock()
		return
	}
	var out outbox
	r.transmit(l, g, &out)
	r.mu.Unlock()
	for _, m := range out {
		r.send(l.name, m.Dst, m.Msg)
	}
}

// maxSources is how many sources fit in one query on the link (§5.1.10):
// 89 on a 1500-octet link.
func (r *Router) maxSources(l *link) int {
	if r.faults.Has(faults.MLDRNoSplit) || l.mtu <= 0 {
		return 1 << 16
	}
	return max(1, (l.mtu-40-mld.HopByHopLen-mld.QueryMinLen)/mld.SourceLen)
}

func sortedKeys[V any](m map[netip.Addr]V) []netip.Addr {
	keys := make([]netip.Addr, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b netip.Addr) int { return a.Compare(b) })
	return keys
}

// --- Forwarding and status

// Wants says whether listeners on the named link want multicast from
// src to group (refnode.MulticastRouter): the group's state includes the
// source, or excludes it not.
func (r *Router) Wants(ifname string, src, grp netip.Addr) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.links[ifname]
	if l == nil || r.done {
		return false
	}
	if r.faults.Has(faults.MLDRForwardsEverywhere) {
		return true
	}
	g := r.lookup(l, grp.WithZone(""))
	if g == nil {
		return false
	}
	d, ok := g.sources[src.WithZone("")]
	running := ok && d.After(r.clock.Now())
	if g.exclude {
		return !ok || running
	}
	return running
}

// Source is a source of a group's state and its timer.
type Source struct {
	Addr  netip.Addr
	Timer time.Duration // 0: excluded (EXCLUDE mode's Y list)
}

// Group is a group's state on a link (§7.2).
type Group struct {
	Group       netip.Addr
	Exclude     bool
	FilterTimer time.Duration // EXCLUDE mode
	Sources     []Source
	V1          bool // in MLDv1 compatibility mode
}

// LinkState is the router's state on a link.
type LinkState struct {
	Interface  string
	Querier    bool
	Robustness int           // in force: its own, or the querier's QRV
	QI, QRI    time.Duration // in force
	MALI       time.Duration
	Groups     []Group
}

// State is the router's state on the named link.
func (r *Router) State(ifname string) (LinkState, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.links[ifname]
	if l == nil {
		return LinkState{}, false
	}
	now := r.clock.Now()
	st := LinkState{Interface: l.name, Querier: l.querier, Robustness: l.rv, QI: l.qi, QRI: l.qri, MALI: r.mali(l)}
	for _, a := range sortedKeys(l.groups) {
		g := r.lookup(l, a)
		if g == nil {
			continue
		}
		x := Group{Group: a, Exclude: g.exclude, V1: r.v1Mode(g)}
		if g.exclude {
			x.FilterTimer = g.filter.Sub(now)
		}
		for _, s := range sortedKeys(g.sources) {
			x.Sources = append(x.Sources, Source{s, max(0, g.sources[s].Sub(now))})
		}
		st.Groups = append(st.Groups, x)
	}
	return st, true
}
