package refnode

import (
	"fmt"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/nd"
	"github.com/v6ct/v6ct/refnode/tunnel"
)

// TunnelConfig describes a configured tunnel interface (RFC 4213 §3, RFC
// 2473 §3): an interface of its own, with its own addresses, that routes
// (Route.Interface) may name.
type TunnelConfig struct {
	Name string
	// Mode is "6in4" (RFC 4213), "6in6" (RFC 2473), "4in6" (RFC 2473)
	// or "4in4" (RFC 2003).
	Mode string
	// Local and Remote are the outer source and destination: Local is
	// one of the node's addresses (an InterfaceConfig.IPv4 address for
	// IPv4 outside), Remote a neighbor on that interface's link or, for
	// IPv6 outside, any address the node has a route to.
	Local, Remote netip.Addr
	// HopLimit is the outer hop limit or TTL; 0 = 64 (RFC 4213 §3.3
	// suggests IANA's default).
	HopLimit uint8
	// EncapLimit is the Tunnel Encapsulation Limit option an IPv6-outside
	// tunnel adds (RFC 2473 §4.1.1): 0 = the default 4 (§6.6),
	// tunnel.NoEncapLimit = no option.
	EncapLimit int
	// MTU fixes the tunnel MTU (a static tunnel MTU, RFC 4213 §3.2.1: the
	// outer IPv4 header then never sets DF); 0 derives it from the path
	// to Remote (RFC 2473 §7.1, RFC 4213 §3.2.2).
	MTU int
	// Addresses are the tunnel interface's IPv6 addresses; each prefix is
	// on-link over the tunnel. The interface also has a link-local
	// address (RFC 4213 §3.7). Only a tunnel carrying IPv6 has them.
	Addresses []netip.Prefix
	// IPv4 are the IPv4 addresses of a tunnel carrying IPv4 (4in6,
	// 4in4); each prefix is on-link over the tunnel. Routes with IPv4
	// prefixes may name the tunnel.
	IPv4 []netip.Prefix
}

// tunnels are the node's tunnel interfaces at work (tunnel.go,
// tunnel_output.go, tunnel_input.go): the encapsulations under way for the
// packet in hand.
type tunnels struct {
	n     *Node
	depth int // encapsulations under way for the packet in hand
	// dropped says a nested encapsulation gave the packet in hand up
	// (nesting limit, limit option 0 on a packet of our own): the
	// outermost entry tells the packet's source.
	dropped bool
}

// tunnelIface is the tunnel side of an iface.
type tunnelIface struct {
	mode       tunnel.Mode
	local      netip.Addr
	remote     netip.Addr
	hopLimit   uint8
	encapLimit int
	static     int    // configured MTU; 0 = dynamic
	under      *iface // the Ethernet interface Local belongs to
	pmtu4      int    // IPv4 path MTU to Remote (RFC 4213 §3.2.2)
}

// addAll appends one interface per tunnel to n.ifs, after the
// Ethernet interfaces and their IPv4 addresses (addIPv4).
func (ts *tunnels) addAll(cfg Config) error {
	for _, tc := range cfg.Tunnels {
		if err := ts.add(tc); err != nil {
			return fmt.Errorf("refnode: tunnel %s: %w", tc.Name, err)
		}
	}
	return nil
}

func (ts *tunnels) add(tc TunnelConfig) error {
	mode, err := tunnel.ParseMode(tc.Mode)
	if err != nil {
		return err
	}
	if tc.Name == "" || ts.n.iface(tc.Name) != nil {
		return fmt.Errorf("missing or repeated name %q", tc.Name)
	}
	t := &tunnelIface{mode: mode, local: tc.Local.WithZone(""), remote: tc.Remote.WithZone(""), hopLimit: tc.HopLimit,
		encapLimit: tc.EncapLimit, static: tc.MTU}
	if t.hopLimit == 0 {
		t.hopLimit = ipv4.DefaultTTL
	}
	if t.encapLimit == 0 {
		t.encapLimit = tunnel.DefaultEncapLimit
	}
	if !mode.OuterIs6() {
		t.encapLimit = tunnel.NoEncapLimit
		if !ipv4.IsUnicast(t.local) || !ipv4.IsUnicast(t.remote) {
			return fmt.Errorf("%s outside needs IPv4 unicast Local and Remote, not %s and %s", mode, tc.Local, tc.Remote)
		}
		for _, ifc := range ts.n.ifs {
			for _, p := range ifc.v4 {
				if p.Addr() == t.local {
					t.under = ifc
				}
			}
		}
	} else {
		if !t.local.Is6() || t.local.Is4In6() || !t.remote.Is6() || ipv6.IsMulticast(t.remote) || t.remote.IsUnspecified() {
			return fmt.Errorf("%s outside needs IPv6 unicast Local and Remote, not %s and %s", mode, tc.Local, tc.Remote)
		}
		if a := ts.n.ownAddress(t.local); a != nil && a.Ifindex < len(ts.n.ifs) {
			t.under = ts.n.ifs[a.Ifindex]
		}
	}
	if t.under == nil || t.under.tun != nil {
		return fmt.Errorf("local address %s is not on one of the node's Ethernet interfaces", tc.Local)
	}
	if tc.MTU != 0 && (tc.MTU < tunnel.MinMTU || tc.MTU > t.under.mtu-tunnel.OuterLen(mode, t.encapLimit)) {
		return fmt.Errorf("MTU %d outside [%d, %d]", tc.MTU, tunnel.MinMTU, t.under.mtu-tunnel.OuterLen(mode, t.encapLimit))
	}
	t.pmtu4 = t.under.mtu
	index := len(ts.n.ifs)
	ifc := &iface{index: index, name: tc.Name, tun: t, tx: make([]byte, txBufferSize)}
	ifc.mtu = tunnel.MinMTU // the live value comes from tunnels.mtu
	var id [8]byte
	if mode.OuterIs6() {
		l := t.local.As16()
		copy(id[:], l[8:])
	} else {
		l := t.local.As4()
		copy(id[4:], l[:])
	}
	ifc.ll = &nd.Address{Ifindex: index, Addr: ipv6.LinkLocal(id), PrefixLen: 64, State: nd.Preferred}
	if !ts.n.faults.Has(faults.TunnelNoLinkLocal) {
		ifc.addrs = append(ifc.addrs, ifc.ll)
	}
	if !mode.InnerIs6() && len(tc.Addresses) > 0 {
		return fmt.Errorf("mode %s carries IPv4: IPv4 addresses, not %s", mode, tc.Addresses[0])
	}
	if mode.InnerIs6() && len(tc.IPv4) > 0 {
		return fmt.Errorf("mode %s carries IPv6: IPv6 addresses, not %s", mode, tc.IPv4[0])
	}
	for _, p := range tc.IPv4 {
		if !p.IsValid() || !ipv4.IsUnicast(p.Addr()) || p.Bits() > 30 || ts.n.v4.own(p.Addr()) {
			return fmt.Errorf("%s is not an IPv4 unicast address of its own with a subnet", p)
		}
		ifc.v4 = append(ifc.v4, p)
	}
	for _, p := range tc.Addresses {
		a := p.Addr()
		if !a.Is6() || a.Is4In6() || ipv6.IsMulticast(a) || ipv6.IsUnspecified(a) || ipv6.IsLoopback(a) || ifc.address(a) != nil {
			return fmt.Errorf("%s is not an IPv6 unicast address of its own", p)
		}
		// No DAD: a configured tunnel has no link-layer to probe (RFC 4213 §3.8).
		ifc.addrs = append(ifc.addrs, &nd.Address{Ifindex: index, Addr: a.WithZone(""), PrefixLen: p.Bits(), State: nd.Preferred})
		ifc.onLink = append(ifc.onLink, p.Masked())
	}
	ts.n.ifs = append(ts.n.ifs, ifc)
	return nil
}

// mtu is the MTU the tunnel interface offers IPv6: the configured
// one, else the path MTU to the exit point less the tunnel headers (RFC
// 2473 §7.1), for IPv4 outside the IPv4 path MTU less 20 but never below
// 1280 (RFC 4213 §3.2.2). A tunnel whose exit point is reached through
// another tunnel takes the minimum MTU.
func (ts *tunnels) mtu(ifc *iface) int {
	t := ifc.tun
	if t.static != 0 {
		return t.static
	}
	if !t.mode.InnerIs6() {
		return ts.mtu4(ifc)
	}
	if !t.mode.OuterIs6() {
		return max(t.pmtu4-tunnel.IPv4HeaderLen, tunnel.MinMTU)
	}
	out, _, ok := ts.n.nextHop(t.under, t.remote)
	if !ok || out.tun != nil {
		return tunnel.MinMTU
	}
	return ts.n.pmtu.Get(out.index, t.remote, out.mtu) - tunnel.OuterLen(t.mode, t.encapLimit)
}

// --- entry

// --- exit

// --- ICMP from inside the tunnel

// mtu4 is the MTU a tunnel carrying IPv4 offers: the configured
// one, else the path MTU to the exit point less the tunnel headers (RFC
// 2473 §6.7, §7.2; RFC 2003 §5.1).
func (ts *tunnels) mtu4(ifc *iface) int {
	t := ifc.tun
	switch {
	case t.static != 0:
		return t.static
	case !t.mode.OuterIs6():
		return t.pmtu4 - tunnel.IPv4HeaderLen
	}
	out, _, ok := ts.n.nextHop(t.under, t.remote)
	if !ok || out.tun != nil {
		return tunnel.MinMTU - tunnel.OuterLen(t.mode, t.encapLimit)
	}
	return ts.n.pmtu.Get(out.index, t.remote, out.mtu) - tunnel.OuterLen(t.mode, t.encapLimit)
}

// find finds the tunnel whose outside is IPv6 or IPv4 as outer6,
// whose inner protocol is proto and whose local address is dst; ok says
// whether src is its remote end too.
func (ts *tunnels) find(outer6 bool, dst, src netip.Addr, proto uint8) (*iface, bool) {
	var found *iface
	for _, ifc := range ts.n.ifs {
		t := ifc.tun
		if t == nil || t.mode.OuterIs6() != outer6 || t.mode.Proto() != proto || t.local != dst {
			continue
		}
		if t.remote == src {
			return ifc, true
		}
		found = ifc
	}
	return found, false
}
