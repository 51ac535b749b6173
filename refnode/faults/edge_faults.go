package faults

// Faults at the edges of Neighbor Discovery, address autoconfiguration,
// scopes and tunnels found by mutation testing (tools/mutate): each is a
// realistic slip that no spec noticed before, kept so that the spec
// closing it can fail.
const (
	PreferredLifetimeUntimed      Fault = "preferred-lifetime-untimed"          // deprecates an autoconfigured address only when an advertisement gives preferred lifetime 0, never when a finite one runs out
	DuplicateProbedAgain          Fault = "duplicate-probed-again"              // after DAD finds an autoconfigured address a duplicate, probes the same address again and takes it when nobody answers then
	RedirectWithoutFirstHop       Fault = "redirect-without-first-hop"          // takes a Redirect for a destination it knows no first hop for
	RASolicitedLate               Fault = "ra-solicited-late"                   // answers a solicitation that follows a multicast advertisement a second later than MIN_DELAY_BETWEEN_RAS after it
	NSAnsweredForDuplicate        Fault = "ns-answered-for-duplicate"           // answers Neighbor Solicitations for an address DAD found a duplicate
	NAForDuplicateIgnored         Fault = "na-for-duplicate-ignored"            // ignores advertisements for an address DAD found a duplicate, as if it were still its own
	AnycastAnswerLate             Fault = "anycast-answer-late"                 // delays its answer for an anycast address by MAX_ANYCAST_DELAY_TIME more than the random delay
	EncapLimitLastOptionMissed    Fault = "encap-limit-last-option-missed"      // misses a Tunnel Encapsulation Limit option that ends exactly where its header ends
	EncapLimitAfterHopByHopMissed Fault = "encap-limit-after-hop-by-hop-missed" // looks for the Tunnel Encapsulation Limit only in a Destination Options header right behind the IPv6 header
	Tunnel4LowMTUNoTooBig         Fault = "tunnel4-low-mtu-no-too-big"          // puts a packet above 1280 octets into a 6in4 tunnel whose IPv4 path MTU fell below 1300, in IPv4 fragments, instead of Packet Too Big 1280
	RedirectedHeaderRoundsDown    Fault = "redirected-header-rounds-down"       // quotes the redirected packet in whole units of 8 octets, leaving out the last few octets of a packet that would fit
	TunnelNoLinkLocal             Fault = "tunnel-no-link-local"                // gives a configured tunnel interface no link-local address
	PrefixUpdateFirstEntry        Fault = "prefix-update-first-entry"           // applies an on-link prefix option to the first prefix of the interface's Prefix List, whatever its prefix
	DNSZeroLifetimeFirstEntry     Fault = "dns-zero-lifetime-first-entry"       // takes an RDNSS or DNSSL option with lifetime 0 out on the first server or domain it holds, whatever the option names
	RouteRenewalDropped           Fault = "route-renewal-dropped"               // drops a route that a later Route Information option advertises again, as if its lifetime were 0
	TunnelSmallPTBRelayed         Fault = "tunnel-small-ptb-relayed"            // relays a Packet Too Big from inside a 6in6 tunnel to the source of an original packet of 1280 octets or less, which it should fragment instead
	Tunnel4FragNeededRelayed      Fault = "tunnel4-frag-needed-relayed"         // reports a Fragmentation Needed from inside a 6in4 tunnel to the inner source as Destination Unreachable
)

var _ = register(map[Fault]string{
	PreferredLifetimeUntimed:      "deprecates an autoconfigured address only when an advertisement gives preferred lifetime 0, never when a finite one runs out",
	DuplicateProbedAgain:          "after DAD finds an autoconfigured address a duplicate, probes the same address again and takes it when nobody answers then",
	RedirectWithoutFirstHop:       "takes a Redirect for a destination it knows no first hop for",
	RASolicitedLate:               "answers a solicitation that follows a multicast advertisement a second later than MIN_DELAY_BETWEEN_RAS after it",
	NSAnsweredForDuplicate:        "answers Neighbor Solicitations for an address DAD found a duplicate",
	NAForDuplicateIgnored:         "ignores advertisements for an address DAD found a duplicate, as if it were still its own",
	AnycastAnswerLate:             "delays its answer for an anycast address by MAX_ANYCAST_DELAY_TIME more than the random delay",
	EncapLimitLastOptionMissed:    "misses a Tunnel Encapsulation Limit option that ends exactly where its header ends",
	EncapLimitAfterHopByHopMissed: "looks for the Tunnel Encapsulation Limit only in a Destination Options header right behind the IPv6 header",
	Tunnel4LowMTUNoTooBig:         "puts a packet above 1280 octets into a 6in4 tunnel whose IPv4 path MTU fell below 1300, in IPv4 fragments, instead of Packet Too Big 1280",
	RedirectedHeaderRoundsDown:    "quotes the redirected packet in whole units of 8 octets, leaving out the last few octets of a packet that would fit",
	TunnelNoLinkLocal:             "gives a configured tunnel interface no link-local address",
	PrefixUpdateFirstEntry:        "applies an on-link prefix option to the first prefix of the interface's Prefix List, whatever its prefix",
	DNSZeroLifetimeFirstEntry:     "takes an RDNSS or DNSSL option with lifetime 0 out on the first server or domain it holds, whatever the option names",
	RouteRenewalDropped:           "drops a route that a later Route Information option advertises again, as if its lifetime were 0",
	TunnelSmallPTBRelayed:         "relays a Packet Too Big from inside a 6in6 tunnel to the source of an original packet of 1280 octets or less, which it should fragment instead",
	Tunnel4FragNeededRelayed:      "reports a Fragmentation Needed from inside a 6in4 tunnel to the inner source as Destination Unreachable",
})
