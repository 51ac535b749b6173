// Package faults names the deliberate deviations the reference node can be
// started with. Each one breaks exactly one requirement, so that every
// conformance spec can be shown to fail against a node that gets that
// requirement wrong.
package faults

import (
	"fmt"
	"sort"
	"strings"
)

// Fault is the name of one deviation, as given to --fault.
type Fault string

// The catalogue of faults. The comment says what the faulty node does.
const (
	NoEchoReply            Fault = "no-echo-reply"             // never answers an Echo Request
	PPPointerOffByOne      Fault = "pp-pointer-off-by-one"     // Parameter Problem pointers one octet too far
	PPForNoNextHeader      Fault = "pp-for-no-next-header"     // treats Next Header 59 as unrecognized
	AnyVersion             Fault = "any-version"               // accepts any value in the IPv6 Version field
	IgnorePayloadLength    Fault = "ignore-payload-length"     // takes the packet's length from the frame, not from Payload Length
	DropHopLimitZero       Fault = "drop-hoplimit-zero"        // discards packets that arrive with Hop Limit 0
	AcceptMulticastSource  Fault = "accept-multicast-source"   // processes packets whose source is a multicast address
	AcceptLoopbackOnWire   Fault = "accept-loopback-on-wire"   // accepts packets to or from ::1 arriving on a link, and sends to ::1 on a link
	NoAllNodes             Fault = "no-all-nodes"              // does not listen to ff02::1
	AcceptAnyMulticast     Fault = "accept-any-multicast"      // accepts packets to multicast groups it never joined
	NSAnyHopLimit          Fault = "ns-any-hoplimit"           // accepts Neighbor Solicitations whatever their Hop Limit
	NSAnyCode              Fault = "ns-any-code"               // accepts Neighbor Solicitations with a non-zero ICMP code
	ICMPNoChecksum         Fault = "icmp-no-checksum"          // does not verify ICMPv6 checksums
	NSShortLength          Fault = "ns-short-length"           // accepts Neighbor Solicitations shorter than 24 octets
	NDZeroLengthOption     Fault = "nd-zero-length-option"     // accepts ND messages carrying an option of length 0
	NSUnspecifiedWithSLLA  Fault = "ns-unspecified-with-slla"  // accepts a DAD Neighbor Solicitation that carries a source link-layer option
	NSMulticastTarget      Fault = "ns-multicast-target"       // answers Neighbor Solicitations whose target is multicast
	NANoTLLA               Fault = "na-no-tlla"                // leaves the target link-layer option out of every Neighbor Advertisement
	NANoSolicitedFlag      Fault = "na-no-solicited-flag"      // clears the Solicited flag in solicited Neighbor Advertisements
	NSNoSLLA               Fault = "ns-no-slla"                // leaves the source link-layer option out of address-resolution solicitations
	NSWrongGroup           Fault = "ns-wrong-group"            // sends address-resolution solicitations to all-nodes instead of the solicited-node group
	NSExtraSolicit         Fault = "ns-extra-solicit"          // sends one multicast solicitation more than MAX_MULTICAST_SOLICIT
	NoQueueWhileIncomplete Fault = "no-queue-while-incomplete" // drops packets waiting for address resolution
	NAAnyHopLimit          Fault = "na-any-hoplimit"           // accepts Neighbor Advertisements whatever their Hop Limit
	NoDAD                  Fault = "no-dad"                    // uses its addresses at once, without Duplicate Address Detection
	DADNoDefend            Fault = "dad-no-defend"             // does not answer another node's DAD probe for its address
	DADIgnoreConflict      Fault = "dad-ignore-conflict"       // keeps a tentative address that another node claims
	LLNoULFlip             Fault = "ll-no-ul-flip"             // forms interface identifiers without inverting the universal/local bit

	// Extension headers, fragments, path MTU, ICMPv6 errors and UDP.
	HBHAnywhere                        Fault = "hbh-anywhere"                           // accepts a Hop-by-Hop Options header anywhere in the chain, not only right after the IPv6 header
	Option10Silent                     Fault = "option-10-silent"                       // discards packets with an unknown option whose type starts with 10 without sending Parameter Problem
	Option11MulticastError             Fault = "option-11-multicast-error"              // sends Parameter Problem for unknown options whose type starts with 11 even when the destination is multicast
	Option01Process                    Fault = "option-01-process"                      // skips unknown options whose type starts with 01 instead of discarding the packet
	OptionOrderLast                    Fault = "option-order-last"                      // processes every option and acts on the last bad one instead of the first
	RoutingSL0Error                    Fault = "routing-sl0-error"                      // sends Parameter Problem for an unknown routing type even when Segments Left is 0
	RoutingUnknownIgnored              Fault = "routing-unknown-ignored"                // ignores an unknown routing type even when Segments Left is above 0
	NoReassembly                       Fault = "no-reassembly"                          // drops every fragment that is not an atomic fragment
	ReassemblyMixedIDs                 Fault = "reassembly-mixed-ids"                   // ignores the Identification when matching fragments to a datagram
	ReassemblyNoTimeoutError           Fault = "reassembly-no-timeout-error"            // sends no Time Exceeded when reassembly times out
	ReassemblyTimeoutErrorWithoutFirst Fault = "reassembly-timeout-error-without-first" // sends Time Exceeded when reassembly times out even if the first fragment never came
	OverlapAccepted                    Fault = "overlap-accepted"                       // reassembles overlapping fragments, the last one received winning
	AtomicThroughReassembly            Fault = "atomic-through-reassembly"              // puts atomic fragments through reassembly with the other fragments of the same Identification
	FragLengthNotChecked               Fault = "frag-length-not-checked"                // accepts fragments with M=1 whose length is not a multiple of 8
	ReassemblySizeUnchecked            Fault = "reassembly-size-unchecked"              // accepts fragments that would reassemble to more than 65535 octets of payload
	IncompleteChainAccepted            Fault = "incomplete-chain-accepted"              // reassembles a first fragment that does not hold the whole header chain
	NDInFragmentAccepted               Fault = "nd-in-fragment-accepted"                // processes Neighbor Discovery messages that came in fragments
	PTBIgnored                         Fault = "ptb-ignored"                            // ignores Packet Too Big messages
	PMTUBelow1280                      Fault = "pmtu-below-1280"                        // takes a Packet Too Big MTU below 1280 as the path MTU (down to 56)
	PMTURaisedByPTB                    Fault = "pmtu-raised-by-ptb"                     // raises the path MTU when a Packet Too Big reports a larger one
	NoFragmentation                    Fault = "no-fragmentation"                       // sends packets larger than the path MTU whole
	NoPortUnreachable                  Fault = "no-port-unreachable"                    // sends no Destination Unreachable for UDP to a closed port
	ErrorAboutError                    Fault = "error-about-error"                      // sends ICMPv6 errors about ICMPv6 error messages
	ErrorToMulticast                   Fault = "error-to-multicast"                     // sends every ICMPv6 error about packets sent to multicast destinations
	NoRateLimit                        Fault = "no-rate-limit"                          // does not rate-limit ICMPv6 errors
	UDPZeroChecksumAccepted            Fault = "udp-zero-checksum-accepted"             // accepts UDP datagrams with a zero checksum
	PadOptionsDiscard                  Fault = "pad-options-discard"                    // discards packets whose Hop-by-Hop or Destination Options carry Pad1 or PadN
	Option00Discard                    Fault = "option-00-discard"                      // discards packets carrying an unknown option whose type starts with 00 instead of skipping it
	Option11UnicastSilent              Fault = "option-11-unicast-silent"               // sends no Parameter Problem for unknown options whose type starts with 11 to a unicast destination
	ReassemblyMixedKeys                Fault = "reassembly-mixed-keys"                  // matches fragments to a datagram whatever their Identification, source and destination
	ReplyUnknownInformational          Fault = "reply-unknown-informational"            // answers an ICMPv6 informational message of unknown type with Parameter Problem code 0 at its type
	ErrorExceedsMinMTU                 Fault = "error-exceeds-min-mtu"                  // quotes the whole invoking packet in ICMPv6 errors, beyond the 1280-octet minimum MTU

	// Router role.
	ForwardNoDecrement       Fault = "forward-no-decrement"         // forwards packets without decrementing the Hop Limit
	ForwardLinkLocalSource   Fault = "forward-link-local-source"    // forwards packets with a link-local source to another link instead of answering Destination Unreachable code 2
	ForwardFragments         Fault = "forward-fragments"            // fragments packets too big for the next link instead of answering Packet Too Big
	NANoRouterFlag           Fault = "na-no-router-flag"            // a router that clears the Router flag in its Neighbor Advertisements
	ForwardLinkLocal         Fault = "forward-link-local"           // forwards packets to link-local destinations onto its other links
	ForwardHopLimitZero      Fault = "forward-hoplimit-zero"        // forwards packets whose Hop Limit runs out instead of answering Time Exceeded
	ForwardZeroesTCFL        Fault = "forward-zeroes-tc-fl"         // clears the Traffic Class and Flow Label of the packets it forwards
	NoAddressUnreachable     Fault = "no-address-unreachable"       // drops packets that waited for a failed address resolution without Destination Unreachable code 3
	RoutePrefix64Max         Fault = "route-prefix-64-max"          // ranks routes longer than /64 as /64s in longest-prefix match
	NoRouteSilent            Fault = "no-route-silent"              // drops packets it has no route for without Destination Unreachable code 0
	DropNonzeroTrafficClass  Fault = "drop-nonzero-traffic-class"   // discards packets for it whose Traffic Class is not zero
	DropNonzeroFlowLabel     Fault = "drop-nonzero-flow-label"      // discards packets for it whose Flow Label is not zero
	ForwardUnspecifiedSource Fault = "forward-unspecified-source"   // forwards packets whose source is the unspecified address
	ForwardMulticast         Fault = "forward-multicast"            // passes every multicast packet on to its other links, whatever the scope and whether anyone listens there
	ForwardStripsAfterNoNext Fault = "forward-strips-after-no-next" // cuts off the octets that follow a Next Header of 59 in the packets it forwards
	ErrorToNonUniqueSource   Fault = "error-to-non-unique-source"   // sends ICMPv6 errors about packets whose source names no single node (unspecified, multicast, its own anycast address), onto the link they came from
)

var known = map[Fault]bool{}

func init() {
	for _, f := range All() {
		known[f] = true
	}
}

// All lists every fault, sorted by name.
func All() []Fault {
	all := []Fault{
		NoEchoReply, PPPointerOffByOne, PPForNoNextHeader, AnyVersion, IgnorePayloadLength,
		DropHopLimitZero, AcceptMulticastSource, AcceptLoopbackOnWire, NoAllNodes,
		AcceptAnyMulticast, NSAnyHopLimit, NSAnyCode, ICMPNoChecksum, NSShortLength,
		NDZeroLengthOption, NSUnspecifiedWithSLLA, NSMulticastTarget, NANoTLLA,
		NANoSolicitedFlag, NSNoSLLA, NSWrongGroup, NSExtraSolicit, NoQueueWhileIncomplete,
		NAAnyHopLimit, NoDAD, DADNoDefend, DADIgnoreConflict, LLNoULFlip,
		HBHAnywhere, Option10Silent, Option11MulticastError, Option01Process, OptionOrderLast, RoutingSL0Error, RoutingUnknownIgnored, NoReassembly, ReassemblyMixedIDs, ReassemblyNoTimeoutError, ReassemblyTimeoutErrorWithoutFirst, OverlapAccepted, AtomicThroughReassembly, FragLengthNotChecked, ReassemblySizeUnchecked, IncompleteChainAccepted, NDInFragmentAccepted, PTBIgnored, PMTUBelow1280, PMTURaisedByPTB, NoFragmentation, NoPortUnreachable, ErrorAboutError, ErrorToMulticast, NoRateLimit, UDPZeroChecksumAccepted,
		PadOptionsDiscard, Option00Discard, Option11UnicastSilent, ReassemblyMixedKeys, ReplyUnknownInformational, ErrorExceedsMinMTU,
		ForwardNoDecrement, ForwardLinkLocalSource, ForwardFragments, NANoRouterFlag,
		ForwardLinkLocal, ForwardHopLimitZero, ForwardZeroesTCFL, NoAddressUnreachable, RoutePrefix64Max, NoRouteSilent, DropNonzeroTrafficClass, DropNonzeroFlowLabel,
		ForwardUnspecifiedSource, ForwardMulticast, ForwardStripsAfterNoNext, ErrorToNonUniqueSource,
	}
	all = append(all, registered...)
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	return all
}

// Known reports whether f names a fault of the catalogue.
func Known(f Fault) bool { return known[f] }

// Set is the faults a node was started with. The zero Set is a correct node.
type Set map[Fault]bool

// Parse turns names into a Set, refusing unknown names.
func Parse(names ...string) (Set, error) {
	s := Set{}
	for _, n := range names {
		for _, part := range strings.Split(n, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			if !Known(Fault(part)) {
				return nil, fmt.Errorf("unknown fault %q (see refnode --list-faults)", part)
			}
			s[Fault(part)] = true
		}
	}
	return s, nil
}

// Has reports whether the node deviates with f.
func (s Set) Has(f Fault) bool { return s[f] }
