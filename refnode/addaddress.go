package refnode

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/nd"
)

// AddAddress gives interface ifname the unicast address p at run time, as
// an administrator would: its prefix becomes on-link and the address is
// tentative until Duplicate Address Detection finds it unique (RFC 4862
// §5.4). One DAD finds a duplicate stays on the interface, unused.
func (n *Node) AddAddress(ifname string, p netip.Prefix) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	ifc := n.iface(ifname)
	if ifc == nil {
		return fmt.Errorf("refnode: no interface %s", ifname)
	}
	a := p.Addr().WithZone("")
	if !a.Is6() || a.Is4In6() || ipv6.IsMulticast(a) || ipv6.IsUnspecified(a) || ipv6.IsLoopback(a) {
		return fmt.Errorf("refnode: %s: %s is not an IPv6 unicast address", ifname, p)
	}
	if ifc.address(a) != nil {
		return fmt.Errorf("refnode: %s: %s is already an address of the interface", ifname, a)
	}
	x := &nd.Address{Ifindex: ifc.index, Addr: a, PrefixLen: p.Bits()}
	ifc.addrs = append(ifc.addrs, x)
	if !slices.Contains(ifc.onLink, p.Masked()) {
		ifc.onLink = append(ifc.onLink, p.Masked())
	}
	n.logf("%s: %s added, tentative", ifc.name, a)
	n.nd.StartDAD(x)
	return nil
}
