package nd

import (
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// Input handles an ND message (ICMPv6 types 133 to 137) whose ICMPv6
// checksum the caller has checked. ip is the IPv6 header of the packet.
func (d *ND) Input(ifindex int, ip ipv6.Header, msg []byte) {
	switch msg[icmp6.OffType] {
	case icmp6.TypeNeighborSolicitation:
		d.inputNS(ifindex, ip, msg)
	case icmp6.TypeNeighborAdvertisement:
		d.inputNA(ifindex, ip, msg)
	case icmp6.TypeRouterSolicitation:
		d.inputRS(ifindex, ip, msg)
	case icmp6.TypeRouterAdvertisement:
		d.inputRA(ifindex, ip, msg)
	case icmp6.TypeRedirect:
		d.inputRedirect(ifindex, ip, msg)
	}
}

// inputNS validates a Neighbor Solicitation (§7.1.1) and answers it (§7.2.3,
// §7.2.4), or treats it as a DAD probe (RFC 4862 §5.4.3).
func (d *ND) inputNS(ifindex int, ip ipv6.Header, msg []byte) {
	in, ok := d.validate(&nsValidity, ip, msg)
	if !ok {
		return
	}
	m, opts := NS(in.msg), in.opts
	src, target := ip.Src(), m.Target()
	slla, hasSLLA := FindOption(opts, OptSourceLinkAddr).LinkAddr()
	var a *Address
	if ipv6.IsMulticast(target) {
		// The faulty node answers for a group it listens to as if it were
		// one of its addresses.
		if !d.faults.Has(faults.NSMulticastTarget) || !d.port.Joined(ifindex, target) {
			d.port.Count(counter.NDNSMulticastTarget)
			return
		}
		a = &Address{Ifindex: ifindex, Addr: target, State: Preferred}
	} else {
		a = d.port.Address(ifindex, target)
		if a == nil {
			a = d.port.Anycast(ifindex, target)
		}
	}
	if a == nil && ipv6.IsUnspecified(src) && d.faults.Has(faults.DADAnyTargetConflict) {
		a = d.sameGroupTentative(ifindex, target)
	}
	if a != nil && a.State == Duplicate && d.faults.Has(faults.NSAnsweredForDuplicate) {
		mine := *a // the faulty node answers for the duplicate as if it were its own
		mine.State = Preferred
		a = &mine
	}
	if a == nil || a.State == Duplicate {
		d.port.Count(counter.NDNSTargetNotOurs)
		return
	}
	if a.State == Tentative {
		switch {
		case ipv6.IsUnspecified(src), d.faults.Has(faults.DADResolutionNSConflict):
			d.dadConflict(a, "NS")
		case d.faults.Has(faults.NSTentativeAnswered):
			if hasSLLA {
				d.learn(ifindex, src, slla)
			}
			d.advertise(ifindex, a, src, FlagSolicited|FlagOverride)
		default:
			d.port.Count(counter.NDNSTargetTentative) // RFC 4862 §5.4.3
		}
		return
	}
	if d.neighbors[key{ifindex, src}] == nil && !d.newNeighborNS.take(d.clock.Now()) {
		d.port.Count(counter.NDNSNewNeighborLimit)
		return
	}
	if ipv6.IsUnspecified(src) {
		if a.Anycast {
			d.port.Count(counter.NDNSDADForAnycast) // anycast addresses are not defended (RFC 4862 §5.4)
			return
		}
		// Another node's DAD probe for our address: defend it.
		if d.faults.Has(faults.DADNoDefend) {
			d.port.Count(counter.NDDADNotDefended)
			return
		}
		d.port.Logf("nd: defending %s against a DAD probe", target)
		d.advertise(ifindex, a, ipv6.AllNodes, FlagOverride)
		return
	}
	if !hasSLLA && d.faults.Has(faults.NDMissingLLAAsZero) {
		hasSLLA = true // the faulty node learns the all-zero address
	}
	if hasSLLA {
		e := d.neighbors[key{ifindex, src}]
		switch {
		case d.faults.Has(faults.NSSLLANotLearned):
			d.port.Count(counter.NDNSSLLANotLearned)
		case e != nil && e.state != Incomplete && e.linkAddr != slla && d.faults.Has(faults.StaleNotUpdatedByNS):
			d.port.Count(counter.NDNSSLLAChangeIgnored)
		default:
			if e = d.learn(ifindex, src, slla); e == nil {
				break // the cache is full
			}
			if d.faults.Has(faults.NSSLLASetsStale) && e.state == Reachable {
				d.setState(e, Stale)
			}
			if d.faults.Has(faults.NSConfirmsReachability) {
				d.setState(e, Reachable)
			}
		}
	}
	if e := d.neighbors[key{ifindex, src}]; e != nil && e.isRouter && d.faults.Has(faults.NSClearsIsRouter) {
		d.setIsRouter(e, false)
	}
	if a.Anycast {
		d.advertiseAnycast(ifindex, a, src)
		return
	}
	flags := uint8(FlagSolicited | FlagOverride)
	if d.faults.Has(faults.NANoSolicitedFlag) {
		flags &^= FlagSolicited
	}
	d.advertise(ifindex, a, src, flags)
}

// advertise sends a Neighbor Advertisement for a to dst with our link-layer
// address as the target link-layer option (§7.2.4), and R set by a router.
func (d *ND) advertise(ifindex int, a *Address, dst netip.Addr, flags uint8) {
	if d.router && !d.faults.Has(faults.NANoRouterFlag) {
		flags |= FlagRouter
	}
	src := a.Addr
	if ipv6.IsMulticast(src) {
		src = d.port.SolicitSource(ifindex, ipv6.Unspecified)
	}
	var tlla *[6]byte
	if !d.faults.Has(faults.NANoTLLA) {
		mac := d.port.LinkAddr(ifindex)
		tlla = &mac
	}
	n := PutNA(d.buf[:], flags, a.Addr, tlla)
	d.port.SendND(ifindex, src, dst, d.buf[:n], [6]byte{}, false)
}

// inputNA validates a Neighbor Advertisement (§7.1.2) and applies it to the
// cache (§7.2.5) or to a tentative address (RFC 4862 §5.4.4).
func (d *ND) inputNA(ifindex int, ip ipv6.Header, msg []byte) {
	in, ok := d.validate(&naValidity, ip, msg)
	if !ok {
		return
	}
	m, opts := NA(in.msg), in.opts
	target := m.Target()
	a := d.port.Address(ifindex, target)
	if a == nil && d.faults.Has(faults.DADAnyTargetConflict) {
		a = d.sameGroupTentative(ifindex, target)
	}
	if a != nil && a.State == Duplicate && d.faults.Has(faults.NAForDuplicateIgnored) {
		d.port.Count(counter.NDNAForOwnAddress) // the faulty node still takes the duplicate for its own
		return
	}
	if a != nil && a.State != Duplicate {
		if a.State == Tentative {
			d.dadConflict(a, "NA")
			return
		}
		d.port.Count(counter.NDNAForOwnAddress)
		d.port.Logf("nd: %s advertised by another node", target)
		return
	}
	e := d.neighbors[key{ifindex, target}]
	tlla, hasTLLA := FindOption(opts, OptTargetLinkAddr).LinkAddr()
	if e == nil {
		if hasTLLA && d.faults.Has(faults.NACreatesEntry) && d.newEntryRoom(true, false) {
			e = &entry{key: key{ifindex, target}, state: Incomplete}
			d.neighbors[e.key] = e
			d.incomplete++
			d.advertised(e, m, tlla, hasTLLA)
			return
		}
		d.port.Count(counter.NDNANoEntry) // §7.2.5: nothing to update
		return
	}
	if !hasTLLA && d.faults.Has(faults.NDMissingLLAAsZero) {
		hasTLLA = true // the faulty node takes the all-zero address
	}
	d.advertised(e, m, tlla, hasTLLA)
}

// advertiseAnycast answers a solicitation for one of our anycast addresses
// after a random delay below MAX_ANYCAST_DELAY_TIME, with O=0 so that a
// unicast owner of the address wins (§7.2.7).
func (d *ND) advertiseAnycast(ifindex int, a *Address, dst netip.Addr) {
	flags := uint8(FlagSolicited)
	if d.faults.Has(faults.AnycastOverride) {
		flags |= FlagOverride
	}
	var delay time.Duration
	if d.c.MaxAnycastDelayTime > 0 {
		delay = time.Duration(d.rand.Int64N(int64(d.c.MaxAnycastDelayTime)))
	}
	if d.faults.Has(faults.AnycastAnswerLate) {
		delay += d.c.MaxAnycastDelayTime
	}
	if d.anycastPending >= d.limits.AnycastPending {
		d.port.Count(counter.NDNSAnycastLimit)
		return
	}
	d.anycastPending++
	d.port.Count(counter.NDNSAnycast)
	d.after(delay, func() { d.anycastPending--; d.advertise(ifindex, a, dst, flags) })
}

// sameGroupTentative is the dad-any-target-conflict fault: the faulty node
// matches a DAD message's target with its tentative addresses by the low 24
// bits only (those that pick the solicited-node group), so another node's
// address in the same group passes for its own.
func (d *ND) sameGroupTentative(ifindex int, target netip.Addr) *Address {
	l, ok := d.port.(interface{ Addresses(ifindex int) []*Address })
	if !ok {
		return nil
	}
	t := target.As16()
	for _, a := range l.Addresses(ifindex) {
		if b := a.Addr.As16(); a.State == Tentative && [3]byte(b[13:]) == [3]byte(t[13:]) {
			return a
		}
	}
	return nil
}
