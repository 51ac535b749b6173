package suites

import (
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// TestProfileAddresses: a profile gives the device a spec's extra address
// only with set-address and a reset before each spec to take it away, and
// never a deprecated one.
func TestProfileAddresses(t *testing.T) {
	plain := SpecSetup{Links: 1}
	Address(0, netip.MustParsePrefix("3fff:3::1/64"))(&plain)
	dep := SpecSetup{Links: 1}
	Address(0, netip.MustParsePrefix("3fff:4::1/64"), Deprecated())(&dep)
	const base = "name: one\nrole: router\nlinks:\n  - tester: eth1\n"
	cases := []struct {
		yaml  string
		setup SpecSetup
		want  string
	}{
		{base, plain, "set-address action"},
		{base + "actions:\n  set-address: echo {addr}\n", plain, "does not reset before each spec"},
		{base + "reset_before_each_spec: true\nactions:\n  reset: echo\n  set-address: echo {addr}\n", plain, ""},
		{base + "reset_before_each_spec: true\nactions:\n  reset: echo\n  set-address: echo {addr}\n", dep, "no profile action sets"},
	}
	for i, c := range cases {
		p, err := ParseProfile("lab.yaml", []byte(c.yaml))
		if err != nil {
			t.Fatal(err)
		}
		got := notApplicable(NewProfileTarget(p), c.setup)
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("case %d: %q, want %q", i, got, c.want)
		}
	}
}

// TestCheckAddresses: an address on a link the spec lacks is an error.
func TestCheckAddresses(t *testing.T) {
	s := SpecSetup{Links: 1}
	Address(1, netip.MustParsePrefix("3fff:3::1/64"))(&s)
	if err := CheckAddresses(s); err == nil || !strings.Contains(err.Error(), "1 links") {
		t.Errorf("Link1 of one link: %v", err)
	}
}

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
	setup := SpecSetup{Name: "addresses", Links: 2}
	Address(0, netip.MustParsePrefix("3fff:3::1/64"))(&setup)
	Address(1, netip.MustParsePrefix("3fff:4::1/64"), Deprecated())(&setup)
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
