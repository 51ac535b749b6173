package reference

import (
	"fmt"

	"github.com/v6ct/v6ct/refnode"
	"github.com/v6ct/v6ct/refnode/mld"

	"github.com/v6ct/v6ct/suites"
)

// The reference node's multicast listener API (refnode.Node.SetSocketFilter)
// as the join, leave and set-filter actions, and the spec's listener
// variables (MLDSetup) as its configuration.

// refnodeMLD is the node's listener configuration for the spec: the RFC
// defaults, with what the spec sets.
func refnodeMLD(setup suites.SpecSetup) *mld.Constants {
	if setup.MLD == nil {
		return nil
	}
	c := mld.Defaults()
	c.Robustness = setup.MLD.RobustnessOr()
	c.UnsolicitedReportInterval = setup.MLD.URIOr()
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
		return []string{fmt.Sprintf("the reference node refused %s: %v", a, err)}, nil
	}
	return []string{fmt.Sprintf("the reference node set socket %d's filter for %s on %s to %s{%s}",
		a.Socket, a.Group, t.ifnames[a.Link], mode, suites.AddrsString(sources, ", "))}, nil
}
