package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/v6ct/v6ct/requirements"
	"github.com/v6ct/v6ct/runner"
	"github.com/v6ct/v6ct/suites"
)

// allSpecs lists every spec, legacy ones too, as the inventories name them.
func allSpecs() ([]requirements.Spec, error) {
	list, err := runner.List("legacy || !legacy")
	if err != nil {
		return nil, err
	}
	specs := make([]requirements.Spec, 0, len(list))
	for _, s := range list {
		specs = append(specs, requirements.Spec{Text: requirements.SpecText(s.Folder, s.Title, s.Part),
			Level: requirements.LevelLabel(s.Labels), Labels: s.Labels})
	}
	return specs, nil
}

func cmdRequirements(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("v6ct requirements", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rfc := fs.Int("rfc", 0, "only this RFC's requirements")
	missing := fs.Bool("missing", false, "list the requirements no spec judges, and the specs no requirement names")
	asJSON := fs.Bool("json", false, "print the coverage as JSON, with every list")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "v6ct requirements: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	files, loadErr := requirements.Load()
	if loadErr != nil { // the files that parsed are still reported
		for _, line := range strings.Split(loadErr.Error(), "\n") {
			fmt.Fprintf(stderr, "v6ct: requirements: %s\n", line)
		}
	}
	specs, err := allSpecs()
	if err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitFail
	}
	code := requirementsReport(files, specs, *rfc, *missing, *asJSON, stdout, stderr)
	if code == exitOK && loadErr != nil {
		code = exitFail
	}
	return code
}

// requirementsReport prints the coverage of the inventories over the specs;
// exit 1 when an inventory is malformed, names a spec that does not exist,
// or a spec's level disagrees with a requirement it judges.
func requirementsReport(files []requirements.File, specs []requirements.Spec, rfc int, missing, asJSON bool, stdout, stderr io.Writer) int {
	if rfc != 0 {
		found := false
		for _, f := range files {
			found = found || f.RFC == rfc
		}
		if !found {
			fmt.Fprintf(stderr, "v6ct: no requirements for RFC %d (requirements/rfc%d.yaml)\n", rfc, rfc)
			return exitUsage
		}
	}
	code := exitOK
	for _, e := range requirements.Validate(files, suites.KnownCapabilities) {
		fmt.Fprintf(stderr, "v6ct: requirements: %v\n", e)
		code = exitFail
	}
	cov := requirements.Check(files, specs).Filter(rfc)
	if cov.Failed() {
		code = exitFail
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(cov); err != nil {
			fmt.Fprintf(stderr, "v6ct: %v\n", err)
			return exitFail
		}
		return code
	}

	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "RFC\trequirements\twith spec\twithout\tuntestable\tspecs\t")
	var tot requirements.RFCCoverage
	for _, r := range cov.RFCs {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%d\t%d\t  %s\n", r.RFC, r.Total, r.WithSpec, r.Without, r.Untestable, r.Specs, r.Title)
		tot.Total += r.Total
		tot.WithSpec += r.WithSpec
		tot.Without += r.Without
		tot.Untestable += r.Untestable
	}
	if len(cov.RFCs) > 1 {
		fmt.Fprintf(tw, "total\t%d\t%d\t%d\t%d\t\t\n", tot.Total, tot.WithSpec, tot.Without, tot.Untestable)
	}
	tw.Flush()

	section := func(title string, ps []requirements.Problem) {
		if len(ps) == 0 {
			return
		}
		fmt.Fprintf(stdout, "\n%s (%d):\n", title, len(ps))
		for _, p := range ps {
			fmt.Fprintf(stdout, "  %s\n", p)
		}
	}
	section("level disagreements: a spec's level: label is not its requirement's keyword", cov.Disagreements)
	section("specs judging requirements of different levels", cov.Split)
	section("unknown specs: no spec has this text", cov.Unknown)
	section("specs judging a requirement of another level too (mixed:), to split", cov.Mixed)

	if len(cov.Unmapped) > 0 {
		byFolder := map[string]int{}
		for _, s := range cov.Unmapped {
			folder, _, _ := strings.Cut(s.Text, ": ")
			byFolder[folder]++
		}
		var folders []string
		for f, n := range byFolder {
			folders = append(folders, fmt.Sprintf("%s %d", f, n))
		}
		sort.Strings(folders)
		fmt.Fprintf(stdout, "\nspecs mapped to no requirement: %d (%s)\n", len(cov.Unmapped), strings.Join(folders, ", "))
	}
	if missing {
		for _, r := range cov.RFCs {
			if len(r.Missing) == 0 {
				continue
			}
			fmt.Fprintf(stdout, "\nRFC %d: requirements no spec judges (%d):\n", r.RFC, len(r.Missing))
			for _, q := range r.Missing {
				fmt.Fprintf(stdout, "  %s  §%s %s (%s): %s\n", q.ID, q.Section, q.Keyword, q.Role, q.Says)
			}
		}
		if len(cov.Unmapped) > 0 {
			fmt.Fprintf(stdout, "\nspecs mapped to no requirement (%d):\n", len(cov.Unmapped))
			for _, s := range cov.Unmapped {
				fmt.Fprintf(stdout, "  %s\n", s.Text)
			}
		}
	}
	return code
}
