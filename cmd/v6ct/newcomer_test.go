package main

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/runner"
)

// v6ct alone, help and -h print the usage and never start a run.
func TestUsageNeverRuns(t *testing.T) {
	cases := []struct {
		args     []string
		code     int
		toStdout bool
	}{
		{nil, exitUsage, false},
		{[]string{"help"}, exitOK, true},
		{[]string{"-h"}, exitOK, true},
		{[]string{"--help"}, exitOK, true},
	}
	for _, c := range cases {
		var o, e bytes.Buffer
		code := run(c.args, &o, &e)
		got := e.String()
		if c.toStdout {
			got = o.String()
		}
		if code != c.code || !strings.HasPrefix(got, "usage:") || !strings.Contains(got, "exit codes:") {
			t.Errorf("v6ct %v: exit %d (want %d), stdout %q, stderr %q", c.args, code, c.code, o.String(), e.String())
		}
	}
	for _, sub := range []string{"run", "list", "labels"} {
		var o, e bytes.Buffer
		if code := run([]string{sub, "-h"}, &o, &e); code != exitOK || !strings.Contains(e.String(), "-label-filter") {
			t.Errorf("v6ct %s -h: exit %d, %q", sub, code, e.String())
		}
	}
}

// A selection that matches no spec is an error a CI sees: exit 2, what is
// wrong, and where the labels are.
func TestEmptySelectionIsExit2(t *testing.T) {
	specs := filepath.Join(t.TempDir(), "specs.txt")
	os.WriteFile(specs, []byte("no such spec\n"), 0o644)
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"run", "--label-filter", "rfc:9999"}, []string{`no spec matches the label filter "rfc:9999"`, `no spec carries the label "rfc:9999"`}},
		{[]string{"run", "--label-filter", "rfc=4443"}, []string{`no spec carries the label "rfc=4443" (did you mean rfc:4443?)`}},
		{[]string{"run", "--label-filter", "rfc:4443 && rfc:4861 && rfc:8200"}, []string{`no spec matches the label filter "rfc:4443 && rfc:4861 && rfc:8200"`}},
		{[]string{"run", "--specs", specs}, []string{"none of the 1 spec texts given names a spec"}},
		{[]string{"list", "--label-filter", "rfc:9999"}, []string{`no spec matches the label filter "rfc:9999"`}},
	}
	for _, c := range cases {
		var o, e bytes.Buffer
		code := run(c.args, &o, &e)
		if code != exitUsage {
			t.Errorf("v6ct %q: exit %d, want %d", c.args, code, exitUsage)
		}
		for _, w := range append(c.want, "v6ct labels (or v6ct list --labels)") {
			if !strings.Contains(e.String(), w) {
				t.Errorf("v6ct %q: stderr %q lacks %q", c.args, e.String(), w)
			}
		}
	}
}

// A broken label filter is plain text with the place of the mistake.
func TestBadLabelFilterMessage(t *testing.T) {
	cases := []struct{ filter, want string }{
		{"((", "bad label filter: Mismatched '(' - could not find matching ')'. (at column 1)\n  ((\n  ^\n"},
		{"rfc:4443 & level:must", "(at column 10)\n  rfc:4443 & level:must\n           ^\n"},
	}
	for _, c := range cases {
		for _, cmd := range []string{"run", "list"} {
			var o, e bytes.Buffer
			code := run([]string{cmd, "--label-filter", c.filter}, &o, &e)
			if code != exitUsage || !strings.HasSuffix(e.String(), c.want) || strings.ContainsAny(e.String(), "\x1b{") {
				t.Errorf("%s %q: exit %d, stderr %q, want it to end %q", cmd, c.filter, code, e.String(), c.want)
			}
		}
	}
}

// v6ct list prints one line per spec (wc -l counts specs), --long adds the
// labels, --labels prints the labels.
func TestListLines(t *testing.T) {
	want, err := runner.List("rfc:4443 && role:host")
	if err != nil || len(want) == 0 {
		t.Fatalf("%d specs, %v", len(want), err)
	}
	cases := []struct {
		flags   []string
		perSpec int
	}{{nil, 1}, {[]string{"--long"}, 2}}
	for _, c := range cases {
		var o, e bytes.Buffer
		if code := run(append([]string{"list", "--label-filter", "rfc:4443 && role:host"}, c.flags...), &o, &e); code != exitOK {
			t.Fatalf("exit %d: %s", code, e.String())
		}
		lines := strings.Split(strings.TrimSuffix(o.String(), "\n"), "\n")
		if len(lines) != c.perSpec*len(want) {
			t.Errorf("%v: %d lines for %d specs", c.flags, len(lines), len(want))
		}
		if !strings.HasPrefix(lines[0], want[0].Folder+"\t§") || !strings.HasSuffix(lines[0], want[0].Part) {
			t.Errorf("%v: first line %q", c.flags, lines[0])
		}
		if e.String() != strings.TrimSpace(e.String())+"\n" || !strings.Contains(e.String(), " specs") {
			t.Errorf("%v: stderr %q", c.flags, e.String())
		}
	}
	for _, args := range [][]string{{"labels"}, {"list", "--labels"}} {
		var o, e bytes.Buffer
		if code := run(args, &o, &e); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, e.String())
		}
		if !regexp.MustCompile(`(?m)^rfc:4443 +\d+$`).MatchString(o.String()) || !regexp.MustCompile(`(?m)^role:any +\d+$`).MatchString(o.String()) {
			t.Errorf("%v: %s", args, o.String())
		}
	}
}

// report diff fails on regressions, on specs that disappeared (unless
// allowed) and on an incomplete new run, and says which, counted.
func TestDiffExitCodes(t *testing.T) {
	tmp := t.TempDir()
	three := writeRun(t, filepath.Join(tmp, "three"), results.Pass, results.Pass, results.Pass)
	one := writeRun(t, filepath.Join(tmp, "one"), results.Pass)
	worse := writeRun(t, filepath.Join(tmp, "worse"), results.Pass, results.Fail)
	cut := filepath.Join(tmp, "cut", "results.json")
	r, _ := results.Read(three)
	r.Incomplete = &results.Incomplete{Reason: "interrupted (SIGINT, Ctrl-C)", Selected: 5, NotRun: 2}
	os.MkdirAll(filepath.Dir(cut), 0o755)
	r.Write(cut)
	cases := []struct {
		name     string
		args     []string
		code     int
		verdict  string // the end of the last line
		listings []string
	}{
		{"same", []string{three, three}, exitOK, "0 regressions, 0 fixes, 0 other changes, 0 new, 0 removed, 3 unchanged", nil},
		{"new specs", []string{one, three}, exitOK, "Tc: p", []string{"New specs:"}},
		{"removed", []string{three, one}, exitFail, "FAIL: 2 specs removed (--allow-removed accepts removals)", []string{"Removed specs:", "Tb: p"}},
		{"removed, allowed", []string{"--allow-removed", three, one}, exitOK, "Tc: p", nil},
		{"regression and removal", []string{three, worse}, exitFail, "FAIL: 1 regression; 1 spec removed (--allow-removed accepts removals)", []string{"Regressions:"}},
		{"incomplete", []string{three, cut}, exitFail, "FAIL: the new run is incomplete (interrupted (SIGINT, Ctrl-C); 2 specs never ran)", nil},
	}
	for _, c := range cases {
		var o, e bytes.Buffer
		code := run(append([]string{"report", "diff"}, c.args...), &o, &e)
		lines := strings.Split(strings.TrimSuffix(o.String(), "\n"), "\n")
		if code != c.code || !strings.HasSuffix(lines[len(lines)-1], c.verdict) {
			t.Errorf("%s: exit %d (want %d), last line %q, want %q\n%s%s", c.name, code, c.code, lines[len(lines)-1], c.verdict, o.String(), e.String())
		}
		for _, l := range c.listings {
			if !strings.Contains(o.String(), l) {
				t.Errorf("%s: no %q in\n%s", c.name, l, o.String())
			}
		}
	}
}

func TestRunHeader(t *testing.T) {
	cases := []struct {
		h    runHeader
		want string
	}{
		{runHeader{Target: "refnode", Role: "host", Selected: 567}, "v6ct run: target refnode (host), 567 specs selected"},
		{runHeader{Target: "refnode", Role: "router", Selected: 12, Filter: "rfc:4443", Prove: true}, `v6ct fault proof: target refnode (router), 12 specs selected by "rfc:4443"`},
		{runHeader{Target: "linux-router", Role: "router", Selected: 409, RealTime: true, Estimate: estimate{Why: "no earlier run in out; --estimate-from RUN names one"}},
			"v6ct run: target linux-router (router), 409 specs selected, expected duration unknown (no earlier run in out; --estimate-from RUN names one)"},
		{runHeader{Target: "linux-router", Role: "router", Selected: 409, RealTime: true, Estimate: estimate{From: "the run of 2026-12-02 10:15", Expected: 24*time.Minute + 20*time.Second, Unknown: 3}},
			"v6ct run: target linux-router (router), 409 specs selected, expected about 24 min (from the run of 2026-12-02 10:15; 3 specs it did not run counted at its mean)"},
		{runHeader{Target: "refnode", Role: "host", Selected: 5, Estimate: estimate{From: "the run of 2026-12-02 10:15", Expected: 1500 * time.Millisecond}},
			"v6ct run: target refnode (host), 5 specs selected, expected about 2 s (from the run of 2026-12-02 10:15)"},
	}
	for _, c := range cases {
		if got := c.h.String(); got != c.want {
			t.Errorf("got  %q\nwant %q", got, c.want)
		}
	}
}

func TestEstimateFrom(t *testing.T) {
	prev := &results.Run{Duration: 15 * time.Second, Specs: []results.Spec{
		{ID: "a", Duration: 2 * time.Second},
		{ID: "b", Duration: 8 * time.Second},
		{ID: "c", Duration: time.Hour, Reason: "not run: the run stopped before this spec"},
	}}
	sel := func(ids ...string) []runner.SpecInfo {
		var out []runner.SpecInfo
		for _, id := range ids {
			out = append(out, runner.SpecInfo{ID: id})
		}
		return out
	}
	cases := []struct {
		name    string
		prev    *results.Run
		sel     []runner.SpecInfo
		want    time.Duration
		unknown int
	}{
		{"all known, with the time between specs", prev, sel("a", "b"), 15 * time.Second, 0},
		{"one", prev, sel("a"), 3 * time.Second, 0},
		{"unknown at the mean", prev, sel("a", "x"), 10500 * time.Millisecond, 1},
		{"not-run specs are not times", prev, sel("c"), 7500 * time.Millisecond, 1},
		{"overhead at most doubles", &results.Run{Duration: time.Hour, Specs: []results.Spec{{ID: "a", Duration: time.Second}}}, sel("a"), 2 * time.Second, 0},
		{"no times", &results.Run{}, sel("a"), 0, 1},
	}
	for _, c := range cases {
		d, u := estimateFrom(c.prev, c.sel)
		if d != c.want || u != c.unknown {
			t.Errorf("%s: %s, %d unknown; want %s, %d", c.name, d, u, c.want, c.unknown)
		}
	}
}

func TestFindEstimate(t *testing.T) {
	hist := t.TempDir()
	run := &results.Run{Target: "linux-router", Role: "router", Started: time.Date(2026, 12, 2, 10, 15, 0, 0, time.Local), Duration: 10 * time.Second,
		Specs: []results.Spec{{ID: "a", Duration: 10 * time.Second}}}
	os.MkdirAll(filepath.Join(hist, "2026-12-02T101500"), 0o755)
	run.Write(filepath.Join(hist, "2026-12-02T101500", "results.json"))
	os.Symlink("2026-12-02T101500", filepath.Join(hist, "latest"))
	sel := []runner.SpecInfo{{ID: "a"}}
	cases := []struct {
		named, target, role string
		from, why           string
	}{
		{"", "linux-router", "router", "the run of 2026-12-02 10:15", ""},
		{"", "linux-host", "host", "", "the latest run in " + hist + " was of linux-router (router); --estimate-from RUN names another"},
		{filepath.Join(hist, "latest"), "linux-host", "host", "the run of 2026-12-02 10:15", ""},
	}
	for _, c := range cases {
		e, err := findEstimate(c.named, hist, c.target, c.role, false, sel)
		if err != nil || e.From != c.from || e.Why != c.why {
			t.Errorf("%+v: %+v, %v", c, e, err)
		}
	}
	if e, _ := findEstimate("", t.TempDir(), "linux-router", "router", false, sel); !strings.HasPrefix(e.Why, "no earlier run in ") {
		t.Errorf("empty history: %+v", e)
	}
	if _, err := findEstimate("/nonexistent", hist, "linux-router", "router", false, sel); err == nil {
		t.Error("a missing --estimate-from run was accepted")
	}
}

// The README's set-up does not stop on a kernel with tun built in: when
// /dev/net/tun exists, modprobe (which would fail) is not run.
func TestReadmeSetUpWithTunBuiltIn(t *testing.T) {
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		t.Skip("no /dev/net/tun here")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var tunLine string
	for _, l := range strings.Split(string(readme), "\n") {
		if strings.Contains(l, "modprobe tun") {
			tunLine = l
			break
		}
	}
	if tunLine == "" || !strings.Contains(tunLine, "[ -e /dev/net/tun ] ||") {
		t.Fatalf("the README's tun line %q does not look for /dev/net/tun first", tunLine)
	}
	bin := t.TempDir()
	fake := "#!/bin/sh\necho 'modprobe: FATAL: Module tun not found' >&2\nexit 1\n"
	for _, name := range []string{"modprobe", "mknod"} {
		if err := os.WriteFile(filepath.Join(bin, name), []byte(fake), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("/bin/sh", "-ec", tunLine)
	cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin"}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%q: %v\n%s", tunLine, err, out)
	}
}

// Ctrl-C (or SIGTERM) in the middle of a run: the console, results.json, the JUnit XML
// and the report's index all say that the run is incomplete and how many
// specs never ran, and the exit code is 1. The run's first line is the
// header, then specs counted "n/N".
func TestInterruptedRun(t *testing.T) {
	needRoot(t)
	for _, c := range []struct {
		sig    syscall.Signal
		reason string
	}{{syscall.SIGINT, "interrupted (SIGINT, Ctrl-C)"}, {syscall.SIGTERM, "terminated (SIGTERM)"}} {
		t.Run(c.sig.String(), func(t *testing.T) { interruptRun(t, c.sig, c.reason) })
	}
}

func interruptRun(t *testing.T, sig syscall.Signal, reason string) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "V6CT_TEST_ARGV="+strings.Join([]string{"run", "--label-filter", "rfc:4861 || rfc:8200", "--out", dir}, "\x1f"))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(stdout)
	numbered := regexp.MustCompile(`^ *(\d+)/(\d+) `)
	signalled := false
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if m := numbered.FindStringSubmatch(sc.Text()); m != nil && m[1] == "5" && !signalled {
			cmd.Process.Signal(sig)
			signalled = true
		}
	}
	io.Copy(io.Discard, stdout)
	err = cmd.Wait()
	out := strings.Join(lines, "\n")
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	t.Logf("exit %d; output:\n%s\n%s", code, out, stderr.String())
	if !signalled {
		t.Fatal("no fifth spec line to interrupt after")
	}
	want, _ := runner.List("rfc:4861 || rfc:8200")
	if !regexp.MustCompile(`^v6ct run: target refnode \(host\), \d+ specs selected by "rfc:4861 \|\| rfc:8200"`).MatchString(lines[0]) {
		t.Errorf("first line %q is not the header", lines[0])
	}
	if m := numbered.FindStringSubmatch(lines[1]); m == nil || m[1] != "1" || m[2] != itoa(len(want)) {
		t.Errorf("second line %q is not spec 1/%d", lines[1], len(want))
	}
	if code != exitFail {
		t.Errorf("exit %d, want %d", code, exitFail)
	}
	res, err := results.Read(filepath.Join(dir, "latest", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	inc := res.Incomplete
	if inc == nil || inc.Reason != reason || inc.Selected != len(want) || inc.NotRun == 0 ||
		inc.NotRun != len(inc.Specs) || len(res.Specs)+inc.NotRun != len(want) {
		t.Fatalf("incomplete = %+v with %d specs run of %d", inc, len(res.Specs), len(want))
	}
	summary := runner.IncompleteLine(inc)
	if !strings.Contains(out, summary) {
		t.Errorf("the console lacks %q", summary)
	}
	junit, err := os.ReadFile(filepath.Join(dir, "latest", "junit.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests   int `xml:"tests,attr"`
		Skipped int `xml:"skipped,attr"`
	}
	if err := xml.Unmarshal(junit, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Tests != len(want) || doc.Skipped < inc.NotRun || !bytes.Contains(junit, []byte(`<property name="not_run" value="`+itoa(inc.NotRun)+`">`)) {
		t.Errorf("junit: %d tests, %d skipped; not_run %d", doc.Tests, doc.Skipped, inc.NotRun)
	}
	index, err := os.ReadFile(filepath.Join(dir, "latest", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(index, []byte(`id="incomplete"`)) || !bytes.Contains(index, []byte(itoa(inc.NotRun)+" of the "+itoa(len(want))+" specs selected never ran")) {
		t.Error("the index page does not say the run is incomplete")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
