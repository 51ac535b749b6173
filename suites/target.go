// Package suites is the tester: it builds the links to the node under test,
// plays the tester nodes on them, sends frames, captures everything, judges
// what comes back, and keeps the evidence of every spec. The RFC suites see
// the node under test only through this package, whatever the target is.
package suites

import (
	"fmt"
	"net"
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/suites/netx"
)

// Target is what a run is against: it owns the node under test and the
// tester's ends of the links to it.
type Target interface {
	Name() string
	// Role is "host" or "router".
	Role() string
	// Open builds the run's topology (namespaces, links); Close removes it.
	Open() error
	Close() error
	// Begin readies the node under test for one spec. The node does not
	// send before Session.Start, so that capture can begin first.
	Begin(setup SpecSetup) (*Session, error)
}

// SpecSetup is what a spec asks of the target.
type SpecSetup struct {
	Name   string   // the spec's full text, for logs and seeds
	Links  int      // how many links the spec uses
	Boot   bool     // the spec watches the node start (DAD, first solicitations)
	Faults []string // reference node only: deviations to start the node with
	// Routes are static routes the node must have for the spec (a router's
	// routing table is configuration, not something the wire can teach).
	Routes []StaticRoute
	// Addresses are extra static addresses the node must have for the
	// spec (addresses.go), besides each link's global address.
	Addresses []StaticAddress
	// SameLink puts the node's Link0 and Link1 interfaces on one link
	// (SameLink, samelink.go).
	SameLink bool
	// Actions and Capabilities the spec needs (NeedsAction,
	// NeedsCapability); a target without them makes the spec N/A.
	Actions      []ActionName
	Capabilities []string
	// Unless are capabilities whose declaration makes the spec N/A: the
	// spec judges the devices without them (UnlessCapability).
	Unless []string
	// Tunnels are configured tunnel interfaces the node must have
	// (tunnel.go); a target without the tunnel-MODE capability makes the
	// spec N/A.
	Tunnels []TunnelSetup
	// GivesUpAddress: the spec makes the node give up its address
	// (alive.go).
	GivesUpAddress bool
	// Advertises: the spec makes a router under test advertise
	// (advertises.go).
	Advertises bool
	// MLD: the multicast listener's variables the spec sets (mld.go);
	// nil: the RFC 3810 defaults.
	MLD *MLDSetup
}

// StaticRoute sends a prefix through a neighbor on one of the spec's links.
type StaticRoute struct {
	Prefix  netip.Prefix
	Link    int        // index of the link the next hop is on
	NextHop netip.Addr // a tester node's link-local address on that link
}

// Session is one spec's node under test and the tester's ends of its links.
type Session struct {
	Ports []*netx.PacketSocket // tester side, one per link, in link order
	NUT   NUTInfo
	// Manual is the node's clock when the target runs on a manual clock
	// (the reference node); nil means real time.
	Manual *clock.Manual
	// Barrier says the node answers ECTP loopback frames, so the tester can
	// know it has processed everything sent so far.
	Barrier bool
	// Start lets the node run (or boots it).
	Start func() error
	// Ready returns once the node's addresses are usable, waiting with wait.
	Ready func(wait func(time.Duration)) error
	// End releases the spec's resources.
	End func() error
	// ConfigSettle is how long the node may take to apply what a
	// configuration stimulus (an RA, a Redirect, a Packet Too Big, an NA)
	// teaches it; the tester lets it pass before the next packet it
	// sends (settle.go). 0: the node has applied it once it has
	// processed the packet.
	ConfigSettle time.Duration
	// Notes are what the target did to prepare the node (control actions
	// and their output), for the spec's steps.
	Notes []string
}

// NUTInfo is what the tester knows of the node under test, per link.
type NUTInfo struct {
	MACs       []net.HardwareAddr
	LinkLocals []netip.Addr
	Globals    []netip.Addr
}

// Addressing plan. Documentation MACs (RFC 7042 §2.1.2) and prefixes
// (RFC 3849), so nothing here can be mistaken for a real network.
var (
	// LinkPrefixes are the on-link global prefixes of Link0, Link1, ...
	LinkPrefixes = []netip.Prefix{
		netip.MustParsePrefix("2001:db8:1::/64"),
		netip.MustParsePrefix("2001:db8:2::/64"),
	}
	// BarrierMAC is the tester's address for ECTP barrier frames.
	BarrierMAC = net.HardwareAddr{0x00, 0x00, 0x5e, 0x00, 0x53, 0xfe}
)

// RouterLink1MTU is the MTU of Link1 on router targets: smaller than
// Link0's 1500, so that a router has packets too big to forward.
const RouterLink1MTU = 1280

// NUTMAC is the MAC the built-in targets give the node on link i.
func NUTMAC(i int) net.HardwareAddr { return NodeMAC(0, i) }

// MaxNodes is how many numbered nodes (Numbered) can share links.
const MaxNodes = 14

// NodeMAC is the MAC the built-in targets give node k on link i, when
// several nodes share links (interop): node 0 has NUTMAC's.
func NodeMAC(k, i int) net.HardwareAddr {
	return net.HardwareAddr{0x00, 0x00, 0x5e, 0x00, 0x53, byte(0x10 + 0x10*k + i)}
}

// Placeable is the optional interface of a target whose node can share
// links with other nodes (interop). Place, called before Open, gives the
// node the number k (0 <= k < MaxNodes) and says which link of the
// topology each of its links is on: its link i is links[i], its MAC there
// NodeMAC(k, links[i]) and its static address in LinkPrefixes[links[i]].
type Placeable interface {
	Place(k int, links []int)
}

// Placement is what Place gives a target; a target embeds it to be
// Placeable. Its zero value is node 0 with link i on link i.
type Placement struct {
	Number int   // the node's number among nodes sharing links
	On     []int // the topology's link of each of the node's links
}

// Place records the node's number and links.
func (p *Placement) Place(k int, links []int) { p.Number, p.On = k, links }

// LinkOf is the topology's link of the node's link i.
func (p *Placement) LinkOf(i int) int {
	if i < len(p.On) {
		return p.On[i]
	}
	return i
}

// MAC is the node's MAC on its link i.
func (p *Placement) MAC(i int) net.HardwareAddr { return NodeMAC(p.Number, p.LinkOf(i)) }

// Prefix is the on-link prefix of the node's link i.
func (p *Placement) Prefix(i int) netip.Prefix { return LinkPrefix(p.LinkOf(i)) }

// placedPrefixes are the on-link prefixes of the links beyond
// LinkPrefixes that only nodes placed among others use (an interop
// topology's Link2): a device under test has at most len(LinkPrefixes)
// links.
var placedPrefixes = []netip.Prefix{netip.MustParsePrefix("2001:db8:3::/64")}

// LinkPrefix is the on-link global prefix of topology link l: Link0 and
// Link1 as LinkPrefixes, further links (interop only) after them.
func LinkPrefix(l int) netip.Prefix {
	if l < len(LinkPrefixes) {
		return LinkPrefixes[l]
	}
	return placedPrefixes[l-len(LinkPrefixes)]
}

var targets = map[string]func(role string) (Target, error){}

// RegisterTarget makes a target constructor selectable by name.
func RegisterTarget(name string, mk func(role string) (Target, error)) { targets[name] = mk }

// TargetNames lists the selectable targets.
func TargetNames() []string {
	var n []string
	for k := range targets {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}

// NewTarget builds the named target. A name "kind:ARG" is a target kind
// registered with RegisterTargetKind (profile:PATH.yaml).
func NewTarget(name, role string) (Target, error) {
	if kind, arg, ok := strings.Cut(name, ":"); ok {
		if mk, ok := targetKinds[kind]; ok {
			return mk(arg, role)
		}
	}
	mk, ok := targets[name]
	if !ok {
		return nil, fmt.Errorf("unknown target %q (known: %s, profile:PATH.yaml)", name, strings.Join(TargetNames(), ", "))
	}
	return mk(role)
}

var targetKinds = map[string]func(arg, role string) (Target, error){}

// RegisterTargetKind makes targets named "kind:ARG" selectable.
func RegisterTargetKind(kind string, mk func(arg, role string) (Target, error)) {
	targetKinds[kind] = mk
}
