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
	NSCodeMulticastOnly     Fault = "ns-code-multicast-only"     // checks the ICMP code 0 of Neighbor Solicitations sent to a multicast address only, not of unicast ones

	// RFC 4861 §6.1.1, §6.1.2: Router Solicitation and Advertisement validity.
	RSHopLimitMulticastOnly Fault = "rs-hoplimit-multicast-only" // a router that checks the Hop Limit 255 of Router Solicitations sent to all-routers only, not of unicast ones
	RSCodeMulticastOnly     Fault = "rs-code-multicast-only"     // a router that checks the ICMP code 0 of Router Solicitations sent to all-routers only, not of unicast ones
	RAHopLimitMulticastOnly Fault = "ra-hoplimit-multicast-only" // checks the Hop Limit 255 of Router Advertisements sent to a multicast address only, not of unicast ones
	RACodeMulticastOnly     Fault = "ra-code-multicast-only"     // checks the ICMP code 0 of Router Advertisements sent to a multicast address only, not of unicast ones

	// RFC 4861 §6.1, §7.1, §8.1: the minimum ICMP length of each ND
	// message, off by one: a message one octet short is taken (the node
	// reads the missing octet from the frame beyond the packet).
	NSLengthOffByOne       Fault = "ns-length-off-by-one"       // accepts a Neighbor Solicitation of 23 octets, one short of 24
	NALengthOffByOne       Fault = "na-length-off-by-one"       // accepts a Neighbor Advertisement of 23 octets, one short of 24
	RSLengthOffByOne       Fault = "rs-length-off-by-one"       // a router that accepts a Router Solicitation of 7 octets, one short of 8
	RALengthOffByOne       Fault = "ra-length-off-by-one"       // accepts a Router Advertisement of 15 octets, one short of 16
	RedirectLengthOffByOne Fault = "redirect-length-off-by-one" // accepts a Redirect of 39 octets, one short of 40
)

var _ = register(map[Fault]string{
	OverlapStartOnly:        "takes a new fragment for an overlap only when it starts inside a held one, not when it starts before one and runs into it",
	PTB1280BelowMinimum:     "takes a Packet Too Big reporting exactly 1280 as below the minimum and discards it",
	NSHopLimitMulticastOnly: "checks the Hop Limit 255 of Neighbor Solicitations sent to a multicast address only, not of unicast ones",
	NSCodeMulticastOnly:     "checks the ICMP code 0 of Neighbor Solicitations sent to a multicast address only, not of unicast ones",
	RSHopLimitMulticastOnly: "a router that checks the Hop Limit 255 of Router Solicitations sent to all-routers only, not of unicast ones",
	RSCodeMulticastOnly:     "a router that checks the ICMP code 0 of Router Solicitations sent to all-routers only, not of unicast ones",
	RAHopLimitMulticastOnly: "checks the Hop Limit 255 of Router Advertisements sent to a multicast address only, not of unicast ones",
	RACodeMulticastOnly:     "checks the ICMP code 0 of Router Advertisements sent to a multicast address only, not of unicast ones",
	NSLengthOffByOne:        "accepts a Neighbor Solicitation of 23 octets, one short of 24",
	NALengthOffByOne:        "accepts a Neighbor Advertisement of 23 octets, one short of 24",
	RSLengthOffByOne:        "a router that accepts a Router Solicitation of 7 octets, one short of 8",
	RALengthOffByOne:        "accepts a Router Advertisement of 15 octets, one short of 16",
	RedirectLengthOffByOne:  "accepts a Redirect of 39 octets, one short of 40",
})
