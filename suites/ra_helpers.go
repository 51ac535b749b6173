package suites

import (
	"fmt"
	"net/netip"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites/packets"
)

// Helpers for the router discovery specs: what a router under test
// advertises, and a clean slate of routers for a host under test.

// Advertising is what the router under test advertises on a link, as far
// as the tester knows it: the spec judges its advertisements against it.
type Advertising struct {
	Prefix                   netip.Prefix
	MinInterval, MaxInterval time.Duration // MinRtrAdvInterval, MaxRtrAdvInterval
	RouterLifetime           time.Duration
	CurHopLimit              uint8
	ReachableTime            time.Duration
	RetransTimer             time.Duration
	MTU                      int // 0: no MTU option asked for
	// Exact says every field above is known exactly (the reference node's
	// fixed configuration, or radvd's file on the Linux router); otherwise
	// MinInterval is only the least §6.2.1 allows.
	Exact bool
}

// Advertise makes the router under test advertise on l and returns what it
// advertises. A target that takes configuration (the start-ra action) is
// asked for the link's prefix, MaxRtrAdvInterval maxInterval, Router
// Lifetime 1800 s, Cur Hop Limit 64, Reachable Time 30 s, Retrans Timer
// 1 s and an MTU option of 1500 on Link0; it stops advertising when the
// spec ends. The reference node advertises its fixed configuration
// (RefnodeAdvertising) from its start. A target that can do neither makes
// the spec N/A.
func (l *Link) Advertise(maxInterval time.Duration) Advertising {
	GinkgoHelper()
	if t, ok := cfg.Target.(*refnodeTarget); ok {
		if t.adv == nil {
			TesterError(fmt.Errorf("the reference node is not advertising (role %s)", t.Role()))
		}
		c := RefnodeAdvertising(l.Index, 0)
		mtu := 1500
		if t.router && l.Index == 1 {
			mtu = RouterLink1MTU
		}
		return Advertising{Prefix: l.Prefix, MinInterval: c.MinRtrAdvInterval, MaxInterval: c.MaxRtrAdvInterval,
			RouterLifetime: c.RouterLifetime, CurHopLimit: c.CurHopLimit, ReachableTime: c.ReachableTime,
			RetransTimer: c.RetransTimer, MTU: mtu, Exact: true}
	}
	c, ok := cfg.Target.(Controller)
	if !ok || !c.Has(ActStartRA) {
		Skip(fmt.Sprintf("needs a router that advertises: %s cannot be made to send Router Advertisements (no %s action)", cfg.Target.Name(), ActStartRA))
	}
	ra := RAConfig{Prefix: l.Prefix, RouterLifetime: 1800 * time.Second, Interval: maxInterval, HopLimit: 64,
		ReachableTime: 30 * time.Second, RetransTimer: time.Second}
	if l.Index == 0 {
		ra.MTU = 1500
	}
	l.env.StartRouterAdvertisements(l.Index, ra)
	if c.Has(ActStopRA) {
		deferCleanup(func() { l.env.Do(Action{Name: ActStopRA, Link: l.Index}) }, true)
	}
	a := Advertising{Prefix: l.Prefix, MaxInterval: maxInterval, MinInterval: 3 * time.Second, RouterLifetime: ra.RouterLifetime,
		CurHopLimit: ra.HopLimit, ReachableTime: ra.ReachableTime, RetransTimer: ra.RetransTimer, MTU: ra.MTU}
	if _, ok := cfg.Target.(*linuxTarget); ok {
		// As radvdConfig writes them.
		maxS := max(int(maxInterval/time.Second), 4)
		a.MaxInterval, a.MinInterval = time.Duration(maxS)*time.Second, time.Duration(max(3, maxS*3/4))*time.Second
		a.Exact = true
	}
	return a
}

// StopAdvertising makes the router under test cease to advertise on l
// (RFC 4861 §6.2.5), or makes the spec N/A on a target that cannot.
func (l *Link) StopAdvertising() {
	GinkgoHelper()
	if t, ok := cfg.Target.(*refnodeTarget); ok {
		if t.adv == nil || l.Index >= len(t.advIfs) {
			TesterError(fmt.Errorf("the reference node is not advertising on %s", l.Name))
		}
		if err := t.adv.StopInterface(t.advIfs[l.Index]); err != nil {
			TesterError(err)
		}
		l.env.Note("%s: the node ceases to advertise (rtadv StopInterface)", l.Name)
		return
	}
	l.env.StopRouterAdvertisements(l.Index)
}

// ForgetRouters starts a host spec from a clean slate, and ends it so: TR1
// and TR2 withdraw as default routers (Router Lifetime 0), and when the
// spec ends TR1 announces the RFC 4861 §10 defaults back (Cur Hop Limit 64,
// Reachable Time 30 s, Retrans Timer 1 s, MTU 1500) and both withdraw
// again, so that a target that keeps its state between specs (the Linux
// kernel) does not carry one spec's routers and parameters into the next.
// On a fresh reference node the first advertisements change nothing.
func (l *Link) ForgetRouters() {
	GinkgoHelper()
	for _, r := range []*Node{l.TR1, l.TR2} {
		l.Send(packets.RA(r.MAC, packets.MulticastMAC(packets.AllNodes), r.LinkLocal, packets.AllNodes, packets.RAParams{}))
	}
	deferCleanup(func() {
		// Some stacks apply the parameters only with a non-zero Router
		// Lifetime: TR1 announces them as a router, then withdraws.
		restore := packets.RAParams{CurHopLimit: 64, RouterLifetime: 30 * time.Minute, ReachableTime: 30 * time.Second,
			RetransTimer: time.Second, Options: []packets.Option{packets.MTUOption(1500)}}
		l.Send(packets.RA(l.TR1.MAC, packets.MulticastMAC(packets.AllNodes), l.TR1.LinkLocal, packets.AllNodes, restore))
		for _, r := range []*Node{l.TR1, l.TR2} {
			l.Send(packets.RA(r.MAC, packets.MulticastMAC(packets.AllNodes), r.LinkLocal, packets.AllNodes, packets.RAParams{}))
		}
	}, false)
	l.env.Settle()
}

// OffLink is a node beyond the routers: its address is on no link of the
// addressing plan.
var OffLink = netip.MustParseAddr("2001:db8:99::1")

// EchoFromOffLink is an Echo Request from OffLink to the node's global
// address, as router via forwards it onto the link (Ethernet source via's
// MAC): the node's reply shows which first hop it picks for OffLink.
func (l *Link) EchoFromOffLink(via *Node) *packets.Packet {
	req := l.TN1.EchoRequest(l.NUTGlobal)
	req.Src, req.EthSrc, req.HopLimit = OffLink, via.MAC, 63
	return req
}

// Router advertisement times (RFC 4861 §10).
const (
	MaxInitialRtrAdvertInterval = 16 * time.Second
	MaxInitialRtrAdvertisements = 3
	MaxRADelayTime              = 500 * time.Millisecond
	MinDelayBetweenRAs          = 3 * time.Second
)

// Elapsed is the time since the spec began, on the target's clock: the
// same clock as Captured.At.
func (e *Env) Elapsed() time.Duration { return e.elapsed() }
