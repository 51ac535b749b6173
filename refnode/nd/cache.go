package nd

import (
	"net"
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// State is a neighbor cache entry's reachability state (RFC 4861 §7.3.2).
type State int

const (
	Incomplete State = iota + 1 // resolution in progress, no link-layer address yet
	Reachable                   // confirmed within ReachableTime
	Stale                       // not confirmed lately; nothing sent yet to check
	Delay                       // traffic sent to a stale entry, waiting for upper-layer hints
	Probe                       // unicast solicitations being sent
)

func (s State) String() string {
	switch s {
	case Incomplete:
		return "INCOMPLETE"
	case Reachable:
		return "REACHABLE"
	case Stale:
		return "STALE"
	case Delay:
		return "DELAY"
	case Probe:
		return "PROBE"
	}
	return "?"
}

type key struct {
	ifindex int
	addr    netip.Addr
}

// entry is one neighbor cache entry.
type entry struct {
	key
	state    State
	linkAddr [6]byte
	isRouter bool
	probes   int        // solicitations sent in INCOMPLETE or PROBE
	prompt   netip.Addr // source of the packet that started resolution or probing
	queue    [][]byte   // packets waiting in INCOMPLETE, oldest first
	timer    clock.Timer
	gen      uint64 // invalidates callbacks of replaced timers
	// confirmed says the entry has been REACHABLE, used that the node has
	// sent it more than Neighbor Discovery: such a neighbor is evicted for
	// a newcomer only after the others (limits.go).
	confirmed, used bool
}

// NeighborInfo is a snapshot of an entry.
type NeighborInfo struct {
	Ifindex  int
	Addr     netip.Addr
	State    State
	LinkAddr [6]byte
	IsRouter bool
	Queued   int
}

// Neighbors lists the cache. Call with the lock held.
func (d *ND) Neighbors() []NeighborInfo {
	var out []NeighborInfo
	for _, e := range d.neighbors {
		out = append(out, NeighborInfo{e.ifindex, e.addr, e.state, e.linkAddr, e.isRouter, len(e.queue)})
	}
	return out
}

// setTimer replaces the entry's timer with one that calls f after dur,
// unless the entry has been replaced or re-timed meanwhile.
func (d *ND) setTimer(e *entry, dur time.Duration, f func(*entry)) {
	stopTimer(&e.timer)
	e.gen++
	gen := e.gen
	e.timer = d.after(dur, func() {
		if e.gen == gen && d.neighbors[e.key] == e {
			f(e)
		}
	})
}

func (d *ND) setState(e *entry, s State) {
	if e.state == Incomplete && s != Incomplete && d.incomplete > 0 {
		d.incomplete--
	}
	e.state = s
	switch s {
	case Reachable:
		e.confirmed = true
		d.setTimer(e, d.ReachableTime(e.ifindex), d.reachableTimeout)
	case Stale:
		stopTimer(&e.timer)
	}
}

// Resolve is called by the output path for a unicast packet to the on-link
// neighbor dst, sent from src. It returns the MAC to send to, or false if the
// packet was queued (or dropped) waiting for resolution (RFC 4861 §7.2.2,
// §7.3.3).
func (d *ND) Resolve(ifindex int, dst, src netip.Addr, pkt []byte) ([6]byte, bool) {
	k := key{ifindex, dst}
	e := d.neighbors[k]
	if e == nil {
		if !d.newEntryRoom(true, !isND(pkt)) {
			return [6]byte{}, false // the packet is dropped
		}
		e = &entry{key: k, state: Incomplete, prompt: src, used: !isND(pkt)}
		d.neighbors[k] = e
		d.incomplete++
		d.enqueue(e, pkt)
		d.port.Logf("nd: resolving %s", dst)
		d.solicitMulticast(e)
		return [6]byte{}, false
	}
	if !e.used && !isND(pkt) {
		e.used = true
	}
	if e.state == Incomplete && !d.faults.Has(faults.IncompleteSendsAtOnce) {
		d.enqueue(e, pkt)
		return [6]byte{}, false
	}
	d.sendingTo(e, src)
	return e.linkAddr, true
}

// sendingTo applies what sending a packet does to an entry that has a
// link-layer address: a STALE entry starts the DELAY timer (§7.3.3).
func (d *ND) sendingTo(e *entry, src netip.Addr) {
	if e.state == Stale {
		e.state = Delay
		e.prompt = src
		delay := d.c.DelayFirstProbeTime
		if d.faults.Has(faults.NUDNoDelay) {
			delay = 0 // the faulty node probes at once (once the packet is out)
		}
		d.setTimer(e, delay, d.delayTimeout)
	}
}

func (d *ND) enqueue(e *entry, pkt []byte) {
	if d.faults.Has(faults.NoQueueWhileIncomplete) {
		d.port.Count(counter.NDQueueNotQueued)
		return
	}
	if d.c.MaxQueue <= 0 {
		d.port.Count(counter.NDQueueOverflow)
		return
	}
	octets := len(pkt)
	for _, q := range e.queue {
		octets += len(q)
	}
	for len(e.queue) > 0 && (len(e.queue) >= d.c.MaxQueue || (d.c.MaxQueueOctets > 0 && octets > d.c.MaxQueueOctets)) {
		d.port.Count(counter.NDQueueOverflow) // the oldest goes first
		octets -= len(e.queue[0])
		d.queued -= len(e.queue[0])
		e.queue = append(e.queue[:0], e.queue[1:]...)
	}
	if d.queued+len(pkt) > d.limits.QueuedOctets {
		d.port.Count(counter.NDQueueTotalLimit)
		return
	}
	d.queued += len(pkt)
	e.queue = append(e.queue, append([]byte(nil), pkt...))
}

// flush sends the packets that waited for resolution.
func (d *ND) flush(e *entry) {
	q := e.queue
	d.dropQueue(e)
	for _, p := range q {
		d.sendingTo(e, ipv6.Header(p).Src())
		d.port.Transmit(e.ifindex, e.linkAddr, p)
	}
}

// maxMulticastSolicit is how many multicast solicitations resolution sends.
func (d *ND) maxMulticastSolicit() int {
	if d.faults.Has(faults.NSExtraSolicit) {
		return d.c.MaxMulticastSolicit + 1
	}
	return d.c.MaxMulticastSolicit
}

// solicitMulticast sends one address-resolution solicitation to the
// target's solicited-node group, with our link-layer address (§7.2.2).
func (d *ND) solicitMulticast(e *entry) {
	src, ok := d.nextProbe(e, d.incompleteTimeout)
	if !ok {
		return
	}
	dst := ipv6.SolicitedNode(e.addr)
	if d.faults.Has(faults.NSWrongGroup) {
		dst = ipv6.AllNodes
	}
	var slla *[6]byte
	if !d.faults.Has(faults.NSNoSLLA) {
		mac := d.port.LinkAddr(e.ifindex)
		slla = &mac
	}
	n := PutNS(d.buf[:], e.addr, slla)
	d.port.SendND(e.ifindex, src, dst, d.buf[:n], [6]byte{}, false)
}

// nextProbe counts one more solicitation for e, arms the RetransTimer that
// judges it, and picks its source address (§7.2.2).
func (d *ND) nextProbe(e *entry, timeout func(*entry)) (netip.Addr, bool) {
	e.probes++
	d.setTimer(e, d.RetransTimer(e.ifindex), timeout)
	src := d.port.SolicitSource(e.ifindex, e.prompt)
	if !src.IsValid() {
		d.port.Count(counter.NDNSNoSource)
		return src, false
	}
	return src, true
}

// solicitUnicast probes a neighbor at its cached address (§7.3.3).
func (d *ND) solicitUnicast(e *entry) {
	src, ok := d.nextProbe(e, d.probeTimeout)
	if !ok {
		return
	}
	mac := d.port.LinkAddr(e.ifindex)
	n := PutNS(d.buf[:], e.addr, &mac)
	d.port.SendND(e.ifindex, src, e.addr, d.buf[:n], e.linkAddr, true)
}

func (d *ND) incompleteTimeout(e *entry) {
	if e.probes < d.maxMulticastSolicit() {
		d.solicitMulticast(e)
		return
	}
	q := e.queue
	d.port.Count(counter.NDResolutionFailed)
	d.port.Logf("nd: %s did not answer %d solicitations, giving up", e.addr, e.probes)
	d.remove(e)
	for _, p := range q {
		d.port.Count(counter.NDResolutionPacketDropped)
		d.port.Unreachable(e.ifindex, p)
	}
}

func (d *ND) reachableTimeout(e *entry) {
	if d.faults.Has(faults.ReachableNeverStale) {
		d.port.Count(counter.NDReachableKept) // the faulty node trusts a confirmation for ever
		return
	}
	e.state = Stale
}

func (d *ND) delayTimeout(e *entry) {
	if d.faults.Has(faults.NUDNoProbe) {
		d.setState(e, Stale)
		return
	}
	e.state = Probe
	e.probes = 0
	d.solicitUnicast(e)
}

func (d *ND) probeTimeout(e *entry) {
	limit := d.c.MaxUnicastSolicit
	switch {
	case d.faults.Has(faults.NUDExtraProbe):
		limit++
	case d.faults.Has(faults.NUDProbeOneShort):
		limit--
	}
	if e.probes < limit {
		d.solicitUnicast(e)
		return
	}
	d.port.Count(counter.NDNUDUnreachable)
	d.port.Logf("nd: %s unreachable after %d probes, removed", e.addr, e.probes)
	d.remove(e)
}

func (d *ND) remove(e *entry) {
	stopTimer(&e.timer)
	d.dropQueue(e)
	if e.state == Incomplete && d.incomplete > 0 {
		d.incomplete--
	}
	delete(d.neighbors, e.key)
	d.forgetNextHop(e.key) // its destinations choose their next hop again (§7.3.3)
}

// learn records a link-layer address that a solicitation's source
// link-layer option (§7.2.3, §6.2.6), an RA's (§6.3.4) or a Redirect's
// target link-layer option (§8.3) brought: a new entry or a changed address
// becomes STALE, a resolution in progress is completed, the same address
// leaves the state as it is. A new entry is not a router until said so.
// It returns nil when the cache is full (Limits.Neighbors).
func (d *ND) learn(ifindex int, src netip.Addr, mac [6]byte) *entry {
	k := key{ifindex, src}
	e := d.neighbors[k]
	switch {
	case e == nil:
		if !d.newEntryRoom(false, false) {
			return nil
		}
		e = &entry{key: k}
		d.neighbors[k] = e
		e.linkAddr = mac
		d.setState(e, Stale)
	case e.state == Incomplete:
		e.linkAddr = mac
		d.setState(e, Stale)
		d.flush(e)
	case e.linkAddr != mac:
		e.linkAddr = mac
		d.setState(e, Stale)
	}
	return e
}

// advertised applies a valid Neighbor Advertisement to the entry for its
// target, following the table of RFC 4861 §7.2.5 (and Appendix C).
func (d *ND) advertised(e *entry, m NA, tlla [6]byte, hasTLLA bool) {
	if e.state == Incomplete {
		if !hasTLLA {
			d.port.Count(counter.NDNAIncompleteWithoutTLLA)
			return
		}
		e.linkAddr = tlla
		d.setIsRouter(e, m.Router())
		if m.Solicited() && !d.faults.Has(faults.NASolicitedFlagIgnored) || d.faults.Has(faults.NAUnsolicitedConfirms) {
			d.setState(e, Reachable)
		} else {
			d.setState(e, Stale)
		}
		d.port.Logf("nd: %s is at %s (%s)", e.addr, net.HardwareAddr(tlla[:]), e.state)
		d.flush(e)
		return
	}
	differs := hasTLLA && tlla != e.linkAddr
	if !m.Override() && differs && !d.faults.Has(faults.NAOverrideFlagIgnored) {
		// Not allowed to replace the cached address; only weaken a
		// REACHABLE entry.
		if e.state == Reachable {
			d.setState(e, Stale)
		}
		d.port.Count(counter.NDNANoOverride)
		return
	}
	if hasTLLA {
		e.linkAddr = tlla
	}
	solicited := m.Solicited() && !d.faults.Has(faults.NASolicitedFlagIgnored)
	wasReachable := e.state == Reachable
	switch {
	case solicited:
		d.setState(e, Reachable)
	case d.faults.Has(faults.NAUnsolicitedConfirms):
		d.setState(e, Reachable) // the faulty node takes S=0 as a confirmation
	case differs:
		d.setState(e, Stale)
	}
	if wasReachable && !differs && d.faults.Has(faults.NAReachableToStale) {
		d.setState(e, Stale)
	}
	d.setIsRouter(e, m.Router())
}

// setIsRouter applies the R flag of an advertisement: a router that says it
// is no longer one leaves the Default Router List (§7.2.5).
func (d *ND) setIsRouter(e *entry, router bool) {
	was := e.isRouter
	e.isRouter = router
	if was && !router && !d.faults.Has(faults.NARouterFlagIgnored) {
		d.removeRouter(e.ifindex, e.addr, "its advertisement cleared R")
	}
}
