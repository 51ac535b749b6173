package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/v6ct/v6ct/reports"
	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/runner"
)

// runHeader is the first line of a run: what runs against what, and how
// long it should take.
type runHeader struct {
	Target, Role string
	Selected     int
	Filter       string
	Prove        bool
	RealTime     bool // the target runs on the real clock (not the reference node's manual one)
	Estimate     estimate
	Workers      int // a parallel run's workers (0 or 1: one spec after another)
}

// estimate is a run's expected duration, from an earlier run's times.
type estimate struct {
	From     string        // the earlier run ("" when none)
	Expected time.Duration // 0 when unknown
	Unknown  int           // selected specs the earlier run did not time
	Why      string        // when From is empty: why there is no estimate
}

func (h runHeader) String() string {
	var b strings.Builder
	mode := "run"
	if h.Prove {
		mode = "fault proof"
	}
	fmt.Fprintf(&b, "v6ct %s: target %s (%s), %s selected", mode, h.Target, h.Role, plural(h.Selected, "spec", "specs"))
	if h.Filter != "" {
		fmt.Fprintf(&b, " by %q", h.Filter)
	}
	if h.Workers > 1 {
		fmt.Fprintf(&b, ", on %d workers", h.Workers)
	}
	switch e := h.Estimate; {
	case e.From != "":
		fmt.Fprintf(&b, ", expected about %s (from %s", roundDuration(e.Expected), e.From)
		if e.Unknown > 0 {
			fmt.Fprintf(&b, "; %s it did not run counted at its mean", plural(e.Unknown, "spec", "specs"))
		}
		b.WriteString(")")
	case h.RealTime:
		b.WriteString(", expected duration unknown")
		if e.Why != "" {
			fmt.Fprintf(&b, " (%s)", e.Why)
		}
	}
	return b.String()
}

// roundDuration rounds a duration for people: seconds under ten minutes,
// minutes above.
func roundDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return "1 s"
	case d < 10*time.Minute:
		d = d.Round(time.Second)
	default:
		d = d.Round(time.Minute)
	}
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	var parts []string
	if h > 0 {
		parts = append(parts, fmt.Sprintf("%d h", h))
	}
	if m > 0 {
		parts = append(parts, fmt.Sprintf("%d min", m))
	}
	if s > 0 {
		parts = append(parts, fmt.Sprintf("%d s", s))
	}
	return strings.Join(parts, " ")
}

// estimateFrom expects the selected specs to take what they took in an
// earlier run, plus that run's time between specs in proportion; specs it
// did not run count at its mean.
func estimateFrom(prev *results.Run, selected []runner.SpecInfo) (time.Duration, int) {
	took := map[string]time.Duration{}
	var sum time.Duration
	for _, s := range prev.Specs {
		if strings.HasPrefix(s.Reason, "not run:") {
			continue
		}
		took[s.ID] = s.Duration
		sum += s.Duration
	}
	if len(took) == 0 {
		return 0, len(selected)
	}
	mean := sum / time.Duration(len(took))
	var d time.Duration
	unknown := 0
	for _, s := range selected {
		t, ok := took[s.ID]
		if !ok {
			t, unknown = mean, unknown+1
		}
		d += t
	}
	// the time the earlier run spent between specs (alive checks,
	// resets, set-up), in proportion, but never more than doubling
	if total := prev.Duration; sum > 0 && total > sum {
		d = time.Duration(float64(d) * min(float64(total)/float64(sum), 2))
	}
	return d, unknown
}

// findEstimate looks for the earlier run to estimate from: the one named
// (a results file, run folder or history folder), else the history
// folder's latest run when it ran the same target in the same role and
// mode.
func findEstimate(named, history, target, role string, prove bool, selected []runner.SpecInfo) (estimate, error) {
	path := named
	if path == "" {
		latest := filepath.Join(history, reports.LatestLink, "results.json")
		if _, err := os.Stat(latest); err != nil {
			return estimate{Why: fmt.Sprintf("no earlier run in %s; --estimate-from RUN names one", history)}, nil
		}
		path = latest
	}
	file, err := reports.ResolveResults(path)
	if err != nil {
		return estimate{}, err
	}
	prev, err := results.Read(file)
	if err != nil {
		return estimate{}, err
	}
	if named == "" && (prev.Target != target || prev.Role != role || prev.Prove != prove) {
		return estimate{Why: fmt.Sprintf("the latest run in %s was of %s (%s); --estimate-from RUN names another", history, prev.Target, prev.Role)}, nil
	}
	if len(prev.Specs) == 0 {
		return estimate{Why: "the earlier run ran no spec"}, nil
	}
	d, unknown := estimateFrom(prev, selected)
	from := fmt.Sprintf("the run of %s", prev.Started.Local().Format("2006-01-02 15:04"))
	if prev.Incomplete != nil {
		from += ", incomplete"
	}
	return estimate{From: from, Expected: d, Unknown: unknown}, nil
}

// realTime reports a target that runs on the real clock: anything but
// the reference node in its default, manual-clock form.
func realTime(target string) bool {
	return target != "refnode" && !strings.HasPrefix(target, "refnode-without:")
}
