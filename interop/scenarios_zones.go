package interop

import (
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Scopes: a link-local address means something on its own link only.

func init() { Scenarios = append(Scenarios, linkLocalStays, sameLinkLocal) }

var linkLocalStays = Scenario{
	ID: "interop:link-local-stays-on-link", Title: "Packets to and from link-local addresses never cross a router; global ones do",
	RFC: "RFC 4291 §2.5.6, RFC 4007 §6, §9, RFC 4861 §7.2.3", Links: 2,
	Roles: []Role{{Name: "HOST1", Links: []int{0}}, {Name: "ROUTER1", Router: true, Links: []int{0, 1}}, {Name: "HOST2", Links: []int{1}}},
	Run: func(w *World) error {
		h1, r, h2 := w.Node("HOST1"), w.Node("ROUTER1"), w.Node("HOST2")
		for l := 0; l < 2; l++ {
			if err := advertise(w, r, l); err != nil {
				return err
			}
		}
		start := w.Now()
		// A link-local source never leaves its link (RFC 4291 §2.5.6): the
		// router forwards nothing from HOST1's link-local address onto
		// Link1, whatever the destination.
		crossed := func() error {
			if x := w.Seen(start, func(s Seen) bool {
				return s.From == r.Name && s.Link == 1 && s.Frame.IsIPv6() && (s.Frame.Src == h1.LinkLocal(0) || s.Frame.Dst == h2.LinkLocal(1) && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoRequest)
			}); len(x) > 0 {
				return fail(r, "RFC 4291 §2.5.6, RFC 4007 §9", "forwarded a packet of Link0 with a link-local address onto Link1: %s", x[0].Frame.Summary())
			}
			return nil
		}

		// Across the router by global address: the router does forward.
		from := w.Now()
		w.Step("HOST1 sends an Echo Request to HOST2's global address %s", h2.Global(1))
		if err := w.Do(h1, suites.Action{Name: suites.ActSendEcho, Link: 0, Dst: h2.Global(1)}); err != nil {
			return err
		}
		req, ok := w.WaitFor(from, 5*time.Second, func(s Seen) bool {
			return s.From == h1.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoRequest && s.Frame.Dst == h2.Global(1)
		})
		if !ok {
			return fail(h1, "RFC 4861 §6.3.4, §5.2", "sent no Echo Request to %s: it has no route through ROUTER1's advertisements", h2.Global(1))
		}
		if req.Frame.Src.IsLinkLocalUnicast() {
			// A host that sends off-link from its link-local address: the
			// router must not pass it on, and should say so.
			time.Sleep(2 * time.Second)
			if err := crossed(); err != nil {
				return err
			}
			return fail(h1, "RFC 6724 §5 rule 2, RFC 4291 §2.5.6", "sent to the global %s from its link-local address %s, which cannot leave Link0", h2.Global(1), req.Frame.Src)
		}
		if _, ok := w.WaitFor(from, 5*time.Second, func(s Seen) bool {
			return s.From == h2.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoReply && s.Frame.Dst == req.Frame.Src
		}); !ok {
			if _, fwd := w.WaitFor(from, 0, func(s Seen) bool { return s.From == r.Name && s.Link == 1 && s.Frame.Dst == h2.Global(1) }); !fwd {
				return fail(r, "RFC 8200 §3", "did not forward HOST1's Echo Request to %s", h2.Global(1))
			}
			return fail(h2, "RFC 4443 §4.2", "did not answer HOST1's Echo Request")
		}
		w.Step("the global echo crossed ROUTER1")

		// To HOST2's link-local address from Link0: it is not on Link0, and
		// the router must neither answer for it nor pass the packet on.
		probes := []struct {
			what  string
			owner *Node
			addr  netip.Addr
		}{
			{"HOST2's link-local address on Link1", h2, h2.LinkLocal(1)},
			{"ROUTER1's link-local address on Link1", r, r.LinkLocal(1)},
		}
		for _, p := range probes {
			from := w.Now()
			w.Step("HOST1 sends an Echo Request on Link0 to %s, %s", p.addr, p.what)
			if err := w.Do(h1, suites.Action{Name: suites.ActSendEcho, Link: 0, Dst: p.addr}); err != nil {
				return err
			}
			// Address resolution gives up after MAX_MULTICAST_SOLICIT (3)
			// solicitations RetransTimer (1 s) apart.
			time.Sleep(4 * time.Second)
			if na := w.Seen(from, func(s Seen) bool { return s.From == r.Name && s.Link == 0 && isNAFor(s, p.addr) }); len(na) > 0 {
				return fail(r, "RFC 4861 §7.2.3, RFC 4007 §6", "answered on Link0 a solicitation for %s, %s: it answers only for the addresses of the interface a solicitation arrives on", p.addr, p.what)
			}
			if x := w.Seen(from, func(s Seen) bool {
				return s.From == h1.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoRequest && s.Frame.Dst == p.addr
			}); len(x) > 0 && via(w, 0, x[0].Frame.EthDst) == r.Name && p.owner != r {
				return fail(h1, "RFC 4861 §5.2, RFC 4291 §2.5.6", "sent its Echo Request to the link-local %s through ROUTER1: a link-local destination is on-link", p.addr)
			}
			if err := crossed(); err != nil {
				return err
			}
			if rep := w.Seen(from, func(s Seen) bool {
				return s.From == p.owner.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoReply && (s.Frame.Dst == req.Frame.Src || s.Frame.Dst == h1.LinkLocal(0))
			}); len(rep) > 0 {
				return fail(p.owner, "RFC 4007 §9", "answered an Echo Request to %s that came from Link0", p.addr)
			}
			w.Step("nothing for %s crossed ROUTER1, and nobody on Link0 answered for it", p.addr)
		}
		return crossed()
	},
}

// The same link-local addresses on two links (two zones): the router has
// sharedRouterLL on both of its links as its only link-local address, and
// each host sharedHostLL, a configured address besides the one it forms
// from its MAC.
var (
	sharedRouterLL = netip.MustParseAddr("fe80::1")
	sharedHostLL   = netip.MustParseAddr("fe80::2")
)

var sameLinkLocal = Scenario{
	ID: "interop:same-link-local-two-links", Title: "A router with the same link-local address on its two links, and a host with the same link-local address on each: each host's echo to the router's link-local address is answered on its own link, and nothing crosses to the other",
	RFC: "RFC 4007 §5, §6, RFC 4291 §2.5.6, RFC 4443 §4.2", Links: 2,
	Roles: []Role{
		{Name: "HOST1", Links: []int{0}, Addresses: []suites.StaticAddress{{Link: 0, Addr: netip.PrefixFrom(sharedHostLL, 64)}}},
		{Name: "ROUTER1", Router: true, Links: []int{0, 1}, LinkLocal: sharedRouterLL},
		{Name: "HOST2", Links: []int{1}, Addresses: []suites.StaticAddress{{Link: 1, Addr: netip.PrefixFrom(sharedHostLL, 64)}}},
	},
	Run: func(w *World) error {
		h1, r, h2 := w.Node("HOST1"), w.Node("ROUTER1"), w.Node("HOST2")
		for _, x := range []struct {
			h, other *Node
			l        int
		}{{h1, h2, 0}, {h2, h1, 1}} {
			if err := echoInZone(w, x.h, x.other, r, x.l); err != nil {
				return err
			}
		}
		// The other way: the router pings the hosts' common address on
		// each link, so that its neighbor cache holds fe80::2 on both,
		// whatever source the hosts picked above.
		for _, x := range []struct {
			h *Node
			l int
		}{{h1, 0}, {h2, 1}} {
			if err := routerEchoInZone(w, r, x.h, x.l); err != nil {
				return err
			}
		}
		return nil
	},
}

// echoInZone makes host h on link l send an Echo Request to the router's
// link-local sharedRouterLL and judges that the router answers it on link
// l, to h's own link-layer address, and that nothing of the exchange
// reaches the other link, where the same addresses name other interfaces.
func echoInZone(w *World, h, other, r *Node, l int) error {
	from := w.Now()
	w.Step("%s sends an Echo Request to %s on Link%d", h.Name, sharedRouterLL, l)
	if err := w.Do(h, suites.Action{Name: suites.ActSendEcho, Link: l, Dst: sharedRouterLL}); err != nil {
		return err
	}
	isEcho := func(s Seen) bool {
		return s.Frame.IsICMP && (s.Frame.ICMPType == packets.TypeEchoRequest || s.Frame.ICMPType == packets.TypeEchoReply)
	}
	req, ok := w.WaitFor(from, 5*time.Second, func(s Seen) bool {
		return s.From == h.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoRequest && s.Frame.Dst == sharedRouterLL
	})
	// Frames of the router's on the other link that belong to this
	// exchange: its answer for fe80::1, or its solicitation for an
	// address h sent from, unless the other link's host has it too.
	// (Match functions run under the world's lock: the sources are
	// gathered first.)
	sources := func(n *Node, l int, since time.Duration) map[netip.Addr]bool {
		m := map[netip.Addr]bool{}
		for _, x := range w.Seen(since, func(x Seen) bool { return x.From == n.Name && x.Link == l && x.Frame.IsIPv6() }) {
			m[x.Frame.Src] = true
		}
		return m
	}
	var hs, others map[netip.Addr]bool
	mine := func(s Seen) bool {
		if isNAFor(s, sharedRouterLL) {
			return true
		}
		t, ok := s.Frame.NDTarget()
		if !ok || !s.Frame.IsICMP || s.Frame.ICMPType != packets.TypeNS {
			return false
		}
		return hs[t] && !others[t]
	}
	if !ok {
		time.Sleep(time.Second)
		hs, others = sources(h, l, from), sources(other, 1-l, 0)
		if x := w.Seen(from, func(s Seen) bool { return s.From == r.Name && s.Link != l && mine(s) }); len(x) > 0 {
			return fail(r, "RFC 4007 §5, RFC 4291 §2.5.6", "took %s's solicitation for %s on Link%d to Link%d, another zone, where it sent %s", h.Name, sharedRouterLL, l, x[0].Link, x[0].Frame.Summary())
		}
		// The router's answer to the host's solicitation may have gone
		// astray: to another link, or to another interface's MAC.
		for _, na := range w.Seen(from, func(s Seen) bool { return s.From == r.Name && isNAFor(s, sharedRouterLL) }) {
			if na.Link != l {
				return fail(r, "RFC 4007 §5, RFC 4291 §2.5.6", "answered %s's solicitation for %s from Link%d on Link%d, another zone: %s", h.Name, sharedRouterLL, l, na.Link, na.Frame.Summary())
			}
			if na.Frame.EthDst.String() != h.MAC(l).String() && !na.Frame.Dst.IsMulticast() {
				return fail(r, "RFC 4007 §6", "answered %s's solicitation on Link%d at the link-layer address %s (%s), not %s's own %s", h.Name, l, na.Frame.EthDst, via(w, l, na.Frame.EthDst), h.Name, h.MAC(l))
			}
		}
		return fail(h, "RFC 4861 §7.2.2", "sent no Echo Request to %s on Link%d (address resolution: %s)", sharedRouterLL, l, resolution(w, from, h, r))
	}
	w.Step("%s sent it from %s", h.Name, req.Frame.Src)
	rep, ok := w.WaitFor(from, 5*time.Second, func(s Seen) bool {
		return s.From == r.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoReply && s.Frame.Dst == req.Frame.Src
	})
	time.Sleep(time.Second) // anything that would cross does so by now
	hs, others = sources(h, l, from), sources(other, 1-l, 0)
	crossed := w.Seen(from, func(s Seen) bool { return s.From == r.Name && s.Link != l && (isEcho(s) || mine(s)) })
	switch {
	case !ok && len(crossed) > 0:
		return fail(r, "RFC 4007 §5, RFC 4291 §2.5.6", "took %s's Echo Request to %s on Link%d to Link%d, another zone, where it sent %s", h.Name, sharedRouterLL, l, crossed[0].Link, crossed[0].Frame.Summary())
	case !ok:
		return fail(r, "RFC 4443 §4.2", "did not answer %s's Echo Request to its address %s on Link%d (address resolution: %s)", h.Name, sharedRouterLL, l, resolution(w, from, r, h))
	case rep.Link != l:
		return fail(r, "RFC 4007 §5, RFC 4291 §2.5.6", "answered %s's Echo Request to %s from Link%d on Link%d, another zone", h.Name, sharedRouterLL, l, rep.Link)
	case rep.Frame.EthDst.String() != h.MAC(l).String():
		return fail(r, "RFC 4007 §6", "answered %s on Link%d at the link-layer address %s (%s), not %s's own %s: %s names another interface on each link",
			h.Name, l, rep.Frame.EthDst, via(w, l, rep.Frame.EthDst), h.Name, h.MAC(l), req.Frame.Src)
	case rep.Frame.Src != sharedRouterLL:
		return fail(r, "RFC 4443 §4.2", "answered from %s, not from %s, the address the Echo Request was sent to", rep.Frame.Src, sharedRouterLL)
	case len(crossed) > 0:
		return fail(r, "RFC 4007 §5, RFC 4291 §2.5.6", "sent %s onto Link%d while answering %s on Link%d: a link-local exchange stays in its zone", crossed[0].Frame.Summary(), crossed[0].Link, h.Name, l)
	}
	if x := w.Seen(from, func(s Seen) bool { return s.From == other.Name && isEcho(s) }); len(x) > 0 {
		return fail(other, "RFC 4007 §5", "sent %s while %s and ROUTER1 exchanged echoes on Link%d: nothing of theirs reached it", x[0].Frame.Summary(), h.Name, l)
	}
	w.Step("ROUTER1 answered %s on Link%d from %s to %s at %s; nothing crossed to Link%d", h.Name, l, rep.Frame.Src, rep.Frame.Dst, rep.Frame.EthDst, 1-l)
	return nil
}

// routerEchoInZone makes the router send an Echo Request to sharedHostLL
// on link l and judges that it goes out on link l to host h's own MAC
// (the same address names the other host on the other link), and that h
// answers.
func routerEchoInZone(w *World, r, h *Node, l int) error {
	from := w.Now()
	w.Step("ROUTER1 sends an Echo Request to %s on Link%d", sharedHostLL, l)
	if err := w.Do(r, suites.Action{Name: suites.ActSendEcho, Link: l, Dst: sharedHostLL}); err != nil {
		return err
	}
	req, ok := w.WaitFor(from, 5*time.Second, func(s Seen) bool {
		return s.From == r.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoRequest && s.Frame.Dst == sharedHostLL
	})
	switch {
	case !ok:
		return fail(r, "RFC 4861 §7.2.2", "sent no Echo Request to %s on Link%d (address resolution: %s)", sharedHostLL, l, resolution(w, from, r, h))
	case req.Link != l:
		return fail(r, "RFC 4007 §5, RFC 4291 §2.5.6", "sent its Echo Request to %s for Link%d on Link%d, another zone", sharedHostLL, l, req.Link)
	case req.Frame.EthDst.String() != h.MAC(l).String():
		return fail(r, "RFC 4007 §6", "sent its Echo Request to %s on Link%d to the link-layer address %s (%s), not %s's %s: the address names another interface on the other link",
			sharedHostLL, l, req.Frame.EthDst, via(w, 1-l, req.Frame.EthDst), h.Name, h.MAC(l))
	}
	if _, ok := w.WaitFor(from, 5*time.Second, func(s Seen) bool {
		return s.From == h.Name && s.Link == l && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoReply && s.Frame.Dst == req.Frame.Src
	}); !ok {
		return fail(h, "RFC 4443 §4.2", "did not answer ROUTER1's Echo Request to its address %s (address resolution: %s)", sharedHostLL, resolution(w, from, h, r))
	}
	w.Step("ROUTER1's Echo Request to %s on Link%d went to %s's MAC %s, and %s answered", sharedHostLL, l, h.Name, h.MAC(l), h.Name)
	return nil
}
