package runner

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/suites"
)

// progress writes a run's console lines: each spec as it ends, numbered
// "n/N", and a line for a spec that has been running long. Lines come from
// Ginkgo's reporting and from a ticker, so they are written under a lock.
type progress struct {
	mu    sync.Mutex
	w     io.Writer // nil: nothing is written
	total int
	done  int
	quiet bool

	// the spec in flight
	running   bool
	name      string
	startedAt time.Time
}

func newProgress(w io.Writer, total int, quiet bool) *progress {
	return &progress{w: w, total: total, quiet: quiet}
}

// line writes one line as it is.
func (p *progress) line(text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.w != nil {
		fmt.Fprintln(p.w, text)
	}
}

func (p *progress) started(r SpecReport) {
	title, part := titleAndPart(r)
	p.mu.Lock()
	defer p.mu.Unlock()
	if r.State.Is(types.SpecStateSkipped) {
		p.running = false // left out by the filter: runs nothing
		return
	}
	p.running, p.startedAt = true, r.StartTime
	if p.startedAt.IsZero() {
		p.startedAt = time.Now()
	}
	p.name = title
	if part != title {
		p.name += ": " + part
	}
}

// idle says no spec is in flight.
func (p *progress) idle() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running = false
}

// ended counts a spec and writes its line (in quiet mode only when it did
// not pass and was not N/A).
func (p *progress) ended(s results.Spec) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.running = false
	if p.w == nil || (p.quiet && (s.Verdict == results.Pass || s.Verdict == results.NA)) {
		return
	}
	line := progressLine(s)
	if s.Worker > 0 {
		line = fmt.Sprintf("w%-2d %s", s.Worker, line)
	}
	fmt.Fprintln(p.w, p.numbered(line))
}

// numbered puts "n/N" before a spec's line, n right-aligned to N's width.
func (p *progress) numbered(line string) string {
	w := len(fmt.Sprint(p.total))
	return fmt.Sprintf("%*d/%d %s", w, p.done, p.total, line)
}

// tick writes "still running" for a spec in flight at least every long;
// step is what the spec is doing now ("" when unknown).
func (p *progress) tick(now time.Time, every time.Duration, step func() string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.w == nil || !p.running {
		return
	}
	d := now.Sub(p.startedAt)
	if d < every {
		return
	}
	fmt.Fprintln(p.w, stillRunning(fmt.Sprintf("%d/%d %s", p.done+1, p.total, p.name), d, every, step()))
}

// stillRunning is the line for a spec that has run d so far: the time in
// whole multiples of the reporting interval, so that it reads 10 s, 20 s...
func stillRunning(name string, d, every time.Duration, step string) string {
	d = d.Truncate(every)
	if every < time.Second {
		d = d.Round(time.Millisecond)
	}
	l := fmt.Sprintf("still running: %s (%s)", name, humanDuration(d))
	if step != "" {
		l += ": " + step
	}
	return l
}

// watch calls tick every interval until the returned stop is called.
func (p *progress) watch(every time.Duration, now func() time.Time, step func() string) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				p.tick(now(), every, step)
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// lastStep is the text of the last By step of the spec in flight.
func lastStep() string {
	r := CurrentSpecReport()
	for i := len(r.SpecEvents) - 1; i >= 0; i-- {
		if e := r.SpecEvents[i]; e.SpecEventType == types.SpecEventByStart {
			return e.Message
		}
	}
	return ""
}

// humanDuration writes d as "40 s", "2 min 10 s" or "1 h 5 min".
func humanDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.String()
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		m, s := int(d.Minutes()), int(d.Seconds())%60
		if s == 0 {
			return fmt.Sprintf("%d min", m)
		}
		return fmt.Sprintf("%d min %d s", m, s)
	}
	h, m := int(d.Hours()), int(d.Minutes())%60
	if m == 0 {
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}

// signals records the first SIGINT or SIGTERM of a run. Ginkgo hears them
// too, and ends the spec in flight and skips the rest.
type signals struct {
	ch   chan os.Signal
	mu   sync.Mutex
	sig  os.Signal
	done chan struct{}
}

func watchSignals() *signals {
	s := &signals{ch: make(chan os.Signal, 2), done: make(chan struct{})}
	signal.Notify(s.ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		for {
			select {
			case sig := <-s.ch:
				suites.MarkInterrupted()
				s.mu.Lock()
				if s.sig == nil {
					s.sig = sig
				}
				s.mu.Unlock()
			case <-s.done:
				return
			}
		}
	}()
	return s
}

func (s *signals) received() os.Signal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sig
}

func (s *signals) stop() {
	signal.Stop(s.ch)
	close(s.done)
	for { // a signal that came in the meantime
		select {
		case sig := <-s.ch:
			s.mu.Lock()
			if s.sig == nil {
				s.sig = sig
			}
			s.mu.Unlock()
		default:
			return
		}
	}
}

// signalReason says which signal ended a run.
func signalReason(sig os.Signal) string {
	switch sig {
	case os.Interrupt:
		return "interrupted (SIGINT, Ctrl-C)"
	case syscall.SIGTERM:
		return "terminated (SIGTERM)"
	}
	return "stopped by " + sig.String()
}

// incomplete says whether a run ended before its selection did: the
// specs selected that never ran (or ran as ERROR "not run" after a FATAL
// stop), and why. nil: the run is complete.
func incomplete(run *results.Run, selection []SpecInfo, notRunAsError int, sig os.Signal, failFast bool) *results.Incomplete {
	ran := map[string]bool{}
	for _, s := range run.Specs {
		ran[s.ID] = true
	}
	inc := &results.Incomplete{Selected: len(selection), NotRun: notRunAsError}
	for _, s := range selection {
		if !ran[s.ID] {
			inc.Specs = append(inc.Specs, results.NotRun{ID: s.ID, Folder: s.Folder, Title: s.Title, Part: s.Part})
		}
	}
	inc.NotRun += len(inc.Specs)
	switch {
	case sig != nil:
		inc.Reason = signalReason(sig)
	case run.Fatal != "":
		inc.Reason = "stopped FATAL: " + firstLine(run.Fatal)
	case inc.NotRun == 0:
		return nil
	case failFast:
		inc.Reason = "stopped at the first spec that did not pass (--fail-fast)"
	default:
		inc.Reason = "stopped before the end of its selection"
	}
	return inc
}

// IncompleteLine is the console's line for an incomplete run.
func IncompleteLine(inc *results.Incomplete) string {
	if inc == nil {
		return ""
	}
	return fmt.Sprintf("INCOMPLETE: %s; %d of the %d specs selected never ran", strings.TrimSuffix(inc.Reason, "."), inc.NotRun, inc.Selected)
}
