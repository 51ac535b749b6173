package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// coverEnv is runner.CoverDirEnv (the tool does not import the runner:
// that would build every suite into it).
const coverEnv = "V6CT_COVER_DIR"

// measureCoverage makes one instrumented conformance run per role, each
// spec's counters written apart, and maps the node's code to the specs.
func measureCoverage(root, module, work string, o options, out io.Writer) (*Coverage, error) {
	covdata := filepath.Join(work, "covdata")
	if err := goCmd(root, nil, "build", "-o", covdata, "cmd/covdata"); err != nil {
		return nil, err
	}
	dir := filepath.Join(work, "cover")
	if o.coverFrom != "" {
		dir = filepath.Join(o.coverFrom, "cover")
	} else {
		os.RemoveAll(dir)
		bin := filepath.Join(work, "v6ct-cover")
		// The main package is in -coverpkg too: without an instrumented main,
		// Go 1.26 registers no coverage meta-data at all.
		t := time.Now()
		if err := goCmd(root, nil, "build", "-cover", "-covermode=atomic", "-coverpkg=./refnode/...,./cmd/v6ct", "-o", bin, "./cmd/v6ct"); err != nil {
			return nil, err
		}
		for _, role := range o.roles {
			rd := filepath.Join(dir, role)
			if err := os.MkdirAll(rd, 0o755); err != nil {
				return nil, err
			}
			cmd := exec.Command(bin, "run", "--role", role, "--out", filepath.Join(work, "cover-runs", role))
			cmd.Dir = root
			cmd.Env = append(os.Environ(), coverEnv+"="+rd, "GOCOVERDIR="+rd)
			var buf bytes.Buffer
			cmd.Stdout, cmd.Stderr = &buf, &buf
			if err := cmd.Run(); err != nil {
				// A spec that does not pass leaves the run's exit code at 1;
				// such specs are left out of the coverage, not fatal.
				if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
					return nil, fmt.Errorf("coverage run (%s): %v\n%s", role, err, tail(buf.String(), 2000))
				}
			}
		}
		fmt.Fprintf(out, "coverage: one instrumented run per role (%s) in %s\n", strings.Join(o.roles, ", "), time.Since(t).Round(time.Second))
	}
	cov := newCoverage()
	for _, role := range o.roles {
		if err := cov.readCoverageDir(filepath.Join(dir, role), role, module, covdata, o.jobs); err != nil {
			return nil, err
		}
	}
	if len(cov.Specs) == 0 {
		return nil, fmt.Errorf("the coverage run wrote no spec profiles into %s", dir)
	}
	return cov, nil
}

func goCmd(dir string, env []string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	b, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, tail(string(b), 3000))
	}
	return nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// runMutants builds and runs the mutants todo (indexes into rs), o.jobs at
// once, and fills in their status.
func runMutants(root, work string, o options, cov *Coverage, rs []Result, todo []int, out io.Writer) {
	start := time.Now()
	var mu sync.Mutex
	done := 0
	work2 := make(chan int)
	var wg sync.WaitGroup
	for w := range max(o.jobs, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work2 {
				t := time.Now()
				r := &rs[i]
				if o.budget > 0 && time.Since(start) > o.budget {
					r.Status, r.Reason = stNotRun, "the time budget ran out"
				} else {
					r.Status, r.KilledBy, r.Reason = runOne(root, filepath.Join(work, fmt.Sprintf("w%d", w)), r.Mutant, cov)
					r.Seconds = time.Since(t).Seconds()
				}
				mu.Lock()
				done++
				fmt.Fprintf(out, "[%d/%d] %-14s %s:%d %s %s (%.1fs)\n", done, len(todo), r.Status, r.File, r.Line, r.Op, r.Desc, r.Seconds)
				mu.Unlock()
			}
		}()
	}
	for _, i := range todo {
		work2 <- i
	}
	close(work2)
	wg.Wait()
}

// runOne builds v6ct with the mutant in place and runs the specs that
// cover its line, role by role, stopping at the first that does not pass.
func runOne(root, dir string, m Mutant, cov *Coverage) (status, killedBy, reason string) {
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return stError, "", err.Error()
	}
	defer os.RemoveAll(dir)
	src, err := os.ReadFile(filepath.Join(root, m.File))
	if err != nil {
		return stError, "", err.Error()
	}
	mutated := filepath.Join(dir, filepath.Base(m.File))
	if err := os.WriteFile(mutated, m.Apply(src), 0o644); err != nil {
		return stError, "", err.Error()
	}
	overlay, _ := json.Marshal(map[string]map[string]string{"Replace": {filepath.Join(root, m.File): mutated}})
	ovPath := filepath.Join(dir, "overlay.json")
	os.WriteFile(ovPath, overlay, 0o644)
	bin := filepath.Join(dir, "v6ct")
	if err := goCmd(root, nil, "build", "-overlay", ovPath, "-o", bin, "./cmd/v6ct"); err != nil {
		return stInvalid, "", firstLines(err.Error(), 3)
	}
	byRole := map[string][]Spec{}
	var roles []string
	for _, id := range cov.Covering(m.File, m.CovLine, m.CovCol) {
		s := cov.Specs[id]
		if byRole[s.Role] == nil {
			roles = append(roles, s.Role)
		}
		byRole[s.Role] = append(byRole[s.Role], s)
	}
	for _, role := range roles {
		specs := byRole[role]
		var texts []string
		var ms int64
		for _, s := range specs {
			texts = append(texts, s.Text)
			ms += s.MS
		}
		list := filepath.Join(dir, "specs-"+role+".txt")
		os.WriteFile(list, []byte(strings.Join(texts, "\n")+"\n"), 0o644)
		timeout := 60*time.Second + 3*time.Duration(ms)*time.Millisecond
		st, by, why := runSpecs(root, bin, role, list, filepath.Join(dir, "out-"+role), timeout)
		if st != stSurvived {
			return st, by, why
		}
	}
	return stSurvived, "", ""
}

func firstLines(s string, n int) string {
	l := strings.SplitN(s, "\n", n+1)
	if len(l) > n {
		l = l[:n]
	}
	return strings.Join(l, " | ")
}

// runSpecs runs one role's covering specs against the mutant.
func runSpecs(root, bin, role, list, outDir string, timeout time.Duration) (status, killedBy, reason string) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.Command(bin, "run", "--role", role, "--specs", list, "--fail-fast", "--out", outDir)
	cmd.Dir = root
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		return stError, "", err.Error()
	}
	waitErr := make(chan error, 1)
	go func() { waitErr <- cmd.Wait() }()
	var err error
	select {
	case err = <-waitErr:
	case <-ctx.Done():
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-waitErr
		return stTimeout, "", fmt.Sprintf("%s: no verdict within %s", role, timeout.Round(time.Second))
	}
	if err == nil {
		// v6ct run exits 0 on WARN (a SHOULD broken): the results decide.
		if spec, verdict, why := firstNonPass(filepath.Join(outDir, "latest", "results.json")); spec != "" {
			return stKilled, role + ": " + spec, verdict + ": " + firstLines(why, 1)
		}
		return stSurvived, "", ""
	}
	if bytes.Contains(buf.Bytes(), []byte("panic:")) || bytes.Contains(buf.Bytes(), []byte("fatal error:")) {
		i := bytes.Index(buf.Bytes(), []byte("panic:"))
		if i < 0 {
			i = bytes.Index(buf.Bytes(), []byte("fatal error:"))
		}
		return stCrash, "", role + ": " + firstLines(string(buf.Bytes()[i:]), 1)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		return stError, "", fmt.Sprintf("%s: %v: %s", role, err, tail(buf.String(), 500))
	}
	spec, verdict, why := firstNonPass(filepath.Join(outDir, "latest", "results.json"))
	if spec == "" {
		return stError, "", fmt.Sprintf("%s: exit 1 and no spec that did not pass: %s", role, tail(buf.String(), 500))
	}
	return stKilled, role + ": " + spec, verdict + ": " + firstLines(why, 1)
}

func firstNonPass(path string) (spec, verdict, reason string) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", "", ""
	}
	var run struct {
		Specs []struct {
			Title, Part, Verdict, Reason string
		}
	}
	if json.Unmarshal(b, &run) != nil {
		return "", "", ""
	}
	for _, s := range run.Specs {
		switch s.Verdict {
		case "FAIL", "WARN", "ERROR":
			return s.Title + ": " + s.Part, s.Verdict, s.Reason
		}
	}
	return "", "", ""
}
