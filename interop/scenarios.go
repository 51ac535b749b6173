package interop

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Scenario is one interop exchange: roles on links, what the tester makes
// them do, and the judgement from every link's frames.
type Scenario struct {
	ID    string // interop:NAME
	Title string
	RFC   string // the rules it judges
	Links int
	Roles []Role
	// Slow scenarios wait out protocol timers of minutes in real time:
	// a run takes them only when asked (v6ct interop --slow, or by name).
	Slow bool
	// Run drives the world and judges it: nil is PASS, a *Failure FAIL,
	// a *NotApplicable N/A, anything else ERROR.
	Run func(w *World) error
}

// Failure is a rule a node broke, read from the wire. Should marks a
// recommendation (an RFC's SHOULD) rather than a requirement: the cell
// is WARN, not FAIL.
type Failure struct {
	Node   string // the node that broke it, with its implementation
	Rule   string // RFC and section
	What   string
	Should bool
}

func (f *Failure) Error() string { return fmt.Sprintf("%s broke %s: %s", f.Node, f.Rule, f.What) }

func fail(n *Node, rule, format string, args ...any) *Failure {
	return &Failure{Node: fmt.Sprintf("%s (%s)", n.Name, n.Impl), Rule: rule, What: fmt.Sprintf(format, args...)}
}

// warn is fail for a recommendation the node did not follow.
func warn(n *Node, rule, format string, args ...any) *Failure {
	f := fail(n, rule, format, args...)
	f.Should = true
	return f
}

// Scenarios are every interop scenario, in the order a run takes them.
var Scenarios = []Scenario{
	{
		ID: "interop:link-local-echo", Title: "Echo between two hosts by link-local address, both directions",
		RFC: "RFC 4443 §4.1-4.2, RFC 4861 §7.2", Links: 1,
		Roles: []Role{{Name: "HOST1", Links: []int{0}}, {Name: "HOST2", Links: []int{0}}},
		Run: func(w *World) error {
			h1, h2 := w.Node("HOST1"), w.Node("HOST2")
			return errors.Join(
				echo(w, h1, h2, 0, h2.LinkLocal(0), nil),
				echo(w, h2, h1, 0, h1.LinkLocal(0), nil))
		},
	},
	{
		ID: "interop:global-echo", Title: "Echo between two hosts by global address on one link, both directions",
		RFC: "RFC 4443 §4.1-4.2, RFC 4861 §7.2", Links: 1,
		Roles: []Role{{Name: "HOST1", Links: []int{0}}, {Name: "HOST2", Links: []int{0}}},
		Run: func(w *World) error {
			h1, h2 := w.Node("HOST1"), w.Node("HOST2")
			return errors.Join(
				echo(w, h1, h2, 0, h2.Global(0), nil),
				echo(w, h2, h1, 0, h1.Global(0), nil))
		},
	},
	{
		ID: "interop:echo-across-router", Title: "Hosts take a router from its advertisements, then echo across it, both directions",
		RFC: "RFC 4861 §6.3.4 (default router), RFC 8200 §3 (forwarding), RFC 4443 §4.2", Links: 2,
		Roles: []Role{{Name: "HOST1", Links: []int{0}}, {Name: "ROUTER1", Router: true, Links: []int{0, 1}}, {Name: "HOST2", Links: []int{1}}},
		Run: func(w *World) error {
			h1, r, h2 := w.Node("HOST1"), w.Node("ROUTER1"), w.Node("HOST2")
			for l := 0; l < 2; l++ {
				if err := advertise(w, r, l); err != nil {
					return err
				}
			}
			return errors.Join(
				echo(w, h1, h2, 0, h2.Global(1), r),
				echo(w, h2, h1, 1, h1.Global(0), r))
		},
	},
}

// advertise makes router r advertise on link l (start-ra with the link's
// prefix, Router Lifetime 1800 s) and waits for its first advertisement.
func advertise(w *World, r *Node, l int) error {
	return advertiseRA(w, r, l, suites.RAConfig{Prefix: suites.LinkPrefix(l), RouterLifetime: 1800 * time.Second, Interval: 10 * time.Second, HopLimit: 64})
}

// advertiseRA makes router r advertise ra on link l and waits for its
// first advertisement.
func advertiseRA(w *World, r *Node, l int, ra suites.RAConfig) error {
	from := w.Now()
	if err := w.Do(r, suites.Action{Name: suites.ActStartRA, Link: l, RA: ra}); err != nil {
		return err
	}
	// A router may wait MAX_INITIAL_RTR_ADVERT_INTERVAL (16 s) before its
	// first advertisement, unless solicited (RFC 4861 §6.2.4).
	if _, ok := w.WaitFor(from, 20*time.Second, func(s Seen) bool {
		return s.From == r.Name && s.Link == l && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeRA
	}); !ok {
		return fail(r, "RFC 4861 §6.2.4", "sent no Router Advertisement on Link%d within 20 s of being made an advertising interface", l)
	}
	w.Step("%s advertises on Link%d", r.Name, l)
	time.Sleep(time.Second) // the hosts take it in
	return nil
}

// echo makes src send an Echo Request to dst from its link l and judges
// the exchange on every link: the request leaves src, crosses router (if
// any) and reaches the destination node, whose reply comes back the same
// way. A missing frame names the node that should have sent it.
func echo(w *World, src, dstNode *Node, l int, dst netip.Addr, router *Node) error {
	from := w.Now()
	w.Step("%s sends an Echo Request to %s (%s)", src.Name, dst, dstNode.Name)
	if err := w.Do(src, suites.Action{Name: suites.ActSendEcho, Link: l, Dst: dst}); err != nil {
		return err
	}
	const wait = 5 * time.Second
	isEcho := func(typ uint8, sender string, d netip.Addr) func(Seen) bool {
		return func(s Seen) bool {
			return s.From == sender && s.Frame.IsICMP && s.Frame.ICMPType == typ && s.Frame.Dst == d
		}
	}
	req, ok := w.WaitFor(from, wait, isEcho(packets.TypeEchoRequest, src.Name, dst))
	if !ok {
		if router != nil {
			return fail(src, "RFC 4861 §6.3.4, §5.2", "sent no Echo Request to %s: it has no route through %s's advertisements", dst, router.Name)
		}
		return fail(src, "RFC 4861 §7.2.2", "sent no Echo Request to %s (address resolution: %s)", dst, resolution(w, from, src, dstNode))
	}
	srcAddr := req.Frame.Src
	if router != nil {
		fwd, ok := w.WaitFor(from, wait, isEcho(packets.TypeEchoRequest, router.Name, dst))
		if !ok {
			return fail(router, "RFC 8200 §3, RFC 4861 §7.2", "did not forward %s's Echo Request to %s (address resolution: %s)", src.Name, dst, resolution(w, from, router, dstNode))
		}
		if got, want := fwd.Frame.HopLimit(), req.Frame.HopLimit()-1; got != want {
			return fail(router, "RFC 8200 §3", "forwarded %s's Echo Request with Hop Limit %d, not %d (one less than it came with)", src.Name, got, want)
		}
	}
	if _, ok := w.WaitFor(from, wait, isEcho(packets.TypeEchoReply, dstNode.Name, srcAddr)); !ok {
		return fail(dstNode, "RFC 4443 §4.2", "did not answer the Echo Request from %s (address resolution: %s)", srcAddr, resolution(w, from, dstNode, src))
	}
	if router != nil {
		if _, ok := w.WaitFor(from, wait, isEcho(packets.TypeEchoReply, router.Name, srcAddr)); !ok {
			return fail(router, "RFC 8200 §3, RFC 4861 §7.2", "did not forward %s's Echo Reply to %s", dstNode.Name, srcAddr)
		}
	}
	w.Step("%s answered %s", dstNode.Name, src.Name)
	return nil
}

// resolution says how far a's address resolution went since from: its
// Neighbor Solicitations and b's answers.
func resolution(w *World, from time.Duration, a, b *Node) string {
	ns := w.Seen(from, func(s Seen) bool {
		return s.From == a.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeNS
	})
	na := w.Seen(from, func(s Seen) bool {
		return s.From == b.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeNA
	})
	return fmt.Sprintf("%s sent %d Neighbor Solicitations, %s %d Neighbor Advertisements", a.Name, len(ns), b.Name, len(na))
}
