package faults

// descriptions say, for --list-faults, what the faulty node does.
var descriptions = map[Fault]string{
	NoEchoReply:            "never answers an Echo Request",
	PPPointerOffByOne:      "Parameter Problem pointers one octet too far",
	PPForNoNextHeader:      "treats Next Header 59 as unrecognized",
	AnyVersion:             "accepts any value in the IPv6 Version field",
	IgnorePayloadLength:    "takes the packet's length from the frame, not from Payload Length",
	DropHopLimitZero:       "discards packets that arrive with Hop Limit 0",
	AcceptMulticastSource:  "processes packets whose source is a multicast address",
	AcceptLoopbackOnWire:   "accepts packets to or from ::1 arriving on a link, and sends to ::1 on a link",
	NoAllNodes:             "does not listen to ff02::1",
	AcceptAnyMulticast:     "accepts packets to multicast groups it never joined",
	NSAnyHopLimit:          "accepts Neighbor Solicitations whatever their Hop Limit",
	NSAnyCode:              "accepts Neighbor Solicitations with a non-zero ICMP code",
	ICMPNoChecksum:         "does not verify ICMPv6 checksums",
	NSShortLength:          "accepts Neighbor Solicitations shorter than 24 octets",
	NDZeroLengthOption:     "accepts ND messages carrying an option of length 0",
	NSUnspecifiedWithSLLA:  "accepts a DAD Neighbor Solicitation that carries a source link-layer option",
	NSMulticastTarget:      "answers Neighbor Solicitations whose target is multicast",
	NANoTLLA:               "leaves the target link-layer option out of every Neighbor Advertisement",
	NANoSolicitedFlag:      "clears the Solicited flag in solicited Neighbor Advertisements",
	NSNoSLLA:               "leaves the source link-layer option out of address-resolution solicitations",
	NSWrongGroup:           "sends address-resolution solicitations to all-nodes instead of the solicited-node group",
	NSExtraSolicit:         "sends one multicast solicitation more than MAX_MULTICAST_SOLICIT",
	NoQueueWhileIncomplete: "drops packets waiting for address resolution",
	NAAnyHopLimit:          "accepts Neighbor Advertisements whatever their Hop Limit",
	NoDAD:                  "uses its addresses at once, without Duplicate Address Detection",
	DADNoDefend:            "does not answer another node's DAD probe for its address",
	DADIgnoreConflict:      "keeps a tentative address that another node claims",
	LLNoULFlip:             "forms interface identifiers without inverting the universal/local bit",
}

// Description says what the faulty node does, or "" for an unknown fault.
func Description(f Fault) string { return descriptions[f] }
