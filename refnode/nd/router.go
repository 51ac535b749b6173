package nd

import (
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// Router discovery (RFC 4861 §6): the host's Router Solicitations
// (§6.3.7) and its processing of Router Advertisements (§6.3.4), with
// router preferences (RFC 4191 §3); the Default Router List (§5.1, §6.3.6);
// and the router's processing of Router Solicitations (§6.2.6). What an
// advertisement's options feed (prefixes, routes, DNS) is in lists.go.

// defaultRouter is an entry of the Default Router List.
type defaultRouter struct {
	ifindex int
	addr    netip.Addr
	pref    Preference
	until   time.Time // zero: never expires
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
	in, ok := d.validate(&rsValidity, ip, msg)
	if !ok {
		return
	}
	src := ip.Src()
	slla, hasSLLA := FindOption(in.opts, OptSourceLinkAddr).LinkAddr()
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
	in, ok := d.validate(&raValidity, ip, msg)
	if !ok {
		return
	}
	ra, opts := RA(in.msg), in.opts
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

// RouterInfo is an entry of the Default Router List.
type RouterInfo struct {
	Ifindex    int
	Addr       netip.Addr
	Preference Preference
	Expires    time.Time // zero: never
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
