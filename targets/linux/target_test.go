package linux

import (
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"

	"github.com/v6ct/v6ct/suites"
)

// TestLinuxAddresses: the Linux target adds a spec's addresses, the
// deprecated one with preferred lifetime 0, and takes them away at the
// spec's end, so that the next spec starts without them.
func TestLinuxAddresses(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	tg := &linuxTarget{router: true}
	if err := tg.Open(); err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	setup := suites.SpecSetup{Name: "addresses", Links: 2}
	suites.Address(0, netip.MustParsePrefix("3fff:3::1/64"))(&setup)
	suites.Address(1, netip.MustParsePrefix("3fff:4::1/64"), suites.Deprecated())(&setup)
	// have lists the spec addresses on the kernel's links, "d" for deprecated.
	have := func() string {
		var got []string
		for i := 0; i < 2; i++ {
			l, err := tg.nl.LinkByName([]string{"nut0", "nut1"}[i])
			if err != nil {
				t.Fatal(err)
			}
			addrs, err := tg.nl.AddrList(l, netlink.FAMILY_V6)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range addrs {
				if ip, _ := netip.AddrFromSlice(a.IP); netip.MustParsePrefix("3fff::/20").Contains(ip) {
					s := ip.String()
					if a.Flags&unix.IFA_F_DEPRECATED != 0 {
						s += " d"
					}
					got = append(got, s)
				}
			}
		}
		return strings.Join(got, ", ")
	}
	s, err := tg.Begin(setup)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	if err := s.Ready(time.Sleep); err != nil {
		t.Fatal(err)
	}
	if got := have(); got != "3fff:3::1, 3fff:4::1 d" {
		t.Errorf("during the spec: %q", got)
	}
	if err := s.End(); err != nil {
		t.Fatal(err)
	}
	if got := have(); got != "" {
		t.Errorf("after the spec: %q", got)
	}
}

// The built-in targets declare what they do, so that the gating leaves
// their verdicts as they were.
func TestBuiltInTargetCapabilities(t *testing.T) {
	host, router := (&linuxTarget{}).Capabilities(), (&linuxTarget{router: true}).Capabilities()
	for _, c := range []string{suites.CapHopByHop, suites.CapMulticastEcho, suites.CapPathMTUDiscovery, suites.CapSLAAC, suites.CapRouteInformation} {
		if !slices.Contains(host, c) {
			t.Errorf("linux-host does not declare %s", c)
		}
	}
	for _, c := range []string{suites.CapHopByHop, suites.CapMulticastEcho, suites.CapPathMTUDiscovery, suites.CapRADNS} {
		if !slices.Contains(router, c) {
			t.Errorf("linux-router does not declare %s", c)
		}
	}
	if slices.Contains(host, suites.CapRADNS) {
		t.Error("linux-host declares ra-dns: the kernel keeps no RDNSS or DNSSL")
	}
}
