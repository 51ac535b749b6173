package results

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A results file from before the report fields (commit, interfaces, frame
// references) still loads.
func TestOldFileLoads(t *testing.T) {
	old := `{"tool":"v6ct","version":"dev","target":"refnode","role":"host","started":"2026-03-01T10:00:00Z",
	"ended":"2026-03-01T10:00:01Z","duration_ns":1000000000,"specs":[{"id":"a","title":"T","part":"P","rfc":"8200",
	"section":"3","role":"any","level":"must","labels":["rfc:8200"],"folder":"rfc2460","verdict":"FAIL","reason":"r",
	"started":"2026-03-01T10:00:00Z","duration_ns":5,"steps":[{"at_ns":0,"kind":"expect","text":"x","ok":false}],
	"frames":[{"at_ns":0,"link":"Link0","dir":"to-nut","summary":"s","hex":"00"}]}]}`
	p := filepath.Join(t.TempDir(), "results.json")
	if err := os.WriteFile(p, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	s := r.Specs[0]
	if r.Commit != "" || r.Interfaces != nil || s.Steps[0].Frame != nil || s.Frames[0].Step != 0 || s.Verdict != Fail {
		t.Errorf("old file read wrongly: %+v", r)
	}
	// And a new file round-trips its new fields.
	n := 2
	r.Commit, r.Interfaces = "abc", []Interface{{Link: "Link0", Node: "NUT", MAC: "00:00:5e:00:53:10"}}
	r.Specs[0].Steps[0].Frame, r.Specs[0].Steps[0].Want, r.Specs[0].Frames[0].Step = &n, "an NS", 1
	if err := r.Write(p); err != nil {
		t.Fatal(err)
	}
	r2, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Commit != "abc" || len(r2.Interfaces) != 1 || *r2.Specs[0].Steps[0].Frame != 2 || r2.Specs[0].Frames[0].Step != 1 || r2.Specs[0].Steps[0].Want != "an NS" {
		t.Errorf("new fields lost: %+v", r2)
	}
}

func TestProvenance(t *testing.T) {
	_, gov, host := Provenance()
	if gov == "" || host == "" {
		t.Errorf("provenance: go %q host %q", gov, host)
	}
}

// The results file reads back as written, with each spec on a line of its
// own.
func TestWriteOneLinePerSpec(t *testing.T) {
	r := &Run{Tool: "v6ct", Target: "refnode", Specs: []Spec{
		{ID: "a", Reason: `says "specs": [] inside`, Steps: []Step{{Kind: "send", Text: "x\ny"}}},
		{ID: "b", Verdict: Pass}}}
	path := filepath.Join(t.TempDir(), "results.json")
	if err := r.Write(path); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	got, err := Read(path)
	if err != nil {
		t.Fatalf("%v:\n%s", err, b)
	}
	if len(got.Specs) != 2 || got.Specs[0].Reason != r.Specs[0].Reason || got.Specs[0].Steps[0].Text != "x\ny" {
		t.Errorf("read back %+v", got.Specs)
	}
	lines := strings.Split(string(b), "\n")
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(l, `    {"id":`) {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d spec lines, want 2:\n%s", n, b)
	}
	empty := &Run{Tool: "v6ct", Specs: []Spec{}}
	if err := empty.Write(path); err != nil {
		t.Fatal(err)
	}
	if got, err := Read(path); err != nil || len(got.Specs) != 0 {
		t.Errorf("an empty run: %v %v", got, err)
	}
}
