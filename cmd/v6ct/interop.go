package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/v6ct/v6ct/interop"
	"github.com/v6ct/v6ct/reports"
)

const interopUsage = `usage:
  v6ct interop [--impl refnode,linux] [--dut IMPL|profile:P.yaml] [--scenario ID] [--out DIR] [--parallel N] [--slow]
      run every interop scenario with the implementations in every
      arrangement (each role bound to each implementation that can take
      it), judged from every link's frames; with --dut only the
      arrangements where the device under test takes a role, its partners
      the others. Writes interop.json, and per scenario and arrangement
      the steps, the ladder and one pcapng per link, into DIR/<start time>/;
      --parallel N cells at once (default 4; one at a time with a device).
      --slow also runs the slow scenarios, which wait out protocol timers of
      minutes (interop:pmtu-increase: 11 minutes a cell); --scenario
      naming one runs it too.
      Exit 1 when a cell is FAIL or ERROR.
`

func cmdInterop(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("v6ct interop", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, interopUsage) }
	implList := fs.String("impl", "refnode,linux", "implementations, comma-separated")
	dut := fs.String("dut", "", "the device under test: an implementation or profile:P.yaml; it joins --impl")
	only := fs.String("scenario", "", "run only this scenario (interop:NAME)")
	out := fs.String("out", "v6ct-interop", "folder for the run")
	parallel := fs.Int("parallel", 4, "cells run at once (1 with a profile device: it is one node)")
	slow := fs.Bool("slow", false, "also run the slow scenarios (minutes of protocol timers each)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "v6ct interop: unexpected %q\n%s", fs.Arg(0), interopUsage)
		return exitUsage
	}
	names := strings.Split(*implList, ",")
	if *dut != "" && !contains(names, *dut) {
		names = append(names, *dut)
	}
	var impls []interop.Impl
	for _, n := range names {
		im, err := interop.ImplFor(strings.TrimSpace(n))
		if err != nil {
			fmt.Fprintf(stderr, "v6ct interop: %v\n", err)
			return exitUsage
		}
		impls = append(impls, im)
	}
	var scenarios []interop.Scenario
	for _, s := range interop.Scenarios {
		if s.ID == *only || *only == "" && (*slow || !s.Slow) {
			scenarios = append(scenarios, s)
		}
	}
	if len(scenarios) == 0 {
		fmt.Fprintf(stderr, "v6ct interop: no scenario %q\n", *only)
		return exitUsage
	}
	if os.Geteuid() != 0 {
		fmt.Fprintln(stderr, "v6ct interop: needs root: each node gets network namespaces and TAP or veth devices of its own")
		return exitUsage
	}
	m := &interop.Matrix{Started: time.Now().UTC(), Impls: names, DUT: *dut}
	dir := filepath.Join(*out, m.Started.Format("2006-01-02T15-04-05Z"))
	type job struct {
		s interop.Scenario
		a interop.Arrangement
	}
	var jobs []job
	for _, s := range scenarios {
		for _, a := range interop.Arrangements(s, impls, *dut) {
			jobs = append(jobs, job{s, a})
		}
	}
	workers := *parallel
	for _, im := range impls {
		if im.One { // one device: one cell at a time
			workers = 1
		}
	}
	workers = max(1, min(workers, len(jobs)))
	// Cells are independent (each builds its own namespaces and links) and
	// mostly wait on protocol timers in real time: several run at once.
	// The matrix keeps the cells in job order, and is written after every
	// cell, so that nothing is lost.
	done := make([]*interop.Cell, len(jobs))
	code := exitOK
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				j := jobs[i]
				cdir := interop.CellDir(dir, j.s, j.a)
				c := interop.Run(j.s, j.a, cdir)
				werr := writeCell(cdir, c)
				mu.Lock()
				done[i] = &c
				fmt.Fprintf(stdout, "%-6s %-28s %s (%.1fs)\n", c.Verdict, j.s.ID, c.Arrangement, c.Duration.Seconds())
				if c.Reason != "" {
					fmt.Fprintf(stdout, "       %s\n", c.Reason)
				}
				if c.Verdict == "FAIL" || c.Verdict == "ERROR" {
					code = exitFail
				}
				if werr != nil {
					fmt.Fprintf(stderr, "v6ct interop: %v\n", werr)
				}
				m.Cells = m.Cells[:0]
				for _, d := range done {
					if d != nil {
						m.Cells = append(m.Cells, *d)
					}
				}
				if err := interop.Write(m, dir); err != nil {
					fmt.Fprintf(stderr, "v6ct interop: %v\n", err)
					code = exitFail
				}
				mu.Unlock()
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	fmt.Fprintf(stdout, "\n%s", interop.Table(m))
	if err := reports.InteropHTML(m, dir); err != nil {
		fmt.Fprintf(stderr, "v6ct interop: the report: %v\n", err)
		code = exitFail
	}
	fmt.Fprintf(stdout, "results: %s\nreport: %s\n", filepath.Join(dir, "interop.json"), filepath.Join(dir, "index.html"))
	return code
}

// writeCell keeps a cell's steps and ladder as text beside its captures.
func writeCell(dir string, c interop.Cell) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	text := fmt.Sprintf("%s %s\n%s\nverdict: %s %s\n\nsteps:\n  %s\n\nframes:\n  %s\n", c.Scenario, c.Arrangement, c.Title, c.Verdict, c.Reason,
		strings.Join(c.Steps, "\n  "), strings.Join(c.Ladder, "\n  "))
	return os.WriteFile(filepath.Join(dir, "cell.txt"), []byte(text), 0o644)
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
