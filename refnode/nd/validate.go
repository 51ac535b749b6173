package nd

import (
	"github.com/v6ct/v6ct/refnode/counter"
	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/icmp6"
	"github.com/v6ct/v6ct/refnode/ipv6"
)

// Message validation (RFC 4861 §6.1.1 Router Solicitation, §6.1.2 Router
// Advertisement, §7.1.1 Neighbor Solicitation, §7.1.2 Neighbor
// Advertisement, §8.1 Redirect). Each message has a table of rules, in
// the order the node checks them; the first rule a message breaks drops
// it, counted by the rule's counter. The rules every message shares (the
// Hop Limit 255 that proves it came from the link, the ICMP Code 0, the
// length of its fixed part, the options area of §4.6 with no option of
// length 0) are written once, as kinds; the rules of one message alone
// are predicates. A rule names the faults that weaken it: off leaves it
// out, narrow applies it only to the messages narrowTo holds for (by
// default those sent to a multicast destination), oneShort (length only)
// takes a message one octet short. Checks that need the node's state
// (the target is ours, the Redirect's sender is the first hop) stay with
// the processing of each message.

// check is the kind of a rule.
type check uint8

const (
	checkMessage         check = iota // the rule's own predicate, ok
	checkSourceLinkLocal              // the IP source is a link-local address
	checkHopLimit                     // the IP Hop Limit is 255
	checkCode                         // the ICMP Code is 0
	checkLength                       // the ICMP length holds the fixed part
	checkOptions                      // every option is whole and none has length 0 (§4.6)
)

// received is a message under validation: its IPv6 header, the message
// (cut or padded to the fixed part when a faulty node takes a short one)
// and, once the options rule passed, its options.
type received struct {
	ip   ipv6.Header
	msg  []byte
	opts []byte
}

// rule is one row of a message's table.
type rule struct {
	section  string // of RFC 4861
	check    check
	ok       func(m received) bool // checkMessage: the message passes
	drop     counter.Counter       // counted when the rule drops the message (checkOptions: by the option's fault)
	off      faults.Fault
	narrow   faults.Fault
	narrowTo func(m received) bool // nil: the message went to a multicast destination
	oneShort faults.Fault
}

// validity is the table of one message type: its fixed part is min
// octets; a faulty node that takes a short one reads it padded with zeros
// (pad) or reads past its end, as far as the receive buffer holds bytes.
type validity struct {
	typ   uint8
	min   int
	pad   bool
	rules []rule
}

func toMulticast(m received) bool { return ipv6.IsMulticast(m.ip.Dst()) }

func fromUnspecified(m received) bool { return ipv6.IsUnspecified(m.ip.Src()) }

func hasSLLA(m received) bool {
	_, ok := FindOption(m.opts, OptSourceLinkAddr).LinkAddr()
	return ok
}

// The rules of one message alone.

// probeToSolicitedNode: an NS from the unspecified address (a DAD probe)
// goes to a solicited-node group (§7.1.1).
func probeToSolicitedNode(m received) bool {
	return !fromUnspecified(m) || ipv6.IsSolicitedNode(m.ip.Dst())
}

// noSLLAFromUnspecified: an NS or RS from the unspecified address carries
// no source link-layer option (§7.1.1, §6.1.1).
func noSLLAFromUnspecified(m received) bool { return !fromUnspecified(m) || !hasSLLA(m) }

// naTargetNotMulticast: an NA's target is not a multicast address (§7.1.2).
func naTargetNotMulticast(m received) bool { return !ipv6.IsMulticast(NA(m.msg).Target()) }

// solicitedNotToMulticast: an NA to a multicast address has the Solicited
// flag clear (§7.1.2).
func solicitedNotToMulticast(m received) bool { return !NA(m.msg).Solicited() || !toMulticast(m) }

// redirectDstNotMulticast: a Redirect's Destination Address is not
// multicast (§8.1).
func redirectDstNotMulticast(m received) bool { return !ipv6.IsMulticast(Redirect(m.msg).Dst()) }

// redirectTargetOnLink: a Redirect's target is a link-local address (a
// better router) or the destination itself (on the link) (§8.1).
func redirectTargetOnLink(m received) bool {
	r := Redirect(m.msg)
	return r.Target().IsLinkLocalUnicast() || r.Target() == r.Dst()
}

func redirectTargetMulticast(m received) bool { return ipv6.IsMulticast(Redirect(m.msg).Target()) }

// §7.1.1.
var nsValidity = validity{typ: icmp6.TypeNeighborSolicitation, min: NSLen, rules: []rule{
	{section: "7.1.1", check: checkHopLimit, drop: counter.NDNSBadHopLimit, off: faults.NSAnyHopLimit, narrow: faults.NSHopLimitMulticastOnly},
	{section: "7.1.1", check: checkCode, drop: counter.NDNSBadCode, off: faults.NSAnyCode, narrow: faults.NSCodeMulticastOnly},
	{section: "7.1.1", check: checkLength, drop: counter.NDNSTooShort, off: faults.NSShortLength, oneShort: faults.NSLengthOffByOne},
	{section: "7.1.1", check: checkOptions, off: faults.NDZeroLengthOption, narrow: faults.NSZeroOptionMulticastOnly},
	{section: "7.1.1", ok: probeToSolicitedNode, drop: counter.NDNSDADNotToSolicitedNode, off: faults.NSDADAnyDestination},
	{section: "7.1.1", ok: noSLLAFromUnspecified, drop: counter.NDNSDADWithSLLA, off: faults.NSUnspecifiedWithSLLA},
	// A multicast target (§7.1.1) is refused with the answering
	// (inputNS): the ns-multicast-target node answers for its groups.
}}

// §7.1.2.
var naValidity = validity{typ: icmp6.TypeNeighborAdvertisement, min: NALen, rules: []rule{
	{section: "7.1.2", check: checkHopLimit, drop: counter.NDNABadHopLimit, off: faults.NAAnyHopLimit},
	{section: "7.1.2", check: checkCode, drop: counter.NDNABadCode, off: faults.NAAnyCode},
	{section: "7.1.2", check: checkLength, drop: counter.NDNATooShort, off: faults.NAShortLength, oneShort: faults.NALengthOffByOne},
	{section: "7.1.2", ok: naTargetNotMulticast, drop: counter.NDNAMulticastTarget},
	{section: "7.1.2", ok: solicitedNotToMulticast, drop: counter.NDNASolicitedToMulticast, off: faults.NASolicitedMulticastAccepted},
	{section: "7.1.2", check: checkOptions, off: faults.NDZeroLengthOption},
}}

// §6.1.1 (a router's; a host discards every RS, §6.2.6).
var rsValidity = validity{typ: icmp6.TypeRouterSolicitation, min: RSLen, pad: true, rules: []rule{
	{section: "6.1.1", check: checkHopLimit, drop: counter.NDRSBadHopLimit, off: faults.RSAnyHopLimit, narrow: faults.RSHopLimitMulticastOnly},
	{section: "6.1.1", check: checkCode, drop: counter.NDRSBadCode, off: faults.RSAnyCode, narrow: faults.RSCodeMulticastOnly},
	{section: "6.1.1", check: checkLength, drop: counter.NDRSTooShort, off: faults.RSShortAccepted, oneShort: faults.RSLengthOffByOne},
	{section: "6.1.1", check: checkOptions, off: faults.NDZeroLengthOption, narrow: faults.RSZeroOptionMulticastOnly},
	{section: "6.1.1", ok: noSLLAFromUnspecified, drop: counter.NDRSUnspecifiedWithSLLA, off: faults.RSUnspecifiedWithSLLA},
}}

// §6.1.2.
var raValidity = validity{typ: icmp6.TypeRouterAdvertisement, min: RALen, pad: true, rules: []rule{
	{section: "6.1.2", check: checkSourceLinkLocal, drop: counter.NDRASourceNotLinkLocal, off: faults.RAGlobalSourceAccepted},
	{section: "6.1.2", check: checkHopLimit, drop: counter.NDRABadHopLimit, off: faults.RAAnyHopLimit, narrow: faults.RAHopLimitMulticastOnly},
	{section: "6.1.2", check: checkCode, drop: counter.NDRABadCode, off: faults.RAAnyCode, narrow: faults.RACodeMulticastOnly},
	{section: "6.1.2", check: checkLength, drop: counter.NDRATooShort, off: faults.RAShortAccepted, oneShort: faults.RALengthOffByOne},
	{section: "6.1.2", check: checkOptions, off: faults.NDZeroLengthOption, narrow: faults.RAZeroOptionMulticastOnly},
}}

// §8.1 (the first-hop rule needs the destination cache: inputRedirect).
var redirectValidity = validity{typ: icmp6.TypeRedirect, min: RedirectLen, rules: []rule{
	{section: "8.1", check: checkSourceLinkLocal, drop: counter.NDRedirectSourceNotLinkLocal, off: faults.RedirectAnySource},
	{section: "8.1", check: checkHopLimit, drop: counter.NDRedirectBadHopLimit, off: faults.RedirectAnyHopLimit},
	{section: "8.1", check: checkCode, drop: counter.NDRedirectBadCode, off: faults.RedirectAnyCode},
	{section: "8.1", check: checkLength, drop: counter.NDRedirectTooShort, off: faults.RedirectShortAccepted, oneShort: faults.RedirectLengthOffByOne},
	{section: "8.1", ok: redirectDstNotMulticast, drop: counter.NDRedirectMulticastDestination, off: faults.RedirectMulticastDestinationAccepted},
	{section: "8.1", ok: redirectTargetOnLink, drop: counter.NDRedirectBadTarget, off: faults.RedirectAnyTarget,
		narrow: faults.RedirectTargetMulticastOnly, narrowTo: redirectTargetMulticast},
	{section: "8.1", check: checkOptions, off: faults.NDZeroLengthOption},
}}

// validate applies v's rules to msg, which came in the packet whose IPv6
// header is ip: the message as read and its options, or false when a rule
// dropped it.
func (d *ND) validate(v *validity, ip ipv6.Header, msg []byte) (received, bool) {
	m := received{ip: ip, msg: msg}
	for i := range v.rules {
		r := &v.rules[i]
		// weakened: the faulty node leaves the rule out for this message.
		weakened := d.faults.Has(r.off) || d.faults.Has(r.narrow) && !r.narrowed(m)
		switch r.check {
		case checkLength:
			if len(m.msg) >= v.min {
				continue
			}
			if (d.faults.Has(r.off) || d.faults.Has(r.oneShort) && len(m.msg) == v.min-1) && (v.pad || cap(m.msg) >= v.min) {
				if v.pad {
					m.msg = append(m.msg[:len(m.msg):len(m.msg)], make([]byte, v.min-len(m.msg))...)
				} else {
					m.msg = m.msg[:v.min]
				}
				continue
			}
		case checkOptions:
			opts, oerr := CheckOptions(m.msg[v.min:], weakened)
			if oerr == OptionsOK {
				m.opts = opts
				continue
			}
			d.port.Count(optionCounter(v.typ, oerr))
			return m, false
		default:
			if r.holds(m) || weakened {
				continue
			}
		}
		d.port.Count(r.drop)
		return m, false
	}
	return m, true
}

// holds reports whether m passes r (one of the checks on the IPv6 header
// and the ICMP fixed part, or r's own predicate).
func (r *rule) holds(m received) bool {
	switch r.check {
	case checkSourceLinkLocal:
		return m.ip.Src().IsLinkLocalUnicast()
	case checkHopLimit:
		return m.ip.HopLimit() == ndHopLimit
	case checkCode:
		return m.msg[icmp6.OffCode] == 0
	}
	return r.ok(m)
}

// ndHopLimit is the hop limit every ND message is sent and received with
// (RFC 4861 §7.1.1, §7.1.2): proof that it came from the link.
const ndHopLimit = 255

// optionCounters are the drops for a malformed options area (RFC 4861
// §4.6: no option of length 0; every option within the message), by ND
// message type from Router Solicitation on: zero-length, truncated.
var optionCounters = [...][2]counter.Counter{
	icmp6.TypeRouterSolicitation - icmp6.TypeRouterSolicitation:    {counter.NDRSZeroLengthOption, counter.NDRSTruncatedOption},
	icmp6.TypeRouterAdvertisement - icmp6.TypeRouterSolicitation:   {counter.NDRAZeroLengthOption, counter.NDRATruncatedOption},
	icmp6.TypeNeighborSolicitation - icmp6.TypeRouterSolicitation:  {counter.NDNSZeroLengthOption, counter.NDNSTruncatedOption},
	icmp6.TypeNeighborAdvertisement - icmp6.TypeRouterSolicitation: {counter.NDNAZeroLengthOption, counter.NDNATruncatedOption},
	icmp6.TypeRedirect - icmp6.TypeRouterSolicitation:              {counter.NDRedirectZeroLengthOption, counter.NDRedirectTruncatedOption},
}

// optionCounter names the drop for a malformed options area of an ND
// message of type typ.
func optionCounter(typ uint8, e OptionError) counter.Counter {
	c := optionCounters[typ-icmp6.TypeRouterSolicitation]
	if e == OptionZeroLength {
		return c[0]
	}
	return c[1]
}
