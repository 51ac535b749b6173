package runner

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

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
	for _, text := range texts {
		if !o.Claim(text) {
			continue
		}
		ran++
		if mode == "die" && ran == 2 {
			return 3
		}
		id := strings.ReplaceAll(text, " ", "-")
		pcap := filepath.Join("pcap", id+".pcapng")
		os.MkdirAll(filepath.Join(dir, "pcap"), 0o755)
		os.WriteFile(filepath.Join(dir, pcap), []byte("capture"), 0o644)
		o.OnResult(text, results.Spec{ID: id, Title: text, Verdict: results.Pass, Reason: "every requirement held", Pcap: pcap}, "")
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
		out = append(out, SpecInfo{FullText: t, ID: strings.ReplaceAll(t, " ", "-"), Title: t, Labels: []string{"rfc:4443"}})
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
		errors  int // specs with verdict ERROR
	}{
		{"one worker", 1, []string{"ok"}, 0},
		{"three workers", 3, []string{"ok"}, 0},
		{"more workers than specs", 12, []string{"ok"}, 0},
		{"a worker dies during its second spec", 2, []string{"die", "ok"}, 1},
		// Each dies at its second spec, is started again three times,
		// and dies again: 2 workers x 4 lives leave 8 ERRORs at most,
		// but each life runs one spec first.
		{"every worker dies, again and again", 2, []string{"die"}, 4},
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
			if errs != c.errors {
				t.Errorf("%d ERROR results, want %d:\n%s", errs, c.errors, progress.String())
			}
			b, _ := json.Marshal(run)
			if c.workers > 1 && c.modes[0] == "ok" && !strings.Contains(string(b), `"worker":2`) {
				t.Errorf("worker 2 ran nothing: %s", progress.String())
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
