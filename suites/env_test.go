package suites

import (
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

func TestSpecIDsAreStableDistinctAndSafe(t *testing.T) {
	mk := func(leaf string) types.SpecReport {
		return types.SpecReport{
			ContainerHierarchyTexts: []string{"Version field", "discards a packet whose Version is not 6 and still answers a valid one afterwards"},
			LeafNodeText:            leaf,
			LeafNodeLocation:        types.CodeLocation{FileName: "/src/v6ct/rfc2460/header.go"},
		}
	}
	a, b, c := SpecID(mk("version 5")), SpecID(mk("version 5")), SpecID(mk("version 7"))
	if a != b || a == c {
		t.Fatalf("ids %q %q %q", a, b, c)
	}
	if !strings.HasPrefix(a, "rfc2460-version-field-") || strings.ContainsAny(a, "/ .") {
		t.Fatalf("id %q", a)
	}
}

func TestLabelValueTakesTheMostSpecific(t *testing.T) {
	labels := []string{"rfc:4862", "section:5.4", "level:must", "section:5.4.3"}
	if v := LabelValue(labels, "section"); v != "5.4.3" {
		t.Fatalf("section %q", v)
	}
	if v := LabelValue(labels, "fault"); v != "" {
		t.Fatalf("fault %q", v)
	}
}
