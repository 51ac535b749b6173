package reports

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/v6ct/v6ct/results"
)

// The interop report has the matrix with a badge per cell, and a page per
// cell with a lane per node, the sender marked on each frame's row and the
// frame decoded.
func TestInteropHTML(t *testing.T) {
	frame := []byte{0x33, 0x33, 0, 0, 0, 1, 0, 0, 0x5e, 0, 0x53, 0x10, 0x86, 0xdd}
	frame = append(frame, make([]byte, 40)...)
	frame[14] = 0x60
	run := &results.InteropRun{Started: time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC), Impls: []string{"refnode", "linux"},
		Cells: []results.InteropCell{
			{Scenario: "interop:link-local-echo", Title: "Echo", RFC: "RFC 4443 §4.2", Arrangement: "HOST1=refnode HOST2=linux", Verdict: "PASS",
				Nodes:  []results.InteropNode{{Name: "HOST1", Impl: "refnode", Links: []int{0}}, {Name: "HOST2", Impl: "linux-host", Links: []int{0}}},
				Frames: []results.LinkFrame{{At: time.Second, Link: 0, From: "HOST2", Data: frame}}, Ladder: []string{"1.000s Link0 HOST2 a frame"}},
			{Scenario: "interop:link-local-echo", Title: "Echo", RFC: "RFC 4443 §4.2", Arrangement: "HOST1=linux HOST2=refnode", Verdict: "FAIL",
				Reason: "HOST2 (refnode) broke RFC 4443 §4.2: did not answer"},
		}}
	dir := t.TempDir()
	if err := InteropHTML(run, dir); err != nil {
		t.Fatal(err)
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"refnode × linux", "linux × refnode", `class="badge pass"`, `class="badge fail"`, "1 FAIL", "did not answer"} {
		if !strings.Contains(string(index), want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "cell-*.html"))
	if len(pages) != 2 {
		t.Fatalf("%d cell pages, want 2", len(pages))
	}
	page, _ := os.ReadFile(filepath.Join(dir, "cell-interop-link-local-echo-HOST1-refnode-HOST2-linux.html"))
	for _, want := range []string{"HOST1 (refnode)", "HOST2 (linux-host)", `class="send"`, `class="recv"`, "IPv6"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the cell page lacks %q", want)
		}
	}
}
