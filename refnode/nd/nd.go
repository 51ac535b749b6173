// Package nd is the node's Neighbor Discovery (RFC 4861) and Duplicate
// Address Detection (RFC 4862 §5.4).
//
// Implemented: the message formats and options of §4 (views and builders);
// validation of Neighbor Solicitations and Advertisements (§7.1.1, §7.1.2);
// the neighbor cache with all five states of §7.3.2, address resolution with
// a bounded queue (§7.2.2), answering solicitations (§7.2.3, §7.2.4), the
// advertisement table of §7.2.5, and neighbor unreachability detection
// through DELAY and PROBE (§7.3.3); DAD probing, defence and conflicts
// (RFC 4862 §5.4.2 to §5.4.5).
//
// Left out for now: router and prefix lists, Router Solicitation sending and
// Router Advertisement processing (§6.3), Redirect processing (§8), anycast
// and proxy advertisements (§7.2.7, §7.2.8), unsolicited advertisements on
// link-layer changes (§7.2.6), upper-layer reachability hints, and the
// RFC 7527 nonce. Packets dropped when resolution fails go back to the node
// (Port.Unreachable), which owes their source a Destination Unreachable.
package nd

import (
	"math/rand/v2"
	"net/netip"
	"sync"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/faults"
)

// Port is what ND needs from the node. ND calls it with the node's lock held.
type Port interface {
	// Address returns the node's own unicast address a on interface ifindex
	// (any DAD state), or nil.
	Address(ifindex int, a netip.Addr) *Address
	// Joined reports whether the interface listens to a multicast group.
	Joined(ifindex int, group netip.Addr) bool
	// SolicitSource picks the source of a solicitation prompted by a packet
	// from prompt (RFC 4861 §7.2.2); an invalid Addr if there is none usable.
	SolicitSource(ifindex int, prompt netip.Addr) netip.Addr
	// LinkAddr is the interface's MAC.
	LinkAddr(ifindex int) [6]byte
	// SendND sends the ND message msg (checksum not yet filled) from src to
	// dst with hop limit 255. With direct, the frame goes to dstMAC without
	// consulting the neighbor cache; otherwise it takes the normal output path.
	SendND(ifindex int, src, dst netip.Addr, msg []byte, dstMAC [6]byte, direct bool)
	// Transmit sends an IPv6 packet that waited for resolution to dstMAC.
	Transmit(ifindex int, dstMAC [6]byte, pkt []byte)
	// Unreachable hands back a packet that waited for a resolution that
	// failed: the node owes its source a Destination Unreachable code 3
	// (RFC 4861 §7.2.2).
	Unreachable(ifindex int, pkt []byte)
	// DADDone tells the node that a left the tentative state.
	DADDone(a *Address)
	// Count increments the counter name.
	Count(name string)
	// Logf records a notable event.
	Logf(format string, args ...any)
}

// Config assembles an ND instance.
type Config struct {
	Constants  Constants
	Clock      clock.Clock
	Rand       *rand.Rand
	Faults     faults.Set
	Lock       sync.Locker // the node's lock, taken by every timer callback
	Port       Port
	Interfaces int  // interfaces are numbered 0..Interfaces-1
	Router     bool // the node forwards: its advertisements carry R=1 (§4.4)
}

// ND is the Neighbor Discovery state of one node: its neighbor cache across
// all interfaces (the interface is part of every key) and its DAD timers.
type ND struct {
	c         Constants
	clock     clock.Clock
	rand      *rand.Rand
	faults    faults.Set
	lock      sync.Locker
	port      Port
	router    bool
	reachable []time.Duration // ReachableTime per interface
	neighbors map[key]*entry
	stopped   bool
	buf       [256]byte // scratch for building messages
}

// New returns an ND with an empty cache and a ReachableTime drawn for each
// interface (RFC 4861 §6.3.2).
func New(cfg Config) *ND {
	d := &ND{
		c:         cfg.Constants,
		clock:     cfg.Clock,
		rand:      cfg.Rand,
		faults:    cfg.Faults,
		lock:      cfg.Lock,
		port:      cfg.Port,
		router:    cfg.Router,
		neighbors: map[key]*entry{},
	}
	for range cfg.Interfaces {
		d.reachable = append(d.reachable, d.randomReachableTime())
	}
	return d
}

// randomReachableTime is BaseReachableTime times a uniform factor between
// MinRandomFactor and MaxRandomFactor.
func (d *ND) randomReachableTime() time.Duration {
	f := d.c.MinRandomFactor + d.rand.Float64()*(d.c.MaxRandomFactor-d.c.MinRandomFactor)
	return time.Duration(float64(d.c.BaseReachableTime) * f)
}

// ReachableTime is the interface's current ReachableTime.
func (d *ND) ReachableTime(ifindex int) time.Duration { return d.reachable[ifindex] }

// Stop cancels every timer; later callbacks do nothing. Call with the lock held.
func (d *ND) Stop() {
	d.stopped = true
	for _, e := range d.neighbors {
		stopTimer(&e.timer)
	}
}

// after schedules f under the node's lock; nothing runs once ND is stopped.
func (d *ND) after(dur time.Duration, f func()) clock.Timer {
	return d.clock.AfterFunc(dur, func() {
		d.lock.Lock()
		defer d.lock.Unlock()
		if !d.stopped {
			f()
		}
	})
}

func stopTimer(t *clock.Timer) {
	if *t != nil {
		(*t).Stop()
		*t = nil
	}
}
