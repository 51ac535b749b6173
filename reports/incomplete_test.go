package reports

import (
	"bytes"
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"

	"github.com/v6ct/v6ct/results"
)

// incompleteRun is testRun cut short by Ctrl-C: three specs never ran,
// one of them in a folder none of the specs that ran is in.
func incompleteRun() *results.Run {
	run := testRun()
	run.Incomplete = &results.Incomplete{
		Reason: "interrupted (SIGINT, Ctrl-C)", Selected: 8, NotRun: 3,
		Specs: []results.NotRun{
			{ID: "rfc2460-later", Folder: "rfc2460", Title: "Later", Part: "part A"},
			{ID: "rfc2460-later-2", Folder: "rfc2460", Title: "Later", Part: "part B"},
			{ID: "rfc2473-tunnel", Folder: "rfc2473", Title: "Tunnel", Part: "encapsulates"},
		},
	}
	return run
}

func TestJUnitIncomplete(t *testing.T) {
	var buf bytes.Buffer
	if err := JUnit(incompleteRun(), &buf); err != nil {
		t.Fatal(err)
	}
	var doc xmlSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("junit does not parse: %v\n%s", err, buf.String())
	}
	if doc.Tests != 8 || doc.Skipped != 4 || doc.Failures != 1 || doc.Errors != 1 {
		t.Errorf("totals = tests %d, skipped %d, failures %d, errors %d", doc.Tests, doc.Skipped, doc.Failures, doc.Errors)
	}
	want := map[string][2]int{"rfc2373": {1, 0}, "rfc2460": {4, 3}, "rfc2461": {2, 0}, "rfc2473": {1, 1}} // tests, skipped
	if len(doc.Suites) != len(want) {
		t.Fatalf("%d suites, want %d", len(doc.Suites), len(want))
	}
	notRun := 0
	for _, s := range doc.Suites {
		if w := want[s.Name]; s.Tests != w[0] || s.Skipped != w[1] || len(s.Cases) != w[0] {
			t.Errorf("suite %s: %d tests (%d cases), %d skipped, want %v", s.Name, s.Tests, len(s.Cases), s.Skipped, w)
		}
		for _, c := range s.Cases {
			if len(c.props("verdict")) > 0 && c.props("verdict")[0] == "NOT RUN" {
				notRun++
				if c.Skipped == nil || c.Skipped.Message != "not run: the run was interrupted (SIGINT, Ctrl-C)" {
					t.Errorf("%s: %+v", c.Name, c.Skipped)
				}
			}
		}
	}
	if notRun != 3 {
		t.Errorf("%d cases not run, want 3", notRun)
	}
	for _, p := range []string{`<property name="incomplete" value="interrupted (SIGINT, Ctrl-C)">`, `<property name="not_run" value="3">`, `<property name="selected" value="8">`} {
		if !strings.Contains(buf.String(), p) {
			t.Errorf("junit lacks %s", p)
		}
	}
}

func TestHTMLIncomplete(t *testing.T) {
	cases := []struct {
		run  *results.Run
		want bool
	}{{testRun(), false}, {incompleteRun(), true}}
	for _, c := range cases {
		dir := t.TempDir()
		if err := HTML(c.run, dir); err != nil {
			t.Fatal(err)
		}
		index := readFile(t, filepath.Join(dir, "index.html"))
		has := strings.Contains(index, `id="incomplete"`)
		if has != c.want {
			t.Errorf("incomplete=%v: banner %v", c.want, has)
		}
		if c.want && !strings.Contains(index, "interrupted (SIGINT, Ctrl-C). <strong>3 of the 8 specs selected never ran</strong>") {
			t.Errorf("the banner does not say what never ran")
		}
	}
}
