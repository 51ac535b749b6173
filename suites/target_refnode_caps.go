package suites

// Capabilities of the reference node (KnownCapabilities). It has no
// control actions: each spec gets a fresh node configured from SpecSetup.
func (t *refnodeTarget) Capabilities() []string {
	return []string{"multiple-interfaces", "hop-by-hop", "path-mtu-discovery"}
}
