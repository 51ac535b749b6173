package faults

// Faults for the router discovery, Router Advertisement and Redirect specs
// (rfc2461/router_advertisement.go, redirect.go, router_role.go): each
// breaks one requirement of RFC 4861 §6 or §8 (RFC 4943 for on-link
// assumption) that no older fault breaks.
const (
	// Host.
	HostLearnsFromRS         Fault = "host-learns-from-rs"         // a host that creates a neighbor cache entry from a Router Solicitation's source link-layer option
	RAZeroHopLimitResets     Fault = "ra-zero-hop-limit-resets"    // goes back to its default hop limit when an RA leaves Cur Hop Limit unspecified (0)
	RouterLifetimeNotRenewed Fault = "router-lifetime-not-renewed" // keeps a default router's first expiry time when later RAs renew its Router Lifetime
	OffLinkAssumedOnLink     Fault = "offlink-assumed-onlink"      // with no route and no default router, takes every destination as on-link (RFC 2461, undone by RFC 4943)
	RedirectAnyTarget        Fault = "redirect-any-target"         // accepts Redirects whose target is neither link-local nor the destination (multicast included)
	RedirectShortAccepted    Fault = "redirect-short-accepted"     // accepts Redirects shorter than 40 octets, reading past their end

	// Router.
	RSAnyCode            Fault = "rs-any-code"             // a router that answers Router Solicitations with a non-zero ICMP code
	RSShortAccepted      Fault = "rs-short-accepted"       // a router that answers Router Solicitations shorter than 8 octets
	RSNotAnswered        Fault = "rs-not-answered"         // a router that never answers Router Solicitations: its advertisements keep their schedule
	RANoInitialFast      Fault = "ra-no-initial-fast"      // does not shorten its first advertisement intervals to MAX_INITIAL_RTR_ADVERT_INTERVAL
	RACurHopLimitZero    Fault = "ra-cur-hop-limit-zero"   // advertises Cur Hop Limit 0 (unspecified) whatever it is configured with
	RAReachableTimeZero  Fault = "ra-reachable-time-zero"  // advertises Reachable Time 0 (unspecified) whatever it is configured with
	RAAnswersWhenStopped Fault = "ra-answers-when-stopped" // answers Router Solicitations on an interface that has ceased advertising
)

var _ = register(map[Fault]string{
	HostLearnsFromRS:         "a host that creates a neighbor cache entry from a Router Solicitation's source link-layer option",
	RAZeroHopLimitResets:     "goes back to its default hop limit when an RA leaves Cur Hop Limit unspecified (0)",
	RouterLifetimeNotRenewed: "keeps a default router's first expiry time when later RAs renew its Router Lifetime",
	OffLinkAssumedOnLink:     "with no route and no default router, takes every destination as on-link (RFC 2461, undone by RFC 4943)",
	RedirectAnyTarget:        "accepts Redirects whose target is neither link-local nor the destination (multicast included)",
	RedirectShortAccepted:    "accepts Redirects shorter than 40 octets, reading past their end",

	RSAnyCode:            "a router that answers Router Solicitations with a non-zero ICMP code",
	RSShortAccepted:      "a router that answers Router Solicitations shorter than 8 octets",
	RSNotAnswered:        "a router that never answers Router Solicitations: its advertisements keep their schedule",
	RANoInitialFast:      "does not shorten its first advertisement intervals to MAX_INITIAL_RTR_ADVERT_INTERVAL",
	RACurHopLimitZero:    "advertises Cur Hop Limit 0 (unspecified) whatever it is configured with",
	RAReachableTimeZero:  "advertises Reachable Time 0 (unspecified) whatever it is configured with",
	RAAnswersWhenStopped: "answers Router Solicitations on an interface that has ceased advertising",
})
