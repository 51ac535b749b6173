package faults

// Faults for the neighbor cache, NUD, DAD and address autoconfiguration
// specs (rfc2461/neighbor_cache.go, nud.go, neighbor_advertisement.go;
// rfc2462/autoconf.go, dad_received_messages.go): each breaks one
// requirement of RFC 4861 §6.3.4, §7.1, §7.2 or RFC 4862 §5.4, §5.5.3 that
// no older fault breaks.
const (
	// Neighbor Solicitation processing (RFC 4861 §7.1.1, §7.2.3).
	NSSLLANotLearned       Fault = "ns-slla-not-learned"      // never creates or updates a neighbor cache entry from a solicitation's source link-layer option
	NSSLLASetsStale        Fault = "ns-slla-sets-stale"       // sets the sender's entry STALE on every solicitation with a source link-layer option, even the same address
	NSConfirmsReachability Fault = "ns-confirms-reachability" // takes a solicitation as proof of reachability: the sender's entry becomes REACHABLE
	NSClearsIsRouter       Fault = "ns-clears-is-router"      // clears the IsRouter flag of a neighbor that sends it a solicitation
	NDMissingLLAAsZero     Fault = "nd-missing-lla-as-zero"   // takes a solicitation or advertisement without its link-layer option as carrying the all-zero address
	NSDADAnyDestination    Fault = "ns-dad-any-destination"   // accepts solicitations from the unspecified address sent to any destination (its tentative address included), not only a solicited-node group
	NSTentativeAnswered    Fault = "ns-tentative-answered"    // takes its tentative addresses for its own: accepts packets to them and answers address-resolution solicitations for them
	DADAnyTargetConflict   Fault = "dad-any-target-conflict"  // takes any DAD probe or advertisement seen during its own DAD as a conflict, whatever its target

	// Neighbor Advertisement processing (RFC 4861 §7.1.2, §7.2.5).
	NACreatesEntry               Fault = "na-creates-entry"                // creates a neighbor cache entry from an advertisement with a target link-layer option when it has none
	NAReachableToStale           Fault = "na-reachable-to-stale"           // sets a REACHABLE entry STALE on any advertisement that leaves its link-layer address as it is
	NAOverrideFlagIgnored        Fault = "na-override-flag-ignored"        // replaces a cached link-layer address with an advertised one even when Override is 0
	NASolicitedFlagIgnored       Fault = "na-solicited-flag-ignored"       // takes every advertisement as unsolicited: S=1 never makes an entry REACHABLE
	NAUnsolicitedConfirms        Fault = "na-unsolicited-confirms"         // takes unsolicited advertisements as reachability confirmation: S=0 makes an updated entry REACHABLE
	NASolicitedMulticastAccepted Fault = "na-solicited-multicast-accepted" // accepts advertisements with S=1 sent to a multicast address
	NAAnyCode                    Fault = "na-any-code"                     // accepts Neighbor Advertisements with a non-zero ICMP code
	NAShortLength                Fault = "na-short-length"                 // accepts Neighbor Advertisements shorter than 24 octets, reading the target past their end

	// Prefix List (RFC 4861 §6.3.4) and address lifetimes (RFC 4862 §5.5.3 (e)).
	OnLinkPrefixNoExpiry     Fault = "onlink-prefix-no-expiry"     // keeps advertised on-link prefixes past their valid lifetime
	OnLinkLifetimeNotUpdated Fault = "onlink-lifetime-not-updated" // keeps an on-link prefix's first valid lifetime: later advertisements do not change it
	SLAACLifetimeNotUpdated  Fault = "slaac-lifetime-not-updated"  // keeps an autoconfigured address's first lifetimes: later advertisements of its prefix do not change them
)

var _ = register(map[Fault]string{
	NSSLLANotLearned:       "never creates or updates a neighbor cache entry from a solicitation's source link-layer option",
	NSSLLASetsStale:        "sets the sender's entry STALE on every solicitation with a source link-layer option, even the same address",
	NSConfirmsReachability: "takes a solicitation as proof of reachability: the sender's entry becomes REACHABLE",
	NSClearsIsRouter:       "clears the IsRouter flag of a neighbor that sends it a solicitation",
	NDMissingLLAAsZero:     "takes a solicitation or advertisement without its link-layer option as carrying the all-zero address",
	NSDADAnyDestination:    "accepts solicitations from the unspecified address sent to any destination (its tentative address included), not only a solicited-node group",
	NSTentativeAnswered:    "takes its tentative addresses for its own: accepts packets to them and answers address-resolution solicitations for them",
	DADAnyTargetConflict:   "takes any DAD probe or advertisement seen during its own DAD as a conflict, whatever its target",

	NACreatesEntry:               "creates a neighbor cache entry from an advertisement with a target link-layer option when it has none",
	NAReachableToStale:           "sets a REACHABLE entry STALE on any advertisement that leaves its link-layer address as it is",
	NAOverrideFlagIgnored:        "replaces a cached link-layer address with an advertised one even when Override is 0",
	NASolicitedFlagIgnored:       "takes every advertisement as unsolicited: S=1 never makes an entry REACHABLE",
	NAUnsolicitedConfirms:        "takes unsolicited advertisements as reachability confirmation: S=0 makes an updated entry REACHABLE",
	NASolicitedMulticastAccepted: "accepts advertisements with S=1 sent to a multicast address",
	NAAnyCode:                    "accepts Neighbor Advertisements with a non-zero ICMP code",
	NAShortLength:                "accepts Neighbor Advertisements shorter than 24 octets, reading the target past their end",

	OnLinkPrefixNoExpiry:     "keeps advertised on-link prefixes past their valid lifetime",
	OnLinkLifetimeNotUpdated: "keeps an on-link prefix's first valid lifetime: later advertisements do not change it",
	SLAACLifetimeNotUpdated:  "keeps an autoconfigured address's first lifetimes: later advertisements of its prefix do not change them",
})
