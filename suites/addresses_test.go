package suites

import (
	"net/netip"
	"strings"
	"testing"
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
