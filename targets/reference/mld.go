package reference

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/v6ct/v6ct/refnode"
	"github.com/v6ct/v6ct/refnode/mld"

	"github.com/v6ct/v6ct/suites"
)

// The reference node's multicast listener API (refnode.Node.SetSocketFilter)
// as the join, leave and set-filter actions, and the spec's listener
// variables (MLDSetup) as its configuration.

// refnodeMLDSourceLimit is the limit of sources per socket filter and
// per interface state the node has for the specs that ask for one (the
// Linux kernel's default per socket); the other specs get mld.Defaults'.
const refnodeMLDSourceLimit = 64

// refnodeMLD is the node's listener configuration for the spec: the RFC
// defaults, with what the spec sets, and the optional behaviours its
// capabilities ask for switched on (nil: the defaults).
func refnodeMLD(setup suites.SpecSetup) *mld.Constants {
	has := func(c string) bool { return slices.Contains(setup.Capabilities, c) }
	limit := has(suites.CapMLDSourceLimit) || has(suites.CapMLDInterfaceSourceLimit)
	suppress, ssm := has(suites.CapMLDv1ReportSuppression), has(suites.CapSSMRange)
	if setup.MLD == nil && !limit && !suppress && !ssm {
		return nil
	}
	c := mld.Defaults()
	c.Robustness = setup.MLD.RobustnessOr()
	c.UnsolicitedReportInterval = setup.MLD.URIOr()
	if limit {
		c.MaxSources = refnodeMLDSourceLimit
	}
	c.V1ReportSuppression = suppress
	if ssm {
		c.SSMRanges = []netip.Prefix{netip.MustParsePrefix(suites.SSMRange)}
	}
	return &c
}

// doMLD sets the socket's filter on the current spec's node.
func (t *refnodeTarget) doMLD(a suites.Action) ([]string, error) {
	if t.node == nil || a.Link >= len(t.ifnames) {
		return nil, fmt.Errorf("no node on Link%d", a.Link)
	}
	mode, sources := a.SocketFilter()
	m := refnode.FilterInclude
	if mode == suites.FilterExclude {
		m = refnode.FilterExclude
	}
	if err := t.node.SetSocketFilter(a.Socket, t.ifnames[a.Link], a.Group, m, sources); err != nil {
		return nil, suites.Refusal(false, "the reference node refused it: %v", err)
	}
	return []string{fmt.Sprintf("the reference node set socket %d's filter for %s on %s to %s{%s}",
		a.Socket, a.Group, t.ifnames[a.Link], mode, suites.AddrsString(sources, ", "))}, nil
}
