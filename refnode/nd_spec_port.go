package refnode

import "github.com/v6ct/v6ct/refnode/nd"

// Addresses lists the interface's unicast addresses, for ND's faults that
// look beyond one address (dad-any-target-conflict).
func (p port) Addresses(ifindex int) []*nd.Address { return p.n.ifs[ifindex].addrs }
