package reference

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/v6ct/v6ct/refnode"
	"github.com/v6ct/v6ct/suites"
)

// How a spec's setup becomes the reference node's configuration.

// refnodeAddresses adds the spec's addresses to the reference node's
// interfaces, a deprecated one among the interface's Deprecated.
func refnodeAddresses(setup suites.SpecSetup, cfg *refnode.Config) error {
	if err := suites.CheckAddresses(setup); err != nil {
		return err
	}
	for _, a := range setup.Addresses {
		ic := &cfg.Interfaces[a.Link]
		if a.Deprecated {
			ic.Deprecated = append(ic.Deprecated, a.Addr)
		} else {
			ic.Addresses = append(ic.Addresses, a.Addr)
		}
	}
	return nil
}

// refnodeTunnels adds the spec's tunnels, their IPv4 addresses and their
// routes to the reference node's configuration.
func refnodeTunnels(setup suites.SpecSetup, cfg *refnode.Config) error {
	addIPv4 := func(ic *refnode.InterfaceConfig, p netip.Prefix) {
		for _, q := range ic.IPv4 {
			if q == p {
				return
			}
		}
		ic.IPv4 = append(ic.IPv4, p)
	}
	for _, t := range setup.Tunnels {
		if t.Link >= len(cfg.Interfaces) {
			return fmt.Errorf("tunnel %s over Link%d, but the spec has %d links", t.Name, t.Link, len(cfg.Interfaces))
		}
		if t.Local.Is4() {
			addIPv4(&cfg.Interfaces[t.Link], netip.PrefixFrom(t.Local, suites.IPv4Prefixes[t.Link].Bits()))
		}
		if t.CarriesIPv4() { // IPv4 on every link, for the IPv4 the tunnel carries
			for i := range cfg.Interfaces {
				ic := &cfg.Interfaces[i]
				addIPv4(ic, netip.PrefixFrom(suites.IPv4On(i, ic.MAC), suites.IPv4Prefixes[i].Bits()))
			}
		}
		tc := refnode.TunnelConfig{Name: t.Name, Mode: t.Mode, Local: t.Local, Remote: t.Remote, HopLimit: t.HopLimit,
			EncapLimit: t.EncapLimit, MTU: t.MTU}
		switch {
		case t.Address.IsValid() && t.Address.Addr().Is4():
			tc.IPv4 = []netip.Prefix{t.Address}
		case t.Address.IsValid():
			tc.Addresses = []netip.Prefix{t.Address}
		}
		cfg.Tunnels = append(cfg.Tunnels, tc)
		for _, r := range t.Routes {
			cfg.Routes = append(cfg.Routes, refnode.Route{Prefix: r, Interface: t.Name})
		}
	}
	return nil
}

// DNSConfig reads the reference node's RDNSS and DNSSL lists for the link.
func (t *refnodeTarget) DNSConfig(link int) ([]netip.Addr, []string, error) {
	if t.node == nil || link >= len(t.ifnames) {
		return nil, nil, fmt.Errorf("no node on Link%d", link)
	}
	var servers []netip.Addr
	var domains []string
	for _, x := range t.node.DNS() {
		if x.Interface != t.ifnames[link] {
			continue
		}
		if x.Server.IsValid() {
			servers = append(servers, x.Server.WithZone(""))
		} else {
			domains = append(domains, x.Domain)
		}
	}
	return servers, domains, nil
}

// stableSecret is the reference node's RFC 7217 secret key for a spec
// that needs stable addresses, nil (modified EUI-64) otherwise.
func stableSecret(setup suites.SpecSetup) []byte {
	if !slices.Contains(setup.Capabilities, suites.CapStableAddresses) && !slices.Contains(setup.Capabilities, suites.CapStableLinkLocal) {
		return nil
	}
	return []byte("v6ct stable secret: " + setup.Name)
}

// stableLinkLocal says whether the reference node forms its link-local
// addresses from stableSecret too, for a spec that needs it.
func stableLinkLocal(setup suites.SpecSetup) bool {
	return slices.Contains(setup.Capabilities, suites.CapStableLinkLocal)
}

// linkLocalsOf is the first link-local address of each named interface
// of the reference node, as it formed them: the tester cannot predict a
// stable one. A spec that makes the node replace its address learns the
// new one from the wire.
func linkLocalsOf(n *refnode.Node, ifnames []string) []netip.Addr {
	out := make([]netip.Addr, len(ifnames))
	for _, a := range n.Addresses() {
		if i := slices.Index(ifnames, a.Interface); i >= 0 && !out[i].IsValid() && a.Addr.IsLinkLocalUnicast() {
			out[i] = a.Addr.WithZone("")
		}
	}
	return out
}
