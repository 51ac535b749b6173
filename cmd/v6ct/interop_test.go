package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/v6ct/v6ct/results"
)

// The fake device (a kernel in a namespace, described by a profile) joins
// the interop matrix as the device under test: every arrangement of the
// host scenarios where it takes a role, the reference node its partner,
// each judged from the wire, with the report written.
func TestInteropWithProfileDevice(t *testing.T) {
	if _, err := exec.LookPath("ping"); err != nil {
		t.Skip("needs ping (apt-get install iputils-ping) for the device's send-echo action")
	}
	d := newFakeDevice(t)
	// ping's exit status says whether a reply came, which the scenario
	// judges from the wire; the action fails only when ping cannot run.
	prof := d.profile(t, "dut.yaml", fakeProfile+"  send-echo: ip netns exec DUTNS ping -6 -c 1 -W 1 -I {link} {dst} >/dev/null; [ $? -le 1 ]\n")
	out := filepath.Join(d.dir, "interop")
	code, text := v6ctIn(t, d.tester, "interop", "--impl", "refnode", "--dut", "profile:"+prof, "--scenario", "interop:link-local-echo", "--out", out)
	if code != 0 {
		t.Errorf("v6ct interop exited %d:\n%s", code, text)
	}
	runs, _ := filepath.Glob(filepath.Join(out, "*", "interop.json"))
	if len(runs) != 1 {
		t.Fatalf("%d interop.json files:\n%s", len(runs), text)
	}
	b, err := os.ReadFile(runs[0])
	if err != nil {
		t.Fatal(err)
	}
	var run results.InteropRun
	if err := json.Unmarshal(b, &run); err != nil {
		t.Fatal(err)
	}
	// refnode × device and device × refnode: one device takes one role.
	got := map[string]string{}
	for _, c := range run.Cells {
		got[c.Arrangement] = c.Verdict
		if c.Verdict != "PASS" {
			t.Logf("%s: %s %s\n%s", c.Arrangement, c.Verdict, c.Reason, strings.Join(c.Steps, "\n"))
		}
	}
	if len(run.Cells) != 2 {
		t.Errorf("%d cells, want 2", len(run.Cells))
	}
	dut := "profile:kernel-in-a-namespace"
	want := map[string]string{
		"HOST1=refnode HOST2=" + dut:      "PASS",
		"HOST1=" + dut + " HOST2=refnode": "PASS",
	}
	for a, v := range want {
		if got[a] != v {
			t.Errorf("%s: %s, want %s\n%s", a, got[a], v, text)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(runs[0]), "index.html")); err != nil {
		t.Errorf("no report: %v", err)
	}
	if !strings.Contains(text, "PASS") {
		t.Errorf("the output names no verdict:\n%s", text)
	}
}
