package reference

import (
	"slices"
	"testing"
	"time"

	"github.com/v6ct/v6ct/suites"
)

// The reference node declares every capability the specs gate, in both
// roles (the multicast router's in the router role only), so that gating
// leaves its verdicts as they were.
func TestDeclaresEveryCapability(t *testing.T) {
	for _, router := range []bool{false, true} {
		ref := (&refnodeTarget{router: router}).Capabilities()
		for c := range suites.KnownCapabilities {
			if routerOnly := slices.Contains(routerOnlyCaps, c); routerOnly && !router {
				if slices.Contains(ref, c) {
					t.Errorf("the host-role reference node declares %s", c)
				}
				continue
			}
			if !slices.Contains(ref, c) {
				t.Errorf("the reference node (router %v) does not declare %s", router, c)
			}
		}
	}
}

// A router takes start-ra and stop-ra; a host does not advertise.
func TestAdvertisingActions(t *testing.T) {
	host, router := &refnodeTarget{}, &refnodeTarget{router: true}
	for _, a := range []suites.ActionName{suites.ActStartRA, suites.ActStopRA} {
		if host.Has(a) || !router.Has(a) {
			t.Errorf("%s: host %v, router %v", a, host.Has(a), router.Has(a))
		}
	}
}

// The intervals asked of the node are radvd's, so that the reference and
// the Linux router advertise alike for the same spec (RFC 4861 §6.2.1).
func TestIntervals(t *testing.T) {
	for _, c := range []struct{ asked, max, min string }{
		{"30s", "30s", "22s"}, {"4s", "4s", "3s"}, {"1s", "4s", "3s"}, {"0s", "10s", "7s"}, {"600s", "10m0s", "7m30s"},
	} {
		a, _ := time.ParseDuration(c.asked)
		maxI, minI := intervals(a)
		if maxI.String() != c.max || minI.String() != c.min {
			t.Errorf("%s: max %s min %s, want %s %s", c.asked, maxI, minI, c.max, c.min)
		}
	}
}
