package nd

import "github.com/v6ct/v6ct/refnode/counter"

// Limits bound the state that traffic from the link can make ND hold
// (RFC 6583 §6 and §7 for the neighbor cache; the lists of RFC 4861 §5.1
// for the rest). Past a bound ND drops what would have grown and counts it:
//
//	nd.cache.evicted              a STALE, DELAY or PROBE entry made room for a new one (newEntryRoom says which first)
//	nd.cache.full                 a new entry refused: the others are REACHABLE or INCOMPLETE
//	nd.cache.incomplete_limit     a new resolution refused: too many in progress
//	nd.cache.incomplete_replaced  a resolution for the node's own traffic took the place of one for an ND answer
//	nd.queue.total_limit          a packet not queued for resolution: the queues together are full
//	nd.dest.evicted               a Destination Cache entry made room for a new one
//	nd.router.limit               a new default router not listed
//	nd.prefix.limit               a new on-link prefix not listed
//	nd.route.limit                a new Route Information route not listed
//	nd.dns.limit                  a new DNS server or search domain not listed
//	nd.ns.anycast_limit           an anycast solicitation not answered: too many answers pending
//	nd.ra.new_router_limit        an advertisement from a router not on the Default Router List not processed
//	nd.ns.new_neighbor_limit      a solicitation from a source not in the neighbor cache not answered
//
// A field of zero takes its value from DefaultLimits.
type Limits struct {
	// Neighbors bounds the neighbor cache, every interface together. A new
	// entry evicts a STALE, DELAY or PROBE one, preferably one never
	// confirmed reachable, never sent anything but Neighbor Discovery
	// messages, and not a router; REACHABLE entries are never
	// evicted for newcomers (RFC 6583 §7.1): with no other, the newcomer
	// is refused.
	Neighbors int
	// Incomplete bounds the entries in INCOMPLETE: a resolution beyond it
	// is refused and its packet dropped, so that a scan of a large subnet
	// cannot push out neighbors in use (RFC 6583 §7.2).
	Incomplete int
	// QueuedOctets bounds the packets waiting for resolution, all entries
	// together (Constants.MaxQueue and MaxQueueOctets bound each entry).
	QueuedOctets int
	// Destinations bounds the Destination Cache (next-hop choices and
	// Redirects); a new entry evicts another, a choice before a Redirect.
	Destinations int
	// Routers, Prefixes, Routes and DNS bound the Default Router List, the
	// Prefix List, the routes of Route Information options and the RDNSS
	// and DNSSL items: a new one beyond the bound is ignored, the ones
	// listed are still refreshed and expire as usual.
	Routers  int
	Prefixes int
	Routes   int
	DNS      int
	// AnycastPending bounds the delayed answers to solicitations for a
	// router's anycast addresses (RFC 4861 §7.2.7) waiting at once.
	AnycastPending int
	// NewRouterRAs bounds the Router Advertisements per second, with as
	// many back to back, that a host processes from routers not on its
	// Default Router List; the others are dropped before their options
	// are read. A link's routers advertise every few minutes (at most
	// every 4 s unsolicited, RFC 4861 §6.2.1, every 3 s when solicited,
	// §6.2.6), so only a flood reaches the bound, and each of its
	// advertisements then costs its validation alone; routers already
	// listed are never held back, so a host keeps hearing them.
	NewRouterRAs int
	// NewNeighborNS bounds the Neighbor Solicitations per second, with as
	// many back to back, that a node answers from sources not in its
	// neighbor cache (DAD probes included); the others are dropped
	// unanswered once found valid and for one of its addresses. Neighbors
	// in the cache are always answered, so a flood of solicitations from
	// random sources costs their validation alone and cannot cut off
	// the neighbors a node talks to, as RFC 6583 §7 asks for the cache.
	NewNeighborNS int
}

// DefaultLimits are generous for any real link and keep a flooded node
// within a few megabytes.
func DefaultLimits() Limits {
	return Limits{
		Neighbors:      1024,
		Incomplete:     128,
		QueuedOctets:   1 << 20,
		Destinations:   1024,
		Routers:        16,
		Prefixes:       64,
		Routes:         64,
		DNS:            32,
		AnycastPending: 64,
		NewRouterRAs:   100,
		NewNeighborNS:  1000,
	}
}

// withDefaults fills the zero fields of l from DefaultLimits.
func (l Limits) withDefaults() Limits {
	def := DefaultLimits()
	for _, f := range []struct{ v, d *int }{
		{&l.Neighbors, &def.Neighbors}, {&l.Incomplete, &def.Incomplete}, {&l.QueuedOctets, &def.QueuedOctets},
		{&l.Destinations, &def.Destinations}, {&l.Routers, &def.Routers}, {&l.Prefixes, &def.Prefixes},
		{&l.Routes, &def.Routes}, {&l.DNS, &def.DNS}, {&l.AnycastPending, &def.AnycastPending},
		{&l.NewRouterRAs, &def.NewRouterRAs}, {&l.NewNeighborNS, &def.NewNeighborNS},
	} {
		if *f.v <= 0 {
			*f.v = *f.d
		}
	}
	return l
}

// newEntryRoom makes room for one more neighbor cache entry, evicting one
// if the cache is full (evictionTier says which go first: those only
// Neighbor Discovery made, then routers' entries from advertisements, then
// the neighbors the node has talked with); false if none may go. So a flood
// of solicitations or advertisements from random sources churns through its
// own entries and leaves the neighbors the node talks with. An INCOMPLETE
// newcomer also needs room among the resolutions in progress: when there is
// none, a resolution for the node's own traffic (upper) takes the place of
// one that only an answer to a solicitation waits for (RFC 6583 §7.2:
// existing communication first, so that a neighbor whose entry a flood made
// fail NUD is found again); any other is refused.
//
// The victim is the best of a sample of the cache (Go's map iteration
// starts at a random place), so that eviction costs the same however full
// the cache is; only when the sample holds nothing better than a neighbor
// in use is the whole cache searched.
func (d *ND) newEntryRoom(incomplete, upper bool) bool {
	if incomplete && d.incomplete >= d.limits.Incomplete && !d.replaceIncomplete(upper) {
		d.port.Count(counter.NDCacheIncompleteLimit)
		return false
	}
	if len(d.neighbors) < d.limits.Neighbors {
		return true
	}
	const sample = 32
	var victim *entry
	best, seen := tierKept, 0
	for _, e := range d.neighbors {
		seen++
		if t := evictionTier(e); t < best {
			victim, best = e, t
			if t == tierNDOnly {
				break
			}
		}
		if seen >= sample && best <= tierRouter {
			break
		}
	}
	if victim == nil {
		d.port.Count(counter.NDCacheFull)
		return false
	}
	d.port.Count(counter.NDCacheEvicted)
	d.remove(victim)
	return true
}

// replaceIncomplete removes an INCOMPLETE entry that holds only Neighbor
// Discovery messages, for a resolution the node's own traffic needs.
func (d *ND) replaceIncomplete(upper bool) bool {
	if !upper {
		return false
	}
	for _, e := range d.neighbors {
		if e.state == Incomplete && !e.used {
			d.port.Count(counter.NDCacheIncompleteReplaced)
			d.remove(e)
			return true
		}
	}
	return false
}

// Eviction tiers, first to go first.
const (
	tierNDOnly = iota // never confirmed, never sent anything but ND, not a router
	tierRouter        // a router's entry, never confirmed nor used
	tierInUse         // confirmed reachable once, or sent other traffic
	tierKept          // REACHABLE or INCOMPLETE: never evicted for a newcomer
)

func evictionTier(e *entry) int {
	switch {
	case e.state == Incomplete || e.state == Reachable:
		return tierKept
	case e.confirmed || e.used:
		return tierInUse
	case e.isRouter:
		return tierRouter
	}
	return tierNDOnly
}

// dropQueue forgets the packets waiting in e.
func (d *ND) dropQueue(e *entry) {
	for _, p := range e.queue {
		d.queued -= len(p)
	}
	e.queue = nil
}

// isND says pkt is a Neighbor Discovery message right behind its IPv6
// header (as the node sends them).
func isND(pkt []byte) bool {
	return len(pkt) > 40 && pkt[6] == 58 && pkt[40] >= 133 && pkt[40] <= 137
}
