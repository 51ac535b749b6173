package refnode

import (
	"fmt"
	"net/netip"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
)

// iface is one of the node's interfaces.
type iface struct {
	index    int
	name     string
	mac      link.MAC
	mtu      int
	dev      link.Device
	ll       *nd.Address   // the link-local address, from the MAC or stable (in6_ifattach.go)
	llCount  int           // RFC 7217 §6 DAD_Counter of a stable link-local address
	addrs    []*nd.Address // ll first, then the static ones in configured order
	onLink   []netip.Prefix
	anycast  []*nd.Address // a router's subnet-router anycast addresses (RFC 4291 §2.6.1)
	auto     []*autoAddr   // the addresses a host autoconfigured (autoconf.go)
	disabled bool          // IPv6 stopped: the link-local address is a duplicate (RFC 4862 §5.4.5)
	mldUp    bool          // the groups it listens to from the start are joined (listener.go)
	rx, tx   []byte
	big      []byte // a packet being fragmented, while its fragments are built in tx

	tun *tunnelIface   // set on a tunnel interface (tunnel.go)
	v4  []netip.Prefix // IPv4 addresses (ip_input.go)
}

func (n *Node) newIface(index int, ic InterfaceConfig) (*iface, error) {
	mac, err := link.MACFrom(ic.MAC)
	if err != nil {
		return nil, fmt.Errorf("refnode: %s: %w", ic.Name, err)
	}
	if mac.IsGroup() {
		return nil, fmt.Errorf("refnode: %s: %s is a group address", ic.Name, mac)
	}
	mtu := ic.MTU
	if mtu == 0 {
		mtu = link.DefaultMTU
	}
	if mtu < 1280 {
		return nil, fmt.Errorf("refnode: %s: MTU %d below the IPv6 minimum 1280", ic.Name, mtu)
	}
	ifc := &iface{
		index: index,
		name:  ic.Name,
		mac:   mac,
		mtu:   mtu,
		rx:    make([]byte, rxBufferSize),
		tx:    make([]byte, txBufferSize),
	}
	ll := n.linkLocal(ifc)
	if ic.LinkLocal.IsValid() {
		if !ic.LinkLocal.Is6() || !ic.LinkLocal.IsLinkLocalUnicast() {
			return nil, fmt.Errorf("refnode: %s: %s is not a link-local unicast address", ic.Name, ic.LinkLocal)
		}
		ll = ic.LinkLocal.WithZone("")
	}
	ifc.ll = &nd.Address{Ifindex: index, Addr: ll, PrefixLen: 64}
	ifc.addrs = append(ifc.addrs, ifc.ll)
	static := append(append([]netip.Prefix(nil), ic.Addresses...), ic.Deprecated...)
	for i, p := range static {
		a := p.Addr()
		if !a.Is6() || a.Is4In6() || ipv6.IsMulticast(a) || ipv6.IsUnspecified(a) || ipv6.IsLoopback(a) {
			return nil, fmt.Errorf("refnode: %s: %s is not an IPv6 unicast address", ic.Name, p)
		}
		if ifc.address(a) != nil {
			return nil, fmt.Errorf("refnode: %s: address %s configured twice", ic.Name, a)
		}
		ifc.addrs = append(ifc.addrs, &nd.Address{Ifindex: index, Addr: a.WithZone(""), PrefixLen: p.Bits(),
			Deprecated: i >= len(ic.Addresses)})
		ifc.onLink = append(ifc.onLink, p.Masked())
		if n.router && p.Bits() < 127 && !n.faults.Has(faults.NoSubnetRouterAnycast) {
			ifc.anycast = append(ifc.anycast, &nd.Address{Ifindex: index, Addr: p.Masked().Addr(), PrefixLen: p.Bits(),
				State: nd.Preferred, Anycast: true})
		}
	}
	return ifc, nil
}

// address returns the interface's address a in any state, or nil.
func (ifc *iface) address(a netip.Addr) *nd.Address {
	for _, x := range ifc.addrs {
		if x.Addr == a {
			return x
		}
	}
	return nil
}

// isAnycast reports whether a is the subnet-router anycast address of one
// of the interface's prefixes (RFC 4291 §2.6.1).
func (ifc *iface) isAnycast(a netip.Addr) bool {
	for _, p := range ifc.onLink {
		if p.Bits() < 128 && p.Addr() == a {
			return true
		}
	}
	return false
}

// ownAddress finds a among the addresses of every interface (any state).
func (n *Node) ownAddress(a netip.Addr) *nd.Address {
	for _, ifc := range n.ifs {
		if x := ifc.address(a); x != nil {
			return x
		}
	}
	return nil
}

// usable returns a if it is one of the interface's preferred addresses.
func (ifc *iface) usable(a netip.Addr) bool {
	x := ifc.address(a)
	return x != nil && x.State == nd.Preferred
}

// isOnLink reports whether dst is inside one of the interface's prefixes.
func (ifc *iface) isOnLink(dst netip.Addr) bool {
	for _, p := range ifc.onLink {
		if p.Contains(dst) {
			return true
		}
	}
	return false
}

// joined reports whether the interface listens to group (RFC 4291 §2.8: the
// all-nodes groups and the solicited-node group of each address, tentative
// ones included, RFC 4862 §5.4.2), or to a group a user joined.
func (n *Node) joined(ifc *iface, group netip.Addr) bool {
	return n.ownGroup(ifc, group) || n.mld.JoinedBy(ifc.index, group, apiSocket)
}

// ownGroup reports whether group is one the node listens to by itself.
func (n *Node) ownGroup(ifc *iface, group netip.Addr) bool {
	switch {
	case group == ipv6.AllNodes:
		return !n.faults.Has(faults.NoAllNodes)
	case group == ipv6.AllNodesInterfaceLocal, n.allNodesAnyScope(group):
		return true
	case group == ipv6.AllRouters, group == ipv6.AllRoutersInterface, group == ipv6.AllRoutersSite:
		return n.listensAllRouters() // RFC 4291 §2.8
	case ipv6.IsSolicitedNode(group):
		for _, a := range ifc.addrs {
			if a.State != nd.Duplicate && n.solicitedGroup(a.Addr) == group {
				return true
			}
		}
		for _, a := range ifc.anycast {
			if n.solicitedGroup(a.Addr) == group {
				return true
			}
		}
	}
	return false
}

// solicitedGroup is the solicited-node group the node joins for a; the
// solicited-node-low-16 node forms it from a's low 16 bits only.
func (n *Node) solicitedGroup(a netip.Addr) netip.Addr {
	g := ipv6.SolicitedNode(a)
	if n.faults.Has(faults.SolicitedNodeLow16) {
		b := g.As16()
		b[13] = 0
		g = netip.AddrFrom16(b)
	}
	return g
}

// joinedMAC is the interface's multicast filter: the Ethernet groups of the
// IPv6 groups it listens to (RFC 2464 §7).
func (n *Node) joinedMAC(ifc *iface, m link.MAC) bool {
	if m == ipv6.MulticastMAC(ipv6.AllNodesInterfaceLocal) { // also ff02::1's
		return true
	}
	if n.listensAllRouters() && m == ipv6.MulticastMAC(ipv6.AllRouters) { // also ff01::2's and ff05::2's
		return true
	}
	for _, a := range ifc.addrs {
		if a.State != nd.Duplicate && m == ipv6.MulticastMAC(n.solicitedGroup(a.Addr)) {
			return true
		}
	}
	for _, a := range ifc.anycast {
		if m == ipv6.MulticastMAC(n.solicitedGroup(a.Addr)) {
			return true
		}
	}
	return n.mld.AnyGroup(ifc.index, apiSocket, func(g netip.Addr) bool { return m == ipv6.MulticastMAC(g) })
}

func (n *Node) iface(name string) *iface {
	for _, ifc := range n.ifs {
		if ifc.name == name {
			return ifc
		}
	}
	return nil
}

// ownAnycast finds a among a router's subnet-router anycast addresses.
func (n *Node) ownAnycast(a netip.Addr) *nd.Address {
	for _, ifc := range n.ifs {
		for _, x := range ifc.anycast {
			if x.Addr == a {
				return x
			}
		}
	}
	return nil
}
