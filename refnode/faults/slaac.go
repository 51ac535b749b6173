package faults

// Stateless address autoconfiguration and Duplicate Address Detection (RFC
// 4862 §5.4, §5.5; RFC 7217): refnode/nd/dad.go, refnode/autoconf.go,
// refnode/slaac.
const (
	NoDAD                    Fault = "no-dad"
	DADNoDefend              Fault = "dad-no-defend"
	DADIgnoreConflict        Fault = "dad-ignore-conflict"
	DADResolutionNSConflict  Fault = "dad-resolution-ns-conflict"
	NSTentativeAnswered      Fault = "ns-tentative-answered"
	DADAnyTargetConflict     Fault = "dad-any-target-conflict"
	DuplicateProbedAgain     Fault = "duplicate-probed-again"
	NSAnsweredForDuplicate   Fault = "ns-answered-for-duplicate"
	NAForDuplicateIgnored    Fault = "na-for-duplicate-ignored"
	NoSLAAC                  Fault = "no-slaac"
	SLAACIgnoresAFlag        Fault = "slaac-ignores-a-flag"
	SLAACLinkLocalPrefix     Fault = "slaac-link-local-prefix"
	SLAACPreferredOverValid  Fault = "slaac-preferred-over-valid"
	SLAACAnyPrefixLength     Fault = "slaac-any-prefix-length"
	SLAACZeroValidLifetime   Fault = "slaac-zero-valid-lifetime"
	IgnorePreferredLifetime  Fault = "ignore-preferred-lifetime"
	NoTwoHourRule            Fault = "no-two-hour-rule"
	TwoHourKeepsRemaining    Fault = "two-hour-keeps-remaining"
	TwoHourExtendsShort      Fault = "two-hour-extends-short"
	SLAACZeroLifetimeRemoves Fault = "slaac-zero-lifetime-removes"
	SLAACLifetimeNotUpdated  Fault = "slaac-lifetime-not-updated"
	IgnoreValidLifetime      Fault = "ignore-valid-lifetime"
	PreferredLifetimeUntimed Fault = "preferred-lifetime-untimed"
	StableIIDIgnored         Fault = "stable-iid-ignored"
	StableIIDNotStable       Fault = "stable-iid-not-stable"
	StableNoRetry            Fault = "stable-no-retry"
	StableLLNoRetry          Fault = "stable-ll-no-retry"
)

var _ = add(SLAAC, []Row{
	{NoDAD, "RFC 4862 §5.4", "uses its addresses at once, without Duplicate Address Detection"},
	{DADNoDefend, "RFC 4862 §5.4", "does not answer another node's DAD probe for its address"},
	{DADIgnoreConflict, "RFC 4862 §5.4", "keeps a tentative address that another node claims"},
	{DADResolutionNSConflict, "RFC 4862 §5.4.3", "takes an address-resolution solicitation (unicast source) for a tentative address, sent to the solicited-node group or to the address itself, as a DAD conflict and gives the address up"},
	{NSTentativeAnswered, "RFC 4862 §5.4.3", "takes its tentative addresses for its own: accepts packets to them and answers address-resolution solicitations for them"},
	{DADAnyTargetConflict, "RFC 4862 §5.4.3", "takes any DAD probe or advertisement seen during its own DAD as a conflict, whatever its target"},
	{DuplicateProbedAgain, "RFC 4862 §5.4.5", "after DAD finds an autoconfigured address a duplicate, probes the same address again and takes it when nobody answers then"},
	{NSAnsweredForDuplicate, "RFC 4862 §5.4.5", "answers Neighbor Solicitations for an address DAD found a duplicate"},
	{NAForDuplicateIgnored, "RFC 4862 §5.4.5", "ignores advertisements for an address DAD found a duplicate, as if it were still its own"},
	{NoSLAAC, "RFC 4862 §5.5.3", "forms no address from advertised prefixes"},
	{SLAACIgnoresAFlag, "RFC 4862 §5.5.3", "forms addresses from prefixes advertised with A=0"},
	{SLAACLinkLocalPrefix, "RFC 4862 §5.5.3", "forms addresses from an advertised link-local prefix"},
	{SLAACPreferredOverValid, "RFC 4862 §5.5.3", "forms addresses from prefixes whose preferred lifetime exceeds the valid lifetime"},
	{SLAACAnyPrefixLength, "RFC 4862 §5.5.3", "forms addresses from prefixes of any length, the interface identifier overwriting the rest"},
	{SLAACZeroValidLifetime, "RFC 4862 §5.5.3", "forms an address from a prefix advertised with valid lifetime 0 (for a day)"},
	{IgnorePreferredLifetime, "RFC 4862 §5.5.3", "never deprecates autoconfigured addresses"},
	{NoTwoHourRule, "RFC 4862 §5.5.3", "takes any advertised valid lifetime for an address, below two hours included"},
	{TwoHourKeepsRemaining, "RFC 4862 §5.5.3", "keeps a remaining valid lifetime above two hours when an advertisement gives less than two hours, instead of cutting it to two hours"},
	{TwoHourExtendsShort, "RFC 4862 §5.5.3", "sets a remaining valid lifetime of two hours or less to two hours when an advertisement gives less, instead of leaving it as it is"},
	{SLAACZeroLifetimeRemoves, "RFC 4862 §5.5.3", "removes an autoconfigured address at once when an advertisement gives its prefix valid lifetime 0, ignoring the two-hour rule"},
	{SLAACLifetimeNotUpdated, "RFC 4862 §5.5.3", "keeps an autoconfigured address's first lifetimes: later advertisements of its prefix do not change them"},
	{IgnoreValidLifetime, "RFC 4862 §5.5.4", "never removes autoconfigured addresses whose valid lifetime ran out"},
	{PreferredLifetimeUntimed, "RFC 4862 §5.5.4", "deprecates an autoconfigured address only when an advertisement gives preferred lifetime 0, never when a finite one runs out"},
	{StableIIDIgnored, "RFC 7217 §5", "forms autoconfigured addresses from the modified EUI-64 identifier although configured for stable ones"},
	{StableIIDNotStable, "RFC 7217 §5", "draws a new identifier each time it forms an address from the same prefix"},
	{StableNoRetry, "RFC 7217 §6", "leaves a stable address that DAD found duplicate unused, forming no other"},
	{StableLLNoRetry, "RFC 7217 §6", "takes a duplicate stable link-local address for one formed from the MAC: stops IPv6 on the interface, forming no other"},
})
