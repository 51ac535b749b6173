package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
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
//
// Several profiles are units of one device: one worker each.
func parallelWorkers(asked int, target string, profiles []string) (int, error) {
	external := strings.HasPrefix(target, "profile:")
	switch {
	case asked < 0:
		return 0, fmt.Errorf("--parallel %d: want 1 or more", asked)
	case len(profiles) > 1:
		if asked != 0 && asked != len(profiles) {
			return 0, fmt.Errorf("--parallel %d with %d profiles: each profile's unit is one worker", asked, len(profiles))
		}
		return len(profiles), sameDevice(profiles)
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

// sameDevice checks that the profiles describe units of one device: the
// same role, capabilities and actions, each with links of its own.
func sameDevice(paths []string) error {
	var first *suites.Profile
	testers := map[string]string{}
	for _, path := range paths {
		p, err := suites.LoadProfile(path)
		if err != nil {
			return err
		}
		for _, l := range p.Links {
			if other, ok := testers[l.Tester]; ok {
				return fmt.Errorf("%s and %s both use the tester's interface %s: each unit needs links of its own", other, path, l.Tester)
			}
			testers[l.Tester] = path
		}
		if first == nil {
			first = p
			continue
		}
		if p.Role != first.Role || !slices.Equal(sorted(p.Capabilities), sorted(first.Capabilities)) ||
			!slices.Equal(sorted(slices.Collect(maps.Keys(p.Actions))), sorted(slices.Collect(maps.Keys(first.Actions)))) ||
			len(p.Links) != len(first.Links) {
			return fmt.Errorf("%s and %s are not units of one device: role, capabilities, actions and number of links must be the same", first.Path, path)
		}
	}
	return nil
}

func sorted[T cmp.Ordered](s []T) []T { s = slices.Clone(s); slices.Sort(s); return s }

// units names what each worker runs against: a profile's device, or a
// node of the target's own.
func units(n int, target string, profiles []string) []string {
	out := make([]string, n)
	for k := range out {
		switch {
		case len(profiles) > 1:
			out[k] = "profile:" + profiles[k]
		default:
			out[k] = fmt.Sprintf("%s #%d", target, k+1)
		}
	}
	return out
}

// workerCommand starts this program again as worker k of a run with the
// same arguments, writing into its own folder; with several profiles,
// worker k runs against the k-th.
func workerCommand(args, profiles []string) func(k int, outDir string) *exec.Cmd {
	self, err := os.Executable()
	if err != nil {
		self = os.Args[0]
	}
	var keep []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && (name == "out" || name == "parallel" || len(profiles) > 1 && (name == "profile" || name == "target")) {
			if !hasValue {
				i++ // its value is the next argument
			}
			continue
		}
		keep = append(keep, a)
	}
	return func(k int, outDir string) *exec.Cmd {
		own := []string{"run", "--worker", "--out", outDir}
		if len(profiles) > 1 {
			own = append(own, "--profile", profiles[k-1])
		}
		cmd := exec.Command(self, append(own, keep...)...)
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

// multiFlag is a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
