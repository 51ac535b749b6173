package interop

import (
	"fmt"
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Two routers on one link: which one a host sends through.

func init() { Scenarios = append(Scenarios, defaultRouterSwitch, redirect) }

// raWait is how long a router may take to advertise after start-ra or
// stop-ra: MAX_INITIAL_RTR_ADVERT_INTERVAL (16 s, RFC 4861 §6.2.4) with
// room to spare.
const raWait = 20 * time.Second

// prefName names an RFC 4191 preference as the tester asks for it.
func prefName(p int8) string {
	switch {
	case p > 0:
		return "high"
	case p < 0:
		return "low"
	}
	return "medium"
}

// raPreference is the Default Router Preference of an RA (RFC 4191 §2.2):
// 1 high, 0 medium, -1 low, 2 the reserved value.
func raPreference(f *packets.Frame) int8 {
	ra, ok := f.RAFields()
	if !ok {
		return 2
	}
	switch (ra.Flags >> 3) & 3 {
	case 0:
		return 0
	case 1:
		return 1
	case 3:
		return -1
	}
	return 2
}

// startRA makes router r advertise on link l as a default router with
// preference pref and the link's prefix, and waits for an advertisement
// that says so.
func startRA(w *World, r *Node, l int, lifetime time.Duration, pref int8, mtu int) error {
	from := w.Now()
	ra := suites.RAConfig{Prefix: suites.LinkPrefix(l), RouterLifetime: lifetime, Interval: 10 * time.Second, HopLimit: 64, Preference: pref, MTU: mtu}
	if err := w.Do(r, suites.Action{Name: suites.ActStartRA, Link: l, RA: ra}); err != nil {
		return err
	}
	got, ok := w.WaitFor(from, raWait, func(s Seen) bool {
		f, ok := s.Frame.RAFields()
		return s.From == r.Name && s.Link == l && ok && f.RouterLifetime == lifetime && (lifetime == 0 || raPreference(s.Frame) == pref)
	})
	if !ok {
		return fail(r, "RFC 4861 §6.2.4, RFC 4191 §2.2", "sent no Router Advertisement on Link%d with Router Lifetime %s and preference %s within %s of being asked to",
			l, lifetime, prefName(pref), raWait)
	}
	w.Step("%s advertises on Link%d at %.3fs: Router Lifetime %s, preference %s", r.Name, l, got.At.Seconds(), lifetime, prefName(pref))
	return nil
}

// stopRA makes router r cease to advertise on link l and waits for its
// final advertisement with Router Lifetime 0 (RFC 4861 §6.2.5).
func stopRA(w *World, r *Node, l int) error {
	from := w.Now()
	if err := w.Do(r, suites.Action{Name: suites.ActStopRA, Link: l}); err != nil {
		return err
	}
	got, ok := w.WaitFor(from, 5*time.Second, func(s Seen) bool {
		f, ok := s.Frame.RAFields()
		return s.From == r.Name && s.Link == l && ok && f.RouterLifetime == 0
	})
	if !ok {
		return fail(r, "RFC 4861 §6.2.5", "ceased to advertise on Link%d without a final Router Advertisement with Router Lifetime 0", l)
	}
	w.Step("%s sent its final advertisement on Link%d at %.3fs", r.Name, l, got.At.Seconds())
	return nil
}

// firstHop makes host h send an Echo Request to dst from link l and
// returns the frame: its Ethernet destination is the first hop h chose.
func firstHop(w *World, h *Node, l int, dst netip.Addr) (Seen, error) {
	from := w.Now()
	w.Step("%s sends an Echo Request to %s", h.Name, dst)
	if err := w.Do(h, suites.Action{Name: suites.ActSendEcho, Link: l, Dst: dst}); err != nil {
		return Seen{}, err
	}
	req, ok := w.WaitFor(from, 5*time.Second, func(s Seen) bool {
		return s.From == h.Name && s.Link == l && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoRequest && s.Frame.Dst == dst
	})
	if !ok {
		return Seen{}, fail(h, "RFC 4861 §5.2, §6.3.6", "sent no Echo Request to the off-link %s: it chose no default router (Neighbor Solicitations: %d)", dst,
			len(w.Seen(from, func(s Seen) bool { return s.From == h.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeNS })))
	}
	return req, nil
}

// via names the node of the world whose MAC on link l is mac.
func via(w *World, l int, mac fmt.Stringer) string {
	for _, n := range w.order {
		for i, x := range n.Links {
			if x == l && n.Info().MACs[i].String() == mac.String() {
				return n.Name
			}
		}
	}
	return mac.String()
}

var defaultRouterSwitch = Scenario{
	ID: "interop:default-router-switch", Title: "A host sends off-link through the router of higher preference, and through the other once that one ceases to advertise",
	RFC: "RFC 4191 §3, RFC 4861 §6.3.4-6.3.6, §6.2.5", Links: 2,
	Roles: []Role{{Name: "HOST1", Links: []int{0}}, {Name: "ROUTER1", Router: true, Links: []int{0, 1}}, {Name: "ROUTER2", Router: true, Links: []int{0, 1}}},
	Run: func(w *World) error {
		h, r1, r2 := w.Node("HOST1"), w.Node("ROUTER1"), w.Node("ROUTER2")
		// The low-preference router is heard first, so that a host that
		// keeps the first router it hears would not pass by luck: a router
		// that advertises from the start is silenced, then ROUTER2
		// advertises low, then ROUTER1 high.
		if err := w.Do(r1, suites.Action{Name: suites.ActStopRA, Link: 0}); err != nil {
			return err
		}
		if err := w.Do(r2, suites.Action{Name: suites.ActStopRA, Link: 0}); err != nil {
			return err
		}
		time.Sleep(time.Second)
		if err := startRA(w, r2, 0, 1800*time.Second, -1, 0); err != nil {
			return err
		}
		time.Sleep(time.Second)
		if err := startRA(w, r1, 0, 1800*time.Second, 1, 0); err != nil {
			return err
		}
		time.Sleep(time.Second) // the host takes it in
		dst := r2.Global(1)     // off-link for HOST1; either router reaches it
		req, err := firstHop(w, h, 0, dst)
		if err != nil {
			return err
		}
		if req.Frame.EthDst.String() != r1.MAC(0).String() {
			return fail(h, "RFC 4191 §3, RFC 4861 §6.3.6", "sent to the off-link %s through %s, not through ROUTER1, whose preference is high (ROUTER2's low)", dst, via(w, 0, req.Frame.EthDst))
		}
		w.Step("HOST1 sent through ROUTER1 (high preference)")

		if err := stopRA(w, r1, 0); err != nil {
			return err
		}
		time.Sleep(time.Second)
		req, err = firstHop(w, h, 0, dst)
		if err != nil {
			return err
		}
		if req.Frame.EthDst.String() != r2.MAC(0).String() {
			return fail(h, "RFC 4861 §6.3.4, §6.3.5", "still sent to %s through %s after ROUTER1's advertisement with Router Lifetime 0, not through ROUTER2, its remaining default router", dst, via(w, 0, req.Frame.EthDst))
		}
		w.Step("HOST1 switched to ROUTER2")
		return nil
	},
}

// redirectPrefix is a prefix behind ROUTER2 only: an extra address of
// ROUTER2 on Link1, reached from Link0 through ROUTER1's static route.
var redirectPrefix = netip.MustParsePrefix("2001:db8:99::/64")

var redirect = Scenario{
	ID: "interop:redirect", Title: "A router forwards a packet back onto its link and redirects the host to the better first hop; the host then sends there directly",
	RFC: "RFC 4861 §8.2, §8.3", Links: 2,
	Roles: []Role{
		{Name: "HOST1", Links: []int{0}},
		{Name: "ROUTER1", Router: true, Links: []int{0},
			Routes: []suites.StaticRoute{{Prefix: redirectPrefix, Link: 0, NextHop: LinkLocalOf(2, 0)}}},
		{Name: "ROUTER2", Router: true, Links: []int{0, 1},
			Addresses: []suites.StaticAddress{{Link: 1, Addr: netip.PrefixFrom(redirectPrefix.Addr().Next(), 64)}}},
	},
	Run: func(w *World) error {
		h, r1, r2 := w.Node("HOST1"), w.Node("ROUTER1"), w.Node("ROUTER2")
		dst := redirectPrefix.Addr().Next()
		// ROUTER2 is no default router: only ROUTER1 advertises on Link0.
		if err := w.Do(r2, suites.Action{Name: suites.ActStopRA, Link: 0}); err != nil {
			return err
		}
		if err := startRA(w, r1, 0, 1800*time.Second, 0, 0); err != nil {
			return err
		}
		time.Sleep(time.Second)
		req, err := firstHop(w, h, 0, dst)
		if err != nil {
			return err
		}
		if req.Frame.EthDst.String() != r1.MAC(0).String() {
			return fail(h, "RFC 4861 §6.3.6", "sent to %s through %s, not through ROUTER1, its only default router", dst, via(w, 0, req.Frame.EthDst))
		}
		fwd, ok := w.WaitFor(req.At, 5*time.Second, func(s Seen) bool {
			return s.From == r1.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoRequest && s.Frame.Dst == dst
		})
		if !ok {
			return fail(r1, "RFC 8200 §3, RFC 4861 §7.2", "did not forward HOST1's Echo Request to %s along its route through ROUTER2 (address resolution: %s)", dst, resolution(w, req.At, r1, r2))
		}
		if fwd.Frame.EthDst.String() != r2.MAC(0).String() {
			return fail(r1, "RFC 8200 §3", "forwarded HOST1's Echo Request to %s to %s, not to ROUTER2, the next hop of its route", dst, via(w, 0, fwd.Frame.EthDst))
		}
		rd, ok := w.WaitFor(req.At, 5*time.Second, func(s Seen) bool {
			return s.From == r1.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeRedirect
		})
		if !ok {
			return fail(r1, "RFC 4861 §8.2", "forwarded HOST1's packet back onto Link0, where its next hop ROUTER2 is HOST1's neighbor, without sending HOST1 a Redirect")
		}
		m, ok := rd.Frame.Redirect()
		switch {
		case !ok:
			return fail(r1, "RFC 4861 §4.5", "sent a malformed Redirect: %s", rd.Frame.Summary())
		case rd.Frame.Dst != req.Frame.Src:
			return fail(r1, "RFC 4861 §8.2", "sent its Redirect to %s, not to the source of the redirected packet %s", rd.Frame.Dst, req.Frame.Src)
		case !rd.Frame.Src.IsLinkLocalUnicast():
			return fail(r1, "RFC 4861 §8.2", "sent its Redirect from %s, not from its link-local address", rd.Frame.Src)
		case m.Destination != dst:
			return fail(r1, "RFC 4861 §8.2", "named %s as the Redirect's destination, not %s", m.Destination, dst)
		case m.Target != r2.LinkLocal(0):
			return fail(r1, "RFC 4861 §8.2", "named %s as the better first hop, not ROUTER2's link-local address %s", m.Target, r2.LinkLocal(0))
		}
		w.Step("ROUTER1 redirected HOST1 to %s for %s at %.3fs", m.Target, m.Destination, rd.At.Seconds())
		if _, ok := w.WaitFor(req.At, 5*time.Second, func(s Seen) bool {
			return s.From == r2.Name && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeEchoReply && s.Frame.Dst == req.Frame.Src
		}); !ok {
			return fail(r2, "RFC 4443 §4.2", "did not answer the Echo Request to its address %s", dst)
		}
		if !h.Capable(suites.CapRedirects) {
			// Acting on a Redirect is a SHOULD (RFC 4861 §8.3): a host that
			// declares it does not is not judged on it.
			return &NotApplicable{fmt.Sprintf("ROUTER1's Redirect was correct; HOST1 (%s) does not declare the %s capability (RFC 4861 §8.3, a SHOULD), so its use of the Redirect is not judged", h.Impl, suites.CapRedirects)}
		}
		time.Sleep(time.Second)
		req2, err := firstHop(w, h, 0, dst)
		if err != nil {
			return err
		}
		if req2.Frame.EthDst.String() != r2.MAC(0).String() {
			return fail(h, "RFC 4861 §8.3", "sent its next packet to %s through %s, not to ROUTER2 as ROUTER1's Redirect said", dst, via(w, 0, req2.Frame.EthDst))
		}
		w.Step("HOST1 sent its next packet to ROUTER2 directly")
		return nil
	},
}
