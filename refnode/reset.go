package refnode

import "github.com/v6ct/v6ct/refnode/pmtu"

// Reset makes the node as it is just after a restart with the same
// configuration, without closing its devices: it loses its dynamic state
// (the neighbor and destination caches, Redirects, what Router
// Advertisements taught it: default routers, prefixes, routes, DNS
// items and the addresses it autoconfigured, and its path MTUs) and keeps
// its configuration (interfaces, MACs, static addresses and routes,
// tunnels, groups it listens to). Its multicast listener state and its
// per-link parameters stay as they are.
func (n *Node) Reset() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.nd.Forget()
	for _, ifc := range n.ifs {
		for _, x := range append([]*autoAddr(nil), ifc.auto...) {
			n.removeAuto(ifc, x, "the node was reset")
		}
	}
	n.pmtu = pmtu.New(n.clock, 0, n.faults)
	n.logf("reset: neighbor, destination and path MTU caches, learnt routers, prefixes and autoconfigured addresses dropped")
}
