package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/runner"
)

// A Ginkgo suite runs once per process, so whole runs go through a child
// process: this test binary, told by the environment to act as v6ct.
func TestMain(m *testing.M) {
	if os.Getenv("V6CT_WORKER") != "" { // a worker of a parallel run that a test started
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	if args := os.Getenv("V6CT_TEST_ARGS"); args != "" {
		os.Exit(run(strings.Fields(args), os.Stdout, os.Stderr))
	}
	if args := os.Getenv("V6CT_TEST_ARGV"); args != "" { // arguments with spaces: separated by \x1f
		os.Exit(run(strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func v6ct(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "V6CT_TEST_ARGS="+strings.Join(args, " "))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, out.String()
}

func needRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: the run builds namespaces and TAP devices")
	}
}

// roles are the reference node's roles; every spec applies to one at least.
var roles = []string{"host", "router"}

// notForRole reports a spec left out because it is for the other role.
func notForRole(s results.Spec) bool {
	return s.Verdict == results.NA && strings.HasPrefix(s.Reason, "applies to ")
}

// Every spec passes against the reference node in each role it applies to,
// and the run leaves its results, JUnit, report and a capture per spec.
func TestRunAgainstReferenceNode(t *testing.T) {
	needRoot(t)
	applied := map[string]bool{}
	for _, role := range roles {
		t.Run(role, func(t *testing.T) {
			dir := t.TempDir()
			code, out := v6ct(t, "run", "--role", role, "--out", dir)
			if code != 0 {
				t.Fatalf("v6ct run exited %d:\n%s", code, out)
			}
			dir = filepath.Join(dir, "latest") // the run's own folder in the history
			res, err := results.Read(filepath.Join(dir, "results.json"))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Specs) < 15 {
				t.Fatalf("only %d specs ran", len(res.Specs))
			}
			for _, s := range res.Specs {
				if notForRole(s) {
					continue
				}
				applied[s.ID] = true
				if s.Verdict != results.Pass {
					t.Errorf("%s: %s: %s", s.ID, s.Verdict, s.Reason)
				}
				if s.Pcap == "" {
					t.Errorf("%s: no capture", s.ID)
				} else if _, err := os.Stat(filepath.Join(dir, s.Pcap)); err != nil {
					t.Errorf("%s: %v", s.ID, err)
				}
				if len(s.Frames) == 0 {
					t.Errorf("%s: no frames recorded", s.ID)
				}
			}
			for _, f := range []string{"index.html", "junit.xml"} {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	specs, _ := runner.List("")
	if len(applied) != len(specs) {
		t.Errorf("%d specs ran in some role, %d exist", len(applied), len(specs))
	}
}

// A parallel run gives the verdicts of a serial one, spec by spec, with
// each spec's worker recorded and its capture in the run's folder.
func TestParallelRunMatchesSerial(t *testing.T) {
	needRoot(t)
	runs := map[string]*results.Run{}
	for _, n := range []string{"1", "3"} {
		dir := t.TempDir()
		code, out := v6ct(t, "run", "--parallel", n, "--label-filter", "rfc:4443||rfc:8201", "--out", dir)
		if code != 0 {
			t.Fatalf("--parallel %s exited %d:\n%s", n, code, out)
		}
		res, err := results.Read(filepath.Join(dir, "latest", "results.json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range res.Specs {
			if (n == "1") != (s.Worker == 0) {
				t.Errorf("--parallel %s: %s ran on worker %d", n, s.ID, s.Worker)
			}
			if s.Pcap != "" {
				if _, err := os.Stat(filepath.Join(dir, "latest", s.Pcap)); err != nil {
					t.Errorf("--parallel %s: %s: %v", n, s.ID, err)
				}
			}
		}
		runs[n] = res
	}
	serial, parallel := runs["1"].Specs, runs["3"].Specs
	if len(serial) != len(parallel) || len(serial) < 20 {
		t.Fatalf("%d specs serial, %d parallel", len(serial), len(parallel))
	}
	for i := range serial {
		if a, b := serial[i], parallel[i]; a.ID != b.ID || a.Verdict != b.Verdict || a.Reason != b.Reason {
			t.Errorf("spec %d: serial %s %s (%s), parallel %s %s (%s)", i, a.ID, a.Verdict, a.Reason, b.ID, b.Verdict, b.Reason)
		}
	}
}

// Every spec fails against the reference node started with the fault its
// fault: label names, in each role it applies to: each one can catch the
// deviation it is about.
func TestEverySpecFailsAgainstItsFault(t *testing.T) {
	needRoot(t)
	for _, role := range roles {
		t.Run(role, func(t *testing.T) {
			dir := t.TempDir()
			code, out := v6ct(t, "run", "--prove", "--role", role, "--out", dir)
			res, err := results.Read(filepath.Join(dir, "latest", "results.json"))
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			for _, s := range res.Specs {
				if notForRole(s) {
					continue
				}
				if s.Verdict != results.Fail && s.Verdict != results.Warn {
					t.Errorf("%s (fault %s): %s: %s", s.ID, s.Fault, s.Verdict, s.Reason)
				}
			}
			if code != 0 && !t.Failed() {
				t.Fatalf("v6ct run --prove exited %d:\n%s", code, out)
			}
		})
	}
}

// Every spec carries the labels the reports and the proof rely on.
func TestEverySpecIsLabelled(t *testing.T) {
	specs, err := runner.List("legacy || !legacy")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range specs {
		have := map[string]string{}
		for _, l := range s.Labels {
			if k, v, ok := strings.Cut(l, ":"); ok {
				have[k] = v
			}
		}
		for _, k := range []string{"rfc", "section", "role", "level", "fault"} {
			if have[k] == "" {
				t.Errorf("%s: %s: %s: no %s: label", s.Folder, s.Title, s.Part, k)
			}
		}
		if f := have["fault"]; f != "" && !faults.Known(faults.Fault(f)) {
			t.Errorf("%s: %s: unknown fault %q", s.Title, s.Part, f)
		}
	}
}

// Legacy specs stay out of a run unless its filter names them; asked for,
// they pass against the reference node in its classic mode and fail with
// their faults.
func TestLegacySpecsRunOnlyWhenAsked(t *testing.T) {
	needRoot(t)
	all, _ := runner.List("")
	for _, s := range all {
		if slices.Contains(s.Labels, "legacy") {
			t.Errorf("%s: %s: a legacy spec in the default selection", s.Title, s.Part)
		}
	}
	legacy, _ := runner.List("legacy")
	if len(legacy) == 0 {
		t.Fatal("no legacy specs")
	}
	for _, prove := range []bool{false, true} {
		dir := t.TempDir()
		args := []string{"run", "--role", "router", "--label-filter", "legacy", "--out", dir}
		want := results.Pass
		if prove {
			args, want = append(args, "--prove"), results.Fail
		}
		_, out := v6ct(t, args...)
		res, err := results.Read(filepath.Join(dir, "latest", "results.json"))
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if len(res.Specs) != len(legacy) {
			t.Errorf("prove=%v: %d specs ran, %d legacy specs exist", prove, len(res.Specs), len(legacy))
		}
		for _, s := range res.Specs {
			if s.Verdict != want {
				t.Errorf("prove=%v: %s: %s, want %s: %s", prove, s.ID, s.Verdict, want, s.Reason)
			}
		}
	}
}

func TestBadInputIsOneClearLineAndExit2(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown target", []string{"run", "--target", "nosuch"}, `unknown target "nosuch"`},
		{"bad label filter", []string{"run", "--label-filter", "rfc:4861 &&"}, "bad label filter"},
		{"unknown command", []string{"frobnicate"}, "unknown command"},
		{"missing results file", []string{"report", "/nonexistent/results.json"}, "no such file"},
		{"prove needs refnode", []string{"run", "--prove", "--target", "linux-host"}, "--prove needs the refnode target"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(c.args, &out, &errb)
			if code != exitUsage {
				t.Fatalf("exit %d, want %d; stderr %q", code, exitUsage, errb.String())
			}
			if !strings.Contains(errb.String(), c.want) {
				t.Fatalf("stderr %q does not say %q", errb.String(), c.want)
			}
		})
	}
}
