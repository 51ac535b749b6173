package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/v6ct/v6ct/reports"
	"github.com/v6ct/v6ct/results"
)

const reportUsage = `usage:
  v6ct report RESULTS [-o DIR] [--previous OLD]
      build the HTML report, JUnit XML and captures again from a results file
      (or a run folder); with --previous, show what changed since OLD
  v6ct report diff OLD NEW [--allow-removed]
      regressions, fixes and new specs from OLD to NEW (results files, run
      folders, or history folders for their latest run); exit 1 on
      regressions, on specs of OLD that NEW lacks (unless --allow-removed)
      and when NEW is an incomplete run
  v6ct report history DIR
      rewrite DIR/index.html, the list of the runs kept in DIR
  v6ct report table RESULTS
      print the verdicts as Markdown tables (docs/verdicts-*.md)
`

// parseInterspersed parses flags wherever they are among the arguments
// ("RESULTS -o DIR" as well as "-o DIR RESULTS") and returns the others.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

func cmdReport(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "diff":
			return cmdDiff(args[1:], stdout, stderr)
		case "history":
			return cmdHistory(args[1:], stdout, stderr)
		case "table":
			return cmdReportTable(args[1:], stdout, stderr)
		case "-h", "--help", "help":
			fmt.Fprint(stdout, reportUsage)
			return exitOK
		}
	}
	fs := flag.NewFlagSet("v6ct report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "output folder (default: the results file's folder)")
	prevArg := fs.String("previous", "", "an earlier results file or run folder to compare with")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 1 {
		fmt.Fprint(stderr, "v6ct report: name one results file\n"+reportUsage)
		return exitUsage
	}
	file, err := reports.ResolveResults(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitUsage
	}
	res, err := results.Read(file)
	if err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitUsage
	}
	dir := *out
	if dir == "" {
		dir = filepath.Dir(file)
	}
	var opt reports.Options
	if *prevArg != "" {
		prev, name, code := readRun(*prevArg, stderr)
		if prev == nil {
			return code
		}
		opt.Previous, opt.PreviousName = prev, name
	}
	if err := reports.WriteWith(res, dir, opt); err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(stdout, "report: %s\n", filepath.Join(dir, "index.html"))
	return exitOK
}

// readRun reads a results file named by the user, with a short name for it.
func readRun(arg string, stderr io.Writer) (*results.Run, string, int) {
	file, err := reports.ResolveResults(arg)
	if err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return nil, "", exitUsage
	}
	res, err := results.Read(file)
	if err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return nil, "", exitUsage
	}
	name := filepath.Base(filepath.Dir(file))
	if r, err := filepath.EvalSymlinks(filepath.Dir(file)); err == nil {
		name = filepath.Base(r)
	}
	if filepath.Base(file) != "results.json" {
		name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	return res, name, exitOK
}

func cmdDiff(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("v6ct report diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	allowRemoved := fs.Bool("allow-removed", false, "specs of OLD missing from NEW are no failure")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 2 {
		fmt.Fprint(stderr, "v6ct report diff: name two results files or run folders, OLD then NEW\n"+reportUsage)
		return exitUsage
	}
	old, oldName, code := readRun(pos[0], stderr)
	if old == nil {
		return code
	}
	cur, curName, code := readRun(pos[1], stderr)
	if cur == nil {
		return code
	}
	d := reports.Compare(old, cur)
	if err := d.WriteText(stdout, oldName, curName); err != nil {
		return exitFail
	}
	if old.Prove != cur.Prove || old.Target != cur.Target {
		fmt.Fprintf(stdout, "\nnote: the runs differ in target or mode (%s%s, %s%s)\n", old.Target, proveMark(old), cur.Target, proveMark(cur))
	}
	if msg := diffVerdict(d, cur, *allowRemoved); msg != "" {
		fmt.Fprintf(stdout, "\n%s\n", msg)
		return exitFail
	}
	return exitOK
}

// diffVerdict is what makes a diff fail, in one line: regressions,
// removed specs (unless allowed) and an incomplete new run; "" when
// nothing does.
func diffVerdict(d reports.Diff, cur *results.Run, allowRemoved bool) string {
	var why []string
	if n := len(d.Regressions); n > 0 {
		why = append(why, plural(n, "regression", "regressions"))
	}
	if n := len(d.Removed); n > 0 && !allowRemoved {
		why = append(why, plural(n, "spec", "specs")+" removed (--allow-removed accepts removals)")
	}
	if inc := cur.Incomplete; inc != nil {
		why = append(why, fmt.Sprintf("the new run is incomplete (%s; %d specs never ran)", inc.Reason, inc.NotRun))
	}
	if len(why) == 0 {
		return ""
	}
	return "FAIL: " + strings.Join(why, "; ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func proveMark(r *results.Run) string {
	if r.Prove {
		return " fault proof"
	}
	return ""
}

func cmdHistory(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprint(stderr, "v6ct report history: name one history folder\n"+reportUsage)
		return exitUsage
	}
	if err := reports.WriteHistory(args[0]); err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "history: %s\n", filepath.Join(args[0], "index.html"))
	return exitOK
}
