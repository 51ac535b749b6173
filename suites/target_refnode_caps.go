package suites

import (
	"fmt"
	"slices"
	"strings"

	"github.com/v6ct/v6ct/refnode/faults"
)

// Capabilities of the reference node (KnownCapabilities): it has every
// optional behaviour the specs judge, in both roles, but those its target
// was made without (refnode-without:CAP,...). It has no control actions:
// each spec gets a fresh node configured from SpecSetup.
func (t *refnodeTarget) Capabilities() []string {
	all := []string{CapMultipleInterfaces, CapHopByHop, CapPathMTUDiscovery, CapMulticastEcho, CapSLAAC, CapRADNS,
		CapRH0, "tunnel-6in4", "tunnel-6in6", "tunnel-4in6", "tunnel-4in4", CapStableAddresses, CapStableLinkLocal, CapRouteInformation, CapRedirects}
	return slices.DeleteFunc(all, func(c string) bool { return slices.Contains(t.without, c) })
}

// The target kind refnode-without:CAP[,CAP...] is the reference node
// declaring all its capabilities but those: it shows how a device that
// lacks them is judged (their specs N/A), without such a device.
func init() {
	RegisterTargetKind("refnode-without", func(arg, role string) (Target, error) {
		var without []string
		for _, c := range strings.Split(arg, ",") {
			if _, ok := KnownCapabilities[c]; !ok {
				return nil, fmt.Errorf("refnode-without: unknown capability %q (known: %s)", c, strings.Join(sortedKeys(KnownCapabilities), ", "))
			}
			without = append(without, c)
		}
		t, err := NewTarget("refnode", role)
		if err != nil {
			return nil, err
		}
		t.(*refnodeTarget).without = without
		return t, nil
	})
}

// CapRH0 is the capability of classic type 0 routing header processing.
// The reference node has it as a mode: it is switched on only for the
// specs that ask for it, since RFC 5095 forbids it everywhere else.
const CapRH0 = "rh0-source-routing"

// classicFaults are the reference node's classic modes a spec's
// capabilities switch on.
func classicFaults(setup SpecSetup) []string {
	for _, c := range setup.Capabilities {
		if c == CapRH0 {
			return []string{string(faults.RH0Processed)}
		}
	}
	return nil
}

// The reference node's control actions: it is configured afresh for each
// spec, so only actions that make it do something at a given moment apply.
func (t *refnodeTarget) Has(name ActionName) bool { return name == ActSendEcho || IsMLDAction(name) }

// Do performs a with the current spec's node.
func (t *refnodeTarget) Do(a Action) ([]string, error) {
	if IsMLDAction(a.Name) {
		return t.doMLD(a) // target_refnode_mld.go
	}
	if a.Name != ActSendEcho {
		return nil, fmt.Errorf("%w: %s", ErrNoAction, a.Name)
	}
	if t.node == nil || a.Link >= len(t.ifnames) {
		return nil, fmt.Errorf("no node on Link%d", a.Link)
	}
	dst := a.Dst
	if dst.IsLinkLocalUnicast() || dst.IsMulticast() {
		dst = dst.WithZone(t.ifnames[a.Link])
	}
	data := []byte("v6ct send-echo action")
	if a.Size > 0 {
		data = make([]byte, a.Size)
	}
	t.echoSeq++
	if err := t.node.SendEchoRequest(dst, 0x6c78, t.echoSeq, data); err != nil {
		return nil, err
	}
	return []string{fmt.Sprintf("the reference node sent an Echo Request to %s (%d data octets)", a.Dst, len(data))}, nil
}
