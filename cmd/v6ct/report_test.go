package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/v6ct/v6ct/results"
)

func writeRun(t *testing.T, dir string, verdicts ...results.Verdict) string {
	t.Helper()
	r := &results.Run{Tool: "v6ct", Target: "refnode", Role: "host", Started: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	for i, v := range verdicts {
		id := string(rune('a' + i))
		r.Specs = append(r.Specs, results.Spec{ID: id, Title: "T" + id, Part: "p", RFC: "8200", Section: "3", Folder: "rfc2460", Verdict: v, Reason: "because"})
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "results.json")
	if err := r.Write(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReportCommand(t *testing.T) {
	tmp := t.TempDir()
	file := writeRun(t, filepath.Join(tmp, "run"), results.Pass, results.Fail)
	out := filepath.Join(tmp, "out")
	var o, e bytes.Buffer
	if code := run([]string{"report", file, "-o", out}, &o, &e); code != exitOK { // flags after the file, as the README writes it
		t.Fatalf("exit %d: %s", code, e.String())
	}
	for _, f := range []string{"index.html", "junit.xml", "results.json", "specs/a.html", "pcap/a.pcapng"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
}

func TestReportDiff(t *testing.T) {
	tmp := t.TempDir()
	old := writeRun(t, filepath.Join(tmp, "old"), results.Pass, results.Fail)
	cur := writeRun(t, filepath.Join(tmp, "new"), results.Fail, results.Pass, results.Pass)
	var o, e bytes.Buffer
	code := run([]string{"report", "diff", filepath.Dir(old), cur}, &o, &e) // a run folder and a results file
	if code != exitFail {
		t.Errorf("exit %d with a regression, want %d; %s", code, exitFail, e.String())
	}
	for _, want := range []string{"old -> new", "1 regressions, 1 fixes, 0 other changes, 1 new, 0 removed", "PASS  -> FAIL", "FAIL  -> PASS"} {
		if !strings.Contains(o.String(), want) {
			t.Errorf("diff output lacks %q:\n%s", want, o.String())
		}
	}
	o.Reset()
	if code := run([]string{"report", "diff", cur, cur}, &o, &e); code != exitOK {
		t.Errorf("exit %d comparing a run with itself", code)
	}
	if code := run([]string{"report", "diff", cur}, &o, &e); code != exitUsage {
		t.Errorf("exit %d with one run, want %d", code, exitUsage)
	}
}
