// Package reference is the refnode target: the reference node (refnode/)
// as the node under test, a fresh node for every spec, in process, on TAP
// devices inside the run's own namespace, on a manual clock. It is also
// a reference router that advertises (refnode/rtadv) and answers the
// start-ra and stop-ra actions like any router target. Importing this
// package registers the targets refnode, refnode-async and the kind
// refnode-without:CAP,...
package reference

import (
	"errors"
	"fmt"
	"hash/fnv"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/v6ct/v6ct/refnode"
	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/mldrouter"
	"github.com/v6ct/v6ct/refnode/rtadv"
	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/netx"
	"github.com/v6ct/v6ct/suites/packets"
)

func init() {
	mk := func(async bool) func(role string) (suites.Target, error) {
		return func(role string) (suites.Target, error) {
			mode := os.Getenv("V6CT_REFNODE_MODE")
			switch mode {
			case "", "async", "async-reversed":
			default:
				return nil, fmt.Errorf("V6CT_REFNODE_MODE=%q: async or async-reversed (or unset)", mode)
			}
			t := &refnodeTarget{async: async || mode != "", reversed: mode == "async-reversed"}
			switch role {
			case "", "host":
				return t, nil
			case "router":
				t.router = true
				return t, nil
			}
			return nil, fmt.Errorf("the reference node is a host or a router, not a %q", role)
		}
	}
	suites.RegisterTarget("refnode", mk(false))
	suites.RegisterTarget("refnode-async", mk(true))
}

// The reference node in its asynchronous mode (refnode-async,
// V6CT_REFNODE_MODE=async; async-reversed drains its queues in the other
// order; refnode.AsyncConfig) applies control messages
// RefnodeAsyncControlDelay after they arrive, and declares the settle time
// RefnodeAsyncSettle, longer than that delay, as a real device's profile
// declares its own.
const (
	RefnodeAsyncControlDelay = 50 * time.Millisecond
	RefnodeAsyncSettle       = 100 * time.Millisecond
)

// refnodeTarget runs a fresh reference node for every spec, in process, on
// TAP devices inside the run's own namespace, on a manual clock.
type refnodeTarget struct {
	ns     *netx.Namespace
	seq    int
	router bool
	async  bool // refnode.AsyncConfig: control plane late, several queues
	// reversed drains the queues in the other order
	// (V6CT_REFNODE_MODE=async-reversed).
	reversed bool
	// adv is the running spec's advertiser (router role only).
	adv *rtadv.Advertiser
	// mrouter is the running spec's multicast router (router role, specs
	// that need it; mldrouter.go).
	mrouter *mldrouter.Router
	// silent are the links stop-ra made cease to advertise.
	silent map[int]bool
	// The current spec's node and its interface names, for control actions.
	node    *refnode.Node
	ifnames []string
	echoSeq uint16
	// without are the capabilities it does not declare
	// (refnode-without:CAP,...; caps.go).
	without          []string
	suites.Placement // Place: its number and links among other nodes
	// noGlobals: the node starts with no static global address
	// (WithoutGlobals).
	noGlobals bool
	// linkLocal is the link-local address of every link, instead of the
	// MAC's (WithLinkLocal); invalid: the MAC's.
	linkLocal netip.Addr
}

// WithLinkLocal gives the node ll as its link-local address on every link
// (interop.LinkLocalChooser), before Begin: refnode.InterfaceConfig's
// LinkLocal.
func (t *refnodeTarget) WithLinkLocal(ll netip.Addr) { t.linkLocal = ll }

// WithoutGlobals makes a host start with no static global address
// (interop.Unnumbered), before Begin: it forms its global addresses from
// Router Advertisements alone (RFC 4862 §5.5.3).
func (t *refnodeTarget) WithoutGlobals() {
	if !t.router {
		t.noGlobals = true
	}
}

func (t *refnodeTarget) Name() string {
	if len(t.without) > 0 {
		return "refnode-without:" + strings.Join(t.without, ",")
	}
	if t.async {
		return "refnode-async"
	}
	return "refnode"
}
func (t *refnodeTarget) Role() string {
	if t.router {
		return "router"
	}
	return "host"
}

func (t *refnodeTarget) Open() error {
	ns, err := netx.NewSilentNamespace() // the kernel side of every TAP stays silent
	if err != nil {
		return err
	}
	t.ns = ns
	return nil
}

func (t *refnodeTarget) Close() error { return t.ns.Close() }

func (t *refnodeTarget) Begin(setup suites.SpecSetup) (*suites.Session, error) {
	fs, err := faults.Parse(append(setup.Faults, classicFaults(setup)...)...)
	if err != nil {
		return nil, err
	}
	t.seq++
	m := clock.NewManual()
	h := fnv.New64a()
	h.Write([]byte(setup.Name))
	cfg := refnode.Config{Clock: m, Seed: int64(h.Sum64()), Faults: fs, Router: t.router}
	cfg.StableSecret = stableSecret(setup)
	cfg.StableLinkLocal = stableLinkLocal(setup)
	cfg.MLD = refnodeMLD(setup) // mld.go
	if t.async {
		cfg.Async = &refnode.AsyncConfig{ControlDelay: RefnodeAsyncControlDelay, FirstQueueFirst: t.reversed}
	}
	info := suites.NUTInfo{}
	for i := 0; i < setup.Links; i++ {
		mac := t.MAC(i)
		global := packets.WithInterfaceID(t.Prefix(i).Addr(), mac)
		ic := refnode.InterfaceConfig{
			// Fresh names per spec: the kernel may still be tearing down the last ones.
			Name:      fmt.Sprintf("nut%ds%d", i, t.seq%100000),
			MAC:       mac,
			Addresses: []netip.Prefix{netip.PrefixFrom(global, 64)},
			MTU:       t.linkMTU(i),
		}
		if t.noGlobals {
			ic.Addresses, global = nil, netip.Addr{} // learnt from the wire (SLAAC)
		}
		ll := packets.LinkLocal(mac)
		if t.linkLocal.IsValid() {
			ic.LinkLocal, ll = t.linkLocal, t.linkLocal
		}
		cfg.Interfaces = append(cfg.Interfaces, ic)
		info.MACs = append(info.MACs, mac)
		info.LinkLocals = append(info.LinkLocals, ll)
		info.Globals = append(info.Globals, global)
	}
	for _, r := range setup.Routes {
		if r.Link >= len(cfg.Interfaces) {
			return nil, fmt.Errorf("route %s via Link%d, but the spec has %d links", r.Prefix, r.Link, setup.Links)
		}
		cfg.Routes = append(cfg.Routes, refnode.Route{Prefix: r.Prefix, Interface: cfg.Interfaces[r.Link].Name, NextHop: r.NextHop})
	}
	if err := refnodeAddresses(setup, &cfg); err != nil { // addresses.go
		return nil, err
	}
	if err := refnodeTunnels(setup, &cfg); err != nil { // tunnel.go
		return nil, err
	}
	var node *refnode.Node
	if err := t.ns.Do(func() error {
		var err error
		node, err = refnode.New(cfg)
		return err
	}); err != nil {
		return nil, fmt.Errorf("starting the reference node: %w", err)
	}
	t.node, t.ifnames, t.echoSeq, t.silent = node, nil, 0, map[int]bool{}
	for _, ic := range cfg.Interfaces {
		t.ifnames = append(t.ifnames, ic.Name)
	}
	if cfg.StableLinkLocal {
		info.LinkLocals = linkLocalsOf(node, t.ifnames) // not the MAC's
	}
	s := &suites.Session{NUT: info, Manual: m, Barrier: true}
	if t.async {
		s.ConfigSettle = RefnodeAsyncSettle
	}
	for _, ic := range cfg.Interfaces {
		p, err := netx.OpenPacketSocket(t.ns, ic.Name)
		if err != nil {
			node.Close()
			for _, p := range s.Ports {
				p.Close()
			}
			return nil, err
		}
		s.Ports = append(s.Ports, p)
	}
	s.Start = func() error {
		node.Start()
		if t.router {
			if err := t.startMLDRouter(node, setup); err != nil {
				return err
			}
			return t.startAdvertising(node, cfg)
		}
		return nil
	}
	s.Ready = func(wait func(time.Duration)) error {
		// DAD takes at most MAX_RTR_SOLICITATION_DELAY plus RetransTimer per
		// transmission; poll well past that on the manual clock.
		for i := 0; i < 100; i++ {
			if ready(node) {
				return nil
			}
			wait(100 * time.Millisecond)
		}
		return errors.New("the reference node's addresses did not become preferred within 10 s")
	}
	s.End = func() error {
		if t.adv != nil {
			t.adv.Stop()
			t.adv = nil
		}
		if t.mrouter != nil {
			t.mrouter.Stop()
			t.mrouter = nil
		}
		err := node.Close()
		for _, p := range s.Ports {
			p.Close()
		}
		return err
	}
	return s, nil
}

// linkMTU gives a router a narrower Link1, as the Linux router has.
func (t *refnodeTarget) linkMTU(i int) int {
	if t.router && i == 1 {
		return suites.RouterLink1MTU
	}
	return 0
}

func ready(n *refnode.Node) bool {
	for _, a := range n.Addresses() {
		if a.State == refnode.Tentative {
			return false
		}
	}
	return true
}

// --- Router Advertisements of a router-role reference node

// factoryAdvertising is what a router-role reference node advertises on
// link i from the moment it starts, in every spec (refnode/rtadv; the
// variables of RFC 4861 §6.2.1): the link's prefix of the addressing plan
// (on-link, autonomous, default lifetimes of 30 and 7 days),
// MaxRtrAdvInterval 30 s and MinRtrAdvInterval 10 s (within §6.2.1's
// bounds: Max in [4, 1800] s, Min in [3 s, 0.75 Max]; Min long enough that
// a solicited advertisement can be told from the next unsolicited one),
// Router Lifetime 1800 s, Cur Hop Limit 64, Reachable Time 30 s, Retrans
// Timer 1 s, and an MTU option with the link's MTU.
func factoryAdvertising(prefix netip.Prefix, mtu int) rtadv.Config {
	return rtadv.Config{
		MaxRtrAdvInterval: 30 * time.Second,
		MinRtrAdvInterval: 10 * time.Second,
		RouterLifetime:    1800 * time.Second,
		CurHopLimit:       64,
		ReachableTime:     30 * time.Second,
		RetransTimer:      time.Second,
		LinkMTU:           mtu,
		Prefixes:          []rtadv.Prefix{{Prefix: prefix, OnLink: true, Autonomous: true}},
	}
}

func (t *refnodeTarget) startAdvertising(node *refnode.Node, cfg refnode.Config) error {
	cfgs := map[string]rtadv.Config{}
	for i, ic := range cfg.Interfaces {
		mtu := ic.MTU
		if mtu == 0 {
			mtu = 1500
		}
		cfgs[ic.Name] = factoryAdvertising(t.Prefix(i), mtu)
	}
	adv, err := rtadv.Start(node, cfgs, nil, cfg.Seed)
	if err != nil {
		return err
	}
	t.adv = adv
	return nil
}
