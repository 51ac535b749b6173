package refnode

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/mld"
)

// wantsOn is a multicast router whose listeners want everything on the
// named interfaces.
type wantsOn map[string]bool

func (w wantsOn) Wants(ifname string, _, _ netip.Addr) bool { return w[ifname] }

// The node's multicast forwarding (mrouter.go): a packet to a group of
// wider than link scope goes onto the interfaces the router wants it on,
// Hop Limit decremented; link-scope groups and Hop Limit 1 stay; and
// queries go out with Hop Limit 1 and a Router Alert.
func TestMulticastRouting(t *testing.T) {
	forwarded := func(fs []faults.Fault, w wantsOn, dst netip.Addr, hop uint8) string {
		r := newRouter(t, 1280, nil, fs...)
		r.node.SetMulticastRouter(w)
		r.send(icmpPkt(tnGlobal, dst, hop, 128, 0, echoBody(1, 1, "")))
		var hops []string
		for _, o := range r.sent1() {
			hops = append(hops, fmt.Sprintf("hop %d", o.ip().HopLimit))
		}
		return fmt.Sprint(hops)
	}
	for _, c := range []struct {
		name string
		w    wantsOn
		dst  string
		hop  uint8
		want string
	}{
		{"wanted", wantsOn{"v6l1": true}, "ff1e::db8:1", 64, "[hop 63]"},
		{"not wanted", wantsOn{}, "ff1e::db8:1", 64, "[]"},
		{"link scope", wantsOn{"v6l1": true}, "ff02::db8:1", 64, "[]"},
		{"hop limit 1", wantsOn{"v6l1": true}, "ff1e::db8:1", 1, "[]"},
	} {
		if got := forwarded(nil, c.w, netip.MustParseAddr(c.dst), c.hop); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

var _ = testedIn(faults.MLDRForwardNoDecrement, faults.MLDRForwardsLinkScope, faults.MLDRQueryHopLimit255)

func TestMulticastRouterFaults(t *testing.T) {
	fwd := func(dst string) func(r *routerHarness) string {
		return func(r *routerHarness) string {
			r.node.SetMulticastRouter(wantsOn{"v6l1": true})
			r.send(icmpPkt(tnGlobal, netip.MustParseAddr(dst), 64, 128, 0, echoBody(1, 1, "")))
			var hops []string
			for _, o := range r.sent1() {
				hops = append(hops, fmt.Sprintf("hop %d", o.ip().HopLimit))
			}
			return fmt.Sprint(hops)
		}
	}
	for _, c := range []routerFaultCase{
		{faults.MLDRForwardNoDecrement, fwd("ff1e::db8:1"), "[hop 63]", "[hop 64]"},
		{faults.MLDRForwardsLinkScope, fwd("ff02::db8:1"), "[]", "[hop 63]"},
		{faults.MLDRQueryHopLimit255, func(r *routerHarness) string {
			msg := make([]byte, mld.QueryMinLen)
			mld.PutQuery(msg, 10000, netip.IPv6Unspecified(), false, 2, 125, nil)
			if err := r.node.SendMLD("v6l0", netip.MustParseAddr("ff02::1"), msg); err != nil {
				return err.Error()
			}
			for _, f := range r.pipe.Sent() {
				if d := decode(f); d.ip() != nil && len(f) > link.HeaderLen {
					return fmt.Sprint(d.ip().HopLimit)
				}
			}
			return "none"
		}, "1", "255"},
	} {
		for _, faulty := range []bool{false, true} {
			var fs []faults.Fault
			want := c.correct
			if faulty {
				fs, want = []faults.Fault{c.fault}, c.wrong
			}
			if got := c.observe(newRouter(t, 1280, nil, fs...)); got != want {
				t.Errorf("%s (faulty %v): %s, want %s", c.fault, faulty, got, want)
			}
		}
	}
}
