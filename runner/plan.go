package runner

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/suites"
)

// PlannedSpec is one selected spec and what a run would do with it.
type PlannedSpec struct {
	Spec results.Spec // identity only: ID, folder, title, part, labels, section
	Runs bool
	// Uses are the actions a spec that runs will ask of the device.
	Uses []string
	// Capabilities and Actions are all the spec's setup needs of a device,
	// met or not.
	Capabilities, Actions []string
	// Reason is why a spec that does not run would be N/A.
	Reason string
	// Want is what the spec lacks, short: "capability tunnel-6in6",
	// "action start-ra", "role host", or the reason itself.
	Want string
}

// Plan decides, without touching the network, which of the selected
// specs a run against the target would run and which would be N/A, and
// why, from what each spec's setup asks of the target.
func Plan(o Options) ([]PlannedSpec, error) {
	if err := ValidateLabelFilter(o.LabelFilter); err != nil {
		return nil, err
	}
	target, err := suites.NewTarget(o.Target, o.Role)
	if err != nil {
		return nil, err
	}
	filter := suites.EffectiveLabelFilter(o.LabelFilter)
	suites.Configure(suites.Config{Target: target, Plan: true})
	defer suites.Configure(suites.Config{})
	var out []PlannedSpec
	ids := map[string]int{}
	ReportAfterEach(func(r SpecReport) {
		if r.State == types.SpecStateSkipped && r.Failure.Message == "" {
			return // left out by the label filter
		}
		s := specResult(r, false)
		if n := ids[s.ID]; n > 0 { // as a run names them
			s.ID = fmt.Sprintf("%s-%d", s.ID, n+1)
		}
		ids[s.ID]++
		p := PlannedSpec{Spec: results.Spec{ID: s.ID, Folder: s.Folder, Title: s.Title, Part: s.Part, Labels: s.Labels,
			Section: s.Section, RFC: s.RFC, IPv6Ready: s.IPv6Ready}}
		msg := r.Failure.Message
		switch {
		case r.State != types.SpecStateSkipped:
			p.Runs = true // it asked nothing of the target before its body
		case strings.HasPrefix(msg, suites.PlanPrefix):
			var v suites.PlanVerdict
			if err := json.Unmarshal([]byte(strings.TrimPrefix(msg, suites.PlanPrefix)), &v); err != nil {
				p.Reason, p.Want = "the plan could not read this spec's needs: "+err.Error(), "?"
				break
			}
			p.Runs, p.Uses, p.Capabilities, p.Actions = v.Runs, v.Uses, v.Capabilities, v.Actions
			if !v.Runs {
				p.Reason, p.Want = v.Reason, wantOf(v.Reason)
			}
		default:
			p.Reason = msg
			p.Want = wantOf(msg)
		}
		out = append(out, p)
	})
	sc, rc := GinkgoConfiguration()
	sc.LabelFilter = filter
	sc.RandomizeAllSpecs = false
	sc.RandomSeed = 1
	rc.Succinct, rc.NoColor = true, true
	RunSpecs(&testingT{}, "v6ct plan for "+target.Name(), sc, rc)
	return out, nil
}

var (
	wantCapability = regexp.MustCompile(`needs the capability "([^"]+)"`)
	wantAction     = regexp.MustCompile(`\bthe ([a-z-]+) action\b`)
	wantRole       = regexp.MustCompile(`^applies to (\w+)s only`)
	wantLinks      = regexp.MustCompile(`^needs (\d+) links`)
)

// wantOf names what an N/A reason says is missing.
func wantOf(reason string) string {
	if m := wantCapability.FindStringSubmatch(reason); m != nil {
		return "capability " + m[1]
	}
	if m := wantRole.FindStringSubmatch(reason); m != nil {
		return "role " + m[1]
	}
	if m := wantLinks.FindStringSubmatch(reason); m != nil {
		return m[1] + " links"
	}
	if m := wantAction.FindStringSubmatch(reason); m != nil {
		return "action " + m[1]
	}
	return firstLine(reason)
}

// Estimate times on a device when no earlier run says better: what a
// spec takes on a real-time target (its waits, the settle time, a reset
// action), and what a spec labelled slow takes (a lifetime or a
// reassembly timeout run out in real time).
const (
	EstimateSpec     = 4 * time.Second
	EstimateSlowSpec = 3 * time.Minute
)

// Estimate is how long the specs that run would take, and how that was
// reckoned: from the durations of an earlier run (prev, may be nil) where
// it has the spec, else from the spec's labels; realTime says the target
// waits in real time (a device; the reference node's clock is manual).
func Estimate(plan []PlannedSpec, prev *results.Run, realTime bool) (time.Duration, string) {
	known := map[string]time.Duration{}
	if prev != nil {
		for _, s := range prev.Specs {
			if s.Verdict != results.NA {
				known[s.ID] = s.Duration
			}
		}
	}
	var total, measured time.Duration
	nMeasured, nPlain, nSlow := 0, 0, 0
	for _, p := range plan {
		if !p.Runs {
			continue
		}
		if d, ok := known[p.Spec.ID]; ok {
			total += d
			measured += d
			nMeasured++
			continue
		}
		slow := false
		for _, l := range p.Spec.Labels {
			slow = slow || l == "slow"
		}
		switch {
		case !realTime:
			total += 100 * time.Millisecond
			nPlain++
		case slow:
			total += EstimateSlowSpec
			nSlow++
		default:
			total += EstimateSpec
			nPlain++
		}
	}
	var how []string
	if nMeasured > 0 {
		how = append(how, fmt.Sprintf("%d as measured in %s", nMeasured, prevName(prev)))
	}
	if nPlain > 0 {
		per := EstimateSpec
		if !realTime {
			per = 100 * time.Millisecond
		}
		how = append(how, fmt.Sprintf("%d at %s each", nPlain, per))
	}
	if nSlow > 0 {
		how = append(how, fmt.Sprintf("%d labelled slow at %s each", nSlow, EstimateSlowSpec))
	}
	if len(how) == 0 {
		return 0, "nothing runs"
	}
	return total, strings.Join(how, ", ")
}

func prevName(r *results.Run) string {
	if r == nil {
		return "an earlier run"
	}
	return fmt.Sprintf("the run of %s on %s", r.Started.Format("2006-01-02 15:04"), r.Target)
}

// PlanWants counts the N/A specs by what they want, most first.
func PlanWants(plan []PlannedSpec) []WantCount {
	counts := map[string]*WantCount{}
	for _, p := range plan {
		if p.Runs {
			continue
		}
		c := counts[p.Want]
		if c == nil {
			c = &WantCount{Want: p.Want, Example: p.Reason}
			counts[p.Want] = c
		}
		c.Specs++
	}
	var out []WantCount
	for _, c := range counts {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Specs != out[j].Specs {
			return out[i].Specs > out[j].Specs
		}
		return out[i].Want < out[j].Want
	})
	return out
}

// WantCount is how many specs one missing thing makes N/A.
type WantCount struct {
	Want    string
	Specs   int
	Example string // one of the reasons, in full
}
