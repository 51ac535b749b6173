package nd

import "github.com/v6ct/v6ct/refnode/faults"

// Deviations from RFC 4861 §6.2.6, §6.3.4 and §8.3 that the node takes on
// only when started with the named fault (refnode/faults/nd_gap_faults.go):
// what a Router Solicitation, a Router Advertisement or a Redirect does to
// the entry of the neighbor it names, beyond the link-layer address it
// brings.

// heardFrom applies the state faults of one kind of message to e, the entry
// of the neighbor the message came from (or redirected to): setsStale
// weakens a REACHABLE entry whatever the message carried, confirms takes
// the message as proof of reachability.
func (d *ND) heardFrom(e *entry, setsStale, confirms faults.Fault) {
	if e == nil || e.state == Incomplete {
		return
	}
	switch {
	case d.faults.Has(confirms):
		d.setState(e, Reachable)
	case d.faults.Has(setsStale) && (e.state == Reachable || e.state == Probe || e.state == Delay):
		d.setState(e, Stale)
	}
}
