package faults

// Neighbor Solicitation and Advertisement, address resolution and
// Neighbor Unreachability Detection (RFC 4861 §4.6, §5.2, §7):
// refnode/nd/nbr.go, cache.go.
const (
	NDZeroLengthOption           Fault = "nd-zero-length-option"
	NDInFragmentAccepted         Fault = "nd-in-fragment-accepted"
	OffLinkAssumedOnLink         Fault = "offlink-assumed-onlink"
	NSAnyHopLimit                Fault = "ns-any-hoplimit"
	NSAnyCode                    Fault = "ns-any-code"
	NSShortLength                Fault = "ns-short-length"
	NSUnspecifiedWithSLLA        Fault = "ns-unspecified-with-slla"
	NSMulticastTarget            Fault = "ns-multicast-target"
	NSHopLimitMulticastOnly      Fault = "ns-hoplimit-multicast-only"
	NSCodeMulticastOnly          Fault = "ns-code-multicast-only"
	NSZeroOptionMulticastOnly    Fault = "ns-zero-option-multicast-only"
	NSLengthOffByOne             Fault = "ns-length-off-by-one"
	NSDADAnyDestination          Fault = "ns-dad-any-destination"
	NAAnyHopLimit                Fault = "na-any-hoplimit"
	NALengthOffByOne             Fault = "na-length-off-by-one"
	NASolicitedMulticastAccepted Fault = "na-solicited-multicast-accepted"
	NAAnyCode                    Fault = "na-any-code"
	NAShortLength                Fault = "na-short-length"
	NSNoSLLA                     Fault = "ns-no-slla"
	NSExtraSolicit               Fault = "ns-extra-solicit"
	NoQueueWhileIncomplete       Fault = "no-queue-while-incomplete"
	NoAddressUnreachable         Fault = "no-address-unreachable"
	IncompleteSendsAtOnce        Fault = "incomplete-sends-at-once"
	StaleNotUpdatedByNS          Fault = "stale-not-updated-by-ns"
	NSSLLANotLearned             Fault = "ns-slla-not-learned"
	NSSLLASetsStale              Fault = "ns-slla-sets-stale"
	NSConfirmsReachability       Fault = "ns-confirms-reachability"
	NSClearsIsRouter             Fault = "ns-clears-is-router"
	NDMissingLLAAsZero           Fault = "nd-missing-lla-as-zero"
	NANoTLLA                     Fault = "na-no-tlla"
	NANoSolicitedFlag            Fault = "na-no-solicited-flag"
	NANoRouterFlag               Fault = "na-no-router-flag"
	NSWrongGroup                 Fault = "ns-wrong-group"
	NARouterFlagIgnored          Fault = "na-router-flag-ignored"
	NACreatesEntry               Fault = "na-creates-entry"
	NAReachableToStale           Fault = "na-reachable-to-stale"
	NAOverrideFlagIgnored        Fault = "na-override-flag-ignored"
	NASolicitedFlagIgnored       Fault = "na-solicited-flag-ignored"
	NAUnsolicitedConfirms        Fault = "na-unsolicited-confirms"
	NoSubnetRouterAnycast        Fault = "no-subnet-router-anycast"
	AnycastOverride              Fault = "anycast-override"
	AnycastAnswerLate            Fault = "anycast-answer-late"
	NUDNoProbe                   Fault = "nud-no-probe"
	NUDNoDelay                   Fault = "nud-no-delay"
	ReachableNeverStale          Fault = "reachable-never-stale"
	NUDExtraProbe                Fault = "nud-extra-probe"
	NUDProbeOneShort             Fault = "nud-probe-one-short"
)

var _ = add(NDNeighbor, []Row{
	{NDZeroLengthOption, "RFC 4861 §4.6", "accepts ND messages carrying an option of length 0"},
	{NDInFragmentAccepted, "RFC 4861 §5", "processes Neighbor Discovery messages that came in fragments"},
	{OffLinkAssumedOnLink, "RFC 4861 §5.2", "with no route and no default router, takes every destination as on-link (RFC 2461, undone by RFC 4943)"},
	{NSAnyHopLimit, "RFC 4861 §7.1.1", "accepts Neighbor Solicitations whatever their Hop Limit"},
	{NSAnyCode, "RFC 4861 §7.1.1", "accepts Neighbor Solicitations with a non-zero ICMP code"},
	{NSShortLength, "RFC 4861 §7.1.1", "accepts Neighbor Solicitations shorter than 24 octets"},
	{NSUnspecifiedWithSLLA, "RFC 4861 §7.1.1", "accepts a DAD Neighbor Solicitation that carries a source link-layer option"},
	{NSMulticastTarget, "RFC 4861 §7.1.1", "answers Neighbor Solicitations whose target is multicast"},
	{NSHopLimitMulticastOnly, "RFC 4861 §7.1.1", "checks the Hop Limit 255 of Neighbor Solicitations sent to a multicast address only, not of unicast ones"},
	{NSCodeMulticastOnly, "RFC 4861 §7.1.1", "checks the ICMP code 0 of Neighbor Solicitations sent to a multicast address only, not of unicast ones"},
	{NSZeroOptionMulticastOnly, "RFC 4861 §7.1.1", "discards Neighbor Solicitations with an option of length 0 only when sent to a multicast address"},
	{NSLengthOffByOne, "RFC 4861 §7.1.1", "accepts a Neighbor Solicitation of 23 octets, one short of 24"},
	{NSDADAnyDestination, "RFC 4861 §7.1.1", "accepts solicitations from the unspecified address sent to any destination (its tentative address included), not only a solicited-node group"},
	{NAAnyHopLimit, "RFC 4861 §7.1.2", "accepts Neighbor Advertisements whatever their Hop Limit"},
	{NALengthOffByOne, "RFC 4861 §7.1.2", "accepts a Neighbor Advertisement of 23 octets, one short of 24"},
	{NASolicitedMulticastAccepted, "RFC 4861 §7.1.2", "accepts advertisements with S=1 sent to a multicast address"},
	{NAAnyCode, "RFC 4861 §7.1.2", "accepts Neighbor Advertisements with a non-zero ICMP code"},
	{NAShortLength, "RFC 4861 §7.1.2", "accepts Neighbor Advertisements shorter than 24 octets, reading the target past their end"},
	{NSNoSLLA, "RFC 4861 §7.2.2", "leaves the source link-layer option out of address-resolution solicitations"},
	{NSExtraSolicit, "RFC 4861 §7.2.2", "sends one multicast solicitation more than MAX_MULTICAST_SOLICIT"},
	{NoQueueWhileIncomplete, "RFC 4861 §7.2.2", "drops packets waiting for address resolution"},
	{NoAddressUnreachable, "RFC 4861 §7.2.2", "drops packets that waited for a failed address resolution without Destination Unreachable code 3"},
	{IncompleteSendsAtOnce, "RFC 4861 §7.2.2", "queues only the packet that starts address resolution; later ones for the same neighbor go out at once, to an all-zero link-layer address"},
	{StaleNotUpdatedByNS, "RFC 4861 §7.2.3", "keeps the cached link-layer address when a solicitation brings a different one"},
	{NSSLLANotLearned, "RFC 4861 §7.2.3", "never creates or updates a neighbor cache entry from a solicitation's source link-layer option"},
	{NSSLLASetsStale, "RFC 4861 §7.2.3", "sets the sender's entry STALE on every solicitation with a source link-layer option, even the same address"},
	{NSConfirmsReachability, "RFC 4861 §7.2.3", "takes a solicitation as proof of reachability: the sender's entry becomes REACHABLE"},
	{NSClearsIsRouter, "RFC 4861 §7.2.3", "clears the IsRouter flag of a neighbor that sends it a solicitation"},
	{NDMissingLLAAsZero, "RFC 4861 §7.2.3", "takes a solicitation or advertisement without its link-layer option as carrying the all-zero address"},
	{NANoTLLA, "RFC 4861 §7.2.4", "leaves the target link-layer option out of every Neighbor Advertisement"},
	{NANoSolicitedFlag, "RFC 4861 §7.2.4", "clears the Solicited flag in solicited Neighbor Advertisements"},
	{NANoRouterFlag, "RFC 4861 §7.2.4", "a router that clears the Router flag in its Neighbor Advertisements"},
	{NSWrongGroup, "RFC 4861 §7.2.5", "sends address-resolution solicitations to all-nodes instead of the solicited-node group"},
	{NARouterFlagIgnored, "RFC 4861 §7.2.5", "keeps a neighbor on the default router list when its advertisement clears the R flag"},
	{NACreatesEntry, "RFC 4861 §7.2.5", "creates a neighbor cache entry from an advertisement with a target link-layer option when it has none"},
	{NAReachableToStale, "RFC 4861 §7.2.5", "sets a REACHABLE entry STALE on any advertisement that leaves its link-layer address as it is"},
	{NAOverrideFlagIgnored, "RFC 4861 §7.2.5", "replaces a cached link-layer address with an advertised one even when Override is 0"},
	{NASolicitedFlagIgnored, "RFC 4861 §7.2.5", "takes every advertisement as unsolicited: S=1 never makes an entry REACHABLE"},
	{NAUnsolicitedConfirms, "RFC 4861 §7.2.5", "takes unsolicited advertisements as reachability confirmation: S=0 makes an updated entry REACHABLE"},
	{NoSubnetRouterAnycast, "RFC 4861 §7.2.7", "a router that does not answer for the subnet-router anycast addresses of its prefixes"},
	{AnycastOverride, "RFC 4861 §7.2.7", "a router that sets O=1 in advertisements for an anycast address"},
	{AnycastAnswerLate, "RFC 4861 §7.2.7", "delays its answer for an anycast address by MAX_ANYCAST_DELAY_TIME more than the random delay"},
	{NUDNoProbe, "RFC 4861 §7.3.3", "never sends unicast probes: an entry that leaves DELAY goes back to STALE"},
	{NUDNoDelay, "RFC 4861 §7.3.3", "probes a STALE neighbor at once when sending to it, without DELAY_FIRST_PROBE_TIME"},
	{ReachableNeverStale, "RFC 4861 §7.3.3", "keeps a REACHABLE entry REACHABLE when its ReachableTime runs out"},
	{NUDExtraProbe, "RFC 4861 §7.3.3", "sends one unicast probe more than MAX_UNICAST_SOLICIT before giving a neighbor up"},
	{NUDProbeOneShort, "RFC 4861 §7.3.3", "gives a neighbor up after one unicast probe fewer than MAX_UNICAST_SOLICIT"},
})
