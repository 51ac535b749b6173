package faults

// Faults for the router discovery, RA option and Redirect specs that close
// the catalogue's remaining Neighbor Discovery parts (rfc2461/rs_processing.go,
// default_router_switch.go, ra_neighbor_cache.go, route_information.go,
// dns_options.go, nd_fragments.go, redirect_followed.go,
// redirect_neighbor_cache.go): each breaks one
// requirement of RFC 4861 §6, §7.2, §8, RFC 4191 or RFC 8106 that no older
// fault breaks.
const (
	// Router: Router Solicitation processing (RFC 4861 §6.2.6).
	RSLearnsEthernetSource  Fault = "rs-learns-ethernet-source"       // a router that takes the Ethernet source of a Router Solicitation without a source link-layer option as the solicitor's link-layer address
	RSSLLASetsStale         Fault = "rs-slla-sets-stale"              // a router that sets the solicitor's entry STALE on every Router Solicitation with a source link-layer option, even the same address
	RSConfirmsReachability  Fault = "rs-confirms-reachability"        // a router that takes a Router Solicitation as proof of reachability: the solicitor's entry becomes REACHABLE
	HostLearnsFromAllRouter Fault = "host-learns-from-all-routers-rs" // a host that listens to all-routers and creates a neighbor cache entry from the Router Solicitations sent there

	// Host: Router Advertisement processing (RFC 4861 §6.3.4, §6.3.6).
	RouterReachabilityIgnored Fault = "router-reachability-ignored" // chooses among default routers by preference and order only, not preferring those known or probably reachable
	ReachableTimeFirstOnly    Fault = "reachable-time-first-only"   // takes the first advertised Reachable Time and ignores later changes of it
	RASetsStale               Fault = "ra-sets-stale"               // sets the advertising router's entry STALE on every Router Advertisement, even without a new link-layer address
	RAConfirmsReachability    Fault = "ra-confirms-reachability"    // takes a Router Advertisement as proof of reachability: the router's entry becomes REACHABLE
	RAIsRouterNotSet          Fault = "ra-is-router-not-set"        // leaves the IsRouter flag of an advertising router's entry as it was

	// Host: RFC 4191 routes and RFC 8106 DNS options.
	IgnoreRoutePreference         Fault = "ignore-route-preference"          // takes every Route Information option as of medium preference
	RIOReservedPreferenceAccepted Fault = "rio-reserved-preference-accepted" // uses Route Information options of the reserved preference (10), above high
	RIONoExpiry                   Fault = "rio-no-expiry"                    // keeps routes of Route Information options past their lifetime
	DNSLifetimeZeroKept           Fault = "dns-lifetime-zero-kept"           // keeps DNS servers and search domains that an option withdraws with lifetime 0
	DNSNoExpiry                   Fault = "dns-no-expiry"                    // keeps DNS servers and search domains past their lifetime

	// Router: RFC 4191 and RFC 8106 options it advertises.
	RAPreferenceReserved Fault = "ra-preference-reserved"  // advertises the reserved Default Router Preference (10) whatever it is configured with
	RIONotSent           Fault = "rio-not-sent"            // leaves the configured Route Information options out of its advertisements
	RADNSOptionsNotSent  Fault = "ra-dns-options-not-sent" // leaves the configured RDNSS and DNSSL options out of its advertisements

	// Host: Redirect processing (RFC 4861 §8.1, §8.3).
	RedirectSetsStale                    Fault = "redirect-sets-stale"                     // sets the target's entry STALE on every Redirect, even without a new link-layer address
	RedirectConfirmsReachability         Fault = "redirect-confirms-reachability"          // takes a Redirect as proof that its target is reachable: the target's entry becomes REACHABLE
	RedirectMulticastDestinationAccepted Fault = "redirect-multicast-destination-accepted" // accepts Redirects whose Destination Address is multicast, as if their source were its first hop for it

	// Router: Redirects (RFC 4861 §8.1, §8.2).
	RedirectSourceNotNeighbor    Fault = "redirect-source-not-neighbor"   // a router that redirects packets whose source is not a neighbor
	RedirectMulticastDestination Fault = "redirect-multicast-destination" // a router that answers a packet to a multicast destination, sent to its MAC, with a Redirect
	RouterAcceptsRedirect        Fault = "router-accepts-redirect"        // a router that takes Redirects in as a host does and forwards by them

	// Host: stable addresses (RFC 7217, RFC 8064).
	StableIIDIgnored   Fault = "stable-iid-ignored"    // forms autoconfigured addresses from the modified EUI-64 identifier although configured for stable ones
	StableIIDNotStable Fault = "stable-iid-not-stable" // draws a new identifier each time it forms an address from the same prefix
	StableNoRetry      Fault = "stable-no-retry"       // leaves a stable address that DAD found duplicate unused, forming no other
	StableLLNoRetry    Fault = "stable-ll-no-retry"    // takes a duplicate stable link-local address for one formed from the MAC: stops IPv6 on the interface, forming no other
)

var _ = register(map[Fault]string{
	RSSLLASetsStale:         "a router that sets the solicitor's entry STALE on every Router Solicitation with a source link-layer option, even the same address",
	RSConfirmsReachability:  "a router that takes a Router Solicitation as proof of reachability: the solicitor's entry becomes REACHABLE",
	HostLearnsFromAllRouter: "a host that listens to all-routers and creates a neighbor cache entry from the Router Solicitations sent there",

	RouterReachabilityIgnored: "chooses among default routers by preference and order only, not preferring those known or probably reachable",
	ReachableTimeFirstOnly:    "takes the first advertised Reachable Time and ignores later changes of it",
	RASetsStale:               "sets the advertising router's entry STALE on every Router Advertisement, even without a new link-layer address",
	RAConfirmsReachability:    "takes a Router Advertisement as proof of reachability: the router's entry becomes REACHABLE",
	RAIsRouterNotSet:          "leaves the IsRouter flag of an advertising router's entry as it was",

	IgnoreRoutePreference:         "takes every Route Information option as of medium preference",
	RIOReservedPreferenceAccepted: "uses Route Information options of the reserved preference (10), above high",
	RIONoExpiry:                   "keeps routes of Route Information options past their lifetime",
	DNSLifetimeZeroKept:           "keeps DNS servers and search domains that an option withdraws with lifetime 0",
	DNSNoExpiry:                   "keeps DNS servers and search domains past their lifetime",

	RAPreferenceReserved: "advertises the reserved Default Router Preference (10) whatever it is configured with",
	RIONotSent:           "leaves the configured Route Information options out of its advertisements",
	RADNSOptionsNotSent:  "leaves the configured RDNSS and DNSSL options out of its advertisements",

	RedirectSetsStale:                    "sets the target's entry STALE on every Redirect, even without a new link-layer address",
	RedirectConfirmsReachability:         "takes a Redirect as proof that its target is reachable: the target's entry becomes REACHABLE",
	RedirectMulticastDestinationAccepted: "accepts Redirects whose Destination Address is multicast, as if their source were its first hop for it",

	RedirectSourceNotNeighbor:    "a router that redirects packets whose source is not a neighbor",
	RedirectMulticastDestination: "a router that answers a packet to a multicast destination, sent to its MAC, with a Redirect",
	RouterAcceptsRedirect:        "a router that takes Redirects in as a host does and forwards by them",

	StableIIDIgnored:   "forms autoconfigured addresses from the modified EUI-64 identifier although configured for stable ones",
	StableIIDNotStable: "draws a new identifier each time it forms an address from the same prefix",
	StableNoRetry:      "leaves a stable address that DAD found duplicate unused, forming no other",
	StableLLNoRetry:    "takes a duplicate stable link-local address for one formed from the MAC: stops IPv6 on the interface, forming no other",
})
