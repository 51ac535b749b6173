// Package refnode is the reference IPv6 node: a user-space IPv6 host on
// Ethernet devices (TAP, or in-memory pipes in tests), layered like the
// KAME/BSD stack. Input (RFC 8200 §3, §4; RFC 4291 §2.7), output with
// fragmentation to the path MTU (RFC 8200 §4.5, §5; RFC 8201 §4), the
// ICMPv6 errors and echo (RFC 4443) and minimal UDP sockets (RFC 768) live
// here; the protocol functions live in their own packages: ipv6 (headers,
// addresses, checksum), exthdr (the extension header walk, RFC 8200 §4),
// frag (reassembly and fragmentation, RFC 8200 §4.5, RFC 5722), pmtu (the
// path MTU cache, RFC 8201), udp (RFC 768), icmp6 (RFC 4443), nd (RFC 4861,
// RFC 4862 §5.4), scope (address scopes and source address selection,
// RFC 6724; the zones themselves in zone.go), link (devices and framing).
// Every timer reads one clock.Clock and every random choice comes from
// sources seeded by Config.Seed, so that a run on a manual clock is
// repeatable.
//
// The node is a host unless Config.Router is set: then it also forwards
// along static routes (forward.go) and sends Redirects (redirect.go);
// Router Advertisements come from the separate package rtadv, which drives
// the node through SendND and OnRS (discovery.go). A host solicits routers,
// learns default routers, prefixes, routes, parameters and DNS servers from
// their advertisements, follows Redirects, and autoconfigures addresses
// (autoconf.go, slaac). Host or router, it is a multicast listener: MLDv2
// with MLDv1 compatibility (package mld, driven from listener.go). It has
// no TCP, and does not probe for a path MTU increase (estimates simply age
// out).
package refnode

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/netip"
	"sort"
	"sync"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/frag"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/lpm"
	"github.com/v6ct/v6ct/refnode/mld"
	"github.com/v6ct/v6ct/refnode/nd"
	"github.com/v6ct/v6ct/refnode/pmtu"
)

// Config describes a node.
type Config struct {
	Interfaces []InterfaceConfig // in order
	Clock      clock.Clock       // nil = clock.Real{}
	Seed       int64             // the node's random source (DAD delays, reachable time, ...)
	Faults     faults.Set        // deliberate deviations; nil = a correct node
	Log        io.Writer         // nil = discard; one line per notable event
	// OpenDevice opens the device of an interface; nil = create a TAP of
	// that name in the caller's current network namespace.
	OpenDevice func(name string) (link.Device, error)

	ND             *nd.Constants    // nil = nd.Defaults()
	MLD            *mld.Constants   // nil = mld.Defaults()
	ICMPErrorLimit *icmp6.RateLimit // nil = icmp6.DefaultRateLimit
	HopLimit       uint8            // for packets the node originates; 0 = 64

	// ReassemblyMemory bounds the octets held by datagrams in reassembly;
	// 0 = frag.DefaultMemoryLimit. The oldest datagram gives way first.
	ReassemblyMemory int
	// UDPEcho turns on the echo service (RFC 862) on UDP port 7.
	UDPEcho bool
	// Limits bound the state packets from the wire can make the node
	// hold (limits.go); zero fields take DefaultLimits.
	Limits Limits

	// Router makes the node forward packets between its interfaces (and
	// back out of the one they came in on) along Routes and the connected
	// prefixes of its interfaces; it then joins the all-routers groups and
	// sets R in its Neighbor Advertisements.
	Router bool
	Routes []Route // static routes, for forwarding and the node's own packets
	// Tunnels are configured tunnel interfaces (tunnel_iface.go), after
	// Interfaces in the node's interface list.
	Tunnels []TunnelConfig

	// StableSecret turns on RFC 7217 stable interface identifiers for
	// the addresses a host autoconfigures from advertised prefixes; nil
	// keeps the modified EUI-64 identifier of the MAC (RFC 4291 appendix A).
	// The link-local address uses the MAC's identifier unless
	// StableLinkLocal.
	StableSecret []byte
	// StableLinkLocal forms the link-local addresses with StableSecret too
	// (RFC 7217 §5, prefix fe80::/64; linklocal.go): a duplicate one is
	// then replaced, up to IDGEN_RETRIES times (§6), instead of stopping
	// IPv6 on the interface.
	StableLinkLocal bool

	// Async, when set, makes the node handle control messages late and
	// packets on several queues, as a real router does (async.go).
	Async *AsyncConfig
}

// InterfaceConfig describes one interface.
type InterfaceConfig struct {
	Name      string // device name, e.g. "v6l0"
	MAC       net.HardwareAddr
	MTU       int            // 0 = 1500
	Addresses []netip.Prefix // static addresses; each prefix is on-link
	// Deprecated are static addresses configured with a preferred lifetime
	// of 0 (RFC 4862 §5.5.4): valid, but avoided as sources (RFC 6724 §5
	// rule 3). Their prefixes are on-link too.
	Deprecated []netip.Prefix
	IPv4       []netip.Prefix // IPv4 addresses, for the outside of IPv4 tunnels (ipv4_input.go)
}

// AddressState is the DAD state of an address.
type AddressState = nd.AddrState

// Address states.
const (
	Tentative = nd.Tentative
	Preferred = nd.Preferred
	Duplicate = nd.Duplicate
)

// AddressInfo describes one of the node's addresses.
type AddressInfo struct {
	Interface string
	Addr      netip.Addr // link-local addresses carry the interface name as zone
	PrefixLen int
	State     AddressState
	// Autoconf marks an address formed from an advertised prefix (RFC
	// 4862 §5.5.3); Deprecated, one whose preferred lifetime ran out.
	Autoconf, Deprecated bool
}

func (a AddressInfo) String() string {
	s := fmt.Sprintf("%s/%d (%s)", a.Addr, a.PrefixLen, a.State)
	if a.Deprecated {
		s += " deprecated"
	}
	return s
}

// defaultHopLimit is the node's hop limit when no router says otherwise
// (RFC 4861 §6.3.2 takes it from the IANA value, 64).
const defaultHopLimit = 64

// rxBufferSize holds any frame a TAP can deliver.
const rxBufferSize = 1 << 16

// txBufferSize holds the largest packet the node may build: an answer to a
// reassembled request of 65535 octets of payload, before fragmentation.
const txBufferSize = link.HeaderLen + ipv6.HeaderLen + frag.MaxPayload

// Node is a running reference node.
type Node struct {
	mu       sync.Mutex // taken by each receive goroutine per frame and by every timer callback
	clock    clock.Clock
	faults   faults.Set
	log      io.Writer
	rand     *rand.Rand
	nd       *nd.ND
	mld      *mld.MLD
	limiter  *icmp6.Limiter
	hopLimit uint8
	ifs      []*iface
	counters [counter.NumCounters]uint64
	reasm    *frag.Reassembler
	pmtu     *pmtu.Cache
	fragIDs  *rand.Rand // Fragment header Identifications: unpredictable (RFC 7739), from Seed
	udp      map[uint16]UDPHandler
	router   bool
	routes   []route           // connected, then static, as configured
	fib      lpm.Table[uint32] // each prefix's first route, as its place in hops (route.go)
	hops     []hop
	hopIndex map[hop]uint32
	secret   []byte // RFC 7217 key; nil = modified EUI-64
	stableLL bool   // link-local addresses from secret too
	limits   Limits
	onRS     []func(ifname string, src netip.Addr)
	v4       ipv4State   // IPv4 and tunnel state (tunnel_iface.go)
	async    *asyncState // nil: every frame handled as it arrives (async.go)

	started, closed bool
	settled         chan struct{}
	settledClosed   bool
	wg              sync.WaitGroup
}

// New checks cfg, derives the addresses and opens the devices in the calling
// thread (which may have been moved into a network namespace). It sends
// nothing; Start does.
func New(cfg Config) (*Node, error) {
	if len(cfg.Interfaces) == 0 {
		return nil, errors.New("refnode: no interfaces configured")
	}
	if cfg.StableLinkLocal && cfg.StableSecret == nil {
		return nil, errors.New("refnode: stable link-local addresses need a secret key")
	}
	n := &Node{
		clock:    cfg.Clock,
		faults:   cfg.Faults,
		log:      cfg.Log,
		rand:     rand.New(rand.NewPCG(uint64(cfg.Seed), 0x76366374)),
		hopLimit: cfg.HopLimit,
		settled:  make(chan struct{}),
		fragIDs:  rand.New(rand.NewChaCha8(fragSeed(cfg.Seed))),
		udp:      map[uint16]UDPHandler{},
		router:   cfg.Router,
		secret:   cfg.StableSecret,
		stableLL: cfg.StableLinkLocal,
		limits:   cfg.Limits.withDefaults(),
	}
	if n.clock == nil {
		n.clock = clock.Real{}
	}
	if cfg.Async != nil {
		n.async = newAsync(*cfg.Async)
	}
	if n.faults == nil {
		n.faults = faults.Set{}
	}
	if n.hopLimit == 0 {
		n.hopLimit = defaultHopLimit
	}
	consts := nd.Defaults()
	if cfg.ND != nil {
		consts = *cfg.ND
	}
	limit := icmp6.DefaultRateLimit
	if cfg.ICMPErrorLimit != nil {
		limit = *cfg.ICMPErrorLimit
	}
	n.limiter = icmp6.NewLimiter(limit, n.clock)
	n.limiter.Faults = n.faults
	n.reasm = frag.New(frag.Config{
		Clock:       n.clock,
		Lock:        &n.mu,
		MemoryLimit: cfg.ReassemblyMemory,
		Datagrams:   n.limits.ReassemblyDatagrams,
		Faults:      n.faults,
		Count:       n.count,
		TimedOut:    n.reassemblyTimedOut,
	})
	n.pmtu = pmtu.New(n.clock, 0, n.faults)
	if cfg.UDPEcho {
		n.udp[udpEchoPort] = udpEcho
	}

	names := map[string]bool{}
	for i, ic := range cfg.Interfaces {
		if ic.Name == "" || names[ic.Name] {
			return nil, fmt.Errorf("refnode: interface %d: missing or repeated name %q", i, ic.Name)
		}
		names[ic.Name] = true
		ifc, err := n.newIface(i, ic)
		if err != nil {
			return nil, err
		}
		n.ifs = append(n.ifs, ifc)
	}
	if err := n.addTunnels(cfg); err != nil {
		return nil, err
	}
	if err := n.addRoutes(cfg.Routes); err != nil {
		return nil, err
	}
	n.nd = nd.New(nd.Config{
		Constants:  consts,
		Clock:      n.clock,
		Rand:       n.rand,
		Faults:     n.faults,
		Lock:       &n.mu,
		Port:       port{n},
		Interfaces: len(n.ifs),
		Router:     cfg.Router,
		Limits:     n.limits.nd(),
	})
	mc := mld.Defaults()
	if cfg.MLD != nil {
		mc = *cfg.MLD
	}
	n.mld = mld.New(mld.Config{
		Constants:  mc,
		Clock:      n.clock,
		Rand:       n.rand,
		Faults:     n.faults,
		Lock:       &n.mu,
		Port:       mldPort{n},
		Interfaces: len(n.ifs),
	})

	open := cfg.OpenDevice
	for _, ifc := range n.ifs {
		if ifc.tun != nil {
			continue // a tunnel has no device of its own
		}
		var dev link.Device
		var err error
		if open != nil {
			dev, err = open(ifc.name)
		} else {
			dev, err = link.OpenTAP(ifc.name, ifc.mtu)
		}
		if err != nil {
			n.closeDevices()
			return nil, fmt.Errorf("refnode: open %s: %w", ifc.name, err)
		}
		ifc.dev = dev
	}
	return n, nil
}

// Start starts one receive goroutine per interface and DAD for every
// address. Calling it again does nothing.
func (n *Node) Start() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.started || n.closed {
		return
	}
	n.started = true
	for _, ifc := range n.ifs {
		if ifc.tun != nil {
			continue // fed by the interface its tunnel packets arrive on
		}
		n.wg.Add(1)
		go n.receive(ifc)
	}
	for _, ifc := range n.ifs {
		if ifc.tun != nil {
			continue // no DAD over a configured tunnel (RFC 4213 §3.8)
		}
		for _, a := range ifc.addrs {
			n.logf("%s: %s tentative", ifc.name, ifc.zoned(a.Addr))
			n.nd.StartDAD(a)
		}
	}
	n.checkSettled()
}

// Close stops the timers and the receive goroutines and closes the devices.
// It is idempotent.
func (n *Node) Close() error {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return nil
	}
	n.closed = true
	n.stopAsync()
	n.nd.Stop()
	n.mld.Stop()
	n.reasm.Stop()
	n.v4.reasm.Stop()
	for _, ifc := range n.ifs {
		for _, a := range ifc.addrs {
			n.nd.StopDAD(a)
		}
		for _, x := range ifc.auto {
			stopAutoTimers(x)
		}
	}
	n.mu.Unlock()
	err := n.closeDevices()
	n.wg.Wait()
	return err
}

func (n *Node) closeDevices() error {
	var first error
	for _, ifc := range n.ifs {
		if ifc.dev == nil {
			continue
		}
		if err := ifc.dev.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Addresses lists every address of every interface, link-local first.
func (n *Node) Addresses() []AddressInfo {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []AddressInfo
	for _, ifc := range n.ifs {
		for _, a := range ifc.addrs {
			addr := a.Addr
			if ipv6.Scope(addr) == ipv6.ScopeLinkLocal {
				addr = addr.WithZone(ifc.name)
			}
			out = append(out, AddressInfo{Interface: ifc.name, Addr: addr, PrefixLen: a.PrefixLen, State: a.State,
				Autoconf: ifc.autoFor(a) != nil, Deprecated: a.Deprecated})
		}
	}
	return out
}

// Settled is closed once no address is tentative any more (DAD finished on
// every interface that still runs IPv6).
func (n *Node) Settled() <-chan struct{} { return n.settled }

// Counters returns a copy of the event and drop counters that are not
// zero, by their dotted names (refnode/counter).
func (n *Node) Counters() map[string]uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := map[string]uint64{}
	for c, v := range n.counters {
		if v != 0 {
			out[counter.Counter(c).String()] = v
		}
	}
	return out
}

// Counter returns the value of one counter.
func (n *Node) Counter(c counter.Counter) uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.counters[c]
}

// Neighbor is a neighbor cache entry as users see it.
type Neighbor struct {
	Interface string
	Addr      netip.Addr
	State     string
	LinkAddr  net.HardwareAddr
	IsRouter  bool
	Queued    int
}

// Neighbors lists the neighbor cache, sorted by interface and address.
func (n *Node) Neighbors() []Neighbor {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []Neighbor
	for _, e := range n.nd.Neighbors() {
		addr := e.Addr
		if ipv6.Scope(addr) == ipv6.ScopeLinkLocal {
			addr = addr.WithZone(n.ifs[e.Ifindex].name)
		}
		var mac net.HardwareAddr
		if e.State != nd.Incomplete {
			mac = net.HardwareAddr(e.LinkAddr[:])
		}
		out = append(out, Neighbor{n.ifs[e.Ifindex].name, addr, e.State.String(), mac, e.IsRouter, e.Queued})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Interface != out[j].Interface {
			return out[i].Interface < out[j].Interface
		}
		return out[i].Addr.Less(out[j].Addr)
	})
	return out
}

// receive reads frames from one interface until the device is closed and
// processes each under the node lock, replies included.
func (n *Node) receive(ifc *iface) {
	defer n.wg.Done()
	for {
		l, err := ifc.dev.Read(ifc.rx)
		n.mu.Lock()
		if n.closed {
			n.mu.Unlock()
			return
		}
		if err != nil {
			n.count(counter.LinkReadError)
			n.logf("%s: read: %v; interface stopped", ifc.name, err)
			n.mu.Unlock()
			return
		}
		if n.async != nil {
			n.asyncInput(ifc, ifc.rx[:l])
		} else {
			n.input(ifc, ifc.rx[:l])
		}
		n.mu.Unlock()
	}
}

// fragSeed derives the key of the Identification source from the node's
// seed, apart from the main random source so that fragmenting does not move
// the other random draws.
func fragSeed(seed int64) [32]byte {
	var k [32]byte
	for i := range 8 {
		k[i] = byte(uint64(seed) >> (8 * i))
	}
	copy(k[8:], "v6ct fragment identification")
	return k
}

// PathMTU is the node's current path MTU estimate to dst (a link-local dst
// names its interface as zone; otherwise the first interface it is on-link
// on, else the first interface).
func (n *Node) PathMTU(dst netip.Addr) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	ifc := n.ifaceFor(dst)
	return n.pmtu.Get(ifc.index, dst.WithZone(""), n.linkMTU(ifc))
}

// ifaceFor picks the interface to reach dst: the zone of a scoped address,
// else the first interface dst is on-link on, else the one a route sends
// it out of (so that the source comes from the outgoing interface, RFC
// 6724 §5 rule 5), else the first one.
func (n *Node) ifaceFor(dst netip.Addr) *iface {
	if z := dst.Zone(); z != "" {
		for _, ifc := range n.ifs {
			if ifc.name == z {
				return ifc
			}
		}
	}
	for _, ifc := range n.ifs {
		if ifc.isOnLink(dst) {
			return ifc
		}
	}
	if out, _, ok := n.nextHop(n.ifs[0], dst.WithZone("")); ok && out != nil {
		return out
	}
	return n.ifs[0]
}

// count increments a counter. Call with the lock held.
func (n *Node) count(c counter.Counter) { n.counters[c]++ }

// logf writes one event line. Call with the lock held.
func (n *Node) logf(format string, args ...any) {
	if n.log == nil {
		return
	}
	fmt.Fprintf(n.log, "%s "+format+"\n", append([]any{n.clock.Now().Format("15:04:05.000000")}, args...)...)
}

// checkSettled closes Settled when no running interface has a tentative
// address left.
func (n *Node) checkSettled() {
	if n.settledClosed || !n.started {
		return
	}
	for _, ifc := range n.ifs {
		if ifc.disabled {
			continue
		}
		for _, a := range ifc.addrs {
			if a.State == nd.Tentative {
				return
			}
		}
	}
	n.settledClosed = true
	close(n.settled)
}
