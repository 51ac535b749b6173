package exthdr

import (
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// Verdict is where a walk ended.
type Verdict uint8

const (
	// Upper: the header at Off is not an extension header the walk knows
	// (an upper-layer protocol, or an unrecognized value: the caller
	// decides, and answers an unknown one with code 1 at Field).
	Upper Verdict = iota + 1
	// AtFragment: a Fragment header at Off.
	AtFragment
	// NoNext: Next Header 59, nothing follows (RFC 8200 §4.7).
	NoNext
	// Discard: drop the packet silently.
	Discard
	// Problem: drop it and send Parameter Problem Code at Pointer.
	Problem
	// SourceRoute: a type 0 routing header at Off with Segments Left above
	// 0, on a node in the classic RFC 2460 mode (faults.RH0Processed): the
	// caller routes the packet on to its next address.
	SourceRoute
)

// Result is the end of a walk. Offsets count from the start of the IPv6
// header.
type Result struct {
	Verdict Verdict
	Next    uint8           // Upper, AtFragment: the protocol of the header at Off
	Off     int             // Upper, AtFragment, NoNext: where that header starts
	Field   int             // the octet holding the Next Header value that named it
	Code    uint8           // Problem
	Pointer int             // Problem
	Reason  counter.Counter // Discard, Problem, NoNext: the drop counter
}

func problem(code uint8, pointer int, reason counter.Counter) Result {
	return Result{Verdict: Problem, Code: code, Pointer: pointer, Reason: reason}
}

// Walk processes the chain of pkt from the header at off, of type next,
// named by the octet at field: for the whole packet, Walk(pkt, 40,
// pkt[6], 6, ...); past a Fragment header at f, Walk(pkt, f+8, pkt[f],
// f, ...). dstMulticast says the packet's destination is multicast (for
// options whose type starts with 11). fs are the node's faults.
//
// A header that claims more octets than the packet holds is answered with
// Parameter Problem code 0 pointing at its Hdr Ext Len field (RFC 4443 §3.4:
// a problem with a header field that stops processing; the length is the
// field that disagrees with the packet), or at the Payload Length field when
// not even that octet is there. Truncated options likewise point at their
// length octet. A first fragment's incomplete chain is the caller's (see
// ChainComplete): the walk only runs over complete packets.
func Walk(pkt []byte, off int, next uint8, field int, dstMulticast bool, fs faults.Set) Result {
	for {
		switch next {
		case ipv6.ProtoNoNext:
			return Result{Verdict: NoNext, Off: off, Field: field, Reason: counter.IPv6NoNextHeader}
		case ipv6.ProtoFragment:
			if fs.Has(faults.FragmentHeaderExactFitCut) && len(pkt)-off == FragmentLen {
				return problem(CodeErroneousHeader, ipv6.OffPayloadLength, counter.ExtHdrFragmentTruncated)
			}
			if len(pkt)-off < FragmentLen {
				return problem(CodeErroneousHeader, ipv6.OffPayloadLength, counter.ExtHdrFragmentTruncated)
			}
			return Result{Verdict: AtFragment, Next: next, Off: off, Field: field}
		case ipv6.ProtoHopByHop, ipv6.ProtoDestOpts, ipv6.ProtoRouting:
		default:
			return Result{Verdict: Upper, Next: next, Off: off, Field: field}
		}
		if next == ipv6.ProtoHopByHop && off != ipv6.HeaderLen && !fs.Has(faults.HBHAnywhere) {
			// RFC 8200 §4.3: only immediately after the IPv6 header; anywhere
			// else its value is unrecognized (§4).
			return problem(CodeUnrecognizedNext, field, counter.ExtHdrHBHNotFirst)
		}
		if fs.Has(faults.ExtHeaderLengthFromPadding) && len(pkt)-off == 1 && cap(pkt) > off+1 {
			pkt = pkt[:off+2]
		}
		if len(pkt)-off < 2 {
			return problem(CodeErroneousHeader, ipv6.OffPayloadLength, counter.ExtHdrTruncated)
		}
		e := Ext(pkt[off:])
		l := e.Len()
		if fs.Has(faults.ExtHeaderExactFitTruncated) && l == len(pkt)-off {
			return problem(CodeErroneousHeader, off+OffHdrExtLen, counter.ExtHdrTruncated)
		}
		if fs.Has(faults.ExtHeaderOverrunAccepted) && l > len(pkt)-off && off+l <= cap(pkt) {
			pkt = pkt[:off+l]
		}
		if l > len(pkt)-off {
			return problem(CodeErroneousHeader, off+OffHdrExtLen, counter.ExtHdrTruncated)
		}
		switch next {
		case ipv6.ProtoHopByHop, ipv6.ProtoDestOpts:
			if r := options(pkt, off+2, off+l, dstMulticast, fs); r.Verdict != 0 {
				return r
			}
		case ipv6.ProtoRouting:
			if r := routing(pkt, off, fs); r.Verdict != 0 {
				return r
			}
		}
		next, field, off = e.NextHeader(), off+OffNextHeader, off+l
	}
}

// HopByHop processes only the Hop-by-Hop Options header of pkt, if it has
// one: the part of the walk a router does for a packet it forwards (RFC
// 8200 §4: no other extension header is examined on the way). A zero
// Result means: go on.
func HopByHop(pkt []byte, dstMulticast bool, fs faults.Set) Result {
	if ipv6.Header(pkt).NextHeader() != ipv6.ProtoHopByHop {
		return Result{}
	}
	off := ipv6.HeaderLen
	if fs.Has(faults.ExtHeaderLengthFromPadding) && len(pkt)-off == 1 && cap(pkt) > off+1 {
		pkt = pkt[:off+2]
	}
	if len(pkt)-off < 2 {
		return problem(CodeErroneousHeader, ipv6.OffPayloadLength, counter.ExtHdrTruncated)
	}
	l := Ext(pkt[off:]).Len()
	if l > len(pkt)-off {
		return problem(CodeErroneousHeader, off+OffHdrExtLen, counter.ExtHdrTruncated)
	}
	return options(pkt, off+2, off+l, dstMulticast, fs)
}

// routing applies RFC 8200 §4.4 for a node that knows no routing type: with
// Segments Left 0 the header is ignored, otherwise the packet is answered
// with code 0 at the Routing Type field. RH0 is no exception (RFC 5095 §3),
// unless the node keeps the classic RFC 2460 behaviour on purpose.
func routing(pkt []byte, off int, fs faults.Set) Result {
	r := Routing(pkt[off:])
	if fs.Has(faults.RoutingUnknownIgnored) {
		return Result{}
	}
	if r.SegmentsLeft() == 0 && !fs.Has(faults.RoutingSL0Error) {
		return Result{}
	}
	if r.RoutingType() == 0 && fs.Has(faults.RH0Processed) {
		return Result{Verdict: SourceRoute, Off: off}
	}
	return problem(CodeErroneousHeader, off+OffRoutingType, counter.ExtHdrRoutingTypeUnknown)
}

// options processes the TLV-encoded options in pkt[off:end] in order
// (RFC 8200 §4.2); the first one that asks for the packet to be discarded
// decides. A zero Result means: go on with the next header.
func options(pkt []byte, off, end int, dstMulticast bool, fs faults.Set) Result {
	var bad Result // with option-order-last: the last bad option seen
	for off < end {
		t := pkt[off]
		if t == OptPad1 {
			if fs.Has(faults.PadOptionsDiscard) {
				return Result{Verdict: Discard, Reason: counter.ExtHdrPadDiscarded}
			}
			off++
			continue
		}
		if fs.Has(faults.OptionLengthPastHeader) && off+1 == end && end < len(pkt) {
			end++
		}
		if off+1 >= end {
			return problem(CodeErroneousHeader, off, counter.ExtHdrOptionTruncated)
		}
		l := 2 + int(pkt[off+1])
		if fs.Has(faults.OptionOverrunPointerType) && off+l > end {
			return problem(CodeErroneousHeader, off, counter.ExtHdrOptionTruncated)
		}
		if off+l > end {
			return problem(CodeErroneousHeader, off+1, counter.ExtHdrOptionTruncated)
		}
		var r Result
		switch t {
		case OptPadN, OptRouterAlert:
		default:
			r = unknownOption(t, off, dstMulticast, fs)
		}
		if t == OptPadN && fs.Has(faults.PadOptionsDiscard) {
			r = Result{Verdict: Discard, Reason: counter.ExtHdrPadDiscarded}
		}
		if r.Verdict != 0 {
			if !fs.Has(faults.OptionOrderLast) {
				return r
			}
			bad = r
		}
		off += l
	}
	return bad
}

// optOutcome is what becomes of a packet with an unrecognized option.
type optOutcome uint8

const (
	optSkip         optOutcome = iota // skip the option, go on with the header
	optDiscard                        // discard the packet silently
	optDiscardError                   // discard it and send Parameter Problem code 2
)

// unknownOptionRules are RFC 8200 §4.2's actions for an unrecognized
// option, by the two high-order bits of its type and by whether the
// destination is multicast, indexed by bits<<1 | multicast. The fault of
// a row, when the node has it, replaces the action with faulty.
var unknownOptionRules = [8]struct {
	act    optOutcome
	reason counter.Counter
	fault  faults.Fault
	faulty optOutcome
}{
	{optSkip, counter.ExtHdrOption00Discarded, faults.Option00Discard, optDiscard},                // 00, unicast
	{optSkip, counter.ExtHdrOption00Discarded, faults.Option00Discard, optDiscard},                // 00, multicast
	{optDiscard, counter.ExtHdrOption01Discarded, faults.Option01Process, optSkip},                // 01, unicast
	{optDiscard, counter.ExtHdrOption01Discarded, faults.Option01Process, optSkip},                // 01, multicast
	{optDiscardError, counter.ExtHdrOption10Discarded, faults.Option10Silent, optDiscard},         // 10, unicast
	{optDiscardError, counter.ExtHdrOption10Discarded, faults.Option10Silent, optDiscard},         // 10, multicast
	{optDiscardError, counter.ExtHdrOption11Discarded, faults.Option11UnicastSilent, optDiscard},  // 11, unicast
	{optDiscard, counter.ExtHdrOption11Discarded, faults.Option11MulticastError, optDiscardError}, // 11, multicast: no error to a multicast destination
}

// unknownOption is the action of an unrecognized option at off (RFC 8200
// §4.2): its row of unknownOptionRules.
func unknownOption(t uint8, off int, dstMulticast bool, fs faults.Set) Result {
	i := int(OptionAction(t)) << 1
	if dstMulticast {
		i |= 1
	}
	rule := unknownOptionRules[i]
	act := rule.act
	if fs.Has(rule.fault) {
		act = rule.faulty
	}
	switch act {
	case optDiscard:
		return Result{Verdict: Discard, Reason: rule.reason}
	case optDiscardError:
		return problem(CodeUnrecognizedOpt, off, rule.reason)
	}
	return Result{}
}

// upperLayerMin is how much of an upper-layer header a first fragment must
// hold for its chain to be complete (RFC 7112 §4: up to and including the
// upper-layer header): the fixed headers of TCP, UDP and ICMPv6; one octet
// for anything else, as the chain then ends at a value the node may not
// know.
func upperLayerMin(next uint8) int {
	switch next {
	case ipv6.ProtoTCP:
		return 20
	case ipv6.ProtoUDP:
		return 8
	case ipv6.ProtoICMPv6:
		return 4
	case ipv6.ProtoNoNext:
		return 0
	}
	return 1
}

// ChainComplete reports whether pkt holds the whole header chain from the
// header at off, of type next, through the upper-layer header (RFC 7112
// §5). It only follows lengths: options are processed later, by Walk.
func ChainComplete(pkt []byte, off int, next uint8) bool {
	for IsExtension(next) {
		if next == ipv6.ProtoFragment {
			if len(pkt)-off < FragmentLen {
				return false
			}
			next, off = Fragment(pkt[off:]).NextHeader(), off+FragmentLen
			continue
		}
		if len(pkt)-off < 2 {
			return false
		}
		e := Ext(pkt[off:])
		if e.Len() > len(pkt)-off {
			return false
		}
		next, off = e.NextHeader(), off+e.Len()
	}
	return len(pkt)-off >= upperLayerMin(next)
}

// UpperLayer finds the upper-layer header of pkt by following lengths only:
// its protocol and offset, or false if the chain is cut short or goes on
// in a later fragment. ICMPv6 errors use it to learn whether the invoking
// packet is itself an ICMPv6 error (RFC 4443 §2.4 (e)).
func UpperLayer(pkt []byte) (next uint8, off int, ok bool) {
	if len(pkt) < ipv6.HeaderLen {
		return 0, 0, false
	}
	next, off = ipv6.Header(pkt).NextHeader(), ipv6.HeaderLen
	for IsExtension(next) {
		if next == ipv6.ProtoFragment {
			if len(pkt)-off < FragmentLen || Fragment(pkt[off:]).Offset() != 0 {
				return 0, 0, false
			}
			next, off = Fragment(pkt[off:]).NextHeader(), off+FragmentLen
			continue
		}
		if len(pkt)-off < 2 || Ext(pkt[off:]).Len() > len(pkt)-off {
			return 0, 0, false
		}
		next, off = Ext(pkt[off:]).NextHeader(), off+Ext(pkt[off:]).Len()
	}
	return next, off, true
}

// Unfragmentable returns the length of pkt's Unfragmentable Part (RFC 8200
// §4.5): the IPv6 header, a Hop-by-Hop Options header, and any Destination
// Options and Routing headers up to the last Routing header; and the offset
// of the Next Header octet that names what follows it, which a Fragment
// header then takes over. pkt must be a well-formed packet the node built.
func Unfragmentable(pkt []byte) (length, field int) {
	next, off, field := ipv6.Header(pkt).NextHeader(), ipv6.HeaderLen, ipv6.OffNextHeader
	fits := func() bool { return len(pkt)-off >= 2 && Ext(pkt[off:]).Len() <= len(pkt)-off }
	if next == ipv6.ProtoHopByHop && fits() {
		next, field, off = Ext(pkt[off:]).NextHeader(), off, off+Ext(pkt[off:]).Len()
	}
	length, lastField := off, field
	for (next == ipv6.ProtoDestOpts || next == ipv6.ProtoRouting) && fits() {
		e := Ext(pkt[off:])
		isRouting := next == ipv6.ProtoRouting
		next, field, off = e.NextHeader(), off, off+e.Len()
		if isRouting {
			length, lastField = off, field
		}
	}
	return length, lastField
}
