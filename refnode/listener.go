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

// The multicast listener (package mld) as the node drives it:
//
//   - the groups the node joins itself: ff02::1 on every interface (never
//     reported, RFC 3810 §6), the solicited-node group of each address,
//     joined right before the address's first DAD probe, after DAD's random
//     delay (RFC 4862 §5.4.2), or when it becomes preferred without DAD,
//     and left when it turns out a duplicate or goes away; a router's
//     all-routers groups and the solicited-node groups of its
//     subnet-router anycast addresses, with the first of those joins;
//   - groups that users join, leave or filter (JoinGroup, LeaveGroup,
//     SetSourceFilter, SetSocketFilter), each call standing for one socket
//     of RFC 3810 §3;
//   - MLD messages in (mldInput) and out (mldPort.Send), with the IP
//     header checks and the Hop-by-Hop Router Alert option of §5 and §6.2.

// apiSocket begins the names of the sockets users set filters on; the
// node's own joins (all-nodes, solicited-node, all-routers) have other
// names, and the receive filter leaves them to ownGroup, faults included.
const apiSocket = "api "

// FilterMode is a multicast source filter mode (RFC 3810 §4.1).
type FilterMode = mld.Mode

// Filter modes.
const (
	FilterInclude = mld.Include
	FilterExclude = mld.Exclude
)

// GroupInfo is one group an interface listens to, with its merged source
// filter (RFC 3810 §4.2).
type GroupInfo struct {
	Interface string
	Group     netip.Addr
	Mode      FilterMode
	Sources   []netip.Addr
}

// JoinGroup makes the named interface listen to group from any source
// (EXCLUDE with no sources) on the node's API socket.
func (n *Node) JoinGroup(ifname string, group netip.Addr) error {
	return n.SetSocketFilter(0, ifname, group, FilterExclude, nil)
}

// LeaveGroup stops the API socket listening to group on the interface
// (INCLUDE with no sources).
func (n *Node) LeaveGroup(ifname string, group netip.Addr) error {
	return n.SetSocketFilter(0, ifname, group, FilterInclude, nil)
}

// SetSourceFilter sets the API socket's filter for group on the interface.
func (n *Node) SetSourceFilter(ifname string, group netip.Addr, mode FilterMode, sources []netip.Addr) error {
	return n.SetSocketFilter(0, ifname, group, mode, sources)
}

// SetSocketFilter sets the filter of API socket number socket for group on
// the interface (RFC 3810 §3, IPv6MulticastListen). The interface's state
// is merged from every socket's (§4.2) and any change is reported at once
// (§6.1). It fails for a group that is not multicast, an EXCLUDE filter on
// a source-specific multicast group (RFC 4604 §2.1), or too many sources.
func (n *Node) SetSocketFilter(socket int, ifname string, group netip.Addr, mode FilterMode, sources []netip.Addr) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	ifc := n.iface(ifname)
	switch {
	case ifc == nil:
		return fmt.Errorf("refnode: no interface %q", ifname)
	case n.closed:
		return errors.New("refnode: node closed")
	case ifc.tun != nil:
		return errors.New("refnode: no multicast listening on a configured tunnel")
	}
	return n.mld.SetFilter(ifc.index, fmt.Sprintf("%s%d", apiSocket, socket), group.WithZone(""), mode, sources)
}

// Groups lists the groups each interface listens to, its own included.
func (n *Node) Groups() []GroupInfo {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []GroupInfo
	for _, g := range n.mld.Groups() {
		out = append(out, GroupInfo{n.ifs[g.Ifindex].name, g.Group, g.Mode, g.Sources})
	}
	return out
}

// MLDv1Mode reports whether the named interface is in MLDv1 compatibility
// mode (RFC 3810 §8.2.1): an MLDv1 querier was heard lately.
func (n *Node) MLDv1Mode(ifname string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	ifc := n.iface(ifname)
	return ifc != nil && n.mld.V1Mode(ifc.index)
}

// mldUp joins the groups an interface listens to from the start: all-nodes
// and, on a router, all-routers and the solicited-node groups of its
// subnet-router anycast addresses. The node does it with its first
// solicited-node join, so that no report precedes DAD's random delay.
func (n *Node) mldUp(ifc *iface) {
	if ifc.mldUp || ifc.tun != nil {
		return
	}
	ifc.mldUp = true
	n.mld.SetFilter(ifc.index, "all-nodes", ipv6.AllNodes, mld.Exclude, nil)
	if n.router {
		n.mld.SetFilter(ifc.index, "router", ipv6.AllRouters, mld.Exclude, nil)
		n.mld.SetFilter(ifc.index, "router", ipv6.AllRoutersSite, mld.Exclude, nil)
		for _, a := range ifc.anycast {
			n.mld.SetFilter(ifc.index, "anycast "+a.Addr.String(), n.solicitedGroup(a.Addr), mld.Exclude, nil)
		}
	}
}

// joinSolicited joins the solicited-node group of a for a (a join already
// made changes nothing).
func (n *Node) joinSolicited(a *nd.Address) {
	ifc := n.ifs[a.Ifindex]
	if ifc.tun != nil {
		return
	}
	n.mldUp(ifc)
	n.mld.SetFilter(a.Ifindex, "address "+a.Addr.String(), n.solicitedGroup(a.Addr), mld.Exclude, nil)
}

// leaveSolicited leaves the solicited-node group a joined.
func (n *Node) leaveSolicited(a *nd.Address) {
	if n.ifs[a.Ifindex].tun != nil {
		return
	}
	n.mld.SetFilter(a.Ifindex, "address "+a.Addr.String(), n.solicitedGroup(a.Addr), mld.Include, nil)
}

// mldInput checks the IP header of an MLD message (RFC 3810 §5.1.14,
// §6.2; RFC 2710 §3): Hop Limit 1, a link-local source and a Router Alert
// option, and hands the message to the listener.
func (n *Node) mldInput(ifc *iface, pkt []byte, msg []byte) {
	h := ipv6.Header(pkt)
	if len(msg) < mld.V1Len {
		n.count(counter.MLDTooShort)
		return
	}
	if ifc.tun != nil {
		return
	}
	switch {
	case h.HopLimit() != 1 && !n.faults.Has(faults.MLDAcceptsQueryHopLimit255):
		n.count(counter.MLDBadHopLimit)
		return
	case !h.Src().IsLinkLocalUnicast() && !n.faults.Has(faults.MLDQueryAnySource) &&
		!(msg[0] == mld.TypeV2Report && n.faults.Has(faults.MLDRAcceptsGlobalSource) && !h.Src().IsUnspecified()) &&
		!(msg[0] == mld.TypeV2Report && n.faults.Has(faults.MLDRReportAnySource)):
		n.count(counter.MLDSourceNotLinkLocal)
		return
	case !exthdr.HasRouterAlert(pkt) && !n.faults.Has(faults.MLDQueryNoRouterAlertAccepted):
		n.count(counter.MLDNoRouterAlert)
		return
	}
	n.mld.Input(ifc.index, h.Dst(), msg)
	n.mrouterInput(ifc, h.Src(), h.Dst(), msg) // mrouter.go
}

// mldPort is the node as the listener sees it (mld.Port).
type mldPort struct{ n *Node }

// Send sends an MLD message from the interface's link-local address, or
// from :: while it has none that is valid (RFC 3810 §5.2.13), with Hop
// Limit 1 and a Hop-by-Hop Router Alert option of value 0 (§5; RFC 2711).
func (p mldPort) Send(ifindex int, dst netip.Addr, msg []byte) bool {
	n := p.n
	ifc := n.ifs[ifindex]
	src := ipv6.Unspecified
	if ifc.ll.State == nd.Preferred {
		src = ifc.ll.Addr
	}
	if n.faults.Has(faults.MLDReportGlobalSource) {
		for _, a := range ifc.addrs {
			if a.State == nd.Preferred && !a.Addr.IsLinkLocalUnicast() {
				src = a.Addr
				break
			}
		}
	}
	hop := uint8(1)
	if n.faults.Has(faults.MLDReportHopLimit255) {
		hop = 255
	}
	pay := ifc.txPayload()
	off, proto := 0, uint8(ipv6.ProtoICMPv6)
	if !n.faults.Has(faults.MLDNoRouterAlert) {
		off, proto = mld.PutHopByHop(pay), ipv6.ProtoHopByHop
	}
	if off+len(msg) > len(pay) {
		return false
	}
	copy(pay[off:], msg)
	icmp6.SetChecksum(pay[off:off+len(msg)], src, dst)
	l := off + len(msg)
	pkt := ifc.tx[link.HeaderLen : link.HeaderLen+ipv6.HeaderLen+l]
	ipv6.Put(pkt, 0, 0, uint16(l), proto, hop, src, dst)
	n.output(ifc, pkt)
	return src.IsUnspecified()
}

func (p mldPort) MTU(ifindex int) int { return p.n.linkMTU(p.n.ifs[ifindex]) }

func (p mldPort) Count(c counter.Counter) { p.n.count(c) }

func (p mldPort) Logf(format string, args ...any) {
	if p.n.log != nil {
		p.n.logf("%s", fmt.Sprintf(format, args...))
	}
}
