package interop

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Address resolution and Neighbor Unreachability Detection when a router
// restarts under the hosts' traffic.

func init() { Scenarios = append(Scenarios, nudAcrossReset) }

const (
	// nudReachable is the Reachable Time the router advertises, so that
	// the hosts' entries for it go STALE soon (RFC 4861 §6.3.4; taking
	// it is a SHOULD).
	nudReachable = 10 * time.Second
	// nudLimit is the longest an echo may stay unanswered: an entry's
	// DELAY_FIRST_PROBE_TIME (5 s) and MAX_UNICAST_SOLICIT probes
	// RetransTimer (1 s) apart, then MAX_MULTICAST_SOLICIT solicitations
	// of a new resolution (RFC 4861 §7.3.3, §7.2.2, §10).
	nudLimit = 5*time.Second + 3*time.Second + 3*time.Second
	// nudDeadline is how long after the reset each host has to probe
	// the router: an entry REACHABLE for at most MAX_RANDOM_FACTOR (1.5)
	// times the default REACHABLE_TIME (30 s), for a host that keeps its
	// own, then DELAY_FIRST_PROBE_TIME (5 s), with room for the probes.
	nudDeadline = 45*time.Second + 5*time.Second + 5*time.Second
	// probeAnswer is how long the router may take to answer a probe: it
	// may have to resolve the host first, if the probe carried no source
	// link-layer address (RFC 4861 §7.2.4).
	probeAnswer = 3 * time.Second
)

var nudAcrossReset = Scenario{
	ID: "interop:nud-across-router-reset", Title: "Echoes across a router go on when the router restarts: it resolves the hosts again, and the hosts' entries for it go through NUD",
	RFC: "RFC 4861 §7.2.2, §7.2.4, §7.3.3", Links: 2,
	Roles: []Role{{Name: "HOST1", Links: []int{0}}, {Name: "ROUTER1", Router: true, Links: []int{0, 1}}, {Name: "HOST2", Links: []int{1}}},
	Run: func(w *World) error {
		h1, r, h2 := w.Node("HOST1"), w.Node("ROUTER1"), w.Node("HOST2")
		advertiseBoth := func() error {
			for l := 0; l < 2; l++ {
				ra := suites.RAConfig{Prefix: suites.LinkPrefix(l), RouterLifetime: 1800 * time.Second, Interval: 10 * time.Second, HopLimit: 64,
					ReachableTime: nudReachable}
				if err := advertiseRA(w, r, l, ra); err != nil {
					return err
				}
			}
			return nil
		}
		if err := advertiseBoth(); err != nil {
			return err
		}
		// Before the reset: every cache on the way fills.
		if err := errors.Join(echo(w, h1, h2, 0, h2.Global(1), r), echo(w, h2, h1, 1, h1.Global(0), r)); err != nil {
			return err
		}
		resetAt := w.Now()
		w.Step("ROUTER1 restarts (reset): it loses its neighbor cache and what actions configured")
		if err := w.Do(r, suites.Action{Name: suites.ActReset}); err != nil {
			return err
		}
		// A restart ends what start-ra configured: the router is made to
		// advertise again, as its configuration would, and the echoes go
		// on at once, while its neighbor cache is empty (its first
		// advertisement was judged before the reset).
		for l := 0; l < 2; l++ {
			ra := suites.RAConfig{Prefix: suites.LinkPrefix(l), RouterLifetime: 1800 * time.Second, Interval: 10 * time.Second, HopLimit: 64,
				ReachableTime: nudReachable}
			if err := w.Do(r, suites.Action{Name: suites.ActStartRA, Link: l, RA: ra}); err != nil {
				return err
			}
		}
		time.Sleep(500 * time.Millisecond)
		type dir struct {
			src, dst *Node
			l        int
			to       netip.Addr
		}
		dirs := []dir{{h1, h2, 0, h2.Global(1)}, {h2, h1, 1, h1.Global(0)}}
		lastOK := []time.Duration{w.Now(), w.Now()}
		lost, after := 0, 0
		for w.Now() < resetAt+nudDeadline && after < 2 {
			for k, d := range dirs {
				err := echo(w, d.src, d.dst, d.l, d.to, r)
				var f *Failure
				switch {
				case err == nil:
					lastOK[k] = w.Now()
				case errors.As(err, &f):
					lost++
					w.Step("an echo was lost: %v", err)
					if w.Now()-lastOK[k] > nudLimit {
						return fmt.Errorf("%w (no echo from %s to %s answered for %.1fs, longer than NUD and a new resolution take, %s)", err, d.src.Name, d.dst.Name, (w.Now() - lastOK[k]).Seconds(), nudLimit)
					}
				default:
					return err
				}
			}
			if probed(w, resetAt, h1, r, 0) && probed(w, resetAt, h2, r, 1) {
				after++
			}
			time.Sleep(time.Second)
		}
		w.Step("%d echoes lost after the reset", lost)
		for _, x := range []struct {
			h *Node
			l int
		}{{h1, 0}, {h2, 1}} {
			if err := resolvedAgain(w, resetAt, r, x.h, x.l); err != nil {
				return err
			}
		}
		for _, x := range []struct {
			h *Node
			l int
		}{{h1, 0}, {h2, 1}} {
			if err := probedRouter(w, resetAt, x.h, r, x.l); err != nil {
				return err
			}
		}
		return nil
	},
}

// isProbe matches a Neighbor Unreachability Detection probe from host h to
// router r on link l: a unicast Neighbor Solicitation for one of r's
// addresses there (RFC 4861 §7.3.3).
func isProbe(h, r *Node, l int) func(Seen) bool {
	return func(s Seen) bool {
		t, ok := s.Frame.NDTarget()
		return s.From == h.Name && s.Link == l && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeNS && ok &&
			!s.Frame.Dst.IsMulticast() && !s.Frame.Src.IsUnspecified() && (t == r.LinkLocal(l) || t == r.Global(l))
	}
}

// probed says host h has probed router r since from, and r answered.
func probed(w *World, from time.Duration, h, r *Node, l int) bool {
	for _, p := range w.Seen(from, isProbe(h, r, l)) {
		t, _ := p.Frame.NDTarget()
		if len(w.Seen(p.At, func(s Seen) bool { return s.From == r.Name && s.Link == l && isNAFor(s, t) })) > 0 {
			return true
		}
	}
	return false
}

// resolvedAgain judges how router r reached host h on link l after its
// reset: by address resolution, its solicitation sent to the host's
// solicited-node group (RFC 4861 §7.2.2). A router that reached the host
// without soliciting kept its cache across the reset: a note, not a rule.
func resolvedAgain(w *World, from time.Duration, r, h *Node, l int) error {
	addrs := []netip.Addr{h.LinkLocal(l), h.Global(l)}
	ns := w.Seen(from, func(s Seen) bool {
		t, ok := s.Frame.NDTarget()
		return s.From == r.Name && s.Link == l && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeNS && ok && slices.Contains(addrs, t) && !s.Frame.Src.IsUnspecified()
	})
	// What the router forwarded to the host (not its ND messages).
	sent := w.Seen(from, func(s Seen) bool {
		return s.From == r.Name && s.Link == l && s.Frame.EthDst.String() == h.MAC(l).String() &&
			!(s.Frame.IsICMP && s.Frame.ICMPType >= packets.TypeRS && s.Frame.ICMPType <= packets.TypeRedirect)
	})
	// A solicitation from the host with its link-layer address teaches
	// the router that address (a STALE entry, RFC 4861 §7.2.3).
	taught := w.Seen(from, func(s Seen) bool {
		_, ok := s.Frame.LLAOption(packets.OptSourceLLA)
		return s.From == h.Name && s.Link == l && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeNS && ok
	})
	knew := func(at time.Duration) {
		if len(taught) > 0 && taught[0].At < at {
			w.Step("note: ROUTER1 sent to %s at %.3fs after its reset without soliciting it first, with the link-layer address %s's solicitation of %.3fs gave it (RFC 4861 §7.2.3)", h.Name, at.Seconds(), h.Name, taught[0].At.Seconds())
			return
		}
		w.Step("note: ROUTER1 sent to %s at %.3fs after its reset without soliciting it first: its reset kept its neighbor cache", h.Name, at.Seconds())
	}
	if len(ns) == 0 {
		if len(sent) > 0 {
			knew(sent[0].At)
		}
		return nil
	}
	first := ns[0]
	t, _ := first.Frame.NDTarget()
	if first.Frame.Dst != packets.SolicitedNode(t) && first.Frame.Dst != t {
		return fail(r, "RFC 4861 §7.2.2", "solicited %s's %s after its reset to %s, not to its solicited-node group %s", h.Name, t, first.Frame.Dst, packets.SolicitedNode(t))
	}
	if len(sent) > 0 && sent[0].At < first.At {
		knew(sent[0].At)
		return nil
	}
	w.Step("ROUTER1 resolved %s again after its reset: a solicitation for %s to %s at %.3fs", h.Name, t, first.Frame.Dst, first.At.Seconds())
	return nil
}

// probedRouter judges host h's entry for router r after r's reset: the
// host kept sending through r, so its entry went STALE, then DELAY, then
// PROBE, with unicast solicitations to r (RFC 4861 §7.3.3); r answers
// each with a solicited advertisement (RFC 4861 §7.2.4).
func probedRouter(w *World, from time.Duration, h, r *Node, l int) error {
	probes := w.Seen(from, isProbe(h, r, l))
	if len(probes) == 0 {
		return fail(h, "RFC 4861 §7.3.3", "sent through ROUTER1 for %.0fs after ROUTER1's reset without confirming it reachable: no unicast Neighbor Solicitation probe (REACHABLE lasts at most 1.5 × ReachableTime, then DELAY %s)",
			(w.Now() - from).Seconds(), 5*time.Second)
	}
	for _, p := range probes {
		t, _ := p.Frame.NDTarget()
		na, ok := w.WaitFor(p.At, probeAnswer, func(s Seen) bool { return s.From == r.Name && s.Link == l && isNAFor(s, t) && s.At >= p.At })
		if !ok {
			if p.At+probeAnswer > w.Now() {
				continue // the last probe, still in time
			}
			return fail(r, "RFC 4861 §7.2.4", "did not answer %s's probe for %s of %.3fs", h.Name, t, p.At.Seconds())
		}
		if m, ok := na.Frame.NA(); ok && !m.Solicited {
			return fail(r, "RFC 4861 §7.2.4", "answered %s's probe for %s with Solicited=0: the answer to a solicitation from a unicast source has Solicited=1", h.Name, t)
		}
	}
	w.Step("%s probed ROUTER1 after its reset (%d unicast solicitations, the first at %.3fs), and ROUTER1 answered", h.Name, len(probes), probes[0].At.Seconds())
	return nil
}
