package interop

import (
	"os"
	"strings"
	"testing"

	_ "github.com/v6ct/v6ct/targets/builtin" // the implementations
)

// Every scenario passes with the reference node in every role: the
// reference node must interoperate with itself before anything else.
func TestReferenceNodeWithItself(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: the topology is made of namespaces and TAP devices")
	}
	ref := Impls["refnode"]
	for _, s := range Scenarios {
		for _, a := range Arrangements(s, []Impl{ref}, "") {
			c := Run(s, a, t.TempDir())
			if c.Verdict != "PASS" {
				t.Errorf("%s %s: %s %s\nsteps:\n%s\nladder:\n%s", s.ID, c.Arrangement, c.Verdict, c.Reason, join(c.Steps), join(c.Ladder))
			}
		}
	}
}

// The arrangements of a two-host scenario over two implementations are
// the four bindings; with a device under test, the three that include it.
func TestArrangements(t *testing.T) {
	s := Scenarios[0]
	impls := []Impl{Impls["refnode"], Impls["linux"]}
	if got := len(Arrangements(s, impls, "")); got != 4 {
		t.Errorf("all: %d arrangements, want 4", got)
	}
	if got := len(Arrangements(s, impls, "linux")); got != 3 {
		t.Errorf("with linux: %d arrangements, want 3", got)
	}
	device := Impl{Name: "d", Key: "d", Host: "d", One: true}
	if got := len(Arrangements(s, []Impl{Impls["refnode"], device}, "d")); got != 2 {
		t.Errorf("a device: %d arrangements, want 2 (it takes one role)", got)
	}
	hostOnly := Impl{Name: "h", Host: "h"}
	r := Scenarios[2]
	for _, a := range Arrangements(r, []Impl{hostOnly, Impls["refnode"]}, "") {
		if a["ROUTER1"].Name == "h" {
			t.Errorf("a host-only implementation took the router role: %s", a.String(r))
		}
	}
}

func join(l []string) string {
	s := ""
	for _, x := range l {
		s += "  " + x + "\n"
	}
	return s
}

// A scenario fails the node that breaks the rule, and says which rule:
// each judgement of the echo scenarios, shown with a reference node
// started with the deviation.
func TestScenariosFailTheDeviatingNode(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: the topology is made of namespaces and TAP devices")
	}
	ref := Impls["refnode"]
	byID := map[string]Scenario{}
	for _, s := range Scenarios {
		byID[s.ID] = s
	}
	for _, c := range []struct {
		scenario, role, fault, want string
	}{
		{"interop:link-local-echo", "HOST2", "no-echo-reply", "HOST2 (refnode) broke RFC 4443 §4.2"},
		{"interop:echo-across-router", "ROUTER1", "forward-no-decrement", "ROUTER1 (refnode) broke RFC 8200 §3"},
	} {
		s := byID[c.scenario]
		a := Arrangement{}
		for _, r := range s.Roles {
			a[r.Name] = ref
		}
		cell := RunWith(s, a, t.TempDir(), map[string][]string{c.role: {c.fault}})
		if cell.Verdict != "FAIL" || !strings.Contains(cell.Reason, c.want) {
			t.Errorf("%s with %s in %s: %s %q, want FAIL %q", c.scenario, c.fault, c.role, cell.Verdict, cell.Reason, c.want)
		}
	}
}
