// Command mutate is the mutation tester of the reference node: it makes
// small, realistic mistakes in refnode's code (a comparison off by one, a
// condition forgotten, a branch swapped, a statement dropped), one at a
// time, and checks that some conformance spec notices each.
//
//	go run ./tools/mutate [flags] [PACKAGE-DIR|FILE ...]   (default: refnode/...)
//
// Each mutant is applied with go build -overlay (the tree is never
// copied or changed) and runs only the specs that executed its line in
// one instrumented conformance run per role (see runner.CoverDirEnv). A
// mutant is killed when one of those specs FAILs or WARNs (or ERRORs), or
// the node panics or hangs; it survives when they all still pass; it is
// not covered when no spec ran its line. The score of a package is
// killed / (mutants - equivalent - invalid), not-covered counting as
// survived. Mutants judged equivalent (no spec can tell them, for a
// stated reason) are listed in tools/mutate/equivalent.txt.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type options struct {
	since      string
	jobs       int
	equivalent string
	jsonOut    string
	work       string
	coverFrom  string
	roles      []string
	every      int
	seed       string
	max        int
	budget     time.Duration
	list       bool
	failUnder  float64
	keys       string
	targets    []string
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mutate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	roles := ""
	fs.StringVar(&o.since, "since", "", "only mutants on lines changed since this git ref (incremental mode)")
	fs.IntVar(&o.jobs, "j", runtime.NumCPU(), "mutants built and run at once")
	fs.StringVar(&o.equivalent, "equivalent", "tools/mutate/equivalent.txt", "mutants judged equivalent: KEY reason, one a line")
	fs.StringVar(&o.jsonOut, "json", "", "write the result as JSON to this file (default WORK/mutate.json)")
	fs.StringVar(&o.work, "work", filepath.Join(os.TempDir(), "v6ct-mutate"), "work folder: coverage, mutant builds")
	fs.StringVar(&o.coverFrom, "cover-from", "", "reuse the per-spec coverage of an earlier run's work folder (same source!) instead of measuring it")
	fs.StringVar(&roles, "roles", "host,router", "roles of the reference node to run the specs in")
	fs.IntVar(&o.every, "every", 1, "sample: keep about one mutant in this many, chosen by a hash of --seed and the mutant's key")
	fs.StringVar(&o.seed, "seed", "v6ct", "seed of the sample")
	fs.IntVar(&o.max, "max", 0, "run at most this many mutants (the first in the seeded order); 0: all")
	fs.DurationVar(&o.budget, "budget", 0, "start no mutant after this much time (the rest are reported as not run); 0: no limit")
	fs.BoolVar(&o.list, "list", false, "list the mutants and stop")
	fs.StringVar(&o.keys, "keys", "", "run only the mutants whose keys are in this file (one a line, or an earlier run's JSON: its survivors and not-covered)")
	fs.Float64Var(&o.failUnder, "fail-under", 0, "exit 1 when the score of the mutants run is below this percentage")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	o.roles = strings.Split(roles, ",")
	o.targets = fs.Args()
	if len(o.targets) == 0 {
		o.targets = []string{"refnode/..."}
	}
	if o.jsonOut == "" {
		o.jsonOut = filepath.Join(o.work, "mutate.json")
	}
	res, err := mutate(o, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "mutate: %v\n", err)
		return 2
	}
	if res == nil {
		return 0
	}
	if o.failUnder > 0 && res.Total.Score < o.failUnder {
		fmt.Fprintf(stdout, "score %.1f%% is below %.1f%%\n", res.Total.Score, o.failUnder)
		return 1
	}
	return 0
}

// Statuses of a mutant.
const (
	stKilled     = "killed"       // a covering spec FAILed, WARNed or ERRORed
	stCrash      = "killed-crash" // the node panicked
	stTimeout    = "killed-timeout"
	stSurvived   = "survived"
	stNotCovered = "not-covered" // no spec ran its line: counted as survived
	stEquivalent = "equivalent"
	stInvalid    = "invalid" // does not compile: not counted
	stNotRun     = "not-run" // the time budget ran out: not counted
	stError      = "error"   // the tool could not run it: not counted
)

// Result is one mutant's outcome.
type Result struct {
	Mutant
	Status   string   `json:"status"`
	KilledBy string   `json:"killed_by,omitempty"`
	Specs    []string `json:"specs,omitempty"` // covering specs, "role: full text"
	Reason   string   `json:"reason,omitempty"`
	Seconds  float64  `json:"seconds,omitempty"`
}

// Score counts one package's mutants.
type Score struct {
	Mutants    int     `json:"mutants"`
	Killed     int     `json:"killed"` // crashes and timeouts included
	Crash      int     `json:"killed_crash"`
	Timeout    int     `json:"killed_timeout"`
	Survived   int     `json:"survived"`
	NotCovered int     `json:"not_covered"`
	Equivalent int     `json:"equivalent"`
	Invalid    int     `json:"invalid"`
	NotRun     int     `json:"not_run"`
	Score      float64 `json:"score"` // killed / (mutants - equivalent - invalid - not run - error), in percent
}

func (s *Score) add(st string) {
	s.Mutants++
	switch st {
	case stKilled:
		s.Killed++
	case stCrash:
		s.Killed++
		s.Crash++
	case stTimeout:
		s.Killed++
		s.Timeout++
	case stSurvived:
		s.Survived++
	case stNotCovered:
		s.NotCovered++
	case stEquivalent:
		s.Equivalent++
	case stInvalid:
		s.Invalid++
	default:
		s.NotRun++
	}
	if d := s.Killed + s.Survived + s.NotCovered; d > 0 {
		s.Score = 100 * float64(s.Killed) / float64(d)
	}
}

// Report is the JSON result.
type Report struct {
	Started  time.Time         `json:"started"`
	Seconds  float64           `json:"seconds"`
	Since    string            `json:"since,omitempty"`
	Sample   string            `json:"sample,omitempty"`
	Targets  []string          `json:"targets"`
	Packages map[string]*Score `json:"packages"`
	Total    Score             `json:"total"`
	Mutants  []Result          `json:"mutants"`
}

func mutate(o options, out io.Writer) (*Report, error) {
	started := time.Now()
	root, err := gitOut("", "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("not in a git work tree: %v", err)
	}
	module, err := modulePath(root)
	if err != nil {
		return nil, err
	}
	files, err := expandTargets(root, o.targets)
	if err != nil {
		return nil, err
	}
	var changed map[string]map[int]bool
	if o.since != "" {
		if changed, err = changedLines(root, o.since); err != nil {
			return nil, err
		}
	}
	var all []Mutant
	for _, f := range files {
		src, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return nil, err
		}
		ms, err := Generate(f, filepath.Dir(f), src)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if changed != nil && !changed[f][m.Line] {
				continue
			}
			all = append(all, m)
		}
	}
	if o.keys != "" {
		keep, err := readKeys(o.keys)
		if err != nil {
			return nil, err
		}
		var kept []Mutant
		for _, m := range all {
			if keep[m.Key] {
				kept = append(kept, m)
			}
		}
		all = kept
	}
	total := len(all)
	all = sample(all, o.every, o.max, o.seed)
	sampleNote := ""
	if len(all) != total {
		sampleNote = fmt.Sprintf("%d of %d mutants (--every %d --seed %s --max %d)", len(all), total, o.every, o.seed, o.max)
		fmt.Fprintf(out, "sample: %s\n", sampleNote)
	}
	if o.list {
		for _, m := range all {
			fmt.Fprintf(out, "%s:%d\t%s\t%s\t%s\n", m.File, m.Line, m.Op, m.Desc, m.Key)
		}
		fmt.Fprintf(out, "%d mutants\n", len(all))
		return nil, nil
	}
	if len(all) == 0 {
		fmt.Fprintln(out, "no mutants: nothing to test")
		return nil, nil
	}
	equiv, err := readEquivalents(filepath.Join(root, o.equivalent))
	if err != nil {
		return nil, err
	}
	left := 0
	for _, m := range all {
		if equiv[m.Key] == "" {
			left++
		}
	}
	if left == 0 {
		fmt.Fprintf(out, "%d mutants, every one judged equivalent: nothing to test\n", len(all))
		return nil, nil
	}
	if err := os.MkdirAll(o.work, 0o755); err != nil {
		return nil, err
	}
	work, _ := filepath.Abs(o.work)
	cov, err := measureCoverage(root, module, work, o, out)
	if err != nil {
		return nil, err
	}
	rep := &Report{Started: started, Since: o.since, Sample: sampleNote, Targets: o.targets, Packages: map[string]*Score{}}
	var todo []int
	results := make([]Result, len(all))
	for i, m := range all {
		r := Result{Mutant: m}
		ids := cov.Covering(m.File, m.CovLine, m.CovCol)
		for _, id := range ids {
			r.Specs = append(r.Specs, cov.Specs[id].Role+": "+cov.Specs[id].Text)
		}
		switch {
		case equiv[m.Key] != "":
			r.Status, r.Reason = stEquivalent, equiv[m.Key]
		case len(ids) == 0:
			r.Status = stNotCovered
		default:
			todo = append(todo, i)
		}
		results[i] = r
	}
	fmt.Fprintf(out, "%d mutants: %d to run, %d not covered, %d equivalent; -j %d\n", len(all), len(todo),
		count(results, stNotCovered), count(results, stEquivalent), o.jobs)
	runMutants(root, work, o, cov, results, todo, out)
	rep.Mutants = results
	for _, r := range results {
		if rep.Packages[r.Pkg] == nil {
			rep.Packages[r.Pkg] = &Score{}
		}
		rep.Packages[r.Pkg].add(r.Status)
		rep.Total.add(r.Status)
	}
	rep.Seconds = time.Since(started).Seconds()
	printReport(out, rep)
	if b, err := json.MarshalIndent(rep, "", "  "); err == nil {
		if err := os.WriteFile(o.jsonOut, b, 0o644); err != nil {
			return nil, err
		}
		fmt.Fprintf(out, "result: %s\n", o.jsonOut)
	}
	return rep, nil
}

func count(rs []Result, st string) int {
	n := 0
	for _, r := range rs {
		if r.Status == st {
			n++
		}
	}
	return n
}

func gitOut(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	b, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, ee.Stderr)
		}
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

func modulePath(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if m, ok := strings.CutPrefix(strings.TrimSpace(l), "module "); ok {
			return strings.TrimSpace(m), nil
		}
	}
	return "", errors.New("go.mod names no module")
}

// expandTargets turns folders (DIR, DIR/...) and files into the non-test Go
// files of the reference node, paths from the repository root.
func expandTargets(root string, targets []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	addFile := func(rel string) {
		// The named faults' own code (refnode/faults, and the helpers that
		// only a fault calls, in files named *faults.go) is no real path.
		if strings.HasSuffix(rel, "faults.go") || strings.HasPrefix(rel, "refnode/faults/") {
			return
		}
		if strings.HasSuffix(rel, ".go") && !strings.HasSuffix(rel, "_test.go") && !seen[rel] {
			seen[rel] = true
			out = append(out, rel)
		}
	}
	for _, t := range targets {
		t = filepath.ToSlash(filepath.Clean(strings.TrimPrefix(t, "./")))
		recursive := false
		if d, ok := strings.CutSuffix(t, "/..."); ok {
			t, recursive = d, true
		}
		if !strings.HasPrefix(t, "refnode") {
			return nil, fmt.Errorf("%s: only the reference node (refnode/...) is mutated", t)
		}
		abs := filepath.Join(root, t)
		st, err := os.Stat(abs)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			addFile(t)
			continue
		}
		err = filepath.WalkDir(abs, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != abs && (!recursive || d.Name() == "testdata") {
					return filepath.SkipDir
				}
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			addFile(filepath.ToSlash(rel))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

var hunkRe = regexp.MustCompile(`^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@`)

// changedLines are the lines of refnode's files (as they are now in the
// work tree) that differ from ref.
func changedLines(root, ref string) (map[string]map[int]bool, error) {
	d, err := gitOut(root, "diff", "--no-color", "--unified=0", ref, "--", "refnode")
	if err != nil {
		return nil, err
	}
	return parseDiff(d), nil
}

func parseDiff(d string) map[string]map[int]bool {
	out := map[string]map[int]bool{}
	file := ""
	for _, l := range strings.Split(d, "\n") {
		if f, ok := strings.CutPrefix(l, "+++ "); ok {
			file = strings.TrimPrefix(f, "b/")
			if f == "/dev/null" {
				file = ""
			}
			continue
		}
		m := hunkRe.FindStringSubmatch(l)
		if m == nil || file == "" {
			continue
		}
		start, _ := strconv.Atoi(m[1])
		n := 1
		if m[2] != "" {
			n, _ = strconv.Atoi(m[2])
		}
		if out[file] == nil {
			out[file] = map[int]bool{}
		}
		for i := start; i < start+n; i++ {
			out[file][i] = true
		}
	}
	return out
}

// sample keeps about one mutant in every, by a hash of seed and key (so
// that a mutant's fate does not depend on the others), then the first max
// in the hash order; the result is in file order.
func sample(ms []Mutant, every, max int, seed string) []Mutant {
	if every <= 1 && (max <= 0 || max >= len(ms)) {
		return ms
	}
	type h struct {
		i int
		v uint64
	}
	var keep []h
	for i, m := range ms {
		f := fnv.New64a()
		io.WriteString(f, seed+"\x00"+m.Key)
		v := f.Sum64()
		if every > 1 && v%uint64(every) != 0 {
			continue
		}
		keep = append(keep, h{i, v})
	}
	if max > 0 && len(keep) > max {
		sort.Slice(keep, func(a, b int) bool { return keep[a].v < keep[b].v })
		keep = keep[:max]
	}
	sort.Slice(keep, func(a, b int) bool { return keep[a].i < keep[b].i })
	out := make([]Mutant, len(keep))
	for i, k := range keep {
		out[i] = ms[k.i]
	}
	return out
}

// readKeys reads mutant keys: one a line, or from an earlier run's JSON
// result the mutants that survived or were not covered (to measure again
// after specs were added).
func readKeys(path string) (map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	var rep Report
	if json.Unmarshal(b, &rep) == nil && rep.Mutants != nil {
		for _, r := range rep.Mutants {
			if r.Status == stSurvived || r.Status == stNotCovered {
				out[r.Key] = true
			}
		}
		return out, nil
	}
	for _, l := range strings.Split(string(b), "\n") {
		if k, _, _ := strings.Cut(strings.TrimSpace(l), " "); k != "" && !strings.HasPrefix(k, "#") {
			out[k] = true
		}
	}
	return out, nil
}

// readEquivalents reads "KEY reason" lines; # starts a comment line.
func readEquivalents(path string) (map[string]string, error) {
	out := map[string]string{}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		key, reason, _ := strings.Cut(l, " ")
		if strings.TrimSpace(reason) == "" {
			return nil, fmt.Errorf("%s:%d: %s has no reason", path, n, key)
		}
		out[key] = strings.TrimSpace(reason)
	}
	return out, sc.Err()
}

func printReport(out io.Writer, rep *Report) {
	var pkgs []string
	for p := range rep.Packages {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	fmt.Fprintf(out, "\n%-18s %7s %6s %8s %11s %10s %7s %7s %6s\n", "package", "mutants", "killed", "survived", "not-covered", "equivalent", "invalid", "not-run", "score")
	line := func(name string, s *Score) {
		fmt.Fprintf(out, "%-18s %7d %6d %8d %11d %10d %7d %7d %5.1f%%\n", name, s.Mutants, s.Killed, s.Survived, s.NotCovered, s.Equivalent, s.Invalid, s.NotRun, s.Score)
	}
	for _, p := range pkgs {
		line(p, rep.Packages[p])
	}
	line("total", &rep.Total)
	if rep.Total.Crash+rep.Total.Timeout > 0 {
		fmt.Fprintf(out, "(killed includes %d by a panic and %d by a timeout)\n", rep.Total.Crash, rep.Total.Timeout)
	}
	var run []float64
	for _, r := range rep.Mutants {
		if r.Seconds > 0 {
			run = append(run, r.Seconds)
		}
	}
	if len(run) > 0 {
		sort.Float64s(run)
		sum := 0.0
		for _, s := range run {
			sum += s
		}
		fmt.Fprintf(out, "time per mutant run: mean %.1fs, median %.1fs, max %.1fs; whole run %s\n", sum/float64(len(run)), run[len(run)/2], run[len(run)-1], time.Duration(rep.Seconds*float64(time.Second)).Round(time.Second))
	}
	section := func(st, title string) {
		first := true
		for _, r := range rep.Mutants {
			if r.Status != st {
				continue
			}
			if first {
				fmt.Fprintf(out, "\n%s:\n", title)
				first = false
			}
			fmt.Fprintf(out, "%s:%d  %s  %s  (%s)\n    key %s\n", r.File, r.Line, r.Op, r.Desc, r.Func, r.Key)
			for i, s := range r.Specs {
				if i == 8 {
					fmt.Fprintf(out, "    ... and %d more specs\n", len(r.Specs)-i)
					break
				}
				fmt.Fprintf(out, "    covered by %s\n", s)
			}
			if r.Reason != "" {
				fmt.Fprintf(out, "    %s\n", r.Reason)
			}
		}
	}
	section(stSurvived, "SURVIVED (every spec that ran the line still passes)")
	section(stNotCovered, "NOT COVERED (no spec runs the line; counted as survived)")
	section(stError, "ERROR (the tool could not run these)")
}
