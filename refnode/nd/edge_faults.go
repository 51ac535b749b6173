package nd

import "net/netip"

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
