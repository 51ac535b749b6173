package refnode

import (
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/nd"
	"github.com/v6ct/v6ct/refnode/slaac"
)

// autoAddr is an address a host formed from an advertised prefix (RFC 4862
// §5.5.3), with its lifetimes on the clock.
type autoAddr struct {
	addr       *nd.Address
	prefix     netip.Prefix
	validUntil time.Time // zero: infinite
	validTimer clock.Timer
	prefTimer  clock.Timer
	dadCounter int // RFC 7217 §6: addresses formed for this prefix so far, minus one
	gen        uint64
}

// zeroValidLifetime is the lifetime the slaac-zero-valid-lifetime fault
// gives an address advertised with valid lifetime 0.
const zeroValidLifetime = 24 * time.Hour

func stopAutoTimers(x *autoAddr) {
	for _, t := range []*clock.Timer{&x.validTimer, &x.prefTimer} {
		if *t != nil {
			(*t).Stop()
			*t = nil
		}
	}
	x.gen++
}

// autoFor returns the autoconfiguration record of a, or nil.
func (ifc *iface) autoFor(a *nd.Address) *autoAddr {
	for _, x := range ifc.auto {
		if x.addr == a {
			return x
		}
	}
	return nil
}

// autoconf applies a prefix that ND found fit for autoconfiguration (RFC
// 4862 §5.5.3 (a) to (c) checked): a new prefix of the right length forms a
// tentative address and starts DAD (d); a known one updates the lifetimes
// of its address (e). Call with the lock held.
func (n *Node) autoconf(ifc *iface, p netip.Prefix, valid, preferred time.Duration) {
	if ifc.disabled {
		return
	}
	for _, x := range ifc.auto {
		if x.prefix == p && n.faults.Has(faults.SLAACLifetimeNotUpdated) {
			return
		}
		if x.prefix == p && valid == 0 && n.faults.Has(faults.SLAACZeroLifetimeRemoves) {
			n.removeAuto(ifc, x, "valid lifetime 0")
			return
		}
		if x.prefix == p {
			remaining := nd.InfiniteLifetime
			if !x.validUntil.IsZero() {
				remaining = x.validUntil.Sub(n.clock.Now())
			}
			short := valid <= nd.TwoHours && valid <= remaining // the cases (e) 2 and 3
			switch {
			case n.faults.Has(faults.NoTwoHourRule):
			case short && remaining > nd.TwoHours && n.faults.Has(faults.TwoHourKeepsRemaining):
				valid = remaining
			case short && remaining <= nd.TwoHours && n.faults.Has(faults.TwoHourExtendsShort):
				valid = nd.TwoHours
			default:
				valid = slaac.ValidLifetime(remaining, valid)
			}
			n.setLifetimes(ifc, x, valid, preferred)
			return
		}
	}
	if valid == 0 {
		if !n.faults.Has(faults.SLAACZeroValidLifetime) {
			n.count(counter.SLAACZeroValidLifetime)
			return
		}
		valid = zeroValidLifetime
	}
	if p.Bits()+slaac.IIDLen != 128 && !n.faults.Has(faults.SLAACAnyPrefixLength) {
		n.count(counter.SLAACPrefixLength) // §5.5.3 (d)
		n.logf("%s: prefix %s: its length and the 64-bit identifier do not make 128 bits", ifc.name, p)
		return
	}
	if len(ifc.auto) >= n.limits.AutoconfAddresses {
		n.count(counter.SLAACLimit)
		return
	}
	x := &autoAddr{prefix: p}
	if !n.formAddress(ifc, x) {
		return
	}
	ifc.auto = append(ifc.auto, x)
	n.setLifetimes(ifc, x, valid, preferred)
}

// formAddress makes x's address from its prefix and starts DAD on it.
func (n *Node) formAddress(ifc *iface, x *autoAddr) bool {
	iid := ipv6.InterfaceID(ifc.mac)
	if n.secret != nil && !n.faults.Has(faults.StableIIDIgnored) {
		name := ifc.name
		if n.faults.Has(faults.StableIIDNotStable) {
			name += n.clock.Now().String() // the faulty node's identifier changes with time
		}
		iid = slaac.StableIID(x.prefix, name, x.dadCounter, n.secret)
	}
	addr := slaac.Address(x.prefix, iid)
	if ifc.address(addr) != nil {
		n.count(counter.SLAACAddressExists)
		return false
	}
	x.addr = &nd.Address{Ifindex: ifc.index, Addr: addr, PrefixLen: x.prefix.Bits()}
	ifc.addrs = append(ifc.addrs, x.addr)
	n.count(counter.SLAACAddressFormed)
	n.logf("%s: %s autoconfigured from %s, tentative", ifc.name, addr, x.prefix)
	n.nd.StartDAD(x.addr)
	return true
}

// setLifetimes sets the remaining lifetimes of x's address: it is deprecated
// when the preferred lifetime runs out and removed when the valid one does
// (RFC 4862 §5.5.4).
func (n *Node) setLifetimes(ifc *iface, x *autoAddr, valid, preferred time.Duration) {
	stopAutoTimers(x)
	gen := x.gen
	x.addr.Deprecated = preferred == 0 && !n.faults.Has(faults.IgnorePreferredLifetime)
	if preferred > 0 && preferred < nd.InfiniteLifetime && !n.faults.Has(faults.IgnorePreferredLifetime) {
		x.prefTimer = n.after(preferred, func() {
			if x.gen == gen {
				x.addr.Deprecated = true
				n.count(counter.SLAACDeprecated)
				n.logf("%s: %s deprecated", ifc.name, x.addr.Addr)
			}
		})
	}
	if n.faults.Has(faults.PreferredLifetimeUntimed) {
		n.untimePreferred(x)
	}
	x.validUntil = time.Time{}
	if valid < nd.InfiniteLifetime {
		x.validUntil = n.clock.Now().Add(valid)
		if !n.faults.Has(faults.IgnoreValidLifetime) {
			x.validTimer = n.after(valid, func() {
				if x.gen == gen {
					n.removeAuto(ifc, x, "valid lifetime expired")
				}
			})
		}
	}
}

// removeAuto takes an autoconfigured address off the interface.
func (n *Node) removeAuto(ifc *iface, x *autoAddr, why string) {
	stopAutoTimers(x)
	n.nd.StopDAD(x.addr)
	n.leaveSolicited(x.addr)
	for i, a := range ifc.addrs {
		if a == x.addr {
			ifc.addrs = append(ifc.addrs[:i], ifc.addrs[i+1:]...)
			break
		}
	}
	for i, y := range ifc.auto {
		if y == x {
			ifc.auto = append(ifc.auto[:i], ifc.auto[i+1:]...)
			break
		}
	}
	n.count(counter.SLAACRemoved)
	n.logf("%s: %s removed: %s", ifc.name, x.addr.Addr, why)
}

// autoconfDuplicate handles DAD failing on an autoconfigured address: with
// stable identifiers a new one is tried, up to IDGEN_RETRIES (RFC 7217 §6);
// otherwise the address stays a duplicate, unused (RFC 4862 §5.4.5).
func (n *Node) autoconfDuplicate(ifc *iface, a *nd.Address) {
	x := ifc.autoFor(a)
	if x != nil && n.secret == nil && n.faults.Has(faults.DuplicateProbedAgain) {
		n.probeAgain(ifc, x, a)
		return
	}
	if x == nil || n.secret == nil || x.dadCounter >= slaac.IdgenRetries || n.faults.Has(faults.StableNoRetry) {
		return
	}
	for i, y := range ifc.addrs {
		if y == a {
			ifc.addrs = append(ifc.addrs[:i], ifc.addrs[i+1:]...)
			break
		}
	}
	x.dadCounter++
	if !n.formAddress(ifc, x) {
		n.removeAuto(ifc, x, "no other stable address")
	}
}

// after runs f under the node's lock after d, unless the node closed.
func (n *Node) after(d time.Duration, f func()) clock.Timer {
	return n.clock.AfterFunc(d, func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		if !n.closed {
			f()
		}
	})
}
