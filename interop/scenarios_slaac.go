package interop

import (
	"errors"
	"net/netip"
	"time"

	"github.com/v6ct/v6ct/suites"
	"github.com/v6ct/v6ct/suites/packets"
)

// Stateless address autoconfiguration judged as such: hosts that start
// with no global address form one from the router's prefix and use it.

func init() { Scenarios = append(Scenarios, slaacEcho) }

// slaacWait is how long a host may take to probe the address it forms
// after the router's advertisement reached it: a random delay of up to
// MAX_RTR_SOLICITATION_DELAY (1 s) before the first probe (RFC 4862
// §5.4.2), with room for a host that takes the next advertisement.
const slaacWait = 10 * time.Second

var slaacEcho = Scenario{
	ID: "interop:slaac-echo", Title: "Hosts with no static global address form one from the router's prefix by SLAAC, then echo across the router between those addresses, both directions",
	RFC: "RFC 4862 §5.5.3, §5.4, §5.4.2, RFC 4861 §6.3.4, RFC 4443 §4.2", Links: 2,
	Roles: []Role{
		{Name: "HOST1", Links: []int{0}, NoGlobals: true},
		{Name: "ROUTER1", Router: true, Links: []int{0, 1}},
		{Name: "HOST2", Links: []int{1}, NoGlobals: true},
	},
	Run: func(w *World) error {
		h1, r, h2 := w.Node("HOST1"), w.Node("ROUTER1"), w.Node("HOST2")
		for l := 0; l < 2; l++ {
			if err := advertise(w, r, l); err != nil {
				return err
			}
		}
		a1, err := slaacAddress(w, h1, r, 0)
		if err != nil {
			return err
		}
		a2, err := slaacAddress(w, h2, r, 1)
		if err != nil {
			return err
		}
		// DAD ends RetransTimer (1 s) after the last probe.
		time.Sleep(2 * time.Second)
		if err := errors.Join(echo(w, h1, h2, 0, a2, r), echo(w, h2, h1, 1, a1, r)); err != nil {
			return err
		}
		for _, x := range []struct {
			h *Node
			l int
		}{{h1, 0}, {h2, 1}} {
			if err := onlyPrefixSources(w, x.h, x.l); err != nil {
				return err
			}
		}
		return nil
	},
}

// slaacAddress learns from the wire the address host h formed on link l
// from the advertised prefix: its Duplicate Address Detection probe (a
// Neighbor Solicitation from :: for the tentative address, RFC 4862
// §5.4.2), which must be in the advertised /64 (RFC 4862 §5.5.3, a 64-bit
// interface identifier after the 64-bit prefix).
func slaacAddress(w *World, h, r *Node, l int) (netip.Addr, error) {
	prefix := suites.LinkPrefix(l)
	isDAD := func(s Seen) bool {
		t, ok := s.Frame.NDTarget()
		return s.From == h.Name && s.Link == l && s.Frame.IsICMP && s.Frame.ICMPType == packets.TypeNS && s.Frame.Src.IsUnspecified() && ok && t.IsGlobalUnicast()
	}
	// From the world's start: a router that advertises from the start
	// (the reference node's factory advertising) may have taught the
	// host before the scenario asked it to advertise.
	deadline := w.Now() + slaacWait
	for {
		for _, s := range w.Seen(0, isDAD) {
			t, _ := s.Frame.NDTarget()
			if !prefix.Contains(t) {
				return netip.Addr{}, fail(h, "RFC 4862 §5.5.3", "formed %s on Link%d, outside the advertised prefix %s", t, l, prefix)
			}
		}
		if got := w.Seen(0, isDAD); len(got) > 0 {
			t, _ := got[0].Frame.NDTarget()
			w.Step("%s formed %s by SLAAC: its DAD probe at %.3fs", h.Name, t, got[0].At.Seconds())
			return t, nil
		}
		if w.Now() > deadline {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	// No probe: either the host formed no address, or it uses one
	// without probing. Its Echo Request to the router tells which.
	from := w.Now()
	w.Step("%s sent no DAD probe for a global address; it sends an Echo Request to ROUTER1's %s", h.Name, r.Global(l))
	if err := w.Do(h, suites.Action{Name: suites.ActSendEcho, Link: l, Dst: r.Global(l)}); err != nil {
		w.Step("%s could not send it: %v", h.Name, err)
	}
	if req, ok := w.WaitFor(from, 3*time.Second, func(s Seen) bool {
		return s.From == h.Name && s.Frame.IsIPv6() && s.Frame.Src.IsGlobalUnicast() && s.Frame.Src != r.Global(l)
	}); ok {
		if prefix.Contains(req.Frame.Src) {
			return netip.Addr{}, fail(h, "RFC 4862 §5.4", "uses %s, formed from the advertised prefix, without Duplicate Address Detection: %s", req.Frame.Src, req.Frame.Summary())
		}
		return netip.Addr{}, fail(h, "RFC 4862 §5.5.3", "uses %s, outside the advertised prefix %s: %s", req.Frame.Src, prefix, req.Frame.Summary())
	}
	return netip.Addr{}, fail(h, "RFC 4862 §5.5.3", "formed no address from the prefix %s that ROUTER1 advertises on Link%d (autonomous, valid 30 days): no DAD probe within %s and no global source", prefix, l, slaacWait)
}

// onlyPrefixSources judges that host h, whose only global addresses are
// what it formed on link l, sent from no global address outside the
// link's advertised prefix.
func onlyPrefixSources(w *World, h *Node, l int) error {
	if x := w.Seen(0, func(s Seen) bool {
		return s.From == h.Name && s.Frame.IsIPv6() && s.Frame.Src.IsGlobalUnicast() && !suites.LinkPrefix(l).Contains(s.Frame.Src)
	}); len(x) > 0 {
		return fail(h, "RFC 4862 §5.5.3", "sent from %s, outside the prefix %s it was advertised: %s", x[0].Frame.Src, suites.LinkPrefix(l), x[0].Frame.Summary())
	}
	return nil
}
