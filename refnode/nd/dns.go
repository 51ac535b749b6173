package nd

import (
	"net/netip"
	"strings"
	"time"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
)

// DNS configuration from Router Advertisements (RFC 8106 §5.3): the
// recursive DNS servers and the search list, each item with its lifetime,
// kept and expired with the Prefix List (lists.go).

// dnsItem is a recursive DNS server or a search domain (RFC 8106).
type dnsItem struct {
	ifindex int
	server  netip.Addr // or
	domain  string
	until   time.Time
}

// rdnss stores the recursive DNS servers of an option (RFC 8106 §5.3.1):
// lifetime 0 removes them.
func (d *ND) rdnss(ifindex int, o RDNSS) {
	servers, ok := o.Servers()
	if !ok {
		d.port.Count(counter.NDRARDNSSMalformed)
		return
	}
	for _, s := range servers {
		d.dnsUpdate(ifindex, dnsItem{ifindex: ifindex, server: s}, o.Lifetime())
	}
}

// dnssl stores the search domains of an option (RFC 8106 §5.3.1).
func (d *ND) dnssl(ifindex int, o DNSSL) {
	domains, ok := o.Domains()
	if ok && d.faults.Has(faults.DNSSLLabel62Max) {
		for _, s := range domains {
			for _, label := range strings.Split(s, ".") {
				ok = ok && len(label) < 63 // the faulty node's limit, one short
			}
		}
	}
	if !ok {
		d.port.Count(counter.NDRADNSSLMalformed)
		return
	}
	for _, s := range domains {
		d.dnsUpdate(ifindex, dnsItem{ifindex: ifindex, domain: s}, o.Lifetime())
	}
}

func (d *ND) dnsUpdate(ifindex int, item dnsItem, lifetime time.Duration) {
	if lifetime == 0 && d.faults.Has(faults.DNSZeroLifetimeFirstEntry) {
		item = d.firstDNS(item)
	}
	for i, x := range d.dns {
		if x.ifindex == item.ifindex && x.server == item.server && x.domain == item.domain {
			if lifetime == 0 {
				if !d.faults.Has(faults.DNSLifetimeZeroKept) {
					d.dns = append(d.dns[:i], d.dns[i+1:]...)
				}
				return
			}
			x.until = d.deadline(lifetime)
			return
		}
	}
	if lifetime != 0 && len(d.dns) >= d.limits.DNS {
		d.port.Count(counter.NDDNSLimit)
		return
	}
	if lifetime != 0 {
		item.until = d.deadline(lifetime)
		d.dns = append(d.dns, &item)
	}
}

// DNSEntry is a recursive DNS server (Server valid) or a search domain.
type DNSEntry struct {
	Ifindex int
	Server  netip.Addr
	Domain  string
	Expires time.Time
}

// DNS lists the DNS servers and search domains. Call with the lock held.
func (d *ND) DNS() []DNSEntry {
	d.expire()
	var out []DNSEntry
	for _, x := range d.dns {
		out = append(out, DNSEntry{x.ifindex, x.server, x.domain, x.until})
	}
	return out
}
