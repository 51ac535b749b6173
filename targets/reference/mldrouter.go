package reference

import (
	"net/netip"
	"slices"

	"github.com/v6ct/v6ct/refnode"
	"github.com/v6ct/v6ct/refnode/mldrouter"
	"github.com/v6ct/v6ct/suites"
)

// The reference router's multicast routing daemon (refnode/mldrouter): it
// runs only for the specs that need CapMLDRouter, on every interface,
// with the spec's MLDSetup as its variables (LLQC = RV); the others see a
// router without a querier, as before.

// routerOnlyCaps are the capabilities a router-role reference node
// declares and a host-role one does not.
var routerOnlyCaps = []string{suites.CapMLDRouter, suites.CapMLDv2Only}

// mldRouterConfig is the daemon's configuration for the spec, or false
// when the spec needs no multicast router.
func mldRouterConfig(setup suites.SpecSetup) (mldrouter.Config, bool) {
	has := func(c string) bool { return slices.Contains(setup.Capabilities, c) }
	if !has(suites.CapMLDRouter) {
		return mldrouter.Config{}, false
	}
	s := setup.MLD
	c := mldrouter.Config{
		Robustness:                s.RobustnessOr(),
		QueryInterval:             s.QIOr(),
		QueryResponseInterval:     s.QRIOr(),
		LastListenerQueryInterval: s.LLQIOr(),
		V2Only:                    has(suites.CapMLDv2Only),
	}
	c.LastListenerQueryCount = c.Robustness
	if has(suites.CapSSMRange) {
		c.SSMRanges = []netip.Prefix{netip.MustParsePrefix(suites.SSMRange)}
	}
	return c, true
}

// startMLDRouter starts the daemon on the node's interfaces when the spec
// needs it.
func (t *refnodeTarget) startMLDRouter(node *refnode.Node, setup suites.SpecSetup) error {
	c, ok := mldRouterConfig(setup)
	if !ok || !t.router {
		return nil
	}
	r, err := mldrouter.Start(node, t.ifnames, c)
	if err != nil {
		return err
	}
	t.mrouter = r
	return nil
}
