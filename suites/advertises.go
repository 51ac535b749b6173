package suites

import "fmt"

// RouterAdvertises says the spec makes a router under test advertise
// (Link.Advertise, Link.AdvertiseWith): on a router target that cannot be
// made to (the start-ra action), the spec is N/A before the node is prepared, and a
// plan (v6ct plan) counts it as wanting start-ra. On a host target it
// changes nothing.
func RouterAdvertises() Option { return func(s *SpecSetup) { s.Advertises = true } }

// advertisesNA is why a spec that makes the router advertise cannot run
// on t, or "".
func advertisesNA(t Target, setup SpecSetup) string {
	if !setup.Advertises || t.Role() != "router" {
		return ""
	}
	if c, ok := t.(Controller); ok && c.Has(ActStartRA) {
		return ""
	}
	return fmt.Sprintf("needs a router that advertises: the %s action, which %s does not have, makes a device send Router Advertisements", ActStartRA, t.Name())
}
