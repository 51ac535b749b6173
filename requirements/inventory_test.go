package requirements_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/v6ct/v6ct/requirements"
	"github.com/v6ct/v6ct/runner"
	"github.com/v6ct/v6ct/suites"
)

// allSpecs lists every spec, legacy ones too, as v6ct list prints them.
func allSpecs(t *testing.T) []requirements.Spec {
	t.Helper()
	list, err := runner.List("legacy || !legacy")
	if err != nil {
		t.Fatal(err)
	}
	var specs []requirements.Spec
	for _, s := range list {
		specs = append(specs, requirements.Spec{Text: requirements.SpecText(s.Folder, s.Title, s.Part),
			Level: requirements.LevelLabel(s.Labels), Labels: s.Labels})
	}
	return specs
}

// Every inventory is well formed, names only specs that exist, and every
// spec's level: label agrees with the keyword of each requirement it is
// mapped to. Requirements without a spec and specs without a requirement
// are coverage still to grow: printed, never a failure.
func TestInventories(t *testing.T) {
	files, err := requirements.Load()
	if err != nil {
		t.Error(err)
	}
	if len(files) == 0 {
		t.Fatal("no inventories embedded")
	}
	for _, e := range requirements.Validate(files, suites.KnownCapabilities) {
		t.Error(e)
	}
	specs := allSpecs(t)
	have := map[string]bool{}
	for _, s := range specs {
		have[s.Text] = true
	}

	c := requirements.Check(files, specs)
	for _, p := range c.Unknown {
		t.Errorf("unknown spec: %s", p)
	}
	for _, p := range c.Disagreements {
		t.Errorf("level disagreement: %s", p)
	}
	for _, p := range c.Split {
		t.Errorf("%s", p)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%-6s %5s %5s %7s %10s\n", "RFC", "reqs", "spec", "without", "untestable")
	for _, r := range c.RFCs {
		fmt.Fprintf(&b, "%-6d %5d %5d %7d %10d\n", r.RFC, r.Total, r.WithSpec, r.Without, r.Untestable)
	}
	fmt.Fprintf(&b, "%d specs mapped to no requirement, %d mixed mappings (specs judging two levels at once)", len(c.Unmapped), len(c.Mixed))
	t.Logf("coverage:\n%s", b.String())
}
