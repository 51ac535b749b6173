package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/v6ct/v6ct/requirements"
)

func reqFile(rs ...requirements.Requirement) []requirements.File {
	for i := range rs {
		rs[i].RFC, rs[i].File, rs[i].Role, rs[i].Says = 9999, "rfc9999.yaml", "any", "does it"
	}
	return []requirements.File{{RFC: 9999, Title: "A Test Protocol", Name: "rfc9999.yaml", Requirements: rs}}
}

var reqSpecs = []requirements.Spec{
	{Text: "f: must spec: a", Level: "must", Labels: []string{"rfc:9999", "level:must"}},
	{Text: "f: should spec: a", Level: "should", Labels: []string{"rfc:9999", "level:should"}},
	{Text: "f: unmapped spec: a", Level: "must", Labels: []string{"rfc:9999", "level:must"}},
}

func TestRequirementsReport(t *testing.T) {
	agree := reqFile(
		requirements.Requirement{ID: "9999-1-a", Section: "1", Keyword: "MUST", Specs: []string{"f: must spec: a"}},
		requirements.Requirement{ID: "9999-1-b", Section: "1", Keyword: "SHOULD", Specs: []string{"f: should spec: a"}},
		requirements.Requirement{ID: "9999-2-gap", Section: "2", Keyword: "MAY"},
		requirements.Requirement{ID: "9999-3-inside", Section: "3", Keyword: "MUST", Untestable: "an internal interface"},
	)
	disagree := reqFile(requirements.Requirement{ID: "9999-1-a", Section: "1", Keyword: "SHOULD", Specs: []string{"f: must spec: a"}})
	unknown := reqFile(requirements.Requirement{ID: "9999-1-a", Section: "1", Keyword: "MUST", Specs: []string{"f: must spec: b"}})
	invalid := reqFile(requirements.Requirement{ID: "9999-1-a", Section: "1", Keyword: "WILL"})

	cases := []struct {
		name    string
		files   []requirements.File
		rfc     int
		missing bool
		code    int
		out     []string // in stdout
		errOut  string   // in stderr
	}{
		{"agree", agree, 0, false, exitOK,
			[]string{"9999", "A Test Protocol", "specs mapped to no requirement: 1 (f 1)"}, ""},
		{"counts", agree, 9999, false, exitOK,
			[]string{"9999 4 2 1 1 2 A Test Protocol"}, ""},
		{"missing", agree, 0, true, exitOK,
			[]string{"RFC 9999: requirements no spec judges (1):", "9999-2-gap  §2 MAY (any): does it", "f: unmapped spec: a"}, ""},
		{"level disagreement", disagree, 0, false, exitFail,
			[]string{"level disagreements", "the spec is level:must, the requirement's SHOULD calls for level:should"}, ""},
		{"unknown spec", unknown, 0, false, exitFail,
			[]string{"unknown specs", `nearest: "f: must spec: a"`}, ""},
		{"invalid inventory", invalid, 0, false, exitFail, nil, `unknown keyword "WILL"`},
		{"no such rfc", agree, 1234, false, exitUsage, nil, "no requirements for RFC 1234"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := requirementsReport(c.files, reqSpecs, c.rfc, c.missing, false, &out, &errb)
			if code != c.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, out.String(), errb.String())
			}
			flat := strings.Join(strings.Fields(out.String()), " ")
			for _, w := range c.out {
				if !strings.Contains(out.String(), w) && !strings.Contains(flat, w) {
					t.Errorf("stdout does not say %q:\n%s", w, out.String())
				}
			}
			if c.errOut != "" && !strings.Contains(errb.String(), c.errOut) {
				t.Errorf("stderr %q does not say %q", errb.String(), c.errOut)
			}
		})
	}
}

func TestRequirementsJSON(t *testing.T) {
	files := reqFile(
		requirements.Requirement{ID: "9999-1-a", Section: "1", Keyword: "SHOULD", Specs: []string{"f: must spec: a"}},
		requirements.Requirement{ID: "9999-2-gap", Section: "2", Keyword: "MAY"},
	)
	for _, missing := range []bool{false, true} {
		var out, errb bytes.Buffer
		if code := requirementsReport(files, reqSpecs, 0, missing, true, &out, &errb); code != exitFail {
			t.Errorf("missing=%v: exit %d, want %d (a level disagrees)", missing, code, exitFail)
		}
		var cov requirements.Coverage
		if err := json.Unmarshal(out.Bytes(), &cov); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out.String())
		}
		if len(cov.RFCs) != 1 || cov.RFCs[0].Total != 2 || cov.RFCs[0].Without != 1 || len(cov.Disagreements) != 1 {
			t.Errorf("missing=%v: %+v", missing, cov)
		}
		if len(cov.RFCs[0].Missing) != 1 || len(cov.Unmapped) != 2 || cov.Split == nil || cov.Unknown == nil {
			t.Errorf("missing=%v: lists %+v", missing, cov)
		}
	}
}

// The command over the embedded inventories and the real specs prints a
// row for every RFC that has an inventory.
func TestRequirementsCommand(t *testing.T) {
	files, _ := requirements.Load()
	var out, errb bytes.Buffer
	code := run([]string{"requirements"}, &out, &errb)
	if code == exitUsage {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, f := range files {
		if !strings.Contains(out.String(), f.Title) {
			t.Errorf("no row for RFC %d (%s):\n%s", f.RFC, f.Title, out.String())
		}
	}
	out.Reset()
	if code := run([]string{"requirements", "--rfc", "8200", "--missing"}, &out, &errb); code == exitUsage {
		t.Fatalf("--rfc 8200: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "RFC 8200: requirements no spec judges") {
		t.Errorf("--missing lists nothing for RFC 8200:\n%s", out.String())
	}
	if code := run([]string{"requirements", "extra"}, &out, &errb); code != exitUsage {
		t.Errorf("an extra argument: exit %d, want %d", code, exitUsage)
	}
}
