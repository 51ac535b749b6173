package refnode

import (
	"fmt"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv4"
	"github.com/v6ct/v6ct/refnode/link"
)

// The node's IPv4 is what its tunnels need: on an Ethernet interface with
// IPv4 addresses (InterfaceConfig.IPv4) and inside tunnels carrying IPv4
// (TunnelConfig.IPv4): ARP (RFC 826), receiving packets for its own
// addresses (reassembled first when they come in fragments, RFC 4213
// §3.6), tunnel packets (protocols 41 and 4) and ICMPv4 (RFC 792: Echo
// answered, errors read for the tunnels, Protocol Unreachable for
// anything else, RFC 1122 §3.2.2.1; Time Exceeded code 1 for a datagram
// that times out in reassembly). What is too big for the link it leaves
// on goes in fragments (RFC 791 §3.2). A router forwards the rest
// (ip_forward.go).

// addIPv4 checks the IPv4 addresses of the Ethernet interfaces and sets
// up the ARP cache and IPv4 reassembly.
func (n *Node) addIPv4(cfg Config) error {
	n.v4.arp = ipv4.NewARPCache(ipv4.ARPConfig{Entries: n.limits.ARPEntries, Incomplete: n.limits.ARPIncomplete, Count: n.count, Clock: n.clock})
	n.v4.out = ipv4.Output{ARP: n.v4.arp, Faults: n.faults, Count: n.count}
	n.v4.reasm = ipv4.NewReassembler(ipv4.ReassemblyConfig{Count: n.count, Clock: n.clock, Lock: &n.mu, TimedOut: n.reassemblyTimedOut4})
	for i, ic := range cfg.Interfaces {
		for _, p := range ic.IPv4 {
			if !p.IsValid() || !ipv4.IsUnicast(p.Addr()) || p.Bits() > 30 {
				return fmt.Errorf("refnode: %s: %s is not an IPv4 unicast address with a subnet", ic.Name, p)
			}
		}
		n.ifs[i].v4 = ic.IPv4
	}
	return nil
}

// own4 reports whether a is one of ifc's IPv4 addresses.
func (ifc *iface) own4(a netip.Addr) bool {
	for _, p := range ifc.v4 {
		if p.Addr() == a {
			return true
		}
	}
	return false
}

// onLink4 finds the IPv4 address of ifc whose subnet holds a.
func (ifc *iface) onLink4(a netip.Addr) (netip.Addr, bool) {
	for _, p := range ifc.v4 {
		if p.Masked().Contains(a) {
			return p.Addr(), true
		}
	}
	return netip.Addr{}, false
}

// Index, MAC, MTU, Own, OnLink, FrameBuffer and Held make an Ethernet
// interface with IPv4 addresses an ipv4.Link, for the ARP cache and IPv4
// output (Transmit is in ether.go).
func (ifc *iface) Index() int                             { return ifc.index }
func (ifc *iface) MAC() [6]byte                           { return ifc.mac }
func (ifc *iface) MTU() int                               { return ifc.mtu }
func (ifc *iface) FrameBuffer() []byte                    { return ifc.tx[link.HeaderLen:] }
func (ifc *iface) Held(pkt []byte) []byte                 { return ifc.held(pkt) }
func (ifc *iface) Own(a netip.Addr) bool                  { return ifc.own4(a) }
func (ifc *iface) OnLink(a netip.Addr) (netip.Addr, bool) { return ifc.onLink4(a) }

// arpInput hands an ARP message to the cache (refnode/ipv4/arp_cache.go):
// it answers requests for ifc's addresses, learns the sender and sends
// what waited for it (RFC 826 "Packet Reception").
func (n *Node) arpInput(ifc *iface, frame []byte) {
	if len(ifc.v4) == 0 {
		n.count(counter.LinkUnknownEthertype) // no IPv4 on this interface
		return
	}
	n.v4.arp.Input(ifc, link.Frame(frame).Payload())
}

// ipv4Input checks a packet (RFC 1122 §3.2.1) and handles the ones for
// us; a router forwards the others. ifc is an Ethernet interface with
// IPv4 addresses or a tunnel carrying IPv4; llGroup says the frame went
// to a link-layer group address.
func (n *Node) ipv4Input(ifc *iface, pkt []byte, llGroup bool) {
	if len(ifc.v4) == 0 && ifc.tun == nil {
		n.count(counter.LinkUnknownEthertype) // no IPv4 on this interface
		return
	}
	h, why := ipv4.Check(pkt)
	if why == counter.IPv4BadChecksum && n.faults.Has(faults.IPv4ChecksumIgnored) {
		h, why = ipv4.Header(pkt[:ipv4.Header(pkt).TotalLength()]), counter.None
	}
	if why != counter.None {
		n.count(why)
		return
	}
	if !n.own4(h.Dst()) {
		if n.router {
			n.forward4(ifc, h, llGroup) // ip_forward.go
			return
		}
		n.count(counter.IPv4NotForUs)
		return
	}
	if h.IsFragment() {
		if n.faults.Has(faults.TunnelIPv4NoReassembly) {
			n.count(counter.IPv4FragmentDropped)
			return
		}
		if h = n.v4.reasm.Add(h, n.clock.Now()); h == nil {
			return
		}
	}
	body := h[h.HeaderLen():]
	switch p := h.Protocol(); p {
	case ipv4.ProtoIPv6, ipv4.ProtoIPv4:
		if n.decapsulate(false, h.Dst(), h.Src(), p, body) {
			return
		}
		n.count(counter.IPv4NoTunnel)
	case ipv4.ProtoICMP:
		n.icmp4Input(ifc, h, body)
		return
	}
	n.count(counter.IPv4UnknownProtocol)
	n.icmp4Error(ifc, h, ipv4.ICMPDestUnreachable, ipv4.CodeProtocolUnreachable, 0)
}

// icmp4Input answers Echo Requests and reads errors.
func (n *Node) icmp4Input(ifc *iface, h ipv4.Header, body []byte) {
	if len(body) < ipv4.ICMPHeaderLen || !ipv4.ICMP(body).ChecksumOK() {
		n.count(counter.IPv4ICMPBad)
		return
	}
	m := ipv4.ICMP(body)
	switch {
	case m.Type() == ipv4.ICMPEchoRequest:
		if n.faults.Has(faults.NoEchoReply) {
			return
		}
		n.count(counter.IPv4ICMPEchoReplied)
		b := ifc.tx[link.HeaderLen+ipv4.HeaderLen:]
		l := ipv4.PutEcho(b, ipv4.ICMPEchoReply, body[4:])
		n.send4(ifc, h.Dst(), h.Src(), ipv4.ProtoICMP, l)
	case m.IsError():
		n.tunnelICMPv4Error(m)
	default:
		n.count(counter.IPv4ICMPIgnored)
	}
}

// icmp4Error sends an ICMPv4 error about h, which came in on ifc, unless
// h is itself an ICMP error, a fragment other than the first, or was not
// sent to a single node (RFC 1122 §3.2.2, RFC 1812 §4.3.2.7); mtu is the
// next-hop MTU of a Fragmentation Needed. It goes from h's destination
// when that is ours, else from ifc's address.
func (n *Node) icmp4Error(ifc *iface, h ipv4.Header, typ, code uint8, mtu int) {
	if !ipv4.IsUnicast(h.Src()) || h.FragmentOffset() != 0 ||
		h.Protocol() == ipv4.ProtoICMP && len(h) > h.HeaderLen() && icmp4IsError(h[h.HeaderLen()]) {
		return
	}
	src := h.Dst()
	if !n.own4(src) {
		var ok bool
		if src, ok = n.source4(ifc); !ok {
			n.count(counter.IPv4ICMPNoSource)
			return
		}
	}
	if !n.limiter.Allow() && !n.faults.Has(faults.NoRateLimit) {
		n.count(counter.IPv4ICMPRateLimited)
		return
	}
	n.count(counter.IPv4ICMPErrorSent)
	b := ifc.tx[link.HeaderLen+ipv4.HeaderLen:]
	l := ipv4.PutError(b, typ, code, mtu, h)
	n.send4(ifc, src, h.Src(), ipv4.ProtoICMP, l)
}

// reassemblyTimedOut4 answers a datagram for the node that was not
// reassembled in time, though its first fragment came, with Time Exceeded
// code 1 (RFC 792; RFC 1122 §3.3.2) quoting that fragment, from the
// interface that holds its destination.
func (n *Node) reassemblyTimedOut4(first ipv4.Header) {
	if n.faults.Has(faults.IPv4NoReassemblyTimeExceeded) {
		return
	}
	for _, ifc := range n.ifs {
		if ifc.own4(first.Dst()) {
			n.count(counter.IPv4FragTimeExceeded)
			n.icmp4Error(ifc, first, ipv4.ICMPTimeExceeded, ipv4.CodeReassemblyExceeded, 0)
			return
		}
	}
}

// icmp4IsError reports whether an ICMPv4 type is an error message (RFC
// 792: Destination Unreachable, Source Quench, Redirect, Time Exceeded,
// Parameter Problem), which no error may be sent about.
func icmp4IsError(typ uint8) bool {
	switch typ {
	case ipv4.ICMPDestUnreachable, 4, 5, ipv4.ICMPTimeExceeded, 12:
		return true
	}
	return false
}

// ipv4State is the node's IPv4 side and its tunnel bookkeeping.
type ipv4State struct {
	arp   *ipv4.ARPCache // the neighbors on the Ethernet interfaces (RFC 826)
	out   ipv4.Output    // to those neighbors, in fragments when too big
	id    uint16         // Identification of the next IPv4 packet
	depth int            // encapsulations under way for the packet in hand
	// dropped says a nested encapsulation gave the packet in hand up
	// (nesting limit, limit option 0 on a packet of our own): the
	// outermost entry tells the packet's source.
	dropped bool
	reasm   *ipv4.Reassembler // datagrams for the node in reassembly (RFC 4213 §3.6)
	routes  []route           // static IPv4 routes (ip_forward.go)
}
