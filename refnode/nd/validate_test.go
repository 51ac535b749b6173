package nd

import (
	"strings"
	"testing"

	"github.com/v6ct/v6ct/refnode/faults"
)

// TestValidityTables: each message's table has one length and one options
// rule, its own rules carry their predicate, every rule its RFC 4861
// section and a drop counter, and the faults it names are in the catalogue.
func TestValidityTables(t *testing.T) {
	for _, v := range []*validity{&rsValidity, &raValidity, &nsValidity, &naValidity, &redirectValidity} {
		var length, options int
		for i, r := range v.rules {
			switch r.check {
			case checkLength:
				length++
			case checkOptions:
				options++
			case checkMessage:
				if r.ok == nil {
					t.Errorf("type %d rule %d: no predicate", v.typ, i)
				}
			}
			if r.check != checkOptions && r.drop == 0 {
				t.Errorf("type %d rule %d: no drop counter", v.typ, i)
			}
			if r.section == "" || !strings.ContainsAny(r.section[:1], "678") {
				t.Errorf("type %d rule %d: section %q", v.typ, i, r.section)
			}
			for _, f := range []faults.Fault{r.off, r.narrow, r.oneShort} {
				if f != "" && !faults.Known(f) {
					t.Errorf("type %d rule %d: unknown fault %s", v.typ, i, f)
				}
			}
		}
		if length != 1 || options != 1 {
			t.Errorf("type %d: %d length and %d options rules", v.typ, length, options)
		}
	}
}
