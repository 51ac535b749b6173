package faults

// Multicast listener (RFC 3810, RFC 2710, RFC 4604): refnode/mld,
// refnode/listener.go.
const (
	MLDNoReport                   Fault = "mld-no-report"
	MLDReportsAllNodes            Fault = "mld-reports-all-nodes"
	MLDIgnoresQuery               Fault = "mld-ignores-query"
	MLDNoRouterAlert              Fault = "mld-no-router-alert"
	MLDAcceptsQueryHopLimit255    Fault = "mld-accepts-query-hoplimit-255"
	MLDNoRetransmit               Fault = "mld-no-retransmit"
	MLDQueryAnySource             Fault = "mld-query-any-source"
	MLDQueryNoRouterAlertAccepted Fault = "mld-query-no-router-alert-accepted"
	MLDReportHopLimit255          Fault = "mld-report-hoplimit-255"
	MLDNoReportBeforeDAD          Fault = "mld-no-report-before-dad"
	MLDNoV1Compat                 Fault = "mld-no-v1-compat"
	MLDMaxRespLinear              Fault = "mld-max-resp-linear"
	MLDIgnoresQRV                 Fault = "mld-ignores-qrv"
	MLDSSMExclude                 Fault = "mld-ssm-exclude"
	MLDNoSplit                    Fault = "mld-no-split"
	MLDNoDone                     Fault = "mld-no-done"
	MLDReportGlobalSource         Fault = "mld-report-global-source"
	MLDNoReReport                 Fault = "mld-no-rereport"
	MLDRetransmitLate             Fault = "mld-retransmit-late"
	MLDUnicastQueryDropped        Fault = "mld-unicast-query-dropped"
	MLDShortQueryAccepted         Fault = "mld-short-query-accepted"
	MLDUnknownTypeAsQuery         Fault = "mld-unknown-type-as-query"
	MLDAnswerLate                 Fault = "mld-answer-late"
	MLDQueryStrict                Fault = "mld-query-strict"
	MLDQueryGroupUnchecked        Fault = "mld-query-group-unchecked"
	MLDAnswersLeftGroups          Fault = "mld-answers-left-groups"
	MLDQuerySourcesByLength       Fault = "mld-query-sources-by-length"
	MLDAnswersEmpty               Fault = "mld-answers-empty"
	MLDQueryRulesIgnored          Fault = "mld-query-rules-ignored"
	MLDV1Forever                  Fault = "mld-v1-forever"
	MLDReportsUnchanged           Fault = "mld-reports-unchanged"
	MLDSourceLimitIgnored         Fault = "mld-source-limit-ignored"
	MLDReportsRefusedCall         Fault = "mld-reports-refused-call"
	MLDV1SuppressionIgnored       Fault = "mld-v1-suppression-ignored"
	MLDV1Suppresses               Fault = "mld-v1-suppresses"
	MLDSSMRangeIgnored            Fault = "mld-ssm-range-ignored"
	MLDNodeWideState              Fault = "mld-node-wide-state"
)

var _ = add(MLD, []Row{
	{MLDNoReport, "RFC 3810 §6.1", "sends no MLD Report or Done at all"},
	{MLDReportsAllNodes, "RFC 3810 §6", "reports ff02::1 like any other group"},
	{MLDIgnoresQuery, "RFC 3810 §6.3", "never answers a Multicast Listener Query"},
	{MLDNoRouterAlert, "RFC 3810 §5", "sends its MLD messages without the Hop-by-Hop Router Alert option"},
	{MLDAcceptsQueryHopLimit255, "RFC 3810 §6.2", "accepts queries whatever their Hop Limit"},
	{MLDNoRetransmit, "RFC 3810 §6.1", "sends each State Change Report (and unsolicited MLDv1 Report) once"},
	{MLDQueryAnySource, "RFC 3810 §5.1.14", "accepts queries whose source is not a link-local address"},
	{MLDQueryNoRouterAlertAccepted, "RFC 3810 §6.2", "accepts queries without a Router Alert option"},
	{MLDReportHopLimit255, "RFC 3810 §5", "sends its MLD messages with Hop Limit 255"},
	{MLDNoReportBeforeDAD, "RFC 4862 §5.4.2", "reports the solicited-node group of an address only once DAD has found it unique"},
	{MLDNoV1Compat, "RFC 3810 §8.2.1", "takes MLDv1 queries for MLDv2 ones and never speaks MLDv1"},
	{MLDMaxRespLinear, "RFC 3810 §5.1.3", "reads every Maximum Response Code as milliseconds, without the exponential form"},
	{MLDIgnoresQRV, "RFC 3810 §5.1.8", "keeps its own Robustness Variable whatever the queries' QRV"},
	{MLDSSMExclude, "RFC 4604 §2.2.2", "takes EXCLUDE filters for source-specific multicast groups and reports them"},
	{MLDNoSplit, "RFC 3810 §5.2.15", "puts every record in one Report, whatever the link MTU"},
	{MLDNoDone, "RFC 3810 §8.2.1", "sends no MLDv1 Done when it leaves a group in MLDv1 compatibility mode"},
	{MLDReportGlobalSource, "RFC 3810 §5", "sends its MLD messages from a global address when it has one"},
	{MLDNoReReport, "RFC 3810 §5.2.13", "does not report its groups again once its link-local address is valid after reports from ::"},
	{MLDRetransmitLate, "RFC 3810 §6.1", "repeats State Change Reports only after twice the Unsolicited Report Interval"},
	{MLDUnicastQueryDropped, "RFC 3810 §5.1.15", "drops queries sent to one of its unicast addresses"},
	{MLDShortQueryAccepted, "RFC 3810 §8.1", "takes a query of 25 to 27 octets for an MLDv2 query without sources"},
	{MLDUnknownTypeAsQuery, "RFC 3810 §5", "takes an ICMPv6 message of type 255 for a Multicast Listener Query"},
	{MLDAnswerLate, "RFC 3810 §5.1.3", "answers queries one second after their Maximum Response Delay"},
	{MLDQueryStrict, "RFC 3810 §5.1.12", "drops queries whose Code, reserved fields, S flag, QRV (0 or 7), QQIC (0 or past 127) or octets after the sources are not the usual ones"},
	{MLDQueryGroupUnchecked, "RFC 3810 §5.1.10", "takes a query for :: that lists sources for a General Query"},
	{MLDAnswersLeftGroups, "RFC 3810 §6.3", "answers queries about groups it does not listen to (any more) with an empty MODE_IS_INCLUDE record"},
	{MLDQuerySourcesByLength, "RFC 3810 §5.1.10", "takes a query's sources from its length, not from its Number of Sources"},
	{MLDAnswersEmpty, "RFC 3810 §6.3", "answers a source-specific query that leaves no source to report with an empty record"},
	{MLDQueryRulesIgnored, "RFC 3810 §6.2", "answers every query on its own: a query never defers to or merges with a pending answer (RFC 3810 §6.2 rules)"},
	{MLDV1Forever, "RFC 3810 §8.2.1", "stays in MLDv1 compatibility mode once it heard an MLDv1 querier"},
	{MLDSourceLimitIgnored, "RFC 3810 §4.2", "takes socket filters and interface states past its configured limit of sources"},
	{MLDReportsRefusedCall, "RFC 3810 §4.2", "reports the sources of a socket call it refuses for its limit of sources, as though it had taken them"},
	{MLDV1SuppressionIgnored, "RFC 3810 §8.2.2", "answers a query all the same after another node's MLDv1 Report though configured to suppress its answer"},
	{MLDV1Suppresses, "RFC 3810 §8.2.2", "drops its pending MLDv2 answer on another node's MLDv1 Report though not configured to"},
	{MLDSSMRangeIgnored, "RFC 4604 §2", "takes only ff3x::/32 for source-specific multicast, ignoring the configured ranges"},
	{MLDNodeWideState, "RFC 3810 §4.2", "answers a query about a group with the INCLUDE sources of every interface, not the interface state of the one asked"},
	{MLDReportsUnchanged, "RFC 3810 §4.2", "sends a State Change Report on every socket call, even when the interface state stays the same"},
})
