package faults

// Redirects, received and sent (RFC 4861 §8): refnode/nd/redirect.go,
// refnode/redirect.go.
const (
	RedirectAnySource                    Fault = "redirect-any-source"
	RedirectAnyHopLimit                  Fault = "redirect-any-hoplimit"
	RedirectAnyCode                      Fault = "redirect-any-code"
	RedirectLengthOffByOne               Fault = "redirect-length-off-by-one"
	RedirectTargetMulticastOnly          Fault = "redirect-target-multicast-only"
	RedirectWithoutFirstHop              Fault = "redirect-without-first-hop"
	RedirectMulticastDestinationAccepted Fault = "redirect-multicast-destination-accepted"
	RedirectAnyTarget                    Fault = "redirect-any-target"
	RedirectShortAccepted                Fault = "redirect-short-accepted"
	NoRedirectSent                       Fault = "no-redirect-sent"
	RedirectNoRateLimit                  Fault = "redirect-no-rate-limit"
	RedirectFromGlobal                   Fault = "redirect-from-global"
	RedirectGlobalTarget                 Fault = "redirect-global-target"
	RedirectMTUOffByOne                  Fault = "redirect-mtu-off-by-one"
	RedirectedHeaderRoundsDown           Fault = "redirected-header-rounds-down"
	RedirectSourceNotNeighbor            Fault = "redirect-source-not-neighbor"
	RedirectMulticastDestination         Fault = "redirect-multicast-destination"
	RedirectIgnored                      Fault = "redirect-ignored"
	RedirectTLLAIgnored                  Fault = "redirect-tlla-ignored"
	RedirectSetsStale                    Fault = "redirect-sets-stale"
	RedirectConfirmsReachability         Fault = "redirect-confirms-reachability"
	RouterAcceptsRedirect                Fault = "router-accepts-redirect"
)

var _ = add(Redirect, []Row{
	{RedirectAnySource, "RFC 4861 §8.1", "accepts Redirects from a global source or from a router that is not the current first hop"},
	{RedirectAnyHopLimit, "RFC 4861 §8.1", "accepts Redirects whatever their Hop Limit"},
	{RedirectAnyCode, "RFC 4861 §8.1", "accepts Redirects with a non-zero ICMP code"},
	{RedirectLengthOffByOne, "RFC 4861 §8.1", "accepts a Redirect of 39 octets, one short of 40"},
	{RedirectTargetMulticastOnly, "RFC 4861 §8.1", "refuses only multicast Redirect targets, taking a global one that is not the destination"},
	{RedirectWithoutFirstHop, "RFC 4861 §8.1", "takes a Redirect for a destination it knows no first hop for"},
	{RedirectMulticastDestinationAccepted, "RFC 4861 §8.1", "accepts Redirects whose Destination Address is multicast, as if their source were its first hop for it"},
	{RedirectAnyTarget, "RFC 4861 §8.1", "accepts Redirects whose target is neither link-local nor the destination (multicast included)"},
	{RedirectShortAccepted, "RFC 4861 §8.1", "accepts Redirects shorter than 40 octets, reading past their end"},
	{NoRedirectSent, "RFC 4861 §8.2", "a router that never sends Redirects"},
	{RedirectNoRateLimit, "RFC 4861 §8.2", "a router that does not rate-limit the Redirects it sends"},
	{RedirectFromGlobal, "RFC 4861 §8.2", "a router that sends its Redirects from its global address, not from its link-local one"},
	{RedirectGlobalTarget, "RFC 4861 §8.2", "a router that names a better router in its Redirects by the global address its route gives, not by a link-local address"},
	{RedirectMTUOffByOne, "RFC 4861 §8.2", "a router that sends no Redirect about a packet exactly as long as the link's MTU, as if it were too big"},
	{RedirectedHeaderRoundsDown, "RFC 4861 §8.2", "quotes the redirected packet in whole units of 8 octets, leaving out the last few octets of a packet that would fit"},
	{RedirectSourceNotNeighbor, "RFC 4861 §8.2", "a router that redirects packets whose source is not a neighbor"},
	{RedirectMulticastDestination, "RFC 4861 §8.2", "a router that answers a packet to a multicast destination, sent to its MAC, with a Redirect"},
	{RedirectIgnored, "RFC 4861 §8.3", "ignores valid Redirects"},
	{RedirectTLLAIgnored, "RFC 4861 §8.3", "does not update the neighbor cache from a Redirect's target link-layer option"},
	{RedirectSetsStale, "RFC 4861 §8.3", "sets the target's entry STALE on every Redirect, even without a new link-layer address"},
	{RedirectConfirmsReachability, "RFC 4861 §8.3", "takes a Redirect as proof that its target is reachable: the target's entry becomes REACHABLE"},
	{RouterAcceptsRedirect, "RFC 4861 §8.3", "a router that takes Redirects in as a host does and forwards by them"},
})
