package faults

// Router discovery (RFC 4861 §6), router preferences and more-specific
// routes (RFC 4191) and DNS options (RFC 8106): refnode/nd/router.go,
// lists.go, dns.go, refnode/rtadv.
const (
	RAPreferenceReserved          Fault = "ra-preference-reserved"
	RIOLongPrefixInLength2        Fault = "rio-long-prefix-in-length-2"
	RIOPrefixInLength1            Fault = "rio-prefix-in-length-1"
	RIONotSent                    Fault = "rio-not-sent"
	IgnoreRouteInformation        Fault = "ignore-route-information"
	RouteRenewalDropped           Fault = "route-renewal-dropped"
	IgnoreRoutePreference         Fault = "ignore-route-preference"
	RIOReservedPreferenceAccepted Fault = "rio-reserved-preference-accepted"
	RIONoExpiry                   Fault = "rio-no-expiry"
	IgnoreRouterPreference        Fault = "ignore-router-preference"
	RSAnyHopLimit                 Fault = "rs-any-hoplimit"
	RSUnspecifiedWithSLLA         Fault = "rs-unspecified-with-slla"
	RSHopLimitMulticastOnly       Fault = "rs-hoplimit-multicast-only"
	RSCodeMulticastOnly           Fault = "rs-code-multicast-only"
	RSZeroOptionMulticastOnly     Fault = "rs-zero-option-multicast-only"
	RSLengthOffByOne              Fault = "rs-length-off-by-one"
	RSAnyCode                     Fault = "rs-any-code"
	RSShortAccepted               Fault = "rs-short-accepted"
	RAAnyHopLimit                 Fault = "ra-any-hoplimit"
	RAGlobalSourceAccepted        Fault = "ra-global-source-accepted"
	RAAnyCode                     Fault = "ra-any-code"
	RAShortAccepted               Fault = "ra-short-accepted"
	RAHopLimitMulticastOnly       Fault = "ra-hoplimit-multicast-only"
	RACodeMulticastOnly           Fault = "ra-code-multicast-only"
	RAZeroOptionMulticastOnly     Fault = "ra-zero-option-multicast-only"
	RALengthOffByOne              Fault = "ra-length-off-by-one"
	RAReachableTimeZero           Fault = "ra-reachable-time-zero"
	RACurHopLimitZero             Fault = "ra-cur-hop-limit-zero"
	RAUnsolicitedTooOften         Fault = "ra-unsolicited-too-often"
	RANoInitialFast               Fault = "ra-no-initial-fast"
	RANoFinal                     Fault = "ra-no-final"
	RAAnswersWhenStopped          Fault = "ra-answers-when-stopped"
	RSSLLAIgnored                 Fault = "rs-slla-ignored"
	RASolicitedNoDelay            Fault = "ra-solicited-no-delay"
	RASolicitedLate               Fault = "ra-solicited-late"
	RSSLLASetsStale               Fault = "rs-slla-sets-stale"
	RSConfirmsReachability        Fault = "rs-confirms-reachability"
	HostLearnsFromAllRouter       Fault = "host-learns-from-all-routers-rs"
	HostLearnsFromRS              Fault = "host-learns-from-rs"
	RSNotAnswered                 Fault = "rs-not-answered"
	ReachableTimeNotRandom        Fault = "reachable-time-not-random"
	IgnoreRouterLifetime          Fault = "ignore-router-lifetime"
	IgnoreRACurHopLimit           Fault = "ignore-ra-cur-hop-limit"
	IgnoreRAReachableTime         Fault = "ignore-ra-reachable-time"
	IgnoreRARetransTimer          Fault = "ignore-ra-retrans-timer"
	IgnoreRAMTU                   Fault = "ignore-ra-mtu"
	RASLLAIgnored                 Fault = "ra-slla-ignored"
	IgnoreOnLinkFlag              Fault = "ignore-onlink-flag"
	DRLOneRouter                  Fault = "drl-one-router"
	OnLinkZeroLifetimeKept        Fault = "onlink-zero-lifetime-kept"
	RAMTUBelowMinimumAccepted     Fault = "ra-mtu-below-minimum-accepted"
	PrefixUpdateFirstEntry        Fault = "prefix-update-first-entry"
	OnLinkPrefixNoExpiry          Fault = "onlink-prefix-no-expiry"
	OnLinkLifetimeNotUpdated      Fault = "onlink-lifetime-not-updated"
	ReachableTimeFirstOnly        Fault = "reachable-time-first-only"
	RASetsStale                   Fault = "ra-sets-stale"
	RAConfirmsReachability        Fault = "ra-confirms-reachability"
	RAIsRouterNotSet              Fault = "ra-is-router-not-set"
	RAZeroHopLimitResets          Fault = "ra-zero-hop-limit-resets"
	RouterLifetimeNotRenewed      Fault = "router-lifetime-not-renewed"
	RouterReachabilityIgnored     Fault = "router-reachability-ignored"
	NoRS                          Fault = "no-rs"
	RSUnlimited                   Fault = "rs-unlimited"
	RSAfterRA                     Fault = "rs-after-ra"
	RSStopOnLifetimeZero          Fault = "rs-stop-on-lifetime-zero"
	RADNSOptionsNotSent           Fault = "ra-dns-options-not-sent"
	DNSZeroLifetimeFirstEntry     Fault = "dns-zero-lifetime-first-entry"
	IgnoreRDNSS                   Fault = "ignore-rdnss"
	IgnoreDNSSL                   Fault = "ignore-dnssl"
	DNSSLLabel62Max               Fault = "dnssl-label-62-max"
	DNSLifetimeZeroKept           Fault = "dns-lifetime-zero-kept"
	DNSNoExpiry                   Fault = "dns-no-expiry"
)

var _ = add(NDRouter, []Row{
	{RAPreferenceReserved, "RFC 4191 §2.2", "advertises the reserved Default Router Preference (10) whatever it is configured with"},
	{RIOLongPrefixInLength2, "RFC 4191 §2.3", "uses a Route Information option of Length 2 whose prefix is longer than 64 bits, its missing bits taken as zero"},
	{RIOPrefixInLength1, "RFC 4191 §2.3", "uses a Route Information option of Length 1 whose prefix is longer than 0 bits, its missing bits taken as zero"},
	{RIONotSent, "RFC 4191 §2.3", "leaves the configured Route Information options out of its advertisements"},
	{IgnoreRouteInformation, "RFC 4191 §3.1", "ignores Route Information options (RFC 4191)"},
	{RouteRenewalDropped, "RFC 4191 §3.1", "drops a route that a later Route Information option advertises again, as if its lifetime were 0"},
	{IgnoreRoutePreference, "RFC 4191 §3.1", "takes every Route Information option as of medium preference"},
	{RIOReservedPreferenceAccepted, "RFC 4191 §3.1", "uses Route Information options of the reserved preference (10), above high"},
	{RIONoExpiry, "RFC 4191 §3.1", "keeps routes of Route Information options past their lifetime"},
	{IgnoreRouterPreference, "RFC 4191 §3.2", "ignores the Default Router Preference of RFC 4191: the first router heard stays first"},
	{RSAnyHopLimit, "RFC 4861 §6.1.1", "a router that answers Router Solicitations whatever their Hop Limit"},
	{RSUnspecifiedWithSLLA, "RFC 4861 §6.1.1", "a router that answers a Router Solicitation from :: carrying a source link-layer option"},
	{RSHopLimitMulticastOnly, "RFC 4861 §6.1.1", "a router that checks the Hop Limit 255 of Router Solicitations sent to all-routers only, not of unicast ones"},
	{RSCodeMulticastOnly, "RFC 4861 §6.1.1", "a router that checks the ICMP code 0 of Router Solicitations sent to all-routers only, not of unicast ones"},
	{RSZeroOptionMulticastOnly, "RFC 4861 §6.1.1", "a router that discards Router Solicitations with an option of length 0 only when sent to all-routers"},
	{RSLengthOffByOne, "RFC 4861 §6.1.1", "a router that accepts a Router Solicitation of 7 octets, one short of 8"},
	{RSAnyCode, "RFC 4861 §6.1.1", "a router that answers Router Solicitations with a non-zero ICMP code"},
	{RSShortAccepted, "RFC 4861 §6.1.1", "a router that answers Router Solicitations shorter than 8 octets"},
	{RAAnyHopLimit, "RFC 4861 §6.1.2", "accepts Router Advertisements whatever their Hop Limit"},
	{RAGlobalSourceAccepted, "RFC 4861 §6.1.2", "accepts Router Advertisements whose source is not link-local"},
	{RAAnyCode, "RFC 4861 §6.1.2", "accepts Router Advertisements with a non-zero ICMP code"},
	{RAShortAccepted, "RFC 4861 §6.1.2", "accepts Router Advertisements shorter than 16 octets, reading the missing fields as zero"},
	{RAHopLimitMulticastOnly, "RFC 4861 §6.1.2", "checks the Hop Limit 255 of Router Advertisements sent to a multicast address only, not of unicast ones"},
	{RACodeMulticastOnly, "RFC 4861 §6.1.2", "checks the ICMP code 0 of Router Advertisements sent to a multicast address only, not of unicast ones"},
	{RAZeroOptionMulticastOnly, "RFC 4861 §6.1.2", "discards Router Advertisements with an option of length 0 only when sent to a multicast address"},
	{RALengthOffByOne, "RFC 4861 §6.1.2", "accepts a Router Advertisement of 15 octets, one short of 16"},
	{RAReachableTimeZero, "RFC 4861 §6.2.1", "advertises Reachable Time 0 (unspecified) whatever it is configured with"},
	{RACurHopLimitZero, "RFC 4861 §6.2.3", "advertises Cur Hop Limit 0 (unspecified) whatever it is configured with"},
	{RAUnsolicitedTooOften, "RFC 4861 §6.2.4", "sends unsolicited advertisements at half MinRtrAdvInterval"},
	{RANoInitialFast, "RFC 4861 §6.2.4", "does not shorten its first advertisement intervals to MAX_INITIAL_RTR_ADVERT_INTERVAL"},
	{RANoFinal, "RFC 4861 §6.2.5", "sends no final advertisement with Router Lifetime 0 when an interface stops advertising"},
	{RAAnswersWhenStopped, "RFC 4861 §6.2.5", "answers Router Solicitations on an interface that has ceased advertising"},
	{RSSLLAIgnored, "RFC 4861 §6.2.6", "a router that does not create a neighbor cache entry from an RS's source link-layer option"},
	{RASolicitedNoDelay, "RFC 4861 §6.2.6", "answers each Router Solicitation at once, without the random delay or MIN_DELAY_BETWEEN_RAS"},
	{RASolicitedLate, "RFC 4861 §6.2.6", "answers a solicitation that follows a multicast advertisement a second later than MIN_DELAY_BETWEEN_RAS after it"},
	{RSSLLASetsStale, "RFC 4861 §6.2.6", "a router that sets the solicitor's entry STALE on every Router Solicitation with a source link-layer option, even the same address"},
	{RSConfirmsReachability, "RFC 4861 §6.2.6", "a router that takes a Router Solicitation as proof of reachability: the solicitor's entry becomes REACHABLE"},
	{HostLearnsFromAllRouter, "RFC 4861 §6.2.6", "a host that listens to all-routers and creates a neighbor cache entry from the Router Solicitations sent there"},
	{HostLearnsFromRS, "RFC 4861 §6.2.6", "a host that creates a neighbor cache entry from a Router Solicitation's source link-layer option"},
	{RSNotAnswered, "RFC 4861 §6.2.6", "a router that never answers Router Solicitations: its advertisements keep their schedule"},
	{ReachableTimeNotRandom, "RFC 4861 §6.3.2", "uses BaseReachableTime as ReachableTime, without the random factor"},
	{IgnoreRouterLifetime, "RFC 4861 §6.3.4", "keeps an advertising router as default router forever, whatever its Router Lifetime"},
	{IgnoreRACurHopLimit, "RFC 4861 §6.3.4", "keeps its own hop limit when an RA announces Cur Hop Limit"},
	{IgnoreRAReachableTime, "RFC 4861 §6.3.4", "keeps its BaseReachableTime when an RA announces Reachable Time"},
	{IgnoreRARetransTimer, "RFC 4861 §6.3.4", "keeps its RetransTimer when an RA announces Retrans Timer"},
	{IgnoreRAMTU, "RFC 4861 §6.3.4", "ignores the MTU option of Router Advertisements"},
	{RASLLAIgnored, "RFC 4861 §6.3.4", "does not create or update a neighbor cache entry from an RA's source link-layer option"},
	{IgnoreOnLinkFlag, "RFC 4861 §6.3.4", "does not put prefixes advertised with L=1 on its prefix list (sends to them through a router)"},
	{DRLOneRouter, "RFC 4861 §6.3.4", "keeps one router on its Default Router List: later advertisements of other routers are not recorded"},
	{OnLinkZeroLifetimeKept, "RFC 4861 §6.3.4", "keeps an on-link prefix that an advertisement gives valid lifetime 0, until its old lifetime runs out"},
	{RAMTUBelowMinimumAccepted, "RFC 4861 §6.3.4", "takes an advertised MTU below 1280 as the link MTU: only the upper bound is checked"},
	{PrefixUpdateFirstEntry, "RFC 4861 §6.3.4", "applies an on-link prefix option to the first prefix of the interface's Prefix List, whatever its prefix"},
	{OnLinkPrefixNoExpiry, "RFC 4861 §6.3.4", "keeps advertised on-link prefixes past their valid lifetime"},
	{OnLinkLifetimeNotUpdated, "RFC 4861 §6.3.4", "keeps an on-link prefix's first valid lifetime: later advertisements do not change it"},
	{ReachableTimeFirstOnly, "RFC 4861 §6.3.4", "takes the first advertised Reachable Time and ignores later changes of it"},
	{RASetsStale, "RFC 4861 §6.3.4", "sets the advertising router's entry STALE on every Router Advertisement, even without a new link-layer address"},
	{RAConfirmsReachability, "RFC 4861 §6.3.4", "takes a Router Advertisement as proof of reachability: the router's entry becomes REACHABLE"},
	{RAIsRouterNotSet, "RFC 4861 §6.3.4", "leaves the IsRouter flag of an advertising router's entry as it was"},
	{RAZeroHopLimitResets, "RFC 4861 §6.3.4", "goes back to its default hop limit when an RA leaves Cur Hop Limit unspecified (0)"},
	{RouterLifetimeNotRenewed, "RFC 4861 §6.3.4", "keeps a default router's first expiry time when later RAs renew its Router Lifetime"},
	{RouterReachabilityIgnored, "RFC 4861 §6.3.6", "chooses among default routers by preference and order only, not preferring those known or probably reachable"},
	{NoRS, "RFC 4861 §6.3.7", "never sends a Router Solicitation"},
	{RSUnlimited, "RFC 4861 §6.3.7", "keeps soliciting every RTR_SOLICITATION_INTERVAL past MAX_RTR_SOLICITATIONS"},
	{RSAfterRA, "RFC 4861 §6.3.7", "goes on soliciting after a valid Router Advertisement"},
	{RSStopOnLifetimeZero, "RFC 4861 §6.3.7", "stops soliciting routers on any valid advertisement, one with Router Lifetime 0 too"},
	{RADNSOptionsNotSent, "RFC 8106 §5", "leaves the configured RDNSS and DNSSL options out of its advertisements"},
	{DNSZeroLifetimeFirstEntry, "RFC 8106 §5.1", "takes an RDNSS or DNSSL option with lifetime 0 out on the first server or domain it holds, whatever the option names"},
	{IgnoreRDNSS, "RFC 8106 §5.3.1", "ignores Recursive DNS Server options (RFC 8106)"},
	{IgnoreDNSSL, "RFC 8106 §5.3.1", "ignores DNS Search List options (RFC 8106)"},
	{DNSSLLabel62Max, "RFC 8106 §5.3.1", "takes a DNS Search List option with a label of 63 octets, the longest allowed, for malformed"},
	{DNSLifetimeZeroKept, "RFC 8106 §5.3.1", "keeps DNS servers and search domains that an option withdraws with lifetime 0"},
	{DNSNoExpiry, "RFC 8106 §5.3.1", "keeps DNS servers and search domains past their lifetime"},
})
