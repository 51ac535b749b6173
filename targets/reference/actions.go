package reference

import (
	"fmt"
	"time"

	"github.com/v6ct/v6ct/refnode"
	"github.com/v6ct/v6ct/refnode/ipv6"
	"github.com/v6ct/v6ct/refnode/rtadv"
	"github.com/v6ct/v6ct/suites"
)

// The reference node's control actions. It is configured afresh for each
// spec, so only actions that make it do something at a given moment
// apply: send-echo, set-address (an address added at run time, with DAD),
// join, leave and set-filter (its listener), reset (refnode.Node.Reset:
// the node as after a restart with its configuration, for a router with
// its factory advertising again), and for a router start-ra and stop-ra,
// which drive its advertiser (refnode/rtadv) as radvd's configuration
// drives the Linux router's.
func (t *refnodeTarget) Has(name suites.ActionName) bool {
	switch {
	case name == suites.ActSendEcho, name == suites.ActSetAddress, name == suites.ActReset, suites.IsMLDAction(name):
		return true
	case name == suites.ActStartRA, name == suites.ActStopRA:
		return t.router
	}
	return false
}

// Do performs a with the current spec's node.
func (t *refnodeTarget) Do(a suites.Action) ([]string, error) {
	if !t.Has(a.Name) {
		return nil, fmt.Errorf("%w: %s cannot %s", suites.ErrNoAction, t.Name(), a.Name)
	}
	if t.node == nil || a.Link >= len(t.ifnames) {
		return nil, fmt.Errorf("no node on Link%d", a.Link)
	}
	switch a.Name {
	case suites.ActJoin, suites.ActLeave, suites.ActSetFilter:
		return t.doMLD(a) // mld.go
	case suites.ActReset:
		t.node.Reset()
		log := []string{"the reference node was reset: neighbor, destination and path MTU caches, learnt routers, prefixes, routes and autoconfigured addresses dropped; configuration kept"}
		if t.adv != nil {
			// What start-ra and stop-ra changed is undone: the
			// advertiser is back to the factory advertising.
			for i, name := range t.ifnames {
				mtu := t.linkMTU(i)
				if mtu == 0 {
					mtu = 1500
				}
				if err := t.adv.Reconfigure(name, factoryAdvertising(t.Prefix(i), mtu)); err != nil {
					return log, err
				}
			}
			clear(t.silent)
			log = append(log, "its advertiser is back to the factory advertising on every link")
		}
		return log, nil
	case suites.ActSetAddress:
		if err := t.node.AddAddress(t.ifnames[a.Link], a.Addr); err != nil {
			return nil, err
		}
		return []string{fmt.Sprintf("the reference node added %s on Link%d (tentative until DAD ends)", a.Addr, a.Link)}, nil
	case suites.ActStartRA:
		if t.adv == nil {
			return nil, fmt.Errorf("the reference node is not advertising (role %s)", t.Role())
		}
		c := raConfig(a.RA)
		if err := t.adv.Reconfigure(t.ifnames[a.Link], c); err != nil {
			return nil, err
		}
		delete(t.silent, a.Link)
		maxI, minI := intervals(a.RA.Interval)
		return []string{fmt.Sprintf("the reference node advertises on Link%d: prefix %s, MaxRtrAdvInterval %s, MinRtrAdvInterval %s, Router Lifetime %s, MTU %d, preference %d, routes %v, DNS %v, search list %v",
			a.Link, a.RA.Prefix, maxI, minI, a.RA.RouterLifetime, a.RA.MTU, a.RA.Preference, a.RA.Routes, a.RA.DNS, a.RA.DNSSL)}, nil
	case suites.ActStopRA:
		if t.adv == nil {
			return nil, fmt.Errorf("the reference node is not advertising (role %s)", t.Role())
		}
		if t.silent[a.Link] {
			return []string{fmt.Sprintf("the reference node does not advertise on Link%d", a.Link)}, nil
		}
		if err := t.adv.StopInterface(t.ifnames[a.Link]); err != nil {
			return nil, err
		}
		t.silent[a.Link] = true
		return []string{fmt.Sprintf("the reference node ceases to advertise on Link%d (a final advertisement with Router Lifetime 0)", a.Link)}, nil
	}
	dst := a.Dst
	if dst.IsLinkLocalUnicast() || dst.IsMulticast() {
		dst = dst.WithZone(t.ifnames[a.Link])
	}
	data := []byte("v6ct send-echo action")
	if a.Size > 0 {
		data = make([]byte, a.Size)
	}
	t.echoSeq++
	var exts []refnode.Extension
	if o := a.EchoOptions; o.HopByHop != nil {
		exts = append(exts, refnode.Extension{Proto: ipv6.ProtoHopByHop, Header: o.Header(o.HopByHop, 0)})
	}
	if o := a.EchoOptions; o.Destination != nil {
		exts = append(exts, refnode.Extension{Proto: ipv6.ProtoDestOpts, Header: o.Header(o.Destination, 0)})
	}
	if err := t.node.SendEchoRequestWith(dst, 0x6c78, t.echoSeq, data, exts); err != nil {
		return nil, err
	}
	return []string{fmt.Sprintf("the reference node sent an Echo Request to %s (%d data octets)", a.Dst, len(data))}, nil
}

// intervals are the MaxRtrAdvInterval and MinRtrAdvInterval the node takes
// for a start-ra interval: as radvd's configuration on the Linux router
// (Max at least 4 s, Min 3/4 of Max but at least 3 s; RFC 4861 §6.2.1), so
// that both routers are asked for the same.
func intervals(asked time.Duration) (maxI, minI time.Duration) {
	if asked == 0 {
		asked = 10 * time.Second
	}
	maxI = max(asked.Truncate(time.Second), rtadv.MinMaxRtrAdvInterval)
	return maxI, max(rtadv.MinMinRtrAdvInterval, (maxI * 3 / 4).Truncate(time.Second))
}

// raConfig is the advertiser's configuration for a start-ra action.
func raConfig(ra suites.RAConfig) rtadv.Config {
	maxI, minI := intervals(ra.Interval)
	c := rtadv.Config{
		MaxRtrAdvInterval: maxI,
		MinRtrAdvInterval: minI,
		Managed:           ra.Managed,
		OtherConfig:       ra.Other,
		Preference:        preference(ra.Preference),
		RouterLifetime:    ra.RouterLifetime,
		NotDefaultRouter:  ra.RouterLifetime == 0,
		ReachableTime:     ra.ReachableTime,
		RetransTimer:      ra.RetransTimer,
		CurHopLimit:       ra.HopLimit,
		NoCurHopLimit:     ra.HopLimit == 0,
		LinkMTU:           ra.MTU,
		RDNSS:             ra.DNS,
		RDNSSLifetime:     ra.DNSLifetime,
		DNSSL:             ra.DNSSL,
		DNSSLLifetime:     ra.DNSSLLifetime,
	}
	if ra.Prefix.IsValid() {
		c.Prefixes = []rtadv.Prefix{{Prefix: ra.Prefix, OnLink: true, Autonomous: true,
			ValidLifetime: ra.ValidLifetime, PreferredLifetime: ra.PreferredLifetime}}
	}
	for _, r := range ra.Routes {
		c.Routes = append(c.Routes, rtadv.Route{Prefix: r.Prefix, Preference: preference(r.Preference), Lifetime: r.Lifetime})
	}
	return c
}

// preference maps the tester's 1, 0, -1 to RFC 4191's preference.
func preference(p int8) rtadv.Preference {
	switch {
	case p > 0:
		return rtadv.High
	case p < 0:
		return rtadv.Low
	}
	return rtadv.Medium
}

// Advertising says what the node advertises after start-ra with ra on
// link: exactly what it was asked, with intervals' rounding.
func (t *refnodeTarget) Advertising(link int, ra suites.RAConfig) suites.Advertising {
	maxI, minI := intervals(ra.Interval)
	return suites.Advertising{Prefix: ra.Prefix, MinInterval: minI, MaxInterval: maxI, RouterLifetime: ra.RouterLifetime,
		CurHopLimit: ra.HopLimit, ReachableTime: ra.ReachableTime, RetransTimer: ra.RetransTimer, MTU: ra.MTU, Exact: true}
}
