package faults

// A router's forwarding (RFC 8200 §3, RFC 4291 §2.5.6, §2.7, RFC 4443 §3,
// RFC 7608): refnode/ip6_forward.go, refnode/route.go.
const (
	ForwardLinkLocalSourceSameLink Fault = "forward-link-local-source-same-link"
	ForwardUnspecifiedSource       Fault = "forward-unspecified-source"
	ForwardLinkLocalSource         Fault = "forward-link-local-source"
	ForwardMulticast               Fault = "forward-multicast"
	ErrorToNonUniqueSource         Fault = "error-to-non-unique-source"
	NoRouteSilent                  Fault = "no-route-silent"
	ForwardFragments               Fault = "forward-fragments"
	ForwardPTBAtMTU                Fault = "forward-ptb-at-mtu"
	ForwardHopLimitZero            Fault = "forward-hoplimit-zero"
	ForwardResolvedDropped         Fault = "forward-resolved-dropped"
	RoutePrefix64Max               Fault = "route-prefix-64-max"
	ForwardNoDecrement             Fault = "forward-no-decrement"
	ForwardLinkLocal               Fault = "forward-link-local"
	ForwardZeroesTCFL              Fault = "forward-zeroes-tc-fl"
	ForwardHopLimitOffByOne        Fault = "forward-hoplimit-off-by-one"
	ForwardStripsAfterNoNext       Fault = "forward-strips-after-no-next"
	ForwardRewritesDestOpts        Fault = "forward-rewrites-dest-opts"
)

var _ = add(Forwarding, []Row{
	{ForwardLinkLocalSourceSameLink, "RFC 4007 §9", "answers Beyond Scope for a packet with a link-local source even when it goes back out on the link it came from"},
	{ForwardUnspecifiedSource, "RFC 4291 §2.5.2", "forwards packets whose source is the unspecified address"},
	{ForwardLinkLocalSource, "RFC 4291 §2.5.6", "forwards packets with a link-local source to another link instead of answering Destination Unreachable code 2"},
	{ForwardMulticast, "RFC 4291 §2.7", "passes every multicast packet on to its other links, whatever the scope and whether anyone listens there"},
	{ErrorToNonUniqueSource, "RFC 4443 §2.4", "sends ICMPv6 errors about packets whose source names no single node (unspecified, multicast, its own anycast address), onto the link they came from"},
	{NoRouteSilent, "RFC 4443 §3.1", "drops packets it has no route for without Destination Unreachable code 0"},
	{ForwardFragments, "RFC 4443 §3.2", "fragments packets too big for the next link instead of answering Packet Too Big"},
	{ForwardPTBAtMTU, "RFC 4443 §3.2", "answers Packet Too Big for a packet exactly as large as the next link's MTU"},
	{ForwardHopLimitZero, "RFC 4443 §3.3", "forwards packets whose Hop Limit runs out instead of answering Time Exceeded"},
	{ForwardResolvedDropped, "RFC 4861 §7.2.2", "loses a packet to forward when the next hop's link-layer address is already known"},
	{RoutePrefix64Max, "RFC 7608 §2", "ranks routes longer than /64 as /64s in longest-prefix match"},
	{ForwardNoDecrement, "RFC 8200 §3", "forwards packets without decrementing the Hop Limit"},
	{ForwardLinkLocal, "RFC 8200 §3", "forwards packets to link-local destinations onto its other links"},
	{ForwardZeroesTCFL, "RFC 8200 §3", "clears the Traffic Class and Flow Label of the packets it forwards"},
	{ForwardHopLimitOffByOne, "RFC 8200 §3", "a router that answers Time Exceeded for a packet that arrives with Hop Limit 2, instead of forwarding it with 1"},
	{ForwardStripsAfterNoNext, "RFC 8200 §4.7", "cuts off the octets that follow a Next Header of 59 in the packets it forwards"},
	{ForwardRewritesDestOpts, "RFC 8200 §4", "turns the options of a Destination Options header into padding in the packets it forwards, as if they were its own to process"},
})
