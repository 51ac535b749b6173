// Package nd is the node's Neighbor Discovery (RFC 4861) with router
// preferences and more-specific routes (RFC 4191), DNS options (RFC 8106),
// Duplicate Address Detection (RFC 4862 §5.4) and the autoconfiguration
// checks of RFC 4862 §5.5.3 (a) to (c); ND messages in fragments never get
// here (RFC 6980, checked by the node).
//
// Implemented: the message formats and options of §4 and RFC 4191/8106
// (views and builders); validation of every ND message (§6.1.1, §6.1.2,
// §7.1.1, §7.1.2, §8.1); the neighbor cache with all five states of §7.3.2,
// address resolution with a bounded queue (§7.2.2), answering solicitations
// (§7.2.3, §7.2.4) and anycast ones with O=0 after a random delay (§7.2.7),
// the advertisement table of §7.2.5 with the IsRouter rule, neighbor
// unreachability detection through DELAY and PROBE (§7.3.3); router
// discovery for hosts: Router Solicitations (§6.3.7), RA processing
// (§6.3.4: Cur Hop Limit, BaseReachableTime with ReachableTime drawn again
// on change and every ReachableTimeRecompute, RetransTimer, MTU, source
// link-layer option), the Default Router List with preferences, the Prefix
// List, Route Information, RDNSS and DNSSL with lifetimes (router.go,
// lists.go, dns.go); NS and NA in nbr.go, the neighbor cache in cache.go;
// next-hop choice with a Destination Cache and Redirect processing (§5.2,
// §6.3.6, §8.3; redirect.go); for routers, RS processing (§6.2.6) and
// Redirects sent with a rate limit (§8.2). DAD probing, defence and
// conflicts (RFC 4862 §5.4.2 to §5.4.5; dad.go); the node hears of the
// first probe (Port.Probing) to send the MLD report for the address's
// solicited-node group before it.
//
// Left out: proxy advertisements (§7.2.8), unsolicited advertisements on
// link-layer changes (§7.2.6), upper-layer reachability hints, the RFC 7527
// nonce, RFC 7559 backoff after MAX_RTR_SOLICITATIONS, a router's checks of
// other routers' RAs (§6.2.7), and Redirect-Header based hints to the
// upper layers. Packets dropped when resolution fails go back to the node
// (Port.Unreachable), which owes their source a Destination Unreachable.
package nd

import (
	"math/rand/v2"
	"net/netip"
	"sync"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
)

// Port is what ND needs from the node. ND calls it with the node's lock held.
type Port interface {
	// Address returns the node's own unicast address a on interface ifindex
	// (any DAD state), or nil.
	Address(ifindex int, a netip.Addr) *Address
	// Joined reports whether the interface listens to a multicast group.
	Joined(ifindex int, group netip.Addr) bool
	// SolicitSource picks the source of a solicitation prompted by a packet
	// from prompt (RFC 4861 §7.2.2); an invalid Addr if there is none usable.
	SolicitSource(ifindex int, prompt netip.Addr) netip.Addr
	// LinkAddr is the interface's MAC.
	LinkAddr(ifindex int) [6]byte
	// SendND sends the ND message msg (checksum not yet filled) from src to
	// dst with hop limit 255. With direct, the frame goes to dstMAC without
	// consulting the neighbor cache; otherwise it takes the normal output path.
	SendND(ifindex int, src, dst netip.Addr, msg []byte, dstMAC [6]byte, direct bool)
	// Transmit sends an IPv6 packet that waited for resolution to dstMAC.
	Transmit(ifindex int, dstMAC [6]byte, pkt []byte)
	// Unreachable hands back a packet that waited for a resolution that
	// failed: the node owes its source a Destination Unreachable code 3
	// (RFC 4861 §7.2.2).
	Unreachable(ifindex int, pkt []byte)
	// Probing tells the node that the first DAD probe for a is about to go
	// out: the node joins its solicited-node group now, so that the MLD
	// report precedes the probe (RFC 4862 §5.4.2).
	Probing(a *Address)
	// DADDone tells the node that a left the tentative state.
	DADDone(a *Address)
	// Count increments the counter c.
	Count(c counter.Counter)
	// Logf records a notable event.
	Logf(format string, args ...any)

	// Anycast returns the router's subnet-router anycast address a on the
	// interface (RFC 4291 §2.6.1) as an Address with Anycast set, or nil.
	Anycast(ifindex int, a netip.Addr) *Address
	// Autoconf hands a host the prefix of a Prefix Information option
	// with A=1 that passed RFC 4862 §5.5.3 (a) to (c), with its lifetimes.
	Autoconf(ifindex int, prefix netip.Prefix, valid, preferred time.Duration)
	// FirstHop is the node's current first hop towards dst from the
	// interface (RFC 4861 §8.1: a Redirect must come from it).
	FirstHop(ifindex int, dst netip.Addr) (netip.Addr, bool)
	// DeviceMTU is the interface's own MTU: an RA's MTU option may lower
	// the link MTU, never raise it above this (§6.3.4).
	DeviceMTU(ifindex int) int
	// RouterSolicited tells a router of a valid Router Solicitation
	// (RFC 4861 §6.2.6), for the RA sender.
	RouterSolicited(ifindex int, src netip.Addr)
}

// Config assembles an ND instance.
type Config struct {
	Constants  Constants
	Clock      clock.Clock
	Rand       *rand.Rand
	Faults     faults.Set
	Lock       sync.Locker // the node's lock, taken by every timer callback
	Port       Port
	Interfaces int    // interfaces are numbered 0..Interfaces-1
	Router     bool   // the node forwards: its advertisements carry R=1 (§4.4)
	Limits     Limits // zero fields: DefaultLimits
}

// ND is the Neighbor Discovery state of one node: its neighbor cache across
// all interfaces (the interface is part of every key) and its DAD timers.
type ND struct {
	c         Constants
	clock     clock.Clock
	rand      *rand.Rand
	faults    faults.Set
	lock      sync.Locker
	port      Port
	router    bool
	links     []*link // per-interface parameters and router discovery
	neighbors map[key]*entry
	routers   []*defaultRouter // the Default Router List (§6.3.4), all interfaces
	prefixes  []*onLinkPrefix  // the Prefix List (§6.3.4)
	routes    []*routeInfo     // routes from Route Information options (RFC 4191)
	dns       []*dnsItem       // RDNSS and DNSSL (RFC 8106)
	// prefixAt and routeAt index prefixes and routes, so that an option
	// for a prefix the lists do not hold costs a lookup, not a scan of
	// lists a flood of advertisements keeps full.
	prefixAt map[prefixKey]*onLinkPrefix
	routeAt  map[routeKey]*routeInfo
	// nextExpiry is the earliest lifetime end among routers, prefixes,
	// routes and DNS items (zero: none ends), so that the expiry check
	// every lookup and advertisement begins with costs nothing until then.
	nextExpiry time.Time
	dests      map[key]*destination // the Destination Cache (§5.1)
	stopped    bool
	buf        [256]byte // scratch for building messages

	limits         Limits
	incomplete     int // entries in INCOMPLETE
	queued         int // octets waiting for resolution in every entry
	anycastPending int // delayed anycast advertisements not yet sent

	redirectBuf []byte // a router's Redirects, up to the minimum MTU
	redirects   budget // a router's Redirects (§8.2)
	// newRouterRAs bounds the advertisements from routers not on the
	// Default Router List that a host processes (Limits.NewRouterRAs).
	newRouterRAs budget
	// newNeighborNS bounds the solicitations a node answers from sources
	// not in its neighbor cache (Limits.NewNeighborNS).
	newNeighborNS budget
}

// New returns an ND with an empty cache and a ReachableTime drawn for each
// interface (RFC 4861 §6.3.2).
func New(cfg Config) *ND {
	d := &ND{
		c:         cfg.Constants,
		clock:     cfg.Clock,
		rand:      cfg.Rand,
		faults:    cfg.Faults,
		lock:      cfg.Lock,
		port:      cfg.Port,
		router:    cfg.Router,
		neighbors: map[key]*entry{},
		limits:    cfg.Limits.withDefaults(),
	}
	d.dests = map[key]*destination{}
	d.prefixAt, d.routeAt = map[prefixKey]*onLinkPrefix{}, map[routeKey]*routeInfo{}
	d.redirects = budget{every: d.c.RedirectRate, burst: d.c.RedirectBurst}
	d.newRouterRAs = perSecond(d.limits.NewRouterRAs)
	d.newNeighborNS = perSecond(d.limits.NewNeighborNS)
	for range cfg.Interfaces {
		l := &link{baseReachable: d.c.BaseReachableTime, retrans: d.c.RetransTimer}
		d.links = append(d.links, l)
		d.drawReachableTime(l)
	}
	return d
}

// Stop cancels every timer; later callbacks do nothing. Call with the lock held.
func (d *ND) Stop() {
	d.stopped = true
	for _, e := range d.neighbors {
		stopTimer(&e.timer)
	}
	for _, l := range d.links {
		stopTimer(&l.rsTimer)
	}
}

// after schedules f under the node's lock; nothing runs once ND is stopped.
func (d *ND) after(dur time.Duration, f func()) clock.Timer {
	return d.clock.AfterFunc(dur, func() {
		d.lock.Lock()
		defer d.lock.Unlock()
		if !d.stopped {
			f()
		}
	})
}

func stopTimer(t *clock.Timer) {
	if *t != nil {
		(*t).Stop()
		*t = nil
	}
}
