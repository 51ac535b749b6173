// Package counter names the reference node's event and drop counters.
//
// Each counter is a constant of type Counter; the node holds them in an
// array indexed by Counter, so counting is an increment. Users read them
// by their dotted names (Node.Counters, the stats of cmd/refnode), which
// the names table gives. A counter's Go name is its dotted name with each
// word (between dots and underscores) capitalized and the initialisms of
// the table in counter_test.go spelled as such: "nd.ra.accepted" is
// NDRAAccepted. A new counter is a constant, a line in names, and a
// comment saying what it counts.
package counter

// Counter names one event or drop counter of the node.
type Counter uint16

// The counters, by protocol area. The comment of each says what it counts.
const (
	None Counter = iota // counts nothing: the zero value, "no counter"

	// Link layer: Ethernet frames on the node's interfaces.
	LinkShortFrame       // a frame shorter than an Ethernet header
	LinkNotForUs         // a frame to a MAC address the node neither owns nor listens to
	LinkUnknownEthertype // a frame of an EtherType other than IPv6, IPv4, ARP and ECTP
	LinkReadError        // a failed read from an interface's device
	LinkWriteError       // a failed write to an interface's device

	// ECTP (EtherType 0x9000): the loopback frames the tester uses as an in-order barrier.
	ECTPNotToUs         // an ECTP frame not sent to the interface's own MAC address
	ECTPTooShort        // an ECTP frame too short for its skip count, function or forward address
	ECTPReplyReceived   // an ECTP Reply message received
	ECTPForwardToGroup  // an ECTP Forward message naming a group address (forward addresses are individual)
	ECTPForwarded       // an ECTP Forward message sent on to its forward address
	ECTPUnknownFunction // an ECTP message of an unknown function

	// Asynchronous input: frames queued for the worker goroutines.
	AsyncControlDeferred // a control message (RA, NA, Redirect, Packet Too Big) held back by the control delay
	AsyncQueued          // a frame queued for a flow worker

	// IPv6 input (RFC 8200 §3, RFC 4291).
	IPv6InterfaceDisabled      // a packet received on an interface whose IPv6 is disabled
	IPv6InterfaceDisabledByDAD // an interface's IPv6 disabled by a duplicate link-local address from its hardware identifier (RFC 4862 §5.4.5)
	IPv6TooShort               // a packet shorter than the IPv6 header
	IPv6BadVersion             // a packet whose version is not 6
	IPv6Truncated              // a packet shorter than its Payload Length says
	IPv6LoopbackOnWire         // a packet from or to the loopback address arriving from a link (RFC 4291 §2.5.3)
	IPv6MulticastSource        // a packet with a multicast source address (RFC 4291 §2.7)
	IPv6NonzeroTCFL            // a packet dropped for a nonzero Traffic Class or Flow Label (faulty node only)
	IPv6HopLimitZero           // a packet dropped for a Hop Limit of 0 (faulty node only)
	IPv6MulticastScopeZero     // a packet to a multicast group of the reserved scope 0 (RFC 4291 §2.7)
	IPv6InterfaceLocalFromLink // a packet to an interface-local multicast group arriving from a link (RFC 4291 §2.7, RFC 4007 §5)
	IPv6GroupNotJoined         // a packet to a multicast group the interface has not joined
	IPv6NotForUs               // a packet to a unicast address the node does not own (or found duplicate)
	IPv6ToTentativeAddress     // a packet to one of the node's tentative addresses (RFC 4862 §5.4)
	IPv6NoNextHeader           // a packet whose header chain ends with No Next Header (RFC 8200 §4.7)
	IPv6UnknownNextHeader      // a packet with a next header the node does not know (RFC 8200 §4)
	IPv6OutNoRoute             // a packet the node could not send for want of a route
	IPv6OutInterfaceDisabled   // a packet not sent because its outgoing interface's IPv6 is disabled

	// Extension headers (RFC 8200 §4).
	ExtHdrHBHNotFirst        // a Hop-by-Hop Options header not immediately after the IPv6 header (RFC 8200 §4.3)
	ExtHdrTruncated          // an extension header running past the end of the packet
	ExtHdrFragmentTruncated  // a Fragment header cut short (faulty node only)
	ExtHdrRoutingTypeUnknown // a Routing header of an unknown type with Segments Left nonzero (RFC 8200 §4.4)
	ExtHdrOptionTruncated    // an option running past the end of its options header
	ExtHdrPadDiscarded       // a packet discarded for a padding option (faulty node only)
	ExtHdrOption00Discarded  // an unrecognized option of action 00 that discarded the packet (faulty node only; RFC 8200 §4.2 skips it)
	ExtHdrOption01Discarded  // an unrecognized option of action 01: packet discarded (RFC 8200 §4.2)
	ExtHdrOption10Discarded  // an unrecognized option of action 10: packet discarded (RFC 8200 §4.2)
	ExtHdrOption11Discarded  // an unrecognized option of action 11: packet discarded (RFC 8200 §4.2)

	// Type 0 Routing header, processed by a faulty node only (deprecated by RFC 5095).
	RH0OddLength            // a type 0 Routing header with an odd Hdr Ext Len
	RH0SegmentsLeftTooLarge // a type 0 Routing header whose Segments Left exceeds its addresses
	RH0Multicast            // a type 0 Routing header with a multicast address or destination
	RH0Processed            // a type 0 Routing header processed: the next address swapped in

	// Fragment reassembly (RFC 8200 §4.5, RFC 5722, RFC 6946).
	FragAtomic              // an atomic fragment, delivered at once (RFC 6946 §4)
	FragNested              // a fragment found inside a reassembled packet
	FragBadLength           // a fragment, not the last, whose length is not a multiple of 8 octets (RFC 8200 §4.5)
	FragTooLong             // a fragment reaching past 65535 octets of payload (RFC 8200 §4.5)
	FragIncompleteChain     // a first fragment without the whole header chain (RFC 8200 §4.5, RFC 7112)
	FragNotReassembled      // a fragment dropped because the node does not reassemble (faulty node only)
	FragOverlap             // a fragment overlapping another: the datagram discarded (RFC 5722 §4)
	FragDroppedAfterDiscard // a fragment of a datagram already discarded for overlap (RFC 5722 §4)
	FragDuplicate           // an exact duplicate of a fragment already held
	FragTooManyFragments    // a fragment past the most one datagram may hold
	FragDatagramLimit       // a datagram in reassembly evicted to make room for a new one
	FragTimeout             // a datagram abandoned when its reassembly time ran out (RFC 8200 §4.5)
	FragTimeoutIgnored      // a reassembly timeout not acted upon (faulty node only)
	FragMemoryDropped       // a fragment too large for the reassembly memory
	FragMemoryEvicted       // a datagram in reassembly evicted for memory
	FragReassembled         // a datagram reassembled whole
	FragOutPackets          // a packet the node sent in fragments
	FragOutFragments        // a fragment the node sent
	FragOutNoRoom           // a packet the node could not fragment into its transmit buffer

	// Forwarding (router role; RFC 8200, RFC 4291, RFC 4007).
	FwdForwarded            // a packet forwarded
	FwdMulticast            // a multicast packet not forwarded (no multicast routing)
	FwdLinkMulticast        // a unicast packet in a link-layer group frame, not forwarded
	FwdLinkLocalDestination // a packet to a link-local destination, not forwarded (RFC 4291 §2.5.6)
	FwdUnspecifiedSource    // a packet with the unspecified source address, not forwarded (RFC 4291 §2.5.2)
	FwdMulticastSource      // a packet with a multicast source address, not forwarded
	FwdHopLimitExceeded     // a packet whose Hop Limit ran out (RFC 8200 §3, RFC 4443 §3.3)
	FwdNoRoute              // a packet with no route to its destination (RFC 4443 §3.1)
	FwdBeyondScope          // a packet with a link-local source bound for another link (RFC 4007 §9)
	FwdInterfaceDisabled    // a packet whose outgoing interface's IPv6 is disabled
	FwdTooBig               // a packet larger than the next link's MTU (RFC 8200 §5, RFC 4443 §3.2)
	FwdMulticastFlooded     // a multicast packet flooded to the other links (faulty node only)
	FwdMulticastRouted      // a multicast packet forwarded onto a link with listeners for it

	// ICMPv6 (RFC 4443).
	ICMP6TooShort                        // an ICMPv6 message shorter than its header
	ICMP6BadChecksum                     // an ICMPv6 message with a wrong checksum (RFC 4443 §2.3)
	ICMP6UnknownInformational            // an informational message of an unknown type answered (faulty node only; RFC 4443 §2.4 (b))
	ICMP6EchoTooShort                    // an Echo Request shorter than its header
	ICMP6EchoNotAnswered                 // an Echo Request not answered (faulty node only)
	ICMP6EchoUnspecifiedSource           // an Echo Request from the unspecified address, not answered
	ICMP6EchoNoSource                    // an Echo Request not answered for want of a source address
	ICMP6EchoReplied                     // an Echo Reply sent (RFC 4443 §4.2)
	ICMP6EchoSent                        // an Echo Request sent (the node's ping action)
	ICMP6EchoReplyReceived               // an Echo Reply received
	ICMP6ErrorReceived                   // an ICMPv6 error message received
	ICMP6ErrorSent                       // an ICMPv6 error message sent
	ICMP6ErrorNoSource                   // an error not sent for want of a source address
	ICMP6ErrorRateLimited                // an error not sent, over the rate limit (RFC 4443 §2.4 (f))
	ICMP6ErrorSuppressedForError         // an error not sent in answer to an error or a Redirect (RFC 4443 §2.4 (e.1), (e.2))
	ICMP6ErrorSuppressedForMulticast     // an error not sent in answer to a packet to a multicast address (RFC 4443 §2.4 (e.3))
	ICMP6ErrorSuppressedForLinkMulticast // an error not sent in answer to a link-layer multicast or broadcast (RFC 4443 §2.4 (e.4))
	ICMP6ErrorSuppressedForSource        // an error not sent in answer to a source that names no single node (RFC 4443 §2.4 (e.6))
	ICMP6PTBTooShort                     // a Packet Too Big too short to quote an IPv6 header
	ICMP6PTBNonzeroCode                  // a Packet Too Big ignored for a nonzero code (faulty node only; RFC 4443 §3.2)
	ICMP6PTBNotOurs                      // a Packet Too Big quoting a packet the node did not send

	// Path MTU discovery (RFC 8201).
	PMTUChanged // a Packet Too Big that changed a path MTU (RFC 8201 §4)

	// Neighbor Discovery (RFC 4861): every message.
	NDFragmented // an ND message that arrived in fragments (RFC 6980 §5)
	NDAPISent    // an ND message sent on request (Node.SendND)

	// Neighbor Solicitation (RFC 4861 §7.1.1, §7.2.3).
	NDNSBadHopLimit           // an NS whose Hop Limit is not 255
	NDNSBadCode               // an NS whose code is not 0
	NDNSTooShort              // an NS shorter than 24 octets
	NDNSZeroLengthOption      // an NS with an option of length 0
	NDNSTruncatedOption       // an NS whose last option runs past its end
	NDNSDADNotToSolicitedNode // an NS from the unspecified address not sent to a solicited-node group
	NDNSDADWithSLLA           // an NS from the unspecified address with a source link-layer address option
	NDNSMulticastTarget       // an NS for a multicast target
	NDNSTargetNotOurs         // an NS for a target the node does not own
	NDNSTargetTentative       // an NS for a tentative address, not answered (RFC 4862 §5.4.3)
	NDNSDADForAnycast         // a DAD probe for an anycast address, not answered (RFC 4862 §5.4)
	NDNSSLLANotLearned        // an NS whose source link-layer address was not learnt (faulty node only)
	NDNSSLLAChangeIgnored     // an NS whose new source link-layer address was not taken (faulty node only)
	NDNSAnycast               // an NS for an anycast address, answered after a random delay (RFC 4861 §7.2.7)
	NDNSAnycastLimit          // an NS for an anycast address dropped: too many answers pending
	NDNSNewNeighborLimit      // an NS from a source not in the cache left unanswered: past Limits.NewNeighborNS
	NDNSNoSource              // an NS not sent for want of a source address

	// Neighbor Advertisement (RFC 4861 §7.1.2, §7.2.5).
	NDNABadHopLimit           // an NA whose Hop Limit is not 255
	NDNABadCode               // an NA whose code is not 0
	NDNATooShort              // an NA shorter than 24 octets
	NDNAZeroLengthOption      // an NA with an option of length 0
	NDNATruncatedOption       // an NA whose last option runs past its end
	NDNAMulticastTarget       // an NA for a multicast target
	NDNASolicitedToMulticast  // an NA with the Solicited flag sent to a multicast address
	NDNAForOwnAddress         // an NA for one of the node's own addresses
	NDNANoEntry               // an NA for a target with no neighbor cache entry: nothing to update
	NDNAIncompleteWithoutTLLA // an NA without a target link-layer address for an INCOMPLETE entry
	NDNANoOverride            // an NA without the Override flag whose other link-layer address was not taken

	// Router Solicitation (RFC 4861 §6.1.1, §6.2.6).
	NDRSSent                // an RS sent (RFC 4861 §6.3.7)
	NDRSIgnoredByHost       // an RS received by a host: discarded (RFC 4861 §6.2.6)
	NDRSBadHopLimit         // an RS whose Hop Limit is not 255
	NDRSBadCode             // an RS whose code is not 0
	NDRSTooShort            // an RS shorter than 8 octets
	NDRSZeroLengthOption    // an RS with an option of length 0
	NDRSTruncatedOption     // an RS whose last option runs past its end
	NDRSUnspecifiedWithSLLA // an RS from the unspecified address with a source link-layer address option
	NDRSReceived            // a valid RS received by a router

	// Router Advertisement (RFC 4861 §6.1.2, §6.3.4).
	NDRASourceNotLinkLocal      // an RA whose source is not a link-local address
	NDRABadHopLimit             // an RA whose Hop Limit is not 255
	NDRABadCode                 // an RA whose code is not 0
	NDRATooShort                // an RA shorter than 16 octets
	NDRAZeroLengthOption        // an RA with an option of length 0
	NDRATruncatedOption         // an RA whose last option runs past its end
	NDRAFromOtherRouter         // a valid RA received by a router: not acted upon
	NDRAAccepted                // a valid RA taken by a host
	NDRANewRouterLimit          // an RA from a router not on the Default Router List dropped: past Limits.NewRouterRAs
	NDRAMTUOutOfRange           // an RA's MTU option outside what the link allows, ignored (RFC 4861 §6.3.4)
	NDRAPrefixTooLong           // a Prefix Information option with a prefix length over 128
	NDRASLAACLinkLocalPrefix    // a prefix for autoconfiguration that is the link-local prefix (RFC 4862 §5.5.3 (b))
	NDRASLAACPreferredOverValid // a prefix for autoconfiguration whose preferred lifetime exceeds its valid one (RFC 4862 §5.5.3 (c))
	NDRARouteInfoIgnored        // a Route Information option ignored (RFC 4191 §3.1)
	NDRARDNSSMalformed          // a malformed RDNSS option (RFC 8106 §5.1)
	NDRADNSSLMalformed          // a malformed DNSSL option (RFC 8106 §5.2)

	// Redirect (RFC 4861 §8).
	NDRedirectIgnoredByRouter      // a Redirect received by a router: ignored
	NDRedirectSourceNotLinkLocal   // a Redirect whose source is not a link-local address (RFC 4861 §8.1)
	NDRedirectBadHopLimit          // a Redirect whose Hop Limit is not 255 (RFC 4861 §8.1)
	NDRedirectBadCode              // a Redirect whose code is not 0 (RFC 4861 §8.1)
	NDRedirectTooShort             // a Redirect shorter than 40 octets (RFC 4861 §8.1)
	NDRedirectZeroLengthOption     // a Redirect with an option of length 0
	NDRedirectTruncatedOption      // a Redirect whose last option runs past its end
	NDRedirectMulticastDestination // a Redirect whose Destination Address is multicast (RFC 4861 §8.1)
	NDRedirectBadTarget            // a Redirect whose target is neither link-local nor the destination (RFC 4861 §8.1)
	NDRedirectNotFromFirstHop      // a Redirect not from the current first hop to its destination (RFC 4861 §8.1)
	NDRedirectIgnored              // a valid Redirect ignored (faulty node only)
	NDRedirectAccepted             // a valid Redirect taken (RFC 4861 §8.3)
	NDRedirectSent                 // a Redirect sent by a router (RFC 4861 §8.2)
	NDRedirectRateLimited          // a Redirect not sent, over the rate limit (RFC 4861 §8.2)
	NDRedirectNoSource             // a Redirect not sent for want of a link-local source
	NDRedirectSourceNotNeighbor    // a Redirect not sent: the packet's source is not a neighbor (RFC 4861 §8.2)
	NDRedirectTargetNotLinkLocal   // a Redirect not sent: a router target has no link-local address to name (RFC 4861 §8.2)

	// Duplicate Address Detection (RFC 4862 §5.4).
	NDDADDuplicate       // an address found duplicate (RFC 4862 §5.4.5)
	NDDADConflictIgnored // a DAD conflict ignored (faulty node only)
	NDDADNotDefended     // a DAD probe for an own address not answered (faulty node only)

	// Neighbor cache, its queues and Neighbor Unreachability Detection (RFC 4861 §7.2, §7.3; RFC 6583).
	NDCacheFull                    // a new neighbor cache entry refused: the cache is full and nothing may be evicted
	NDCacheEvicted                 // a neighbor cache entry evicted for a new one
	NDCacheIncompleteLimit         // a new INCOMPLETE entry refused: too many already
	NDCacheIncompleteReplaced      // an INCOMPLETE entry replaced by a new one
	NDQueueNotQueued               // a packet dropped instead of queued while resolution runs (faulty node only)
	NDQueueOverflow                // a packet dropped from an entry's full queue (RFC 4861 §7.2.2)
	NDQueueTotalLimit              // a packet not queued: every entry's queue together is full
	NDResolutionFailed             // an address resolution that failed (RFC 4861 §7.2.2)
	NDResolutionPacketDropped      // a queued packet dropped because its resolution failed
	NDResolutionOwnPacketDropped   // a failed resolution's packet from the node itself: no error sent
	NDResolutionUnreachableNotSent // no Address Unreachable sent for a failed resolution (faulty node only)
	NDReachableKept                // a REACHABLE entry kept past ReachableTime (faulty node only)
	NDNUDUnreachable               // a neighbor found unreachable by NUD (RFC 4861 §7.3.3)
	NDDestEvicted                  // a destination cache entry evicted for a new one

	// Default routers, prefixes, routes and DNS options learnt from RAs.
	NDRouterExpired // a default router whose lifetime ran out (RFC 4861 §6.3.5)
	NDRouterRemoved // a default router removed
	NDRouterLimit   // a new default router refused: the list is full
	NDPrefixLimit   // a new on-link prefix refused: the list is full
	NDRouteLimit    // a new route from a Route Information option refused: the table is full
	NDDNSLimit      // a new DNS server or search domain refused: the list is full

	// Stateless address autoconfiguration (RFC 4862 §5.3, §5.5).
	SLAACLinkLocalFormed           // a link-local address formed (RFC 4862 §5.3)
	SLAACLinkLocalRetriesExhausted // no link-local address left to try after duplicates (RFC 7217 §6)
	SLAACZeroValidLifetime         // a prefix with a valid lifetime of 0, not autoconfigured (RFC 4862 §5.5.3 (c))
	SLAACPrefixLength              // a prefix whose length plus the interface identifier's is not 128 (RFC 4862 §5.5.3 (d))
	SLAACLimit                     // an address not formed: the interface holds the most it may
	SLAACAddressExists             // an address not formed: the interface already has it
	SLAACAddressFormed             // an address formed from a prefix (RFC 4862 §5.5.3 (d))
	SLAACDeprecated                // an address deprecated when its preferred lifetime ran out (RFC 4862 §5.5.4)
	SLAACRemoved                   // an autoconfigured address removed

	// UDP (RFC 768, RFC 8200 §8.1).
	UDPBadLength         // a datagram whose Length field is below 8 or past the packet
	UDPZeroChecksum      // a datagram with a zero checksum, dropped (RFC 8200 §8.1)
	UDPBadChecksum       // a datagram with a wrong checksum
	UDPPortUnreachable   // a datagram to a port with no listener (RFC 4443 §3.1 code 4)
	UDPDelivered         // a datagram delivered to its listener
	UDPOutDatagrams      // a datagram sent
	UDPOutNoSource       // a datagram not sent for want of a source address
	UDPOutBadDestination // a reply not sent to an unspecified or multicast peer

	// IPv4, under the tunnels (RFC 791, RFC 1812).
	IPv4TooShort               // an IPv4 packet shorter than its header
	IPv4BadVersion             // an IPv4 packet whose version is not 4
	IPv4BadHeaderLength        // an IPv4 packet whose IHL is below 5 or past the packet
	IPv4BadTotalLength         // an IPv4 packet whose Total Length is below its header or past the packet
	IPv4BadChecksum            // an IPv4 packet with a wrong header checksum
	IPv4NotForUs               // an IPv4 packet to an address the node does not own
	IPv4FragmentDropped        // an IPv4 fragment dropped because the node does not reassemble (faulty node only)
	IPv4NoTunnel               // an IPv4 packet carrying IPv6 or IPv4 that no tunnel takes
	IPv4UnknownProtocol        // an IPv4 packet of a protocol the node does not know
	IPv4FragBadLength          // an IPv4 fragment, not the last, whose data is not a multiple of 8 octets (RFC 791)
	IPv4FragTooBig             // an IPv4 fragment reaching past the largest datagram
	IPv4FragEvicted            // an IPv4 datagram in reassembly evicted for a new one
	IPv4FragInconsistentLength // an IPv4 fragment contradicting the datagram's length
	IPv4FragOverlap            // an IPv4 fragment overlapping another
	IPv4FragNoMemory           // an IPv4 fragment dropped: reassembly memory full
	IPv4FragReassembled        // an IPv4 datagram reassembled whole
	IPv4FragTimedOut           // an IPv4 datagram abandoned when its reassembly time ran out
	IPv4FragTimeExceeded       // an ICMPv4 Time Exceeded sent for an abandoned reassembly (RFC 792, RFC 1122 §3.3.2)
	IPv4FwdForwarded           // an IPv4 packet forwarded
	IPv4FwdLinkBroadcast       // an IPv4 packet in a link-layer broadcast, not forwarded (RFC 1812 §5.3.4)
	IPv4FwdNotUnicast          // an IPv4 packet to a multicast or broadcast address, not forwarded
	IPv4FwdBadSource           // an IPv4 packet with a source that is not unicast, not forwarded (RFC 1812 §5.3.7)
	IPv4FwdTTLExceeded         // an IPv4 packet whose TTL ran out (RFC 1812 §5.3.1)
	IPv4FwdNoRoute             // an IPv4 packet with no route to its destination
	IPv4FwdTooBig              // an IPv4 packet with DF set, larger than the next link's MTU (RFC 1812 §5.2.7)
	IPv4OutNoRoute             // an IPv4 packet the node could not send for want of a route
	IPv4OutTooBig              // an IPv4 packet too big for its link, dropped (faulty node only)
	IPv4OutTooBigDF            // an IPv4 packet with DF set too big for its link, dropped
	IPv4OutFragmented          // an IPv4 packet the node sent in fragments
	IPv4OutFragments           // an IPv4 fragment the node sent
	IPv4OutNoRoom              // an IPv4 packet the node could not fragment into its transmit buffer
	IPv4ICMPBad                // an ICMPv4 message too short or with a wrong checksum
	IPv4ICMPEchoReplied        // an ICMPv4 Echo Reply sent
	IPv4ICMPIgnored            // an ICMPv4 message of a type the node does not act upon
	IPv4ICMPNoSource           // an ICMPv4 error not sent for want of a source address
	IPv4ICMPRateLimited        // an ICMPv4 error not sent, over the rate limit
	IPv4ICMPErrorSent          // an ICMPv4 error sent
	IPv4ICMPErrorShort         // an ICMPv4 error whose quote holds no IPv4 header
	IPv4ICMPErrorNotOurs       // an ICMPv4 error quoting a packet that no tunnel of the node sent

	// ARP (RFC 826).
	ARPIgnored   // an ARP packet that is not Ethernet/IPv4 or is malformed
	ARPReplied   // an ARP reply sent
	ARPRequested // an ARP request sent
	ARPLimit     // a new ARP entry refused: the cache is full and nothing may be evicted
	ARPEvicted   // an unresolved ARP entry evicted for a new one
	ARPQueueFull // a packet dropped from an unresolved ARP entry's full queue

	// Tunnels (RFC 2473, RFC 4213).
	TunnelEncapsulated       // a packet encapsulated into a tunnel
	TunnelDecapsulated       // a packet decapsulated from a tunnel
	TunnelEncapLimitExceeded // a packet whose Tunnel Encapsulation Limit forbids another tunnel (RFC 2473 §4.1.1)
	TunnelTooBig             // a packet larger than the tunnel MTU (RFC 2473 §7.1, RFC 4213 §3.2)
	TunnelNestedTooBig       // an outer packet of a nested tunnel larger than this tunnel's MTU
	TunnelNestingExceeded    // a packet dropped: too many tunnels nested (RFC 2473 §4)
	TunnelOutWrongProtocol   // a packet routed into a tunnel that carries the other IP version
	TunnelOutNoRoom          // a packet that does not fit the transmit buffer once encapsulated
	TunnelOutNoRoute         // an encapsulated packet with no route to the tunnel's remote end
	TunnelDecapRefused       // a tunnel packet not decapsulated (faulty node only)
	TunnelDecapWrongSource   // a tunnel packet from a source that is not the tunnel's remote end (RFC 4213 §3.6)
	TunnelDecapNotIPv4       // a tunnel packet whose inner packet is not IPv4
	TunnelDecapNotIPv6       // a tunnel packet whose inner packet is not IPv6
	TunnelErrorReceived      // an ICMPv6 error from the tunnel path other than Packet Too Big (RFC 2473 §8)
	TunnelErrorRelayed       // a Packet Too Big from the tunnel path relayed to the inner packet's source (RFC 2473 §8.2)
	TunnelErrorShort         // an ICMPv6 error whose quoted inner packet holds no IPv4 header
	TunnelPMTU4Lowered       // a tunnel's IPv4 path MTU lowered by an ICMPv4 Fragmentation Needed (RFC 4213 §3.2)

	// Multicast listener (RFC 3810, RFC 2710; refnode/mld).
	MLDReportSent         // an MLDv2 Report sent (RFC 3810 §5.2)
	MLDV1ReportSent       // an MLDv1 Report sent in MLDv1 compatibility mode (RFC 3810 §8.2.1)
	MLDDoneSent           // an MLDv1 Done sent in MLDv1 compatibility mode (RFC 2710 §4)
	MLDReportNotSent      // a report not sent (faulty node only)
	MLDRecordTruncated    // an EXCLUDE record whose sources did not all fit in one report (RFC 3810 §5.2.15)
	MLDQueryReceived      // a valid MLDv2 Query received
	MLDV1QueryReceived    // a valid MLDv1 Query received (RFC 3810 §8.2.1)
	MLDBadHopLimit        // an MLD message whose Hop Limit is not 1, dropped (RFC 3810 §6.2)
	MLDSourceNotLinkLocal // an MLD message whose source is not a link-local address, dropped (RFC 3810 §5.1.14, §6.2)
	MLDNoRouterAlert      // an MLD message without a Router Alert option, dropped (RFC 3810 §6.2)
	MLDQueryBadLength     // a query of a length neither 24 nor at least 28, or whose sources run past its end (RFC 3810 §8.1, §5.1.10)
	MLDQueryBadGroup      // a query whose Multicast Address field is neither :: nor multicast, or a General Query with sources
	MLDQueryIgnored       // a query not answered (faulty node only)
	MLDQuerySourcesLimit  // source-specific queries whose merged sources passed the limit: answered for the whole group
	MLDV1ModeEntered      // an interface switched to MLDv1 compatibility mode (RFC 3810 §8.2.1)
	MLDV1ReportReceived   // an MLDv1 Report from another listener received
	MLDV1ReportSuppressed // a pending MLDv1 Report suppressed by another listener's (RFC 2710 §4)
	MLDReportReceived     // an MLDv2 Report received: listeners ignore it (RFC 3810 §6)
	MLDDoneReceived       // an MLDv1 Done received: listeners ignore it
	MLDTooShort           // an MLD message too short for its type
	MLDSSMExcludeRefused  // an EXCLUDE filter for a source-specific multicast group refused (RFC 4604 §2.1)
	MLDSourceFiltered     // a packet to a group from a source the interface's filter does not let in (RFC 3810 §4.2)

	NumCounters // the number of counters, None included
)

// names are the counters' dotted names: area, then what happened.
var names = [NumCounters]string{
	LinkShortFrame:       "link.short_frame",
	LinkNotForUs:         "link.not_for_us",
	LinkUnknownEthertype: "link.unknown_ethertype",
	LinkReadError:        "link.read_error",
	LinkWriteError:       "link.write_error",

	ECTPNotToUs:         "ectp.not_to_us",
	ECTPTooShort:        "ectp.too_short",
	ECTPReplyReceived:   "ectp.reply_received",
	ECTPForwardToGroup:  "ectp.forward_to_group",
	ECTPForwarded:       "ectp.forwarded",
	ECTPUnknownFunction: "ectp.unknown_function",

	AsyncControlDeferred: "async.control_deferred",
	AsyncQueued:          "async.queued",

	IPv6InterfaceDisabled:      "ipv6.interface_disabled",
	IPv6InterfaceDisabledByDAD: "ipv6.interface_disabled_by_dad",
	IPv6TooShort:               "ipv6.too_short",
	IPv6BadVersion:             "ipv6.bad_version",
	IPv6Truncated:              "ipv6.truncated",
	IPv6LoopbackOnWire:         "ipv6.loopback_on_wire",
	IPv6MulticastSource:        "ipv6.multicast_source",
	IPv6NonzeroTCFL:            "ipv6.nonzero_tc_fl",
	IPv6HopLimitZero:           "ipv6.hoplimit_zero",
	IPv6MulticastScopeZero:     "ipv6.multicast_scope_zero",
	IPv6InterfaceLocalFromLink: "ipv6.interface_local_from_link",
	IPv6GroupNotJoined:         "ipv6.group_not_joined",
	IPv6NotForUs:               "ipv6.not_for_us",
	IPv6ToTentativeAddress:     "ipv6.to_tentative_address",
	IPv6NoNextHeader:           "ipv6.no_next_header",
	IPv6UnknownNextHeader:      "ipv6.unknown_next_header",
	IPv6OutNoRoute:             "ipv6.out.no_route",
	IPv6OutInterfaceDisabled:   "ipv6.out.interface_disabled",

	ExtHdrHBHNotFirst:        "exthdr.hbh_not_first",
	ExtHdrTruncated:          "exthdr.truncated",
	ExtHdrFragmentTruncated:  "exthdr.fragment_truncated",
	ExtHdrRoutingTypeUnknown: "exthdr.routing_type_unknown",
	ExtHdrOptionTruncated:    "exthdr.option_truncated",
	ExtHdrPadDiscarded:       "exthdr.pad_discarded",
	ExtHdrOption00Discarded:  "exthdr.option_00_discarded",
	ExtHdrOption01Discarded:  "exthdr.option_01_discarded",
	ExtHdrOption10Discarded:  "exthdr.option_10_discarded",
	ExtHdrOption11Discarded:  "exthdr.option_11_discarded",

	RH0OddLength:            "rh0.odd_length",
	RH0SegmentsLeftTooLarge: "rh0.segments_left_too_large",
	RH0Multicast:            "rh0.multicast",
	RH0Processed:            "rh0.processed",

	FragAtomic:              "frag.atomic",
	FragNested:              "frag.nested",
	FragBadLength:           "frag.bad_length",
	FragTooLong:             "frag.too_long",
	FragIncompleteChain:     "frag.incomplete_chain",
	FragNotReassembled:      "frag.not_reassembled",
	FragOverlap:             "frag.overlap",
	FragDroppedAfterDiscard: "frag.dropped_after_discard",
	FragDuplicate:           "frag.duplicate",
	FragTooManyFragments:    "frag.too_many_fragments",
	FragDatagramLimit:       "frag.datagram_limit",
	FragTimeout:             "frag.timeout",
	FragTimeoutIgnored:      "frag.timeout_ignored",
	FragMemoryDropped:       "frag.memory_dropped",
	FragMemoryEvicted:       "frag.memory_evicted",
	FragReassembled:         "frag.reassembled",
	FragOutPackets:          "frag.out.packets",
	FragOutFragments:        "frag.out.fragments",
	FragOutNoRoom:           "frag.out.no_room",

	FwdForwarded:            "fwd.forwarded",
	FwdMulticast:            "fwd.multicast",
	FwdLinkMulticast:        "fwd.link_multicast",
	FwdLinkLocalDestination: "fwd.link_local_destination",
	FwdUnspecifiedSource:    "fwd.unspecified_source",
	FwdMulticastSource:      "fwd.multicast_source",
	FwdHopLimitExceeded:     "fwd.hoplimit_exceeded",
	FwdNoRoute:              "fwd.no_route",
	FwdBeyondScope:          "fwd.beyond_scope",
	FwdInterfaceDisabled:    "fwd.interface_disabled",
	FwdTooBig:               "fwd.too_big",
	FwdMulticastFlooded:     "fwd.multicast_flooded",
	FwdMulticastRouted:      "fwd.multicast_routed",

	ICMP6TooShort:                        "icmp6.too_short",
	ICMP6BadChecksum:                     "icmp6.bad_checksum",
	ICMP6UnknownInformational:            "icmp6.unknown_informational",
	ICMP6EchoTooShort:                    "icmp6.echo.too_short",
	ICMP6EchoNotAnswered:                 "icmp6.echo.not_answered",
	ICMP6EchoUnspecifiedSource:           "icmp6.echo.unspecified_source",
	ICMP6EchoNoSource:                    "icmp6.echo.no_source",
	ICMP6EchoReplied:                     "icmp6.echo.replied",
	ICMP6EchoSent:                        "icmp6.echo.sent",
	ICMP6EchoReplyReceived:               "icmp6.echo_reply.received",
	ICMP6ErrorReceived:                   "icmp6.error.received",
	ICMP6ErrorSent:                       "icmp6.error.sent",
	ICMP6ErrorNoSource:                   "icmp6.error.no_source",
	ICMP6ErrorRateLimited:                "icmp6.error.rate_limited",
	ICMP6ErrorSuppressedForError:         "icmp6.error.suppressed_for_error",
	ICMP6ErrorSuppressedForMulticast:     "icmp6.error.suppressed_for_multicast",
	ICMP6ErrorSuppressedForLinkMulticast: "icmp6.error.suppressed_for_link_multicast",
	ICMP6ErrorSuppressedForSource:        "icmp6.error.suppressed_for_source",
	ICMP6PTBTooShort:                     "icmp6.ptb.too_short",
	ICMP6PTBNonzeroCode:                  "icmp6.ptb.nonzero_code",
	ICMP6PTBNotOurs:                      "icmp6.ptb.not_ours",

	PMTUChanged: "pmtu.changed",

	NDFragmented: "nd.fragmented",
	NDAPISent:    "nd.api.sent",

	NDNSBadHopLimit:           "nd.ns.bad_hoplimit",
	NDNSBadCode:               "nd.ns.bad_code",
	NDNSTooShort:              "nd.ns.too_short",
	NDNSZeroLengthOption:      "nd.ns.zero_length_option",
	NDNSTruncatedOption:       "nd.ns.truncated_option",
	NDNSDADNotToSolicitedNode: "nd.ns.dad_not_to_solicited_node",
	NDNSDADWithSLLA:           "nd.ns.dad_with_slla",
	NDNSMulticastTarget:       "nd.ns.multicast_target",
	NDNSTargetNotOurs:         "nd.ns.target_not_ours",
	NDNSTargetTentative:       "nd.ns.target_tentative",
	NDNSDADForAnycast:         "nd.ns.dad_for_anycast",
	NDNSSLLANotLearned:        "nd.ns.slla_not_learned",
	NDNSSLLAChangeIgnored:     "nd.ns.slla_change_ignored",
	NDNSAnycast:               "nd.ns.anycast",
	NDNSAnycastLimit:          "nd.ns.anycast_limit",
	NDNSNewNeighborLimit:      "nd.ns.new_neighbor_limit",
	NDNSNoSource:              "nd.ns.no_source",

	NDNABadHopLimit:           "nd.na.bad_hoplimit",
	NDNABadCode:               "nd.na.bad_code",
	NDNATooShort:              "nd.na.too_short",
	NDNAZeroLengthOption:      "nd.na.zero_length_option",
	NDNATruncatedOption:       "nd.na.truncated_option",
	NDNAMulticastTarget:       "nd.na.multicast_target",
	NDNASolicitedToMulticast:  "nd.na.solicited_to_multicast",
	NDNAForOwnAddress:         "nd.na.for_own_address",
	NDNANoEntry:               "nd.na.no_entry",
	NDNAIncompleteWithoutTLLA: "nd.na.incomplete_without_tlla",
	NDNANoOverride:            "nd.na.no_override",

	NDRSSent:                "nd.rs.sent",
	NDRSIgnoredByHost:       "nd.rs.ignored_by_host",
	NDRSBadHopLimit:         "nd.rs.bad_hoplimit",
	NDRSBadCode:             "nd.rs.bad_code",
	NDRSTooShort:            "nd.rs.too_short",
	NDRSZeroLengthOption:    "nd.rs.zero_length_option",
	NDRSTruncatedOption:     "nd.rs.truncated_option",
	NDRSUnspecifiedWithSLLA: "nd.rs.unspecified_with_slla",
	NDRSReceived:            "nd.rs.received",

	NDRASourceNotLinkLocal:      "nd.ra.source_not_link_local",
	NDRABadHopLimit:             "nd.ra.bad_hoplimit",
	NDRABadCode:                 "nd.ra.bad_code",
	NDRATooShort:                "nd.ra.too_short",
	NDRAZeroLengthOption:        "nd.ra.zero_length_option",
	NDRATruncatedOption:         "nd.ra.truncated_option",
	NDRAFromOtherRouter:         "nd.ra.from_other_router",
	NDRAAccepted:                "nd.ra.accepted",
	NDRANewRouterLimit:          "nd.ra.new_router_limit",
	NDRAMTUOutOfRange:           "nd.ra.mtu_out_of_range",
	NDRAPrefixTooLong:           "nd.ra.prefix_too_long",
	NDRASLAACLinkLocalPrefix:    "nd.ra.slaac.link_local_prefix",
	NDRASLAACPreferredOverValid: "nd.ra.slaac.preferred_over_valid",
	NDRARouteInfoIgnored:        "nd.ra.route_info_ignored",
	NDRARDNSSMalformed:          "nd.ra.rdnss_malformed",
	NDRADNSSLMalformed:          "nd.ra.dnssl_malformed",

	NDRedirectIgnoredByRouter:      "nd.redirect.ignored_by_router",
	NDRedirectSourceNotLinkLocal:   "nd.redirect.source_not_link_local",
	NDRedirectBadHopLimit:          "nd.redirect.bad_hoplimit",
	NDRedirectBadCode:              "nd.redirect.bad_code",
	NDRedirectTooShort:             "nd.redirect.too_short",
	NDRedirectZeroLengthOption:     "nd.redirect.zero_length_option",
	NDRedirectTruncatedOption:      "nd.redirect.truncated_option",
	NDRedirectMulticastDestination: "nd.redirect.multicast_destination",
	NDRedirectBadTarget:            "nd.redirect.bad_target",
	NDRedirectNotFromFirstHop:      "nd.redirect.not_from_first_hop",
	NDRedirectIgnored:              "nd.redirect.ignored",
	NDRedirectAccepted:             "nd.redirect.accepted",
	NDRedirectSent:                 "nd.redirect.sent",
	NDRedirectRateLimited:          "nd.redirect.rate_limited",
	NDRedirectNoSource:             "nd.redirect.no_source",
	NDRedirectSourceNotNeighbor:    "nd.redirect.source_not_neighbor",
	NDRedirectTargetNotLinkLocal:   "nd.redirect.target_not_link_local",

	NDDADDuplicate:       "nd.dad.duplicate",
	NDDADConflictIgnored: "nd.dad.conflict_ignored",
	NDDADNotDefended:     "nd.dad.not_defended",

	NDCacheFull:                    "nd.cache.full",
	NDCacheEvicted:                 "nd.cache.evicted",
	NDCacheIncompleteLimit:         "nd.cache.incomplete_limit",
	NDCacheIncompleteReplaced:      "nd.cache.incomplete_replaced",
	NDQueueNotQueued:               "nd.queue.not_queued",
	NDQueueOverflow:                "nd.queue.overflow",
	NDQueueTotalLimit:              "nd.queue.total_limit",
	NDResolutionFailed:             "nd.resolution.failed",
	NDResolutionPacketDropped:      "nd.resolution.packet_dropped",
	NDResolutionOwnPacketDropped:   "nd.resolution.own_packet_dropped",
	NDResolutionUnreachableNotSent: "nd.resolution.unreachable_not_sent",
	NDReachableKept:                "nd.reachable.kept",
	NDNUDUnreachable:               "nd.nud.unreachable",
	NDDestEvicted:                  "nd.dest.evicted",

	NDRouterExpired: "nd.router.expired",
	NDRouterRemoved: "nd.router.removed",
	NDRouterLimit:   "nd.router.limit",
	NDPrefixLimit:   "nd.prefix.limit",
	NDRouteLimit:    "nd.route.limit",
	NDDNSLimit:      "nd.dns.limit",

	SLAACLinkLocalFormed:           "slaac.link_local_formed",
	SLAACLinkLocalRetriesExhausted: "slaac.link_local_retries_exhausted",
	SLAACZeroValidLifetime:         "slaac.zero_valid_lifetime",
	SLAACPrefixLength:              "slaac.prefix_length",
	SLAACLimit:                     "slaac.limit",
	SLAACAddressExists:             "slaac.address_exists",
	SLAACAddressFormed:             "slaac.address_formed",
	SLAACDeprecated:                "slaac.deprecated",
	SLAACRemoved:                   "slaac.removed",

	UDPBadLength:         "udp.bad_length",
	UDPZeroChecksum:      "udp.zero_checksum",
	UDPBadChecksum:       "udp.bad_checksum",
	UDPPortUnreachable:   "udp.port_unreachable",
	UDPDelivered:         "udp.delivered",
	UDPOutDatagrams:      "udp.out.datagrams",
	UDPOutNoSource:       "udp.out.no_source",
	UDPOutBadDestination: "udp.out.bad_destination",

	IPv4TooShort:               "ipv4.too_short",
	IPv4BadVersion:             "ipv4.bad_version",
	IPv4BadHeaderLength:        "ipv4.bad_header_length",
	IPv4BadTotalLength:         "ipv4.bad_total_length",
	IPv4BadChecksum:            "ipv4.bad_checksum",
	IPv4NotForUs:               "ipv4.not_for_us",
	IPv4FragmentDropped:        "ipv4.fragment_dropped",
	IPv4NoTunnel:               "ipv4.no_tunnel",
	IPv4UnknownProtocol:        "ipv4.unknown_protocol",
	IPv4FragBadLength:          "ipv4.frag.bad_length",
	IPv4FragTooBig:             "ipv4.frag.too_big",
	IPv4FragEvicted:            "ipv4.frag.evicted",
	IPv4FragInconsistentLength: "ipv4.frag.inconsistent_length",
	IPv4FragOverlap:            "ipv4.frag.overlap",
	IPv4FragNoMemory:           "ipv4.frag.no_memory",
	IPv4FragReassembled:        "ipv4.frag.reassembled",
	IPv4FragTimedOut:           "ipv4.frag.timed_out",
	IPv4FragTimeExceeded:       "ipv4.frag.time_exceeded",
	IPv4FwdForwarded:           "ipv4.fwd.forwarded",
	IPv4FwdLinkBroadcast:       "ipv4.fwd.link_broadcast",
	IPv4FwdNotUnicast:          "ipv4.fwd.not_unicast",
	IPv4FwdBadSource:           "ipv4.fwd.bad_source",
	IPv4FwdTTLExceeded:         "ipv4.fwd.ttl_exceeded",
	IPv4FwdNoRoute:             "ipv4.fwd.no_route",
	IPv4FwdTooBig:              "ipv4.fwd.too_big",
	IPv4OutNoRoute:             "ipv4.out.no_route",
	IPv4OutTooBig:              "ipv4.out.too_big",
	IPv4OutTooBigDF:            "ipv4.out.too_big_df",
	IPv4OutFragmented:          "ipv4.out.fragmented",
	IPv4OutFragments:           "ipv4.out.fragments",
	IPv4OutNoRoom:              "ipv4.out.no_room",
	IPv4ICMPBad:                "ipv4.icmp.bad",
	IPv4ICMPEchoReplied:        "ipv4.icmp.echo.replied",
	IPv4ICMPIgnored:            "ipv4.icmp.ignored",
	IPv4ICMPNoSource:           "ipv4.icmp.no_source",
	IPv4ICMPRateLimited:        "ipv4.icmp.rate_limited",
	IPv4ICMPErrorSent:          "ipv4.icmp.error.sent",
	IPv4ICMPErrorShort:         "ipv4.icmp.error.short",
	IPv4ICMPErrorNotOurs:       "ipv4.icmp.error.not_ours",

	ARPIgnored:   "arp.ignored",
	ARPReplied:   "arp.replied",
	ARPRequested: "arp.requested",
	ARPLimit:     "arp.limit",
	ARPEvicted:   "arp.evicted",
	ARPQueueFull: "arp.queue_full",

	TunnelEncapsulated:       "tunnel.encapsulated",
	TunnelDecapsulated:       "tunnel.decapsulated",
	TunnelEncapLimitExceeded: "tunnel.encap_limit_exceeded",
	TunnelTooBig:             "tunnel.too_big",
	TunnelNestedTooBig:       "tunnel.nested_too_big",
	TunnelNestingExceeded:    "tunnel.nesting_exceeded",
	TunnelOutWrongProtocol:   "tunnel.out.wrong_protocol",
	TunnelOutNoRoom:          "tunnel.out.no_room",
	TunnelOutNoRoute:         "tunnel.out.no_route",
	TunnelDecapRefused:       "tunnel.decap.refused",
	TunnelDecapWrongSource:   "tunnel.decap.wrong_source",
	TunnelDecapNotIPv4:       "tunnel.decap.not_ipv4",
	TunnelDecapNotIPv6:       "tunnel.decap.not_ipv6",
	TunnelErrorReceived:      "tunnel.error.received",
	TunnelErrorRelayed:       "tunnel.error.relayed",
	TunnelErrorShort:         "tunnel.error.short",
	TunnelPMTU4Lowered:       "tunnel.pmtu4.lowered",

	MLDReportSent:         "mld.report_sent",
	MLDV1ReportSent:       "mld.v1_report_sent",
	MLDDoneSent:           "mld.done_sent",
	MLDReportNotSent:      "mld.report_not_sent",
	MLDRecordTruncated:    "mld.record_truncated",
	MLDQueryReceived:      "mld.query_received",
	MLDV1QueryReceived:    "mld.v1_query_received",
	MLDBadHopLimit:        "mld.bad_hoplimit",
	MLDSourceNotLinkLocal: "mld.source_not_link_local",
	MLDNoRouterAlert:      "mld.no_router_alert",
	MLDQueryBadLength:     "mld.query_bad_length",
	MLDQueryBadGroup:      "mld.query_bad_group",
	MLDQueryIgnored:       "mld.query_ignored",
	MLDQuerySourcesLimit:  "mld.query_sources_limit",
	MLDV1ModeEntered:      "mld.v1_mode_entered",
	MLDV1ReportReceived:   "mld.v1_report_received",
	MLDV1ReportSuppressed: "mld.v1_report_suppressed",
	MLDReportReceived:     "mld.report_received",
	MLDDoneReceived:       "mld.done_received",
	MLDTooShort:           "mld.too_short",
	MLDSSMExcludeRefused:  "mld.ssm_exclude_refused",
	MLDSourceFiltered:     "mld.source_filtered",
}

// String returns c's dotted name ("" for None).
func (c Counter) String() string {
	if c >= NumCounters {
		return ""
	}
	return names[c]
}

var byName = func() map[string]Counter {
	m := make(map[string]Counter, NumCounters)
	for c := None + 1; c < NumCounters; c++ {
		m[names[c]] = c
	}
	return m
}()

// Lookup returns the counter of a dotted name.
func Lookup(name string) (Counter, bool) {
	c, ok := byName[name]
	return c, ok
}
