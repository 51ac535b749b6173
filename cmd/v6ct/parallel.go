package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/v6ct/v6ct/reports"
	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/runner"
	"github.com/v6ct/v6ct/suites"
)

// parallelWorkers is the number of workers of a run: asked is --parallel
// (0: the default for the target). The reference node's specs keep a core
// busy, so it gets one worker a core; a Linux namespace's specs mostly wait
// on protocol timers, so it gets more; an external device is one node.
func parallelWorkers(asked int, target string) (int, error) {
	external := strings.HasPrefix(target, "profile:")
	switch {
	case asked < 0:
		return 0, fmt.Errorf("--parallel %d: want 1 or more", asked)
	case asked > 1 && external:
		return 0, errors.New("--parallel: a profile names one device, which runs one spec at a time")
	case asked > 0:
		return asked, nil
	case external:
		return 1, nil
	case strings.HasPrefix(target, "linux-"):
		return min(4*runtime.NumCPU(), 16), nil
	}
	return runtime.NumCPU(), nil
}

// workerCommand starts this program again as worker k of a run with the
// same arguments, writing into its own folder.
func workerCommand(args []string) func(k int, outDir string) *exec.Cmd {
	self, err := os.Executable()
	if err != nil {
		self = os.Args[0]
	}
	var keep []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && (name == "out" || name == "parallel") {
			if !hasValue {
				i++ // its value is the next argument
			}
			continue
		}
		keep = append(keep, a)
	}
	return func(k int, outDir string) *exec.Cmd {
		cmd := exec.Command(self, append([]string{"run", "--worker", "--out", outDir}, keep...)...)
		cmd.Env = append(os.Environ(), fmt.Sprintf("V6CT_WORKER=%d", k))
		return cmd
	}
}

// runWorker runs the specs the coordinator hands this process, into out.
func runWorker(o runner.Options, out string, stderr io.Writer) int {
	o, err := runner.WorkerOptions(o)
	if err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitUsage
	}
	o.OutDir = out
	if _, err := runner.Run(o); err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitFail
	}
	return exitOK
}

// lastDurations are the spec durations of the history folder's latest run
// against the same target in the same role, if there is one.
func lastDurations(history, target, role string) map[string]time.Duration {
	last, err := results.Read(filepath.Join(history, reports.LatestLink, "results.json"))
	if err != nil {
		return nil
	}
	t, err := suites.NewTarget(target, role)
	if err != nil || last.Target != t.Name() || last.Role != t.Role() || last.Prove {
		return nil
	}
	out := map[string]time.Duration{}
	for _, s := range last.Specs {
		out[s.ID] = s.Duration
	}
	return out
}
