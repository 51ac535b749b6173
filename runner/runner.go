// Package runner runs a selection of the RFC suites against one target from
// a program (not from go test), turns Ginkgo's reports into verdicts, and
// writes the results file as each spec ends, so that nothing is lost if the
// run is cut short.
package runner

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/v6ct/v6ct/results"
	_ "github.com/v6ct/v6ct/rfc1981" // the suites register their specs when imported
	_ "github.com/v6ct/v6ct/rfc2373"
	_ "github.com/v6ct/v6ct/rfc2460"
	_ "github.com/v6ct/v6ct/rfc2461"
	_ "github.com/v6ct/v6ct/rfc2462"
	_ "github.com/v6ct/v6ct/rfc2463"
	_ "github.com/v6ct/v6ct/rfc2473"
	"github.com/v6ct/v6ct/suites"
)

// Version is the tool's version, set at build time.
var Version = "dev"

// Options select what to run against what.
type Options struct {
	Target      string // refnode, linux-host
	Role        string // host or router; empty: the target's own
	LabelFilter string // Ginkgo label filter
	OutDir      string // results.json, junit.xml, pcap/, HTML
	Prove       bool   // run each spec against the reference node with its own fault
	// Progress gets one line per spec; nil: none.
	Progress io.Writer
	// OnSpec is called with each spec's result as it ends.
	OnSpec func(results.Spec)
	// Specs, when not empty, runs only the specs with these full texts
	// (the container texts and the It's, joined by spaces), as well as the
	// label filter allows.
	Specs []string
	// FailFast stops the run at the first spec that does not pass.
	FailFast bool
	// Claim, when set, is asked before each selected spec whether this
	// process runs it (a worker of a parallel run); a spec it may not run
	// is left out of the results.
	Claim func(fullText string) bool
	// OnResult, when set, gets each spec's full text and result as it
	// ends, and the run's FATAL line once the device stopped answering.
	OnResult func(fullText string, s results.Spec, fatal string)
	// Quiet keeps from Progress the specs that passed or did not apply,
	// and the "still running" lines.
	Quiet bool
	// StillRunningEvery is how often Progress hears of a spec that has
	// not ended yet ("still running: ..."); 0: every 10 s, below 0: never.
	StillRunningEvery time.Duration
}

// DefaultStillRunningEvery is how often a long spec is reported.
const DefaultStillRunningEvery = 10 * time.Second

// Run runs the selected specs. It returns the run even when some specs did
// not pass; an error means the run itself could not be made.
func Run(o Options) (*results.Run, error) {
	target, run, selection, resultsPath, err := begin(o)
	if err != nil {
		return nil, err
	}
	o.LabelFilter = run.LabelFilter
	writer := &resultsWriter{path: resultsPath, last: time.Now()}

	suites.Configure(suites.Config{Target: target, OutDir: o.OutDir, Prove: o.Prove})
	defer suites.Shutdown()
	ids := map[string]int{}
	selected := labelMatcher(o.LabelFilter)
	progress := newProgress(o.Progress, len(selection), o.Quiet)
	notRunAsError := 0 // selected specs a FATAL stop turned into ERROR "not run"
	anyFailed := false
	if every := o.StillRunningEvery; every >= 0 && !o.Quiet && o.Progress != nil {
		if every == 0 {
			every = DefaultStillRunningEvery
		}
		ReportBeforeEach(func(r SpecReport) { progress.started(r) })
		stop := progress.watch(every, time.Now, lastStep)
		defer stop()
	}
	writeCoverage, err := perSpecCoverage()
	if err != nil {
		return nil, err
	}
	granted := map[string]bool{} // a worker's specs: the coordinator gave them to it
	if o.Claim != nil {
		BeforeEach(func() {
			text := CurrentSpecReport().FullText()
			if !o.Claim(text) {
				Skip(skippedForOther)
			}
			granted[text] = true
		})
	}
	ReportAfterEach(func(r SpecReport) {
		if o.Claim != nil && !granted[r.FullText()] {
			return // another worker's, even when an interrupt ended it here before the skip
		}
		notRun := false
		if r.State == types.SpecStateSkipped && r.Failure.Message == "" {
			if run.Fatal == "" || !selected(r.Labels()) {
				progress.idle()
				return // left out by the label filter: not part of this run
			}
			notRun = true // selected, but the run stopped before it (FATAL)
		}
		s := specResult(r, o.Prove)
		if notRun {
			s.Verdict, s.Reason = results.Error, "not run: the run stopped before this spec (the device stopped answering; see the run's FATAL line)"
			notRunAsError++
		}
		if st := suites.DeviceStatusOf(r); st != nil {
			s.Verdict, s.Reason, s.Device = withDevice(s.Verdict, s.Reason, st)
			for _, l := range st.Recovery {
				s.Steps = append(s.Steps, results.Step{Kind: "note", Text: "after the spec: " + l})
			}
			if st.Fatal != "" && run.Fatal == "" {
				run.Fatal = st.Fatal
				defer progress.line(st.Fatal)
			}
		}
		if n := ids[s.ID]; n > 0 {
			s.ID = fmt.Sprintf("%s-%d", s.ID, n+1)
		}
		ids[s.ID]++
		run.Specs = append(run.Specs, s)
		if writeCoverage != nil {
			writeCoverage(r, string(s.Verdict))
		}
		addInterfaces(run, r)
		run.Ended = time.Now()
		run.Duration = run.Ended.Sub(run.Started)
		writer.specEnded(run)
		if s.Verdict != results.Pass && s.Verdict != results.NA && s.Verdict != results.Warn {
			anyFailed = true
		}
		progress.ended(s)
		if o.OnSpec != nil {
			o.OnSpec(s)
		}
		if o.OnResult != nil {
			o.OnResult(r.FullText(), s, run.Fatal)
		}
	})

	sc, rc := GinkgoConfiguration()
	sc.LabelFilter = o.LabelFilter
	runOrder(&sc)
	description := runDescription(target.Name())
	sc.FocusStrings = nil
	if len(o.Specs) > 0 {
		sc.FocusStrings = exactFocus(description, o.Specs)
	}
	sc.FailFast = o.FailFast
	rc.Succinct = true
	rc.NoColor = true
	sig := watchSignals()
	if sig.received() == nil {
		RunSpecs(&testingT{}, description, sc, rc)
	}
	sig.stop()

	run.Ended = time.Now()
	run.Duration = run.Ended.Sub(run.Started)
	run.Incomplete = incomplete(run, selection, notRunAsError, sig.received(), o.FailFast && anyFailed)
	return run, writer.flush(run)
}

// testingT stands in for *testing.T: Ginkgo only needs to hear of failure.
type testingT struct{ failed bool }

func (t *testingT) Fail() { t.failed = true }

// clearOldRun removes the per-spec files of an earlier run in the same
// folder, but only when the folder holds a v6ct results file.
func clearOldRun(dir string) {
	if _, err := os.Stat(filepath.Join(dir, "results.json")); err != nil {
		return
	}
	os.RemoveAll(filepath.Join(dir, "pcap"))
	os.RemoveAll(filepath.Join(dir, "specs"))
}

func specResult(r SpecReport, prove bool) results.Spec {
	labels := r.Labels()
	title, part := titleAndPart(r)
	folder := filepath.Base(filepath.Dir(r.LeafNodeLocation.FileName))
	s := results.Spec{
		Title: title, Part: part, Folder: folder, Labels: labels,
		RFC: suites.LabelValue(labels, "rfc"), Section: suites.LabelValue(labels, "section"), IPv6Ready: suites.LabelValue(labels, "ipv6ready"),
		Role: suites.LabelValue(labels, "role"), Level: suites.LabelValue(labels, "level"), Fault: suites.LabelValue(labels, "fault"),
		Started: r.StartTime, Duration: r.RunTime, Steps: []results.Step{}, Frames: []results.Frame{},
	}
	s.ID = suites.SpecID(r)
	var ev *suites.Evidence
	for _, e := range r.ReportEntries {
		if e.Name == suites.EvidenceEntry {
			ev, _ = e.GetRawValue().(*suites.Evidence)
		}
	}
	if ev != nil {
		s.Frames = append(s.Frames, ev.Frames...)
		s.Pcap = ev.Pcap
	}
	s.Steps = mergeSteps(r, ev)
	numberFrames(r, ev, s.Frames)
	s.Verdict, s.Reason = verdict(r, s.Level)
	if loc := r.FailureLocation(); r.Failed() && loc.FileName != "" {
		s.Location = fmt.Sprintf("%s:%d", filepath.Join(folder, filepath.Base(loc.FileName)), loc.LineNumber)
	}
	if prove {
		s.Reason = proveReason(s)
	}
	return s
}

func verdict(r SpecReport, level string) (results.Verdict, string) {
	msg := strings.TrimSpace(r.FailureMessage())
	switch r.State {
	case types.SpecStatePassed:
		return results.Pass, "every requirement held"
	case types.SpecStateSkipped, types.SpecStatePending:
		if msg == "" {
			msg = "not selected for this run"
		}
		return results.NA, msg
	case types.SpecStateFailed:
		if suites.IsTesterError(msg) {
			return results.Error, msg
		}
		switch level {
		case "should":
			return results.Warn, msg
		case "may":
			// A MAY is optional: a node that does not do it departs from
			// nothing, so it never FAILs. WARN (with this reason) keeps it
			// visible in the reports and the JUnit output without calling
			// it a deviation.
			return results.Warn, MayNotObserved + msg
		}
		return results.Fail, msg
	case types.SpecStatePanicked:
		return results.Error, "the tester panicked: " + msg
	case types.SpecStateInterrupted:
		return results.Error, "interrupted: " + msg
	default:
		return results.Error, fmt.Sprintf("%s: %s", r.State, msg)
	}
}

// MayNotObserved starts the reason of a failed MAY spec (level:may): the
// node did not show an optional behaviour, which is not a deviation from
// the RFC.
const MayNotObserved = "optional behaviour (MAY) not observed, not a deviation: "

func proveReason(s results.Spec) string {
	switch s.Verdict {
	case results.Fail, results.Warn:
		return fmt.Sprintf("proven: with fault %s the spec fails as it must. %s", s.Fault, s.Reason)
	case results.Pass:
		return fmt.Sprintf("NOT proven: the spec passed against a node with fault %s", s.Fault)
	}
	return s.Reason
}

// titleAndPart splits a spec's texts: the test (outermost container) and
// the behaviour checked (everything below it).
func titleAndPart(r SpecReport) (string, string) {
	texts := append(append([]string{}, r.ContainerHierarchyTexts...), r.LeafNodeText)
	if len(texts) == 1 {
		return texts[0], texts[0]
	}
	return texts[0], strings.Join(texts[1:], ": ")
}

// mergeSteps interleaves Ginkgo's By steps with the tester's own, in the
// order they happened.
func mergeSteps(r SpecReport, ev *suites.Evidence) []results.Step {
	type timed struct {
		wall time.Time
		s    results.Step
	}
	var all []timed
	if ev != nil {
		walls := ev.StepWalls()
		for i, s := range ev.Steps {
			w := time.Time{}
			if i < len(walls) {
				w = walls[i]
			}
			all = append(all, timed{w, s})
		}
	}
	for _, e := range r.SpecEvents {
		if e.SpecEventType == types.SpecEventByStart {
			all = append(all, timed{e.TimelineLocation.Time, results.Step{Kind: "by", Text: e.Message}})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].wall.Before(all[j].wall) })
	out := make([]results.Step, 0, len(all))
	var at time.Duration
	for i := len(all) - 1; i >= 0; i-- { // a By takes the time of the step after it
		if all[i].s.Kind == "by" {
			all[i].s.At = at
		} else {
			at = all[i].s.At
		}
	}
	for _, t := range all {
		out = append(out, t.s)
	}
	return out
}

// runOrder keeps the order of the specs the same run to run (Ginkgo
// always shuffles top-level containers).
func runOrder(sc *types.SuiteConfig) {
	sc.RandomizeAllSpecs = false
	sc.RandomSeed = 1
}

func progressLine(s results.Spec) string {
	id := s.IPv6Ready
	if id == "" {
		id = "-"
	}
	return fmt.Sprintf("%-5s %-8s §%-7s %-14s %s: %s (%s)%s", s.Verdict, rfcOf(s), s.Section, id, s.Title, s.Part,
		s.Duration.Round(time.Millisecond), reasonSuffix(s))
}

// rfcOf names the RFC whose section the line shows ("RFC 4291"), not the
// spec's folder, which may hold specs of several RFCs.
func rfcOf(s results.Spec) string {
	if s.RFC == "" {
		return s.Folder
	}
	return "RFC " + s.RFC
}

func reasonSuffix(s results.Spec) string {
	if s.Verdict == results.Pass {
		return ""
	}
	return "\n      " + firstLine(s.Reason)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// --- report references: what the report's run metadata and packet ladder
// need beyond the verdict.

// addInterfaces adds the ends of a spec's links to the run's, once each.
func addInterfaces(run *results.Run, r SpecReport) {
	ev := evidenceOf(r)
	if ev == nil {
		return
	}
	for _, in := range ev.Interfaces {
		seen := false
		for _, have := range run.Interfaces {
			seen = seen || (have.Link == in.Link && have.Node == in.Node)
		}
		if !seen {
			run.Interfaces = append(run.Interfaces, in)
		}
	}
}

func evidenceOf(r SpecReport) *suites.Evidence {
	for _, e := range r.ReportEntries {
		if e.Name == suites.EvidenceEntry {
			ev, _ := e.GetRawValue().(*suites.Evidence)
			return ev
		}
	}
	return nil
}

// numberFrames gives each frame the number of the By step it went by in.
func numberFrames(r SpecReport, ev *suites.Evidence, frames []results.Frame) {
	if ev == nil {
		return
	}
	var bys []time.Time
	for _, e := range r.SpecEvents {
		if e.SpecEventType == types.SpecEventByStart {
			bys = append(bys, e.TimelineLocation.Time)
		}
	}
	sort.Slice(bys, func(i, j int) bool { return bys[i].Before(bys[j]) })
	for i, w := range ev.FrameWalls() {
		if i < len(frames) {
			frames[i].Step = sort.Search(len(bys), func(k int) bool { return bys[k].After(w) })
		}
	}
}

// --- device certification: a node under test that stopped answering.

// deviceReason is the ERROR reason of a spec after which the device no
// longer answered.
// withDevice joins a spec's own verdict with what the alive check after it
// found. A FAIL or WARN for a frame the node sent stands, with the silence
// reported beside it. A PASS from a device that then went silent is ERROR,
// since a silent device passes every "must not send" check, and so is a
// FAIL for a frame that never came, which the silence explains; the reason
// keeps the spec's own result.
func withDevice(v results.Verdict, reason string, st *suites.DeviceStatus) (results.Verdict, string, string) {
	if st.Down == "" {
		return v, reason, ""
	}
	dev := deviceReason(st)
	passed := v == results.Pass || (v == results.Error && strings.Contains(reason, st.Down))
	switch {
	case passed:
		return results.Error, dev + " (the spec's own checks passed, but a PASS needs a device that still answers)", dev
	case (v == results.Fail || v == results.Warn) && st.SpecMissed:
		return results.Error, dev + " (the spec's own " + string(v) + ", for a frame that never came, is explained by that: " + reason + ")", dev
	case v == results.Error && strings.Contains(reason, ": sending: "):
		// the link went down under the tester, which then could not send
		return results.Error, dev + " (the tester could not send on the link either: " + reason + ")", dev
	}
	return v, reason + "\nAfter the spec: " + dev, dev
}

func deviceReason(st *suites.DeviceStatus) string {
	r := st.Down
	if st.Fatal != "" {
		return r + ". " + st.Fatal
	}
	if n := len(st.Recovery); n > 0 {
		r += "; " + st.Recovery[n-1]
	}
	return r
}

// labelMatcher reports whether a spec's labels pass the run's filter.
func labelMatcher(q string) func([]string) bool {
	if q == "" {
		return func([]string) bool { return true }
	}
	f, err := types.ParseLabelFilter(q)
	if err != nil {
		return func([]string) bool { return true }
	}
	return f
}

// begin checks o, selects its specs and starts the run: the results file
// in o.OutDir holds the run's header. A serial and a parallel run begin
// alike.
func begin(o Options) (suites.Target, *results.Run, []SpecInfo, string, error) {
	if err := ValidateLabelFilter(o.LabelFilter); err != nil {
		return nil, nil, nil, "", err
	}
	if err := CheckProve(o); err != nil {
		return nil, nil, nil, "", err
	}
	target, err := suites.NewTarget(o.Target, o.Role)
	if err != nil {
		return nil, nil, nil, "", err
	}
	selection, err := Select(o)
	if err != nil {
		return nil, nil, nil, "", err
	}
	if len(selection) == 0 {
		return nil, nil, nil, "", ExplainEmpty(o)
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return nil, nil, nil, "", fmt.Errorf("output folder: %w", err)
	}
	resultsPath := filepath.Join(o.OutDir, "results.json")
	clearOldRun(o.OutDir)
	run := &results.Run{Tool: "v6ct", Version: Version, Target: target.Name(), Role: target.Role(),
		LabelFilter: EffectiveLabelFilter(o.LabelFilter), Prove: o.Prove, Started: time.Now(), Specs: []results.Spec{}}
	run.Commit, run.GoVersion, run.Host = results.Provenance()
	if err := run.Write(resultsPath); err != nil {
		return nil, nil, nil, "", fmt.Errorf("writing %s: %w", resultsPath, err)
	}
	return target, run, selection, resultsPath, nil
}

// CheckProve refuses a fault proof against anything but the reference node.
func CheckProve(o Options) error {
	if o.Prove && o.Target != "refnode" && o.Target != "refnode-async" {
		return errors.New("--prove needs the refnode target: faults are the reference node's")
	}
	return nil
}
