package interop

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Multicast across a router that forwards by listener state: a host's
// Echo Request to a global-scope group reaches the far link only while a
// listener there wants the group, which the router learns from the
// listener's reports (RFC 3810 §6.1, §7.2.3) and forgets after the last
// listener queries that follow a leave (§7.6.3.1).

func init() { Scenarios = append(Scenarios, multicastListeners) }

// mcastGroup is a transient group of global scope, outside the
// source-specific range, so that a join from any source is allowed.
var mcastGroup = netip.MustParseAddr("ff1e::db8:6c78")

var multicastListeners = Scenario{
	ID: "interop:multicast-listeners", Title: "Multicast to a global-scope group across an MLDv2 router: forwarded onto the far link only while a listener there has joined",
	RFC: "RFC 3810 §6.1, §7.2.3, §7.6.3.1, RFC 8200 §3", Links: 2,
	Roles: []Role{{Name: "HOST1", Links: []int{0}}, {Name: "ROUTER1", Router: true, Links: []int{0, 1}, Needs: []string{suites.CapMLDRouter}}, {Name: "HOST2", Links: []int{1}}},
	Run: func(w *World) error {
		h1, r, h2 := w.Node("HOST1"), w.Node("ROUTER1"), w.Node("HOST2")
		g := mcastGroup
		// The querier's start-up General Queries and the hosts' answers
		// settle first.
		time.Sleep(2 * time.Second)

		if err := mcastEcho(w, h1, r, false); err != nil {
			return err
		}

		from := w.Now()
		w.Step("HOST2 joins %s on Link1", g)
		if err := w.Do(h2, suites.Action{Name: suites.ActJoin, Link: 1, Group: g}); err != nil {
			return err
		}
		if _, ok := w.WaitFor(from, 3*time.Second, func(s Seen) bool { return s.From == h2.Name && s.Link == 1 && reportsJoin(s.Frame, g) }); !ok {
			return fail(h2, "RFC 3810 §6.1", "sent no State Change Report (TO_EX{} or ALLOW) for %s on Link1 after joining it", g)
		}
		time.Sleep(500 * time.Millisecond)
		if err := mcastEcho(w, h1, r, true); err != nil {
			return err
		}

		from = w.Now()
		w.Step("HOST2 leaves %s", g)
		if err := w.Do(h2, suites.Action{Name: suites.ActLeave, Link: 1, Group: g}); err != nil {
			return err
		}
		if _, ok := w.WaitFor(from, 3*time.Second, func(s Seen) bool { return s.From == h2.Name && s.Link == 1 && reportsLeave(s.Frame, g) }); !ok {
			return fail(h2, "RFC 3810 §6.1", "sent no State Change Report (TO_IN{}) for %s on Link1 after leaving it", g)
		}
		if _, ok := w.WaitFor(from, 3*time.Second, func(s Seen) bool { return s.From == r.Name && s.Link == 1 && queriesGroup(s.Frame, g) }); !ok {
			return fail(r, "RFC 3810 §7.6.3.1", "sent no Multicast Address Specific Query for %s on Link1 after HOST2's TO_IN{}, its last listener leaving", g)
		}
		// The Last Listener Query Time is 2 s with the defaults (§9.10); the
		// group is gone once it passes without an answer.
		time.Sleep(4 * time.Second)
		return mcastEcho(w, h1, r, false)
	},
}

// mcastEcho has HOST1 send an Echo Request to the group and judges
// ROUTER1: onto Link1 with the Hop Limit decremented when a listener there
// wants the group, and not at all when none does.
//
// A router that takes a while to apply the listener's report is not
// failed for it: where the group is wanted, HOST1 sends up to three
// echoes, each given 2 s, and one forwarded is enough.
func mcastEcho(w *World, h1, r *Node, wanted bool) error {
	tries := 1
	if wanted {
		tries = 3
	}
	var err error
	for i := 0; i < tries; i++ {
		if err = mcastEchoOnce(w, h1, r, wanted); err == nil {
			return nil
		}
		var f *Failure
		if !errors.As(err, &f) || f.Node != fmt.Sprintf("%s (%s)", r.Name, r.Impl) {
			return err
		}
	}
	return err
}

func mcastEchoOnce(w *World, h1, r *Node, wanted bool) error {
	g := mcastGroup
	from := w.Now()
	if err := w.Do(h1, suites.Action{Name: suites.ActSendEcho, Link: 0, Dst: g}); err != nil {
		return err
	}
	w.Step("HOST1 sends an Echo Request to %s on Link0 (a listener on Link1: %v)", g, wanted)
	isReq := func(sender string, l int) func(Seen) bool {
		return func(s Seen) bool {
			return s.From == sender && s.Link == l && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoRequest && s.Frame.Dst == g
		}
	}
	req, ok := w.WaitFor(from, 3*time.Second, isReq(h1.Name, 0))
	if !ok {
		return fail(h1, "RFC 4443 §4.1", "sent no Echo Request to %s", g)
	}
	if req.Frame.HopLimit() <= 1 {
		return &NotApplicable{"HOST1 sends its Echo Request to " + g.String() + " with Hop Limit 1: it cannot be made to send multicast beyond its link"}
	}
	fwd, ok := w.WaitFor(from, 2*time.Second, isReq(r.Name, 1))
	switch {
	case wanted && !ok:
		return fail(r, "RFC 3810 §7.2.3", "did not forward HOST1's Echo Request to %s onto Link1, where HOST2 has reported joining the group", g)
	case !wanted && ok:
		return fail(r, "RFC 3810 §7.2.3", "forwarded HOST1's Echo Request to %s onto Link1, where no listener wants the group", g)
	case wanted && fwd.Frame.HopLimit() != req.Frame.HopLimit()-1:
		return fail(r, "RFC 8200 §3", "forwarded HOST1's Echo Request to %s with Hop Limit %d, not %d", g, fwd.Frame.HopLimit(), req.Frame.HopLimit()-1)
	case wanted:
		w.Step("ROUTER1 forwarded it onto Link1 with Hop Limit %d", fwd.Frame.HopLimit())
	default:
		w.Step("ROUTER1 kept it off Link1")
	}
	return nil
}

// reportsJoin says whether f reports listening to g: an MLDv2 record
// TO_EX or ALLOW (or IS_EX), or an MLDv1 Report.
func reportsJoin(f *packets.Frame, g netip.Addr) bool {
	if f.IsICMP && f.ICMPType == packets.TypeMLDv1Report && f.Dst == g {
		return true
	}
	rep, err := f.MLDReport()
	if err != nil {
		return false
	}
	for _, rec := range rep.RecordsFor(g) {
		switch rec.Type {
		case packets.ToEx, packets.Allow, packets.IsEx:
			return true
		}
	}
	return false
}

// reportsLeave says whether f reports no longer listening to g: an MLDv2
// TO_IN{} record, or an MLDv1 Done.
func reportsLeave(f *packets.Frame, g netip.Addr) bool {
	if f.IsICMP && f.ICMPType == packets.TypeMLDv1Done {
		return true
	}
	rep, err := f.MLDReport()
	if err != nil {
		return false
	}
	for _, rec := range rep.RecordsFor(g) {
		if rec.Type == packets.ToIn && len(rec.Sources) == 0 {
			return true
		}
	}
	return false
}

// queriesGroup says whether f is a query about g.
func queriesGroup(f *packets.Frame, g netip.Addr) bool {
	q, ok := f.MLDQuery()
	return ok && q.Group == g
}
