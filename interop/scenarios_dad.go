package interop

import (
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Duplicate Address Detection between implementations.

func init() { Scenarios = append(Scenarios, dadDuplicate) }

// dadPrefix holds the address both hosts are given, and nothing else:
// a host that kept the duplicate would send from it to any other address
// of the prefix (RFC 6724 §5 rule 8, longest matching prefix), which is
// the probe that shows a loser using it.
var (
	dadPrefix  = netip.MustParsePrefix("2001:db8:dad::/64")
	dadAddress = netip.PrefixFrom(dadPrefix.Addr().Next(), 64)
	dadProbe   = dadAddress.Addr().Next() // nobody's
)

var dadDuplicate = Scenario{
	ID: "interop:dad-duplicate", Title: "Two hosts given the same address: the first keeps and defends it, the second detects the duplicate and never uses it",
	RFC: "RFC 4862 §5.4, §5.4.3, §5.4.5, RFC 4861 §7.2.4", Links: 1,
	Roles: []Role{{Name: "HOST1", Links: []int{0}}, {Name: "HOST2", Links: []int{0}}},
	Run: func(w *World) error {
		h1, h2 := w.Node("HOST1"), w.Node("HOST2")
		t := dadAddress.Addr()
		isDADNS := func(n *Node) func(Seen) bool {
			return func(s Seen) bool {
				tgt, ok := s.Frame.NDTarget()
				return s.From == n.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeNS && s.Frame.Src.IsUnspecified() && ok && tgt == t
			}
		}
		// The address is set with the set-address action, not as start-up
		// configuration: a target adds its configured addresses without
		// DAD (the Linux one) or waits for them to pass it (netstack),
		// where set-address adds one as an administrator would, tentative
		// until DAD has run.
		from := w.Now()
		w.Step("HOST1 is given %s", dadAddress)
		if err := w.Do(h1, suites.Action{Name: suites.ActSetAddress, Link: 0, Addr: dadAddress}); err != nil {
			return err
		}
		ns1, ok := w.WaitFor(from, 5*time.Second, isDADNS(h1))
		if !ok {
			return fail(h1, "RFC 4862 §5.4", "sent no Duplicate Address Detection probe (Neighbor Solicitation from :: for %s) within 5 s of being given the address", t)
		}
		// DAD ends RetransTimer (1 s) after the last probe; the node may
		// send DupAddrDetectTransmits of them.
		time.Sleep(3 * time.Second)
		if na := w.Seen(from, func(s Seen) bool { return s.From != h1.Name && isNAFor(s, t) }); len(na) > 0 {
			return fail(w.Node(na[0].From), "RFC 4862 §5.4.3", "answered HOST1's probe for %s, an address it did not have", t)
		}
		w.Step("HOST1 probed %s at %.3fs; nobody answered", t, ns1.At.Seconds())

		from = w.Now()
		w.Step("HOST2 is given the same address %s", dadAddress)
		if err := w.Do(h2, suites.Action{Name: suites.ActSetAddress, Link: 0, Addr: dadAddress}); err != nil {
			return err
		}
		ns2, ok := w.WaitFor(from, 5*time.Second, isDADNS(h2))
		if !ok {
			if used := w.Seen(from, func(s Seen) bool { return s.From == h2.Name && s.Frame.Src == t }); len(used) > 0 {
				return fail(h2, "RFC 4862 §5.4", "used %s (%s) without probing for it first", t, used[0].Frame.Summary())
			}
			return fail(h2, "RFC 4862 §5.4", "sent no Duplicate Address Detection probe for %s within 5 s of being given it", t)
		}
		na, ok := w.WaitFor(ns2.At, 3*time.Second, func(s Seen) bool { return s.From == h1.Name && isNAFor(s, t) })
		if !ok {
			return fail(h1, "RFC 4862 §5.4.3, RFC 4861 §7.2.4", "did not defend %s: no Neighbor Advertisement answered HOST2's probe of %.3fs", t, ns2.At.Seconds())
		}
		if na.Frame.Dst != netip.MustParseAddr("ff02::1") {
			return fail(h1, "RFC 4861 §7.2.4", "defended %s with an advertisement to %s: the answer to a probe from :: goes to all-nodes (ff02::1)", t, na.Frame.Dst)
		}
		if m, ok := na.Frame.NA(); ok && m.Solicited {
			return fail(h1, "RFC 4861 §7.2.4", "defended %s with Solicited=1: the answer to a probe from :: is sent with Solicited=0", t)
		}
		w.Step("HOST1 defended %s at %.3fs", t, na.At.Seconds())

		// HOST2 found the duplicate: it must not assign the address. Let
		// its DAD run out, then make it send to another address of the
		// duplicate's prefix, for which the duplicate would be its source.
		time.Sleep(3 * time.Second)
		w.Step("HOST2 sends an Echo Request to %s, for which %s would be its best source", dadProbe, t)
		if err := w.Do(h2, suites.Action{Name: suites.ActSendEcho, Link: 0, Dst: dadProbe}); err != nil {
			// Without the address, a host may have no route to its prefix.
			w.Step("HOST2 could not send it: %v", err)
		}
		// Address resolution for nobody's address: up to three
		// solicitations, a second apart, each from the packet's source.
		time.Sleep(4 * time.Second)
		if used := w.Seen(ns2.At, func(s Seen) bool { return s.From == h2.Name && s.Frame.IsIPv6() && s.Frame.Src == t }); len(used) > 0 {
			return fail(h2, "RFC 4862 §5.4.5", "kept the duplicate %s after HOST1 defended it: sent %s from it at %.3fs", t, used[0].Frame.Summary(), used[0].At.Seconds())
		}
		if claims := w.Seen(ns2.At, func(s Seen) bool { return s.From == h2.Name && isNAFor(s, t) }); len(claims) > 0 {
			return fail(h2, "RFC 4862 §5.4.5", "claimed the duplicate %s after HOST1 defended it: a Neighbor Advertisement at %.3fs", t, claims[0].At.Seconds())
		}
		w.Step("HOST2 sent nothing from the duplicate")
		if h1dad := w.Seen(ns2.At, isDADNS(h1)); len(h1dad) > 0 {
			return fail(h1, "RFC 4862 §5.4.3", "gave %s up and probed for it again at %.3fs after HOST2's probe", t, h1dad[0].At.Seconds())
		}
		return nil
	},
}

// isNAFor matches a Neighbor Advertisement for target t.
func isNAFor(s Seen, t netip.Addr) bool {
	if !s.Frame.IsICMP || s.Frame.ICMPType != packets.TypeNA {
		return false
	}
	tgt, ok := s.Frame.NDTarget()
	return ok && tgt == t
}
