package runner

import (
	"bytes"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/v6ct/v6ct/results"
)

func TestProgressLines(t *testing.T) {
	specs := []results.Spec{
		{Verdict: results.Pass, Folder: "rfc2460", Section: "4", Title: "A", Part: "a"},
		{Verdict: results.NA, Folder: "rfc2460", Section: "4", Title: "B", Part: "b", Reason: "applies to routers only"},
		{Verdict: results.Fail, Folder: "rfc2461", Section: "7.2", Title: "C", Part: "c", Reason: "no NA\nmore"},
	}
	cases := []struct {
		quiet bool
		want  []string // lines, each a prefix
	}{
		{false, []string{" 1/12 PASS  rfc2460", " 2/12 N/A   rfc2460", "      applies to routers only", " 3/12 FAIL  rfc2461", "      no NA"}},
		{true, []string{" 3/12 FAIL  rfc2461", "      no NA"}},
	}
	for _, c := range cases {
		var b bytes.Buffer
		p := newProgress(&b, 12, c.quiet)
		for _, s := range specs {
			p.ended(s)
		}
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		if len(lines) != len(c.want) {
			t.Fatalf("quiet=%v: %d lines, want %d:\n%s", c.quiet, len(lines), len(c.want), b.String())
		}
		for i, w := range c.want {
			if !strings.HasPrefix(lines[i], w) {
				t.Errorf("quiet=%v: line %d %q, want it to start %q", c.quiet, i, lines[i], w)
			}
		}
	}
}

func TestStillRunning(t *testing.T) {
	start := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	step := func() string { return "TN1 waits for the reassembly timeout" }
	cases := []struct {
		name    string
		skipped bool          // the spec in flight was left out by the filter
		ended   bool          // the spec ended before the tick
		at      time.Duration // since the spec started
		want    string        // "" for no line
	}{
		{"not yet", false, false, 9 * time.Second, ""},
		{"first", false, false, 10*time.Second + 30*time.Millisecond, "still running: 1/3 Fragments: Part A (10 s): TN1 waits for the reassembly timeout\n"},
		{"later", false, false, 41 * time.Second, "still running: 1/3 Fragments: Part A (40 s): TN1 waits for the reassembly timeout\n"},
		{"minutes", false, false, 130 * time.Second, "still running: 1/3 Fragments: Part A (2 min 10 s): TN1 waits for the reassembly timeout\n"},
		{"ended", false, true, 41 * time.Second, ""},
		{"skipped", true, false, 41 * time.Second, ""},
	}
	for _, c := range cases {
		var b bytes.Buffer
		p := newProgress(&b, 3, false)
		r := types.SpecReport{ContainerHierarchyTexts: []string{"Fragments"}, LeafNodeText: "Part A", StartTime: start}
		if c.skipped {
			r.State = types.SpecStateSkipped
		}
		p.started(r)
		if c.ended {
			p.ended(results.Spec{Verdict: results.Pass})
			b.Reset()
		}
		p.tick(start.Add(c.at), 10*time.Second, step)
		if b.String() != c.want {
			t.Errorf("%s: %q, want %q", c.name, b.String(), c.want)
		}
	}
}

// The ticker of a real run calls tick until stopped, and stop waits for it.
func TestProgressWatch(t *testing.T) {
	w := &signalWriter{wrote: make(chan struct{})}
	p := newProgress(w, 1, false)
	p.started(types.SpecReport{LeafNodeText: "slow", StartTime: time.Now().Add(-time.Hour)})
	stop := p.watch(time.Millisecond, time.Now, func() string { return "" })
	select {
	case <-w.wrote:
	case <-time.After(10 * time.Second):
		t.Error("no line in 10 s")
	}
	stop()
	if !strings.HasPrefix(w.String(), "still running: 1/1 slow (1 h") {
		t.Errorf("%q", w.String())
	}
}

// signalWriter closes wrote on its first write. Writes come under the
// progress lock.
type signalWriter struct {
	bytes.Buffer
	wrote chan struct{}
}

func (w *signalWriter) Write(b []byte) (int, error) {
	if w.Len() == 0 {
		defer close(w.wrote)
	}
	return w.Buffer.Write(b)
}

func TestHumanDuration(t *testing.T) {
	cases := []struct {
		d    time.Duration
		want string
	}{
		{500 * time.Millisecond, "500ms"},
		{40 * time.Second, "40 s"},
		{2 * time.Minute, "2 min"},
		{2*time.Minute + 10*time.Second, "2 min 10 s"},
		{time.Hour, "1 h"},
		{time.Hour + 5*time.Minute, "1 h 5 min"},
	}
	for _, c := range cases {
		if got := humanDuration(c.d); got != c.want {
			t.Errorf("humanDuration(%s) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestIncomplete(t *testing.T) {
	sel := []SpecInfo{{ID: "a", Folder: "rfc2460"}, {ID: "b", Folder: "rfc2460"}, {ID: "c", Folder: "rfc2461", Title: "C", Part: "c"}}
	ran := func(ids ...string) *results.Run {
		r := &results.Run{}
		for _, id := range ids {
			r.Specs = append(r.Specs, results.Spec{ID: id})
		}
		return r
	}
	fatal := ran("a", "b", "c")
	fatal.Fatal = "FATAL: the device stopped answering\nmore"
	cases := []struct {
		name       string
		run        *results.Run
		notRunErr  int
		sig        os.Signal
		failFast   bool
		wantReason string // "" for a complete run
		wantNotRun int
		wantListed []string
	}{
		{"complete", ran("a", "b", "c"), 0, nil, false, "", 0, nil},
		{"complete, fail-fast without a failure", ran("a", "b", "c"), 0, nil, true, "", 0, nil},
		{"Ctrl-C", ran("a"), 0, os.Interrupt, false, "interrupted (SIGINT, Ctrl-C)", 2, []string{"b", "c"}},
		{"SIGTERM", ran(), 0, syscall.SIGTERM, false, "terminated (SIGTERM)", 3, []string{"a", "b", "c"}},
		{"Ctrl-C after the last spec", ran("a", "b", "c"), 0, os.Interrupt, false, "interrupted (SIGINT, Ctrl-C)", 0, nil},
		{"FATAL", fatal, 2, nil, false, "stopped FATAL: FATAL: the device stopped answering", 2, nil},
		{"fail-fast", ran("a"), 0, nil, true, "stopped at the first spec that did not pass (--fail-fast)", 2, []string{"b", "c"}},
	}
	for _, c := range cases {
		inc := incomplete(c.run, sel, c.notRunErr, c.sig, c.failFast)
		if c.wantReason == "" {
			if inc != nil {
				t.Errorf("%s: %+v, want complete", c.name, inc)
			}
			continue
		}
		if inc == nil {
			t.Errorf("%s: complete, want %q", c.name, c.wantReason)
			continue
		}
		var listed []string
		for _, n := range inc.Specs {
			listed = append(listed, n.ID)
		}
		if inc.Reason != c.wantReason || inc.NotRun != c.wantNotRun || inc.Selected != 3 || strings.Join(listed, ",") != strings.Join(c.wantListed, ",") {
			t.Errorf("%s: %+v", c.name, inc)
		}
	}
	if got := IncompleteLine(&results.Incomplete{Reason: "interrupted (SIGINT, Ctrl-C)", Selected: 567, NotRun: 468}); got != "INCOMPLETE: interrupted (SIGINT, Ctrl-C); 468 of the 567 specs selected never ran" {
		t.Errorf("%q", got)
	}
}

// The console shows the RFC of the section beside it, not the folder the
// spec lives in: an RFC 4291 requirement judged by a spec in rfc2463/.
func TestProgressLineNamesTheSectionsRFC(t *testing.T) {
	s := results.Spec{Verdict: results.Pass, Folder: "rfc2463", RFC: "4291", Section: "2.5.2", IPv6Ready: "v6LC.5.1.2",
		Title: "Replying to Echo Requests", Part: "Part E: does not answer an Echo Request sent to the unspecified address"}
	line := progressLine(s)
	if !strings.Contains(line, "RFC 4291 §2.5.2") || strings.Contains(line, "rfc2463") {
		t.Errorf("progress line %q", line)
	}
}
