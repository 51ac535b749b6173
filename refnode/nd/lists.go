package nd

import (
	"encoding/binary"
	"net/netip"
	"slices"
	"time"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
)

// What Router Advertisements teach a host, beyond its default routers:
// the Prefix List (RFC 4861 §5.1, §6.3.4), more-specific routes (RFC 4191
// §3) and DNS configuration (RFC 8106 §5.3). Lifetimes are kept as
// deadlines on the clock and expire lazily: every reader first drops what
// has run out (expire), so that nothing is used one instant past its
// lifetime and no timer is needed per item.

// onLinkPrefix is an entry of the Prefix List.
type onLinkPrefix struct {
	ifindex int
	prefix  netip.Prefix
	until   time.Time
}

// prefixKey and routeKey are plain words, which a map hashes faster than
// netip values.
type prefixKey struct{ hi, lo, meta uint64 }

func keyOf(ifindex int, p netip.Prefix) prefixKey {
	a := p.Addr().As16()
	return prefixKey{binary.BigEndian.Uint64(a[:8]), binary.BigEndian.Uint64(a[8:]), uint64(ifindex)<<8 | uint64(p.Bits())}
}

func (p *onLinkPrefix) key() prefixKey { return keyOf(p.ifindex, p.prefix) }

// routeInfo is a more-specific route of a Route Information option.
type routeInfo struct {
	ifindex int
	prefix  netip.Prefix
	router  netip.Addr
	pref    Preference
	until   time.Time
}

type routeKey struct {
	prefix prefixKey
	router [16]byte
}

func routeKeyOf(ifindex int, p netip.Prefix, router netip.Addr) routeKey {
	return routeKey{keyOf(ifindex, p), router.As16()}
}

func (r *routeInfo) key() routeKey { return routeKeyOf(r.ifindex, r.prefix, r.router) }

// deadline turns a lifetime into a deadline; InfiniteLifetime never ends.
// The deadline goes to an entry of a list that expire prunes.
func (d *ND) deadline(lifetime time.Duration) time.Time {
	if lifetime >= InfiniteLifetime {
		return time.Time{}
	}
	return d.noteUntil(d.clock.Now().Add(lifetime))
}

// noteUntil makes expire look again at the lists by until.
func (d *ND) noteUntil(until time.Time) time.Time {
	if !until.IsZero() && (d.nextExpiry.IsZero() || until.Before(d.nextExpiry)) {
		d.nextExpiry = until
	}
	return until
}

func expired(until, now time.Time) bool { return !until.IsZero() && !now.Before(until) }

// expire drops every router, prefix, route and DNS item whose lifetime ran
// out (§6.3.5), and the destinations that went through a router that left.
func (d *ND) expire() {
	now := d.clock.Now()
	if d.nextExpiry.IsZero() || now.Before(d.nextExpiry) {
		return
	}
	d.nextExpiry = time.Time{}
	kept := d.routers[:0]
	for _, r := range d.routers {
		if expired(r.until, now) {
			d.port.Count(counter.NDRouterExpired)
			d.port.Logf("nd: default router %s expired", r.addr)
			d.forgetRouter(r.ifindex, r.addr)
			continue
		}
		kept = append(kept, r)
		d.noteUntil(r.until)
	}
	clear(d.routers[len(kept):])
	d.routers = kept
	if !d.faults.Has(faults.OnLinkPrefixNoExpiry) {
		d.prefixes = expireAll(d, d.prefixes, now, func(p *onLinkPrefix) time.Time { return p.until })
		clear(d.prefixAt)
		for _, p := range d.prefixes {
			d.prefixAt[p.key()] = p
		}
	}
	if !d.faults.Has(faults.RIONoExpiry) {
		d.routes = expireAll(d, d.routes, now, func(r *routeInfo) time.Time { return r.until })
		clear(d.routeAt)
		for _, r := range d.routes {
			d.routeAt[r.key()] = r
		}
	}
	if !d.faults.Has(faults.DNSNoExpiry) {
		d.dns = expireAll(d, d.dns, now, func(x *dnsItem) time.Time { return x.until })
	}
}

// expireAll keeps the entries of s whose lifetime has not ended, and
// notes when the first of them ends.
func expireAll[T any](d *ND, s []*T, now time.Time, until func(*T) time.Time) []*T {
	kept := s[:0]
	for _, x := range s {
		if !expired(until(x), now) {
			kept = append(kept, x)
			d.noteUntil(until(x))
		}
	}
	clear(s[len(kept):])
	return kept
}

// prefixInfo applies a Prefix Information option: on-link determination
// (§6.3.4) and, for A=1, address autoconfiguration (RFC 4862 §5.5.3).
func (d *ND) prefixInfo(ifindex int, pi PrefixInfo) {
	p := pi.Prefix()
	if pi.PrefixLength() > 128 {
		d.port.Count(counter.NDRAPrefixTooLong)
		return
	}
	p = p.Masked()
	linkLocal := p.Addr().IsLinkLocalUnicast()
	valid, preferred := pi.ValidLifetime(), pi.PreferredLifetime()
	if pi.OnLink() && !linkLocal && !d.faults.Has(faults.IgnoreOnLinkFlag) {
		d.onLink(ifindex, p, valid)
	}
	switch {
	case d.faults.Has(faults.NoSLAAC):
		return
	case !pi.Autonomous() && !d.faults.Has(faults.SLAACIgnoresAFlag):
		return
	case linkLocal && !d.faults.Has(faults.SLAACLinkLocalPrefix):
		d.port.Count(counter.NDRASLAACLinkLocalPrefix) // RFC 4862 §5.5.3 (b)
		return
	case preferred > valid && !d.faults.Has(faults.SLAACPreferredOverValid):
		d.port.Count(counter.NDRASLAACPreferredOverValid) // RFC 4862 §5.5.3 (c)
		return
	}
	d.port.Autoconf(ifindex, p, valid, preferred)
}

// onLink updates the Prefix List from an option with L=1 (§6.3.4).
func (d *ND) onLink(ifindex int, p netip.Prefix, valid time.Duration) {
	if d.faults.Has(faults.PrefixUpdateFirstEntry) {
		p = d.firstOnLink(ifindex, p)
	}
	k := keyOf(ifindex, p)
	if x := d.prefixAt[k]; x != nil {
		if valid == 0 && d.faults.Has(faults.OnLinkZeroLifetimeKept) {
			return
		}
		if valid == 0 {
			d.port.Logf("nd: prefix %s no longer on-link", p)
			d.prefixes = slices.DeleteFunc(d.prefixes, func(y *onLinkPrefix) bool { return y == x })
			delete(d.prefixAt, k)
			d.forgetChoices(ifindex)
			return
		}
		if !d.faults.Has(faults.OnLinkLifetimeNotUpdated) {
			x.until = d.deadline(valid)
		}
		return
	}
	if valid == 0 {
		return
	}
	if len(d.prefixes) >= d.limits.Prefixes {
		d.port.Count(counter.NDPrefixLimit)
		return
	}
	d.port.Logf("nd: prefix %s on-link", p)
	x := &onLinkPrefix{ifindex, p, d.deadline(valid)}
	d.prefixes = append(d.prefixes, x)
	d.prefixAt[k] = x
	d.forgetChoices(ifindex)
}

// routeInformation applies a Route Information option (RFC 4191 §3.1): a
// malformed one or one with the reserved preference is ignored; lifetime 0
// removes the route. A ::/0 route is a default route like the others, with
// its own preference.
func (d *ND) routeInformation(ifindex int, router netip.Addr, o RouteInfo) {
	p, ok := o.Prefix()
	if l, bits := o[1], o.PrefixLength(); !ok && bits <= 128 &&
		(l == 2 && bits > 64 && d.faults.Has(faults.RIOLongPrefixInLength2) ||
			l == 1 && bits > 0 && d.faults.Has(faults.RIOPrefixInLength1)) {
		var a [16]byte
		copy(a[:], o[8:]) // the faulty node takes what the option holds
		p, ok = netip.PrefixFrom(netip.AddrFrom16(a), int(bits)).Masked(), true
	}
	pref := o.Preference()
	if !ok || pref == PrefReserved && !d.faults.Has(faults.RIOReservedPreferenceAccepted) {
		d.port.Count(counter.NDRARouteInfoIgnored)
		return
	}
	if d.faults.Has(faults.IgnoreRoutePreference) {
		pref = PrefMedium
	}
	lifetime := o.Lifetime()
	if d.faults.Has(faults.RouteRenewalDropped) {
		lifetime = d.renewalDropped(ifindex, p, router, lifetime)
	}
	if p.Bits() == 0 {
		d.forgetChoices(ifindex)
		d.defaultRouteInfo(ifindex, router, pref, lifetime)
		return
	}
	k := routeKeyOf(ifindex, p, router)
	if r := d.routeAt[k]; r != nil {
		d.forgetChoices(ifindex)
		if lifetime == 0 {
			d.routes = slices.DeleteFunc(d.routes, func(x *routeInfo) bool { return x == r })
			delete(d.routeAt, k)
			return
		}
		r.pref, r.until = pref, d.deadline(lifetime)
		return
	}
	if lifetime != 0 && len(d.routes) >= d.limits.Routes {
		d.port.Count(counter.NDRouteLimit)
		return
	}
	if lifetime != 0 {
		d.forgetChoices(ifindex)
		r := &routeInfo{ifindex, p, router, pref, d.deadline(lifetime)}
		d.routes = append(d.routes, r)
		d.routeAt[k] = r
	}
}

// defaultRouteInfo applies a Route Information option for ::/0: its
// preference and lifetime replace those the Router Advertisement's header
// gave the router as a default router (RFC 4191 §3.1), lifetime 0 taking it
// off the Default Router List.
func (d *ND) defaultRouteInfo(ifindex int, router netip.Addr, pref Preference, lifetime time.Duration) {
	for _, r := range d.routers {
		if r.ifindex == ifindex && r.addr == router {
			if lifetime == 0 {
				d.removeRouter(ifindex, router, "a ::/0 route of lifetime 0")
				return
			}
			r.pref, r.until = pref, d.deadline(lifetime)
			return
		}
	}
	if lifetime != 0 && len(d.routers) < d.limits.Routers {
		d.port.Logf("nd: default router %s from a ::/0 route (%s preference)", router, pref)
		d.routers = append(d.routers, &defaultRouter{ifindex, router, pref, d.deadline(lifetime)})
	}
}

// PrefixInfoEntry is an entry of the Prefix List.
type PrefixInfoEntry struct {
	Ifindex int
	Prefix  netip.Prefix
	Expires time.Time
}

// RouteEntry is a route learned from a Route Information option.
type RouteEntry struct {
	Ifindex    int
	Prefix     netip.Prefix
	Router     netip.Addr
	Preference Preference
	Expires    time.Time
}

// Prefixes lists the Prefix List. Call with the lock held.
func (d *ND) Prefixes() []PrefixInfoEntry {
	d.expire()
	var out []PrefixInfoEntry
	for _, p := range d.prefixes {
		out = append(out, PrefixInfoEntry{p.ifindex, p.prefix, p.until})
	}
	return out
}

// Routes lists the routes of Route Information options. Call with the lock held.
func (d *ND) Routes() []RouteEntry {
	d.expire()
	var out []RouteEntry
	for _, r := range d.routes {
		out = append(out, RouteEntry{r.ifindex, r.prefix, r.router, r.pref, r.until})
	}
	return out
}
