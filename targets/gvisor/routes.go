package gvisor

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"time"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/header"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv6"
	"gvisor.dev/gvisor/pkg/tcpip/stack"
)

// dispatcher is the integrator's side of netstack's Neighbor Discovery: it
// turns what Router Advertisements teach (RFC 4861 §6.3.4, RFC 4191 §3)
// into the stack's routing table, and removes each route when netstack says
// it is no longer valid. Netstack itself forms and removes the SLAAC
// addresses (RFC 4862 §5.5.3) and does DAD; the dispatcher only records the
// outcome, so that the target knows when the node is ready.
//
// Netstack forbids calling into the stack from these callbacks, so the
// dispatcher keeps the table it wants and a goroutine of its own installs it
// after every change.
type dispatcher struct {
	s *stack.Stack

	mu     sync.Mutex
	static []tcpip.Route // configuration: each address's prefix, the spec's routes
	learnt []learntRoute // from advertisements, in the order learnt
	// neigh is the Neighbor Unreachability Detection state of each
	// neighbor netstack reported (NUDDispatcher), for router selection.
	neigh   map[neighborKey]stack.NeighborState
	dad     map[tcpip.Address]stack.DADResult
	seq     int
	pending bool // the table changed since it was last installed
	dirty   chan struct{}
	done    chan struct{}
	closed  bool
	// installMu makes installs one at a time, in the order of changes.
	installMu sync.Mutex
}

type neighborKey struct {
	nic  tcpip.NICID
	addr tcpip.Address
}

// learntRoute is a route an advertisement taught: a default router or a
// more-specific route (Gateway set), or an on-link prefix (Gateway zero).
type learntRoute struct {
	route tcpip.Route
	pref  header.NDPRoutePreference
	seq   int
}

func newDispatcher() *dispatcher {
	d := &dispatcher{dad: map[tcpip.Address]stack.DADResult{}, neigh: map[neighborKey]stack.NeighborState{},
		dirty: make(chan struct{}, 1), done: make(chan struct{})}
	go d.install()
	return d
}

var (
	_ ipv6.NDPDispatcher  = (*dispatcher)(nil)
	_ stack.NUDDispatcher = (*dispatcher)(nil)
)

// install writes the wanted table into the stack after changes that come
// from netstack's timers (a lifetime ran out, a router became
// unreachable).
func (d *dispatcher) install() {
	defer close(d.done)
	for range d.dirty {
		d.flush()
	}
}

// flush installs the wanted table if it changed. The link's receive loop
// calls it after each frame, once netstack has let go of its locks, so that
// what an advertisement taught is in the table before the next frame is
// processed, as it would be in a kernel.
func (d *dispatcher) flush() {
	d.installMu.Lock()
	defer d.installMu.Unlock()
	d.mu.Lock()
	if !d.pending || d.s == nil {
		d.mu.Unlock()
		return
	}
	d.pending = false
	table, s := d.table(), d.s
	d.mu.Unlock()
	s.SetRouteTable(table)
}

// table is the routing table: longest prefix first (the stack keeps that
// order itself, and uses the first route that matches); among learnt routes
// of one prefix, routers that are reachable or probably reachable before
// those whose reachability is unknown or suspect (RFC 4861 §6.3.6, RFC 4191
// §3.2), then the higher preference (RFC 4191 §3.2), then the one learnt
// first. Static routes come before learnt ones of the same prefix length.
func (d *dispatcher) table() []tcpip.Route {
	learnt := append([]learntRoute(nil), d.learnt...)
	sort.SliceStable(learnt, func(i, j int) bool {
		ri, rj := d.reachable(learnt[i].route), d.reachable(learnt[j].route)
		if ri != rj {
			return ri
		}
		pi, pj := prefRank(learnt[i].pref), prefRank(learnt[j].pref)
		if pi != pj {
			return pi > pj
		}
		return learnt[i].seq < learnt[j].seq
	})
	t := append([]tcpip.Route(nil), d.static...)
	for _, l := range learnt {
		t = append(t, l.route)
	}
	return t
}

// reachable says whether a route's router is reachable or probably
// reachable: its neighbor entry is in any state but INCOMPLETE (netstack
// also keeps UNREACHABLE for one that failed its probes). An on-link route
// counts as reachable.
func (d *dispatcher) reachable(r tcpip.Route) bool {
	if r.Gateway.BitLen() == 0 {
		return true
	}
	switch d.neigh[neighborKey{r.NIC, r.Gateway}] {
	case stack.Reachable, stack.Stale, stack.Delay, stack.Probe, stack.Static:
		return true
	}
	return false
}

func prefRank(p header.NDPRoutePreference) int {
	switch p {
	case header.HighRoutePreference:
		return 1
	case header.LowRoutePreference:
		return -1
	}
	return 0
}

func (d *dispatcher) changed() {
	d.pending = true
	if d.closed {
		return
	}
	select {
	case d.dirty <- struct{}{}:
	default:
	}
}

func (d *dispatcher) addStatic(r tcpip.Route) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.static = append(d.static, r)
	d.changed()
}

// learn adds or refreshes a learnt route (same destination, gateway, NIC).
func (d *dispatcher) learn(r tcpip.Route, pref header.NDPRoutePreference) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := range d.learnt {
		if sameRoute(d.learnt[i].route, r) {
			d.learnt[i].pref = pref
			d.changed()
			return
		}
	}
	d.seq++
	d.learnt = append(d.learnt, learntRoute{route: r, pref: pref, seq: d.seq})
	d.changed()
}

func (d *dispatcher) forget(r tcpip.Route) {
	d.mu.Lock()
	defer d.mu.Unlock()
	kept := d.learnt[:0]
	for _, l := range d.learnt {
		if !sameRoute(l.route, r) {
			kept = append(kept, l)
		}
	}
	d.learnt = kept
	d.changed()
}

func sameRoute(a, b tcpip.Route) bool {
	return a.Destination == b.Destination && a.Gateway == b.Gateway && a.NIC == b.NIC
}

func (d *dispatcher) stop() {
	d.mu.Lock()
	if !d.closed {
		d.closed = true
		d.s = nil
		close(d.dirty)
	}
	d.mu.Unlock()
	<-d.done
}

// assigned reports whether every address in want passed DAD.
func (d *dispatcher) assigned(want []netip.Addr) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, a := range want {
		if _, ok := d.dad[addr(a)].(*stack.DADSucceeded); !ok {
			return false
		}
	}
	return true
}

func (d *dispatcher) dadSummary(want []netip.Addr) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var s []string
	for _, a := range want {
		r, ok := d.dad[addr(a)]
		switch {
		case !ok:
			s = append(s, a.String()+": no DAD result")
		default:
			s = append(s, fmt.Sprintf("%s: %T", a, r))
		}
	}
	return strings.Join(s, ", ")
}

// --- stack.NUDDispatcher: the state of routers' neighbor entries

func (d *dispatcher) OnNeighborAdded(nic tcpip.NICID, e stack.NeighborEntry) {
	d.neighbor(nic, e, false)
}

func (d *dispatcher) OnNeighborChanged(nic tcpip.NICID, e stack.NeighborEntry) {
	d.neighbor(nic, e, false)
}

func (d *dispatcher) OnNeighborRemoved(nic tcpip.NICID, e stack.NeighborEntry) {
	d.neighbor(nic, e, true)
}

func (d *dispatcher) neighbor(nic tcpip.NICID, e stack.NeighborEntry, removed bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	k := neighborKey{nic, e.Addr}
	was := d.routerReachable(k)
	if removed {
		delete(d.neigh, k)
	} else {
		d.neigh[k] = e.State
	}
	if d.routerReachable(k) != was {
		d.changed()
	}
}

// routerReachable is reachable for a neighbor that is a next hop of a learnt
// route; false for any other neighbor, whose state does not order routes.
func (d *dispatcher) routerReachable(k neighborKey) bool {
	for _, l := range d.learnt {
		if l.route.NIC == k.nic && l.route.Gateway == k.addr {
			return d.reachable(l.route)
		}
	}
	return false
}

// --- ipv6.NDPDispatcher

func (d *dispatcher) OnDuplicateAddressDetectionResult(_ tcpip.NICID, a tcpip.Address, r stack.DADResult) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.dad[a] = r
}

// OnOffLinkRouteUpdated: a default router (RFC 4861 §6.3.4, destination
// ::/0) or a Route Information option's route (RFC 4191 §3.1).
func (d *dispatcher) OnOffLinkRouteUpdated(nic tcpip.NICID, dst tcpip.Subnet, router tcpip.Address, pref header.NDPRoutePreference) {
	d.learn(tcpip.Route{Destination: dst, Gateway: router, NIC: nic}, pref)
}

func (d *dispatcher) OnOffLinkRouteInvalidated(nic tcpip.NICID, dst tcpip.Subnet, router tcpip.Address) {
	d.forget(tcpip.Route{Destination: dst, Gateway: router, NIC: nic})
}

// OnOnLinkPrefixDiscovered: a Prefix Information option with L=1 (RFC 4861
// §6.3.4): destinations in it are neighbors on the link.
func (d *dispatcher) OnOnLinkPrefixDiscovered(nic tcpip.NICID, p tcpip.Subnet) {
	d.learn(tcpip.Route{Destination: p, NIC: nic}, header.MediumRoutePreference)
}

func (d *dispatcher) OnOnLinkPrefixInvalidated(nic tcpip.NICID, p tcpip.Subnet) {
	d.forget(tcpip.Route{Destination: p, NIC: nic})
}

// OnAutoGenAddress: netstack formed and added the address itself.
func (d *dispatcher) OnAutoGenAddress(tcpip.NICID, tcpip.AddressWithPrefix) stack.AddressDispatcher {
	return nil
}

func (d *dispatcher) OnAutoGenAddressDeprecated(tcpip.NICID, tcpip.AddressWithPrefix)  {}
func (d *dispatcher) OnAutoGenAddressInvalidated(tcpip.NICID, tcpip.AddressWithPrefix) {}

// DNS options and DHCPv6 hints go to a resolver and a DHCPv6 client this
// target does not have.
func (d *dispatcher) OnRecursiveDNSServerOption(tcpip.NICID, []tcpip.Address, time.Duration) {}
func (d *dispatcher) OnDNSSearchListOption(tcpip.NICID, []string, time.Duration)             {}
func (d *dispatcher) OnDHCPv6Configuration(tcpip.NICID, ipv6.DHCPv6ConfigurationFromNDPRA)   {}
