package faults

// Classic behaviours that today's standards forbid, kept so that the
// legacy specs (label legacy, outside the default run) have a node that
// passes them, and faults that break that classic behaviour to prove them.
const (
	// RH0Processed is RFC 2460 §4.4 and §8.4 source routing, which RFC 5095
	// §3 deprecated: against the current standard it is a deviation.
	RH0Processed Fault = "rh0-processed"
	RH0NoSwap    Fault = "rh0-address-not-swapped"
	RH0NoSLCheck Fault = "rh0-segments-left-unchecked"
)

var _ = register(map[Fault]string{
	RH0Processed: "processes a type 0 routing header as RFC 2460 §4.4 did, which RFC 5095 §3 forbids: the next address becomes the destination and the packet is sent on",
	RH0NoSwap:    "in RFC 2460 source routing, sends the packet to the next address but leaves the routing header's address list as it came",
	RH0NoSLCheck: "in RFC 2460 source routing, takes a Segments Left larger than the number of addresses without a Parameter Problem",
})
