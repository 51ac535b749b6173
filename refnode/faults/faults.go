// Package faults names the deliberate deviations the reference node can be
// started with. Each one breaks exactly one requirement, so that every
// conformance spec can be shown to fail against a node that gets that
// requirement wrong.
//
// The catalogue is kept by protocol area, one file each (ipv6.go,
// frag.go, icmpv6.go, pmtu.go, forwarding.go, nd_router.go,
// nd_neighbor.go, redirect.go, slaac.go, scope.go, udp.go, tunnel.go,
// mld.go). Each fault is written once: a constant with its name,
// and one row with the RFC section it breaks and what the faulty node
// does:
//
//	const NoRS Fault = "no-rs"
//	var _ = add(NDRouter, []Row{{NoRS, "RFC 4861 §6.3.7", "never sends a Router Solicitation"}})
//
// Specs name faults in their labels (fault:NAME): a name never changes.
package faults

import (
	"fmt"
	"sort"
	"strings"
)

// Fault is the name of one deviation, as given to --fault.
type Fault string

// Area is the protocol area a fault belongs to.
type Area string

// The areas of the catalogue.
const (
	IPv6          Area = "ipv6"          // the IPv6 header and extension headers
	Fragmentation Area = "fragmentation" // fragmentation and reassembly
	ICMPv6        Area = "icmpv6"        // ICMPv6 errors and echo
	PathMTU       Area = "pmtu"          // path MTU discovery
	Forwarding    Area = "forwarding"    // a router's forwarding
	NDRouter      Area = "nd-router"     // router discovery
	NDNeighbor    Area = "nd-neighbor"   // address resolution and NUD
	Redirect      Area = "redirect"      // Redirects
	SLAAC         Area = "slaac"         // address autoconfiguration and DAD
	Scope         Area = "scope"         // addressing, scopes and zones
	UDP           Area = "udp"           // UDP
	Tunnel        Area = "tunnel"        // tunnels and their IPv4
	MLD           Area = "mld"           // the multicast listener
	MLDRouter     Area = "mld-router"    // the multicast router and querier, multicast forwarding
)

// Row is one fault of an area's table: the RFC section it breaks and
// what the faulty node does.
type Row struct {
	Fault       Fault
	RFC         string // e.g. "RFC 4861 §7.1.1"
	Description string
}

// Info is one fault of the catalogue.
type Info struct {
	Name        Fault
	Area        Area
	RFC         string
	Description string
}

var catalogue = map[Fault]Info{}

// add puts an area's table into the catalogue.
func add(area Area, rows []Row) bool {
	for _, r := range rows {
		if _, dup := catalogue[r.Fault]; dup {
			panic("faults: " + string(r.Fault) + " twice in the catalogue")
		}
		catalogue[r.Fault] = Info{Name: r.Fault, Area: area, RFC: r.RFC, Description: r.Description}
	}
	return true
}

// All lists every fault, sorted by name.
func All() []Fault {
	all := make([]Fault, 0, len(catalogue))
	for f := range catalogue {
		all = append(all, f)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	return all
}

// Known reports whether f names a fault of the catalogue.
func Known(f Fault) bool {
	_, ok := catalogue[f]
	return ok
}

// Description says what the faulty node does, or "" for an unknown fault.
func Description(f Fault) string { return catalogue[f].Description }

// Lookup gives f's entry in the catalogue.
func Lookup(f Fault) (Info, bool) {
	i, ok := catalogue[f]
	return i, ok
}

// Set is the faults a node was started with. The zero Set is a correct node.
type Set map[Fault]bool

// Parse turns names into a Set, refusing unknown names.
func Parse(names ...string) (Set, error) {
	s := Set{}
	for _, n := range names {
		for _, part := range strings.Split(n, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			if !Known(Fault(part)) {
				return nil, fmt.Errorf("unknown fault %q (see refnode --list-faults)", part)
			}
			s[Fault(part)] = true
		}
	}
	return s, nil
}

// Has reports whether the node deviates with f.
func (s Set) Has(f Fault) bool { return s[f] }
