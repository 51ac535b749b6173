package suites

import "fmt"

// Capabilities of the reference node (KnownCapabilities). It has no
// control actions: each spec gets a fresh node configured from SpecSetup.
func (t *refnodeTarget) Capabilities() []string {
	return []string{"multiple-interfaces", "hop-by-hop", "path-mtu-discovery"}
}

// The reference node's control actions: it is configured afresh for each
// spec, so only actions that make it do something at a given moment apply.
func (t *refnodeTarget) Has(name ActionName) bool { return name == ActSendEcho }

// Do performs a with the current spec's node.
func (t *refnodeTarget) Do(a Action) ([]string, error) {
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
