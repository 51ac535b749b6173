// Command v6ct runs the IPv6 conformance suites against a node under test
// and writes the results and the report.
//
//	v6ct run [--target T] [--profile P.yaml]... [--label-filter Q] [--out DIR] [--prove] [--parallel N]
//	v6ct list [--label-filter Q] [--long|--labels]
//	v6ct labels [--label-filter Q]
//	v6ct report RESULTS.json [-o DIR] [--previous OLD]
//	v6ct report diff OLD NEW [--allow-removed]
//	v6ct report history DIR
//	v6ct requirements [--rfc N] [--missing] [--json]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/v6ct/v6ct/reports"
	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/runner"
	"github.com/v6ct/v6ct/suites"
	_ "github.com/v6ct/v6ct/targets/builtin" // every built-in target
)

// Exit codes: 0 all specs judged as hoped, 1 some did not (or the run was
// incomplete, or a diff found regressions or removed specs), 2 bad input
// (a selection of no spec among it) or an environment the run cannot use.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 { // never a run by accident: say what there is
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "run":
		return cmdRun(args[1:], stdout, stderr)
	case "list":
		return cmdList(args[1:], stdout, stderr)
	case "labels":
		return cmdLabels(args[1:], stdout, stderr)
	case "report":
		return cmdReport(args[1:], stdout, stderr)
	case "target":
		return cmdTarget(args[1:], stdout, stderr)
	case "plan":
		return cmdPlan(args[1:], stdout, stderr) // plan.go
	case "requirements":
		return cmdRequirements(args[1:], stdout, stderr)
	case "interop":
		return cmdInterop(args[1:], stdout, stderr) // interop.go
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	if strings.HasPrefix(args[0], "-") { // flags alone mean "run"
		return cmdRun(args, stdout, stderr)
	}
	fmt.Fprintf(stderr, "v6ct: unknown command %q\n%s", args[0], usage)
	return exitUsage
}

const usage = `usage:
  v6ct run [--target refnode|refnode-async|linux-host|linux-router|profile:P.yaml] [--profile P.yaml]
           [--role host|router] [--label-filter QUERY] [--out DIR] [--prove] [--yes] [--allow-live]
           [--specs FILE] [--fail-fast] [--quiet] [--estimate-from RUN] [--parallel N]
      run the specs (all of them against the reference node by default) and
      write results.json, junit.xml, one pcapng per spec and the HTML report
      into a new folder DIR/<start time>/; DIR/latest links it, DIR/index.html
      lists every run; --specs FILE runs only the specs whose full texts are
      its lines, --fail-fast stops at the first spec that does not pass.
      Prints a header (target, role, specs selected, expected duration from
      an earlier run), then each spec as it ends ("n/N"), and every 10 s
      the spec still running; --quiet prints only the specs that did not
      pass. In the label filter, role:host and role:router also select the
      role:any specs (write "role:host && !role:any" for the label alone).
      --parallel N runs the specs on N workers, each with a node under test
      of its own (default: one a core for refnode, four a core for Linux);
      --profile given several times names identical units of one device,
      which share the specs, one worker each
  v6ct list [--label-filter QUERY] [--long] [--labels]
      print the specs, one a line; --long adds their labels, --labels
      prints the labels instead (as v6ct labels)
  v6ct labels [--label-filter QUERY]
      every label the selected specs carry, with how many carry it
  v6ct report RESULTS.json [-o DIR] [--previous OLD]
      build the HTML report and JUnit XML again from a results file
  v6ct report diff OLD NEW [--allow-removed]
      regressions, fixes and new specs between two runs; exit 1 on
      regressions or on specs that disappeared (unless --allow-removed)
  v6ct report table RESULTS.json
      the verdicts as a Markdown table (docs/verdicts-*.md)
  v6ct target check PROFILE.yaml [--allow-live]
      pre-flight for an external device's profile
  v6ct plan --profile P.yaml [--label-filter QUERY] [--results OLD] [--long]
      before a run: which specs will run, which N/A and why, how long
  v6ct requirements [--rfc N] [--missing] [--json]
      coverage of each RFC's requirements by the specs (requirements/*.yaml):
      requirements without a spec, specs whose level: disagrees with the
      keyword (exit 1), specs mapped to no requirement
  v6ct interop [--impl refnode,linux] [--dut IMPL|profile:P.yaml] [--scenario ID] [--out DIR] [--parallel N]
      interop: several implementations on one topology, every scenario in
      every arrangement, judged from every link (v6ct interop --help)
  v6ct help
      this text

exit codes:
  0  every spec judged as hoped (PASS, WARN, N/A); help
  1  a spec FAILed or was an ERROR; the run was incomplete (interrupted,
     FATAL, --fail-fast); report diff: regressions or removed specs
  2  bad input: unknown command, target or flag, a bad label filter, a
     selection that matches no spec; not root, no /dev/net/tun
`

func cmdRun(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("v6ct run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	target := fs.String("target", "refnode", "node under test: "+strings.Join(suites.TargetNames(), ", "))
	role := fs.String("role", "", "role of the node under test (host or router); default: the target's")
	filter := fs.String("label-filter", "", "Ginkgo label filter, e.g. 'rfc:4861 && !role:router'")
	out := fs.String("out", "v6ct-report", "history folder: each run gets a folder of its own in it")
	prove := fs.Bool("prove", false, "run each spec against the reference node with its own fault; every spec must FAIL")
	var profiles multiFlag
	fs.Var(&profiles, "profile", "an external device's profile (YAML): same as --target profile:PATH; repeated, identical units that share the specs (`P.yaml`)")
	yes := fs.Bool("yes", false, "do the profile's manual actions without asking (unattended runs)")
	allowLive := fs.Bool("allow-live", false, "let the tester use interfaces with a default route or global addresses")
	specsFile := fs.String("specs", "", "run only the specs whose full texts (container and It texts joined by spaces) are the lines of this file")
	failFast := fs.Bool("fail-fast", false, "stop at the first spec that does not pass")
	parallel := fs.Int("parallel", 0, "run the specs on `N` workers, each with a node under test of its own (default: what fits the machine and the target; 1: one after another)")
	worker := fs.Bool("worker", false, "run as a worker of a parallel run (started by v6ct itself)")
	quiet := fs.Bool("quiet", false, "print only the header, the specs that did not pass and the summary")
	estimateRun := fs.String("estimate-from", "", "an earlier run (results file, run or history folder) whose times give the expected duration; default: DIR's latest run of the same target")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	var specs []string
	if *specsFile != "" {
		b, err := os.ReadFile(*specsFile)
		if err != nil {
			fmt.Fprintf(stderr, "v6ct: %v\n", err)
			return exitUsage
		}
		for _, l := range strings.Split(string(b), "\n") {
			if l = strings.TrimRight(l, "\r"); l != "" {
				specs = append(specs, l)
			}
		}
		if len(specs) == 0 {
			fmt.Fprintf(stderr, "v6ct: %s names no spec\n", *specsFile)
			return exitUsage
		}
	}
	if len(profiles) > 0 {
		*target = "profile:" + profiles[0]
	}
	suites.Control.AssumeYes, suites.Control.AllowLive = *yes, *allowLive
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "v6ct run: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	tgt, err := suites.NewTarget(*target, *role)
	if err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitUsage
	}
	if err := runner.ValidateLabelFilter(*filter); err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitUsage
	}
	opts := runner.Options{Target: *target, Role: *role, LabelFilter: *filter, Prove: *prove,
		Specs: specs, FailFast: *failFast, Quiet: *quiet}
	selection, err := runner.Select(opts)
	if err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitUsage
	}
	if len(selection) == 0 {
		fmt.Fprintf(stderr, "v6ct: %v\n%s", runner.ExplainEmpty(opts), labelsHint)
		return exitUsage
	}
	if err := runner.CheckProve(opts); err != nil { // before any folder is made
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitUsage
	}
	if err := checkEnvironment(*target); err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitUsage
	}
	if *worker {
		return runWorker(opts, *out, stderr)
	}
	workers, err := parallelWorkers(*parallel, *target, profiles)
	if err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitUsage
	}
	est, err := findEstimate(*estimateRun, *out, tgt.Name(), tgt.Role(), *prove, selection)
	if err != nil {
		fmt.Fprintf(stderr, "v6ct: --estimate-from: %v\n", err)
		return exitUsage
	}
	progress := stdout
	if stdout == os.Stdout {
		p, restore := quietStdout()
		defer restore()
		progress = p
	}
	if workers > 1 {
		est.Expected /= time.Duration(workers) // about: the specs go to whichever worker is free
	}
	fmt.Fprintln(progress, runHeader{Target: tgt.Name(), Role: tgt.Role(), Selected: len(selection), Filter: *filter,
		Prove: *prove, RealTime: realTime(*target), Estimate: est, Workers: workers})
	runDir, err := reports.NewRunDir(*out, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "v6ct: output folder: %v\n", err)
		return exitUsage
	}
	opts.OutDir, opts.Progress = runDir, progress
	var res *results.Run
	if workers > 1 {
		res, err = runner.RunParallel(opts, runner.ParallelOptions{Workers: workers, Command: workerCommand(args, profiles),
			Durations: lastDurations(*out, *target, *role), Units: units(workers, *target, profiles)})
	} else {
		res, err = runner.Run(opts)
	}
	if err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitUsage
	}
	if err := reports.WriteRun(res, *out, runDir); err != nil {
		fmt.Fprintf(stderr, "v6ct: writing the report: %v\n", err)
		return exitFail
	}
	t := res.Totals()
	stdout = progress
	fmt.Fprintf(stdout, "\n%d specs in %s: %d PASS, %d FAIL, %d WARN, %d N/A, %d ERROR\n", len(res.Specs),
		res.Duration.Round(1e6), t[results.Pass], t[results.Fail], t[results.Warn], t[results.NA], t[results.Error])
	fmt.Fprintf(stdout, "report: %s (also %s)\n", filepath.Join(runDir, "index.html"), filepath.Join(*out, reports.LatestLink, "index.html"))
	if res.Fatal != "" {
		fmt.Fprintln(stdout, res.Fatal)
	}
	if res.Incomplete != nil {
		fmt.Fprintln(stdout, runner.IncompleteLine(res.Incomplete))
	}
	if *prove {
		if t[results.Pass] > 0 || t[results.Error] > 0 {
			fmt.Fprintf(stdout, "%d spec(s) not proven able to fail\n", t[results.Pass]+t[results.Error])
			return exitFail
		}
		if res.Incomplete != nil {
			return exitFail
		}
		fmt.Fprintln(stdout, "every spec failed against its fault: all proven")
		return exitOK
	}
	if t[results.Fail] > 0 || t[results.Error] > 0 || res.Incomplete != nil {
		return exitFail
	}
	return exitOK
}

// checkEnvironment refuses early what would fail later, with one line.
func checkEnvironment(target string) error {
	if os.Geteuid() != 0 {
		return errors.New("must run as root: the tester builds network namespaces, veth pairs and TAP devices")
	}
	if _, _, err := suites.SettleOverride(); err != nil {
		return err
	}
	if target == "refnode" || target == "refnode-async" || strings.HasPrefix(target, "refnode-without:") {
		if _, err := os.Stat("/dev/net/tun"); err != nil {
			return errors.New("no /dev/net/tun: the reference node needs TAP devices (modprobe tun)")
		}
	}
	return nil
}

func cmdList(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("v6ct list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	filter := fs.String("label-filter", "", "Ginkgo label filter (role:host and role:router also select role:any specs)")
	long := fs.Bool("long", false, "print each spec's labels under it")
	labels := fs.Bool("labels", false, "print the labels the specs carry instead of the specs (as v6ct labels)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "v6ct list: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if *labels {
		return printLabels(*filter, stdout, stderr)
	}
	specs, err := runner.List(*filter)
	if err != nil {
		fmt.Fprintf(stderr, "v6ct: %v\n", err)
		return exitUsage
	}
	for _, s := range specs {
		fmt.Fprintln(stdout, specLine(s))
		if *long {
			fmt.Fprintf(stdout, "    [%s]\n", strings.Join(s.Labels, " "))
		}
	}
	if len(specs) == 0 && *filter != "" {
		fmt.Fprintf(stderr, "v6ct: %v\n%s", runner.ExplainEmpty(runner.Options{LabelFilter: *filter}), labelsHint)
		return exitUsage
	}
	fmt.Fprintf(stderr, "%d specs\n", len(specs))
	return exitOK
}
