// Package pmtu is the node's Path MTU cache (RFC 8201): one estimate per
// destination (and interface, for scoped destinations), lowered by Packet
// Too Big messages (§4) but never below the IPv6 minimum of 1280 (§4: a
// message reporting less is discarded; RFC 1981 took 1280 and added a
// Fragment header to every packet instead), never
// raised by one (§4), and forgotten after Lifetime so that the estimate
// goes back to the link MTU, at least 5 minutes after it was lowered (§4,
// 10 minutes recommended).
//
// Left out: validating a Packet Too Big against the node's own traffic
// beyond what the caller does, PLPMTUD (RFC 8899), per-flow estimates, and
// telling upper layers of a change (the node has no transport that would
// listen).
package pmtu

import (
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/faults"
)

// MinMTU is the IPv6 minimum link MTU (RFC 8200 §5).
const MinMTU = 1280

// Lifetime is how long a lowered estimate is kept (RFC 8201 §4
// recommends 10 minutes; it must be at least 5).
const Lifetime = 10 * time.Minute

// faultyFloor is the smallest MTU the pmtu-below-1280 node accepts: an IPv6
// header, a Fragment header and 8 octets of data.
const faultyFloor = 56

// MaxEntries bounds the cache; the oldest entry gives way.
const MaxEntries = 4096

type key struct {
	ifindex int
	dst     netip.Addr
}

// key is one estimate's place; the faulty node keeps one per interface.
func (c *Cache) key(ifindex int, dst netip.Addr) key {
	if c.faults.Has(faults.PMTUGlobal) {
		return key{ifindex: ifindex}
	}
	return key{ifindex, dst}
}

type entry struct {
	mtu     int
	updated time.Time
}

// Cache holds the estimates. Not safe for concurrent use.
type Cache struct {
	clock    clock.Clock
	lifetime time.Duration
	faults   faults.Set
	entries  map[key]entry
	// order lists the entries as they were set, oldest first; a record
	// whose entry was set again since is skipped, so that a flood of
	// Packet Too Big messages for new destinations evicts in constant time.
	order []record
}

type record struct {
	k       key
	updated time.Time
}

// New returns an empty cache; lifetime 0 means Lifetime.
func New(c clock.Clock, lifetime time.Duration, fs faults.Set) *Cache {
	if lifetime == 0 {
		lifetime = Lifetime
	}
	if fs.Has(faults.PMTURaisedEarly) {
		lifetime = time.Minute
	}
	if fs.Has(faults.PMTUKeptForever) {
		lifetime = 100 * 365 * 24 * time.Hour
	}
	return &Cache{clock: c, lifetime: lifetime, faults: fs, entries: map[key]entry{}}
}

// Get is the path MTU to dst through interface ifindex whose MTU is linkMTU.
func (c *Cache) Get(ifindex int, dst netip.Addr, linkMTU int) int {
	k := c.key(ifindex, dst)
	e, ok := c.entries[k]
	if !ok {
		return linkMTU
	}
	if c.clock.Now().Sub(e.updated) >= c.lifetime {
		delete(c.entries, k)
		return linkMTU
	}
	return min(e.mtu, linkMTU)
}

// TooBig applies a Packet Too Big reporting mtu for the path to dst. It
// returns the new estimate and whether it changed.
func (c *Cache) TooBig(ifindex int, dst netip.Addr, mtu uint32, linkMTU int) (int, bool) {
	if c.faults.Has(faults.PTBIgnored) {
		return c.Get(ifindex, dst, linkMTU), false
	}
	below := mtu < MinMTU
	if c.faults.Has(faults.PTB1280BelowMinimum) {
		below = mtu <= MinMTU // the faulty node's off-by-one
	}
	if below && !c.faults.Has(faults.PMTUBelow1280) {
		return c.Get(ifindex, dst, linkMTU), false // §4: discard it
	}
	m := max(int(min(mtu, uint32(linkMTU))), faultyFloor)
	cur := c.Get(ifindex, dst, linkMTU)
	if m >= cur && !c.faults.Has(faults.PMTURaisedByPTB) {
		return cur, false // §4: a Packet Too Big never raises the estimate
	}
	if m == cur {
		return cur, false
	}
	k := c.key(ifindex, dst)
	if _, ok := c.entries[k]; !ok && c.faults.Has(faults.PMTUNewEvictsOld) {
		c.evictOldest()
	}
	if _, ok := c.entries[k]; !ok && len(c.entries) >= MaxEntries {
		c.evictOldest()
	}
	now := c.clock.Now()
	c.entries[k] = entry{m, now}
	c.order = append(c.order, record{k, now})
	if len(c.order) > 2*MaxEntries {
		c.compact()
	}
	return m, true
}

// evictOldest forgets the entry set longest ago.
func (c *Cache) evictOldest() {
	for len(c.order) > 0 {
		r := c.order[0]
		c.order = c.order[1:]
		if e, ok := c.entries[r.k]; ok && e.updated.Equal(r.updated) {
			delete(c.entries, r.k)
			return
		}
	}
}

// compact drops the records of entries set again or gone.
func (c *Cache) compact() {
	kept := make([]record, 0, len(c.entries))
	for _, r := range c.order {
		if e, ok := c.entries[r.k]; ok && e.updated.Equal(r.updated) {
			kept = append(kept, r)
		}
	}
	c.order = kept
}

// Len is the number of estimates held.
func (c *Cache) Len() int { return len(c.entries) }
