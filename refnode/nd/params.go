package nd

import (
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/faults"
)

// link is the per-interface state of RFC 4861 §6.3.2 (the host variables a
// Router Advertisement may change) and of router discovery (§6.3.7).
type link struct {
	baseReachable time.Duration // BaseReachableTime
	reachable     time.Duration // ReachableTime, drawn from it
	drawn         time.Time     // when reachable was drawn
	retrans       time.Duration // RetransTimer
	curHopLimit   uint8         // CurHopLimit from an RA; 0 = none announced
	mtu           int           // LinkMTU from an RA's MTU option; 0 = none announced

	rsStarted bool        // router discovery began (the link-local address became usable)
	rsSent    int         // solicitations sent
	rsDone    bool        // a valid RA with a non-zero Router Lifetime came
	rsTimer   clock.Timer // the next solicitation
	rr        int         // round-robin position among unreachable routers (§6.3.6)
}

// drawReachableTime sets ReachableTime to BaseReachableTime times a uniform
// factor between MinRandomFactor and MaxRandomFactor (§6.3.2).
func (d *ND) drawReachableTime(l *link) {
	l.drawn = d.clock.Now()
	if d.faults.Has(faults.ReachableTimeNotRandom) {
		l.reachable = l.baseReachable
		return
	}
	f := d.c.MinRandomFactor + d.rand.Float64()*(d.c.MaxRandomFactor-d.c.MinRandomFactor)
	l.reachable = time.Duration(float64(l.baseReachable) * f)
}

// ReachableTime is the interface's current ReachableTime, drawn again once
// ReachableTimeRecompute has passed since the last draw (§6.3.4: "at least
// every few hours"). Call with the lock held.
func (d *ND) ReachableTime(ifindex int) time.Duration {
	l := d.links[ifindex]
	if d.c.ReachableTimeRecompute > 0 && d.clock.Now().Sub(l.drawn) >= d.c.ReachableTimeRecompute {
		d.drawReachableTime(l)
	}
	return l.reachable
}

// RetransTimer is the interface's current RetransTimer.
func (d *ND) RetransTimer(ifindex int) time.Duration { return d.links[ifindex].retrans }

// CurHopLimit is the hop limit the last RA on the interface announced, or
// 0 if none did (the node then uses its own default).
func (d *ND) CurHopLimit(ifindex int) uint8 { return d.links[ifindex].curHopLimit }

// LinkMTU is the MTU an RA's MTU option announced for the interface, or 0.
func (d *ND) LinkMTU(ifindex int) int { return d.links[ifindex].mtu }

// LinkInfo is a snapshot of an interface's ND parameters.
type LinkInfo struct {
	BaseReachableTime time.Duration
	ReachableTime     time.Duration
	RetransTimer      time.Duration
	CurHopLimit       uint8 // 0: none announced
	MTU               int   // 0: none announced
	Solicitations     int   // Router Solicitations sent
}

// Link returns the interface's parameters. Call with the lock held.
func (d *ND) Link(ifindex int) LinkInfo {
	l := d.links[ifindex]
	return LinkInfo{l.baseReachable, d.ReachableTime(ifindex), l.retrans, l.curHopLimit, l.mtu, l.rsSent}
}
