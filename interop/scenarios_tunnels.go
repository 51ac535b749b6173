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
		tunnelScenario("6in4", "RFC 4213 §3.5, §3.6", "A configured IPv6-in-IPv4 tunnel between two hosts: each encapsulates towards the other and takes the other's packets out"),
		tunnelRoutersScenario("6in6", "RFC 2473 §3.1, §3.3, RFC 8200 §3"),
		tunnelRoutersScenario("6in4", "RFC 4213 §3.5, §3.6, RFC 8200 §3"))
}

// tunnelInner is the prefix on the tunnel's point-to-point link: HOST1
// is ::1, HOST2 ::2.
var tunnelInner = netip.MustParsePrefix("2001:db8:7::/64")

// tunnelEnd is role k's end of a tunnel of mode towards role 1-k, both
// on Link0: outer addresses the roles' static ones (IPv6, or IPv4 on the
// link's IPv4 prefix for 6in4), inner address tunnelInner::k+1.
func tunnelEnd(mode string, k int) suites.TunnelSetup { return tunnelEndOn(mode, k, 1-k, 0, k) }

// tunnelEndOn is node k's end of a tunnel of mode towards node peer over
// topology link l: outer addresses the nodes' static ones on l (IPv6, or
// IPv4 on the link's IPv4 prefix for 6in4), inner address
// tunnelInner::end+1, and routes to the prefixes given through it.
func tunnelEndOn(mode string, k, peer, l, end int, routes ...netip.Prefix) suites.TunnelSetup {
	local, remote := packets.WithInterfaceID(suites.LinkPrefix(l).Addr(), suites.NodeMAC(k, l)), packets.WithInterfaceID(suites.LinkPrefix(l).Addr(), suites.NodeMAC(peer, l))
	if mode == "6in4" {
		local, remote = suites.IPv4On(l, suites.NodeMAC(k, l)), suites.IPv4On(l, suites.NodeMAC(peer, l))
	}
	inner := tunnelInner.Addr()
	for i := 0; i <= end; i++ {
		inner = inner.Next()
	}
	// RFC 2473 §6.6's default limit of 4 nested encapsulations.
	return suites.TunnelSetup{Name: "tnl0", Mode: mode, Link: l, Local: local, Remote: remote, HopLimit: 64, EncapLimit: 4,
		Address: netip.PrefixFrom(inner, 64), Routes: routes}
}

// tunnelRules are the rules of a tunnel of mode: encapsulation at the
// entry, decapsulation at the exit.
func tunnelRules(mode string) (encap, decap string) {
	if mode == "6in4" {
		return "RFC 4213 §3.5", "RFC 4213 §3.6"
	}
	return "RFC 2473 §3.1", "RFC 2473 §3.3"
}

// tunneled matches a frame from sender whose outer addresses are the
// tunnel's from end a to end b and whose inner packet is an ICMPv6
// message of type typ to a destination inner accepts.
func tunneled(sender string, a, b suites.TunnelSetup, typ uint8, inner func(netip.Addr) bool) func(Seen) bool {
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
	rule, decap := tunnelRules(mode)
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

// tunnelRoutersScenario puts a host behind each end of a tunnel between
// two routers: HOST1 on Link0, ROUTER1 between Link0 and Link1, the
// tunnel over Link1 to ROUTER2, ROUTER2 between Link1 and Link2, HOST2 on
// Link2. Each router routes the far host's prefix into the tunnel.
func tunnelRoutersScenario(mode, rfc string) Scenario {
	title := "Hosts behind the two ends of a configured IPv6-in-IPv6 tunnel between routers echo across it, both directions"
	if mode == "6in4" {
		title = "Hosts behind the two ends of a configured IPv6-in-IPv4 tunnel between routers echo across it, both directions"
	}
	e1, e2 := tunnelEndOn(mode, 1, 2, 1, 0, suites.LinkPrefix(2)), tunnelEndOn(mode, 2, 1, 1, 1, suites.LinkPrefix(0))
	return Scenario{
		ID: "interop:tunnel-" + mode + "-routers", Title: title, RFC: rfc, Links: 3,
		Roles: []Role{
			{Name: "HOST1", Links: []int{0}},
			{Name: "ROUTER1", Router: true, Links: []int{0, 1}, Tunnels: []suites.TunnelSetup{e1}},
			{Name: "ROUTER2", Router: true, Links: []int{1, 2}, Tunnels: []suites.TunnelSetup{e2}},
			{Name: "HOST2", Links: []int{2}},
		},
		Run: func(w *World) error {
			h1, r1, r2, h2 := w.Node("HOST1"), w.Node("ROUTER1"), w.Node("ROUTER2"), w.Node("HOST2")
			if err := advertise(w, r1, 0); err != nil {
				return err
			}
			if err := advertise(w, r2, 2); err != nil {
				return err
			}
			if err := tunnelHopEcho(w, mode, tunnelPath{h1, r1, r2, h2, 0, 2, e1, e2}); err != nil {
				return err
			}
			return tunnelHopEcho(w, mode, tunnelPath{h2, r2, r1, h1, 2, 0, e2, e1})
		},
	}
}

// tunnelPath is an echo's way: src on link ls, its router in (the
// tunnel's entry, end a), the exit router out (end b), dst on link ld.
type tunnelPath struct {
	src, in, out, dst *Node
	ls, ld            int
	a, b              suites.TunnelSetup
}

// tunnelHopEcho makes p.src send an Echo Request to p.dst's global
// address and judges every hop on every link: the entry router forwards
// it into the tunnel (encapsulated from its end to the other, the inner
// Hop Limit one less), the exit router takes it out and forwards it (one
// less again), and the reply comes back the same way.
func tunnelHopEcho(w *World, mode string, p tunnelPath) error {
	encap, decap := tunnelRules(mode)
	entryDecrement := encap
	if mode == "6in4" {
		entryDecrement = "RFC 8200 §3" // the IPv6 packet is forwarded into an IPv4 tunnel
	}
	to := p.dst.Global(p.ld)
	from := w.Now()
	const wait = 5 * time.Second
	plain := func(sender string, l int, typ uint8, dst netip.Addr) func(Seen) bool {
		return func(s Seen) bool {
			return s.From == sender && s.Link == l && s.Frame.IsICMP && s.Frame.ICMPType == typ && s.Frame.Dst == dst
		}
	}
	w.Step("%s sends an Echo Request to %s (%s), behind the %s tunnel", p.src.Name, to, p.dst.Name, mode)
	if err := w.Do(p.src, suites.Action{Name: suites.ActSendEcho, Link: p.ls, Dst: to}); err != nil {
		return err
	}
	req, ok := w.WaitFor(from, wait, plain(p.src.Name, p.ls, packets.TypeEchoRequest, to))
	if !ok {
		return fail(p.src, "RFC 4861 §6.3.4, §5.2", "sent no Echo Request to %s: it has no route through %s's advertisements", to, p.in.Name)
	}
	srcAddr := req.Frame.Src
	// Into the tunnel.
	enc, ok := w.WaitFor(from, wait, tunneled(p.in.Name, p.a, p.b, packets.TypeEchoRequest, func(a netip.Addr) bool { return a == to }))
	if !ok {
		if bare := w.Seen(from, plain(p.in.Name, 1, packets.TypeEchoRequest, to)); len(bare) > 0 {
			return fail(p.in, encap, "forwarded %s's Echo Request onto Link1 outside the tunnel its route goes through: %s", p.src.Name, bare[0].Frame.Summary())
		}
		return fail(p.in, encap, "did not forward %s's Echo Request to %s into the tunnel (encapsulated from %s to %s)", p.src.Name, to, p.a.Local, p.b.Local)
	}
	inner, _ := enc.Frame.Inner()
	if got, want := inner.HopLimit(), req.Frame.HopLimit()-1; got != want {
		return fail(p.in, entryDecrement, "forwarded %s's Echo Request into the tunnel with Hop Limit %d, not %d (one less than it came with)", p.src.Name, got, want)
	}
	w.Step("%s encapsulated it on Link1: outer %s > %s, inner Hop Limit %d", p.in.Name, p.a.Local, p.b.Local, inner.HopLimit())
	// Out of the tunnel, onto the destination's link.
	fwd, ok := w.WaitFor(from, wait, plain(p.out.Name, p.ld, packets.TypeEchoRequest, to))
	if !ok {
		return fail(p.out, decap, "did not take %s's tunnel packet out and forward it to %s on Link%d (address resolution: %s)", p.in.Name, to, p.ld, resolution(w, from, p.out, p.dst))
	}
	if got, want := fwd.Frame.HopLimit(), inner.HopLimit()-1; got != want {
		return fail(p.out, "RFC 8200 §3", "forwarded the packet it took out of the tunnel with Hop Limit %d, not %d (one less than it came out with)", got, want)
	}
	if _, ok := w.WaitFor(from, wait, plain(p.dst.Name, p.ld, packets.TypeEchoReply, srcAddr)); !ok {
		return fail(p.dst, "RFC 4443 §4.2", "did not answer the Echo Request from %s", srcAddr)
	}
	// The reply, back through the tunnel.
	if _, ok := w.WaitFor(from, wait, tunneled(p.out.Name, p.b, p.a, packets.TypeEchoReply, func(a netip.Addr) bool { return a == srcAddr })); !ok {
		if bare := w.Seen(from, plain(p.out.Name, 1, packets.TypeEchoReply, srcAddr)); len(bare) > 0 {
			return fail(p.out, encap, "forwarded %s's Echo Reply onto Link1 outside the tunnel its route goes through: %s", p.dst.Name, bare[0].Frame.Summary())
		}
		return fail(p.out, encap, "did not forward %s's Echo Reply to %s into the tunnel (encapsulated from %s to %s)", p.dst.Name, srcAddr, p.b.Local, p.a.Local)
	}
	if _, ok := w.WaitFor(from, wait, plain(p.in.Name, p.ls, packets.TypeEchoReply, srcAddr)); !ok {
		return fail(p.in, decap, "did not take %s's tunnel packet with the Echo Reply out and forward it to %s", p.out.Name, srcAddr)
	}
	w.Step("%s answered %s across the tunnel", p.dst.Name, p.src.Name)
	return nil
}
