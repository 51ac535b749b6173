// Package reports turns the results of a v6ct run into a static HTML site,
// JUnit XML and one pcapng per spec, compares runs, and keeps the history
// of runs. It reads results and never runs a test.
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
	"sort"
	"strconv"
	"strings"

	"github.com/v6ct/v6ct/results"
)

//go:embed templates
var templateFS embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"first": firstLine,
	"pct": func(n, total int) string {
		if total == 0 {
			return "0"
		}
		return strconv.FormatFloat(100*float64(n)/float64(total), 'f', 1, 64)
	},
	"vclass":  verdictClass,
	"lanecol": func(i int) int { return 3 + i },
	"sumcol":  func(k int) int { return 3 + k },
}).ParseFS(templateFS, "templates/*"))

// Options add what a results file alone does not say.
type Options struct {
	// Previous is the run before this one; the index then shows what
	// changed since.
	Previous *results.Run
	// PreviousName names it (its folder), PreviousHref links its index
	// relative to this report's folder; both optional.
	PreviousName, PreviousHref string
}

// count is one verdict's share of a set of specs.
type count struct {
	Verdict results.Verdict
	Class   string
	N       int
}

type indexView struct {
	Run        *results.Run
	Title      string
	Started    string
	Ended      string
	Duration   string
	Total      int
	Totals     []count
	Filter     []count
	Folders    []folderView
	Sections   []sectionView
	RFCs       []string
	Roles      []string
	Labels     []string
	Interfaces []ifaceView
	Diff       *diffView
}

type ifaceView struct {
	Link, Node, MAC string
	Addrs           []string
	NUT             bool
}

type diffView struct {
	Name, Href string
	Diff
	Pages map[string]string
}

type folderView struct {
	Name   string
	Anchor string
	RFCs   string
	Total  int
	Totals []count
	Rows   []rowView
}

type sectionView struct {
	Folder   string
	RFC      string
	Section  string
	URL      string
	Titles   string
	Total    int
	Totals   []count
	Worst    string
	Anchor   string
	FirstRow string
}

type rowView struct {
	S        *results.Spec
	Class    string
	Page     string
	Duration string
	RFC      string
	Labels   string
	Reason   string
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
	Purpose  string
	Applies  string
	// MoreReason is the reason past its first line, which the verdict
	// box's heading line already shows; empty for a one-line reason.
	MoreReason string
	Steps      []stepView
	Procedure  []procStep
	Frames     []frameView
	Ladder     ladderView
	Shards     []string // frames/X.js files the page's frames are in
	Failed     int      // the failed step's number in Steps (from 1), 0 if none
	FailedBy   int      // the procedure step (By) it belongs to
}

type stepView struct {
	N         int
	At        string
	Kind      string
	KindClass string
	Text      string
	Mark      string
	MarkClass string
	Frame     int // frame number (from 1) this step sent, matched or caught; 0: none
}

type frameView struct {
	N        int
	At       string
	Link     string
	Dir      string
	DirClass string
	Node     string
	Summary  string
	Short    string
	Len      int
	Dump     string
	BadHex   string
	Layers   []decodedLayer
	Problem  string
	// Key names the frame's decoded detail in the run's frames/ shards
	// (frames.go); the page carries no Layers or Dump then.
	Key string
}

// HTML writes the report into dir: index.html, one page per spec under
// specs/ and the pcapng each page links under pcap/.
func HTML(run *results.Run, dir string) error { return HTMLWith(run, dir, Options{}) }

// HTMLWith writes the report with the options' extras.
func HTMLWith(run *results.Run, dir string, opt Options) error {
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
	if opt.Previous != nil {
		pagesByID := map[string]string{}
		for _, r := range order {
			pagesByID[r.S.ID] = r.Page
		}
		idx.Diff = &diffView{Name: opt.PreviousName, Href: opt.PreviousHref, Diff: Compare(opt.Previous, run), Pages: pagesByID}
		if idx.Diff.Name == "" {
			idx.Diff.Name = "the previous run"
		}
	}
	store := frameStore{}
	for i, r := range order {
		v := buildSpec(run, r)
		v.shareFrames(store)
		if i > 0 {
			v.Prev = path.Base(order[i-1].Page)
		}
		if i+1 < len(order) {
			v.Next = path.Base(order[i+1].Page)
		}
		if err := render(filepath.Join(dir, filepath.FromSlash(r.Page)), "spec.html", v); err != nil {
			return err
		}
		if err := Pcapng(r.S, filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(v.Pcap, "../")))); err != nil {
			return fmt.Errorf("reports: capture of %s: %w", r.S.ID, err)
		}
	}
	if err := store.write(dir); err != nil {
		return err
	}
	if err := writeAssets(dir); err != nil {
		return err
	}
	return render(filepath.Join(dir, "index.html"), "index.html", idx)
}

// shareFrames moves the page's decoded frames into the run's store,
// leaving each frame its key.
func (v *specView) shareFrames(store frameStore) {
	for i := range v.Frames {
		if fv := &v.Frames[i]; fv.BadHex == "" {
			b, _ := decodeHex(v.S.Frames[i].Hex)
			fv.Key = store.add(b, *fv)
			fv.Layers, fv.Dump = nil, ""
		}
	}
	for i := range v.Ladder.Rows {
		r := &v.Ladder.Rows[i]
		if r.Detail.N > 0 && r.Detail.N <= len(v.Frames) {
			r.Detail = v.Frames[r.Detail.N-1]
		}
	}
	v.Shards = pageShards(v.Frames)
}

// writeAssets writes the files every spec page shares beside index.html:
// the style sheet and the script.
func writeAssets(dir string) error {
	for name, src := range map[string]string{"report.css": "style.css", "report.js": "spec.js"} {
		b, err := templateFS.ReadFile("templates/" + src) // as written: no HTML escaping
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
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

func countAll(vs []results.Verdict, specs []*results.Spec) []count {
	cs := make([]count, len(vs))
	for i, v := range vs {
		cs[i] = count{Verdict: v, Class: verdictClass(v)}
	}
	for _, s := range specs {
		cs[slices.Index(vs, s.Verdict)].N++
	}
	return cs
}

func ptrs(specs []results.Spec) []*results.Spec {
	out := make([]*results.Spec, len(specs))
	for i := range specs {
		out[i] = &specs[i]
	}
	return out
}

func buildIndex(run *results.Run) indexView {
	vs := verdictsOf(run)
	idx := indexView{
		Run:      run,
		Title:    fmt.Sprintf("%s conformance report: %s", or(run.Tool, "v6ct"), or(run.Target, "unknown target")),
		Started:  fmtTime(run.Started),
		Ended:    fmtTime(run.Ended),
		Duration: fmtDuration(runDuration(run)),
		Total:    len(run.Specs),
		Totals:   countAll(vs, ptrs(run.Specs)),
	}
	if run.Prove {
		idx.Title = fmt.Sprintf("%s fault-proof report: %s", or(run.Tool, "v6ct"), or(run.Target, "unknown target"))
	}
	for _, c := range idx.Totals {
		if !slices.ContainsFunc(idx.Filter, func(f count) bool { return f.Class == c.Class }) {
			idx.Filter = append(idx.Filter, c)
		}
	}
	for _, in := range run.Interfaces {
		idx.Interfaces = append(idx.Interfaces, ifaceView{Link: in.Link, Node: in.Node, MAC: in.MAC, Addrs: in.Addrs, NUT: in.Node == "NUT"})
	}
	sort.SliceStable(idx.Interfaces, func(i, j int) bool {
		a, b := idx.Interfaces[i], idx.Interfaces[j]
		if a.Link != b.Link {
			return a.Link < b.Link
		}
		return a.NUT && !b.NUT
	})

	used := map[string]bool{}
	labels := map[string]bool{}
	folders, _ := run.ByRFC()
	for _, name := range folders {
		// Pointers into run.Specs, in section order, run order within a section.
		var specs []*results.Spec
		for i := range run.Specs {
			if run.Specs[i].Folder == name {
				specs = append(specs, &run.Specs[i])
			}
		}
		slices.SortStableFunc(specs, func(a, b *results.Spec) int {
			if c := compareSections(a.Section, b.Section); c != 0 {
				return c
			}
			return strings.Compare(rfcNumber(a.RFC), rfcNumber(b.RFC))
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
		var sec *sectionView
		var secSpecs []*results.Spec
		flush := func() {
			if sec != nil {
				sec.Total, sec.Totals = len(secSpecs), countAll(vs, secSpecs)
				sec.Worst = verdictClass(worst(secSpecs))
				idx.Sections = append(idx.Sections, *sec)
			}
		}
		for _, s := range specs {
			rl := rfcLabel(s.RFC, "")
			if rl != "" && !slices.Contains(rfcs, rl) {
				rfcs = append(rfcs, rl)
			}
			if rl != "" && !slices.Contains(idx.RFCs, rl) {
				idx.RFCs = append(idx.RFCs, rl)
			}
			if s.Role != "" && !slices.Contains(idx.Roles, s.Role) {
				idx.Roles = append(idx.Roles, s.Role)
			}
			for _, l := range s.Labels {
				labels[l] = true
			}
			row := rowView{
				S:        s,
				Class:    verdictClass(s.Verdict),
				Page:     "specs/" + uniqueName(used, slug(s.ID)) + ".html",
				Duration: fmtDuration(s.Duration),
				RFC:      rl,
				Labels:   strings.Join(s.Labels, " "),
			}
			if s.Verdict != results.Pass {
				row.Reason = firstLine(s.Reason)
			}
			f.Rows = append(f.Rows, row)
			if sec == nil || sec.RFC != rl || sec.Section != s.Section {
				flush()
				sec = &sectionView{Folder: label, RFC: rl, Section: s.Section, URL: rfcURL(s.RFC, s.Section), Anchor: f.Anchor, FirstRow: row.Page}
				secSpecs = nil
			}
			secSpecs = append(secSpecs, s)
			if !strings.Contains("; "+sec.Titles+";", "; "+s.Title+";") {
				if sec.Titles != "" {
					sec.Titles += "; "
				}
				sec.Titles += s.Title
			}
		}
		flush()
		f.RFCs = strings.Join(rfcs, ", ")
		idx.Folders = append(idx.Folders, f)
	}
	sort.Slice(idx.RFCs, func(i, j int) bool {
		a, _ := strconv.Atoi(rfcNumber(idx.RFCs[i]))
		b, _ := strconv.Atoi(rfcNumber(idx.RFCs[j]))
		return a < b
	})
	sort.Strings(idx.Roles)
	for l := range labels {
		idx.Labels = append(idx.Labels, l)
	}
	sort.Strings(idx.Labels)
	return idx
}

// worst is the verdict a group of specs is shown by.
func worst(specs []*results.Spec) results.Verdict {
	rank := map[results.Verdict]int{results.Error: 5, results.Fail: 4, results.Warn: 3, results.Pass: 2, results.NA: 1}
	w := results.Verdict("")
	for _, s := range specs {
		if w == "" || rank[s.Verdict] > rank[w] || rank[s.Verdict] == 0 {
			w = s.Verdict
		}
	}
	return w
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
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

// applicability says in words which nodes a spec is for and how strong
// its requirement is.
func applicability(s *results.Spec) string {
	who := map[string]string{"any": "hosts and routers", "host": "hosts only", "router": "routers only"}[s.Role]
	if who == "" {
		who = or(s.Role, "unspecified role")
	}
	lvl := map[string]string{"must": "a MUST (FAIL when broken)", "should": "a SHOULD (WARN when broken)", "may": "a MAY (optional: WARN, never FAIL, when not observed)"}[s.Level]
	if lvl == "" {
		lvl = or(s.Level, "unspecified level")
	}
	return who + "; " + lvl
}

func buildSpec(run *results.Run, r rowView) specView {
	s := r.S
	v := specView{
		Run:       run,
		S:         s,
		Class:     r.Class,
		RFCURL:    rfcURL(s.RFC, s.Section),
		RFCLabel:  rfcLabel(s.RFC, s.Section),
		Started:   fmtTime(s.Started),
		Duration:  fmtDuration(s.Duration),
		Applies:   applicability(s),
		Procedure: procedure(s),
	}
	v.Purpose = purposeOf(s.Part)
	if _, rest, ok := strings.Cut(strings.TrimSpace(s.Reason), "\n"); ok {
		v.MoreReason = strings.TrimSpace(rest)
	}
	v.Pcap = "../" + pcapPath(s, r)
	if f := failingStep(s); f >= 0 {
		v.Failed = f + 1
		for _, p := range v.Procedure {
			for _, it := range p.Items {
				if it.N == v.Failed {
					v.FailedBy = p.N
				}
			}
		}
	}
	for i, st := range s.Steps {
		v.Steps = append(v.Steps, stepViewOf(i, st))
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
			fv.Short = "not valid hex"
		} else {
			fv.Len, fv.Dump = len(b), hexDump(b)
			fv.Layers, fv.Short, fv.Problem = decodeFrame(b)
		}
		v.Frames = append(v.Frames, fv)
	}
	v.Ladder = buildLadder(run, s, v.Frames)
	return v
}

// pcapPath is where the report keeps a spec's pcapng, relative to the
// report's folder: the run's own path when it is a plain relative one.
func pcapPath(s *results.Spec, r rowView) string {
	if p := filepath.ToSlash(s.Pcap); p != "" && filepath.IsLocal(s.Pcap) && strings.HasSuffix(p, ".pcapng") {
		return p
	}
	return "pcap/" + strings.TrimSuffix(path.Base(r.Page), ".html") + ".pcapng"
}
