package suites

import (
	"fmt"
	"net/netip"
)

// StaticAddress is an extra address the node has on one of the spec's
// links: configuration, as a router's addresses are, where a host would
// learn them from advertisements.
type StaticAddress struct {
	Link int          // index of the link
	Addr netip.Prefix // the address and its prefix length; the prefix is on-link
	// Deprecated gives the address a preferred lifetime of 0 and an
	// infinite valid lifetime (RFC 4862 §5.5.4): the node keeps it, but
	// should not start anything new from it.
	Deprecated bool
}

func (a StaticAddress) String() string {
	s := fmt.Sprintf("%s on Link%d", a.Addr, a.Link)
	if a.Deprecated {
		s += " (deprecated)"
	}
	return s
}

// AddressOption changes an Address.
type AddressOption func(*StaticAddress)

// Deprecated makes the address deprecated: preferred lifetime 0.
func Deprecated() AddressOption { return func(a *StaticAddress) { a.Deprecated = true } }

// Address gives the node the static address addr (with its prefix length)
// on link (0 for Link0) for the spec only. A target that cannot configure
// it, or cannot take it away again after the spec, makes the spec N/A.
func Address(link int, addr netip.Prefix, opts ...AddressOption) Option {
	a := StaticAddress{Link: link, Addr: addr}
	for _, o := range opts {
		o(&a)
	}
	return func(s *SpecSetup) { s.Addresses = append(s.Addresses, a) }
}

// CheckAddresses rejects addresses on links the spec does not have.
func CheckAddresses(setup SpecSetup) error {
	for _, a := range setup.Addresses {
		if a.Link < 0 || a.Link >= setup.Links {
			return fmt.Errorf("address %s, but the spec has %d links", a, setup.Links)
		}
		if !a.Addr.IsValid() || !a.Addr.Addr().Is6() {
			return fmt.Errorf("address %s is not an IPv6 address with a prefix length", a)
		}
	}
	return nil
}

// profileAddressesNA is why a profile cannot give the device the spec's
// addresses, or "". Only the reset before each spec takes them away
// again, and no action sets a deprecated address.
func (t *profileTarget) profileAddressesNA(setup SpecSetup) string {
	if len(setup.Addresses) == 0 {
		return ""
	}
	if !t.Has(ActSetAddress) {
		return fmt.Sprintf("needs an extra address on the device (the set-address action), which the profile %s does not have", t.p.Name)
	}
	if !t.p.ResetBeforeEachSpec || !t.Has(ActReset) {
		return fmt.Sprintf("gives the device an extra address for one spec, which only the reset action before each spec (reset_before_each_spec) takes away; the profile %s does not reset before each spec", t.p.Name)
	}
	for _, a := range setup.Addresses {
		if a.Deprecated {
			return fmt.Sprintf("needs the deprecated address %s (preferred lifetime 0), which no profile action sets", a.Addr)
		}
	}
	return ""
}
