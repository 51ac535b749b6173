package runner

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/v6ct/v6ct/results"
)

// The parallel tests run the coordinator with fake workers: this test
// binary started again with V6CT_FAKE_WORKER set, speaking the workers'
// protocol over descriptors 3 and 4 without Ginkgo.
func init() {
	mode := os.Getenv("V6CT_FAKE_WORKER")
	if mode == "" {
		return
	}
	os.Exit(fakeWorker(mode, strings.Split(os.Getenv("V6CT_FAKE_SPECS"), "|"), os.Getenv("V6CT_FAKE_DIR")))
}

// fakeWorker claims every spec in order and runs those it gets: it
// reports each as PASS with a capture file, except in mode "die", where it
// exits while running its second spec.
func fakeWorker(mode string, texts []string, dir string) int {
	o, err := WorkerOptions(Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ran := 0
	died := filepath.Join(dir, "died")
	if _, err := os.Stat(died); err == nil && mode == "die" {
		mode = "ok" // dies in its first life only
	}
	for _, text := range texts {
		if !o.Claim(text) {
			continue
		}
		ran++
		if (mode == "die" || mode == "always-die") && ran == 2 {
			os.WriteFile(died, nil, 0o644)
			return 3
		}
		time.Sleep(20 * time.Millisecond) // long enough for the others to start and ask
		id := strings.ReplaceAll(text, " ", "-")
		pcap := filepath.Join("pcap", id+".pcapng")
		os.MkdirAll(filepath.Join(dir, "pcap"), 0o755)
		os.WriteFile(filepath.Join(dir, pcap), []byte("capture"), 0o644)
		fatal := ""
		if mode == "fatal" {
			fatal = "FATAL: the device stopped answering"
		}
		o.OnResult(text, results.Spec{ID: id, Title: text, Verdict: results.Pass, Reason: "every requirement held", Pcap: pcap,
			Started: time.Now()}, fatal)
	}
	return 0
}

func fakeCommand(modes ...string) func(k int, dir string) *exec.Cmd {
	return func(k int, dir string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "V6CT_FAKE_WORKER="+modes[(k-1)%len(modes)], "V6CT_FAKE_DIR="+dir,
			"V6CT_FAKE_SPECS="+strings.Join(fakeTexts, "|"))
		return cmd
	}
}

var fakeTexts = []string{"spec a", "spec b", "spec c", "spec d", "spec e", "spec f", "spec g", "spec h"}

func fakeSelection() []SpecInfo {
	var out []SpecInfo
	for _, t := range fakeTexts {
		out = append(out, SpecInfo{Text: t, ID: strings.ReplaceAll(t, " ", "-"), Title: t, Labels: []string{"rfc:4443"}})
	}
	return out
}

// TestParallelRun: every spec runs once, on some worker, the results come
// back in run order with their captures in the run's folder, and a worker
// that dies leaves an ERROR for the spec it was running while the others
// take the rest.
func TestParallelRun(t *testing.T) {
	cases := []struct {
		name    string
		workers int
		modes   []string
		errors  [2]int // specs with verdict ERROR: at least, at most
	}{
		{"one worker", 1, []string{"ok"}, [2]int{0, 0}},
		{"three workers", 3, []string{"ok"}, [2]int{0, 0}},
		{"more workers than specs", 12, []string{"ok"}, [2]int{0, 0}},
		{"a worker dies during its second spec", 2, []string{"die", "ok"}, [2]int{1, 1}},
		// Each life of a worker runs one spec and dies in the next: half
		// the specs, or one fewer when a last life finds one spec left.
		{"every worker dies, again and again", 2, []string{"always-die"}, [2]int{3, 4}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			run := &results.Run{Specs: []results.Spec{}}
			var mu sync.Mutex
			var progress strings.Builder
			o := Options{OutDir: out, Progress: &lockedWriter{&mu, &progress}}
			if err := runWorkers(o, ParallelOptions{Workers: c.workers, Command: fakeCommand(c.modes...)}, run, fakeSelection()); err != nil {
				t.Fatal(err)
			}
			if len(run.Specs) != len(fakeTexts) {
				t.Fatalf("%d results for %d specs:\n%s", len(run.Specs), len(fakeTexts), progress.String())
			}
			errs := 0
			for i, s := range run.Specs {
				if s.Title != fakeTexts[i] {
					t.Errorf("result %d is %q, want %q (run order)", i, s.Title, fakeTexts[i])
				}
				if s.Verdict == results.Error {
					errs++
					if !strings.Contains(s.Reason, "worker") || s.ID != strings.ReplaceAll(s.Title, " ", "-") {
						t.Errorf("%s: ERROR with reason %q, id %q", s.Title, s.Reason, s.ID)
					}
					continue
				}
				if s.Worker < 1 || s.Worker > c.workers {
					t.Errorf("%s: worker %d", s.Title, s.Worker)
				}
				if b, err := os.ReadFile(filepath.Join(out, s.Pcap)); err != nil || string(b) != "capture" {
					t.Errorf("%s: capture %s not in the run's folder: %v", s.Title, s.Pcap, err)
				}
			}
			if errs < c.errors[0] || errs > c.errors[1] {
				t.Errorf("%d ERROR results, want %d to %d:\n%s", errs, c.errors[0], c.errors[1], progress.String())
			}
			ran := map[int]bool{}
			for _, s := range run.Specs {
				ran[s.Worker] = s.Verdict == results.Pass
			}
			if c.workers > 1 && c.modes[0] == "ok" && len(ran) < 2 {
				t.Errorf("one worker ran everything: %s", progress.String())
			}
		})
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// TestParallelRunLongestFirst: with the durations of an earlier run, the
// longest specs start first, one on each worker, however late the order
// puts them; the specs a worker skipped to reach its own are run by the
// others.
func TestParallelRunLongestFirst(t *testing.T) {
	durations := map[string]time.Duration{"spec-h": 5 * time.Minute, "spec-g": 2 * time.Minute, "spec-a": 30 * time.Second}
	run := &results.Run{Specs: []results.Spec{}}
	o := Options{OutDir: t.TempDir()}
	if err := runWorkers(o, ParallelOptions{Workers: 3, Command: fakeCommand("ok"), Durations: durations}, run, fakeSelection()); err != nil {
		t.Fatal(err)
	}
	if len(run.Specs) != len(fakeTexts) {
		t.Fatalf("%d results for %d specs", len(run.Specs), len(fakeTexts))
	}
	first := map[int]results.Spec{}
	for _, s := range run.Specs {
		if s.Verdict != results.Pass {
			t.Errorf("%s: %s %s", s.Title, s.Verdict, s.Reason)
		}
		if f, ok := first[s.Worker]; !ok || s.Started.Before(f.Started) {
			first[s.Worker] = s
		}
	}
	if first[1].Title != "spec h" || first[2].Title != "spec g" {
		t.Errorf("worker 1 began with %q, worker 2 with %q; want the two longest, spec h and spec g", first[1].Title, first[2].Title)
	}
}

// TestParallelRunUnitLost: a worker whose device stopped answering runs
// nothing more; the others run the specs it would have run.
func TestParallelRunUnitLost(t *testing.T) {
	run := &results.Run{Specs: []results.Spec{}}
	if err := runWorkers(Options{OutDir: t.TempDir()}, ParallelOptions{Workers: 2, Command: fakeCommand("fatal", "ok")}, run, fakeSelection()); err != nil {
		t.Fatal(err)
	}
	byWorker := map[int]int{}
	for _, s := range run.Specs {
		if s.Verdict != results.Pass {
			t.Errorf("%s: %s %s", s.Title, s.Verdict, s.Reason)
		}
		byWorker[s.Worker]++
	}
	if len(run.Specs) != len(fakeTexts) || byWorker[1] != 1 || byWorker[2] != len(fakeTexts)-1 {
		t.Errorf("specs by worker %v; want 1 on the lost unit, the rest on the other", byWorker)
	}
	if run.Fatal == "" {
		t.Error("the lost unit's FATAL line is not in the run")
	}
}
