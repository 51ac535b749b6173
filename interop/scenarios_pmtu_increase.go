package interop

import (
	"time"

	"github.com/v6ct/v6ct/suites"
)

// A path MTU back up after its timer (RFC 8201 §4): once a Packet Too Big
// has lowered a path's MTU, the source may try a larger one again, but not
// within 5 minutes of it; 10 minutes is the recommended time. The path
// itself stays narrow, so the larger packet draws a second Packet Too Big:
// what is judged is when the source tries.

func init() { Scenarios = append(Scenarios, pmtuIncrease) }

const (
	// pmtuHold is how long a lowered path MTU must stand (a MUST NOT).
	pmtuHold = 5 * time.Minute
	// pmtuRetry is the recommended time, with the minute of slack a
	// probe every pmtuProbeEvery and a busy node may need.
	pmtuRetry = 10*time.Minute + time.Minute
	// pmtuProbeEvery is how often HOST1 is asked for another echo.
	pmtuProbeEvery = 30 * time.Second
)

var pmtuIncrease = Scenario{
	ID: "interop:pmtu-increase", Title: "A lowered path MTU tried larger again after its timer: not within 5 minutes of the Packet Too Big, and by the recommended 10",
	RFC: "RFC 8201 §4", Links: 2, Slow: true,
	Roles: []Role{{Name: "HOST1", Links: []int{0}}, {Name: "ROUTER1", Router: true, Links: []int{0, 1}}, {Name: "HOST2", Links: []int{1}}},
	Run: func(w *World) error {
		h1, r, h2 := w.Node("HOST1"), w.Node("ROUTER1"), w.Node("HOST2")
		if !h1.Capable(suites.CapPathMTUDiscovery) {
			return &NotApplicable{"HOST1 does not declare " + suites.CapPathMTUDiscovery + ": it keeps to 1280 octets and never raises a path MTU"}
		}
		dst, ptb, err := narrowPath(w, h1, r, h2)
		if err != nil {
			return err
		}
		w.Step("HOST1 is asked for a 1500-octet echo to HOST2 every %v for %v", pmtuProbeEvery, pmtuRetry)
		for next := ptb.At + pmtuProbeEvery; next <= ptb.At+pmtuRetry; next += pmtuProbeEvery {
			time.Sleep(next - w.Now())
			from := w.Now()
			if err := w.Do(h1, suites.Action{Name: suites.ActSendEcho, Link: 0, Dst: dst, Size: 1500}); err != nil {
				return err
			}
			time.Sleep(2 * time.Second)
			m := largest(w, from, h1.Name, 0, dst)
			if m <= narrowMTU {
				continue
			}
			after := from - ptb.At
			if after < pmtuHold {
				return fail(h1, "RFC 8201 §4", "sent a %d-octet packet to %s %v after ROUTER1's Packet Too Big of MTU %d: a lowered path MTU stands at least 5 minutes", m, dst, after.Round(time.Second), narrowMTU)
			}
			w.Step("HOST1 tried a %d-octet packet again %v after the Packet Too Big", m, after.Round(time.Second))
			return nil
		}
		return warn(h1, "RFC 8201 §4", "sent nothing over %d octets to %s for %v after ROUTER1's Packet Too Big: it did not try a larger path MTU again within the recommended 10 minutes", narrowMTU, dst, pmtuRetry)
	},
}
