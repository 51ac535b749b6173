package linux

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"

	"github.com/v6ct/v6ct/suites"
)

// setAddresses makes the kernel's spec addresses exactly want: the last
// spec's go first, so that none leaks into a later spec. Added without
// DAD, since they are configuration, not under test.
func (t *linuxTarget) setAddresses(want []suites.StaticAddress) error {
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

// radvdMore writes the radvd.conf lines for the RFC 4191 and RFC 8106
// parts of ra (inside its interface block).
func radvdMore(ra suites.RAConfig) string {
	name := func(p int8) string {
		switch {
		case p > 0:
			return "high"
		case p < 0:
			return "low"
		}
		return "medium"
	}
	var b strings.Builder
	if ra.Preference != 0 {
		fmt.Fprintf(&b, "\tAdvDefaultPreference %s;\n", name(ra.Preference))
	}
	for _, r := range ra.Routes {
		fmt.Fprintf(&b, "\troute %s {\n\t\tAdvRoutePreference %s;\n\t\tAdvRouteLifetime %d;\n\t};\n", r.Prefix, name(r.Preference), int(r.Lifetime/time.Second))
	}
	if len(ra.DNSSL) > 0 {
		fmt.Fprintf(&b, "\tDNSSL %s {\n\t\tAdvDNSSLLifetime %d;\n\t};\n", strings.Join(ra.DNSSL, " "), int(ra.DNSSLLifetime/time.Second))
	}
	return b.String()
}

// typeCHost makes the Linux host take Route Information options of any
// prefix length: by default (accept_ra_rt_info_max_plen 0) it takes only
// ::/0 ones.
func (t *linuxTarget) typeCHost() error {
	if t.router {
		return nil
	}
	for i := 0; i < linuxLinks; i++ {
		if err := t.dut.Sysctl(fmt.Sprintf("conf/nut%d/accept_ra_rt_info_max_plen", i), "128"); err != nil {
			return err
		}
	}
	return nil
}
