package icmp6

import (
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/refnode/clock"
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// Invoking describes the packet an error would answer.
type Invoking struct {
	Src, Dst netip.Addr
	// LinkMulticast is set when the frame went to a link-layer multicast or
	// broadcast address.
	LinkMulticast bool
	// ICMPType is the type of the ICMPv6 message the packet carries, or -1 if
	// it carries none (or the node could not find it).
	ICMPType int
	// SrcAnycast is set when the source is one of the node's known anycast
	// addresses (a subnet-router anycast address, RFC 4291 §2.6.1).
	SrcAnycast bool
}

// Reasons ErrorAllowed gives, named as the node's counters.
const (
	WhyError         = counter.ICMP6ErrorSuppressedForError
	WhyMulticast     = counter.ICMP6ErrorSuppressedForMulticast
	WhyLinkMulticast = counter.ICMP6ErrorSuppressedForLinkMulticast
	WhySource        = counter.ICMP6ErrorSuppressedForSource
)

// ErrorAllowed applies RFC 4443 §2.4 (e): it reports whether an error of
// type typ and code may answer inv, and if not, why (the counter to count).
func ErrorAllowed(typ, code uint8, inv Invoking) (bool, counter.Counter) {
	if inv.ICMPType >= 0 && (inv.ICMPType < 128 || inv.ICMPType == TypeRedirect) {
		return false, WhyError // (e.1), (e.2)
	}
	// (e.3) to (e.5): only Packet Too Big and an unrecognized option
	// may answer multicast.
	exempt := typ == TypePacketTooBig || (typ == TypeParameterProblem && code == CodeUnrecognizedOpt)
	if !exempt && ipv6.IsMulticast(inv.Dst) {
		return false, WhyMulticast
	}
	if !exempt && inv.LinkMulticast {
		return false, WhyLinkMulticast
	}
	if ipv6.IsUnspecified(inv.Src) || ipv6.IsMulticast(inv.Src) || inv.SrcAnycast { // (e.6)
		return false, WhySource
	}
	return true, counter.None
}

// RateLimit is a token bucket: Rate tokens a second, at most Burst saved.
type RateLimit struct {
	Rate  float64
	Burst int
}

// DefaultRateLimit is the node's default error rate (§2.4 (f) leaves the
// numbers to the implementation).
var DefaultRateLimit = RateLimit{Rate: 10, Burst: 10}

// Limiter applies a RateLimit on a Clock. Not safe for concurrent use.
type Limiter struct {
	limit  RateLimit
	clock  clock.Clock
	tokens float64
	last   time.Time
	// Faults are the node's: rate-limit-no-cap, rate-limit-no-refill.
	Faults faults.Set
}

// NewLimiter returns a full bucket.
func NewLimiter(l RateLimit, c clock.Clock) *Limiter {
	return &Limiter{limit: l, clock: c, tokens: float64(l.Burst), last: c.Now()}
}

// Allow takes one token if there is one.
func (l *Limiter) Allow() bool {
	now := l.clock.Now()
	if l.Faults.Has(faults.RateLimitNoRefill) {
		l.last = now // no time passes for the bucket
	}
	if l.Faults.Has(faults.RateLimitNoCap) {
		l.tokens += now.Sub(l.last).Seconds() * l.limit.Rate // filled past the burst, and counted
		l.last = now
	}
	if el := now.Sub(l.last); el > 0 {
		l.tokens += el.Seconds() * l.limit.Rate
		if max := float64(l.limit.Burst); l.tokens > max {
			l.tokens = max
		}
	}
	l.last = now
	if l.tokens < 1 {
		return false
	}
	l.tokens--
	return true
}
