package faults

// Faults at the boundaries of the IPv6 core found by mutation testing
// (tools/mutate): each is a realistic off-by-one or a forgotten check that
// no spec noticed before, kept so that the spec closing it can fail.
const (
	ExtHeaderExactFitTruncated Fault = "ext-header-exact-fit-truncated" // takes an extension header that ends exactly where the payload ends for a truncated one
	ExtHeaderOverrunAccepted   Fault = "ext-header-overrun-accepted"    // reads an extension header that runs past the payload on into the frame's padding
	ExtHeaderLengthFromPadding Fault = "ext-header-length-from-padding" // reads the length of an extension header cut to one octet from the frame's padding
	OptionLengthPastHeader     Fault = "option-length-past-header"      // reads the length of an option whose type is a header's last octet from the octet after the header
	FragmentHeaderExactFitCut  Fault = "fragment-header-exact-fit-cut"  // takes a Fragment header that ends exactly where the payload ends for a truncated one
	AtomicFragmentReassembled  Fault = "atomic-fragment-reassembled"    // puts an atomic fragment through reassembly, as a datagram of one fragment
)

var _ = register(map[Fault]string{
	ExtHeaderExactFitTruncated: "takes an extension header that ends exactly where the payload ends for a truncated one",
	ExtHeaderOverrunAccepted:   "reads an extension header that runs past the payload on into the frame's padding",
	ExtHeaderLengthFromPadding: "reads the length of an extension header cut to one octet from the frame's padding",
	OptionLengthPastHeader:     "reads the length of an option whose type is a header's last octet from the octet after the header",
	FragmentHeaderExactFitCut:  "takes a Fragment header that ends exactly where the payload ends for a truncated one",
	AtomicFragmentReassembled:  "puts an atomic fragment through reassembly, as a datagram of one fragment",
})

// Faults of the forwarding path at its boundaries.
const (
	ForwardPTBAtMTU        Fault = "forward-ptb-at-mtu"       // answers Packet Too Big for a packet exactly as large as the next link's MTU
	ForwardResolvedDropped Fault = "forward-resolved-dropped" // loses a packet to forward when the next hop's link-layer address is already known
)

var _ = register(map[Fault]string{
	ForwardPTBAtMTU:        "answers Packet Too Big for a packet exactly as large as the next link's MTU",
	ForwardResolvedDropped: "loses a packet to forward when the next hop's link-layer address is already known",
})

// Faults of ICMPv6 at its boundaries.
const (
	ErrorAboutType127  Fault = "error-about-type-127"  // takes an ICMPv6 message of type 127, the last error type, for an informational one and sends errors about it
	EchoReplyStaleCode Fault = "echo-reply-stale-code" // leaves in its Echo Reply's Code whatever the last message built in its transmit buffer had there
)

var _ = register(map[Fault]string{
	ErrorAboutType127:  "takes an ICMPv6 message of type 127, the last error type, for an informational one and sends errors about it",
	EchoReplyStaleCode: "leaves in its Echo Reply's Code whatever the last message built in its transmit buffer had there",
})

// ChecksumOneCarry folds the carries of the ones'-complement sum once
// only.
const ChecksumOneCarry Fault = "checksum-one-carry" // folds the carries of its ICMPv6 checksums once only, losing the carry of the fold itself

var _ = register(map[Fault]string{
	ChecksumOneCarry: "folds the carries of its ICMPv6 checksums once only, losing the carry of the fold itself",
})

// ChainExactFitIncomplete moves the RFC 7112 boundary by one octet.
const ChainExactFitIncomplete Fault = "chain-exact-fit-incomplete" // takes a first fragment that ends exactly after the upper-layer header for one without the whole header chain

var _ = register(map[Fault]string{
	ChainExactFitIncomplete: "takes a first fragment that ends exactly after the upper-layer header for one without the whole header chain",
})

// ReassemblyKeepsCompleted keeps a reassembled datagram's fragments.
const ReassemblyKeepsCompleted Fault = "reassembly-keeps-completed" // keeps the fragments of a datagram it reassembled, so that a later datagram with the same Identification overlaps them

var _ = register(map[Fault]string{
	ReassemblyKeepsCompleted: "keeps the fragments of a datagram it reassembled, so that a later datagram with the same Identification overlaps them",
})

// PMTUNewEvictsOld acts as if the path MTU cache were always full.
const PMTUNewEvictsOld Fault = "pmtu-new-evicts-old" // forgets the oldest path MTU estimate whenever a Packet Too Big lowers the path to a new destination

var _ = register(map[Fault]string{
	PMTUNewEvictsOld: "forgets the oldest path MTU estimate whenever a Packet Too Big lowers the path to a new destination",
})

// Faults of the ICMPv6 error rate limit's token bucket.
const (
	RateLimitNoCap    Fault = "rate-limit-no-cap"    // lets the error rate limit's bucket fill without bound while no error is sent
	RateLimitNoRefill Fault = "rate-limit-no-refill" // never refills the error rate limit's bucket: after the first burst, no more errors
)

var _ = register(map[Fault]string{
	RateLimitNoCap:    "lets the error rate limit's bucket fill without bound while no error is sent",
	RateLimitNoRefill: "never refills the error rate limit's bucket: after the first burst, no more errors",
})

// ForwardLinkLocalSourceSameLink applies the scope check of a link-local
// source to the link the packet came on too.
const ForwardLinkLocalSourceSameLink Fault = "forward-link-local-source-same-link" // answers Beyond Scope for a packet with a link-local source even when it goes back out on the link it came from

var _ = register(map[Fault]string{
	ForwardLinkLocalSourceSameLink: "answers Beyond Scope for a packet with a link-local source even when it goes back out on the link it came from",
})

// OptionOverrunPointerType points at the wrong octet of an option that
// runs past its header.
const OptionOverrunPointerType Fault = "option-overrun-pointer-type" // points its Parameter Problem for an option that runs past its header at the option's type instead of its length

var _ = register(map[Fault]string{
	OptionOverrunPointerType: "points its Parameter Problem for an option that runs past its header at the option's type instead of its length",
})
