package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/v6ct/v6ct/runner"
	"github.com/v6ct/v6ct/suites"
)

// labelsHint follows the message of a selection that matches no spec.
const labelsHint = "the labels that exist: v6ct labels (or v6ct list --labels); in a filter, write key:value (rfc:4443, role:host, level:must)\n"

func cmdLabels(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("v6ct labels", flag.ContinueOnError)
	fs.SetOutput(stderr)
	filter := fs.String("label-filter", "", "count only the specs this filter selects")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "v6ct labels: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	return printLabels(*filter, stdout, stderr)
}

// printLabels prints every label of the selected specs (all specs, the
// legacy ones included, when the filter is empty) with how many carry
// it, one a line, grouped by key.
func printLabels(filter string, stdout, stderr io.Writer) int {
	var counts []runner.LabelCount
	if filter == "" {
		counts = runner.AllLabels()
	} else {
		specs, err := runner.List(filter)
		if err != nil {
			fmt.Fprintf(stderr, "v6ct: %v\n", err)
			return exitUsage
		}
		counts = runner.CountLabels(specs)
	}
	for _, c := range counts {
		fmt.Fprintf(stdout, "%-40s %4d\n", c.Label, c.Specs)
	}
	return exitOK
}

// specLine is a spec on one line: folder, section, role, catalogue id,
// and what it checks.
func specLine(s runner.SpecInfo) string {
	id := suites.LabelValue(s.Labels, "ipv6ready")
	if id == "" {
		id = "-"
	}
	text := s.Title
	if s.Part != s.Title {
		text += ": " + s.Part
	}
	return strings.Join([]string{s.Folder, "§" + suites.LabelValue(s.Labels, "section"),
		suites.LabelValue(s.Labels, "role"), id, text}, "\t")
}
