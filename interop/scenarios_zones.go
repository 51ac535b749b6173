package interop

import (
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Scopes: a link-local address means something on its own link only.

func init() { Scenarios = append(Scenarios, linkLocalStays) }

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
