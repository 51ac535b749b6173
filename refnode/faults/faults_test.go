package faults

import (
	"strings"
	"testing"
)

// TestCatalogue: every fault has an area, a description and, outside the
// MLD table still to be folded in, the RFC section it breaks; names are
// lower-case words joined by hyphens, as specs write them in fault:NAME.
func TestCatalogue(t *testing.T) {
	all := All()
	if len(all) == 0 {
		t.Fatal("empty catalogue")
	}
	for _, f := range all {
		i, ok := Lookup(f)
		switch {
		case !ok || i.Name != f:
			t.Errorf("%s: not in the catalogue under its name", f)
		case i.Area == "":
			t.Errorf("%s: no area", f)
		case i.Description == "":
			t.Errorf("%s: no description", f)
		case i.Area != MLD && !strings.HasPrefix(i.RFC, "RFC "):
			t.Errorf("%s: RFC %q", f, i.RFC)
		case strings.Trim(string(f), "abcdefghijklmnopqrstuvwxyz0123456789-") != "":
			t.Errorf("%s: not a fault name", f)
		}
	}
	if _, err := Parse("no-echo-reply, no-dad"); err != nil {
		t.Error(err)
	}
	if _, err := Parse("no-such-fault"); err == nil {
		t.Error("an unknown fault parsed")
	}
}
