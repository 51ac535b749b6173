package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/runner"
	"github.com/v6ct/v6ct/suites"
)

const planUsage = `usage:
  v6ct plan --profile P.yaml [--label-filter QUERY] [--results OLD] [--long] [--json]
  v6ct plan --target NAME [--role host|router] [...]
      before a run, without touching the network or the device: which of
      the selected specs will run (and the actions they will use), which
      will be N/A and for want of which capability, action or role, and an
      estimate of the run time: from the durations in OLD (an earlier
      run's results.json, or its folder) where it has the spec, else from
      the spec's labels (slow). --long lists every spec; --json gives the
      plan as JSON, with all that each spec needs of a device.
`

func cmdPlan(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("v6ct plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, planUsage) }
	profile := fs.String("profile", "", "an external device's profile (YAML)")
	target := fs.String("target", "", "a built-in target instead of a profile")
	role := fs.String("role", "", "role (host or router); default: the target's")
	filter := fs.String("label-filter", "", "Ginkgo label filter, as for run")
	prevPath := fs.String("results", "", "an earlier run's results.json (or its folder), for measured durations")
	long := fs.Bool("long", false, "list every spec, not only the counts")
	asJSON := fs.Bool("json", false, "the plan as JSON: every spec with what it needs")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "v6ct plan: unexpected argument %q\n%s", fs.Arg(0), planUsage)
		return exitUsage
	}
	tgt := *target
	switch {
	case *profile != "" && tgt != "":
		fmt.Fprint(stderr, "v6ct plan: give --profile or --target, not both\n")
		return exitUsage
	case *profile != "":
		tgt = "profile:" + *profile
	case tgt == "":
		fmt.Fprint(stderr, "v6ct plan: name the device: --profile P.yaml (or --target NAME)\n"+planUsage)
		return exitUsage
	}
	var prev *results.Run
	if *prevPath != "" {
		p := *prevPath
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			p = filepath.Join(p, "results.json")
		}
		r, err := results.Read(p)
		if err != nil {
			fmt.Fprintf(stderr, "v6ct: %v\n", err)
			return exitUsage
		}
		prev = r
	}
	t, err := suites.NewTarget(tgt, *role)
	if err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitUsage
	}
	if err := runner.ValidateLabelFilter(*filter); err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitUsage
	}
	out := stdout
	if stdout == os.Stdout { // Ginkgo's console reporter stays silent
		p, restore := quietStdout()
		defer restore()
		out = p
	}
	plan, err := runner.Plan(runner.Options{Target: tgt, Role: *role, LabelFilter: *filter})
	if err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitUsage
	}
	name := fmt.Sprintf("%s, a %s", t.Name(), t.Role())
	if *profile != "" {
		name += " (" + *profile + ")"
	}
	if *asJSON {
		d, how := runner.Estimate(plan, prev, !strings.HasPrefix(tgt, "refnode"))
		return writePlanJSON(out, t.Name(), t.Role(), d, how, plan)
	}
	writePlan(out, name, !strings.HasPrefix(tgt, "refnode"), *filter, plan, prev, *long)
	return exitOK
}

// writePlan prints the plan: totals, what the N/A specs want, the actions
// the running specs use, the estimate, and with long every spec.
func writePlan(w io.Writer, target string, realTime bool, filter string, plan []runner.PlannedSpec, prev *results.Run, long bool) {
	runs, uses := 0, map[string]int{}
	for _, p := range plan {
		if p.Runs {
			runs++
			for _, u := range p.Uses {
				uses[u]++
			}
		}
	}
	sel := "every spec"
	if filter != "" {
		sel = "label filter " + filter
	}
	fmt.Fprintf(w, "plan for %s (%s): %d specs selected: %d will run, %d N/A\n", target, sel, len(plan), runs, len(plan)-runs)
	d, how := runner.Estimate(plan, prev, realTime)
	fmt.Fprintf(w, "estimated run time: %s (%s)\n", roundEstimate(d), how)
	if prev != nil && !strings.HasPrefix(target, prev.Target+",") {
		fmt.Fprintf(w, "  (the durations were measured on %s, not on this target)\n", prev.Target)
	}
	if len(uses) > 0 {
		var us []string
		for _, u := range sortStrings(keysOf(uses)) {
			us = append(us, fmt.Sprintf("%s (%d)", u, uses[u]))
		}
		fmt.Fprintf(w, "actions the running specs use: %s\n", strings.Join(us, ", "))
	}
	if wants := runner.PlanWants(plan); len(wants) > 0 {
		fmt.Fprintln(w, "\nN/A, for want of:")
		for _, c := range wants {
			fmt.Fprintf(w, "  %4d  %s\n", c.Specs, strings.TrimRight(fmt.Sprintf("%-28s %s", c.Want, hintFor(c)), " "))
		}
	}
	if !long {
		fmt.Fprintln(w, "\n(--long lists every spec)")
		return
	}
	fmt.Fprintln(w)
	for _, p := range plan {
		id := p.Spec.IPv6Ready
		if id == "" {
			id = "-"
		}
		status, tail := "run", ""
		if !p.Runs {
			status, tail = "N/A", "\n      "+p.Reason
		} else if len(p.Uses) > 0 {
			tail = "  [" + strings.Join(p.Uses, ", ") + "]"
		}
		rfc := p.Spec.Folder
		if p.Spec.RFC != "" {
			rfc = "RFC " + p.Spec.RFC
		}
		fmt.Fprintf(w, "%-4s %-8s §%-7s %-14s %s: %s%s\n", status, rfc, p.Spec.Section, id, p.Spec.Title, p.Spec.Part, tail)
	}
}

// hintFor says how to get the specs a missing thing holds back.
func hintFor(c runner.WantCount) string {
	switch {
	case strings.HasPrefix(c.Want, "capability "):
		return "declare it under capabilities: if the device has it"
	case strings.HasPrefix(c.Want, "action "):
		return "add it under actions: (docs/certify-a-router.md)"
	case strings.HasPrefix(c.Want, "role "):
		return "specs for the other role"
	case strings.HasSuffix(c.Want, " links"):
		return "a second link in the profile"
	}
	return ""
}

func roundEstimate(d time.Duration) string {
	switch {
	case d >= time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	case d >= time.Minute:
		return fmt.Sprintf("%dm", int((d+30*time.Second)/time.Minute))
	}
	return d.Round(time.Second).String()
}

func keysOf(m map[string]int) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// plannedJSON is one spec of v6ct plan --json.
type plannedJSON struct {
	ID           string   `json:"id"`
	Folder       string   `json:"folder"`
	RFC          string   `json:"rfc"`
	Section      string   `json:"section"`
	IPv6Ready    string   `json:"ipv6ready,omitempty"`
	Title        string   `json:"title"`
	Part         string   `json:"part"`
	Runs         bool     `json:"runs"`
	Reason       string   `json:"reason,omitempty"`
	Want         string   `json:"want,omitempty"`
	Uses         []string `json:"uses,omitempty"`
	Capabilities []string `json:"capabilities,omitempty"`
	Actions      []string `json:"actions,omitempty"`
}

func writePlanJSON(w io.Writer, target, role string, d time.Duration, how string, plan []runner.PlannedSpec) int {
	doc := struct {
		Target     string        `json:"target"`
		Role       string        `json:"role"`
		EstimateNS time.Duration `json:"estimate_ns"`
		Estimate   string        `json:"estimate"`
		Specs      []plannedJSON `json:"specs"`
	}{Target: target, Role: role, EstimateNS: d, Estimate: how, Specs: []plannedJSON{}}
	for _, p := range plan {
		doc.Specs = append(doc.Specs, plannedJSON{ID: p.Spec.ID, Folder: p.Spec.Folder, RFC: p.Spec.RFC, Section: p.Spec.Section,
			IPv6Ready: p.Spec.IPv6Ready, Title: p.Spec.Title, Part: p.Spec.Part, Runs: p.Runs, Reason: p.Reason, Want: p.Want,
			Uses: p.Uses, Capabilities: p.Capabilities, Actions: p.Actions})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return exitFail
	}
	return exitOK
}
