package refnode

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
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

// ipv4State is the node's IPv4 side and its tunnel bookkeeping.
type ipv4State struct {
	arp map[arpKey]*arpEntry
	// incomplete counts the unresolved entries of arp (Limits.ARPIncomplete).
	incomplete int
	id         uint16 // Identification of the next IPv4 packet
	depth      int    // encapsulations under way for the packet in hand
	// dropped says a nested encapsulation gave the packet in hand up
	// (nesting limit, limit option 0 on a packet of our own): the
	// outermost entry tells the packet's source.
	dropped bool
	reasm   *ipv4.Reassembler // datagrams for the node in reassembly (RFC 4213 §3.6)
	routes  []route           // static IPv4 routes (ipv4_forward.go)
}

type arpKey struct {
	ifindex int
	addr    netip.Addr
}

type arpEntry struct {
	mac     link.MAC
	ok      bool
	asked   time.Time
	pending [][]byte // the IPv4 packets waiting for the answer, the last arpQueue
}

// arpQueue bounds the packets waiting for a neighbor's answer: RFC 1122
// §2.3.2.2 asks for the latest at least; a few more keep the fragments of
// one datagram together.
const arpQueue = 64

// arpRetry is how long a node waits before asking again for a neighbor
// that has not answered (RFC 1122 §2.3.2.1: at most one request a second).
const arpRetry = time.Second

// addTunnels checks the IPv4 addresses of the Ethernet interfaces and
// appends one interface per tunnel to n.ifs.
func (n *Node) addTunnels(cfg Config) error {
	n.v4.arp = map[arpKey]*arpEntry{}
	n.v4.reasm = ipv4.NewReassembler(ipv4.ReassemblyConfig{Count: n.count, Clock: n.clock, Lock: &n.mu, TimedOut: n.reassemblyTimedOut4})
	for i, ic := range cfg.Interfaces {
		for _, p := range ic.IPv4 {
			if !p.IsValid() || !ipv4.IsUnicast(p.Addr()) || p.Bits() > 30 {
				return fmt.Errorf("refnode: %s: %s is not an IPv4 unicast address with a subnet", ic.Name, p)
			}
		}
		n.ifs[i].v4 = ic.IPv4
	}
	for _, tc := range cfg.Tunnels {
		if err := n.addTunnel(tc); err != nil {
			return fmt.Errorf("refnode: tunnel %s: %w", tc.Name, err)
		}
	}
	return nil
}

func (n *Node) addTunnel(tc TunnelConfig) error {
	mode, err := tunnel.ParseMode(tc.Mode)
	if err != nil {
		return err
	}
	if tc.Name == "" || n.iface(tc.Name) != nil {
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
		for _, ifc := range n.ifs {
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
		if a := n.ownAddress(t.local); a != nil && a.Ifindex < len(n.ifs) {
			t.under = n.ifs[a.Ifindex]
		}
	}
	if t.under == nil || t.under.tun != nil {
		return fmt.Errorf("local address %s is not on one of the node's Ethernet interfaces", tc.Local)
	}
	if tc.MTU != 0 && (tc.MTU < tunnel.MinMTU || tc.MTU > t.under.mtu-tunnel.OuterLen(mode, t.encapLimit)) {
		return fmt.Errorf("MTU %d outside [%d, %d]", tc.MTU, tunnel.MinMTU, t.under.mtu-tunnel.OuterLen(mode, t.encapLimit))
	}
	t.pmtu4 = t.under.mtu
	index := len(n.ifs)
	ifc := &iface{index: index, name: tc.Name, tun: t, tx: make([]byte, txBufferSize)}
	ifc.mtu = tunnel.MinMTU // the live value comes from tunnelMTU
	var id [8]byte
	if mode.OuterIs6() {
		l := t.local.As16()
		copy(id[:], l[8:])
	} else {
		l := t.local.As4()
		copy(id[4:], l[:])
	}
	ifc.ll = &nd.Address{Ifindex: index, Addr: ipv6.LinkLocal(id), PrefixLen: 64, State: nd.Preferred}
	if !n.faults.Has(faults.TunnelNoLinkLocal) {
		ifc.addrs = append(ifc.addrs, ifc.ll)
	}
	if !mode.InnerIs6() && len(tc.Addresses) > 0 {
		return fmt.Errorf("mode %s carries IPv4: IPv4 addresses, not %s", mode, tc.Addresses[0])
	}
	if mode.InnerIs6() && len(tc.IPv4) > 0 {
		return fmt.Errorf("mode %s carries IPv6: IPv6 addresses, not %s", mode, tc.IPv4[0])
	}
	for _, p := range tc.IPv4 {
		if !p.IsValid() || !ipv4.IsUnicast(p.Addr()) || p.Bits() > 30 || n.own4(p.Addr()) {
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
	n.ifs = append(n.ifs, ifc)
	return nil
}

// tunnelMTU is the MTU the tunnel interface offers IPv6: the configured
// one, else the path MTU to the exit point less the tunnel headers (RFC
// 2473 §7.1), for IPv4 outside the IPv4 path MTU less 20 but never below
// 1280 (RFC 4213 §3.2.2). A tunnel whose exit point is reached through
// another tunnel takes the minimum MTU.
func (n *Node) tunnelMTU(ifc *iface) int {
	t := ifc.tun
	if t.static != 0 {
		return t.static
	}
	if !t.mode.InnerIs6() {
		return n.tunnelMTU4(ifc)
	}
	if !t.mode.OuterIs6() {
		return max(t.pmtu4-tunnel.IPv4HeaderLen, tunnel.MinMTU)
	}
	out, _, ok := n.nextHop(t.under, t.remote)
	if !ok || out.tun != nil {
		return tunnel.MinMTU
	}
	return n.pmtu.Get(out.index, t.remote, out.mtu) - tunnel.OuterLen(t.mode, t.encapLimit)
}

// --- entry

// tunnelForward is a router's forwarding into a tunnel (RFC 2473 §3.1, §7;
// RFC 4213 §3.2, §3.3), after forward's own checks: the limit option, the
// tunnel MTU, then the hop limit, decremented as on any link. A packet
// that a nested encapsulation gave up on is reported to its source as
// unreachable (RFC 2473 §4.1.1, §8.1).
func (n *Node) tunnelForward(in, out *iface, pkt []byte, llGroup bool) {
	src := ipv6.Header(pkt).Src()
	switch {
	case ipv6.IsUnspecified(src):
		n.count(counter.FwdUnspecifiedSource)
		return
	case ipv6.IsMulticast(src):
		n.count(counter.FwdMulticastSource)
		return
	}
	if out.tun.mode.OuterIs6() {
		limit, off, ok := tunnel.EncapLimit(pkt)
		if ok && (n.faults.Has(faults.EncapLimitLastOptionMissed) || n.faults.Has(faults.EncapLimitAfterHopByHopMissed)) && n.encapLimitMissed(pkt, off) {
			ok = false // edge_faults.go
		}
		if ok && (limit == 0 || limit == 1 && n.faults.Has(faults.EncapLimitOneRefused)) && !n.faults.Has(faults.TunnelEncapLimitIgnored) {
			n.count(counter.TunnelEncapLimitExceeded) // RFC 2473 §4.1.1
			n.paramProblem(in, pkt, llGroup, icmp6.CodeErroneousHeader, off)
			return
		}
	}
	if d := n.entryDecision(out, pkt); d.TooBig {
		n.count(counter.TunnelTooBig)
		if !n.faults.Has(faults.TunnelTooBigSilent) {
			n.icmpError(in, pkt, llGroup, icmp6.TypePacketTooBig, 0, uint32(d.MTU))
		}
		return
	}
	if !n.faults.Has(faults.TunnelEntryNoDecrement) {
		pkt[ipv6.OffHopLimit]-- // forward checked it is above 1
	}
	n.count(counter.FwdForwarded)
	n.v4.dropped = false
	n.encapsulate(out, pkt)
	if n.v4.dropped {
		n.v4.dropped = false
		if !n.faults.Has(faults.TunnelNoNestingLimit) {
			n.destUnreachable(in, pkt, llGroup, icmp6.CodeAddressUnreach)
		}
	}
}

// entryDecision applies the tunnel MTU rules to pkt.
func (n *Node) entryDecision(out *iface, pkt []byte) tunnel.Decision {
	t, size := out.tun, len(pkt)
	if !t.mode.InnerIs6() {
		return n.entryDecision4(out, pkt)
	}
	switch {
	case t.static != 0:
		if size > t.static {
			return tunnel.Decision{TooBig: true, MTU: t.static}
		}
		return tunnel.Decision{} // static: DF never set (RFC 4213 §3.2.1)
	case !t.mode.OuterIs6():
		if size == t.pmtu4-tunnel.IPv4HeaderLen && n.faults.Has(faults.Tunnel4MTUOffByOne) {
			size++ // the faulty node's size < MTU
		}
		if t.pmtu4-tunnel.IPv4HeaderLen == tunnel.MinMTU && n.faults.Has(faults.Tunnel4MinMTUOffByOne) {
			return tunnel.Entry4(size, t.pmtu4-1) // the faulty node's mtu <= MinMTU
		}
		if t.pmtu4-tunnel.IPv4HeaderLen < tunnel.MinMTU && n.faults.Has(faults.Tunnel4LowMTUNoTooBig) {
			return tunnel.Decision{} // the faulty node leaves any size to IPv4 fragmentation
		}
		return tunnel.Entry4(size, t.pmtu4)
	}
	mtu := n.tunnelMTU(out)
	if size == mtu && n.faults.Has(faults.Tunnel6MTUOffByOne) {
		size++ // the faulty node's size < MTU
	}
	d := tunnel.Entry6(size, mtu)
	if d.TooBig && n.faults.Has(faults.TunnelPTBBelowMinimum) {
		d.MTU = mtu // the faulty node's MTU without the floor
	}
	if d.Fragment && n.faults.Has(faults.TunnelSmallPacketRefused) {
		return tunnel.Decision{TooBig: true, MTU: tunnel.MinMTU}
	}
	return d
}

// tunnelSend puts a packet the node sends through out (its own, or the
// outer packet of another tunnel) into the tunnel; toLink calls it.
func (n *Node) tunnelSend(out *iface, pkt []byte) {
	if d := n.entryDecision(out, pkt); d.TooBig {
		// Our own packets were cut to the tunnel MTU; this one is the
		// outer packet of a tunnel nested in this one.
		n.count(counter.TunnelNestedTooBig)
		if n.v4.depth > 0 && !n.faults.Has(faults.TunnelNoNestingLimit) {
			n.v4.dropped = true
		}
		return
	}
	n.encapsulate(out, pkt)
}

// encapsulate wraps pkt in the tunnel's outer header and sends it on.
// Calls nest when the outer packet is routed into a tunnel again; the
// nesting counter and the limit option end such loops (RFC 2473 §4.1.3).
func (n *Node) encapsulate(out *iface, pkt []byte) {
	t := out.tun
	if len(pkt) == 0 || (pkt[0]>>4 == ipv6.Version) != t.mode.InnerIs6() {
		n.count(counter.TunnelOutWrongProtocol) // an IPv6 route into a tunnel carrying IPv4, or the other way
		return
	}
	limited := !n.faults.Has(faults.TunnelNoNestingLimit)
	if n.v4.depth >= tunnel.MaxNesting && limited {
		n.count(counter.TunnelNestingExceeded)
		n.v4.dropped = true
		return
	}
	limit := t.encapLimit
	if t.mode.OuterIs6() {
		if l, _, ok := tunnel.EncapLimit(pkt); ok {
			if l == 0 && limited && !n.faults.Has(faults.TunnelEncapLimitIgnored) {
				// Our own tunnel packet: the Parameter Problem would come
				// back to us (RFC 2473 §4.1.1, §8.1).
				n.count(counter.TunnelEncapLimitExceeded)
				n.v4.dropped = true
				return
			}
			if !n.faults.Has(faults.TunnelEncapLimitNotDecremented) {
				limit = max(l-1, 0)
			}
		}
		if n.faults.Has(faults.TunnelNoEncapLimitOption) {
			limit = tunnel.NoEncapLimit
		}
	}
	hdr := tunnel.OuterLen(t.mode, limit)
	if link.HeaderLen+hdr+len(pkt) > len(out.tx) {
		n.count(counter.TunnelOutNoRoom)
		return
	}
	buf := out.tx[link.HeaderLen:]
	copy(buf[hdr:], pkt) // pkt may already be in out.tx: copy moves it
	outer := buf[:hdr+len(pkt)]
	n.v4.depth++
	defer func() { n.v4.depth-- }()
	n.count(counter.TunnelEncapsulated)
	if t.mode.OuterIs6() {
		tunnel.PutOuter6(outer, t.mode.Proto(), t.hopLimit, t.local, t.remote, len(pkt), limit)
		n.sendOuter6(out, outer)
		return
	}
	d := n.entryDecision(out, outer[hdr:])
	if !t.mode.InnerIs6() && n.faults.Has(faults.TunnelDFNotCopied) {
		d.DontFrag = false
	}
	n.v4.id++
	ipv4.Put(outer, 0, n.v4.id, d.DontFrag, t.hopLimit, t.mode.Proto(), t.local, t.remote, len(pkt))
	if mtu := min(t.under.mtu, t.pmtu4); len(outer) > mtu {
		// Without DF the IPv4 layer fragments the tunnel packet to the
		// path MTU (RFC 4213 §3.2.2, RFC 2003 §5.1).
		n.fragment4(t.under, t.remote, outer, mtu)
		return
	}
	n.output4(t.under, t.remote, outer)
}

// sendOuter6 routes an IPv6 tunnel packet: into another tunnel (nesting),
// or onto a link, fragmented to the path MTU when RFC 2473 §7.1 (a) asks.
func (n *Node) sendOuter6(tun *iface, outer []byte) {
	t := tun.tun
	out, next, ok := n.nextHop(t.under, t.remote)
	if !ok {
		n.count(counter.TunnelOutNoRoute)
		return
	}
	if out.tun != nil {
		n.tunnelSend(out, outer)
		return
	}
	mtu := n.pmtu.Get(out.index, t.remote, n.linkMTU(out))
	if len(outer) > mtu {
		n.fragmentOutput(out, next, outer, mtu)
		return
	}
	n.toLink(out, next, outer)
}

// --- exit

// tunnelFor finds the tunnel whose outside is IPv6 or IPv4 as outer6,
// whose inner protocol is proto and whose local address is dst; ok says
// whether src is its remote end too.
func (n *Node) tunnelFor(outer6 bool, dst, src netip.Addr, proto uint8) (*iface, bool) {
	var found *iface
	for _, ifc := range n.ifs {
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

// decapsulate hands the packet inside a tunnel packet to IPv6 input on
// the tunnel interface, once the outer source is the tunnel's remote end
// (RFC 4213 §3.6; RFC 2473 §3.3). It reports whether the outer packet was
// for one of the node's tunnels.
func (n *Node) decapsulate(outer6 bool, dst, src netip.Addr, proto uint8, inner []byte) bool {
	ifc, ok := n.tunnelFor(outer6, dst, src, proto)
	if ifc == nil {
		return false
	}
	switch {
	case n.faults.Has(faults.TunnelNoDecap):
		n.count(counter.TunnelDecapRefused)
		return true
	case !ok && !n.faults.Has(faults.TunnelNoSourceCheck):
		n.count(counter.TunnelDecapWrongSource) // RFC 4213 §3.6: discarded silently
		return true
	case !ifc.tun.mode.InnerIs6():
		if len(inner) < ipv4.HeaderLen || inner[0]>>4 != ipv4.Version {
			n.count(counter.TunnelDecapNotIPv4)
			return true
		}
		n.count(counter.TunnelDecapsulated)
		n.ipv4Input(ifc, inner, false) // RFC 2473 §3.3, RFC 2003 §3
		return true
	case len(inner) < ipv6.HeaderLen || inner[0]>>4 != ipv6.Version:
		n.count(counter.TunnelDecapNotIPv6)
		return true
	}
	n.count(counter.TunnelDecapsulated)
	if n.faults.Has(faults.TunnelExitNoDecrement) && inner[ipv6.OffHopLimit] < 255 {
		inner[ipv6.OffHopLimit]++ // forwarding takes one off again
	}
	n.ipv6Input(ifc, inner, false)
	return true
}

// --- ICMP from inside the tunnel

// tunnelICMPv6Error handles an ICMPv6 error about one of the node's IPv6
// tunnel packets (RFC 2473 §8.1): Packet Too Big lowers the path MTU to
// the exit point; the others are reported to the source of the inner
// packet as Destination Unreachable code 3 (address unreachable). It
// reports false when the error is about something else.
func (n *Node) tunnelICMPv6Error(ifc *iface, msg []byte) bool {
	if len(msg) < icmp6.ErrorHeaderLen+ipv6.HeaderLen {
		return false
	}
	quote := icmp6.Error(msg).Invoking()
	q := ipv6.Header(quote)
	proto, inner, ok := innerOf6(quote)
	if !ok {
		return false
	}
	tun, ok := n.tunnelFor(true, q.Src(), q.Dst(), proto)
	if tun == nil || !ok {
		return false
	}
	typ := icmp6.Message(msg).Type()
	if proto == tunnel.ProtoIPv4 {
		n.tunnelICMPv6ErrorFor4(ifc, tun, msg, inner) // ipv4_forward.go
		return true
	}
	if typ == icmp6.TypePacketTooBig {
		n.packetTooBig(ifc, msg)
		if n.faults.Has(faults.TunnelSmallPTBRelayed) && len(inner) >= ipv6.HeaderLen {
			n.icmpError(tun, inner, false, icmp6.TypePacketTooBig, 0, uint32(max(n.tunnelMTU(tun), tunnel.MinMTU))) // whatever the original's size
			return true
		}
		if len(inner) < ipv6.HeaderLen || int(ipv6.Header(inner).PayloadLength())+ipv6.HeaderLen <= tunnel.MinMTU {
			return true // it was encapsulated whole and fragmented (§7.1 (a))
		}
		n.count(counter.TunnelErrorRelayed)
		if !n.faults.Has(faults.TunnelNoErrorRelay) {
			n.icmpError(tun, inner, false, icmp6.TypePacketTooBig, 0, uint32(max(n.tunnelMTU(tun), tunnel.MinMTU)))
		}
		return true
	}
	n.count(counter.TunnelErrorReceived)
	if len(inner) < ipv6.HeaderLen || n.faults.Has(faults.TunnelNoErrorRelay) {
		return true
	}
	n.count(counter.TunnelErrorRelayed)
	n.destUnreachable(tun, inner, false, icmp6.CodeAddressUnreach)
	return true
}

// innerOf6 finds the encapsulated packet in a (quoted) IPv6 tunnel
// packet, and its protocol: IPv6 or IPv4.
func innerOf6(pkt []byte) (uint8, []byte, bool) {
	next, at := pkt[ipv6.OffNextHeader], ipv6.HeaderLen
	for next != tunnel.ProtoIPv6 && next != tunnel.ProtoIPv4 {
		if (next != ipv6.ProtoDestOpts && next != ipv6.ProtoHopByHop) || at+8 > len(pkt) {
			return 0, nil, false
		}
		next, at = pkt[at], at+(int(pkt[at+1])+1)*8
	}
	if at > len(pkt) {
		return 0, nil, false
	}
	return next, pkt[at:], true
}

// tunnelICMPv4Error handles an ICMPv4 error about one of the node's IPv4
// tunnel packets (RFC 4213 §3.4): Fragmentation Needed lowers the
// tunnel's IPv4 path MTU (RFC 1191, §3.2.2); another error quoting enough
// of the packet to hold the inner IPv6 header is reported to its source
// as Destination Unreachable code 3. A 4in4 tunnel reports in ICMPv4
// (tunnelICMPv4ErrorFor4).
func (n *Node) tunnelICMPv4Error(m ipv4.ICMP) {
	quote := m.Quote()
	if len(quote) < ipv4.HeaderLen || quote[0]>>4 != ipv4.Version {
		n.count(counter.IPv4ICMPErrorShort)
		return
	}
	q := ipv4.Header(quote)
	tun, ok := n.tunnelFor(false, q.Src(), q.Dst(), q.Protocol())
	if tun == nil || !ok || q.HeaderLen() > len(quote) {
		n.count(counter.IPv4ICMPErrorNotOurs)
		return
	}
	if m.Type() == ipv4.ICMPDestUnreachable && m.Code() == ipv4.CodeFragNeeded {
		if mtu := m.NextHopMTU(); mtu >= 68 && mtu < tun.tun.pmtu4 && !n.faults.Has(faults.TunnelFragNeededIgnored) {
			tun.tun.pmtu4 = mtu
			tun.mtu = n.tunnelMTU(tun)
			n.count(counter.TunnelPMTU4Lowered)
			n.logf("%s: IPv4 path MTU to %s is %d", tun.name, tun.tun.remote, mtu)
		}
		if n.faults.Has(faults.Tunnel4FragNeededRelayed) && tun.tun.mode.InnerIs6() {
			n.relayAsUnreachable(tun, quote[q.HeaderLen():]) // edge_faults.go
			return
		}
		if tun.tun.mode.InnerIs6() {
			return
		}
	}
	inner := quote[q.HeaderLen():]
	if !tun.tun.mode.InnerIs6() {
		n.tunnelICMPv4ErrorFor4(tun, m, inner) // ipv4_forward.go
		return
	}
	n.count(counter.TunnelErrorReceived)
	if len(inner) < ipv6.HeaderLen || inner[0]>>4 != ipv6.Version || n.faults.Has(faults.TunnelNoICMPv4Relay) {
		return
	}
	n.count(counter.TunnelErrorRelayed)
	n.destUnreachable(tun, inner, false, icmp6.CodeAddressUnreach)
}
