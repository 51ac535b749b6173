package interop

import (
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Configured tunnels with one implementation at each end.

func init() {
	Scenarios = append(Scenarios,
		tunnelScenario("6in6", "RFC 2473 §3.1, §3.3", "An IPv6-in-IPv6 tunnel between two hosts: each encapsulates towards the other and takes the other's packets out"),
		tunnelScenario("6in4", "RFC 4213 §3.5, §3.6", "A configured IPv6-in-IPv4 tunnel between two hosts: each encapsulates towards the other and takes the other's packets out"))
}

// tunnelInner is the prefix on the tunnel's point-to-point link: HOST1
// is ::1, HOST2 ::2.
var tunnelInner = netip.MustParsePrefix("2001:db8:7::/64")

// tunnelEnd is role k's end of a tunnel of mode towards role 1-k, both
// on Link0: outer addresses the roles' static ones (IPv6, or IPv4 on the
// link's IPv4 prefix for 6in4), inner address tunnelInner::k+1.
func tunnelEnd(mode string, k int) suites.TunnelSetup {
	local, remote := packets.WithInterfaceID(suites.LinkPrefixes[0].Addr(), suites.NodeMAC(k, 0)), packets.WithInterfaceID(suites.LinkPrefixes[0].Addr(), suites.NodeMAC(1-k, 0))
	if mode == "6in4" {
		local, remote = suites.IPv4On(0, suites.NodeMAC(k, 0)), suites.IPv4On(0, suites.NodeMAC(1-k, 0))
	}
	inner := tunnelInner.Addr()
	for i := 0; i <= k; i++ {
		inner = inner.Next()
	}
	// RFC 2473 §6.6's default limit of 4 nested encapsulations.
	return suites.TunnelSetup{Name: "tnl0", Mode: mode, Link: 0, Local: local, Remote: remote, HopLimit: 64, EncapLimit: 4,
		Address: netip.PrefixFrom(inner, 64)}
}

func tunnelScenario(mode, rfc, title string) Scenario {
	return Scenario{
		ID: "interop:tunnel-" + mode, Title: title, RFC: rfc, Links: 1,
		Roles: []Role{
			{Name: "HOST1", Links: []int{0}, Tunnels: []suites.TunnelSetup{tunnelEnd(mode, 0)}},
			{Name: "HOST2", Links: []int{0}, Tunnels: []suites.TunnelSetup{tunnelEnd(mode, 1)}},
		},
		Run: func(w *World) error {
			// A node whose target makes no such tunnel is N/A when placed
			// (World.place).
			h1, h2 := w.Node("HOST1"), w.Node("HOST2")
			if err := tunnelEcho(w, mode, h1, h2, tunnelEnd(mode, 0), tunnelEnd(mode, 1)); err != nil {
				return err
			}
			return tunnelEcho(w, mode, h2, h1, tunnelEnd(mode, 1), tunnelEnd(mode, 0))
		},
	}
}

// tunnelEcho makes src send an Echo Request to dst's inner address and
// judges both ends from the wire: src encapsulates it towards dst, dst
// takes it out and answers through the tunnel, and the answer comes back
// encapsulated from dst's end.
func tunnelEcho(w *World, mode string, src, dst *Node, srcEnd, dstEnd suites.TunnelSetup) error {
	to := dstEnd.Address.Addr()
	rule := "RFC 2473 §3.1"
	decap := "RFC 2473 §3.3"
	if mode == "6in4" {
		rule, decap = "RFC 4213 §3.5", "RFC 4213 §3.6"
	}
	// tunneled matches a frame from sender whose outer addresses are the
	// tunnel's from end a to end b and whose inner packet is an ICMPv6
	// message of type typ to inner.
	tunneled := func(sender string, a, b suites.TunnelSetup, typ uint8, inner func(netip.Addr) bool) func(Seen) bool {
		return func(s Seen) bool {
			if s.From != sender {
				return false
			}
			f := s.Frame
			var osrc, odst netip.Addr
			if h := f.IPv4(); h != nil {
				osrc, odst = h.Src(), h.Dst()
			} else if f.IsIPv6() {
				osrc, odst = f.Src, f.Dst
			}
			if osrc != a.Local || odst != b.Local {
				return false
			}
			in, ok := f.Inner()
			return ok && in.IsICMP && in.ICMPType == typ && inner(in.Dst)
		}
	}
	from := w.Now()
	w.Step("%s sends an Echo Request to %s, %s's address inside the %s tunnel", src.Name, to, dst.Name, mode)
	if err := w.Do(src, suites.Action{Name: suites.ActSendEcho, Link: 0, Dst: to}); err != nil {
		return err
	}
	const wait = 5 * time.Second
	req, ok := w.WaitFor(from, wait, tunneled(src.Name, srcEnd, dstEnd, packets.TypeEchoRequest, func(a netip.Addr) bool { return a == to }))
	if !ok {
		if bare := w.Seen(from, func(s Seen) bool {
			return s.From == src.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoRequest && s.Frame.Dst == to
		}); len(bare) > 0 {
			return fail(src, rule, "sent its Echo Request to %s, an address of the tunnel's link, outside the tunnel: %s", to, bare[0].Frame.Summary())
		}
		return fail(src, rule, "sent no Echo Request to %s encapsulated from %s to %s", to, srcEnd.Local, dstEnd.Local)
	}
	in, _ := req.Frame.Inner()
	w.Step("%s encapsulated it: outer %s > %s, inner %s > %s", src.Name, srcEnd.Local, dstEnd.Local, in.Src, in.Dst)
	if _, ok := w.WaitFor(from, wait, tunneled(dst.Name, dstEnd, srcEnd, packets.TypeEchoReply, func(a netip.Addr) bool { return a == in.Src })); !ok {
		if bare := w.Seen(from, func(s Seen) bool {
			return s.From == dst.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoReply && s.Frame.Dst == in.Src
		}); len(bare) > 0 {
			return fail(dst, rule, "answered through no tunnel: %s", bare[0].Frame.Summary())
		}
		if errs := w.Seen(from, func(s Seen) bool {
			return s.From == dst.Name && (s.Frame.IsICMP && s.Frame.ICMPType < 128 || s.Frame.IPv4() != nil && s.Frame.IPv4().Proto() == 1)
		}); len(errs) > 0 {
			return fail(dst, decap, "did not take %s's tunnel packet out; it answered %s", src.Name, errs[0].Frame.Summary())
		}
		return fail(dst, decap, "did not answer the Echo Request %s's tunnel packet carried: it did not take it out of the tunnel", src.Name)
	}
	w.Step("%s took it out and answered through the tunnel", dst.Name)
	return nil
}
