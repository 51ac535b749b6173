package suites

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/v6ct/v6ct/suites/packets"
)

// Tunnels: a spec asks the node under test for configured tunnel
// interfaces (RFC 4213 6in4, RFC 2473 6in6 and 4in6, RFC 2003 4in4)
// whose remote end is a tester
// node on one of its links, with routes through them; the tester plays the
// remote end and the hosts behind it, and answers ARP for its IPv4
// addresses as it answers Neighbor Solicitations.

// The tunnels' addressing plan (documentation prefixes, RFC 3849 and
// RFC 5737).
var (
	// TunnelPrefix is the tunnel link: the node is TunnelNUT, the remote
	// end TunnelPeer.
	TunnelPrefix = netip.MustParsePrefix("2001:db8:f0::/64")
	TunnelNUT    = netip.MustParseAddr("2001:db8:f0::1")
	TunnelPeer   = netip.MustParseAddr("2001:db8:f0::2")
	// FarPrefix is a network behind the tunnel's remote end; FarHost is a
	// host there, FarHost2 another.
	FarPrefix = netip.MustParsePrefix("2001:db8:f1::/64")
	FarHost   = netip.MustParseAddr("2001:db8:f1::1")
	FarHost2  = netip.MustParseAddr("2001:db8:f1::2")
	// IPv4Prefixes are the IPv4 subnets of Link0, Link1.
	IPv4Prefixes = []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("198.51.100.0/24")}
	// TunnelPrefix4 is the IPv4 tunnel link of a tunnel carrying IPv4:
	// the node is TunnelNUT4.
	TunnelPrefix4 = netip.MustParsePrefix("203.0.113.0/30")
	TunnelNUT4    = netip.MustParseAddr("203.0.113.1")
	// FarPrefix4 is an IPv4 network behind the tunnel's remote end;
	// FarHost4 is a host there.
	FarPrefix4 = netip.MustParsePrefix("203.0.113.128/25")
	FarHost4   = netip.MustParseAddr("203.0.113.129")
)

func init() {
	KnownCapabilities["tunnel-6in4"] = "the device can be given a configured IPv6-in-IPv4 tunnel (RFC 4213) with routes through it"
	KnownCapabilities["tunnel-6in6"] = "the device can be given a configured IPv6-in-IPv6 tunnel (RFC 2473) with routes through it"
	KnownCapabilities["tunnel-4in6"] = "the device can be given a configured IPv4-in-IPv6 tunnel (RFC 2473) with IPv4 routes through it and IPv4 on its links"
	KnownCapabilities["tunnel-4in4"] = "the device can be given a configured IPv4-in-IPv4 tunnel (RFC 2003) with IPv4 routes through it and IPv4 on its links"
}

// IPv4On is the address with the last octet of mac in link i's IPv4 subnet.
func IPv4On(i int, mac []byte) netip.Addr {
	b := IPv4Prefixes[i].Addr().As4()
	b[3] = mac[5]
	return netip.AddrFrom4(b)
}

// IPv4 is the tester node's IPv4 address on its link.
func (n *Node) IPv4() netip.Addr { return IPv4On(n.link.Index, n.MAC) }

// NUTIPv4 is the node's IPv4 address on the link, when a tunnel asks for one.
func (l *Link) NUTIPv4() netip.Addr { return IPv4On(l.Index, l.NUTMAC) }

// TunnelSetup is one tunnel a spec asks of the node.
type TunnelSetup struct {
	Name string // given by Tunnel: tnl0, tnl1, ...
	Mode string // 6in4, 6in6, 4in6 or 4in4
	Link int    // the link the outer packets use
	// Local is the node's outer address on Link; Remote the tester's.
	Local, Remote netip.Addr
	HopLimit      uint8          // outer hop limit or TTL
	EncapLimit    int            // 6in6: the Tunnel Encapsulation Limit option; -1 none
	MTU           int            // 0: derived from the path
	Address       netip.Prefix   // IPv6, or IPv4 for a tunnel carrying IPv4
	Routes        []netip.Prefix // sent through the tunnel
	// LinkIPv4 is the node's IPv4 address on each link, for a tunnel
	// carrying IPv4 on an external device (forDevice).
	LinkIPv4 []netip.Addr
}

// carries4 reports whether the tunnel carries IPv4.
func (t TunnelSetup) CarriesIPv4() bool { return t.Mode == "4in6" || t.Mode == "4in4" }

// SixInFour is a 6in4 tunnel from the node's IPv4 address on Link0 to
// TR1's, outer TTL 64, with TunnelNUT on it and FarPrefix routed through it.
func SixInFour() TunnelSetup {
	tr1 := NewLinkPlan(0).TR1
	return TunnelSetup{Mode: "6in4", Local: IPv4On(0, NUTMAC(0)), Remote: IPv4On(0, tr1.MAC), HopLimit: 64,
		Address: netip.PrefixFrom(TunnelNUT, 64), Routes: []netip.Prefix{FarPrefix}}
}

// SixInSix is a 6in6 tunnel from the node's global address on Link0 to
// TR1's, outer hop limit 64 and Tunnel Encapsulation Limit 4 (RFC 2473
// §6.6's default), with TunnelNUT on it and FarPrefix routed through it.
func SixInSix() TunnelSetup {
	tr1 := NewLinkPlan(0).TR1
	return TunnelSetup{Mode: "6in6", Local: packets.WithInterfaceID(LinkPrefixes[0].Addr(), NUTMAC(0)), Remote: tr1.Global,
		HopLimit: 64, EncapLimit: 4, Address: netip.PrefixFrom(TunnelNUT, 64), Routes: []netip.Prefix{FarPrefix}}
}

// FourInSix is a 4in6 tunnel from the node's global address on Link0 to
// TR1's, outer hop limit 64 and Tunnel Encapsulation Limit 4, with
// TunnelNUT4 on it and FarPrefix4 routed through it; the node has an IPv4
// address on each link (Link.NUTIPv4).
func FourInSix() TunnelSetup {
	t := SixInSix()
	t.Mode, t.Address, t.Routes = "4in6", netip.PrefixFrom(TunnelNUT4, TunnelPrefix4.Bits()), []netip.Prefix{FarPrefix4}
	return t
}

// FourInFour is a 4in4 tunnel from the node's IPv4 address on Link0 to
// TR1's, outer TTL 64, with TunnelNUT4 on it and FarPrefix4 routed
// through it; the node has an IPv4 address on each link.
func FourInFour() TunnelSetup {
	t := SixInFour()
	t.Mode, t.Address, t.Routes = "4in4", netip.PrefixFrom(TunnelNUT4, TunnelPrefix4.Bits()), []netip.Prefix{FarPrefix4}
	return t
}

// Tunnel gives the node the tunnels; a target that cannot make them
// makes the spec N/A.
func Tunnel(ts ...TunnelSetup) Option {
	return func(s *SpecSetup) {
		for _, t := range ts {
			t.Name = fmt.Sprintf("tnl%d", len(s.Tunnels))
			s.Tunnels = append(s.Tunnels, t)
			s.Capabilities = append(s.Capabilities, "tunnel-"+t.Mode)
		}
	}
}

// answerARP plays a live IPv4 neighbor: a request from the node for a
// tester node's IPv4 address gets that node's reply.
func (l *Link) answerARP(c *Captured) {
	sender, senderMAC, target, ok := c.ARPRequest()
	if !ok || c.ToNUT {
		return
	}
	for _, n := range l.nodes() {
		if !n.AnswersNS || n.IPv4() != target {
			continue
		}
		frame := packets.ARPReply(n.MAC, target, senderMAC, sender)
		sent := l.record(frame, true)
		l.env.stepAbout("send", fmt.Sprintf("%s: %s answers the node's ARP request: %s", l.Name, n.Name, packets.Decode(frame).Summary()), nil, l.Name, sent, "")
		if err := l.port.Write(frame); err == nil {
			l.autoSent.Add(1)
		}
	}
}

// tunnelValues are the add-tunnel action's placeholders for a profile
// (actions.go): the tunnel as the device must configure it.
//
//	{name} tnl0, tnl1...      {mode} 6in4, 6in6, 4in6 or 4in4
//	{local} {remote}          outer addresses: the device's own, the tester's (TR1)
//	{outer} {inner}           4 or 6: the outer and the carried IP version
//	{hop_limit}               outer hop limit (TTL)
//	{encap_limit}             6in6, 4in6: Tunnel Encapsulation Limit, or "none"
//	{mtu}                     the tunnel's MTU; 0: the device's default
//	{address}                 the device's address on the tunnel, with its length
//	{routes}                  prefixes routed through the tunnel, space-separated
//	{ipv4_addresses}          IPv4 addresses the device needs on its links,
//	                          space-separated DEVICE=ADDRESS/LENGTH (the outer
//	                          end of 6in4 and 4in4; one per link for a tunnel
//	                          carrying IPv4); empty for 6in6
//	{ipv4_forwarding}         1 when a router must forward IPv4, else 0
func tunnelValues(p *Profile, t TunnelSetup, v map[string]string) {
	v["name"], v["mode"] = t.Name, t.Mode
	v["local"], v["remote"] = t.Local.String(), t.Remote.String()
	v["outer"], v["inner"] = "6", "6"
	if t.Local.Is4() {
		v["outer"] = "4"
	}
	if t.CarriesIPv4() {
		v["inner"] = "4"
	}
	v["hop_limit"] = strconv.Itoa(int(t.HopLimit))
	v["encap_limit"] = "none"
	if t.EncapLimit >= 0 && (t.Mode == "6in6" || t.Mode == "4in6") {
		v["encap_limit"] = strconv.Itoa(t.EncapLimit)
	}
	v["mtu"] = strconv.Itoa(t.MTU)
	v["address"] = ""
	if t.Address.IsValid() {
		v["address"] = t.Address.String()
	}
	var routes []string
	for _, r := range t.Routes {
		routes = append(routes, r.String())
	}
	v["routes"] = strings.Join(routes, " ")
	v["ipv4_addresses"] = strings.Join(tunnelIPv4(p, t), " ")
	v["ipv4_forwarding"] = "0"
	if t.CarriesIPv4() && p.Role == "router" {
		v["ipv4_forwarding"] = "1"
	}
}

// tunnelIPv4 is what the device needs of IPv4 on its links for a tunnel,
// as DEVICE=ADDRESS/LENGTH: the tunnel's IPv4 outer end, and an address
// on every link for a tunnel that carries IPv4 (the tester's nodes reach
// it at Link.NUTIPv4).
func tunnelIPv4(p *Profile, t TunnelSetup) []string {
	var out []string
	seen := map[string]bool{}
	add := func(link int, a netip.Addr) {
		if link >= len(p.Links) {
			return
		}
		s := fmt.Sprintf("%s=%s", p.Links[link].Device, netip.PrefixFrom(a, IPv4Prefixes[link].Bits()))
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if t.Local.Is4() {
		add(t.Link, t.Local)
	}
	for i, a := range t.LinkIPv4 {
		add(i, a)
	}
	return out
}

// forDevice is the tunnel as a device with these addresses must make it:
// its outer end is the device's own address on the link (its global
// address, or for IPv4 the address Link.NUTIPv4 gives it), and a tunnel
// carrying IPv4 gives it an IPv4 address on every link.
func (t TunnelSetup) forDevice(info NUTInfo) TunnelSetup {
	if t.Link < len(info.MACs) {
		if t.Local.Is4() {
			t.Local = IPv4On(t.Link, info.MACs[t.Link])
		} else {
			t.Local = info.Globals[t.Link]
		}
	}
	if t.CarriesIPv4() {
		t.LinkIPv4 = nil
		for i, mac := range info.MACs {
			if i < len(IPv4Prefixes) {
				t.LinkIPv4 = append(t.LinkIPv4, IPv4On(i, mac))
			}
		}
	}
	return t
}
