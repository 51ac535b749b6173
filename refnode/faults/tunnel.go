package faults

// Tunnels and the IPv4 they need (RFC 2473, RFC 4213, RFC 2003; RFC 791,
// RFC 792, RFC 1122, RFC 1812): refnode/tunnel*.go, refnode/ip_*.go,
// refnode/ipv4.
const (
	IPv4DFFragmented               Fault = "ipv4-df-fragmented"
	IPv4NoReassemblyTimeExceeded   Fault = "ipv4-no-reassembly-time-exceeded"
	TunnelExitNoDecrement          Fault = "tunnel-exit-no-decrement"
	TunnelDFNotCopied              Fault = "tunnel-df-not-copied"
	Tunnel4in4NoICMPv4Relay        Fault = "tunnel-4in4-no-icmpv4-relay"
	Tunnel4MTU576                  Fault = "tunnel4-mtu-576"
	TunnelIPv4DFIgnored            Fault = "tunnel-ipv4-df-ignored"
	IPv4NoFragmentation            Fault = "ipv4-no-fragmentation"
	TunnelEntryNoDecrement         Fault = "tunnel-entry-no-decrement"
	IPv4NoTimeExceeded             Fault = "ipv4-no-time-exceeded"
	TunnelNoDecap                  Fault = "tunnel-no-decap"
	TunnelNoSourceCheck            Fault = "tunnel-no-source-check"
	TunnelNoEncapLimitOption       Fault = "tunnel-no-encap-limit-option"
	IPv4ChecksumIgnored            Fault = "ipv4-checksum-ignored"
	EncapLimitOneRefused           Fault = "encap-limit-one-refused"
	EncapLimitLastOptionMissed     Fault = "encap-limit-last-option-missed"
	EncapLimitAfterHopByHopMissed  Fault = "encap-limit-after-hop-by-hop-missed"
	TunnelEncapLimitIgnored        Fault = "tunnel-encap-limit-ignored"
	TunnelEncapLimitNotDecremented Fault = "tunnel-encap-limit-not-decremented"
	TunnelNoNestingLimit           Fault = "tunnel-no-nesting-limit"
	Tunnel6MTUOffByOne             Fault = "tunnel6-mtu-off-by-one"
	TunnelPTBBelowMinimum          Fault = "tunnel-ptb-below-minimum"
	TunnelSmallPTBRelayed          Fault = "tunnel-small-ptb-relayed"
	TunnelTooBigSilent             Fault = "tunnel-too-big-silent"
	TunnelSmallPacketRefused       Fault = "tunnel-small-packet-refused"
	TunnelIPv4MTUOffByOne          Fault = "tunnel-ipv4-mtu-off-by-one"
	TunnelNoErrorRelay             Fault = "tunnel-no-error-relay"
	Tunnel4MTUOffByOne             Fault = "tunnel4-mtu-off-by-one"
	Tunnel4MinMTUOffByOne          Fault = "tunnel4-min-mtu-off-by-one"
	Tunnel4LowMTUNoTooBig          Fault = "tunnel4-low-mtu-no-too-big"
	Tunnel4FragNeededRelayed       Fault = "tunnel4-frag-needed-relayed"
	TunnelFragNeededIgnored        Fault = "tunnel-frag-needed-ignored"
	TunnelNoICMPv4Relay            Fault = "tunnel-no-icmpv4-relay"
	TunnelNoLinkLocal              Fault = "tunnel-no-link-local"
	TunnelIPv4NoReassembly         Fault = "tunnel-ipv4-no-reassembly"
)

var _ = add(Tunnel, []Row{
	{IPv4DFFragmented, "RFC 791 §3.2", "forwards an IPv4 packet with DF that is larger than the next link's MTU in fragments instead of answering Fragmentation Needed"},
	{IPv4NoReassemblyTimeExceeded, "RFC 791 §3.3.2", "sends no ICMPv4 Time Exceeded when an IPv4 datagram for it times out in reassembly after its first fragment came"},
	{TunnelExitNoDecrement, "RFC 2003 §3.1", "forwards packets that came out of a tunnel without decrementing their hop limit or TTL"},
	{TunnelDFNotCopied, "RFC 2003 §3.1", "sends IPv4 packets with DF into a 4in4 tunnel in an outer header without DF"},
	{Tunnel4in4NoICMPv4Relay, "RFC 2003 §4", "does not report ICMPv4 errors from inside its 4in4 tunnels to the source of the inner IPv4 packet"},
	{Tunnel4MTU576, "RFC 2003 §5.1", "a 4in4 tunnel entry that reports 576 in its Fragmentation Needed, not the tunnel MTU (path MTU less the outer header)"},
	{TunnelIPv4DFIgnored, "RFC 2003 §5.1", "puts an IPv4 packet with DF that does not fit into a tunnel anyway, in a fragmented tunnel packet, instead of answering Fragmentation Needed"},
	{IPv4NoFragmentation, "RFC 2003 §5.1", "drops an IPv4 packet without DF that is larger than the MTU it leaves on (a link, or the path to a tunnel's remote end) instead of sending it in fragments"},
	{TunnelEntryNoDecrement, "RFC 2473 §3.1", "forwards packets into a tunnel without decrementing their hop limit or TTL"},
	{IPv4NoTimeExceeded, "RFC 2473 §3.1", "forwards an IPv4 packet that arrived with TTL 1, TTL 0 on the way out, instead of answering Time Exceeded"},
	{TunnelNoDecap, "RFC 2473 §3.3", "discards every packet that arrives through one of its tunnels"},
	{TunnelNoSourceCheck, "RFC 2473 §3.3", "decapsulates tunnel packets from any outer source, not only the tunnel's remote end"},
	{TunnelNoEncapLimitOption, "RFC 2473 §3.3", "never adds a Tunnel Encapsulation Limit option, whatever its configuration"},
	{IPv4ChecksumIgnored, "RFC 2473 §3.3", "accepts IPv4 packets whose header checksum is wrong"},
	{EncapLimitOneRefused, "RFC 2473 §4.1.1", "refuses with Parameter Problem a tunnel packet whose Tunnel Encapsulation Limit is 1, as if it were 0"},
	{EncapLimitLastOptionMissed, "RFC 2473 §4.1.1", "misses a Tunnel Encapsulation Limit option that ends exactly where its header ends"},
	{EncapLimitAfterHopByHopMissed, "RFC 2473 §4.1.1", "looks for the Tunnel Encapsulation Limit only in a Destination Options header right behind the IPv6 header"},
	{TunnelEncapLimitIgnored, "RFC 2473 §4.1.1", "encapsulates packets whose Tunnel Encapsulation Limit is 0"},
	{TunnelEncapLimitNotDecremented, "RFC 2473 §4.1.1", "puts its own configured limit in the option of a nested tunnel packet, not the received limit less one"},
	{TunnelNoNestingLimit, "RFC 2473 §4.1.3", "has no nesting counter: a tunnel routing loop runs until the packet outgrows the tunnel, and its source is never told"},
	{Tunnel6MTUOffByOne, "RFC 2473 §7.1", "refuses with Packet Too Big a packet exactly as long as an IPv6 tunnel's MTU"},
	{TunnelPTBBelowMinimum, "RFC 2473 §7.1", "reports an IPv6 tunnel MTU below 1280 in its Packet Too Big messages, instead of 1280"},
	{TunnelSmallPTBRelayed, "RFC 2473 §7.1", "relays a Packet Too Big from inside a 6in6 tunnel to the source of an original packet of 1280 octets or less, which it should fragment instead"},
	{TunnelTooBigSilent, "RFC 2473 §7.1", "drops packets too big for the tunnel without a Packet Too Big"},
	{TunnelSmallPacketRefused, "RFC 2473 §7.1", "refuses packets that do not fit an IPv6 tunnel but must go in (IPv6 of at most 1280 octets, IPv4 without DF) with Packet Too Big or Fragmentation Needed, instead of fragmenting the tunnel packet"},
	{TunnelIPv4MTUOffByOne, "RFC 2473 §7.2", "refuses with Fragmentation Needed an IPv4 packet with DF exactly as long as the tunnel's MTU"},
	{TunnelNoErrorRelay, "RFC 2473 §8.1", "does not report ICMPv6 errors from inside its IPv6 tunnels to the source of the inner packet"},
	{Tunnel4MTUOffByOne, "RFC 4213 §3.2.2", "refuses with Packet Too Big a packet exactly as long as a 6in4 tunnel's MTU"},
	{Tunnel4MinMTUOffByOne, "RFC 4213 §3.2.2", "takes a 6in4 tunnel MTU of exactly 1280 (IPv4 path MTU 1300) as below the minimum: its packets go without DF"},
	{Tunnel4LowMTUNoTooBig, "RFC 4213 §3.2.2", "puts a packet above 1280 octets into a 6in4 tunnel whose IPv4 path MTU fell below 1300, in IPv4 fragments, instead of Packet Too Big 1280"},
	{Tunnel4FragNeededRelayed, "RFC 4213 §3.2.2", "reports a Fragmentation Needed from inside a 6in4 tunnel to the inner source as Destination Unreachable"},
	{TunnelFragNeededIgnored, "RFC 4213 §3.2.2", "ignores ICMPv4 Fragmentation Needed about its tunnel packets"},
	{TunnelNoICMPv4Relay, "RFC 4213 §3.4", "does not report ICMPv4 errors from inside its 6in4 tunnels to the source of the inner IPv6 packet"},
	{TunnelNoLinkLocal, "RFC 4213 §3.6", "gives a configured tunnel interface no link-local address"},
	{TunnelIPv4NoReassembly, "RFC 4213 §3.6", "drops IPv4 fragments instead of reassembling them before decapsulation"},
})
