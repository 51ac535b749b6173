package faults

// Faults for the addressing architecture and scoped address specs
// (rfc2373/): each breaks one requirement of RFC 4291 §2.5.6, §2.6.1, §2.7,
// §2.8, RFC 4007 §6, §9, RFC 3879 §4, RFC 4193 §3.3, RFC 4443 §4.2 or
// RFC 6724 §5 that no older fault breaks.
const (
	// Zones (RFC 4007 §6, §9).
	LLAnyZone         Fault = "ll-any-zone"         // takes a packet for the link-local address of one interface as its own on every other interface
	LLFirstInterface  Fault = "ll-first-interface"  // sends every packet to a link-local destination out of its first interface, whatever link it belongs to
	NeighborZoneBlind Fault = "neighbor-zone-blind" // resolves a link-local neighbor with the link-layer address cached for the same address on another interface

	// Multicast scopes and memberships (RFC 4291 §2.7, §2.8; RFC 7346).
	AcceptInterfaceLocal   Fault = "accept-interface-local"    // accepts packets to interface-local groups (ff01::/16) that arrive from a link
	AcceptScopeZero        Fault = "accept-scope-zero"         // takes a group of the reserved scope 0 for the same group at link-local scope
	AllNodesAnyScope       Fault = "all-nodes-any-scope"       // takes group ID 1 at every scope (ff05::1, ff0e::1, ...) for all-nodes
	NoAllRouters           Fault = "no-all-routers"            // a router that does not join the all-routers groups ff02::2 and ff05::2
	HostAllRouters         Fault = "host-all-routers"          // a host that listens to the all-routers groups as if it were a router
	AnycastEchoFromAnycast Fault = "anycast-echo-from-anycast" // answers an Echo Request to its subnet-router anycast address from that anycast address

	// Unique local and site-local unicast are global in scope (RFC 4193
	// §3.3; RFC 3879 §4, RFC 4291 §2.5.7).
	ULAScoped       Fault = "ula-scoped"        // a router that keeps fc00::/7 inside the link, like link-local: not forwarded off it, Destination Unreachable code 2 for such a source
	SiteLocalScoped Fault = "site-local-scoped" // a router that keeps fec0::/10 inside the link, like link-local: not forwarded off it, Destination Unreachable code 2 for such a source

	// Source address selection (RFC 6724 §5).
	SourceFirstAddress Fault = "source-first-address" // sends from the interface's first address, its link-local one, whatever the destination: no source address selection
	SASUsesDeprecated  Fault = "sas-uses-deprecated"  // leaves out rule 3: a deprecated address competes as if preferred
	SASNoLabel         Fault = "sas-no-label"         // leaves out rule 6: the policy table's labels do not count
	SASNoLongestMatch  Fault = "sas-no-longest-match" // leaves out rule 8: the first candidate wins over the one with the longest matching prefix

	SASIgnoresOutgoingInterface Fault = "sas-ignores-outgoing-interface" // leaves out rule 5: the global addresses of every interface compete as if assigned to the outgoing one
)

var _ = register(map[Fault]string{
	LLAnyZone:         "takes a packet for the link-local address of one interface as its own on every other interface",
	LLFirstInterface:  "sends every packet to a link-local destination out of its first interface, whatever link it belongs to",
	NeighborZoneBlind: "resolves a link-local neighbor with the link-layer address cached for the same address on another interface",

	AcceptInterfaceLocal:   "accepts packets to interface-local groups (ff01::/16) that arrive from a link",
	AcceptScopeZero:        "takes a group of the reserved scope 0 for the same group at link-local scope",
	AllNodesAnyScope:       "takes group ID 1 at every scope (ff05::1, ff0e::1, ...) for all-nodes",
	NoAllRouters:           "a router that does not join the all-routers groups ff02::2 and ff05::2",
	HostAllRouters:         "a host that listens to the all-routers groups as if it were a router",
	AnycastEchoFromAnycast: "answers an Echo Request to its subnet-router anycast address from that anycast address",

	ULAScoped:       "a router that keeps fc00::/7 inside the link, like link-local: not forwarded off it, Destination Unreachable code 2 for such a source",
	SiteLocalScoped: "a router that keeps fec0::/10 inside the link, like link-local: not forwarded off it, Destination Unreachable code 2 for such a source",

	SourceFirstAddress: "sends from the interface's first address, its link-local one, whatever the destination: no source address selection",
	SASUsesDeprecated:  "leaves out rule 3: a deprecated address competes as if preferred",
	SASNoLabel:         "leaves out rule 6: the policy table's labels do not count",
	SASNoLongestMatch:  "leaves out rule 8: the first candidate wins over the one with the longest matching prefix",

	SASIgnoresOutgoingInterface: "leaves out rule 5: the global addresses of every interface compete as if assigned to the outgoing one",
})
