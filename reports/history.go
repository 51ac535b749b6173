package reports

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/v6ct/v6ct/results"
)

// The history: every run in a folder of its own under a root folder,
// named by its start time, never overwritten; root/latest links the newest
// and root/index.html lists them all.
//
//	v6ct-report/
//	  index.html                 the runs, newest first, with what changed
//	  latest -> 2026-03-01T10-00-00Z
//	  2026-03-01T10-00-00Z/      index.html, specs/, pcap/, results.json, junit.xml, summary.json
//	  2026-02-28T17-12-03Z/

// LatestLink is the name of the link to the newest run in a history root.
const LatestLink = "latest"

const runFolderLayout = "2006-01-02T15-04-05Z"

// summaryFile holds a run's metadata and totals, so that the history page
// does not read every results file.
const summaryFile = "summary.json"

// NewRunDir creates the folder of a run started at t under root and returns
// its path; a second run in the same second gets a -2 suffix.
func NewRunDir(root string, t time.Time) (string, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	if err := migrateFlat(root); err != nil {
		return "", err
	}
	base := t.UTC().Format(runFolderLayout)
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		dir := filepath.Join(root, name)
		err := os.Mkdir(dir, 0o755)
		if err == nil {
			return dir, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", err
		}
	}
}

// migrateFlat moves a report written straight into root by an earlier
// version (root/results.json) into a run folder of its own, so that the
// history keeps it.
func migrateFlat(root string) error {
	res, err := results.Read(filepath.Join(root, "results.json"))
	if err != nil {
		return nil // nothing there, or not ours to move
	}
	t := res.Started
	if t.IsZero() {
		t = time.Now()
	}
	dir := filepath.Join(root, t.UTC().Format(runFolderLayout))
	if _, err := os.Stat(dir); err == nil {
		dir += "-flat"
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	for _, name := range []string{"results.json", "junit.xml", "index.html", "specs", "pcap"} {
		if err := os.Rename(filepath.Join(root, name), filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// RunEntry is one run of a history.
type RunEntry struct {
	Name    string // folder name
	Dir     string
	Summary Summary
}

// Summary is what the history page shows of a run.
type Summary struct {
	Tool        string                  `json:"tool"`
	Version     string                  `json:"version"`
	Commit      string                  `json:"commit,omitempty"`
	Target      string                  `json:"target"`
	Role        string                  `json:"role"`
	LabelFilter string                  `json:"label_filter,omitempty"`
	Prove       bool                    `json:"prove,omitempty"`
	Started     time.Time               `json:"started"`
	Duration    time.Duration           `json:"duration_ns"`
	Specs       int                     `json:"specs"`
	Totals      map[results.Verdict]int `json:"totals"`
	// Against and the counts after it compare the run with the one before
	// it of the same target and mode.
	Against     string `json:"against,omitempty"`
	Regressions int    `json:"regressions,omitempty"`
	Fixes       int    `json:"fixes,omitempty"`
}

func summarize(run *results.Run) Summary {
	return Summary{Tool: run.Tool, Version: run.Version, Commit: run.Commit, Target: run.Target, Role: run.Role,
		LabelFilter: run.LabelFilter, Prove: run.Prove, Started: run.Started, Duration: runDuration(run),
		Specs: len(run.Specs), Totals: run.Totals()}
}

// Runs lists the runs under root, newest first.
func Runs(root string) ([]RunEntry, error) {
	ents, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	var out []RunEntry
	for _, e := range ents {
		if !e.IsDir() || e.Name() == LatestLink {
			continue
		}
		dir := filepath.Join(root, e.Name())
		var s Summary
		if b, err := os.ReadFile(filepath.Join(dir, summaryFile)); err == nil && json.Unmarshal(b, &s) == nil {
			out = append(out, RunEntry{e.Name(), dir, s})
			continue
		}
		if run, err := results.Read(filepath.Join(dir, "results.json")); err == nil {
			out = append(out, RunEntry{e.Name(), dir, summarize(run)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name > out[j].Name })
	return out, nil
}

// Previous finds the newest run under root, other than the folder named
// except, of the same target and mode as run; nil when there is none.
func Previous(root, except string, run *results.Run) (*results.Run, string) {
	runs, err := Runs(root)
	if err != nil {
		return nil, ""
	}
	for _, r := range runs {
		if r.Name == filepath.Base(except) || r.Summary.Target != run.Target || r.Summary.Prove != run.Prove {
			continue
		}
		if r.Summary.Started.After(run.Started) && !run.Started.IsZero() {
			continue
		}
		if prev, err := results.Read(filepath.Join(r.Dir, "results.json")); err == nil {
			return prev, r.Name
		}
	}
	return nil, ""
}

// WriteRun writes a run's report into its folder under root, compared with
// the previous run of the same target and mode, then points root/latest at
// it and rewrites root/index.html.
func WriteRun(run *results.Run, root, dir string) error {
	prev, prevName := Previous(root, dir, run)
	opt := Options{Previous: prev, PreviousName: prevName}
	if prevName != "" {
		opt.PreviousHref = "../" + prevName + "/index.html"
	}
	if err := WriteWith(run, dir, opt); err != nil {
		return err
	}
	s := summarize(run)
	if prev != nil {
		d := Compare(prev, run)
		s.Against, s.Regressions, s.Fixes = prevName, len(d.Regressions), len(d.Fixes)
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, summaryFile), b, 0o644); err != nil {
		return err
	}
	if err := linkLatest(root, filepath.Base(dir)); err != nil {
		return err
	}
	return WriteHistory(root)
}

// linkLatest points root/latest at the run folder name, replacing the link
// in one step.
func linkLatest(root, name string) error {
	tmp := filepath.Join(root, ".latest.tmp")
	os.Remove(tmp)
	if err := os.Symlink(name, tmp); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(root, LatestLink))
}

type historyView struct {
	Root   string
	Latest string
	Runs   []historyRow
}

type historyRow struct {
	RunEntry
	Started  string
	Duration string
	Totals   []count
	Latest   bool
}

// WriteHistory writes root/index.html, the list of the runs under root.
func WriteHistory(root string) error {
	runs, err := Runs(root)
	if err != nil {
		return err
	}
	latest, _ := os.Readlink(filepath.Join(root, LatestLink))
	v := historyView{Root: filepath.Base(root), Latest: latest}
	for _, r := range runs {
		row := historyRow{RunEntry: r, Started: fmtTime(r.Summary.Started), Duration: fmtDuration(r.Summary.Duration), Latest: r.Name == latest}
		for _, vd := range results.Verdicts {
			row.Totals = append(row.Totals, count{Verdict: vd, Class: verdictClass(vd), N: r.Summary.Totals[vd]})
		}
		v.Runs = append(v.Runs, row)
	}
	return render(filepath.Join(root, "index.html"), "history.html", v)
}

// ResolveResults finds the results file a user names: a results file, a
// run folder, or a history root (its latest run).
func ResolveResults(p string) (string, error) {
	st, err := os.Stat(p)
	if err != nil {
		return "", err
	}
	if !st.IsDir() {
		return p, nil
	}
	for _, c := range []string{filepath.Join(p, "results.json"), filepath.Join(p, LatestLink, "results.json")} {
		if _, err := os.Stat(c); err == nil {
			return c, nil
		}
	}
	return "", fmt.Errorf("%s: no results.json in this folder (nor in %s/)", p, strings.TrimSuffix(LatestLink, "/"))
}
