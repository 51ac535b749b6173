package nd

import (
	"encoding/binary"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// Router and prefix discovery, host side (RFC 4861 §6.3), with router
// preferences and more-specific routes (RFC 4191 §3) and DNS configuration
// (RFC 8106 §5.3); and the router's processing of Router Solicitations
// (§6.2.6). Lifetimes are kept as deadlines on the clock and expire lazily:
// every reader first drops what has run out (expire), so that nothing is
// used one instant past its lifetime and no timer is needed per item.

// defaultRouter is an entry of the Default Router List.
type defaultRouter struct {
	ifindex int
	addr    netip.Addr
	pref    Preference
	until   time.Time // zero: never expires
}

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

// dnsItem is a recursive DNS server or a search domain (RFC 8106).
type dnsItem struct {
	ifindex int
	server  netip.Addr // or
	domain  string
	until   time.Time
}

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

// startSoliciting begins router discovery on an interface whose link-local
// address just became usable: the first Router Solicitation after a random
// delay below MAX_RTR_SOLICITATION_DELAY (§6.3.7). Routers do not solicit.
func (d *ND) startSoliciting(ifindex int) {
	l := d.links[ifindex]
	if d.router || l.rsStarted || d.faults.Has(faults.NoRS) || d.c.MaxRtrSolicitations <= 0 {
		return
	}
	l.rsStarted = true
	var delay time.Duration
	if d.c.MaxRtrSolicitationDelay > 0 {
		delay = time.Duration(d.rand.Int64N(int64(d.c.MaxRtrSolicitationDelay)))
	}
	l.rsTimer = d.after(delay, func() { d.solicitRouters(ifindex) })
}

// solicitRouters sends one Router Solicitation to all-routers, from the
// link-local address with our link-layer address (or from :: without one),
// and schedules the next, up to MAX_RTR_SOLICITATIONS, RTR_SOLICITATION_INTERVAL
// apart, until a valid RA came (§6.3.7).
func (d *ND) solicitRouters(ifindex int) {
	l := d.links[ifindex]
	l.rsTimer = nil
	if l.rsDone && !d.faults.Has(faults.RSAfterRA) {
		return
	}
	src := d.port.SolicitSource(ifindex, netip.Addr{})
	var slla *[6]byte
	if src.IsValid() {
		mac := d.port.LinkAddr(ifindex)
		slla = &mac
	} else {
		src = ipv6.Unspecified // §4.1: no source link-layer option then
	}
	n := PutRS(d.buf[:], slla)
	l.rsSent++
	d.port.Count(counter.NDRSSent)
	d.port.SendND(ifindex, src, ipv6.AllRouters, d.buf[:n], [6]byte{}, false)
	if l.rsSent < d.c.MaxRtrSolicitations || d.faults.Has(faults.RSUnlimited) {
		l.rsTimer = d.after(d.c.RtrSolicitationInterval, func() { d.solicitRouters(ifindex) })
	}
}

// inputRS validates a Router Solicitation (§6.1.1). A host discards it; a
// router learns the solicitor's link-layer address and tells the RA sender
// (§6.2.6).
func (d *ND) inputRS(ifindex int, ip ipv6.Header, msg []byte) {
	if !d.router {
		if (d.faults.Has(faults.HostLearnsFromRS) || d.faults.Has(faults.HostLearnsFromAllRouter)) && len(msg) >= RSLen {
			if slla, ok := FindOption(RS(msg).Options(), OptSourceLinkAddr).LinkAddr(); ok && !ipv6.IsUnspecified(ip.Src()) {
				d.learn(ifindex, ip.Src(), slla)
			}
		}
		d.port.Count(counter.NDRSIgnoredByHost) // §6.2.6: hosts discard RS
		return
	}
	switch {
	case ip.HopLimit() != ndHopLimit && !d.faults.Has(faults.RSAnyHopLimit) && !d.skips(faults.RSHopLimitMulticastOnly, ip.Dst()):
		d.port.Count(counter.NDRSBadHopLimit)
		return
	case msg[icmp6.OffCode] != 0 && !d.faults.Has(faults.RSAnyCode) && !d.skips(faults.RSCodeMulticastOnly, ip.Dst()):
		d.port.Count(counter.NDRSBadCode)
		return
	case len(msg) < RSLen:
		if !d.faults.Has(faults.RSShortAccepted) && !d.oneShort(faults.RSLengthOffByOne, len(msg), RSLen) {
			d.port.Count(counter.NDRSTooShort)
			return
		}
		msg = append(msg[:len(msg):len(msg)], make([]byte, RSLen-len(msg))...)
	}
	opts, oerr := CheckOptions(RS(msg).Options(), d.faults.Has(faults.NDZeroLengthOption) || d.skips(faults.RSZeroOptionMulticastOnly, ip.Dst()))
	if oerr != OptionsOK {
		d.port.Count(optionCounter(icmp6.TypeRouterSolicitation, oerr))
		return
	}
	src := ip.Src()
	slla, hasSLLA := FindOption(opts, OptSourceLinkAddr).LinkAddr()
	if ipv6.IsUnspecified(src) && hasSLLA && !d.faults.Has(faults.RSUnspecifiedWithSLLA) {
		d.port.Count(counter.NDRSUnspecifiedWithSLLA)
		return
	}
	d.port.Count(counter.NDRSReceived)
	if !hasSLLA && !ipv6.IsUnspecified(src) && d.faults.Has(faults.NDMissingLLAAsZero) {
		hasSLLA = true // the faulty router learns the all-zero address
	}
	if hasSLLA && !ipv6.IsUnspecified(src) && !d.faults.Has(faults.RSSLLAIgnored) {
		d.heardFrom(d.learn(ifindex, src, slla), faults.RSSLLASetsStale, faults.RSConfirmsReachability)
	}
	d.port.RouterSolicited(ifindex, src)
}

// inputRA validates a Router Advertisement (§6.1.2) and, on a host, applies
// it (§6.3.4). A router only counts it: it does not configure itself from
// other routers (§6.2.7 consistency checks are left out).
func (d *ND) inputRA(ifindex int, ip ipv6.Header, msg []byte) {
	switch {
	case !ip.Src().IsLinkLocalUnicast() && !d.faults.Has(faults.RAGlobalSourceAccepted):
		d.port.Count(counter.NDRASourceNotLinkLocal)
		return
	case ip.HopLimit() != ndHopLimit && !d.faults.Has(faults.RAAnyHopLimit) && !d.skips(faults.RAHopLimitMulticastOnly, ip.Dst()):
		d.port.Count(counter.NDRABadHopLimit)
		return
	case msg[icmp6.OffCode] != 0 && !d.faults.Has(faults.RAAnyCode) && !d.skips(faults.RACodeMulticastOnly, ip.Dst()):
		d.port.Count(counter.NDRABadCode)
		return
	case len(msg) < RALen:
		if !d.faults.Has(faults.RAShortAccepted) && !d.oneShort(faults.RALengthOffByOne, len(msg), RALen) {
			d.port.Count(counter.NDRATooShort)
			return
		}
		msg = append(msg[:len(msg):len(msg)], make([]byte, RALen-len(msg))...)
	}
	ra := RA(msg)
	opts, oerr := CheckOptions(ra.Options(), d.faults.Has(faults.NDZeroLengthOption) || d.skips(faults.RAZeroOptionMulticastOnly, ip.Dst()))
	if oerr != OptionsOK {
		d.port.Count(optionCounter(icmp6.TypeRouterAdvertisement, oerr))
		return
	}
	if d.router {
		d.port.Count(counter.NDRAFromOtherRouter)
		return
	}
	src := ip.Src().WithZone("")
	if !d.listedRouter(ifindex, src) && !d.newRouterRAs.take(d.clock.Now()) {
		d.port.Count(counter.NDRANewRouterLimit)
		return
	}
	d.port.Count(counter.NDRAAccepted)
	l := d.links[ifindex]
	d.expire()

	if ra.RouterLifetime() != 0 || d.faults.Has(faults.RSStopOnLifetimeZero) {
		l.rsDone = true // §6.3.7: stop soliciting
	}
	d.updateRouter(ifindex, src, ra)
	if h := ra.CurHopLimit(); h != 0 && !d.faults.Has(faults.IgnoreRACurHopLimit) {
		l.curHopLimit = h
	} else if h == 0 && d.faults.Has(faults.RAZeroHopLimitResets) {
		l.curHopLimit = 0 // the faulty node goes back to its default
	}
	if rt := time.Duration(ra.ReachableTime()) * time.Millisecond; rt != 0 && !d.faults.Has(faults.IgnoreRAReachableTime) {
		if rt != l.baseReachable && !(d.faults.Has(faults.ReachableTimeFirstOnly) && l.baseReachable != d.c.BaseReachableTime) {
			l.baseReachable = rt
			d.drawReachableTime(l)
		}
	}
	if rt := time.Duration(ra.RetransTimer()) * time.Millisecond; rt != 0 && !d.faults.Has(faults.IgnoreRARetransTimer) {
		l.retrans = rt
	}
	var e *entry
	if slla, ok := FindOption(opts, OptSourceLinkAddr).LinkAddr(); ok && !d.faults.Has(faults.RASLLAIgnored) {
		e = d.learn(ifindex, src, slla)
	} else {
		e = d.neighbors[key{ifindex, src}]
	}
	if e != nil && !d.faults.Has(faults.RAIsRouterNotSet) {
		e.isRouter = true
	}
	d.heardFrom(e, faults.RASetsStale, faults.RAConfirmsReachability)
	if o := FindOption(opts, OptMTU); o != nil && !d.faults.Has(faults.IgnoreRAMTU) {
		mtu := int(o.MTU())
		if (mtu >= MinMTU || d.faults.Has(faults.RAMTUBelowMinimumAccepted)) && mtu <= d.port.DeviceMTU(ifindex) {
			l.mtu = mtu
		} else {
			d.port.Count(counter.NDRAMTUOutOfRange)
		}
	}
	for b := opts; len(b) >= 2 && b[1] != 0; b = b[int(b[1])*OptionUnit:] {
		o := Option(b[:int(b[1])*OptionUnit])
		switch o.Type() {
		case OptPrefixInfo:
			if len(o) >= 32 {
				d.prefixInfo(ifindex, PrefixInfo(o))
			}
		case OptRouteInfo:
			if !d.faults.Has(faults.IgnoreRouteInformation) {
				d.routeInformation(ifindex, src, RouteInfo(o))
			}
		case OptRDNSS:
			if !d.faults.Has(faults.IgnoreRDNSS) {
				d.rdnss(ifindex, RDNSS(o))
			}
		case OptDNSSL:
			if !d.faults.Has(faults.IgnoreDNSSL) {
				d.dnssl(ifindex, DNSSL(o))
			}
		}
	}
}

// listedRouter reports whether addr is on the Default Router List.
func (d *ND) listedRouter(ifindex int, addr netip.Addr) bool {
	for _, r := range d.routers {
		if r.ifindex == ifindex && r.addr == addr {
			return true
		}
	}
	return false
}

// updateRouter applies the Router Lifetime and preference of an RA to the
// Default Router List (§6.3.4; RFC 4191 §3.2: the reserved preference
// counts as medium).
func (d *ND) updateRouter(ifindex int, src netip.Addr, ra RA) {
	lifetime := time.Duration(ra.RouterLifetime()) * time.Second
	pref := ra.Preference()
	if pref == PrefReserved || d.faults.Has(faults.IgnoreRouterPreference) {
		pref = PrefMedium
	}
	until := d.noteUntil(d.clock.Now().Add(lifetime))
	if d.faults.Has(faults.IgnoreRouterLifetime) {
		lifetime, until = time.Hour, time.Time{} // the faulty node keeps it for ever
	}
	for _, r := range d.routers {
		if r.ifindex == ifindex && r.addr == src {
			if lifetime == 0 {
				d.removeRouter(ifindex, src, "Router Lifetime 0")
				return
			}
			if r.pref != pref {
				d.forgetChoices(ifindex)
			}
			r.pref = pref
			if !d.faults.Has(faults.RouterLifetimeNotRenewed) {
				r.until = until
			}
			return
		}
	}
	if lifetime == 0 {
		return
	}
	if len(d.routers) >= d.limits.Routers || len(d.routers) >= 1 && d.faults.Has(faults.DRLOneRouter) {
		d.port.Count(counter.NDRouterLimit)
		return
	}
	d.port.Logf("nd: default router %s (%s preference)", src, pref)
	d.routers = append(d.routers, &defaultRouter{ifindex, src, pref, until})
	d.forgetChoices(ifindex)
}

// removeRouter takes a router off the Default Router List; destinations that
// went through it choose again (§6.3.5).
func (d *ND) removeRouter(ifindex int, addr netip.Addr, why string) {
	for i, r := range d.routers {
		if r.ifindex == ifindex && r.addr == addr {
			d.port.Logf("nd: default router %s removed: %s", addr, why)
			d.port.Count(counter.NDRouterRemoved)
			d.routers = append(d.routers[:i], d.routers[i+1:]...)
			d.forgetRouter(ifindex, addr)
			return
		}
	}
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
		p = d.firstOnLink(ifindex, p) // edge_faults.go
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
		lifetime = d.renewalDropped(ifindex, p, router, lifetime) // edge_faults.go
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
		item = d.firstDNS(item) // edge_faults.go
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

// RouterInfo is an entry of the Default Router List.
type RouterInfo struct {
	Ifindex    int
	Addr       netip.Addr
	Preference Preference
	Expires    time.Time // zero: never
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

// DNSEntry is a recursive DNS server (Server valid) or a search domain.
type DNSEntry struct {
	Ifindex int
	Server  netip.Addr
	Domain  string
	Expires time.Time
}

// Routers lists the Default Router List. Call with the lock held.
func (d *ND) Routers() []RouterInfo {
	d.expire()
	var out []RouterInfo
	for _, r := range d.routers {
		out = append(out, RouterInfo{r.ifindex, r.addr, r.pref, r.until})
	}
	return out
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

// DNS lists the DNS servers and search domains. Call with the lock held.
func (d *ND) DNS() []DNSEntry {
	d.expire()
	var out []DNSEntry
	for _, x := range d.dns {
		out = append(out, DNSEntry{x.ifindex, x.server, x.domain, x.until})
	}
	return out
}
