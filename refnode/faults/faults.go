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
	}
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
