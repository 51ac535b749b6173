package runner

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/v6ct/v6ct/suites"
)

// SpecInfo describes a spec without running it.
type SpecInfo struct {
	ID                  string // as in results.json
	Text                string // the full text (container and It texts joined by spaces): what a --specs file names
	Folder, Title, Part string
	Labels              []string
}

// List returns the specs the label filter selects, in run order (legacy
// specs only when the filter names them, and role:host or role:router
// widened to the role:any specs, as in a run).
func List(labelFilter string) ([]SpecInfo, error) {
	return Select(Options{LabelFilter: labelFilter})
}

// Select returns the specs a run with these options would run, in run
// order, without running anything. A run of an empty selection is refused
// (NoSpecsError).
func Select(o Options) ([]SpecInfo, error) {
	if err := ValidateLabelFilter(o.LabelFilter); err != nil {
		return nil, err
	}
	sc, rc := GinkgoConfiguration()
	sc.LabelFilter = EffectiveLabelFilter(o.LabelFilter)
	runOrder(&sc)
	description := "v6ct"
	sc.FocusStrings = nil // PreviewSpecs keeps the last configuration it was given
	if len(o.Specs) > 0 {
		t, err := suites.NewTarget(o.Target, o.Role)
		if err != nil {
			return nil, err
		}
		description = runDescription(t.Name())
		sc.FocusStrings = exactFocus(description, o.Specs)
	}
	rep := PreviewSpecs(description, sc, rc)
	var out []SpecInfo
	ids := map[string]int{}
	for _, r := range rep.SpecReports {
		if r.LeafNodeType != types.NodeTypeIt || r.State == types.SpecStateSkipped {
			continue
		}
		title, part := titleAndPart(r)
		id := suites.SpecID(r)
		if n := ids[id]; n > 0 {
			id = fmt.Sprintf("%s-%d", id, n+1)
		}
		ids[suites.SpecID(r)]++
		out = append(out, SpecInfo{ID: id, Text: r.FullText(), Folder: filepath.Base(filepath.Dir(r.LeafNodeLocation.FileName)), Title: title, Part: part, Labels: r.Labels()})
	}
	return out, nil
}

// EffectiveLabelFilter is the filter a v6ct run or list applies for the
// user's q: role:host and role:router widened (ExpandRoles), and legacy
// specs left out unless q names them. go test's -ginkgo.label-filter is
// not widened.
func EffectiveLabelFilter(q string) string {
	return suites.EffectiveLabelFilter(ExpandRoles(q))
}

func runDescription(target string) string { return "v6ct against " + target }

// NoSpecsError is a selection that matches no spec.
type NoSpecsError struct {
	Filter string   // the user's label filter
	Specs  int      // lines of the --specs file, 0 when none
	Absent []string // labels the filter names that no spec carries
}

func (e *NoSpecsError) Error() string {
	var b strings.Builder
	switch {
	case e.Filter != "" && e.Specs > 0:
		fmt.Fprintf(&b, "no spec matches the label filter %q among the %d spec texts given", e.Filter, e.Specs)
	case e.Specs > 0:
		fmt.Fprintf(&b, "none of the %d spec texts given names a spec", e.Specs)
	default:
		fmt.Fprintf(&b, "no spec matches the label filter %q", e.Filter)
	}
	if len(e.Absent) > 0 {
		fmt.Fprintf(&b, "; no spec carries the label %s", strings.Join(quoteAll(e.Absent), ", "))
		for _, l := range e.Absent {
			if k, v, ok := strings.Cut(l, "="); ok && !strings.Contains(l, ":") {
				fmt.Fprintf(&b, " (did you mean %s:%s?)", k, v)
				break
			}
		}
	}
	return b.String()
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// ExplainEmpty explains an empty selection: which of the labels the filter
// names no spec carries.
func ExplainEmpty(o Options) error {
	e := &NoSpecsError{Filter: o.LabelFilter, Specs: len(o.Specs)}
	have := map[string]bool{}
	for _, c := range AllLabels() {
		have[strings.ToLower(c.Label)] = true
	}
	for _, l := range FilterLabels(o.LabelFilter) {
		if !have[strings.ToLower(l)] {
			e.Absent = append(e.Absent, l)
		}
	}
	return e
}

// LabelCount is one label and how many specs carry it.
type LabelCount struct {
	Label string
	Specs int
}

// AllLabels lists every label the specs carry (the legacy ones included),
// sorted by key and then by value, numbers in numeric order.
func AllLabels() []LabelCount {
	all, err := List(suites.LegacyLabel + " || !" + suites.LegacyLabel)
	if err != nil {
		return nil
	}
	return CountLabels(all)
}

// CountLabels counts the specs that carry each label, in AllLabels' order.
func CountLabels(all []SpecInfo) []LabelCount {
	n := map[string]int{}
	for _, s := range all {
		seen := map[string]bool{}
		for _, l := range s.Labels {
			if !seen[l] {
				seen[l] = true
				n[l]++
			}
		}
	}
	out := make([]LabelCount, 0, len(n))
	for l, c := range n {
		out = append(out, LabelCount{l, c})
	}
	sort.Slice(out, func(i, j int) bool { return labelLess(out[i].Label, out[j].Label) })
	return out
}

// labelLess orders labels by key, then by value, comparing the digit runs
// of values as numbers (section:4.10 after section:4.9).
func labelLess(a, b string) bool {
	ka, va, _ := strings.Cut(a, ":")
	kb, vb, _ := strings.Cut(b, ":")
	if ka != kb {
		return ka < kb
	}
	return naturalLess(va, vb)
}

func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
