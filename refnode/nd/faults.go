package nd

import (
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
)

// Code that only a fault runs: the faulty behaviours of Neighbor
// Discovery that are more than a changed condition at the place they
// break (refnode/faults names them). A correct node never calls these
// functions; they are kept apart so that mutation testing, which skips
// files named *faults.go (tools/mutate), does not count them as code the
// specs must cover.

// firstOnLink is the prefix-update-first-entry fault: the faulty node
// matches an option with the first prefix of the interface in its Prefix
// List, whatever the option's prefix (p when the list holds none).
func (d *ND) firstOnLink(ifindex int, p netip.Prefix) netip.Prefix {
	for _, x := range d.prefixes {
		if x.ifindex == ifindex {
			return x.prefix
		}
	}
	return p
}

// renewalDropped is the route-renewal-dropped fault: the faulty node takes
// a Route Information option for a route it holds as one of lifetime 0.
func (d *ND) renewalDropped(ifindex int, p netip.Prefix, router netip.Addr, lifetime time.Duration) time.Duration {
	for _, r := range d.routes {
		if r.ifindex == ifindex && r.prefix == p && r.router == router {
			return 0
		}
	}
	return lifetime
}

// firstDNS is the dns-zero-lifetime-first-entry fault: the faulty node
// matches a DNS option of lifetime 0 with the first item of the same kind on
// the interface, whatever its address or name (item when there is none).
func (d *ND) firstDNS(item dnsItem) dnsItem {
	for _, x := range d.dns {
		if x.ifindex == item.ifindex && x.server.IsValid() == item.server.IsValid() {
			return dnsItem{ifindex: x.ifindex, server: x.server, domain: x.domain}
		}
	}
	return item
}

// heardFrom is what a Router Solicitation, a Router Advertisement or a
// Redirect does to the entry of the neighbor it names, beyond the
// link-layer address it brings, in the faults that get RFC 4861 §6.2.6,
// §6.3.4 or §8.3 wrong; a correct node does nothing here.
// It applies the state faults of one kind of message to e, the entry
// of the neighbor the message came from (or redirected to): setsStale
// weakens a REACHABLE entry whatever the message carried, confirms takes
// the message as proof of reachability.
func (d *ND) heardFrom(e *entry, setsStale, confirms faults.Fault) {
	if e == nil || e.state == Incomplete {
		return
	}
	switch {
	case d.faults.Has(confirms):
		d.setState(e, Reachable)
	case d.faults.Has(setsStale) && (e.state == Reachable || e.state == Probe || e.state == Delay):
		d.setState(e, Stale)
	}
}

// narrowed reports whether a node with r's narrow fault still checks m.
func (r *rule) narrowed(m received) bool {
	if r.narrowTo == nil {
		return toMulticast(m)
	}
	return r.narrowTo(m)
}
