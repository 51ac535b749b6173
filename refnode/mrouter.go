package refnode

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/exthdr"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/mld"
	"github.com/v6ct/v6ct/refnode/nd"
)

// The node's side of a multicast router (package mldrouter is the daemon):
//
//   - OnMLD hands the daemon every MLD message that passed the IP checks
//     of mldInput (Hop Limit 1, link-local source, Router Alert), reports
//     to groups the node has not joined included: a multicast router hears
//     every group (RFC 3810 §7);
//   - SendMLD sends the daemon's queries;
//   - SetMulticastRouter installs the daemon's forwarding decision, and
//     routeMulticast forwards like a multicast forwarding cache: a packet
//     to a group of wider than link-local scope goes, Hop Limit
//     decremented, onto every other interface whose listeners want its
//     (source, group), and onto none else.

// MLDInput is an MLD message the node received on a router interface.
type MLDInput struct {
	Interface string
	Src, Dst  netip.Addr
	LinkLocal netip.Addr // the node's link-local address on the interface (invalid while it has none)
	Msg       []byte     // the ICMPv6 message, checksum verified; valid during the call only
	// Own says whether an address is one of the node's (during the call
	// only): a report's source entries never name the router itself.
	Own func(netip.Addr) bool
}

// MLDMessage is an MLD message for the node to send on the interface the
// input came from: an MLDHandler's answer.
type MLDMessage struct {
	Dst netip.Addr
	Msg []byte // checksum left to the node
}

// MLDHandler takes MLD messages in, with the node's lock held: it must not
// call the node, and returns what to send at once instead.
type MLDHandler func(MLDInput) []MLDMessage

// MulticastRouter decides multicast forwarding: whether listeners on the
// named interface want packets from src to group. The node calls it with
// its lock held.
type MulticastRouter interface {
	Wants(ifname string, src, group netip.Addr) bool
}

// OnMLD installs the handler of MLD messages (one; nil removes it).
func (n *Node) OnMLD(f MLDHandler) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.onMLD = f
}

// SetMulticastRouter installs the multicast forwarding decision (nil: no
// multicast forwarding).
func (n *Node) SetMulticastRouter(r MulticastRouter) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.mrouter = r
}

// SendMLD sends the MLD message msg (checksum left to the node) on the
// named interface to dst, from the interface's link-local address, with
// Hop Limit 1 and a Router Alert option (RFC 3810 §5). It fails while
// that address is not usable.
func (n *Node) SendMLD(ifname string, dst netip.Addr, msg []byte) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	ifc := n.iface(ifname)
	switch {
	case ifc == nil:
		return fmt.Errorf("refnode: no interface %q", ifname)
	case n.closed:
		return errors.New("refnode: node closed")
	case ifc.disabled || ifc.ll.State != nd.Preferred:
		return ErrNoLinkLocal
	}
	if !n.sendQuery(ifc, dst.WithZone(""), msg) {
		return errors.New("refnode: message too long")
	}
	return nil
}

// sendQuery sends a router's MLD message from the link-local address.
func (n *Node) sendQuery(ifc *iface, dst netip.Addr, msg []byte) bool {
	src := ifc.ll.Addr
	hop := uint8(1)
	if n.faults.Has(faults.MLDRQueryHopLimit255) {
		hop = 255
	}
	pay := ifc.txPayload()
	off := mld.PutHopByHop(pay)
	if off+len(msg) > len(pay) {
		return false
	}
	copy(pay[off:], msg)
	icmp6.SetChecksum(pay[off:off+len(msg)], src, dst)
	l := off + len(msg)
	pkt := ifc.tx[link.HeaderLen : link.HeaderLen+ipv6.HeaderLen+l]
	ipv6.Put(pkt, 0, 0, uint16(l), ipv6.ProtoHopByHop, hop, src, dst)
	n.output(ifc, pkt)
	return true
}

// mldForRouter says whether a packet for a group the node has not joined
// goes on to the multicast router daemon: a multicast router hears the
// MLD messages of every group (RFC 3810 §7), which carry a Router Alert,
// and nothing else of those groups: a Router Alert on another message
// does not make the node its destination (RFC 2711 §2.1): the node treats
// such a packet, one whose header chain is in error included, as a router
// without the daemon does.
func (n *Node) mldForRouter(pkt []byte, dst netip.Addr) bool {
	if n.onMLD == nil || !n.router || !ipv6.IsMulticast(dst) || !exthdr.HasRouterAlert(pkt) {
		return false
	}
	r := exthdr.Walk(pkt, ipv6.HeaderLen, ipv6.Header(pkt).NextHeader(), ipv6.OffNextHeader, true, n.faults)
	if r.Verdict != exthdr.Upper || r.Next != ipv6.ProtoICMPv6 || r.Off >= len(pkt) {
		return false
	}
	switch pkt[r.Off] {
	case mld.TypeQuery, mld.TypeV1Report, mld.TypeV1Done, mld.TypeV2Report:
		return true
	}
	return pkt[r.Off] == 0xff && (n.faults.Has(faults.MLDUnknownTypeAsQuery) || n.faults.Has(faults.MLDRUnknownTypeAsReport))
}

// mrouterInput hands an MLD message to the router daemon and sends its
// answers.
func (n *Node) mrouterInput(ifc *iface, src, dst netip.Addr, msg []byte) {
	if n.onMLD == nil || !n.router {
		return
	}
	ll := netip.Addr{}
	if ifc.ll.State == nd.Preferred {
		ll = ifc.ll.Addr
	}
	own := func(a netip.Addr) bool { return n.ownAddress(a) != nil }
	for _, m := range n.onMLD(MLDInput{Interface: ifc.name, Src: src, Dst: dst, LinkLocal: ll, Msg: msg, Own: own}) {
		if ll.IsValid() {
			n.sendQuery(ifc, m.Dst, m.Msg)
		}
	}
}

// routeMulticast forwards a multicast packet received on in (before the
// receive filter) onto the other interfaces that want it. The group's
// scope bounds it: interface- and link-local groups stay (RFC 4007 §9),
// and so does a packet whose Hop Limit would reach 0 (RFC 8200 §3; no
// Time Exceeded for multicast, RFC 4443 §2.4).
func (n *Node) routeMulticast(in *iface, pkt []byte) {
	if n.mrouter == nil || len(pkt) < ipv6.HeaderLen {
		return
	}
	h := ipv6.Header(pkt)
	src, dst := h.Src(), h.Dst()
	if !ipv6.IsMulticast(dst) || ipv6.IsMulticast(src) || src.IsUnspecified() || src.IsLinkLocalUnicast() {
		return
	}
	if ipv6.Scope(dst) <= ipv6.ScopeLinkLocal && !n.faults.Has(faults.MLDRForwardsLinkScope) {
		return
	}
	if pkt[ipv6.OffHopLimit] <= 1 {
		return
	}
	if end := ipv6.HeaderLen + int(h.PayloadLength()); end <= len(pkt) {
		pkt = pkt[:end]
	}
	var c []byte
	for _, out := range n.ifs {
		if out == in || out.tun != nil || out.disabled || !n.mrouter.Wants(out.name, src, dst) {
			continue
		}
		if len(pkt) > out.mtu {
			n.count(counter.FwdTooBig)
			continue
		}
		if c == nil {
			c = append([]byte(nil), pkt...)
			if !n.faults.Has(faults.MLDRForwardNoDecrement) {
				c[ipv6.OffHopLimit]--
			}
		}
		n.count(counter.FwdMulticastRouted)
		n.transmit(out, ipv6.MulticastMAC(dst), c)
	}
}
