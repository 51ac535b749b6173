package refnode

import (
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
// (ipv4_forward.go).

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

// arpInput answers requests for our addresses and learns the sender
// (RFC 826 "Packet Reception"), then sends what waited for it.
func (n *Node) arpInput(ifc *iface, frame []byte) {
	if len(ifc.v4) == 0 {
		n.count(counter.LinkUnknownEthertype) // no IPv4 on this interface
		return
	}
	a, ok := ipv4.ParseARP(link.Frame(frame).Payload())
	if !ok {
		n.count(counter.ARPIgnored)
		return
	}
	spa, tpa := a.SenderIP(), a.TargetIP()
	key := arpKey{ifc.index, spa}
	e := n.v4.arp[key]
	forUs := ifc.own4(tpa)
	if e == nil && forUs {
		if _, on := ifc.onLink4(spa); on {
			e = n.newARPEntry(key, true)
		}
	}
	if e != nil {
		if !e.ok {
			n.v4.incomplete--
		}
		e.mac, e.ok = link.MAC(a.SenderMAC()), true
		for _, p := range e.pending {
			n.transmitType(ifc, e.mac, ipv4.EtherTypeIPv4, p)
		}
		e.pending = e.pending[:0]
	}
	if forUs && a.Op() == ipv4.ARPRequest {
		n.count(counter.ARPReplied)
		frame := ifc.tx[:link.HeaderLen+ipv4.ARPLen]
		ipv4.PutARP(frame[link.HeaderLen:], ipv4.ARPReply, ifc.mac, tpa, a.SenderMAC(), spa)
		link.PutHeader(frame, link.MAC(a.SenderMAC()), ifc.mac, ipv4.EtherTypeARP)
		if _, err := ifc.dev.Write(frame); err != nil {
			n.count(counter.LinkWriteError)
		}
	}
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
			n.forward4(ifc, h, llGroup) // ipv4_forward.go
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

// send4 sends the plen octets built behind the IPv4 header in ifc.tx
// along the routes (through ifc when it is the tunnel the packet answers).
func (n *Node) send4(ifc *iface, src, dst netip.Addr, proto uint8, plen int) {
	pkt := ifc.tx[link.HeaderLen : link.HeaderLen+ipv4.HeaderLen+plen]
	n.v4.id++
	ipv4.Put(pkt, 0, n.v4.id, false, ipv4.DefaultTTL, proto, src, dst, plen)
	n.route4(ifc, dst, pkt) // ipv4_forward.go
}

// output4 sends an IPv4 packet to a neighbor on ifc's link, resolving it
// with ARP first.
func (n *Node) output4(ifc *iface, dst netip.Addr, pkt []byte) {
	src, ok := ifc.onLink4(dst)
	if !ok {
		n.count(counter.IPv4OutNoRoute)
		return
	}
	if len(pkt) > ifc.mtu {
		n.fragment4(ifc, dst, pkt, ifc.mtu)
		return
	}
	key := arpKey{ifc.index, dst}
	e := n.v4.arp[key]
	if e == nil {
		if e = n.newARPEntry(key, false); e == nil {
			return
		}
	}
	if e.ok {
		n.transmitType(ifc, e.mac, ipv4.EtherTypeIPv4, pkt)
		return
	}
	e.queue(pkt, n.count)
	if now := n.clock.Now(); e.asked.IsZero() || now.Sub(e.asked) >= arpRetry {
		e.asked = now
		n.count(counter.ARPRequested)
		frame := ifc.tx[:link.HeaderLen+ipv4.ARPLen]
		ipv4.PutARP(frame[link.HeaderLen:], ipv4.ARPRequest, ifc.mac, src, [6]byte{}, dst)
		link.PutHeader(frame, link.Broadcast, ifc.mac, ipv4.EtherTypeARP)
		if _, err := ifc.dev.Write(frame); err != nil {
			n.count(counter.LinkWriteError)
		}
	}
}

// newARPEntry adds an entry within the ARP bounds (Config.Limits): a
// resolved one when the neighbor has just told its address, an unresolved
// one otherwise. An unresolved entry gives way to a newcomer when the
// table or its unresolved part is full; with none to give way the
// newcomer is refused (nil).
func (n *Node) newARPEntry(key arpKey, resolved bool) *arpEntry {
	if len(n.v4.arp) >= n.limits.ARPEntries || (!resolved && n.v4.incomplete >= n.limits.ARPIncomplete) {
		if !n.evictUnresolvedARP() {
			n.count(counter.ARPLimit)
			return nil
		}
		n.count(counter.ARPEvicted)
	}
	e := &arpEntry{} // unresolved until the caller gives it the neighbor's MAC
	n.v4.incomplete++
	n.v4.arp[key] = e
	return e
}

// evictUnresolvedARP drops one unresolved entry and its packets (a map's
// iteration order is random, so no neighbor is always the one to go).
func (n *Node) evictUnresolvedARP() bool {
	for k, e := range n.v4.arp {
		if !e.ok {
			delete(n.v4.arp, k)
			n.v4.incomplete--
			return true
		}
	}
	return false
}

// queue keeps a copy of pkt until the neighbor answers, the oldest giving
// way when the queue is full; the buffers are reused.
func (e *arpEntry) queue(pkt []byte, count func(counter.Counter)) {
	if len(e.pending) == arpQueue {
		count(counter.ARPQueueFull)
		old := e.pending[0]
		copy(e.pending, e.pending[1:])
		e.pending[arpQueue-1] = append(old[:0], pkt...)
		return
	}
	if i := len(e.pending); i < cap(e.pending) {
		e.pending = e.pending[:i+1]
		e.pending[i] = append(e.pending[i][:0], pkt...)
		return
	}
	e.pending = append(e.pending, append([]byte(nil), pkt...))
}

// fragment4 sends pkt to the neighbor dst on ifc in fragments of at most
// mtu octets (RFC 791 §3.2). A packet with DF is dropped: whoever sends
// one here was told the MTU already (forward4, the tunnel entry).
func (n *Node) fragment4(ifc *iface, dst netip.Addr, pkt []byte, mtu int) {
	switch {
	case n.faults.Has(faults.IPv4NoFragmentation):
		n.count(counter.IPv4OutTooBig)
		return
	case ipv4.Header(pkt).DontFragment() && !n.faults.Has(faults.IPv4DFFragmented):
		n.count(counter.IPv4OutTooBigDF)
		return
	}
	whole := ifc.held(pkt)
	k := ipv4.Fragment(ipv4.Header(whole), mtu, ifc.tx[link.HeaderLen:], func(f []byte) {
		n.count(counter.IPv4OutFragments)
		n.output4(ifc, dst, f)
	})
	if k == 0 {
		n.count(counter.IPv4OutNoRoom)
		return
	}
	n.count(counter.IPv4OutFragmented)
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

// transmitType frames pkt for dst with the given EtherType and writes it.
func (n *Node) transmitType(ifc *iface, dst link.MAC, etherType uint16, pkt []byte) {
	frame := ifc.tx[:link.HeaderLen+len(pkt)]
	if len(pkt) > 0 && &pkt[0] != &ifc.tx[link.HeaderLen] {
		copy(frame[link.HeaderLen:], pkt)
	}
	link.PutHeader(frame, dst, ifc.mac, etherType)
	if _, err := ifc.dev.Write(frame); err != nil {
		n.count(counter.LinkWriteError)
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
