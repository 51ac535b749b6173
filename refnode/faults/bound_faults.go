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

	// RFC 4861 §4.6, §6.1, §7.1.1: an option of length 0 discards the
	// message, whatever its destination.
	NSZeroOptionMulticastOnly Fault = "ns-zero-option-multicast-only" // discards Neighbor Solicitations with an option of length 0 only when sent to a multicast address
	RSZeroOptionMulticastOnly Fault = "rs-zero-option-multicast-only" // a router that discards Router Solicitations with an option of length 0 only when sent to all-routers
	RAZeroOptionMulticastOnly Fault = "ra-zero-option-multicast-only" // discards Router Advertisements with an option of length 0 only when sent to a multicast address

	// RFC 4861 §6.1, §7.1, §8.1: the minimum ICMP length of each ND
	// message, off by one: a message one octet short is taken (the node
	// reads the missing octet from the frame beyond the packet).
	NSLengthOffByOne       Fault = "ns-length-off-by-one"       // accepts a Neighbor Solicitation of 23 octets, one short of 24
	NALengthOffByOne       Fault = "na-length-off-by-one"       // accepts a Neighbor Advertisement of 23 octets, one short of 24
	RSLengthOffByOne       Fault = "rs-length-off-by-one"       // a router that accepts a Router Solicitation of 7 octets, one short of 8
	RALengthOffByOne       Fault = "ra-length-off-by-one"       // accepts a Router Advertisement of 15 octets, one short of 16
	RedirectLengthOffByOne Fault = "redirect-length-off-by-one" // accepts a Redirect of 39 octets, one short of 40

	// RFC 4861 §8.1: a Redirect's target is link-local or the destination.
	RedirectTargetMulticastOnly Fault = "redirect-target-multicast-only" // refuses only multicast Redirect targets, taking a global one that is not the destination

	// RFC 4861 §7.2.2: packets wait while resolution is under way.
	IncompleteSendsAtOnce Fault = "incomplete-sends-at-once" // queues only the packet that starts address resolution; later ones for the same neighbor go out at once, to an all-zero link-layer address

	// RFC 4861 §7.3.3: unreachability probes.
	NUDExtraProbe    Fault = "nud-extra-probe"     // sends one unicast probe more than MAX_UNICAST_SOLICIT before giving a neighbor up
	NUDProbeOneShort Fault = "nud-probe-one-short" // gives a neighbor up after one unicast probe fewer than MAX_UNICAST_SOLICIT

	// RFC 4862 §5.5.3 (e): the two-hour rule, each of its two short cases.
	TwoHourKeepsRemaining Fault = "two-hour-keeps-remaining" // keeps a remaining valid lifetime above two hours when an advertisement gives less than two hours, instead of cutting it to two hours
	TwoHourExtendsShort   Fault = "two-hour-extends-short"   // sets a remaining valid lifetime of two hours or less to two hours when an advertisement gives less, instead of leaving it as it is

	// RFC 4191 §2.3, §3.1: the Length of a Route Information option must
	// hold its prefix.
	RIOLongPrefixInLength2 Fault = "rio-long-prefix-in-length-2" // uses a Route Information option of Length 2 whose prefix is longer than 64 bits, its missing bits taken as zero
	RIOPrefixInLength1     Fault = "rio-prefix-in-length-1"      // uses a Route Information option of Length 1 whose prefix is longer than 0 bits, its missing bits taken as zero

	// RFC 4861 §6.3.7: only an advertisement with a non-zero Router
	// Lifetime ends router solicitation.
	RSStopOnLifetimeZero Fault = "rs-stop-on-lifetime-zero" // stops soliciting routers on any valid advertisement, one with Router Lifetime 0 too

	// RFC 4861 §6.3.4, RFC 4862 §5.5.3 (e): a valid lifetime of 0, the
	// bottom of the range.
	OnLinkZeroLifetimeKept   Fault = "onlink-zero-lifetime-kept"   // keeps an on-link prefix that an advertisement gives valid lifetime 0, until its old lifetime runs out
	SLAACZeroLifetimeRemoves Fault = "slaac-zero-lifetime-removes" // removes an autoconfigured address at once when an advertisement gives its prefix valid lifetime 0, ignoring the two-hour rule

	// RFC 8106 §5.2, RFC 1035 §2.3.4: a label of a search domain may be 63
	// octets long.
	DNSSLLabel62Max Fault = "dnssl-label-62-max" // takes a DNS Search List option with a label of 63 octets, the longest allowed, for malformed

	// RFC 4861 §6.3.4: the MTU option.
	RAMTUBelowMinimumAccepted Fault = "ra-mtu-below-minimum-accepted" // takes an advertised MTU below 1280 as the link MTU: only the upper bound is checked

	// RFC 4291 §2.7.1, §2.8: solicited-node groups.
	SolicitedNodeLow16 Fault = "solicited-node-low-16" // forms the solicited-node groups it joins from the low 16 bits of its addresses instead of 24

	// RFC 6724 §5 rule 2: the smallest scope that reaches the destination.
	SASScopeOffByOne Fault = "sas-scope-off-by-one" // takes a source scope equal to the destination's as too small: sends to link-local destinations from a global address

	// Router: RFC 8200 §3, §5; RFC 4443 §3.2, §3.3; RFC 4291 §2.5.6.
	ForwardHopLimitOffByOne Fault = "forward-hoplimit-off-by-one" // a router that answers Time Exceeded for a packet that arrives with Hop Limit 2, instead of forwarding it with 1
	LinkLocalFE80Only       Fault = "link-local-fe80-16-only"     // a router that keeps on their link only link-local sources in fe80::/16, not the rest of fe80::/10
	RedirectGlobalTarget    Fault = "redirect-global-target"      // a router that names a better router in its Redirects by the global address its route gives, not by a link-local address
	RedirectMTUOffByOne     Fault = "redirect-mtu-off-by-one"     // a router that sends no Redirect about a packet exactly as long as the link's MTU, as if it were too big

	// Tunnels: RFC 2473 §7.1, RFC 4213 §3.2.2.
	Tunnel6MTUOffByOne    Fault = "tunnel6-mtu-off-by-one"     // refuses with Packet Too Big a packet exactly as long as an IPv6 tunnel's MTU
	TunnelIPv4MTUOffByOne Fault = "tunnel-ipv4-mtu-off-by-one" // refuses with Fragmentation Needed an IPv4 packet with DF exactly as long as the tunnel's MTU
	Tunnel4MTUOffByOne    Fault = "tunnel4-mtu-off-by-one"     // refuses with Packet Too Big a packet exactly as long as a 6in4 tunnel's MTU
	TunnelPTBBelowMinimum Fault = "tunnel-ptb-below-minimum"   // reports an IPv6 tunnel MTU below 1280 in its Packet Too Big messages, instead of 1280
	Tunnel4MinMTUOffByOne Fault = "tunnel4-min-mtu-off-by-one" // takes a 6in4 tunnel MTU of exactly 1280 (IPv4 path MTU 1300) as below the minimum: its packets go without DF
	EncapLimitOneRefused  Fault = "encap-limit-one-refused"    // refuses with Parameter Problem a tunnel packet whose Tunnel Encapsulation Limit is 1, as if it were 0
)

var _ = register(map[Fault]string{
	OverlapStartOnly:            "takes a new fragment for an overlap only when it starts inside a held one, not when it starts before one and runs into it",
	PTB1280BelowMinimum:         "takes a Packet Too Big reporting exactly 1280 as below the minimum and discards it",
	NSHopLimitMulticastOnly:     "checks the Hop Limit 255 of Neighbor Solicitations sent to a multicast address only, not of unicast ones",
	NSCodeMulticastOnly:         "checks the ICMP code 0 of Neighbor Solicitations sent to a multicast address only, not of unicast ones",
	RSHopLimitMulticastOnly:     "a router that checks the Hop Limit 255 of Router Solicitations sent to all-routers only, not of unicast ones",
	RSCodeMulticastOnly:         "a router that checks the ICMP code 0 of Router Solicitations sent to all-routers only, not of unicast ones",
	RAHopLimitMulticastOnly:     "checks the Hop Limit 255 of Router Advertisements sent to a multicast address only, not of unicast ones",
	RACodeMulticastOnly:         "checks the ICMP code 0 of Router Advertisements sent to a multicast address only, not of unicast ones",
	NSZeroOptionMulticastOnly:   "discards Neighbor Solicitations with an option of length 0 only when sent to a multicast address",
	RSZeroOptionMulticastOnly:   "a router that discards Router Solicitations with an option of length 0 only when sent to all-routers",
	RAZeroOptionMulticastOnly:   "discards Router Advertisements with an option of length 0 only when sent to a multicast address",
	NSLengthOffByOne:            "accepts a Neighbor Solicitation of 23 octets, one short of 24",
	NALengthOffByOne:            "accepts a Neighbor Advertisement of 23 octets, one short of 24",
	RSLengthOffByOne:            "a router that accepts a Router Solicitation of 7 octets, one short of 8",
	RALengthOffByOne:            "accepts a Router Advertisement of 15 octets, one short of 16",
	RedirectTargetMulticastOnly: "refuses only multicast Redirect targets, taking a global one that is not the destination",
	RedirectLengthOffByOne:      "accepts a Redirect of 39 octets, one short of 40",

	IncompleteSendsAtOnce:     "queues only the packet that starts address resolution; later ones for the same neighbor go out at once, to an all-zero link-layer address",
	NUDExtraProbe:             "sends one unicast probe more than MAX_UNICAST_SOLICIT before giving a neighbor up",
	NUDProbeOneShort:          "gives a neighbor up after one unicast probe fewer than MAX_UNICAST_SOLICIT",
	TwoHourKeepsRemaining:     "keeps a remaining valid lifetime above two hours when an advertisement gives less than two hours, instead of cutting it to two hours",
	TwoHourExtendsShort:       "sets a remaining valid lifetime of two hours or less to two hours when an advertisement gives less, instead of leaving it as it is",
	RIOLongPrefixInLength2:    "uses a Route Information option of Length 2 whose prefix is longer than 64 bits, its missing bits taken as zero",
	RIOPrefixInLength1:        "uses a Route Information option of Length 1 whose prefix is longer than 0 bits, its missing bits taken as zero",
	RSStopOnLifetimeZero:      "stops soliciting routers on any valid advertisement, one with Router Lifetime 0 too",
	OnLinkZeroLifetimeKept:    "keeps an on-link prefix that an advertisement gives valid lifetime 0, until its old lifetime runs out",
	SLAACZeroLifetimeRemoves:  "removes an autoconfigured address at once when an advertisement gives its prefix valid lifetime 0, ignoring the two-hour rule",
	DNSSLLabel62Max:           "takes a DNS Search List option with a label of 63 octets, the longest allowed, for malformed",
	RAMTUBelowMinimumAccepted: "takes an advertised MTU below 1280 as the link MTU: only the upper bound is checked",
	SASScopeOffByOne:          "takes a source scope equal to the destination's as too small: sends to link-local destinations from a global address",
	SolicitedNodeLow16:        "forms the solicited-node groups it joins from the low 16 bits of its addresses instead of 24",
	ForwardHopLimitOffByOne:   "a router that answers Time Exceeded for a packet that arrives with Hop Limit 2, instead of forwarding it with 1",
	RedirectGlobalTarget:      "a router that names a better router in its Redirects by the global address its route gives, not by a link-local address",
	RedirectMTUOffByOne:       "a router that sends no Redirect about a packet exactly as long as the link's MTU, as if it were too big",
	LinkLocalFE80Only:         "a router that keeps on their link only link-local sources in fe80::/16, not the rest of fe80::/10",
	Tunnel6MTUOffByOne:        "refuses with Packet Too Big a packet exactly as long as an IPv6 tunnel's MTU",
	TunnelPTBBelowMinimum:     "reports an IPv6 tunnel MTU below 1280 in its Packet Too Big messages, instead of 1280",
	Tunnel4MinMTUOffByOne:     "takes a 6in4 tunnel MTU of exactly 1280 (IPv4 path MTU 1300) as below the minimum: its packets go without DF",
	EncapLimitOneRefused:      "refuses with Parameter Problem a tunnel packet whose Tunnel Encapsulation Limit is 1, as if it were 0",
	TunnelIPv4MTUOffByOne:     "refuses with Fragmentation Needed an IPv4 packet with DF exactly as long as the tunnel's MTU",
	Tunnel4MTUOffByOne:        "refuses with Packet Too Big a packet exactly as long as a 6in4 tunnel's MTU",
})
