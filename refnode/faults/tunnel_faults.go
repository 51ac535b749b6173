package faults

// Faults of the tunnel interfaces and the IPv4 they carry
// (refnode/tunnel_iface.go, ipv4_input.go, ipv4_forward.go), one per
// requirement of RFC 4213 §3, RFC 2473 §3-§8 and RFC 2003 §3 that the
// rfc2473 specs check.
const (
	TunnelNoDecap                  Fault = "tunnel-no-decap"                    // discards every packet that arrives through one of its tunnels
	TunnelNoSourceCheck            Fault = "tunnel-no-source-check"             // decapsulates tunnel packets from any outer source, not only the tunnel's remote end
	TunnelEntryNoDecrement         Fault = "tunnel-entry-no-decrement"          // forwards packets into a tunnel without decrementing their hop limit or TTL
	TunnelExitNoDecrement          Fault = "tunnel-exit-no-decrement"           // forwards packets that came out of a tunnel without decrementing their hop limit or TTL
	TunnelTooBigSilent             Fault = "tunnel-too-big-silent"              // drops packets too big for the tunnel without a Packet Too Big
	TunnelSmallPacketRefused       Fault = "tunnel-small-packet-refused"        // refuses packets that do not fit an IPv6 tunnel but must go in (IPv6 of at most 1280 octets, IPv4 without DF) with Packet Too Big or Fragmentation Needed, instead of fragmenting the tunnel packet
	TunnelFragNeededIgnored        Fault = "tunnel-frag-needed-ignored"         // ignores ICMPv4 Fragmentation Needed about its tunnel packets
	TunnelEncapLimitIgnored        Fault = "tunnel-encap-limit-ignored"         // encapsulates packets whose Tunnel Encapsulation Limit is 0
	TunnelEncapLimitNotDecremented Fault = "tunnel-encap-limit-not-decremented" // puts its own configured limit in the option of a nested tunnel packet, not the received limit less one
	TunnelNoEncapLimitOption       Fault = "tunnel-no-encap-limit-option"       // never adds a Tunnel Encapsulation Limit option, whatever its configuration
	TunnelNoErrorRelay             Fault = "tunnel-no-error-relay"              // does not report ICMPv6 errors from inside its IPv6 tunnels to the source of the inner packet
	TunnelNoICMPv4Relay            Fault = "tunnel-no-icmpv4-relay"             // does not report ICMPv4 errors from inside its 6in4 tunnels to the source of the inner IPv6 packet
	TunnelNoNestingLimit           Fault = "tunnel-no-nesting-limit"            // has no nesting counter: a tunnel routing loop runs until the packet outgrows the tunnel, and its source is never told
	TunnelIPv4NoReassembly         Fault = "tunnel-ipv4-no-reassembly"          // drops IPv4 fragments instead of reassembling them before decapsulation
	TunnelIPv4DFIgnored            Fault = "tunnel-ipv4-df-ignored"             // puts an IPv4 packet with DF that does not fit into a tunnel anyway, in a fragmented tunnel packet, instead of answering Fragmentation Needed
	IPv4NoTimeExceeded             Fault = "ipv4-no-time-exceeded"              // forwards an IPv4 packet that arrived with TTL 1, TTL 0 on the way out, instead of answering Time Exceeded
	IPv4ChecksumIgnored            Fault = "ipv4-checksum-ignored"              // accepts IPv4 packets whose header checksum is wrong
	TunnelDFNotCopied              Fault = "tunnel-df-not-copied"               // sends IPv4 packets with DF into a 4in4 tunnel in an outer header without DF
	IPv4NoFragmentation            Fault = "ipv4-no-fragmentation"              // drops an IPv4 packet without DF that is larger than the MTU it leaves on (a link, or the path to a tunnel's remote end) instead of sending it in fragments
	IPv4DFFragmented               Fault = "ipv4-df-fragmented"                 // forwards an IPv4 packet with DF that is larger than the next link's MTU in fragments instead of answering Fragmentation Needed
	Tunnel4in4NoICMPv4Relay        Fault = "tunnel-4in4-no-icmpv4-relay"        // does not report ICMPv4 errors from inside its 4in4 tunnels to the source of the inner IPv4 packet
	IPv4NoReassemblyTimeExceeded   Fault = "ipv4-no-reassembly-time-exceeded"   // sends no ICMPv4 Time Exceeded when an IPv4 datagram for it times out in reassembly after its first fragment came
)

var _ = register(map[Fault]string{
	TunnelNoDecap:                  "discards every packet that arrives through one of its tunnels",
	TunnelNoSourceCheck:            "decapsulates tunnel packets from any outer source, not only the tunnel's remote end",
	TunnelEntryNoDecrement:         "forwards packets into a tunnel without decrementing their hop limit or TTL",
	TunnelExitNoDecrement:          "forwards packets that came out of a tunnel without decrementing their hop limit or TTL",
	TunnelTooBigSilent:             "drops packets too big for the tunnel without a Packet Too Big",
	TunnelSmallPacketRefused:       "refuses packets that do not fit an IPv6 tunnel but must go in (IPv6 of at most 1280 octets, IPv4 without DF) with Packet Too Big or Fragmentation Needed, instead of fragmenting the tunnel packet",
	TunnelFragNeededIgnored:        "ignores ICMPv4 Fragmentation Needed about its tunnel packets",
	TunnelEncapLimitIgnored:        "encapsulates packets whose Tunnel Encapsulation Limit is 0",
	TunnelEncapLimitNotDecremented: "puts its own configured limit in the option of a nested tunnel packet, not the received limit less one",
	TunnelNoEncapLimitOption:       "never adds a Tunnel Encapsulation Limit option, whatever its configuration",
	TunnelNoErrorRelay:             "does not report ICMPv6 errors from inside its IPv6 tunnels to the source of the inner packet",
	TunnelNoICMPv4Relay:            "does not report ICMPv4 errors from inside its 6in4 tunnels to the source of the inner IPv6 packet",
	TunnelNoNestingLimit:           "has no nesting counter: a tunnel routing loop runs until the packet outgrows the tunnel, and its source is never told",
	TunnelIPv4NoReassembly:         "drops IPv4 fragments instead of reassembling them before decapsulation",
	TunnelIPv4DFIgnored:            "puts an IPv4 packet with DF that does not fit into a tunnel anyway, in a fragmented tunnel packet, instead of answering Fragmentation Needed",
	IPv4NoTimeExceeded:             "forwards an IPv4 packet that arrived with TTL 1, TTL 0 on the way out, instead of answering Time Exceeded",
	IPv4ChecksumIgnored:            "accepts IPv4 packets whose header checksum is wrong",
	TunnelDFNotCopied:              "sends IPv4 packets with DF into a 4in4 tunnel in an outer header without DF",
	IPv4NoFragmentation:            "drops an IPv4 packet without DF that is larger than the MTU it leaves on (a link, or the path to a tunnel's remote end) instead of sending it in fragments",
	IPv4DFFragmented:               "forwards an IPv4 packet with DF that is larger than the next link's MTU in fragments instead of answering Fragmentation Needed",
	Tunnel4in4NoICMPv4Relay:        "does not report ICMPv4 errors from inside its 4in4 tunnels to the source of the inner IPv4 packet",
	IPv4NoReassemblyTimeExceeded:   "sends no ICMPv4 Time Exceeded when an IPv4 datagram for it times out in reassembly after its first fragment came",
})
