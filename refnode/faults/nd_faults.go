package faults

// Neighbor Discovery (RFC 4861, RFC 4191, RFC 8106) and address
// autoconfiguration (RFC 4862): the host's router discovery, RA processing,
// redirects and SLAAC; the router's RS processing, redirects and RA sending
// (refnode/rtadv); neighbor unreachability detection.
const (
	// Host: Router Solicitations (RFC 4861 §6.3.7).
	NoRS        Fault = "no-rs"        // never sends a Router Solicitation
	RSUnlimited Fault = "rs-unlimited" // keeps soliciting every RTR_SOLICITATION_INTERVAL past MAX_RTR_SOLICITATIONS
	RSAfterRA   Fault = "rs-after-ra"  // goes on soliciting after a valid Router Advertisement

	// Host: Router Advertisement validation (§6.1.2) and processing (§6.3.4).
	RAAnyHopLimit          Fault = "ra-any-hoplimit"           // accepts Router Advertisements whatever their Hop Limit
	RAGlobalSourceAccepted Fault = "ra-global-source-accepted" // accepts Router Advertisements whose source is not link-local
	RAAnyCode              Fault = "ra-any-code"               // accepts Router Advertisements with a non-zero ICMP code
	RAShortAccepted        Fault = "ra-short-accepted"         // accepts Router Advertisements shorter than 16 octets, reading the missing fields as zero
	IgnoreRouterLifetime   Fault = "ignore-router-lifetime"    // keeps an advertising router as default router forever, whatever its Router Lifetime
	IgnoreRACurHopLimit    Fault = "ignore-ra-cur-hop-limit"   // keeps its own hop limit when an RA announces Cur Hop Limit
	IgnoreRAReachableTime  Fault = "ignore-ra-reachable-time"  // keeps its BaseReachableTime when an RA announces Reachable Time
	IgnoreRARetransTimer   Fault = "ignore-ra-retrans-timer"   // keeps its RetransTimer when an RA announces Retrans Timer
	IgnoreRAMTU            Fault = "ignore-ra-mtu"             // ignores the MTU option of Router Advertisements
	RASLLAIgnored          Fault = "ra-slla-ignored"           // does not create or update a neighbor cache entry from an RA's source link-layer option
	IgnoreOnLinkFlag       Fault = "ignore-onlink-flag"        // does not put prefixes advertised with L=1 on its prefix list (sends to them through a router)
	IgnoreRouterPreference Fault = "ignore-router-preference"  // ignores the Default Router Preference of RFC 4191: the first router heard stays first
	IgnoreRouteInformation Fault = "ignore-route-information"  // ignores Route Information options (RFC 4191)
	IgnoreRDNSS            Fault = "ignore-rdnss"              // ignores Recursive DNS Server options (RFC 8106)
	IgnoreDNSSL            Fault = "ignore-dnssl"              // ignores DNS Search List options (RFC 8106)
	NARouterFlagIgnored    Fault = "na-router-flag-ignored"    // keeps a neighbor on the default router list when its advertisement clears the R flag

	// Host: stateless address autoconfiguration (RFC 4862 §5.5.3).
	NoSLAAC                 Fault = "no-slaac"                   // forms no address from advertised prefixes
	SLAACIgnoresAFlag       Fault = "slaac-ignores-a-flag"       // forms addresses from prefixes advertised with A=0
	SLAACLinkLocalPrefix    Fault = "slaac-link-local-prefix"    // forms addresses from an advertised link-local prefix
	SLAACPreferredOverValid Fault = "slaac-preferred-over-valid" // forms addresses from prefixes whose preferred lifetime exceeds the valid lifetime
	SLAACAnyPrefixLength    Fault = "slaac-any-prefix-length"    // forms addresses from prefixes of any length, the interface identifier overwriting the rest
	SLAACZeroValidLifetime  Fault = "slaac-zero-valid-lifetime"  // forms an address from a prefix advertised with valid lifetime 0 (for a day)
	IgnorePreferredLifetime Fault = "ignore-preferred-lifetime"  // never deprecates autoconfigured addresses
	IgnoreValidLifetime     Fault = "ignore-valid-lifetime"      // never removes autoconfigured addresses whose valid lifetime ran out
	NoTwoHourRule           Fault = "no-two-hour-rule"           // takes any advertised valid lifetime for an address, below two hours included

	// Host: Redirect processing (§8.1, §8.3).
	RedirectIgnored     Fault = "redirect-ignored"      // ignores valid Redirects
	RedirectAnySource   Fault = "redirect-any-source"   // accepts Redirects from a global source or from a router that is not the current first hop
	RedirectAnyHopLimit Fault = "redirect-any-hoplimit" // accepts Redirects whatever their Hop Limit
	RedirectAnyCode     Fault = "redirect-any-code"     // accepts Redirects with a non-zero ICMP code
	RedirectTLLAIgnored Fault = "redirect-tlla-ignored" // does not update the neighbor cache from a Redirect's target link-layer option

	// Neighbor unreachability detection and the cache (§7.2.3, §7.3.3, §6.3.2).
	NUDNoProbe             Fault = "nud-no-probe"              // never sends unicast probes: an entry that leaves DELAY goes back to STALE
	NUDNoDelay             Fault = "nud-no-delay"              // probes a STALE neighbor at once when sending to it, without DELAY_FIRST_PROBE_TIME
	StaleNotUpdatedByNS    Fault = "stale-not-updated-by-ns"   // keeps the cached link-layer address when a solicitation brings a different one
	ReachableTimeNotRandom Fault = "reachable-time-not-random" // uses BaseReachableTime as ReachableTime, without the random factor

	// Router: RS processing (§6.2.6), anycast (§7.2.7), Redirects (§8.2).
	RSAnyHopLimit         Fault = "rs-any-hoplimit"          // a router that answers Router Solicitations whatever their Hop Limit
	RSUnspecifiedWithSLLA Fault = "rs-unspecified-with-slla" // a router that answers a Router Solicitation from :: carrying a source link-layer option
	RSSLLAIgnored         Fault = "rs-slla-ignored"          // a router that does not create a neighbor cache entry from an RS's source link-layer option
	NoSubnetRouterAnycast Fault = "no-subnet-router-anycast" // a router that does not answer for the subnet-router anycast addresses of its prefixes
	AnycastOverride       Fault = "anycast-override"         // a router that sets O=1 in advertisements for an anycast address
	NoRedirectSent        Fault = "no-redirect-sent"         // a router that never sends Redirects
	RedirectNoRateLimit   Fault = "redirect-no-rate-limit"   // a router that does not rate-limit the Redirects it sends

	// Router: Router Advertisements (refnode/rtadv, §6.2.4 to §6.2.6).
	RAUnsolicitedTooOften Fault = "ra-unsolicited-too-often" // sends unsolicited advertisements at half MinRtrAdvInterval
	RASolicitedNoDelay    Fault = "ra-solicited-no-delay"    // answers each Router Solicitation at once, without the random delay or MIN_DELAY_BETWEEN_RAS
	RANoFinal             Fault = "ra-no-final"              // sends no final advertisement with Router Lifetime 0 when an interface stops advertising
)

var _ = register(map[Fault]string{
	NoRS:        "never sends a Router Solicitation",
	RSUnlimited: "keeps soliciting every RTR_SOLICITATION_INTERVAL past MAX_RTR_SOLICITATIONS",
	RSAfterRA:   "goes on soliciting after a valid Router Advertisement",

	RAAnyHopLimit:          "accepts Router Advertisements whatever their Hop Limit",
	RAGlobalSourceAccepted: "accepts Router Advertisements whose source is not link-local",
	RAAnyCode:              "accepts Router Advertisements with a non-zero ICMP code",
	RAShortAccepted:        "accepts Router Advertisements shorter than 16 octets, reading the missing fields as zero",
	IgnoreRouterLifetime:   "keeps an advertising router as default router forever, whatever its Router Lifetime",
	IgnoreRACurHopLimit:    "keeps its own hop limit when an RA announces Cur Hop Limit",
	IgnoreRAReachableTime:  "keeps its BaseReachableTime when an RA announces Reachable Time",
	IgnoreRARetransTimer:   "keeps its RetransTimer when an RA announces Retrans Timer",
	IgnoreRAMTU:            "ignores the MTU option of Router Advertisements",
	RASLLAIgnored:          "does not create or update a neighbor cache entry from an RA's source link-layer option",
	IgnoreOnLinkFlag:       "does not put prefixes advertised with L=1 on its prefix list (sends to them through a router)",
	IgnoreRouterPreference: "ignores the Default Router Preference of RFC 4191: the first router heard stays first",
	IgnoreRouteInformation: "ignores Route Information options (RFC 4191)",
	IgnoreRDNSS:            "ignores Recursive DNS Server options (RFC 8106)",
	IgnoreDNSSL:            "ignores DNS Search List options (RFC 8106)",
	NARouterFlagIgnored:    "keeps a neighbor on the default router list when its advertisement clears the R flag",

	NoSLAAC:                 "forms no address from advertised prefixes",
	SLAACIgnoresAFlag:       "forms addresses from prefixes advertised with A=0",
	SLAACLinkLocalPrefix:    "forms addresses from an advertised link-local prefix",
	SLAACPreferredOverValid: "forms addresses from prefixes whose preferred lifetime exceeds the valid lifetime",
	SLAACAnyPrefixLength:    "forms addresses from prefixes of any length, the interface identifier overwriting the rest",
	SLAACZeroValidLifetime:  "forms an address from a prefix advertised with valid lifetime 0 (for a day)",
	IgnorePreferredLifetime: "never deprecates autoconfigured addresses",
	IgnoreValidLifetime:     "never removes autoconfigured addresses whose valid lifetime ran out",
	NoTwoHourRule:           "takes any advertised valid lifetime for an address, below two hours included",

	RedirectIgnored:     "ignores valid Redirects",
	RedirectAnySource:   "accepts Redirects from a global source or from a router that is not the current first hop",
	RedirectAnyHopLimit: "accepts Redirects whatever their Hop Limit",
	RedirectAnyCode:     "accepts Redirects with a non-zero ICMP code",
	RedirectTLLAIgnored: "does not update the neighbor cache from a Redirect's target link-layer option",

	NUDNoProbe:             "never sends unicast probes: an entry that leaves DELAY goes back to STALE",
	NUDNoDelay:             "probes a STALE neighbor at once when sending to it, without DELAY_FIRST_PROBE_TIME",
	StaleNotUpdatedByNS:    "keeps the cached link-layer address when a solicitation brings a different one",
	ReachableTimeNotRandom: "uses BaseReachableTime as ReachableTime, without the random factor",

	RSAnyHopLimit:         "a router that answers Router Solicitations whatever their Hop Limit",
	RSUnspecifiedWithSLLA: "a router that answers a Router Solicitation from :: carrying a source link-layer option",
	RSSLLAIgnored:         "a router that does not create a neighbor cache entry from an RS's source link-layer option",
	NoSubnetRouterAnycast: "a router that does not answer for the subnet-router anycast addresses of its prefixes",
	AnycastOverride:       "a router that sets O=1 in advertisements for an anycast address",
	NoRedirectSent:        "a router that never sends Redirects",
	RedirectNoRateLimit:   "a router that does not rate-limit the Redirects it sends",

	RAUnsolicitedTooOften: "sends unsolicited advertisements at half MinRtrAdvInterval",
	RASolicitedNoDelay:    "answers each Router Solicitation at once, without the random delay or MIN_DELAY_BETWEEN_RAS",
	RANoFinal:             "sends no final advertisement with Router Lifetime 0 when an interface stops advertising",
})
