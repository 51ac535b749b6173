package faults

// The IPv6 header and its extension headers (RFC 8200 §3, §4; RFC 5095 and
// RFC 2460 §4.4 for the type 0 Routing header of the classic mode):
// refnode/ip6_input.go, refnode/exthdr, refnode/route6.go.
const (
	RH0NoSwap                  Fault = "rh0-address-not-swapped"
	RH0NoSLCheck               Fault = "rh0-segments-left-unchecked"
	RH0Processed               Fault = "rh0-processed"
	AnyVersion                 Fault = "any-version"
	IgnorePayloadLength        Fault = "ignore-payload-length"
	DropHopLimitZero           Fault = "drop-hoplimit-zero"
	PPPointerOffByOne          Fault = "pp-pointer-off-by-one"
	UnknownNextHeaderSilent    Fault = "unknown-next-header-silent"
	ExtHeaderExactFitTruncated Fault = "ext-header-exact-fit-truncated"
	ExtHeaderOverrunAccepted   Fault = "ext-header-overrun-accepted"
	ExtHeaderLengthFromPadding Fault = "ext-header-length-from-padding"
	OptionLengthPastHeader     Fault = "option-length-past-header"
	FragmentHeaderExactFitCut  Fault = "fragment-header-exact-fit-cut"
	OptionOverrunPointerType   Fault = "option-overrun-pointer-type"
	Option10Silent             Fault = "option-10-silent"
	Option11MulticastError     Fault = "option-11-multicast-error"
	Option01Process            Fault = "option-01-process"
	OptionOrderLast            Fault = "option-order-last"
	PadOptionsDiscard          Fault = "pad-options-discard"
	Option00Discard            Fault = "option-00-discard"
	Option11UnicastSilent      Fault = "option-11-unicast-silent"
	HBHAnywhere                Fault = "hbh-anywhere"
	RoutingSL0Error            Fault = "routing-sl0-error"
	RoutingUnknownIgnored      Fault = "routing-unknown-ignored"
	PPForNoNextHeader          Fault = "pp-for-no-next-header"
	DropNonzeroFlowLabel       Fault = "drop-nonzero-flow-label"
	DropNonzeroTrafficClass    Fault = "drop-nonzero-traffic-class"
)

var _ = add(IPv6, []Row{
	{RH0NoSwap, "RFC 2460 §4.4", "in RFC 2460 source routing, sends the packet to the next address but leaves the routing header's address list as it came"},
	{RH0NoSLCheck, "RFC 2460 §4.4", "in RFC 2460 source routing, takes a Segments Left larger than the number of addresses without a Parameter Problem"},
	{RH0Processed, "RFC 5095 §3", "processes a type 0 routing header as RFC 2460 §4.4 did, which RFC 5095 §3 forbids: the next address becomes the destination and the packet is sent on"},
	{AnyVersion, "RFC 8200 §3", "accepts any value in the IPv6 Version field"},
	{IgnorePayloadLength, "RFC 8200 §3", "takes the packet's length from the frame, not from Payload Length"},
	{DropHopLimitZero, "RFC 8200 §3", "discards packets that arrive with Hop Limit 0"},
	{PPPointerOffByOne, "RFC 8200 §4", "Parameter Problem pointers one octet too far"},
	{UnknownNextHeaderSilent, "RFC 8200 §4", "discards a packet whose Next Header it does not recognize (a misplaced Hop-by-Hop Options header included) without Parameter Problem"},
	{ExtHeaderExactFitTruncated, "RFC 8200 §4", "takes an extension header that ends exactly where the payload ends for a truncated one"},
	{ExtHeaderOverrunAccepted, "RFC 8200 §4", "reads an extension header that runs past the payload on into the frame's padding"},
	{ExtHeaderLengthFromPadding, "RFC 8200 §4", "reads the length of an extension header cut to one octet from the frame's padding"},
	{OptionLengthPastHeader, "RFC 8200 §4", "reads the length of an option whose type is a header's last octet from the octet after the header"},
	{FragmentHeaderExactFitCut, "RFC 8200 §4", "takes a Fragment header that ends exactly where the payload ends for a truncated one"},
	{OptionOverrunPointerType, "RFC 8200 §4", "points its Parameter Problem for an option that runs past its header at the option's type instead of its length"},
	{Option10Silent, "RFC 8200 §4.2", "discards packets with an unknown option whose type starts with 10 without sending Parameter Problem"},
	{Option11MulticastError, "RFC 8200 §4.2", "sends Parameter Problem for unknown options whose type starts with 11 even when the destination is multicast"},
	{Option01Process, "RFC 8200 §4.2", "skips unknown options whose type starts with 01 instead of discarding the packet"},
	{OptionOrderLast, "RFC 8200 §4.2", "processes every option and acts on the last bad one instead of the first"},
	{PadOptionsDiscard, "RFC 8200 §4.2", "discards packets whose Hop-by-Hop or Destination Options carry Pad1 or PadN"},
	{Option00Discard, "RFC 8200 §4.2", "discards packets carrying an unknown option whose type starts with 00 instead of skipping it"},
	{Option11UnicastSilent, "RFC 8200 §4.2", "sends no Parameter Problem for unknown options whose type starts with 11 to a unicast destination"},
	{HBHAnywhere, "RFC 8200 §4.3", "accepts a Hop-by-Hop Options header anywhere in the chain, not only right after the IPv6 header"},
	{RoutingSL0Error, "RFC 8200 §4.4", "sends Parameter Problem for an unknown routing type even when Segments Left is 0"},
	{RoutingUnknownIgnored, "RFC 8200 §4.4", "ignores an unknown routing type even when Segments Left is above 0"},
	{PPForNoNextHeader, "RFC 8200 §4.7", "treats Next Header 59 as unrecognized"},
	{DropNonzeroFlowLabel, "RFC 8200 §6", "discards packets for it whose Flow Label is not zero"},
	{DropNonzeroTrafficClass, "RFC 8200 §7", "discards packets for it whose Traffic Class is not zero"},
})
