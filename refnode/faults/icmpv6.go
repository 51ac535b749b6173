package faults

// ICMPv6 errors, echo and checksums (RFC 4443): refnode/icmp6,
// refnode/icmp6.go.
const (
	ICMPNoChecksum               Fault = "icmp-no-checksum"
	ChecksumOneCarry             Fault = "checksum-one-carry"
	ErrorAboutError              Fault = "error-about-error"
	ErrorToMulticast             Fault = "error-to-multicast"
	NoRateLimit                  Fault = "no-rate-limit"
	ReplyUnknownInformational    Fault = "reply-unknown-informational"
	ErrorExceedsMinMTU           Fault = "error-exceeds-min-mtu"
	ErrorAboutType127            Fault = "error-about-type-127"
	RateLimitNoCap               Fault = "rate-limit-no-cap"
	RateLimitNoRefill            Fault = "rate-limit-no-refill"
	NoPortUnreachable            Fault = "no-port-unreachable"
	PTBNonzeroCodeIgnored        Fault = "ptb-nonzero-code-ignored"
	NoEchoReply                  Fault = "no-echo-reply"
	EchoRequestBadChecksum       Fault = "echo-request-bad-checksum"
	AcceptUnspecifiedDestination Fault = "accept-unspecified-destination"
	EchoReplyStaleCode           Fault = "echo-reply-stale-code"
)

var _ = add(ICMPv6, []Row{
	{ICMPNoChecksum, "RFC 4443 §2.3", "does not verify ICMPv6 checksums"},
	{ChecksumOneCarry, "RFC 4443 §2.3", "folds the carries of its ICMPv6 checksums once only, losing the carry of the fold itself"},
	{ErrorAboutError, "RFC 4443 §2.4", "sends ICMPv6 errors about ICMPv6 error messages"},
	{ErrorToMulticast, "RFC 4443 §2.4", "sends every ICMPv6 error about packets sent to multicast destinations"},
	{NoRateLimit, "RFC 4443 §2.4", "does not rate-limit ICMPv6 errors"},
	{ReplyUnknownInformational, "RFC 4443 §2.4", "answers an ICMPv6 informational message of unknown type with Parameter Problem code 0 at its type"},
	{ErrorExceedsMinMTU, "RFC 4443 §2.4", "quotes the whole invoking packet in ICMPv6 errors, beyond the 1280-octet minimum MTU"},
	{ErrorAboutType127, "RFC 4443 §2.4", "takes an ICMPv6 message of type 127, the last error type, for an informational one and sends errors about it"},
	{RateLimitNoCap, "RFC 4443 §2.4", "lets the error rate limit's bucket fill without bound while no error is sent"},
	{RateLimitNoRefill, "RFC 4443 §2.4", "never refills the error rate limit's bucket: after the first burst, no more errors"},
	{NoPortUnreachable, "RFC 4443 §3.1", "sends no Destination Unreachable for UDP to a closed port"},
	{PTBNonzeroCodeIgnored, "RFC 4443 §3.2", "ignores a Packet Too Big whose code is not 0"},
	{NoEchoReply, "RFC 4443 §4.1", "never answers an Echo Request"},
	{EchoRequestBadChecksum, "RFC 4443 §4.1", "sends its own Echo Requests with a wrong checksum"},
	{AcceptUnspecifiedDestination, "RFC 4443 §4.2", "accepts packets addressed to ::"},
	{EchoReplyStaleCode, "RFC 4443 §4.2", "leaves in its Echo Reply's Code whatever the last message built in its transmit buffer had there"},
})
