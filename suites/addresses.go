package suites

import (
	"errors"
	"fmt"
	"net"
	"net/netip"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
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

// setAddresses makes the kernel's spec addresses exactly want: the last
// spec's go first, so that none leaks into a later spec. Added without
// DAD, since they are configuration, not under test.
func (t *linuxTarget) setAddresses(want []StaticAddress) error {
	if err := t.removeAddresses(); err != nil {
		return err
	}
	for _, a := range want {
		l, err := t.nl.LinkByName(fmt.Sprintf("nut%d", a.Link))
		if err != nil {
			return err
		}
		na := &netlink.Addr{IPNet: &net.IPNet{IP: a.Addr.Addr().AsSlice(), Mask: net.CIDRMask(a.Addr.Bits(), 128)}, Flags: unix.IFA_F_NODAD}
		if a.Deprecated {
			// ip -6 addr add ... preferred_lft 0 valid_lft forever
			na.PreferedLft, na.ValidLft = 0, int(^uint32(0))
		}
		t.specAddrs = append(t.specAddrs, a)
		if err := t.nl.AddrReplace(l, na); err != nil {
			return fmt.Errorf("adding %s: %w", a, err)
		}
	}
	return nil
}

// removeAddresses takes away the addresses setAddresses added. One the
// kernel dropped already (its link went down) is gone as wanted.
func (t *linuxTarget) removeAddresses() error {
	for len(t.specAddrs) > 0 {
		a := t.specAddrs[0]
		l, err := t.nl.LinkByName(fmt.Sprintf("nut%d", a.Link))
		if err != nil {
			return err
		}
		na := &netlink.Addr{IPNet: &net.IPNet{IP: a.Addr.Addr().AsSlice(), Mask: net.CIDRMask(a.Addr.Bits(), 128)}}
		if err := t.nl.AddrDel(l, na); err != nil && !errors.Is(err, unix.EADDRNOTAVAIL) {
			return fmt.Errorf("removing %s: %w", a, err)
		}
		t.specAddrs = t.specAddrs[1:]
	}
	return nil
}

// addressesReady reports whether the kernel takes every spec address as
// its own: past DAD's tentative state, and with its local route, which
// the kernel installs a moment after the address. Until then a packet to
// the address would be forwarded, not received.
func (t *linuxTarget) addressesReady() bool {
	for _, a := range t.specAddrs {
		l, err := t.nl.LinkByName(fmt.Sprintf("nut%d", a.Link))
		if err != nil {
			return false
		}
		addrs, err := t.nl.AddrList(l, netlink.FAMILY_V6)
		if err != nil {
			return false
		}
		ok := false
		for _, x := range addrs {
			ip, _ := netip.AddrFromSlice(x.IP)
			ok = ok || ip == a.Addr.Addr() && x.Flags&unix.IFA_F_TENTATIVE == 0
		}
		if !ok {
			return false
		}
		rs, err := t.nl.RouteGet(a.Addr.Addr().AsSlice())
		if err != nil || len(rs) == 0 || rs[0].Type != unix.RTN_LOCAL {
			return false
		}
	}
	return true
}
