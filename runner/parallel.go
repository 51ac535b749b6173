package runner

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/suites"
)

// A parallel run spreads the selected specs over worker processes, each
// with a node under test of its own (a refnode, or a Linux namespace: each
// is an independent node) and tester links of its own. Every worker walks
// the specs in the same order and asks the coordinator before each one
// whether it is still free: the first to ask runs it, the others skip it.
// So the specs form one queue that the workers empty as fast as each is
// free, and a worker held by a long spec holds up no other. The
// coordinator alone writes results.json, as each spec ends, in run order
// at the end; the workers' packet captures move into the run's folder.

// Worker side: the coordinator's protocol on two inherited descriptors.
const (
	workerOut = 3 // worker -> coordinator: one JSON message a line
	workerIn  = 4 // coordinator -> worker: "1" or "0" a line, one per claim
)

// message is one line from a worker.
type message struct {
	Claim  string        `json:"claim,omitempty"`  // a spec's full text: may I run it?
	Result *results.Spec `json:"result,omitempty"` // a spec this worker ran
	Text   string        `json:"text,omitempty"`   // the result's full text
	Fatal  string        `json:"fatal,omitempty"`  // the worker's device stopped answering
}

// skippedForOther is the skip reason of a spec another worker runs.
const skippedForOther = "v6ct: run by another worker"

// WorkerOptions fills o for a worker process started by RunParallel:
// claims and results go to the coordinator.
func WorkerOptions(o Options) (Options, error) {
	out, in := os.NewFile(workerOut, "coordinator-out"), os.NewFile(workerIn, "coordinator-in")
	if out == nil || in == nil {
		return o, errors.New("not started as a worker: descriptors 3 and 4 are not open")
	}
	var mu sync.Mutex
	enc := json.NewEncoder(out)
	answers := bufio.NewReader(in)
	o.Claim = func(text string) bool {
		mu.Lock()
		defer mu.Unlock()
		if enc.Encode(message{Claim: text}) != nil {
			return false
		}
		line, err := answers.ReadString('\n')
		return err == nil && strings.TrimSpace(line) == "1"
	}
	o.OnResult = func(text string, s results.Spec, fatal string) {
		mu.Lock()
		defer mu.Unlock()
		enc.Encode(message{Result: &s, Text: text, Fatal: fatal})
	}
	o.Progress = nil
	return o, nil
}

// ParallelOptions say how to start the workers.
type ParallelOptions struct {
	Workers int
	// Durations are the specs' durations in an earlier run, by spec ID:
	// the longest go first, one to a worker (see reserve).
	Durations map[string]time.Duration
	// Units name what each worker runs against (run.Units), from worker 1.
	Units []string
	// Command makes worker k's process; RunParallel gives it the worker's
	// output folder and wires its descriptors 3 and 4. The worker must
	// call runner.Run with WorkerOptions and the same selection.
	Command func(k int, outDir string) *exec.Cmd
}

// RunParallel runs the selection of o on p.Workers workers and returns the
// merged run, as Run does for one.
func RunParallel(o Options, p ParallelOptions) (*results.Run, error) {
	_, run, selected, resultsPath, err := begin(o)
	if err != nil {
		return nil, err
	}
	run.Units = p.Units
	if err := runWorkers(o, p, run, selected); err != nil {
		return nil, err
	}
	return run, run.Write(resultsPath)
}

// runWorkers hands selected to the workers and fills run with their
// results.
func runWorkers(o Options, p ParallelOptions, run *results.Run, selected []SpecInfo) error {
	resultsPath := filepath.Join(o.OutDir, "results.json")
	order := map[string]int{}
	for i, s := range selected {
		order[s.Text] = i
	}
	c := &coordinator{o: o, run: run, path: resultsPath, order: order, claimedBy: map[string]int{},
		done: map[string]bool{}, total: len(selected), selected: selected, lost: map[int]bool{}, procs: map[int]*os.Process{}}
	c.prog, c.claimed, c.lastEnd = newProgress(o.Progress, len(selected), o.Quiet), map[string]time.Time{}, time.Now()
	c.writer = &resultsWriter{path: resultsPath, last: time.Now()}
	stop := c.forwardSignals()
	defer stop()
	if every := o.StillRunningEvery; every >= 0 && o.Progress != nil && !o.Quiet {
		if every == 0 {
			every = DefaultStillRunningEvery
		}
		tick := time.NewTicker(every)
		done := make(chan struct{})
		defer func() { tick.Stop(); close(done) }()
		go func() {
			for {
				select {
				case now := <-tick.C:
					c.stillRunning(now, every)
				case <-done:
					return
				}
			}
		}()
	}
	n := min(max(p.Workers, 1), max(len(selected), 1))
	c.reserve(n, p.Durations)
	var wg sync.WaitGroup
	var workDirs []string
	var startErr error
	for k := 1; k <= n; k++ {
		dir := filepath.Join(o.OutDir, "workers", fmt.Sprint(k))
		if err := c.start(k, dir, p.Command, &wg, maxRestarts); err != nil {
			startErr = fmt.Errorf("starting worker %d: %w", k, err)
			if o.Progress != nil {
				fmt.Fprintln(o.Progress, "v6ct:", startErr)
			}
			continue
		}
		workDirs = append(workDirs, dir)
	}
	if len(workDirs) == 0 {
		return startErr
	}
	wg.Wait()
	c.finish(selected, workDirs)
	return nil
}

// maxRestarts bounds how often a worker that died is started again while
// specs are left, so that a spec that kills its worker costs one spec,
// not a share of the run.
const maxRestarts = 3

// start starts worker k in dir and serves it until it ends; while specs
// are left, a worker that died is started again, restarts times at most.
func (c *coordinator) start(k int, dir string, command func(int, string) *exec.Cmd, wg *sync.WaitGroup, restarts int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	log, err := os.OpenFile(filepath.Join(dir, "worker.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	cmd := command(k, dir)
	cmd.Stdout, cmd.Stderr = log, log
	parentR, workerW, err := os.Pipe()
	if err != nil {
		log.Close()
		return err
	}
	workerR, parentW, err := os.Pipe()
	if err != nil {
		log.Close()
		parentR.Close()
		workerW.Close()
		return err
	}
	cmd.ExtraFiles = []*os.File{workerW, workerR} // its descriptors 3 and 4
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	c.mu.Lock()
	if c.sig != nil {
		err = errors.New("the run was interrupted")
	} else if err = cmd.Start(); err == nil {
		c.procs[k] = cmd.Process
	}
	c.mu.Unlock()
	workerW.Close()
	workerR.Close()
	if err != nil {
		log.Close()
		parentR.Close()
		parentW.Close()
		return err
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.serve(k, parentR, parentW, dir)
		parentR.Close()
		parentW.Close()
		err := cmd.Wait()
		log.Close()
		c.mu.Lock()
		delete(c.procs, k)
		c.mu.Unlock()
		if c.workerEnded(k, err, dir) && restarts > 0 {
			// It died, or it walked past specs it skipped on the way to
			// its reservation that no one else took: once more from the
			// start.
			if err != nil {
				c.prog.line(fmt.Sprintf("v6ct: worker %d ended (%v); starting it again", k, err))
			}
			c.start(k, dir, command, wg, restarts-1)
		}
	}()
	return nil
}

type coordinator struct {
	o         Options
	run       *results.Run
	path      string
	order     map[string]int // full text -> place in the run order
	mu        sync.Mutex
	claimedBy map[string]int  // full text -> worker
	done      map[string]bool // full text -> result in
	texts     []string        // full text of run.Specs[i]
	total     int
	selected  []SpecInfo
	// reservedFor gives the longest specs of an earlier run to a worker
	// each; next is the reservation a worker has not reached yet.
	reservedFor map[string]int
	next        map[int]string
	lost        map[int]bool // workers whose device stopped answering
	// sig is the signal that interrupted the run; procs, the workers
	// running, which each get it once (they have process groups of their
	// own, so that a Ctrl-C reaches them only through the coordinator).
	sig   os.Signal
	procs map[int]*os.Process

	prog    *progress
	writer  *resultsWriter
	claimed map[string]time.Time // when each spec in flight was handed out
	lastEnd time.Time
	failed  bool // FailFast and a spec did not pass: claim nothing more
}

// serve answers worker k's claims and takes in its results until it
// closes its side.
func (c *coordinator) serve(k int, from io.Reader, to io.Writer, dir string) {
	dec := json.NewDecoder(from)
	for {
		var m message
		if err := dec.Decode(&m); err != nil {
			return
		}
		switch {
		case m.Claim != "":
			fmt.Fprintln(to, boolDigit(c.claim(k, m.Claim)))
		case m.Result != nil:
			c.result(k, m.Text, *m.Result, m.Fatal, dir)
		}
	}
}

func boolDigit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// reserve gives the n longest specs (by an earlier run's durations), at
// least a minute long, one to each worker: a worker walks the specs in
// the one order Ginkgo knows, so a long spec met late would end the run
// late; a worker with a reservation skips ahead to it and starts it first,
// the others taking what it skipped.
func (c *coordinator) reserve(n int, durations map[string]time.Duration) {
	c.reservedFor, c.next = map[string]int{}, map[int]string{}
	if n < 2 || len(durations) == 0 {
		return
	}
	long := slices.Clone(c.selected)
	sort.SliceStable(long, func(a, b int) bool { return durations[long[a].ID] > durations[long[b].ID] })
	for k := 1; k <= n && k <= len(long); k++ {
		if durations[long[k-1].ID] < time.Minute {
			break
		}
		c.reservedFor[long[k-1].Text] = k
		c.next[k] = long[k-1].Text
	}
}

// claim says whether worker k runs the spec with this full text: yes when
// no one took it, it is not another's reservation, and k is not on its
// way to its own.
func (c *coordinator) claim(k int, text string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, taken := c.claimedBy[text]; taken || c.failed || c.lost[k] || c.sig != nil {
		return false
	}
	if w, ok := c.reservedFor[text]; ok && w != k && !c.lost[w] {
		return false
	}
	if next, ok := c.next[k]; ok && next != text {
		return false
	}
	delete(c.next, k)
	c.claimedBy[text] = k
	c.claimed[text] = time.Now()
	return true
}

// stillRunning names, when no spec has ended for a while, the spec in
// flight that has run longest.
func (c *coordinator) stillRunning(now time.Time, every time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Sub(c.lastEnd) < every {
		return
	}
	oldest, since := "", now
	for text, at := range c.claimed {
		if !c.done[text] && at.Before(since) {
			oldest, since = text, at
		}
	}
	if oldest == "" {
		return
	}
	info := c.selected[c.order[oldest]]
	name := info.Title
	if info.Part != info.Title {
		name += ": " + info.Part
	}
	c.prog.line(stillRunning(fmt.Sprintf("w%d %s", c.claimedBy[oldest], name), now.Sub(since), every, ""))
}

// leftFor says whether specs are left that worker k could still claim,
// were it to walk the order again.
func (c *coordinator) leftFor(k int) bool {
	if c.failed || c.lost[k] || c.sig != nil {
		return false
	}
	for _, info := range c.selected {
		if _, taken := c.claimedBy[info.Text]; taken {
			continue
		}
		if w, ok := c.reservedFor[info.Text]; !ok || w == k || c.lost[w] {
			return true
		}
	}
	return false
}

// result records a spec's result, moves its capture into the run's
// folder and writes results.json.
func (c *coordinator) result(k int, text string, s results.Spec, fatal, dir string) {
	if s.Pcap != "" {
		dst := filepath.Join(c.o.OutDir, s.Pcap)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err == nil {
			if os.Rename(filepath.Join(dir, s.Pcap), dst) != nil {
				s.Pcap = filepath.Join("workers", fmt.Sprint(k), s.Pcap) // left where it is
			}
		}
	}
	s.Worker = k
	c.mu.Lock()
	defer c.mu.Unlock()
	c.add(text, s)
	if fatal != "" && !c.lost[k] {
		// This worker's device stopped answering: it runs nothing more,
		// and the others go on with the specs it would have run.
		c.lost[k] = true
		if c.run.Fatal == "" {
			c.run.Fatal = fatal
		}
		c.prog.line(fmt.Sprintf("worker %d: %s", k, fatal))
	}
	if c.o.FailFast && s.Verdict != results.Pass && s.Verdict != results.NA {
		c.failed = true
	}
}

// add appends a result and writes results.json. Call with c.mu held.
func (c *coordinator) add(text string, s results.Spec) {
	c.done[text] = true
	c.run.Specs = append(c.run.Specs, s)
	c.texts = append(c.texts, text)
	c.run.Ended = time.Now()
	c.run.Duration = c.run.Ended.Sub(c.run.Started)
	c.writer.specEnded(c.run)
	c.prog.ended(s)
	c.lastEnd = time.Now()
	if c.o.OnSpec != nil {
		c.o.OnSpec(s)
	}
}

// workerEnded records the specs worker k took and never reported: it
// died while running them. It reports whether specs are left to claim.
func (c *coordinator) workerEnded(k int, err error, dir string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, info := range c.selected {
		if c.claimedBy[info.Text] != k || c.done[info.Text] {
			continue
		}
		why := "the worker running this spec ended before the spec did"
		if err != nil {
			why += " (" + err.Error() + ")"
		}
		c.add(info.Text, lostSpec(info, k, why+"; its log: "+filepath.Join(dir, "worker.log")))
	}
	return c.leftFor(k)
}

// finish records the selected specs no worker ran, puts the results in
// run order and takes in what the workers learnt of the links.
func (c *coordinator) finish(selected []SpecInfo, workDirs []string) {
	notRunAsError := 0
	for _, info := range selected {
		if c.done[info.Text] || c.sig != nil || c.failed {
			continue // interrupted, or --fail-fast: listed as never run (Incomplete)
		}
		why := "not run: every worker ended before this spec"
		if c.run.Fatal != "" {
			why = "not run: the run stopped before this spec (the device stopped answering; see the run's FATAL line)"
		}
		c.add(info.Text, lostSpec(info, 0, why))
		notRunAsError++
	}
	defer func() { c.run.Incomplete = incomplete(c.run, selected, notRunAsError, c.sig, c.failed) }()
	idx := make([]int, len(c.run.Specs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return c.order[c.texts[idx[a]]] < c.order[c.texts[idx[b]]] })
	specs := make([]results.Spec, len(idx))
	for i, j := range idx {
		s := c.run.Specs[j]
		s.ID = c.selected[c.order[c.texts[j]]].ID // unique in the run, as the selection numbers twins
		specs[i] = s
	}
	c.run.Specs = specs
	seen := map[string]bool{}
	for _, d := range workDirs {
		w, err := results.Read(filepath.Join(d, "results.json"))
		if err != nil {
			continue
		}
		for _, x := range w.Interfaces {
			if key := x.Link + "/" + x.Node; !seen[key] {
				seen[key] = true
				c.run.Interfaces = append(c.run.Interfaces, x)
			}
		}
	}
	c.run.Ended = time.Now()
	c.run.Duration = c.run.Ended.Sub(c.run.Started)
}

// forwardSignals passes SIGINT and SIGTERM on to the workers, which then
// end the spec they run as ERROR and stop; no spec is handed out after.
func (c *coordinator) forwardSignals() (stop func()) {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case sig := <-ch:
				c.mu.Lock()
				if c.sig == nil {
					c.sig = sig
				}
				for _, p := range c.procs {
					p.Signal(sig)
				}
				c.mu.Unlock()
			case <-done:
				return
			}
		}
	}()
	return func() { signal.Stop(ch); close(done) }
}

// lostSpec is the ERROR result of a selected spec with no result of its
// own.
func lostSpec(info SpecInfo, worker int, why string) results.Spec {
	l := info.Labels
	return results.Spec{ID: info.ID, Title: info.Title, Part: info.Part, Folder: info.Folder, Labels: l,
		RFC: suites.LabelValue(l, "rfc"), Section: suites.LabelValue(l, "section"), IPv6Ready: suites.LabelValue(l, "ipv6ready"),
		Role: suites.LabelValue(l, "role"), Level: suites.LabelValue(l, "level"), Fault: suites.LabelValue(l, "fault"),
		Verdict: results.Error, Reason: why, Worker: worker, Steps: []results.Step{}, Frames: []results.Frame{}}
}
