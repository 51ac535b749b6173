package faults

// Multicast listener (RFC 3810, RFC 2710, RFC 4604; refnode/mld).
const (
	MLDNoReport                   Fault = "mld-no-report"                      // sends no MLD Report or Done at all
	MLDReportsAllNodes            Fault = "mld-reports-all-nodes"              // reports ff02::1 like any other group
	MLDIgnoresQuery               Fault = "mld-ignores-query"                  // never answers a Multicast Listener Query
	MLDNoRouterAlert              Fault = "mld-no-router-alert"                // sends its MLD messages without the Hop-by-Hop Router Alert option
	MLDAcceptsQueryHopLimit255    Fault = "mld-accepts-query-hoplimit-255"     // accepts queries whatever their Hop Limit
	MLDNoRetransmit               Fault = "mld-no-retransmit"                  // sends each State Change Report (and unsolicited MLDv1 Report) once
	MLDQueryAnySource             Fault = "mld-query-any-source"               // accepts queries whose source is not a link-local address
	MLDQueryNoRouterAlertAccepted Fault = "mld-query-no-router-alert-accepted" // accepts queries without a Router Alert option
	MLDReportHopLimit255          Fault = "mld-report-hoplimit-255"            // sends its MLD messages with Hop Limit 255
	MLDNoReportBeforeDAD          Fault = "mld-no-report-before-dad"           // reports the solicited-node group of an address only once DAD has found it unique
	MLDNoV1Compat                 Fault = "mld-no-v1-compat"                   // takes MLDv1 queries for MLDv2 ones and never speaks MLDv1
	MLDMaxRespLinear              Fault = "mld-max-resp-linear"                // reads every Maximum Response Code as milliseconds, without the exponential form
	MLDIgnoresQRV                 Fault = "mld-ignores-qrv"                    // keeps its own Robustness Variable whatever the queries' QRV
	MLDSSMExclude                 Fault = "mld-ssm-exclude"                    // takes EXCLUDE filters for source-specific multicast groups and reports them
	MLDNoSplit                    Fault = "mld-no-split"                       // puts every record in one Report, whatever the link MTU
	MLDNoDone                     Fault = "mld-no-done"                        // sends no MLDv1 Done when it leaves a group in MLDv1 compatibility mode
	MLDReportGlobalSource         Fault = "mld-report-global-source"           // sends its MLD messages from a global address when it has one
	MLDNoReReport                 Fault = "mld-no-rereport"                    // does not report its groups again once its link-local address is valid after reports from ::
	MLDRetransmitLate             Fault = "mld-retransmit-late"                // repeats State Change Reports only after twice the Unsolicited Report Interval
	MLDUnicastQueryDropped        Fault = "mld-unicast-query-dropped"          // drops queries sent to one of its unicast addresses
	MLDShortQueryAccepted         Fault = "mld-short-query-accepted"           // takes a query of 25 to 27 octets for an MLDv2 query without sources
	MLDUnknownTypeAsQuery         Fault = "mld-unknown-type-as-query"          // takes an ICMPv6 message of type 255 for a Multicast Listener Query
	MLDAnswerLate                 Fault = "mld-answer-late"                    // answers queries one second after their Maximum Response Delay
	MLDQueryStrict                Fault = "mld-query-strict"                   // drops queries whose Code, reserved fields, S flag, QRV (0 or 7), QQIC (0 or past 127) or octets after the sources are not the usual ones
	MLDQueryGroupUnchecked        Fault = "mld-query-group-unchecked"          // takes a query for :: that lists sources for a General Query
	MLDAnswersLeftGroups          Fault = "mld-answers-left-groups"            // answers queries about groups it does not listen to (any more) with an empty MODE_IS_INCLUDE record
	MLDQuerySourcesByLength       Fault = "mld-query-sources-by-length"        // takes a query's sources from its length, not from its Number of Sources
	MLDAnswersEmpty               Fault = "mld-answers-empty"                  // answers a source-specific query that leaves no source to report with an empty record
	MLDQueryRulesIgnored          Fault = "mld-query-rules-ignored"            // answers every query on its own: a query never defers to or merges with a pending answer (RFC 3810 §6.2 rules)
	MLDV1Forever                  Fault = "mld-v1-forever"                     // stays in MLDv1 compatibility mode once it heard an MLDv1 querier
	MLDReportsUnchanged           Fault = "mld-reports-unchanged"              // sends a State Change Report on every socket call, even when the interface state stays the same
)

var _ = register(map[Fault]string{
	MLDNoReport:                   "sends no MLD Report or Done at all",
	MLDReportsAllNodes:            "reports ff02::1 like any other group",
	MLDIgnoresQuery:               "never answers a Multicast Listener Query",
	MLDNoRouterAlert:              "sends its MLD messages without the Hop-by-Hop Router Alert option",
	MLDAcceptsQueryHopLimit255:    "accepts queries whatever their Hop Limit",
	MLDNoRetransmit:               "sends each State Change Report (and unsolicited MLDv1 Report) once",
	MLDQueryAnySource:             "accepts queries whose source is not a link-local address",
	MLDQueryNoRouterAlertAccepted: "accepts queries without a Router Alert option",
	MLDReportHopLimit255:          "sends its MLD messages with Hop Limit 255",
	MLDNoReportBeforeDAD:          "reports the solicited-node group of an address only once DAD has found it unique",
	MLDNoV1Compat:                 "takes MLDv1 queries for MLDv2 ones and never speaks MLDv1",
	MLDMaxRespLinear:              "reads every Maximum Response Code as milliseconds, without the exponential form",
	MLDIgnoresQRV:                 "keeps its own Robustness Variable whatever the queries' QRV",
	MLDSSMExclude:                 "takes EXCLUDE filters for source-specific multicast groups and reports them",
	MLDNoSplit:                    "puts every record in one Report, whatever the link MTU",
	MLDNoDone:                     "sends no MLDv1 Done when it leaves a group in MLDv1 compatibility mode",
	MLDReportGlobalSource:         "sends its MLD messages from a global address when it has one",
	MLDNoReReport:                 "does not report its groups again once its link-local address is valid after reports from ::",
	MLDRetransmitLate:             "repeats State Change Reports only after twice the Unsolicited Report Interval",
	MLDUnicastQueryDropped:        "drops queries sent to one of its unicast addresses",
	MLDShortQueryAccepted:         "takes a query of 25 to 27 octets for an MLDv2 query without sources",
	MLDUnknownTypeAsQuery:         "takes an ICMPv6 message of type 255 for a Multicast Listener Query",
	MLDAnswerLate:                 "answers queries one second after their Maximum Response Delay",
	MLDQueryStrict:                "drops queries whose Code, reserved fields, S flag, QRV (0 or 7), QQIC (0 or past 127) or octets after the sources are not the usual ones",
	MLDQueryGroupUnchecked:        "takes a query for :: that lists sources for a General Query",
	MLDAnswersLeftGroups:          "answers queries about groups it does not listen to (any more) with an empty MODE_IS_INCLUDE record",
	MLDQuerySourcesByLength:       "takes a query's sources from its length, not from its Number of Sources",
	MLDAnswersEmpty:               "answers a source-specific query that leaves no source to report with an empty record",
	MLDQueryRulesIgnored:          "answers every query on its own: a query never defers to or merges with a pending answer (RFC 3810 §6.2 rules)",
	MLDV1Forever:                  "stays in MLDv1 compatibility mode once it heard an MLDv1 querier",
	MLDReportsUnchanged:           "sends a State Change Report on every socket call, even when the interface state stays the same",
})
