package faults

// Addressing, scopes and zones (RFC 4291 §2, RFC 4007, RFC 3879, RFC 4193,
// RFC 6724 source address selection): refnode/scope6.go, refnode/iface.go,
// refnode/scope.
const (
	SiteLocalScoped             Fault = "site-local-scoped"
	LLAnyZone                   Fault = "ll-any-zone"
	LLFirstInterface            Fault = "ll-first-interface"
	NeighborZoneBlind           Fault = "neighbor-zone-blind"
	ULAScoped                   Fault = "ula-scoped"
	LLNoULFlip                  Fault = "ll-no-ul-flip"
	AcceptLoopbackOnWire        Fault = "accept-loopback-on-wire"
	LinkLocalFE80Only           Fault = "link-local-fe80-16-only"
	AnycastEchoFromAnycast      Fault = "anycast-echo-from-anycast"
	AcceptMulticastSource       Fault = "accept-multicast-source"
	AcceptInterfaceLocal        Fault = "accept-interface-local"
	AcceptScopeZero             Fault = "accept-scope-zero"
	AllNodesAnyScope            Fault = "all-nodes-any-scope"
	SolicitedNodeLow16          Fault = "solicited-node-low-16"
	NoAllNodes                  Fault = "no-all-nodes"
	AcceptAnyMulticast          Fault = "accept-any-multicast"
	NoAllRouters                Fault = "no-all-routers"
	HostAllRouters              Fault = "host-all-routers"
	SourceFirstAddress          Fault = "source-first-address"
	SASUsesDeprecated           Fault = "sas-uses-deprecated"
	SASNoLabel                  Fault = "sas-no-label"
	SASNoLongestMatch           Fault = "sas-no-longest-match"
	SASIgnoresOutgoingInterface Fault = "sas-ignores-outgoing-interface"
	SASScopeOffByOne            Fault = "sas-scope-off-by-one"
)

var _ = add(Scope, []Row{
	{SiteLocalScoped, "RFC 3879 §4", "a router that keeps fec0::/10 inside the link, like link-local: not forwarded off it, Destination Unreachable code 2 for such a source"},
	{LLAnyZone, "RFC 4007 §6", "takes a packet for the link-local address of one interface as its own on every other interface"},
	{LLFirstInterface, "RFC 4007 §6", "sends every packet to a link-local destination out of its first interface, whatever link it belongs to"},
	{NeighborZoneBlind, "RFC 4007 §6", "resolves a link-local neighbor with the link-layer address cached for the same address on another interface"},
	{ULAScoped, "RFC 4193 §3.3", "a router that keeps fc00::/7 inside the link, like link-local: not forwarded off it, Destination Unreachable code 2 for such a source"},
	{LLNoULFlip, "RFC 4291 §2.5.1", "forms interface identifiers without inverting the universal/local bit"},
	{AcceptLoopbackOnWire, "RFC 4291 §2.5.3", "accepts packets to or from ::1 arriving on a link, and sends to ::1 on a link"},
	{LinkLocalFE80Only, "RFC 4291 §2.5.6", "a router that keeps on their link only link-local sources in fe80::/16, not the rest of fe80::/10"},
	{AnycastEchoFromAnycast, "RFC 4291 §2.6.1", "answers an Echo Request to its subnet-router anycast address from that anycast address"},
	{AcceptMulticastSource, "RFC 4291 §2.7", "processes packets whose source is a multicast address"},
	{AcceptInterfaceLocal, "RFC 4291 §2.7", "accepts packets to interface-local groups (ff01::/16) that arrive from a link"},
	{AcceptScopeZero, "RFC 4291 §2.7", "takes a group of the reserved scope 0 for the same group at link-local scope"},
	{AllNodesAnyScope, "RFC 4291 §2.7", "takes group ID 1 at every scope (ff05::1, ff0e::1, ...) for all-nodes"},
	{SolicitedNodeLow16, "RFC 4291 §2.7.1", "forms the solicited-node groups it joins from the low 16 bits of its addresses instead of 24"},
	{NoAllNodes, "RFC 4291 §2.8", "does not listen to ff02::1"},
	{AcceptAnyMulticast, "RFC 4291 §2.8", "accepts packets to multicast groups it never joined"},
	{NoAllRouters, "RFC 4291 §2.8", "a router that does not join the all-routers groups ff02::2 and ff05::2"},
	{HostAllRouters, "RFC 4291 §2.8", "a host that listens to the all-routers groups as if it were a router"},
	{SourceFirstAddress, "RFC 6724 §5", "sends from the interface's first address, its link-local one, whatever the destination: no source address selection"},
	{SASUsesDeprecated, "RFC 6724 §5", "leaves out rule 3: a deprecated address competes as if preferred"},
	{SASNoLabel, "RFC 6724 §5", "leaves out rule 6: the policy table's labels do not count"},
	{SASNoLongestMatch, "RFC 6724 §5", "leaves out rule 8: the first candidate wins over the one with the longest matching prefix"},
	{SASIgnoresOutgoingInterface, "RFC 6724 §5", "leaves out rule 5: the global addresses of every interface compete as if assigned to the outgoing one"},
	{SASScopeOffByOne, "RFC 6724 §5", "takes a source scope equal to the destination's as too small: sends to link-local destinations from a global address"},
})
