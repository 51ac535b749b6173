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
	n.v4.reasm = ipv4.NewReassembler(ipv4.ReassemblyConfig{Count: n.count, Clock: n.clock, Lock: &n.mu, TimedOut: n.v4.reassemblyTimedOut})
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
func (v *inet4) arpInput(ifc *iface, frame []byte) {
	if len(ifc.v4) == 0 {
		v.n.count(counter.LinkUnknownEthertype) // no IPv4 on this interface
		return
	}
	v.arp.Input(ifc, link.Frame(frame).Payload())
}

// input checks a packet (RFC 1122 §3.2.1) and handles the ones for
// us; a router forwards the others. ifc is an Ethernet interface with
// IPv4 addresses or a tunnel carrying IPv4; llGroup says the frame went
// to a link-layer group address.
func (v *inet4) input(ifc *iface, pkt []byte, llGroup bool) {
	if len(ifc.v4) == 0 && ifc.tun == nil {
		v.n.count(counter.LinkUnknownEthertype) // no IPv4 on this interface
		return
	}
	h, why := ipv4.Check(pkt)
	if why == counter.IPv4BadChecksum && v.n.faults.Has(faults.IPv4ChecksumIgnored) {
		h, why = ipv4.Header(pkt[:ipv4.Header(pkt).TotalLength()]), counter.None
	}
	if why != counter.None {
		v.n.count(why)
		return
	}
	if !v.own(h.Dst()) {
		if v.n.router {
			v.forward(ifc, h, llGroup) // ip_forward.go
			return
		}
		v.n.count(counter.IPv4NotForUs)
		return
	}
	if h.IsFragment() {
		if v.n.faults.Has(faults.TunnelIPv4NoReassembly) {
			v.n.count(counter.IPv4FragmentDropped)
			return
		}
		if h = v.reasm.Add(h, v.n.clock.Now()); h == nil {
			return
		}
	}
	body := h[h.HeaderLen():]
	switch p := h.Protocol(); p {
	case ipv4.ProtoIPv6, ipv4.ProtoIPv4:
		if v.n.tunnels.decapsulate(false, h.Dst(), h.Src(), p, body) {
			return
		}
		v.n.count(counter.IPv4NoTunnel)
	case ipv4.ProtoICMP:
		v.icmpInput(ifc, h, body)
		return
	}
	v.n.count(counter.IPv4UnknownProtocol)
	v.icmpError(ifc, h, ipv4.ICMPDestUnreachable, ipv4.CodeProtocolUnreachable, 0)
}

// icmpInput answers Echo Requests and reads errors.
func (v *inet4) icmpInput(ifc *iface, h ipv4.Header, body []byte) {
	if len(body) < ipv4.ICMPHeaderLen || !ipv4.ICMP(body).ChecksumOK() {
		v.n.count(counter.IPv4ICMPBad)
		return
	}
	m := ipv4.ICMP(body)
	switch {
	case m.Type() == ipv4.ICMPEchoRequest:
		if v.n.faults.Has(faults.NoEchoReply) {
			return
		}
		v.n.count(counter.IPv4ICMPEchoReplied)
		b := ifc.tx[link.HeaderLen+ipv4.HeaderLen:]
		l := ipv4.PutEcho(b, ipv4.ICMPEchoReply, body[4:])
		v.send(ifc, h.Dst(), h.Src(), ipv4.ProtoICMP, l)
	case m.IsError():
		v.n.tunnels.icmp4Error(m)
	default:
		v.n.count(counter.IPv4ICMPIgnored)
	}
}

// icmpError sends an ICMPv4 error about h, which came in on ifc, unless
// h is itself an ICMP error, a fragment other than the first, or was not
// sent to a single node (RFC 1122 §3.2.2, RFC 1812 §4.3.2.7); mtu is the
// next-hop MTU of a Fragmentation Needed. It goes from h's destination
// when that is ours, else from ifc's address.
func (v *inet4) icmpError(ifc *iface, h ipv4.Header, typ, code uint8, mtu int) {
	if !ipv4.IsUnicast(h.Src()) || h.FragmentOffset() != 0 ||
		h.Protocol() == ipv4.ProtoICMP && len(h) > h.HeaderLen() && icmp4IsError(h[h.HeaderLen()]) {
		return
	}
	src := h.Dst()
	if !v.own(src) {
		var ok bool
		if src, ok = v.source(ifc); !ok {
			v.n.count(counter.IPv4ICMPNoSource)
			return
		}
	}
	if !v.n.limiter.Allow() && !v.n.faults.Has(faults.NoRateLimit) {
		v.n.count(counter.IPv4ICMPRateLimited)
		return
	}
	v.n.count(counter.IPv4ICMPErrorSent)
	b := ifc.tx[link.HeaderLen+ipv4.HeaderLen:]
	l := ipv4.PutError(b, typ, code, mtu, h)
	v.send(ifc, src, h.Src(), ipv4.ProtoICMP, l)
}

// reassemblyTimedOut answers a datagram for the node that was not
// reassembled in time, though its first fragment came, with Time Exceeded
// code 1 (RFC 792; RFC 1122 §3.3.2) quoting that fragment, from the
// interface that holds its destination.
func (v *inet4) reassemblyTimedOut(first ipv4.Header) {
	if v.n.faults.Has(faults.IPv4NoReassemblyTimeExceeded) {
		return
	}
	for _, ifc := range v.n.ifs {
		if ifc.own4(first.Dst()) {
			v.n.count(counter.IPv4FragTimeExceeded)
			v.icmpError(ifc, first, ipv4.ICMPTimeExceeded, ipv4.CodeReassemblyExceeded, 0)
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

// inet4 is the node's IPv4 side (ip_input.go, ip_forward.go).
type inet4 struct {
	n      *Node
	arp    *ipv4.ARPCache    // the neighbors on the Ethernet interfaces (RFC 826)
	out    ipv4.Output       // to those neighbors, in fragments when too big
	id     uint16            // Identification of the next IPv4 packet
	reasm  *ipv4.Reassembler // datagrams for the node in reassembly (RFC 4213 §3.6)
	routes []route           // static IPv4 routes (ip_forward.go)
}
