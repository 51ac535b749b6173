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

// Suppression is one rule of RFC 4443 §2.4 (e): an ICMPv6 error the node
// must not send, the counter of the error not sent, and the fault with
// which the faulty node sends it anyway.
type Suppression struct {
	Section string // of RFC 4443
	Why     counter.Counter
	Fault   faults.Fault
	applies func(typ, code uint8, inv Invoking) bool
}

// suppressions are §2.4 (e) in the order the node applies them. (e.5), a
// packet sent as a link-layer broadcast, is (e.4)'s: the node's links have
// no broadcast apart from multicast.
var suppressions = [...]Suppression{
	{"2.4 (e.1), (e.2)", WhyError, faults.ErrorAboutError, aboutError},
	{"2.4 (e.3)", WhyMulticast, faults.ErrorToMulticast, toMulticast},
	{"2.4 (e.4)", WhyLinkMulticast, faults.ErrorToMulticast, toLinkMulticast},
	{"2.4 (e.6)", WhySource, faults.ErrorToNonUniqueSource, sourceNotUnique},
}

// aboutError: the packet carries an ICMPv6 error message or a Redirect
// (e.1), (e.2).
func aboutError(_, _ uint8, inv Invoking) bool {
	return inv.ICMPType >= 0 && (inv.ICMPType < 128 || inv.ICMPType == TypeRedirect)
}

// exempt: Packet Too Big and Parameter Problem code 2 (an unrecognized
// option) may answer a packet sent to multicast (e.3), (e.4).
func exempt(typ, code uint8) bool {
	return typ == TypePacketTooBig || (typ == TypeParameterProblem && code == CodeUnrecognizedOpt)
}

func toMulticast(typ, code uint8, inv Invoking) bool {
	return !exempt(typ, code) && ipv6.IsMulticast(inv.Dst)
}

func toLinkMulticast(typ, code uint8, inv Invoking) bool {
	return !exempt(typ, code) && inv.LinkMulticast
}

// sourceNotUnique: the source names no single node (e.6).
func sourceNotUnique(_, _ uint8, inv Invoking) bool {
	return ipv6.IsUnspecified(inv.Src) || ipv6.IsMulticast(inv.Src) || inv.SrcAnycast
}

// Suppressed gives the first rule of §2.4 (e) that forbids an error of
// type typ and code answering inv, or nil when none does.
func Suppressed(typ, code uint8, inv Invoking) *Suppression {
	for i := range suppressions {
		if suppressions[i].applies(typ, code, inv) {
			return &suppressions[i]
		}
	}
	return nil
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
