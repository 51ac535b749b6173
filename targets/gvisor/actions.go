package gvisor

import (
	"fmt"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/header"

	"github.com/v6ct/v6ct/suites"
)

// Capabilities are the optional behaviours netstack has as configured here
// (suites.KnownCapabilities). Not declared: path-mtu-discovery (netstack
// passes a Packet Too Big to its transport endpoints but keeps no
// per-destination path MTU of its own), ra-dns (the RDNSS and DNSSL options
// reach the dispatcher, which has no resolver to give them to), stable
// identifiers (the addresses are EUI-64, as the specs' addressing plan
// expects), tunnels, jumbograms and type 0 routing headers, and redirects
// (netstack counts a Redirect and drops it).
func (t *Target) Capabilities() []string {
	return []string{"multiple-interfaces", "hop-by-hop", "multicast-echo", "slaac", suites.CapRouteInformation}
}

// Has says which control actions the target can do. The node is fresh for
// every spec, so reset, reboot and restart-link have nothing to do; it
// sends no advertisements (a host).
func (t *Target) Has(a suites.ActionName) bool {
	switch a {
	case suites.ActSendEcho, suites.ActSetAddress, suites.ActAddRoute, suites.ActSetMTU:
		return true
	}
	return false
}

// Do performs a on the running spec's stack.
func (t *Target) Do(a suites.Action) ([]string, error) {
	if !t.Has(a.Name) {
		return nil, fmt.Errorf("%w: %s cannot %s", suites.ErrNoAction, Name, a.Name)
	}
	n := t.cur
	link := a.Link
	if a.Name == suites.ActAddRoute {
		link = a.Route.Link
	}
	if n == nil || link < 0 || link >= len(n.links) {
		return nil, fmt.Errorf("no netstack NIC on Link%d", link)
	}
	l := n.links[link]
	n.settle()
	done := func(format string, args ...any) ([]string, error) {
		return []string{fmt.Sprintf("action %s: %s", a.Name, fmt.Sprintf(format, args...))}, nil
	}
	switch a.Name {
	case suites.ActSendEcho:
		if a.EchoOptions.Any() {
			return nil, fmt.Errorf("%w: netstack's ICMP endpoint sends no extension headers", suites.ErrNoAction)
		}
		if err := n.sendEcho(l.id, a.Dst, a.Size); err != nil {
			return nil, err
		}
		return done("netstack sent an Echo Request to %s out of NIC %d (%s)", a.Dst, l.id, l.name)
	case suites.ActSetAddress:
		if err := n.addAddress(l.id, a.Addr, false); err != nil {
			return nil, err
		}
		n.disp.flush()
		return done("%s on NIC %d (%s), with a route to its prefix on the link", a.Addr, l.id, l.name)
	case suites.ActAddRoute:
		n.disp.addStatic(tcpip.Route{Destination: subnet(a.Route.Prefix), Gateway: addr(a.Route.NextHop), NIC: l.id})
		n.disp.flush()
		return done("%s via %s on NIC %d (%s)", a.Route.Prefix, a.Route.NextHop, l.id, l.name)
	case suites.ActSetMTU:
		// The IP MTU: the Ethernet endpoint takes its header off the
		// channel endpoint's.
		l.ch.SetMTU(uint32(a.MTU + header.EthernetMinimumSize))
		return done("MTU %d on NIC %d (%s)", a.MTU, l.id, l.name)
	}
	return nil, fmt.Errorf("%w: %s", suites.ErrNoAction, a.Name)
}
