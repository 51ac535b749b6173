package nd

import "time"

// Forget drops what the node learnt from the wire, as a restart loses it:
// every Neighbor Cache entry (their timers stopped, their queued packets
// dropped), the Destination Cache (Redirects included), the Default Router
// List, the Prefix List, Route Information routes and DNS items. The
// node's own addresses and per-link parameters stay. Call with the lock
// held.
func (d *ND) Forget() {
	for _, e := range d.neighbors {
		stopTimer(&e.timer)
		d.dropQueue(e)
	}
	clear(d.neighbors)
	d.incomplete = 0
	clear(d.dests)
	clear(d.routers)
	d.routers = d.routers[:0]
	clear(d.prefixes)
	d.prefixes = d.prefixes[:0]
	clear(d.prefixAt)
	clear(d.routes)
	d.routes = d.routes[:0]
	clear(d.routeAt)
	clear(d.dns)
	d.dns = d.dns[:0]
	d.nextExpiry = time.Time{}
}
