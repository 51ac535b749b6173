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
// RFC 6724; the zones themselves in scope6.go), ipv4 (the IPv4 and ARP
// that tunnels need), tunnel (RFC 2473, RFC 4213), link (devices and
// framing). Every timer reads one clock.Clock and every random choice
// comes from sources seeded by Config.Seed, so that a run on a manual
// clock is repeatable.
//
// The node is a host unless Config.Router is set: then it also forwards
// along static routes (ip6_forward.go) and sends Redirects (redirect.go);
// Router Advertisements come from the separate package rtadv, which drives
// the node through SendND and OnRS (nd6.go); the MLDv2 multicast router and
// querier is the separate package mldrouter, which drives it through OnMLD,
// SendMLD and SetMulticastRouter (mrouter.go), the node forwarding
// multicast as it decides. A host solicits routers,
// learns default routers, prefixes, routes, parameters and DNS servers from
// their advertisements, follows Redirects, and autoconfigures addresses
// (autoconf.go, slaac). Host or router, it is a multicast listener: MLDv2
// with MLDv1 compatibility (package mld, driven from listener.go). It has
// no TCP, and does not probe for a path MTU increase (estimates simply age
// out).
//
// The files are named by protocol function, as KAME names them:
//
//	node.go, config.go   the node, its configuration, start and stop
//	status.go            what users and tests read: addresses, counters, neighbors, discovery
//	ether.go             frames in and out, demultiplexed by EtherType
//	barrier.go           the ECTP (Ethernet loopback) barrier of the tester
//	iface.go             interfaces and their addresses and groups
//	in6_ifattach.go      link-local addresses and interface identifiers
//	ip6_input.go         IPv6 input: the fixed header, for-us, delivery
//	ip6_output.go        IPv6 output: next hop, link MTU, to the link
//	ip6_forward.go       a router's forwarding
//	frag6.go             reassembly and fragmentation glue
//	route6.go            the type 0 Routing header (classic mode only)
//	route.go             the routing table
//	scope6.go            zones and scopes
//	icmp6.go             ICMPv6 input, errors, echo
//	nd6.go               Neighbor Discovery's view of the node, and the RA sender's API
//	redirect.go          Redirects a router sends
//	autoconf.go          stateless address autoconfiguration
//	udp.go               UDP sockets
//	listener.go          the multicast listener (MLD)
//	mrouter.go           a multicast router's hooks: MLD to the daemon, its queries out, multicast forwarding
//	ip_input.go          IPv4 input, ARP and ICMPv4 (the IPv4 tunnels need)
//	ip_forward.go        IPv4 routing, output and forwarding (to neighbors through refnode/ipv4)
//	tunnel.go            tunnel interfaces: configuration, tunnel MTU
//	tunnel_output.go     tunnel entry: encapsulation, the MTU decision
//	tunnel_input.go      tunnel exit: decapsulation, ICMP errors from inside the tunnel
//	limits.go, async.go  the node's resource bounds; a router's late control plane
//	faults.go            code only a fault runs (kept out of mutation testing)
package refnode

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/netip"
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
	onMLD    MLDHandler      // the multicast router daemon's input (mrouter.go)
	mrouter  MulticastRouter // its forwarding decision
	v4       inet4           // IPv4 (ip_input.go)
	tunnels  tunnels         // tunnel interfaces at work (tunnel.go)
	async    *asyncState     // nil: every frame handled as it arrives (async.go)

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
	n.v4.n, n.tunnels.n = n, n
	if n.clock == nil {
		n.clock = clock.Real{}
	}
	if cfg.Async != nil {
		n.async = newAsync(n, *cfg.Async)
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
	if err := n.addIPv4(cfg); err != nil {
		return nil, err
	}
	if err := n.tunnels.addAll(cfg); err != nil {
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
	n.async.stop()
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
