package reference

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/suites"
)

// Capabilities of the reference node (suites.KnownCapabilities): it has every
// optional behaviour the specs judge, in both roles (the multicast router's
// in the router role only), but those its target
// was made without (refnode-without:CAP,...). It has no control actions:
// each spec gets a fresh node configured from suites.SpecSetup.
func (t *refnodeTarget) Capabilities() []string {
	all := []string{suites.CapMultipleInterfaces, suites.CapHopByHop, suites.CapPathMTUDiscovery, suites.CapMulticastEcho, suites.CapSLAAC, suites.CapRADNS,
		suites.CapRH0, "tunnel-6in4", "tunnel-6in6", "tunnel-4in6", "tunnel-4in4", suites.CapStableAddresses, suites.CapStableLinkLocal, suites.CapRouteInformation, suites.CapRedirects,
		suites.CapMLDSourceLimit, suites.CapMLDInterfaceSourceLimit, suites.CapMLDv1ReportSuppression, suites.CapSSMRange}
	if t.router {
		all = append(all, routerOnlyCaps...) // mldrouter.go
	}
	return slices.DeleteFunc(all, func(c string) bool { return slices.Contains(t.without, c) })
}

// CanLeaveOff (suites.Switchable): the listener's optional behaviours are
// settings refnodeMLD switches on only for the specs that ask for them, so
// for a spec that judges devices without one the node is such a device.
func (t *refnodeTarget) CanLeaveOff(c string) bool {
	switch c {
	case suites.CapMLDSourceLimit, suites.CapMLDInterfaceSourceLimit, suites.CapMLDv1ReportSuppression, suites.CapSSMRange,
		suites.CapMLDRouter, suites.CapMLDv2Only: // the querier runs only for the specs that need it
		return true
	}
	return false
}

// The target kind refnode-without:CAP[,CAP...] is the reference node
// declaring all its capabilities but those: it shows how a device that
// lacks them is judged (their specs N/A), without such a device.
func init() {
	suites.RegisterTargetKind("refnode-without", func(arg, role string) (suites.Target, error) {
		var without []string
		for _, c := range strings.Split(arg, ",") {
			if _, ok := suites.KnownCapabilities[c]; !ok {
				return nil, fmt.Errorf("refnode-without: unknown capability %q (known: %s)", c, strings.Join(slices.Sorted(maps.Keys(suites.KnownCapabilities)), ", "))
			}
			without = append(without, c)
		}
		t, err := suites.NewTarget("refnode", role)
		if err != nil {
			return nil, err
		}
		t.(*refnodeTarget).without = without
		return t, nil
	})
}

// classicFaults are the reference node's classic modes a spec's
// capabilities switch on.
func classicFaults(setup suites.SpecSetup) []string {
	for _, c := range setup.Capabilities {
		if c == suites.CapRH0 {
			return []string{string(faults.RH0Processed)}
		}
	}
	return nil
}
