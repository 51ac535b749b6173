package nd

import (
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// Next-hop determination for hosts (RFC 4861 §5.2, §6.3.6; RFC 4191 §3.2),
// the Destination Cache, and Redirects: received by hosts (§8.1, §8.3) and
// sent by routers (§8.2).

// destination is a Destination Cache entry: the next hop a Redirect set, or
// the router next-hop determination chose (kept so that round-robin stays
// with one router per destination).
type destination struct {
	next       netip.Addr
	redirected bool
}

// remember sets the Destination Cache entry of k. A full cache
// (Limits.Destinations) first gives up a next-hop choice, which can be made
// again, and only when it holds nothing else a Redirect.
func (d *ND) remember(k key, dst destination) {
	if x := d.dests[k]; x != nil {
		*x = dst
		return
	}
	if len(d.dests) >= d.limits.Destinations {
		var victim key
		found := false
		for vk, x := range d.dests {
			victim, found = vk, true
			if !x.redirected {
				break
			}
		}
		if found {
			d.port.Count(counter.NDDestEvicted)
			delete(d.dests, victim)
		}
	}
	d.dests[k] = &dst
}

// forgetChoices drops the routers chosen for destinations on an interface,
// after the router list, the prefix list or the routes changed.
func (d *ND) forgetChoices(ifindex int) {
	for k, x := range d.dests {
		if k.ifindex == ifindex && !x.redirected {
			delete(d.dests, k)
		}
	}
}

// forgetRouter drops the choices of a router that left the Default Router
// List (§6.3.5); Redirects to it stay.
func (d *ND) forgetRouter(ifindex int, addr netip.Addr) {
	for k, x := range d.dests {
		if k.ifindex == ifindex && !x.redirected && x.next == addr {
			delete(d.dests, k)
		}
	}
}

// forgetNextHop drops every destination that went through a neighbor whose
// entry was deleted, Redirects included (§7.3.3).
func (d *ND) forgetNextHop(n key) {
	for k, x := range d.dests {
		if k.ifindex == n.ifindex && x.next == n.addr {
			delete(d.dests, k)
		}
	}
}

// Redirected returns the next hop a Redirect set for dst (§8.3): the target,
// which is dst itself when the Redirect said it is on-link. Call with the
// lock held.
func (d *ND) Redirected(ifindex int, dst netip.Addr) (netip.Addr, bool) {
	if x := d.dests[key{ifindex, dst}]; x != nil && x.redirected {
		return x.next, true
	}
	return netip.Addr{}, false
}

// OnLink reports whether dst is inside a prefix of the interface's Prefix
// List (§6.3.4).
func (d *ND) OnLink(ifindex int, dst netip.Addr) bool {
	d.expire()
	for _, p := range d.prefixes {
		if p.ifindex == ifindex && p.prefix.Contains(dst) {
			return true
		}
	}
	return false
}

// probablyReachable: a neighbor with an entry in any state but INCOMPLETE
// (§6.3.6).
func (d *ND) probablyReachable(ifindex int, a netip.Addr) bool {
	e := d.neighbors[key{ifindex, a}]
	return e != nil && e.state != Incomplete
}

// candidate is a router that may carry a packet: a default router or the
// router of a more-specific route.
type candidate struct {
	router netip.Addr
	bits   int
	pref   Preference
}

// NextHop chooses the router for an off-link dst on a host (§6.3.6 and
// RFC 4191 §3.2): the longest matching route (default routers match as
// ::/0), among those a reachable or probably reachable router first, then
// the higher preference; when none is known reachable, the routers of the
// best preference take turns, one per destination. Call with the lock held.
func (d *ND) NextHop(ifindex int, dst netip.Addr) (netip.Addr, bool) {
	d.expire()
	var cands []candidate
	best := -1
	add := func(c candidate) {
		switch {
		case c.bits > best:
			best, cands = c.bits, append(cands[:0], c)
		case c.bits == best:
			cands = append(cands, c)
		}
	}
	for _, r := range d.routes {
		if r.ifindex == ifindex && r.prefix.Contains(dst) {
			add(candidate{r.router, r.prefix.Bits(), r.pref})
		}
	}
	for _, r := range d.routers {
		if r.ifindex == ifindex {
			add(candidate{r.addr, 0, r.pref})
		}
	}
	if len(cands) == 0 {
		return netip.Addr{}, false
	}
	var pick *candidate
	for i := range cands {
		c := &cands[i]
		if !d.probablyReachable(ifindex, c.router) && !d.faults.Has(faults.RouterReachabilityIgnored) {
			continue
		}
		if pick == nil || c.pref > pick.pref {
			pick = c
		}
	}
	if pick != nil {
		return pick.router, true
	}
	top := cands[0].pref
	for _, c := range cands {
		top = max(top, c.pref)
	}
	k := key{ifindex, dst}
	if x := d.dests[k]; x != nil && !x.redirected {
		for _, c := range cands {
			if c.router == x.next && c.pref == top {
				return x.next, true
			}
		}
	}
	var turn []netip.Addr
	for _, c := range cands {
		if c.pref == top {
			turn = append(turn, c.router)
		}
	}
	l := d.links[ifindex]
	next := turn[l.rr%len(turn)]
	l.rr++
	d.remember(k, destination{next: next})
	return next, true
}

// inputRedirect validates a Redirect (§8.1) and applies it (§8.3): the
// destination goes to the target from now on, and a target link-layer
// option updates the target's neighbor entry. Routers ignore Redirects.
func (d *ND) inputRedirect(ifindex int, ip ipv6.Header, msg []byte) {
	if d.router && !d.faults.Has(faults.RouterAcceptsRedirect) {
		d.port.Count(counter.NDRedirectIgnoredByRouter)
		return
	}
	in, ok := d.validate(&redirectValidity, ip, msg)
	if !ok {
		return
	}
	m, opts := Redirect(in.msg), in.opts
	src, target, dst := ip.Src(), m.Target(), m.Dst()
	first, ok := d.port.FirstHop(ifindex, dst)
	if !ok && d.faults.Has(faults.RedirectWithoutFirstHop) {
		first, ok = src, true // the faulty node takes the Redirect's sender for the first hop
	}
	if (!ok || first != src) && !d.faults.Has(faults.RedirectAnySource) &&
		!(ipv6.IsMulticast(dst) && d.faults.Has(faults.RedirectMulticastDestinationAccepted)) {
		d.port.Count(counter.NDRedirectNotFromFirstHop)
		return
	}
	if d.faults.Has(faults.RedirectIgnored) {
		d.port.Count(counter.NDRedirectIgnored)
		return
	}
	d.port.Count(counter.NDRedirectAccepted)
	d.port.Logf("nd: redirected: %s via %s", dst, target)
	d.remember(key{ifindex, dst}, destination{next: target, redirected: true})
	var e *entry
	if tlla, ok := FindOption(opts, OptTargetLinkAddr).LinkAddr(); ok && !d.faults.Has(faults.RedirectTLLAIgnored) {
		e = d.learn(ifindex, target, tlla)
	} else {
		e = d.neighbors[key{ifindex, target}]
	}
	if e != nil && target != dst {
		e.isRouter = true // §8.3: the target of an off-link redirect is a router
	}
	d.heardFrom(e, faults.RedirectSetsStale, faults.RedirectConfirmsReachability)
}

// redirectAllowed takes a token from the router's Redirect rate limit
// (§8.2).
func (d *ND) redirectAllowed() bool {
	if d.faults.Has(faults.RedirectNoRateLimit) {
		return true
	}
	return d.redirects.take(d.clock.Now())
}

// SendRedirect sends a router's Redirect (§8.2) to the source of pkt, a
// packet it forwards back onto the link it came from: target is the better
// first hop (dst itself when it is on the link), with its link-layer address
// if known and as much of pkt as fits in the minimum MTU. Call with the lock
// held.
func (d *ND) SendRedirect(ifindex int, target netip.Addr, pkt []byte) {
	if !d.redirectAllowed() {
		d.port.Count(counter.NDRedirectRateLimited)
		return
	}
	src := d.port.SolicitSource(ifindex, netip.Addr{})
	if !src.IsValid() {
		d.port.Count(counter.NDRedirectNoSource)
		return
	}
	h := ipv6.Header(pkt)
	to := h.Src()
	if d.redirectBuf == nil {
		d.redirectBuf = make([]byte, MaxRedirectPacket)
	}
	b := d.redirectBuf
	n := PutRedirect(b, target, h.Dst())
	if e := d.neighbors[key{ifindex, target}]; e != nil && e.state != Incomplete {
		n += PutLinkAddrOption(b[n:], OptTargetLinkAddr, e.linkAddr)
	}
	if d.faults.Has(faults.RedirectedHeaderRoundsDown) {
		pkt = pkt[:len(pkt)/OptionUnit*OptionUnit] // the faulty node quotes whole units of 8 octets only
	}
	n += PutRedirectedHeaderOption(b[n:], pkt, MaxRedirectPacket-ipv6.HeaderLen-n)
	d.port.Count(counter.NDRedirectSent)
	d.port.SendND(ifindex, src, to, b[:n], [6]byte{}, false)
}
