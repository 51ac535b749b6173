package refnode

import (
	"github.com/v6ct/v6ct/refnode/frag"
	"github.com/v6ct/v6ct/refnode/nd"
)

// Limits bound everything that packets from the wire can make the node
// hold, so that a flood (of Router Advertisements with random prefixes, of
// solicitations from random sources, of fragments that never complete) can
// fill the node only up to a known size (RFC 6583 for the neighbor cache).
// Past a bound the node drops what would have grown and counts it; the
// counters, readable through Node.Counters, are named by reason:
//
//	nd.cache.evicted, nd.cache.full                              Neighbors
//	nd.cache.incomplete_limit, nd.cache.incomplete_replaced      IncompleteNeighbors
//	nd.queue.total_limit (nd.queue.overflow per entry)           QueuedOctets (nd.Constants.MaxQueue, MaxQueueOctets)
//	nd.dest.evicted                                              Destinations
//	nd.router.limit, nd.prefix.limit, nd.route.limit, nd.dns.limit
//	nd.ns.anycast_limit                                          AnycastPending
//	nd.ra.new_router_limit                                       NewRouterRAs
//	nd.ns.new_neighbor_limit                                     NewNeighborNS
//	slaac.limit                                                  AutoconfAddresses
//	frag.datagram_limit (frag.memory_evicted, frag.memory_dropped for Config.ReassemblyMemory)
//	icmp6.error.rate_limited                                     Config.ICMPErrorLimit
//
// A field of zero takes its value from DefaultLimits.
type Limits struct {
	// Neighbors bounds the neighbor cache, every interface together; a
	// full cache evicts a STALE, DELAY or PROBE entry (first one that
	// only Neighbor Discovery made: never confirmed reachable, never sent
	// anything else, not a router), never a REACHABLE one, and otherwise
	// refuses the newcomer.
	Neighbors int
	// IncompleteNeighbors bounds the resolutions in progress: one more is
	// refused and its packet dropped (RFC 6583 §7.2), unless it is for the
	// node's own traffic and one in progress only holds an answer to a
	// solicitation: that one gives way.
	IncompleteNeighbors int
	// QueuedOctets bounds the packets waiting for resolution, all
	// neighbors together.
	QueuedOctets int
	// Destinations bounds the Destination Cache (next-hop choices and
	// Redirects).
	Destinations int
	// DefaultRouters, Prefixes, Routes and DNS bound what a host learns
	// from Router Advertisements: the Default Router List, the Prefix
	// List, Route Information routes, RDNSS servers and DNSSL domains.
	DefaultRouters int
	Prefixes       int
	Routes         int
	DNS            int
	// AnycastPending bounds a router's delayed answers to solicitations
	// for its anycast addresses.
	AnycastPending int
	// NewRouterRAs bounds the Router Advertisements per second (as many
	// back to back) a host processes from routers not on its Default
	// Router List; past it they are dropped before their options are
	// read, and routers on the list are still heard.
	NewRouterRAs int
	// NewNeighborNS bounds the Neighbor Solicitations per second (as many
	// back to back) a node answers from sources not in its neighbor
	// cache; neighbors in the cache are always answered.
	NewNeighborNS int
	// AutoconfAddresses bounds the addresses a host autoconfigures on each
	// interface from advertised prefixes (RFC 4862 §5.5.3).
	AutoconfAddresses int
	// ReassemblyDatagrams bounds the datagrams in reassembly at once; the
	// oldest gives way. Their octets are bounded by Config.ReassemblyMemory.
	ReassemblyDatagrams int
	// ARPEntries bounds the ARP table of the IPv4 the tunnels use, every
	// interface together; a full table lets an unresolved entry give way
	// and otherwise refuses the newcomer. ARPIncomplete bounds the
	// unresolved entries, each holding up to 64 packets: one more lets
	// another unresolved entry give way.
	ARPEntries    int
	ARPIncomplete int
}

// DefaultLimits are the bounds of a node whose Config leaves them zero:
// a flooded node stays within a few megabytes of state.
func DefaultLimits() Limits {
	d := nd.DefaultLimits()
	return Limits{
		Neighbors:           d.Neighbors,
		IncompleteNeighbors: d.Incomplete,
		QueuedOctets:        d.QueuedOctets,
		Destinations:        d.Destinations,
		DefaultRouters:      d.Routers,
		Prefixes:            d.Prefixes,
		Routes:              d.Routes,
		DNS:                 d.DNS,
		AnycastPending:      d.AnycastPending,
		NewRouterRAs:        d.NewRouterRAs,
		NewNeighborNS:       d.NewNeighborNS,
		AutoconfAddresses:   16,
		ReassemblyDatagrams: frag.DefaultMaxDatagrams,
		ARPEntries:          256,
		ARPIncomplete:       32,
	}
}

// withDefaults fills the zero fields of l from DefaultLimits.
func (l Limits) withDefaults() Limits {
	def := DefaultLimits()
	for _, f := range []struct{ v, d *int }{
		{&l.Neighbors, &def.Neighbors}, {&l.IncompleteNeighbors, &def.IncompleteNeighbors},
		{&l.QueuedOctets, &def.QueuedOctets}, {&l.Destinations, &def.Destinations},
		{&l.DefaultRouters, &def.DefaultRouters}, {&l.Prefixes, &def.Prefixes}, {&l.Routes, &def.Routes},
		{&l.DNS, &def.DNS}, {&l.AnycastPending, &def.AnycastPending}, {&l.NewRouterRAs, &def.NewRouterRAs},
		{&l.NewNeighborNS, &def.NewNeighborNS}, {&l.AutoconfAddresses, &def.AutoconfAddresses}, {&l.ReassemblyDatagrams, &def.ReassemblyDatagrams},
		{&l.ARPEntries, &def.ARPEntries}, {&l.ARPIncomplete, &def.ARPIncomplete},
	} {
		if *f.v <= 0 {
			*f.v = *f.d
		}
	}
	return l
}

// nd is the part of l that ND applies.
func (l Limits) nd() nd.Limits {
	return nd.Limits{
		Neighbors:      l.Neighbors,
		Incomplete:     l.IncompleteNeighbors,
		QueuedOctets:   l.QueuedOctets,
		Destinations:   l.Destinations,
		Routers:        l.DefaultRouters,
		Prefixes:       l.Prefixes,
		Routes:         l.Routes,
		DNS:            l.DNS,
		AnycastPending: l.AnycastPending,
		NewRouterRAs:   l.NewRouterRAs,
		NewNeighborNS:  l.NewNeighborNS,
	}
}
