// Package mldrouter is the reference node's MLDv2 multicast router and
// querier, like a multicast routing daemon: a separate component that
// drives a router node only through its public API (Node.OnMLD,
// Node.SendMLD, Node.SetMulticastRouter, Node.SetSocketFilter,
// Node.Addresses, Node.Clock, Node.Faults), never through its internals.
//
// Implemented, per router interface (RFC 3810 §7): querier election by
// the lowest link-local address with the Other Querier Present timer
// (§7.6.2, §9.5); start-up General Queries (Startup Query Count = RV,
// Startup Query Interval = QI/4, §9.6, §9.7), then one per Query Interval
// (§7.1), with MRC, QRV and QQIC encoded per §5.1.3, §5.1.8 and §5.1.9;
// the adoption of the querier's QRV, QQIC and Query Response Interval by
// a non-querier (§5.1.8, §5.1.9, §7.6.1), and the lowering of timers on
// specific queries with S clear, the router's own and other routers',
// querier or not (§7.6.1); the validation of the messages heard
// (validation.go); per-group state with filter
// mode, filter timer and source timers (§7.2), changed by Current State
// and State Change Records per the tables of §7.4.1 and §7.4.2, with the
// expiry rules of §7.5; Multicast Address Specific and Multicast Address
// and Source Specific Queries, LLQC times LLQI apart, with timer lowering
// and the S flag split of §7.6.3, source lists split to fit the link MTU
// (§5.1.10); MLDv1 interoperation per group (§8.3.2, §9.13), an MLDv2-only
// setting that ignores MLDv1 Reports and Done, and the source-specific
// multicast rules of RFC 4604 §3. The router joins ff02::16 on each of
// its links (§7): the node's listener reports it and answers queries.
// It tells the node's forwarding which links want a (source, group).
//
// Left out: acting as an MLDv1 querier on a link configured for MLDv1
// (§8.3.1; the router always queries in MLDv2), logging of inconsistent
// MLDv1 queriers, and multicast routing protocols between routers: the
// forwarding is that of a router whose every link is a leaf.
//
// Timers of listener state are kept as deadlines and read when the state
// is used (a report, a query, a forwarding decision), which gives the
// same observable behaviour as running timers; the queries themselves
// run on the node's clock.
package mldrouter

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"sync"
	"time"

	"github.com/v6ct/v6ct/refnode"
	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/mld"
)

// Defaults of RFC 3810 §9.
const (
	DefaultRobustness                = 2
	DefaultQueryInterval             = 125 * time.Second
	DefaultQueryResponseInterval     = 10 * time.Second
	DefaultLastListenerQueryInterval = time.Second
)

// AllMLDv2Routers is the group every MLDv2 router listens to (§7).
var AllMLDv2Routers = mld.AllMLDv2Routers

var allNodes = netip.MustParseAddr("ff02::1")

// routerSocket is the socket number the router joins ff02::16 with.
const routerSocket = 1 << 20

// Config is the router's protocol variables (§9) and modes. A zero field
// takes the RFC default.
type Config struct {
	Robustness                int           // §9.1 (2); also the Startup Query Count (§9.7)
	QueryInterval             time.Duration // §9.2 (125 s); the Startup Query Interval is a quarter of it (§9.6)
	QueryResponseInterval     time.Duration // §9.3 (10 s)
	LastListenerQueryInterval time.Duration // §9.8 (1 s)
	LastListenerQueryCount    int           // §9.9 (Robustness)
	// V2Only ignores MLDv1 Reports and Done (the MLDv2-only mode).
	V2Only bool
	// SSMRanges are source-specific multicast ranges besides ff3x::/32
	// (RFC 4604 §3).
	SSMRanges []netip.Prefix
}

// WithDefaults fills the zero fields with the RFC defaults.
func (c Config) WithDefaults() Config {
	if c.Robustness == 0 {
		c.Robustness = DefaultRobustness
	}
	if c.QueryInterval == 0 {
		c.QueryInterval = DefaultQueryInterval
	}
	if c.QueryResponseInterval == 0 {
		c.QueryResponseInterval = DefaultQueryResponseInterval
	}
	if c.LastListenerQueryInterval == 0 {
		c.LastListenerQueryInterval = DefaultLastListenerQueryInterval
	}
	if c.LastListenerQueryCount == 0 {
		c.LastListenerQueryCount = c.Robustness
	}
	return c
}

// LLQT is the Last Listener Query Time (§9.10).
func (c Config) LLQT() time.Duration {
	return c.LastListenerQueryInterval * time.Duration(c.LastListenerQueryCount)
}

// Node is what the router needs of the node (*refnode.Node has it).
type Node interface {
	Clock() clock.Clock
	Faults() faults.Set
	Interface(name string) (refnode.InterfaceInfo, bool)
	OnMLD(f refnode.MLDHandler)
	SendMLD(ifname string, dst netip.Addr, msg []byte) error
	SetMulticastRouter(r refnode.MulticastRouter)
	SetSocketFilter(socket int, ifname string, group netip.Addr, mode refnode.FilterMode, sources []netip.Addr) error
}

// Router is the multicast router of a node's interfaces.
type Router struct {
	node   Node
	clock  clock.Clock
	faults faults.Set
	cfg    Config

	mu    sync.Mutex // after the node's lock when the node calls in; never held while calling the node
	links map[string]*link
	done  bool
}

// link is one router interface.
type link struct {
	name    string
	mtu     int
	querier bool
	// the values in force: the router's own while it is querier, the
	// querier's as adopted (§5.1.8, §5.1.9, §7.6.1) otherwise
	rv      int
	qi, qri time.Duration
	startup int // start-up queries still to send
	gqTimer clock.Timer
	oqTimer clock.Timer
	gen     uint64
	groups  map[netip.Addr]*group
}

// group is the state of one multicast address on a link (§7.2).
type group struct {
	addr    netip.Addr
	exclude bool
	filter  time.Time // the filter timer's deadline (EXCLUDE mode)
	// sources and their timers' deadlines: in INCLUDE mode all are
	// requested; in EXCLUDE mode those still running are the requested
	// list X, the others (zero or past) the exclude list Y
	sources map[netip.Addr]time.Time
	v1Until time.Time // Older Version Host Present (§8.3.2)
	// pending specific queries (§7.6.3): retransmissions left
	groupLeft int
	srcLeft   map[netip.Addr]int
	rtx       clock.Timer
}

// Start makes the node a multicast router and querier on the named
// interfaces. The node must be a router.
func Start(n Node, ifnames []string, cfg Config) (*Router, error) {
	if len(ifnames) == 0 {
		return nil, errors.New("mldrouter: no interfaces")
	}
	r := &Router{node: n, clock: n.Clock(), faults: n.Faults(), cfg: cfg.WithDefaults(), links: map[string]*link{}}
	if r.faults == nil {
		r.faults = faults.Set{}
	}
	if r.faults.Has(faults.MLDRSSMRangeIgnored) {
		r.cfg.SSMRanges = nil // ff3x::/32 only
	}
	if r.faults.Has(faults.MLDRSSMPrefixShort) {
		r.cfg.SSMRanges = append(r.cfg.SSMRanges, netip.MustParsePrefix("ff30::/12")) // all of ff3x::/16
	}
	for _, name := range ifnames {
		info, ok := n.Interface(name)
		if !ok {
			return nil, fmt.Errorf("mldrouter: no interface %q", name)
		}
		l := &link{name: name, querier: true, mtu: info.MTU, groups: map[netip.Addr]*group{}}
		r.own(l)
		r.links[name] = l
	}
	for _, name := range ifnames {
		if !r.faults.Has(faults.MLDRNoAllRoutersJoin) {
			if err := n.SetSocketFilter(routerSocket, name, AllMLDv2Routers, refnode.FilterExclude, nil); err != nil {
				return nil, fmt.Errorf("mldrouter: joining %s on %s: %w", AllMLDv2Routers, name, err)
			}
		}
	}
	n.OnMLD(r.input)
	n.SetMulticastRouter(r)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, name := range ifnames {
		l := r.links[name]
		l.startup = r.cfg.Robustness
		if r.faults.Has(faults.MLDRNoStartupQueries) {
			l.startup = 0
			r.scheduleGQ(l, r.cfg.QueryInterval)
			continue
		}
		r.scheduleGQ(l, 0)
	}
	return r, nil
}

// Stop ends querying. Call it before closing the node.
func (r *Router) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done = true
	for _, l := range r.links {
		stopTimer(l.gqTimer)
		stopTimer(l.oqTimer)
		for _, g := range l.groups {
			stopTimer(g.rtx)
		}
	}
}

func stopTimer(t clock.Timer) {
	if t != nil {
		t.Stop()
	}
}

// own makes the link use the router's own values (it is querier).
func (r *Router) own(l *link) {
	l.rv, l.qi, l.qri = r.cfg.Robustness, r.cfg.QueryInterval, r.cfg.QueryResponseInterval
}

// mali is the Multicast Address Listening Interval (§9.4) with the values
// in force on the link.
func (r *Router) mali(l *link) time.Duration {
	qi := l.qi
	if r.faults.Has(faults.MLDRNoAdoptedQI) {
		qi = r.cfg.QueryInterval
	}
	if r.faults.Has(faults.MLDRMALIWrong) {
		return qi + l.qri
	}
	if r.faults.Has(faults.MLDRMALILong) {
		return time.Duration(l.rv+1)*qi + l.qri
	}
	return time.Duration(l.rv)*qi + l.qri
}

// oqpt is the Other Querier Present Timeout (§9.5).
func (r *Router) oqpt(l *link) time.Duration {
	if r.faults.Has(faults.MLDROQPTWrong) {
		return l.qi + l.qri/2
	}
	return time.Duration(l.rv)*l.qi + l.qri/2
}

func (r *Router) llqt() time.Duration { return r.cfg.LLQT() }

// --- General Queries and the querier election (§7.1, §7.6.2)

// scheduleGQ sets the next General Query after d. Call with r.mu held.
func (r *Router) scheduleGQ(l *link, d time.Duration) {
	stopTimer(l.gqTimer)
	l.gen++
	gen := l.gen
	l.gqTimer = r.clock.AfterFunc(d, func() { r.fireGQ(l, gen) })
}

func (r *Router) fireGQ(l *link, gen uint64) {
	r.mu.Lock()
	if r.done || l.gen != gen || !l.querier {
		r.mu.Unlock()
		return
	}
	startup := l.startup
	next := r.cfg.QueryInterval
	if l.startup > 0 {
		l.startup--
		if l.startup > 0 {
			next = r.cfg.QueryInterval / 4
		}
	}
	msg := r.query(netip.IPv6Unspecified(), false, nil)
	r.scheduleGQ(l, next)
	gen = l.gen
	r.mu.Unlock()
	if err := r.node.SendMLD(l.name, allNodes, msg); errors.Is(err, refnode.ErrNoLinkLocal) {
		// Not yet: the link-local address is still tentative. The query
		// goes out as soon as it can (§7.1: queries come from it).
		r.mu.Lock()
		if l.gen == gen && !r.done {
			l.startup = startup
			r.scheduleGQ(l, retryNoLinkLocal)
		}
		r.mu.Unlock()
	}
}

// retryNoLinkLocal is how soon a query that found no usable link-local
// address is tried again.
const retryNoLinkLocal = 100 * time.Millisecond

// send hands a query to the node. It fails only while the interface's
// link-local address is not usable.
func (r *Router) send(ifname string, dst netip.Addr, msg []byte) {
	_ = r.node.SendMLD(ifname, dst, msg)
}

// query builds an MLDv2 Query with the router's own values.
func (r *Router) query(group netip.Addr, s bool, sources []netip.Addr) []byte {
	return r.queryMRC(r.encodeMRC(r.cfg.QueryResponseInterval), group, s, sources)
}

func (r *Router) queryMRC(mrc uint16, group netip.Addr, s bool, sources []netip.Addr) []byte {
	msg := make([]byte, mld.QueryMinLen+len(sources)*mld.SourceLen)
	qrv := EncodeQRV(r.cfg.Robustness, r.faults.Has(faults.MLDRQRVAboveSeven))
	if r.faults.Has(faults.MLDRQRVSevenAsZero) && r.cfg.Robustness == 7 {
		qrv = 0
	}
	n := mld.PutQuery(msg, mrc, group, s, qrv, r.encodeQQIC(r.cfg.QueryInterval), sources)
	return msg[:n]
}

// EncodeQRV is the QRV field for a Robustness Variable: 0 above 7
// (§5.1.8); capped reproduces the fault of sending 7 instead.
func EncodeQRV(rv int, capped bool) uint8 {
	switch {
	case rv > 7 && capped:
		return 7
	case rv > 7:
		return 0
	}
	return uint8(rv)
}

func (r *Router) encodeMRC(d time.Duration) uint16 {
	if r.faults.Has(faults.MLDRMRCLinear) {
		return uint16(min(d/time.Millisecond, 0x7fff))
	}
	return mld.MaxRespCode(d)
}

func (r *Router) encodeQQIC(d time.Duration) uint8 {
	if r.faults.Has(faults.MLDRQQICLinear) {
		return uint8(min(d/time.Second, 0xff))
	}
	return mld.QQIC(d)
}

// --- Input

// input is the node's MLD handler: an MLD message that passed the node's
// IP checks arrived on ifname. It returns the queries to send at once.
func (r *Router) input(in refnode.MLDInput) []refnode.MLDMessage {
	r.mu.Lock()
	defer r.mu.Unlock()
	l, msg := r.links[in.Interface], in.Msg
	if l == nil || r.done || len(msg) < mld.V1Len {
		return nil
	}
	src := in.Src.WithZone("")
	var out outbox
	switch r.msgType(msg) {
	case mld.TypeQuery:
		r.queryIn(l, src, in.LinkLocal.WithZone(""), msg)
	case mld.TypeV2Report:
		if !r.reportAccepted(src, in.Dst.WithZone("")) {
			return nil // §5.2.13, §5.2.14
		}
		recs, ok := r.parseReport(msg)
		if !ok || r.faults.Has(faults.MLDRSSMExcludeDropsReport) && r.hasSSMExclude(recs) {
			return nil
		}
		for i, rec := range recs {
			if i > 0 && r.faults.Has(faults.MLDRFirstRecordOnly) {
				break
			}
			if in.Own != nil && !r.faults.Has(faults.MLDRSourceAddressUnchecked) {
				rec.Sources = slices.DeleteFunc(slices.Clone(rec.Sources), in.Own) // §5.2.9
			}
			r.record(l, rec, &out)
			if r.faults.Has(faults.MLDRNodeWideState) {
				for _, other := range r.links {
					if other != l {
						var lost outbox // the queries of the other links are not sent
						r.record(other, rec, &lost)
					}
				}
			}
		}
	case mld.TypeV1Report, mld.TypeV1Done:
		r.v1In(l, msg[0], mld.V1Group(msg), &out)
	}
	return out.msgs(l.name)
}

// validGroup says whether a record's multicast address is one the router
// keeps state for: multicast of scope 2 or wider, not all-nodes (§5.2.8).
func validGroup(g netip.Addr) bool {
	if !g.IsMulticast() {
		return false
	}
	b := g.As16()
	if b[1]&0x0f < 2 {
		return false
	}
	return g != netip.MustParseAddr("ff02::1")
}

// validSource says whether a source entry names a possible source
// (§5.2.9): unicast, neither :: nor loopback nor link-local. Sources are
// read from 16 octets: always IPv6 addresses.
func validSource(s netip.Addr) bool {
	return !s.IsUnspecified() && !s.IsMulticast() && !s.IsLoopback() && !s.IsLinkLocalUnicast()
}

// IsSSM says whether a group is source-specific: ff3x::/32 (RFC 4607 §1)
// or one of the ranges.
func IsSSM(g netip.Addr, ranges []netip.Prefix) bool {
	b := g.As16()
	if b[0] == 0xff && b[1]&0xf0 == 0x30 && b[2] == 0 && b[3] == 0 {
		return true
	}
	for _, p := range ranges {
		if p.Contains(g) {
			return true
		}
	}
	return false
}

// queryIn handles a query heard on the link (§7.6.1, §7.6.2).
func (r *Router) queryIn(l *link, src, ll netip.Addr, msg []byte) {
	q, err := r.parseQuery(msg)
	if err != nil {
		return // §8.1: other lengths are ignored
	}
	if q.V1 && !r.faults.Has(faults.MLDRV1QueryDowngrades) {
		return // not configured for MLDv1: it keeps querying in MLDv2 (§8.3.1)
	}
	if !r.queryAddressOK(q) {
		return // §5.1.5, §5.1.10
	}
	if !src.IsLinkLocalUnicast() && !r.faults.Has(faults.MLDQueryAnySource) {
		return // §5.1.14
	}
	lower := ll.IsValid() && src.Less(ll)
	if r.faults.Has(faults.MLDRLowestLoses) {
		lower = ll.IsValid() && ll.Less(src)
	}
	if lower && !r.faults.Has(faults.MLDRNoElection) {
		r.yield(l, src, q)
	}
	if (!q.S || r.faults.Has(faults.MLDRSFlagIgnoredOnReceive)) && !r.faults.Has(faults.MLDRQueryLowersNothing) {
		r.lowerOnQuery(l, q) // §7.6.1: querier or not; a General Query (::) finds no group
	}
}

// yield makes the link a non-querier for OQPT, adopting the querier's
// values (§5.1.8, §5.1.9, §7.6.2).
func (r *Router) yield(l *link, src netip.Addr, q mld.Query) {
	wasQuerier := l.querier
	l.querier = false
	if !r.faults.Has(faults.MLDRIgnoresQRV) {
		l.rv = int(q.QRV)
		if l.rv == 0 {
			l.rv = r.cfg.Robustness
		}
		l.qi = q.QQI
		if l.qi == 0 {
			l.qi = DefaultQueryInterval
		}
		if !q.V1 {
			l.qri = q.MaxResp
		}
	}
	for _, g := range l.groups { // the querier queries now
		stopTimer(g.rtx)
		g.groupLeft = 0
		clear(g.srcLeft)
	}
	stopTimer(l.gqTimer)
	if !wasQuerier && r.faults.Has(faults.MLDROQPTNotRestarted) {
		return // the timer of the first query runs on
	}
	l.gen++
	stopTimer(l.oqTimer)
	gen := l.gen
	l.oqTimer = r.clock.AfterFunc(r.oqpt(l), func() { r.resume(l, gen) })
}

// resume makes the link querier again when the Other Querier Present
// timer expires: a General Query now, then one per Query Interval.
func (r *Router) resume(l *link, gen uint64) {
	r.mu.Lock()
	if r.done || l.gen != gen || l.querier {
		r.mu.Unlock()
		return
	}
	l.querier = true
	r.own(l)
	r.scheduleGQ(l, 0)
	r.mu.Unlock()
}

// lowerOnQuery lowers the router's timers on another router's specific
// query with S clear (§7.6.1): whether or not it is the querier, the
// query's last listener queries are what it waits for.
func (r *Router) lowerOnQuery(l *link, q mld.Query) {
	g := r.lookup(l, q.Group)
	if g == nil || r.faults.Has(faults.MLDRNoTimerLowering) {
		return
	}
	now, t := r.clock.Now(), r.clock.Now().Add(r.llqt())
	if len(q.Sources) == 0 {
		if g.exclude && g.filter.After(t) {
			g.filter = t
		}
		return
	}
	for _, s := range q.Sources {
		if d, ok := g.sources[s]; ok && d.After(t) && d.After(now) {
			g.sources[s] = t
		}
	}
}
