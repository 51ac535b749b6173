package requirements

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLevelOf(t *testing.T) {
	cases := map[string]string{
		"MUST": Must, "MUST NOT": Must, "REQUIRED": Must, "SHALL": Must, "SHALL NOT": Must,
		"SHOULD": Should, "SHOULD NOT": Should, "RECOMMENDED": Should,
		"MAY": May, "OPTIONAL": May,
		"must": "", "WILL": "", "": "",
	}
	for kw, want := range cases {
		if got := LevelOf(kw); got != want {
			t.Errorf("LevelOf(%q) = %q, want %q", kw, got, want)
		}
	}
}

const good = `rfc: 9999
title: A Test Protocol
requirements:
  - id: 9999-3-first
    section: "3"
    keyword: MUST
    role: any
    says: a node does the first thing
    specs:
      - "f: A: one"
  - id: 9999-4.1-second
    section: "4.1"
    keyword: MUST   NOT
    role: router
    says: a router does not do the second thing
`

func TestParse(t *testing.T) {
	f, err := Parse("rfc9999.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if f.RFC != 9999 || f.Title != "A Test Protocol" || len(f.Requirements) != 2 {
		t.Fatalf("parsed %+v", f)
	}
	r := f.Requirements[1]
	if r.Keyword != "MUST NOT" {
		t.Errorf("keyword %q: spaces not folded", r.Keyword)
	}
	if r.Line != 11 || r.RFC != 9999 || r.File != "rfc9999.yaml" {
		t.Errorf("place: line %d rfc %d file %s", r.Line, r.RFC, r.File)
	}
	if got := r.Where(); got != "rfc9999.yaml:11: 9999-4.1-second" {
		t.Errorf("Where() = %q", got)
	}
}

func TestParseRejects(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"unknown field", good + "    colour: red\n", "field colour not found"},
		{"not yaml", "rfc: [", "rfc9999.yaml"},
		{"wrong type", "rfc: eighty\n", "cannot unmarshal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("rfc9999.yaml", []byte(c.yaml))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one saying %q", err, c.want)
			}
		})
	}
}

func TestLoadFSKeepsTheFilesThatParse(t *testing.T) {
	fsys := fstest.MapFS{
		"rfc9999.yaml": {Data: []byte(good)},
		"rfc1000.yaml": {Data: []byte("rfc: 1000\ntitle: T\nrequirements:\n  - id: 1000-1-a\n    section: \"1\"\n    keyword: MAY\n    role: any\n    says: s\n")},
		"rfc2000.yaml": {Data: []byte("rfc: [")},
		"README.md":    {Data: []byte("not an inventory")},
	}
	files, err := LoadFS(fsys)
	if err == nil || !strings.Contains(err.Error(), "rfc2000.yaml") {
		t.Errorf("error %v, want one naming rfc2000.yaml", err)
	}
	if len(files) != 2 || files[0].RFC != 1000 || files[1].RFC != 9999 {
		t.Fatalf("files %+v, want 1000 then 9999", files)
	}
}

// req is a valid requirement to spoil one field at a time.
func req(mod func(*Requirement)) Requirement {
	r := Requirement{ID: "9999-3-thing", Section: "3", Keyword: "MUST", Role: "any", Says: "does it", RFC: 9999, File: "rfc9999.yaml", Line: 4}
	if mod != nil {
		mod(&r)
	}
	return r
}

func TestValidate(t *testing.T) {
	caps := map[string]string{"jumbograms": "big"}
	file := func(rs ...Requirement) File {
		return File{RFC: 9999, Title: "T", Name: "rfc9999.yaml", Requirements: rs}
	}
	cases := []struct {
		name string
		f    File
		want string // "" for valid
	}{
		{"valid", file(req(nil)), ""},
		{"valid with a part name", File{RFC: 9999, Title: "T", Name: "rfc9999-nd.yaml", Requirements: []Requirement{req(nil)}}, ""},
		{"valid capability", file(req(func(r *Requirement) { r.Capability = "jumbograms" })), ""},
		{"duplicate id", file(req(nil), req(nil)), "id used twice"},
		{"bad keyword", file(req(func(r *Requirement) { r.Keyword = "must" })), "unknown keyword"},
		{"bad role", file(req(func(r *Requirement) { r.Role = "switch" })), "unknown role"},
		{"id of another rfc", file(req(func(r *Requirement) { r.ID = "8200-3-thing" })), "does not start with the file's RFC"},
		{"id malformed", file(req(func(r *Requirement) { r.ID = "9999 thing" })), "an id is"},
		{"no section", file(req(func(r *Requirement) { r.Section = "" })), "no section"},
		{"says nothing", file(req(func(r *Requirement) { r.Says = " " })), "says nothing"},
		{"untestable with specs", file(req(func(r *Requirement) { r.Untestable = "internal"; r.Specs = []string{"f: a: b"} })), "untestable, yet mapped"},
		{"spec twice", file(req(func(r *Requirement) { r.Specs = []string{"f: a: b"}; r.Mixed = []string{"f: a: b"} })), "spec listed twice"},
		{"spec without folder", file(req(func(r *Requirement) { r.Specs = []string{"just a title"} })), "<folder>: <full spec text>"},
		{"unknown capability", file(req(func(r *Requirement) { r.Capability = "teleport" })), "unknown capability"},
		{"file name", File{RFC: 9999, Title: "T", Name: "ipv6.yaml", Requirements: []Requirement{req(nil)}}, "a file name is"},
		{"rfc and name differ", File{RFC: 9999, Title: "T", Name: "rfc1.yaml", Requirements: []Requirement{req(nil)}}, "does not match the file name"},
		{"no title", File{RFC: 9999, Name: "rfc9999.yaml", Requirements: []Requirement{req(nil)}}, "no title"},
		{"empty", File{RFC: 9999, Title: "T", Name: "rfc9999.yaml"}, "no requirements"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errs := Validate([]File{c.f}, caps)
			if c.want == "" {
				if len(errs) > 0 {
					t.Fatalf("valid file rejected: %v", errs)
				}
				return
			}
			for _, e := range errs {
				if strings.Contains(e.Error(), c.want) {
					return
				}
			}
			t.Fatalf("errors %v, want one saying %q", errs, c.want)
		})
	}
}

func TestLevelLabel(t *testing.T) {
	if got := LevelLabel([]string{"rfc:8200", "level:should", "role:any"}); got != "should" {
		t.Errorf("got %q", got)
	}
	if got := LevelLabel([]string{"rfc:8200"}); got != "" {
		t.Errorf("got %q", got)
	}
	if got := SpecText("rfc2460", "Title", "Part A: x"); got != "rfc2460: Title: Part A: x" {
		t.Errorf("SpecText = %q", got)
	}
}

func TestCheck(t *testing.T) {
	specs := []Spec{
		{Text: "f: must spec: a", Level: Must, Labels: []string{"rfc:9999", "level:must"}},
		{Text: "f: should spec: a", Level: Should, Labels: []string{"rfc:9999", "level:should"}},
		{Text: "f: may spec: a", Level: May, Labels: []string{"rfc:9999", "level:may"}},
		{Text: "f: lonely spec: a", Level: Must, Labels: []string{"rfc:9999", "level:must"}},
		{Text: "g: other rfc: a", Level: Must, Labels: []string{"rfc:1000", "level:must"}},
	}
	r := func(id, kw string, specs, mixed []string, untestable string) Requirement {
		return Requirement{ID: id, Section: "1", Keyword: kw, Role: "any", Says: "s", Specs: specs, Mixed: mixed, Untestable: untestable, RFC: 9999, File: "rfc9999.yaml"}
	}
	files := []File{{RFC: 9999, Title: "T", Name: "rfc9999.yaml", Requirements: []Requirement{
		r("9999-1-a", "MUST", []string{"f: must spec: a"}, nil, ""),
		r("9999-1-b", "SHOULD NOT", []string{"f: should spec: a"}, []string{"f: must spec: a"}, ""),
		r("9999-1-c", "OPTIONAL", []string{"f: may spec: a"}, nil, ""),
		r("9999-1-d", "MUST", nil, nil, ""),
		r("9999-1-e", "MUST", nil, nil, "inside the node"),
		r("9999-1-f", "SHOULD", []string{"f: must spec: a"}, nil, ""),  // disagreement and split
		r("9999-1-g", "MAY", []string{"f: no such spec: a"}, nil, ""),  // unknown
		r("9999-1-h", "MUST", nil, []string{"f: must spec: typo"}, ""), // unknown, in mixed:
	}}}
	c := Check(files, specs)
	if len(c.RFCs) != 1 {
		t.Fatalf("RFCs %+v", c.RFCs)
	}
	got := c.RFCs[0]
	if got.Total != 8 || got.WithSpec != 4 || got.Without != 3 || got.Untestable != 1 || got.Specs != 3 {
		t.Errorf("counts: total %d with %d without %d untestable %d specs %d, want 8 4 3 1 3",
			got.Total, got.WithSpec, got.Without, got.Untestable, got.Specs)
	}
	var missing []string
	for _, m := range got.Missing {
		missing = append(missing, m.ID)
	}
	if strings.Join(missing, " ") != "9999-1-d 9999-1-g 9999-1-h" {
		t.Errorf("missing %v", missing)
	}
	if len(c.Disagreements) != 1 || c.Disagreements[0].Requirement != "9999-1-f" || !strings.Contains(c.Disagreements[0].Msg, "level:must") {
		t.Errorf("disagreements %v", c.Disagreements)
	}
	if len(c.Split) != 1 || !strings.Contains(c.Split[0].Msg, "split the spec") || !strings.Contains(c.Split[0].Msg, "must (9999-1-a) and should (9999-1-f)") {
		t.Errorf("split %v", c.Split)
	}
	if len(c.Unknown) != 2 {
		t.Errorf("unknown %v", c.Unknown)
	} else if !strings.Contains(c.Unknown[0].Msg+c.Unknown[1].Msg, `nearest: "f: must spec: a"`) {
		t.Errorf("no suggestion for the typo: %v", c.Unknown)
	}
	if len(c.Mixed) != 1 || c.Mixed[0].Requirement != "9999-1-b" {
		t.Errorf("mixed %v", c.Mixed)
	}
	if len(c.Unmapped) != 2 || c.Unmapped[0].Text != "f: lonely spec: a" || c.Unmapped[1].Text != "g: other rfc: a" {
		t.Errorf("unmapped %v", c.Unmapped)
	}
	if !c.Failed() {
		t.Error("a disagreement, a split and unknown specs did not fail the check")
	}

	one := c.Filter(9999)
	if len(one.Unmapped) != 1 || one.Unmapped[0].Text != "f: lonely spec: a" {
		t.Errorf("Filter(9999) unmapped %v", one.Unmapped)
	}
	if none := c.Filter(1000); len(none.RFCs) != 0 || none.Failed() {
		t.Errorf("Filter(1000) = %+v", none)
	}

	clean := Check(files[:0], specs)
	if clean.Failed() || len(clean.Unmapped) != len(specs) {
		t.Errorf("no inventory: failed %v, unmapped %d", clean.Failed(), len(clean.Unmapped))
	}
}
