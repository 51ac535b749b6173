// Package rtadv is the reference node's Router Advertisement sender, like
// KAME's rtadvd: a separate component that drives a router node only
// through its public API (Node.SendND, Node.OnRS, Node.Interface,
// Node.Clock, Node.Faults), never through its internals.
//
// Implemented (RFC 4861 §6.2): the advertising interface variables of §6.2.1
// (MaxRtrAdvInterval, MinRtrAdvInterval, M and O flags, Router Lifetime,
// Reachable Time, Retrans Timer, Cur Hop Limit, Prefix Information with L, A
// and lifetimes, MTU) plus the H flag (RFC 6275 §7.1), the Default Router
// Preference and Route Information options (RFC 4191) and the RDNSS and
// DNSSL options (RFC 8106); unsolicited advertisements at random intervals
// in [MinRtrAdvInterval, MaxRtrAdvInterval], the first
// MAX_INITIAL_RTR_ADVERTISEMENTS at most MAX_INITIAL_RTR_ADVERT_INTERVAL
// apart (§6.2.4); solicited advertisements after a random delay up to
// MAX_RA_DELAY_TIME and never closer than MIN_DELAY_BETWEEN_RAS to the last
// multicast one (§6.2.6); a final advertisement with Router Lifetime 0 when
// an interface stops advertising (§6.2.5; one, of the up to
// MAX_FINAL_RTR_ADVERTISEMENTS allowed).
//
// Left out: unicast solicited answers (all answers go to all-nodes, which
// §6.2.6 allows), consistency checks of other routers' advertisements
// (§6.2.7), and the Advertisement Interval option of Mobile IPv6.
package rtadv

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"sort"
	"sync"
	"time"

	"github.com/v6ct/v6ct/refnode"
	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/nd"
)

// Defaults of RFC 4861 §6.2.1.
const (
	DefaultMaxRtrAdvInterval = 600 * time.Second
	MinMaxRtrAdvInterval     = 4 * time.Second    // smallest MaxRtrAdvInterval allowed
	MaxMaxRtrAdvInterval     = 1800 * time.Second // largest MaxRtrAdvInterval allowed
	MinMinRtrAdvInterval     = 3 * time.Second    // smallest MinRtrAdvInterval allowed
	MaxRouterLifetime        = 9000 * time.Second // AdvDefaultLifetime bound
	DefaultValidLifetime     = 30 * 24 * time.Hour
	DefaultPreferredLifetime = 7 * 24 * time.Hour
	DefaultCurHopLimit       = 64
)

// Preference is a router or route preference (RFC 4191 §2.1).
type Preference = nd.Preference

// Preferences.
const (
	High   = nd.PrefHigh
	Medium = nd.PrefMedium
	Low    = nd.PrefLow
)

// Prefix is an advertised prefix (AdvPrefixList). Zero lifetimes take the
// defaults of §6.2.1 (30 days valid, 7 days preferred); nd.InfiniteLifetime
// advertises all ones.
type Prefix struct {
	Prefix            netip.Prefix
	OnLink            bool // L
	Autonomous        bool // A
	ValidLifetime     time.Duration
	PreferredLifetime time.Duration
}

// Route is a more-specific route (RFC 4191 Route Information option).
type Route struct {
	Prefix     netip.Prefix
	Preference Preference
	Lifetime   time.Duration
}

// Config is one advertising interface (the variables of §6.2.1). The zero
// value of a field takes the RFC default, as the comments say.
type Config struct {
	MaxRtrAdvInterval time.Duration // 0 = 600 s
	MinRtrAdvInterval time.Duration // 0 = Max/3 (Max itself below 9 s); at most 3/4 of Max
	Managed           bool          // M
	OtherConfig       bool          // O
	HomeAgent         bool          // H (RFC 6275)
	Preference        Preference    // Prf (RFC 4191)
	// RouterLifetime is AdvDefaultLifetime; 0 = 3 × MaxRtrAdvInterval.
	// NotDefaultRouter advertises 0 instead: the router is not a default router.
	RouterLifetime   time.Duration
	NotDefaultRouter bool
	ReachableTime    time.Duration // 0 = unspecified
	RetransTimer     time.Duration // 0 = unspecified
	// CurHopLimit: 0 = 64; NoCurHopLimit advertises 0 (unspecified).
	CurHopLimit   uint8
	NoCurHopLimit bool
	LinkMTU       int // 0 = no MTU option
	Prefixes      []Prefix
	Routes        []Route
	RDNSS         []netip.Addr
	RDNSSLifetime time.Duration // 0 = 2 × MaxRtrAdvInterval (RFC 8106 §5.1 asks for at least Max)
	DNSSL         []string
	DNSSLLifetime time.Duration // 0 = 2 × MaxRtrAdvInterval
	// NoSLLA leaves the source link-layer option out (§4.2 makes it optional).
	NoSLLA bool
}

// intervals returns Max and Min with the defaults and bounds of §6.2.1.
func (c Config) intervals() (maxI, minI time.Duration) {
	maxI = c.MaxRtrAdvInterval
	if maxI == 0 {
		maxI = DefaultMaxRtrAdvInterval
	}
	maxI = min(max(maxI, MinMaxRtrAdvInterval), MaxMaxRtrAdvInterval)
	minI = c.MinRtrAdvInterval
	if minI == 0 {
		minI = maxI
		if maxI >= 9*time.Second {
			minI = maxI / 3
		}
	}
	minI = min(max(minI, MinMinRtrAdvInterval), maxI*3/4)
	return maxI, minI
}

// Build writes the Router Advertisement for c with the given link-layer
// address (nil: none) and Router Lifetime override (final: 0) into b and
// returns its length. The checksum is left to the node.
func Build(b []byte, c Config, mac []byte, final bool) int {
	maxI, _ := c.intervals()
	flags := c.Preference.Bits() << nd.PrfShift
	if c.Managed {
		flags |= nd.FlagManaged
	}
	if c.OtherConfig {
		flags |= nd.FlagOtherConf
	}
	if c.HomeAgent {
		flags |= nd.FlagHomeAgent
	}
	lifetime := c.RouterLifetime
	if lifetime == 0 {
		lifetime = 3 * maxI
	}
	lifetime = min(lifetime, MaxRouterLifetime)
	if c.NotDefaultRouter || final {
		lifetime = 0
	}
	hop := c.CurHopLimit
	if hop == 0 {
		hop = DefaultCurHopLimit
	}
	if c.NoCurHopLimit {
		hop = 0
	}
	n := nd.PutRA(b, hop, flags, uint16(lifetime/time.Second), uint32(c.ReachableTime/time.Millisecond), uint32(c.RetransTimer/time.Millisecond))
	if len(mac) == 6 && !c.NoSLLA {
		n += nd.PutLinkAddrOption(b[n:], nd.OptSourceLinkAddr, [6]byte(mac))
	}
	if c.LinkMTU != 0 {
		n += nd.PutMTUOption(b[n:], uint32(c.LinkMTU))
	}
	for _, p := range c.Prefixes {
		valid, preferred := p.ValidLifetime, p.PreferredLifetime
		if valid == 0 {
			valid = DefaultValidLifetime
		}
		if preferred == 0 {
			preferred = DefaultPreferredLifetime
		}
		n += nd.PutPrefixInfoOption(b[n:], p.Prefix, p.OnLink, p.Autonomous, valid, preferred)
	}
	for _, r := range c.Routes {
		n += nd.PutRouteInfoOption(b[n:], r.Prefix, r.Preference, r.Lifetime)
	}
	if len(c.RDNSS) > 0 {
		l := c.RDNSSLifetime
		if l == 0 {
			l = 2 * maxI
		}
		n += nd.PutRDNSSOption(b[n:], l, c.RDNSS)
	}
	if len(c.DNSSL) > 0 {
		l := c.DNSSLLifetime
		if l == 0 {
			l = 2 * maxI
		}
		n += nd.PutDNSSLOption(b[n:], l, c.DNSSL)
	}
	return n
}

// Node is what rtadv needs of the node (*refnode.Node has it).
type Node interface {
	Clock() clock.Clock
	Faults() faults.Set
	Interface(name string) (refnode.InterfaceInfo, bool)
	OnRS(f func(ifname string, src netip.Addr))
	SendND(ifname string, dst netip.Addr, msg []byte) error
}

// Advertiser sends Router Advertisements on a node's interfaces.
type Advertiser struct {
	node   Node
	clock  clock.Clock
	faults faults.Set
	c      nd.Constants

	mu   sync.Mutex // after the node's lock when OnRS calls in; never held while calling the node
	rand *rand.Rand
	ifs  map[string]*adv
	done bool
}

// adv is one advertising interface.
type adv struct {
	name      string
	cfg       Config
	mac       []byte
	sent      int         // multicast advertisements sent
	lastMcast time.Time   // when the last multicast RA went out
	next      time.Time   // when the next one is due
	timer     clock.Timer // the next one
	solicited bool        // the pending one answers a solicitation
	gen       uint64
	stopped   bool
}

// Start makes the node advertise on the configured interfaces. The node
// must be a router. seed makes the random intervals repeatable; consts nil
// takes nd.Defaults().
func Start(n Node, cfgs map[string]Config, consts *nd.Constants, seed int64) (*Advertiser, error) {
	c := nd.Defaults()
	if consts != nil {
		c = *consts
	}
	a := &Advertiser{node: n, clock: n.Clock(), faults: n.Faults(), c: c,
		rand: rand.New(rand.NewPCG(uint64(seed), 0x72746164)), ifs: map[string]*adv{}}
	if a.faults == nil {
		a.faults = faults.Set{}
	}
	for name, cfg := range cfgs {
		info, ok := n.Interface(name)
		if !ok {
			return nil, fmt.Errorf("rtadv: no interface %q", name)
		}
		a.ifs[name] = &adv{name: name, cfg: cfg, mac: info.MAC}
	}
	n.OnRS(a.solicited)
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, x := range a.ifs {
		a.schedule(x, a.interval(x), false)
	}
	return a, nil
}

// interval draws the time to the next unsolicited advertisement: uniform in
// [Min, Max], capped at MAX_INITIAL_RTR_ADVERT_INTERVAL for the first ones
// (§6.2.4).
func (a *Advertiser) interval(x *adv) time.Duration {
	maxI, minI := x.cfg.intervals()
	if a.faults.Has(faults.RAUnsolicitedTooOften) {
		minI, maxI = minI/2, minI/2
	}
	d := minI
	if maxI > minI {
		d += time.Duration(a.rand.Int64N(int64(maxI - minI + 1)))
	}
	if x.sent < a.c.MaxInitialRtrAdvertisements && d > a.c.MaxInitialRtrAdvertInterval && !a.faults.Has(faults.RANoInitialFast) {
		d = a.c.MaxInitialRtrAdvertInterval
	}
	return d
}

// schedule sets the next advertisement of x after d. Call with a.mu held.
func (a *Advertiser) schedule(x *adv, d time.Duration, solicited bool) {
	if x.timer != nil {
		x.timer.Stop()
	}
	x.gen++
	gen := x.gen
	x.next = a.clock.Now().Add(d)
	x.solicited = solicited
	x.timer = a.clock.AfterFunc(d, func() { a.fire(x, gen) })
}

// fire sends a multicast advertisement and schedules the next.
func (a *Advertiser) fire(x *adv, gen uint64) {
	a.mu.Lock()
	if a.done || x.stopped || x.gen != gen {
		a.mu.Unlock()
		return
	}
	msg := make([]byte, 1500)
	msg = a.faulty(msg[:Build(msg, x.cfg, x.mac, false)])
	x.sent++
	x.lastMcast = a.clock.Now()
	a.schedule(x, a.interval(x), false)
	name := x.name
	a.mu.Unlock()
	a.send(name, msg)
}

// send hands an advertisement to the node. It fails only while the
// interface's link-local address is not usable yet (refnode.ErrNoLinkLocal)
// or after the node closed: that advertisement is skipped, the schedule
// goes on.
func (a *Advertiser) send(name string, msg []byte) {
	_ = a.node.SendND(name, ipv6.AllNodes, msg)
}

// solicited answers a Router Solicitation (§6.2.6): the next multicast
// advertisement comes after a random delay up to MAX_RA_DELAY_TIME, not
// earlier than MIN_DELAY_BETWEEN_RAS after the last one, unless the next
// unsolicited one is due sooner anyway. Called by the node with its lock
// held: it only schedules.
func (a *Advertiser) solicited(ifname string, _ netip.Addr) {
	a.mu.Lock()
	defer a.mu.Unlock()
	x := a.ifs[ifname]
	if a.done || x == nil || a.faults.Has(faults.RSNotAnswered) {
		return
	}
	if x.stopped {
		if a.faults.Has(faults.RAAnswersWhenStopped) {
			msg := make([]byte, 1500)
			msg = a.faulty(msg[:Build(msg, x.cfg, x.mac, false)])
			a.clock.AfterFunc(0, func() { a.send(ifname, msg) }) // not with the node's lock held
		}
		return
	}
	now := a.clock.Now()
	if a.faults.Has(faults.RASolicitedNoDelay) {
		a.schedule(x, 0, true)
		return
	}
	var delay time.Duration
	if a.c.MaxRADelayTime > 0 {
		delay = time.Duration(a.rand.Int64N(int64(a.c.MaxRADelayTime)))
	}
	at := now.Add(delay)
	gap := a.c.MinDelayBetweenRAs
	if a.faults.Has(faults.RASolicitedLate) {
		gap += time.Second
	}
	if earliest := x.lastMcast.Add(gap); !x.lastMcast.IsZero() && at.Before(earliest) {
		at = earliest
	}
	if !x.next.After(at) {
		return // the pending advertisement comes soon enough
	}
	a.schedule(x, at.Sub(now), true)
}

// StopInterface makes name cease to be an advertising interface: it sends a
// final advertisement with Router Lifetime 0 (§6.2.5).
func (a *Advertiser) StopInterface(name string) error {
	a.mu.Lock()
	x := a.ifs[name]
	if x == nil || x.stopped || a.done {
		a.mu.Unlock()
		return fmt.Errorf("rtadv: %q is not advertising", name)
	}
	msg := a.stop(x)
	a.mu.Unlock()
	if msg != nil {
		a.send(name, msg)
	}
	return nil
}

// stop cancels x's timer and returns its final advertisement (nil with the
// ra-no-final fault).
func (a *Advertiser) stop(x *adv) []byte {
	x.stopped = true
	x.gen++
	if x.timer != nil {
		x.timer.Stop()
	}
	if a.faults.Has(faults.RANoFinal) {
		return nil
	}
	msg := make([]byte, 1500)
	return a.faulty(msg[:Build(msg, x.cfg, x.mac, true)])
}

// faulty applies the faults that change an advertisement's fields.
func (a *Advertiser) faulty(msg []byte) []byte {
	if a.faults.Has(faults.RACurHopLimitZero) {
		msg[4] = 0
	}
	if a.faults.Has(faults.RAReachableTimeZero) {
		clear(msg[8:12])
	}
	return a.gapFaults(msg)
}

// Stop ceases advertising on every interface, each with its final
// advertisement. Call it before closing the node.
func (a *Advertiser) Stop() {
	a.mu.Lock()
	final := map[string][]byte{}
	for name, x := range a.ifs {
		if !x.stopped {
			if msg := a.stop(x); msg != nil {
				final[name] = msg
			}
		}
	}
	a.done = true
	a.mu.Unlock()
	names := make([]string, 0, len(final))
	for name := range final {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		a.send(name, final[name])
	}
}
