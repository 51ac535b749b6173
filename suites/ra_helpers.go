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
// advertises: the start-ra action asks for the link's prefix,
// MaxRtrAdvInterval maxInterval, Router Lifetime 1800 s, Cur Hop Limit 64,
// Reachable Time 30 s, Retrans Timer 1 s and an MTU option of 1500 on
// Link0; stop-ra (where the target has it) ends the advertisements when
// the spec ends. A target without start-ra makes the spec N/A.
func (l *Link) Advertise(maxInterval time.Duration) Advertising {
	GinkgoHelper()
	return l.startAdvertising(l.advertisingAsked(maxInterval))
}

// advertisingAsked is the start-ra configuration of Advertise.
func (l *Link) advertisingAsked(maxInterval time.Duration) RAConfig {
	ra := RAConfig{Prefix: l.Prefix, RouterLifetime: 1800 * time.Second, Interval: maxInterval, HopLimit: 64,
		ReachableTime: 30 * time.Second, RetransTimer: time.Second}
	if l.Index == 0 {
		ra.MTU = 1500
	}
	return ra
}

// AdvertisingReporter is the optional interface of a target that knows
// exactly what its node advertises once start-ra asked for ra on link (its
// rounding of the intervals, for one): a spec then judges the
// advertisements against that, not only against the bounds of RFC 4861
// §6.2.1.
type AdvertisingReporter interface {
	Advertising(link int, ra RAConfig) Advertising
}

// startAdvertising performs start-ra with ra on l, arranges stop-ra for
// the spec's end, and says what the node advertises.
func (l *Link) startAdvertising(ra RAConfig) Advertising {
	GinkgoHelper()
	c, ok := cfg.Target.(Controller)
	if !ok || !c.Has(ActStartRA) {
		Skip(fmt.Sprintf("needs a router that advertises: %s cannot be made to send Router Advertisements (no %s action)", cfg.Target.Name(), ActStartRA))
	}
	l.env.StartRouterAdvertisements(l.Index, ra)
	if c.Has(ActStopRA) {
		deferCleanup(func() { l.env.Do(Action{Name: ActStopRA, Link: l.Index}) }, true)
	}
	if r, ok := cfg.Target.(AdvertisingReporter); ok {
		return r.Advertising(l.Index, ra)
	}
	// Only the least RFC 4861 §6.2.1 allows is known of MinRtrAdvInterval.
	return Advertising{Prefix: l.Prefix, MaxInterval: ra.Interval, MinInterval: MinDelayBetweenRAs, RouterLifetime: ra.RouterLifetime,
		CurHopLimit: ra.HopLimit, ReachableTime: ra.ReachableTime, RetransTimer: ra.RetransTimer, MTU: ra.MTU}
}

// StopAdvertising makes the router under test cease to advertise on l
// (RFC 4861 §6.2.5), or makes the spec N/A on a target that cannot.
func (l *Link) StopAdvertising() {
	GinkgoHelper()
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
