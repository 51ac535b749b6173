package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/v6ct/v6ct/results"
)

// Change is one spec whose outcome differs between two runs.
type Change struct {
	ID, Title, Part string
	RFC, Section    string
	Old, New        results.Verdict // "" when the spec was not in that run
	Reason          string          // the new run's reason (the old one's for a removed spec)
}

// Diff compares two runs spec by spec (by ID).
type Diff struct {
	Regressions []Change // better before: PASS or N/A became WARN, FAIL or ERROR; WARN became FAIL or ERROR
	Fixes       []Change // the reverse
	Changed     []Change // another verdict, neither better nor worse (FAIL and ERROR)
	New         []Change // only in the new run
	Removed     []Change // only in the old run
	Same        int
}

// badness orders verdicts for regressions: what the node did worse.
func badness(v results.Verdict) int {
	switch v {
	case results.Pass, results.NA:
		return 0
	case results.Warn:
		return 1
	}
	return 2 // FAIL, ERROR, unknown
}

// Compare finds what changed from old to new.
func Compare(old, new *results.Run) Diff {
	var d Diff
	before := map[string]*results.Spec{}
	for i := range old.Specs {
		before[old.Specs[i].ID] = &old.Specs[i]
	}
	now := map[string]bool{}
	for i := range new.Specs {
		s := &new.Specs[i]
		now[s.ID] = true
		c := Change{ID: s.ID, Title: s.Title, Part: s.Part, RFC: s.RFC, Section: s.Section, New: s.Verdict, Reason: s.Reason}
		o, ok := before[s.ID]
		switch {
		case !ok:
			d.New = append(d.New, c)
		case o.Verdict == s.Verdict:
			d.Same++
		default:
			c.Old = o.Verdict
			switch bo, bn := badness(o.Verdict), badness(s.Verdict); {
			case bn > bo:
				d.Regressions = append(d.Regressions, c)
			case bn < bo:
				d.Fixes = append(d.Fixes, c)
			default:
				d.Changed = append(d.Changed, c)
			}
		}
	}
	for i := range old.Specs {
		s := &old.Specs[i]
		if !now[s.ID] {
			d.Removed = append(d.Removed, Change{ID: s.ID, Title: s.Title, Part: s.Part, RFC: s.RFC, Section: s.Section, Old: s.Verdict, Reason: s.Reason})
		}
	}
	return d
}

// Empty says nothing changed.
func (d Diff) Empty() bool {
	return len(d.Regressions)+len(d.Fixes)+len(d.Changed)+len(d.New)+len(d.Removed) == 0
}

// WriteText prints the difference for a terminal.
func (d Diff) WriteText(w io.Writer, oldName, newName string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "v6ct diff: %s -> %s\n", oldName, newName)
	fmt.Fprintf(&b, "%d regressions, %d fixes, %d other changes, %d new, %d removed, %d unchanged\n",
		len(d.Regressions), len(d.Fixes), len(d.Changed), len(d.New), len(d.Removed), d.Same)
	group := func(title string, cs []Change) {
		if len(cs) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s:\n", title)
		for _, c := range cs {
			from, to := string(c.Old), string(c.New)
			if from == "" {
				from = "—"
			}
			if to == "" {
				to = "—"
			}
			fmt.Fprintf(&b, "  %-5s -> %-5s %s  %s: %s\n", from, to, rfcLabel(c.RFC, c.Section), c.Title, c.Part)
			if c.New != "" && c.New != results.Pass && c.Reason != "" {
				fmt.Fprintf(&b, "                %s\n", firstLine(c.Reason))
			}
		}
	}
	group("Regressions", d.Regressions)
	group("Fixes", d.Fixes)
	group("Other changes", d.Changed)
	group("New specs", d.New)
	group("Removed specs", d.Removed)
	_, err := io.WriteString(w, b.String())
	return err
}
