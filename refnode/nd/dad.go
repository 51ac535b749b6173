package nd

import (
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// AddrState is where a unicast address is in DAD (RFC 4862 §5.4).
type AddrState int

const (
	Tentative AddrState = iota // being checked; not usable, packets to it refused
	Preferred                  // checked and in use
	Duplicate                  // another node has it; not assigned
)

func (s AddrState) String() string {
	switch s {
	case Tentative:
		return "tentative"
	case Preferred:
		return "preferred"
	case Duplicate:
		return "duplicate"
	}
	return "?"
}

// Address is one of the node's unicast addresses. The node owns it; ND moves
// its State.
type Address struct {
	Ifindex   int
	Addr      netip.Addr
	PrefixLen int
	State     AddrState
	// Deprecated says the preferred lifetime of an autoconfigured address
	// ran out (RFC 4862 §5.5.4): still valid, not for new communication.
	Deprecated bool
	// Anycast marks a router's subnet-router anycast address (never in DAD).
	Anycast bool

	sent  int // DAD probes sent
	timer clock.Timer
	gen   uint64
}

func (d *ND) setAddrTimer(a *Address, dur time.Duration, f func(*Address)) {
	stopTimer(&a.timer)
	a.gen++
	gen := a.gen
	a.timer = d.after(dur, func() {
		if a.gen == gen {
			f(a)
		}
	})
}

// StartDAD begins Duplicate Address Detection for a tentative address: the
// first probe after a random delay below MaxRtrSolicitationDelay
// (RFC 4862 §5.4.2). The caller has already joined the solicited-node group.
func (d *ND) StartDAD(a *Address) {
	a.sent = 0
	if d.faults.Has(faults.NoDAD) || d.c.DupAddrDetectTransmits <= 0 {
		d.settle(a, Preferred)
		return
	}
	a.State = Tentative
	var delay time.Duration
	if d.c.MaxRtrSolicitationDelay > 0 {
		delay = time.Duration(d.rand.Int64N(int64(d.c.MaxRtrSolicitationDelay)))
	}
	d.setAddrTimer(a, delay, d.dadTimeout)
}

// StopDAD cancels DAD for a without deciding its state.
func (d *ND) StopDAD(a *Address) {
	stopTimer(&a.timer)
	a.gen++
}

// dadTimeout sends the next probe, or declares the address unique once the
// last probe has had RetransTimer to draw an answer (§5.4.2, §5.4.5).
func (d *ND) dadTimeout(a *Address) {
	if a.sent >= d.c.DupAddrDetectTransmits {
		d.settle(a, Preferred)
		return
	}
	if a.sent == 0 {
		d.port.Probing(a)
	}
	a.sent++
	d.setAddrTimer(a, d.RetransTimer(a.Ifindex), d.dadTimeout)
	n := PutNS(d.buf[:], a.Addr, nil)
	d.port.SendND(a.Ifindex, ipv6.Unspecified, ipv6.SolicitedNode(a.Addr), d.buf[:n], [6]byte{}, false)
}

// dadConflict handles evidence that another node uses a tentative address
// (§5.4.3, §5.4.4): the address is not assigned.
func (d *ND) dadConflict(a *Address, evidence string) {
	if d.faults.Has(faults.DADIgnoreConflict) {
		d.port.Count(counter.NDDADConflictIgnored)
		return
	}
	d.port.Count(counter.NDDADDuplicate)
	d.port.Logf("nd: %s is a duplicate (%s received), not assigned", a.Addr, evidence)
	d.settle(a, Duplicate)
}

func (d *ND) settle(a *Address, s AddrState) {
	d.StopDAD(a)
	a.State = s
	d.port.DADDone(a)
	if s == Preferred && a.Addr.IsLinkLocalUnicast() {
		d.startSoliciting(a.Ifindex) // a host may now solicit routers from it (§6.3.7)
	}
}
