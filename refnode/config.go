package refnode

import (
	"io"
	"net"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/mld"
	"github.com/v6ct/v6ct/refnode/nd"
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
	// Tunnels are configured tunnel interfaces (tunnel.go), after
	// Interfaces in the node's interface list.
	Tunnels []TunnelConfig

	// StableSecret turns on RFC 7217 stable interface identifiers for
	// the addresses a host autoconfigures from advertised prefixes; nil
	// keeps the modified EUI-64 identifier of the MAC (RFC 4291 appendix A).
	// The link-local address uses the MAC's identifier unless
	// StableLinkLocal.
	StableSecret []byte
	// StableLinkLocal forms the link-local addresses with StableSecret too
	// (RFC 7217 §5, prefix fe80::/64; in6_ifattach.go): a duplicate one is
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
	IPv4       []netip.Prefix // IPv4 addresses, for the outside of IPv4 tunnels (ip_input.go)
	// LinkLocal is a configured link-local address the interface takes
	// instead of forming one (RFC 4862 §5.3 allows an identifier from
	// elsewhere than the hardware): several interfaces may share it, each
	// in its own zone (RFC 4007 §6). Invalid: formed as usual.
	LinkLocal netip.Addr
}

// AddressState is the DAD state of an address.
type AddressState = nd.AddrState

// Address states.
const (
	Tentative = nd.Tentative
	Preferred = nd.Preferred
	Duplicate = nd.Duplicate
)
