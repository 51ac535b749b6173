package faults

// Faults at the boundaries of a rule: each is a realistic slip in one check
// (an off-by-one at a limit, a check applied to one case of two) that
// leaves the rest of the rule working, so that only a spec at that
// boundary, or of that case, can catch it.
const (
	// RFC 8200 §4.5, RFC 5722 §4: fragments.
	OverlapStartOnly Fault = "overlap-start-only" // takes a new fragment for an overlap only when it starts inside a held one, not when it starts before one and runs into it

	// RFC 8201 §4: Packet Too Big.
	PTB1280BelowMinimum Fault = "ptb-1280-below-minimum" // takes a Packet Too Big reporting exactly 1280 as below the minimum and discards it

	// RFC 4861 §7.1.1: Neighbor Solicitation validity.
	NSHopLimitMulticastOnly Fault = "ns-hoplimit-multicast-only" // checks the Hop Limit 255 of Neighbor Solicitations sent to a multicast address only, not of unicast ones
)

var _ = register(map[Fault]string{
	OverlapStartOnly:        "takes a new fragment for an overlap only when it starts inside a held one, not when it starts before one and runs into it",
	PTB1280BelowMinimum:     "takes a Packet Too Big reporting exactly 1280 as below the minimum and discards it",
	NSHopLimitMulticastOnly: "checks the Hop Limit 255 of Neighbor Solicitations sent to a multicast address only, not of unicast ones",
})
