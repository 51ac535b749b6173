// Package reports turns the results of a v6ct run into a static HTML site and
// JUnit XML. It reads results and never runs a test.
package reports

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/v6ct/v6ct/results"
)

//go:embed templates
var templateFS embed.FS

var pages = template.Must(template.New("").ParseFS(templateFS, "templates/*"))

// count is one verdict's share of a set of specs.
type count struct {
	Verdict results.Verdict
	Class   string
	N       int
}

type indexView struct {
	Run      *results.Run
	Started  string
	Ended    string
	Duration string
	Total    int
	Totals   []count
	Filter   []count
	Folders  []folderView
}

type folderView struct {
	Name   string
	Anchor string
	RFCs   string
	Total  int
	Totals []count
	Rows   []rowView
}

type rowView struct {
	S        *results.Spec
	Class    string
	Page     string
	Duration string
}

type specView struct {
	Run      *results.Run
	S        *results.Spec
	Class    string
	RFCURL   string
	RFCLabel string
	Started  string
	Duration string
	Pcap     string
	Prev     string
	Next     string
	Steps    []stepView
	Frames   []frameView
}

type stepView struct {
	N         int
	At        string
	Kind      string
	KindClass string
	Text      string
	Mark      string
	MarkClass string
}

type frameView struct {
	N        int
	At       string
	Link     string
	Dir      string
	DirClass string
	Node     string
	Summary  string
	Len      int
	Dump     string
	BadHex   string
}

// HTML writes the report into dir: index.html and one page per spec under
// specs/.
func HTML(run *results.Run, dir string) error {
	if run == nil {
		return fmt.Errorf("reports: no run")
	}
	if err := os.MkdirAll(filepath.Join(dir, "specs"), 0o755); err != nil {
		return err
	}
	idx := buildIndex(run)
	var order []rowView
	for _, f := range idx.Folders {
		order = append(order, f.Rows...)
	}
	for i, r := range order {
		v := buildSpec(run, r)
		if i > 0 {
			v.Prev = path.Base(order[i-1].Page)
		}
		if i+1 < len(order) {
			v.Next = path.Base(order[i+1].Page)
		}
		if err := render(filepath.Join(dir, filepath.FromSlash(r.Page)), "spec.html", v); err != nil {
			return err
		}
	}
	return render(filepath.Join(dir, "index.html"), "index.html", idx)
}

func render(file, name string, data any) error {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("reports: %s: %w", name, err)
	}
	return os.WriteFile(file, buf.Bytes(), 0o644)
}

// verdictsOf lists the known verdicts, then any other value seen in the run.
func verdictsOf(run *results.Run) []results.Verdict {
	vs := slices.Clone(results.Verdicts)
	for _, s := range run.Specs {
		if !slices.Contains(vs, s.Verdict) {
			vs = append(vs, s.Verdict)
		}
	}
	return vs
}

func countAll(vs []results.Verdict, specs []results.Spec) []count {
	cs := make([]count, len(vs))
	for i, v := range vs {
		cs[i] = count{Verdict: v, Class: verdictClass(v)}
	}
	for _, s := range specs {
		cs[slices.Index(vs, s.Verdict)].N++
	}
	return cs
}

func buildIndex(run *results.Run) indexView {
	vs := verdictsOf(run)
	idx := indexView{
		Run:      run,
		Started:  fmtTime(run.Started),
		Ended:    fmtTime(run.Ended),
		Duration: fmtDuration(runDuration(run)),
		Total:    len(run.Specs),
		Totals:   countAll(vs, run.Specs),
	}
	for _, c := range idx.Totals {
		if !slices.ContainsFunc(idx.Filter, func(f count) bool { return f.Class == c.Class }) {
			idx.Filter = append(idx.Filter, c)
		}
	}

	used := map[string]bool{}
	folders, byFolder := run.ByRFC()
	for _, name := range folders {
		specs := byFolder[name]
		// Pointers into run.Specs, in section order, run order within a section.
		var ptrs []*results.Spec
		for i := range run.Specs {
			if run.Specs[i].Folder == name {
				ptrs = append(ptrs, &run.Specs[i])
			}
		}
		slices.SortStableFunc(ptrs, func(a, b *results.Spec) int {
			return compareSections(a.Section, b.Section)
		})
		label := name
		if label == "" {
			label = "(no folder)"
		}
		f := folderView{
			Name:   label,
			Anchor: "rfc-" + slug(label),
			Total:  len(specs),
			Totals: countAll(vs, specs),
		}
		var rfcs []string
		for _, s := range ptrs {
			if l := rfcLabel(s.RFC, ""); l != "" && !slices.Contains(rfcs, l) {
				rfcs = append(rfcs, l)
			}
			f.Rows = append(f.Rows, rowView{
				S:        s,
				Class:    verdictClass(s.Verdict),
				Page:     "specs/" + uniqueName(used, slug(s.ID)) + ".html",
				Duration: fmtDuration(s.Duration),
			})
		}
		f.RFCs = strings.Join(rfcs, ", ")
		idx.Folders = append(idx.Folders, f)
	}
	return idx
}

// uniqueName returns name, or name-2, name-3... if already used.
func uniqueName(used map[string]bool, name string) string {
	n := name
	for i := 2; used[strings.ToLower(n)]; i++ {
		n = name + "-" + strconv.Itoa(i)
	}
	used[strings.ToLower(n)] = true
	return n
}

// compareSections orders "4.10" after "4.9" and numbers before letters.
func compareSections(a, b string) int {
	pa, pb := strings.Split(cleanSection(a), "."), strings.Split(cleanSection(b), ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		switch {
		case ea == nil && eb == nil:
			if na != nb {
				return na - nb
			}
		case ea == nil:
			return -1
		case eb == nil:
			return 1
		default:
			if c := strings.Compare(pa[i], pb[i]); c != 0 {
				return c
			}
		}
	}
	return len(pa) - len(pb)
}

func buildSpec(run *results.Run, r rowView) specView {
	s := r.S
	v := specView{
		Run:      run,
		S:        s,
		Class:    r.Class,
		RFCURL:   rfcURL(s.RFC, s.Section),
		RFCLabel: rfcLabel(s.RFC, s.Section),
		Started:  fmtTime(s.Started),
		Duration: fmtDuration(s.Duration),
	}
	if s.Pcap != "" {
		p := filepath.ToSlash(s.Pcap)
		if !path.IsAbs(p) {
			p = "../" + p
		}
		v.Pcap = p
	}
	for i, st := range s.Steps {
		sv := stepView{
			N:         i + 1,
			At:        fmtMillis(st.At),
			Kind:      st.Kind,
			KindClass: stepKind(st.Kind),
			Text:      st.Text,
		}
		if st.OK != nil {
			if *st.OK {
				sv.Mark, sv.MarkClass = "✓ ok", "ok"
			} else {
				sv.Mark, sv.MarkClass = "✗ failed", "notok"
			}
		}
		v.Steps = append(v.Steps, sv)
	}
	for i, f := range s.Frames {
		fv := frameView{
			N:       i + 1,
			At:      fmtMillis(f.At),
			Link:    f.Link,
			Node:    f.Node,
			Summary: f.Summary,
		}
		fv.Dir, fv.DirClass = direction(f.Dir)
		if b, err := decodeHex(f.Hex); err != nil {
			fv.BadHex = f.Hex
		} else {
			fv.Len, fv.Dump = len(b), hexDump(b)
		}
		v.Frames = append(v.Frames, fv)
	}
	return v
}
