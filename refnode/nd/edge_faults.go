package nd

import (
	"net/netip"
	"time"
)

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
