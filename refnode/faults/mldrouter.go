package faults

// Multicast router and querier (RFC 3810 §7, §8.3, §9; RFC 4604 §3):
// refnode/mldrouter, and multicast forwarding in refnode/ip6_forward.go.
const (
	MLDRNoStartupQueries      Fault = "mldr-no-startup-queries"
	MLDRQRVAboveSeven         Fault = "mldr-qrv-above-seven"
	MLDRQQICLinear            Fault = "mldr-qqic-linear"
	MLDRMRCLinear             Fault = "mldr-mrc-linear"
	MLDRNoElection            Fault = "mldr-no-election"
	MLDRLowestLoses           Fault = "mldr-lowest-loses"
	MLDROQPTWrong             Fault = "mldr-oqpt-wrong"
	MLDRIgnoresQRV            Fault = "mldr-ignores-qrv"
	MLDRNoLLQRetransmit       Fault = "mldr-no-llq-retransmit"
	MLDRNoTimerLowering       Fault = "mldr-no-timer-lowering"
	MLDRSFlagNever            Fault = "mldr-s-flag-never"
	MLDRSFlagAlways           Fault = "mldr-s-flag-always"
	MLDRMALIWrong             Fault = "mldr-mali-wrong"
	MLDRMALILong              Fault = "mldr-mali-long"
	MLDRLowSourcesQueried     Fault = "mldr-low-sources-queried"
	MLDRNodeWideState         Fault = "mldr-node-wide-state"
	MLDRIncludeIsExKeepsAll   Fault = "mldr-include-is-ex-keeps-all"
	MLDRToInNoQuery           Fault = "mldr-to-in-no-query"
	MLDRBlockQueriesExcluded  Fault = "mldr-block-queries-excluded"
	MLDRAllowExcludeIgnored   Fault = "mldr-allow-exclude-ignored"
	MLDRFilterExpiryDeletes   Fault = "mldr-filter-expiry-deletes"
	MLDRAcceptsGlobalSource   Fault = "mldr-accepts-global-source"
	MLDRReportAnyDestination  Fault = "mldr-report-any-destination"
	MLDRUnknownRecordAborts   Fault = "mldr-unknown-record-aborts"
	MLDRNoV1Compat            Fault = "mldr-no-v1-compat"
	MLDRV1BlockHonoured       Fault = "mldr-v1-block-honoured"
	MLDRV1QueryDowngrades     Fault = "mldr-v1-query-downgrades"
	MLDRV2OnlyIgnored         Fault = "mldr-v2-only-ignored"
	MLDRSSMExcludeHonoured    Fault = "mldr-ssm-exclude-honoured"
	MLDRNoAllRoutersJoin      Fault = "mldr-no-all-mldv2-routers-join"
	MLDRNoSplit               Fault = "mldr-no-split"
	MLDRQueryHopLimit255      Fault = "mldr-query-hoplimit-255"
	MLDRNoAdoptedQI           Fault = "mldr-no-adopted-qi"
	MLDRForwardsEverywhere    Fault = "mldr-forwards-everywhere"
	MLDRForwardsLinkScope     Fault = "mldr-forwards-link-scope"
	MLDRForwardNoDecrement    Fault = "mldr-forward-no-decrement"
	MLDRSFlagIgnoredOnReceive Fault = "mldr-s-flag-ignored-on-receive"
	MLDRSSMExcludeDropsReport Fault = "mldr-ssm-exclude-drops-report"
	MLDRSSMRangeIgnored       Fault = "mldr-ssm-range-ignored"
	// One row of the §7.4.1 and §7.4.2 tables each.
	MLDRIncludeIsInIgnored     Fault = "mldr-include-is-in-ignored"
	MLDRIncludeIsExIgnored     Fault = "mldr-include-is-ex-ignored"
	MLDRExcludeIsInIgnored     Fault = "mldr-exclude-is-in-ignored"
	MLDRExcludeIsExIgnored     Fault = "mldr-exclude-is-ex-ignored"
	MLDRIncludeAllowIgnored    Fault = "mldr-include-allow-ignored"
	MLDRIncludeBlockIgnored    Fault = "mldr-include-block-ignored"
	MLDRIncludeToExIgnored     Fault = "mldr-include-to-ex-ignored"
	MLDRIncludeToInIgnored     Fault = "mldr-include-to-in-ignored"
	MLDRExcludeBlockIgnored    Fault = "mldr-exclude-block-ignored"
	MLDRExcludeToExIgnored     Fault = "mldr-exclude-to-ex-ignored"
	MLDRExcludeToInIgnored     Fault = "mldr-exclude-to-in-ignored"
	MLDREmptyRecordJoins       Fault = "mldr-empty-record-joins"
	MLDRExcludeIsInSwitches    Fault = "mldr-exclude-is-in-switches-mode"
	MLDRChangesQueryGroup      Fault = "mldr-changes-query-group"
	MLDRExcludeIsExNewExcluded Fault = "mldr-exclude-is-ex-new-excluded"
	MLDRLeaveUnknownQueried    Fault = "mldr-leave-unknown-queried"
	MLDRLLQExtraCopy           Fault = "mldr-llq-extra-copy"
	MLDRFirstRecordOnly        Fault = "mldr-first-record-only"
	MLDRReportAnySource        Fault = "mldr-report-any-source"
	MLDRQueryAddressUnchecked  Fault = "mldr-query-address-unchecked"
	MLDRQuerySourcesUnchecked  Fault = "mldr-query-sources-unchecked"
	MLDRUnknownTypeAsReport    Fault = "mldr-unknown-type-as-report"
	MLDRReportReservedChecked  Fault = "mldr-report-reserved-checked"
	MLDRReportRecordsByLength  Fault = "mldr-report-records-by-length"
	MLDRUnknownRecordTaken     Fault = "mldr-unknown-record-taken"
	MLDRReportExtraDataDropped Fault = "mldr-report-extra-data-dropped"
	MLDRReportPartial          Fault = "mldr-report-partial"
	MLDRRecordAddressUnchecked Fault = "mldr-record-address-unchecked"
	MLDRSourceAddressUnchecked Fault = "mldr-source-address-unchecked"
	MLDRAuxDataNotSkipped      Fault = "mldr-aux-data-not-skipped"
	MLDRBadRecordDropsReport   Fault = "mldr-bad-record-drops-report"
	MLDRLinkScopeIgnored       Fault = "mldr-link-scope-ignored"
	MLDRQRVSevenAsZero         Fault = "mldr-qrv-seven-as-zero"
	MLDRQueryLowersNothing     Fault = "mldr-query-lowers-nothing"
	MLDRSSMPrefixShort         Fault = "mldr-ssm-prefix-short"
	MLDROQPTNotRestarted       Fault = "mldr-oqpt-not-restarted"
)

var _ = add(MLDRouter, []Row{
	{MLDRNoStartupQueries, "RFC 3810 §7.1, §9.6, §9.7", "sends no start-up General Queries: the first one after a full Query Interval"},
	{MLDRQRVAboveSeven, "RFC 3810 §5.1.8", "sends QRV 7 for a Robustness Variable above 7 instead of 0"},
	{MLDRQQICLinear, "RFC 3810 §5.1.9", "writes QQIC as plain seconds capped at 255, without the floating-point form"},
	{MLDRMRCLinear, "RFC 3810 §5.1.3", "writes the Maximum Response Code as milliseconds capped at 32767, without the floating-point form"},
	{MLDRNoElection, "RFC 3810 §7.6.2", "keeps querying whatever queries it hears from lower addresses"},
	{MLDRLowestLoses, "RFC 3810 §7.6.2", "yields to queriers of higher addresses and ignores lower ones"},
	{MLDROQPTWrong, "RFC 3810 §9.5", "waits only Query Interval + Query Response Interval / 2 after the other querier before querying again"},
	{MLDRIgnoresQRV, "RFC 3810 §5.1.8, §5.1.9", "keeps its own Robustness Variable and Query Interval as a non-querier, whatever the querier's QRV and QQIC"},
	{MLDRNoLLQRetransmit, "RFC 3810 §7.6.3", "sends each Multicast Address (and Source) Specific Query once instead of LLQC times"},
	{MLDRNoTimerLowering, "RFC 3810 §7.6.3", "does not lower the filter or source timers to LLQT when it sends a specific query"},
	{MLDRSFlagNever, "RFC 3810 §7.6.3", "never sets the S flag in its specific queries"},
	{MLDRSFlagAlways, "RFC 3810 §7.6.3", "sets the S flag in every specific query"},
	{MLDRMALIWrong, "RFC 3810 §9.4", "times listener state out after Query Interval + Query Response Interval instead of the MALI"},
	{MLDRMALILong, "RFC 3810 §9.4", "times listener state out a Query Interval after the MALI"},
	{MLDRLowSourcesQueried, "RFC 3810 §7.6.3.2", "queries sources whose timers are already at or below LLQT, and sets their timers back to LLQT"},
	{MLDRNodeWideState, "RFC 3810 §7.2", "keeps one listener state for all its links: a record heard on one link counts on every link"},
	{MLDRIncludeIsExKeepsAll, "RFC 3810 §7.4.1", "keeps the sources A−B (as requested ones) when IS_EX(B) comes in INCLUDE(A)"},
	{MLDRToInNoQuery, "RFC 3810 §7.4.2", "sends no query for a TO_IN record"},
	{MLDRBlockQueriesExcluded, "RFC 3810 §7.4.2", "queries the excluded sources of a BLOCK record in EXCLUDE mode too"},
	{MLDRAllowExcludeIgnored, "RFC 3810 §7.4.2", "ignores ALLOW records in EXCLUDE mode"},
	{MLDRFilterExpiryDeletes, "RFC 3810 §7.5", "deletes the group when its filter timer expires, dropping the requested sources instead of switching to INCLUDE"},
	{MLDRAcceptsGlobalSource, "RFC 3810 §5.2.13", "takes in MLDv2 Reports from a global source address"},
	{MLDRReportAnyDestination, "RFC 3810 §5.2.14", "takes in MLDv2 Reports sent to any address, not only to ff02::16"},
	{MLDRUnknownRecordAborts, "RFC 3810 §5.2.12", "drops the rest of a Report after a record of unknown type"},
	{MLDRNoV1Compat, "RFC 3810 §8.3.2", "ignores MLDv1 Reports and Done as a router"},
	{MLDRV1BlockHonoured, "RFC 3810 §8.3.2", "acts on BLOCK records and TO_EX sources while the group is in MLDv1 compatibility mode"},
	{MLDRV1QueryDowngrades, "RFC 3810 §8.1, §8.3.1", "takes an MLDv1 Query from a lower address as a querier's and stops querying, though not configured for MLDv1"},
	{MLDRV2OnlyIgnored, "RFC 3810 §8.3.2", "takes MLDv1 Reports and Done even when set to MLDv2 only"},
	{MLDRSSMExcludeHonoured, "RFC 4604 §3", "acts on IS_EX and TO_EX records (and MLDv1 Reports) for source-specific multicast groups"},
	{MLDRNoAllRoutersJoin, "RFC 3810 §7", "does not listen to ff02::16 (all MLDv2-capable routers) as a multicast router"},
	{MLDRNoSplit, "RFC 3810 §5.1.10", "puts every source of a query in one message, whatever the link MTU"},
	{MLDRQueryHopLimit255, "RFC 3810 §5", "sends its queries with Hop Limit 255"},
	{MLDRNoAdoptedQI, "RFC 3810 §7.6.1, §9.4", "sets listener timers from its own Query Interval while another querier's QQIC is in force"},
	{MLDRForwardsEverywhere, "RFC 3810 §7", "forwards multicast onto every other link, with listeners or not"},
	{MLDRForwardsLinkScope, "RFC 4007 §9", "forwards multicast of link-local scope to other links where listeners want it"},
	{MLDRForwardNoDecrement, "RFC 8200 §3", "forwards multicast without decrementing its Hop Limit"},
	{MLDRSFlagIgnoredOnReceive, "RFC 3810 §7.6.1", "lowers its timers as a non-querier on a specific query whose S flag is set"},
	{MLDRSSMExcludeDropsReport, "RFC 4604 §3.1", "drops a whole Report holding an IS_EX or TO_EX record for a source-specific group, instead of skipping that record"},
	{MLDRSSMRangeIgnored, "RFC 4604 §3", "applies the source-specific rules to ff3x::/32 only, not to the SSM range it is configured with"},
	{MLDRIncludeIsInIgnored, "RFC 3810 §7.4.1", "ignores IS_IN records in INCLUDE mode (or for a group without state)"},
	{MLDRIncludeIsExIgnored, "RFC 3810 §7.4.1", "ignores IS_EX records in INCLUDE mode (or for a group without state)"},
	{MLDRExcludeIsInIgnored, "RFC 3810 §7.4.1", "ignores IS_IN records in EXCLUDE mode"},
	{MLDRExcludeIsExIgnored, "RFC 3810 §7.4.1", "ignores IS_EX records in EXCLUDE mode"},
	{MLDRIncludeAllowIgnored, "RFC 3810 §7.4.2", "ignores ALLOW records in INCLUDE mode (or for a group without state)"},
	{MLDRIncludeBlockIgnored, "RFC 3810 §7.4.2", "ignores BLOCK records in INCLUDE mode"},
	{MLDRIncludeToExIgnored, "RFC 3810 §7.4.2", "ignores TO_EX records in INCLUDE mode (or for a group without state)"},
	{MLDRIncludeToInIgnored, "RFC 3810 §7.4.2", "ignores TO_IN records in INCLUDE mode"},
	{MLDRExcludeBlockIgnored, "RFC 3810 §7.4.2", "ignores BLOCK records in EXCLUDE mode"},
	{MLDRExcludeToExIgnored, "RFC 3810 §7.4.2", "ignores TO_EX records in EXCLUDE mode"},
	{MLDRExcludeToInIgnored, "RFC 3810 §7.4.2", "ignores TO_IN records in EXCLUDE mode"},
	{MLDREmptyRecordJoins, "RFC 3810 §7.4.1, §7.4.2", "takes an IS_IN or ALLOW record without sources, or a BLOCK record, for a group without state as a join of every source (EXCLUDE{})"},
	{MLDRExcludeIsInSwitches, "RFC 3810 §7.4.1", "takes an IS_IN record in EXCLUDE mode for the whole state: switches the group to INCLUDE of its sources"},
	{MLDRExcludeIsExNewExcluded, "RFC 3810 §7.4.1", "excludes the new sources (A−X−Y) of an IS_EX record in EXCLUDE mode instead of setting their timers to the MALI"},
	{MLDRLeaveUnknownQueried, "RFC 3810 §7.4.2", "answers a TO_IN{} record for a group without state with a Multicast Address Specific Query"},
	{MLDRLLQExtraCopy, "RFC 3810 §7.6.3", "sends each Multicast Address (and Source) Specific Query LLQC + 1 times"},
	{MLDRFirstRecordOnly, "RFC 3810 §5.2.3, §7.4", "acts on the first Multicast Address Record of a Report only"},
	{MLDRChangesQueryGroup, "RFC 3810 §7.4.2", "sends a Multicast Address Specific Query for every ALLOW, BLOCK and TO_EX record in EXCLUDE mode, as for a leave"},
	{MLDRReportAnySource, "RFC 3810 §5.2.13", "takes in MLDv2 Reports from any source address, :: and multicast ones included"},
	{MLDRQueryAddressUnchecked, "RFC 3810 §5.1.5", "takes a query whatever its Multicast Address: unicast, all-nodes, or :: with sources"},
	{MLDRQuerySourcesUnchecked, "RFC 3810 §5.1.10", "reads a query's sources from its length, whatever its Number of Sources says"},
	{MLDRUnknownTypeAsReport, "RFC 3810 §5", "takes an ICMPv6 message of type 255 for an MLDv2 Report"},
	{MLDRReportReservedChecked, "RFC 3810 §5.2.1", "drops MLDv2 Reports whose Reserved fields are not 0"},
	{MLDRReportRecordsByLength, "RFC 3810 §5.2.3", "reads a report's records up to its end, whatever its Number of Multicast Address Records says"},
	{MLDRUnknownRecordTaken, "RFC 3810 §5.2.12", "takes a record of unknown type for MODE_IS_INCLUDE"},
	{MLDRReportExtraDataDropped, "RFC 3810 §5.2.11", "drops an MLDv2 Report with octets after its last record"},
	{MLDRReportPartial, "RFC 3810 §5.2", "keeps the records before a malformed one instead of ignoring the whole report"},
	{MLDRRecordAddressUnchecked, "RFC 3810 §5.2.8", "keeps state for a record whatever its Multicast Address: ::, unicast or all-nodes"},
	{MLDRSourceAddressUnchecked, "RFC 3810 §5.2.9", "keeps state for any source entry: ::, multicast, link-local or the router's own addresses"},
	{MLDRAuxDataNotSkipped, "RFC 3810 §5.2.10", "does not skip a record's auxiliary data, reading it as the next record"},
	{MLDRLinkScopeIgnored, "RFC 3810 §5.2.8", "keeps no listener state for groups of link-local scope, ff02::16 among them"},
	{MLDRQRVSevenAsZero, "RFC 3810 §5.1.8", "sends QRV 0 for a Robustness Variable of 7, which fits the field"},
	{MLDRQueryLowersNothing, "RFC 3810 §7.6.1", "lowers no timer on another router's Multicast Address (and Source) Specific Query with S clear"},
	{MLDRSSMPrefixShort, "RFC 4604 §3, RFC 4607 §1", "applies the source-specific rules to all of ff3x::/16 instead of ff3x::/32"},
	{MLDROQPTNotRestarted, "RFC 3810 §7.6.2", "does not restart the Other Querier Present timer on the querier's later queries: queries again an OQPT after the first"},
	{MLDRBadRecordDropsReport, "RFC 3810 §5.2.8", "drops the whole report when one record's Multicast Address is no group, instead of skipping that record"},
})
