package requirements

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Spec is a spec as the inventories name it.
type Spec struct {
	Text   string   `json:"spec"`   // "<folder>: <title>: <part>", as v6ct list prints it
	Level  string   `json:"level"`  // its level: label (must, should, may)
	Labels []string `json:"labels"` // every label
}

// SpecText is the text that names a spec in an inventory: the folder, the
// title and the part, as v6ct list prints them.
func SpecText(folder, title, part string) string {
	return folder + ": " + title + ": " + part
}

// LevelLabel returns the value of the last level: label, "" if none: an
// It's label refines its container's, as the runner reads them.
func LevelLabel(labels []string) string {
	v := ""
	for _, l := range labels {
		if lv, ok := strings.CutPrefix(l, "level:"); ok {
			v = lv
		}
	}
	return v
}

// Problem is one finding about a requirement or a spec.
type Problem struct {
	RFC         int    `json:"rfc"`
	Requirement string `json:"requirement,omitempty"`
	Where       string `json:"where,omitempty"` // file:line of the requirement
	Spec        string `json:"spec,omitempty"`
	Msg         string `json:"message"`
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Where != "" {
		b.WriteString(p.Where + ": ")
	} else if p.Requirement != "" {
		b.WriteString(p.Requirement + ": ")
	}
	b.WriteString(p.Msg)
	if p.Spec != "" {
		b.WriteString(": " + strconv.Quote(p.Spec))
	}
	return b.String()
}

// RFCCoverage counts one RFC's requirements.
type RFCCoverage struct {
	RFC        int      `json:"rfc"`
	Title      string   `json:"title"`
	Files      []string `json:"files"`
	Total      int      `json:"requirements"`
	WithSpec   int      `json:"with_spec"`
	Without    int      `json:"without_spec"` // testable, yet no spec judges it
	Untestable int      `json:"untestable"`   // no spec can judge it on the wire
	Specs      int      `json:"specs"`        // distinct specs mapped to it
	// Missing are the testable requirements no spec judges.
	Missing []Requirement `json:"missing,omitempty"`
}

// Coverage is what the inventories and the specs say of each other.
type Coverage struct {
	RFCs []RFCCoverage `json:"rfcs"`
	// Hard findings: the inventories or the specs must change.
	Unknown       []Problem `json:"unknown_specs"`       // a mapped spec that does not exist
	Disagreements []Problem `json:"level_disagreements"` // a spec's level: is not the keyword's
	Split         []Problem `json:"split"`               // a spec mapped to requirements of different levels
	// Mixed: specs an inventory says judge requirements of two levels at
	// once (mixed:), to split one day; not a failure.
	Mixed []Problem `json:"mixed"`
	// Soft findings: coverage still to grow.
	Unmapped []Spec `json:"unmapped_specs"` // specs no requirement names
}

// Failed reports findings that must fail a check.
func (c Coverage) Failed() bool {
	return len(c.Unknown) > 0 || len(c.Disagreements) > 0 || len(c.Split) > 0
}

// Check maps the inventories onto the specs.
func Check(files []File, specs []Spec) Coverage {
	byText := map[string]Spec{}
	for _, s := range specs {
		byText[s.Text] = s
	}
	var c Coverage
	perRFC := map[int]*RFCCoverage{}
	mapped := map[string][]Requirement{}
	mixed := map[string]bool{}
	rfcSpecs := map[int]map[string]bool{}
	for _, f := range files {
		rc := perRFC[f.RFC]
		if rc == nil {
			rc = &RFCCoverage{RFC: f.RFC, Title: f.Title}
			perRFC[f.RFC] = rc
			rfcSpecs[f.RFC] = map[string]bool{}
		}
		rc.Files = append(rc.Files, f.Name)
		for _, r := range f.Requirements {
			rc.Total++
			known := 0
			for _, text := range r.Specs {
				s, ok := byText[text]
				if !ok {
					c.Unknown = append(c.Unknown, Problem{RFC: f.RFC, Requirement: r.ID, Where: r.Where(), Spec: text,
						Msg: "no such spec (the text must be the first line v6ct list prints for it)" + nearest(text, specs)})
					continue
				}
				known++
				rfcSpecs[f.RFC][text] = true
				mapped[text] = append(mapped[text], r)
				if want := LevelOf(r.Keyword); want != "" && s.Level != want {
					c.Disagreements = append(c.Disagreements, Problem{RFC: f.RFC, Requirement: r.ID, Where: r.Where(), Spec: text,
						Msg: fmt.Sprintf("the spec is level:%s, the requirement's %s calls for level:%s", s.Level, r.Keyword, want)})
				}
			}
			for _, text := range r.Mixed {
				if _, ok := byText[text]; !ok {
					c.Unknown = append(c.Unknown, Problem{RFC: f.RFC, Requirement: r.ID, Where: r.Where(), Spec: text,
						Msg: "no such spec (the text must be the first line v6ct list prints for it)" + nearest(text, specs)})
					continue
				}
				known++
				rfcSpecs[f.RFC][text] = true
				mixed[text] = true
				c.Mixed = append(c.Mixed, Problem{RFC: f.RFC, Requirement: r.ID, Where: r.Where(), Spec: text,
					Msg: fmt.Sprintf("also judges this %s requirement: split the spec", r.Keyword)})
			}
			switch {
			case r.Untestable != "":
				rc.Untestable++
			case known > 0:
				rc.WithSpec++
			default:
				rc.Without++
				rc.Missing = append(rc.Missing, r)
			}
		}
	}
	for text, reqs := range mapped {
		levels := map[string][]string{}
		for _, r := range reqs {
			l := LevelOf(r.Keyword)
			levels[l] = append(levels[l], r.ID)
		}
		if len(levels) > 1 {
			var parts []string
			for _, l := range []string{Must, Should, May} {
				if ids := levels[l]; len(ids) > 0 {
					parts = append(parts, fmt.Sprintf("%s (%s)", l, strings.Join(ids, ", ")))
				}
			}
			c.Split = append(c.Split, Problem{RFC: reqs[0].RFC, Spec: text,
				Msg: "judges requirements of different levels, " + strings.Join(parts, " and ") + ": split the spec"})
		}
	}
	for _, s := range specs {
		if len(mapped[s.Text]) == 0 && !mixed[s.Text] {
			c.Unmapped = append(c.Unmapped, s)
		}
	}
	for rfc, rc := range perRFC {
		rc.Specs = len(rfcSpecs[rfc])
		c.RFCs = append(c.RFCs, *rc)
	}
	sort.Slice(c.RFCs, func(i, j int) bool { return c.RFCs[i].RFC < c.RFCs[j].RFC })
	for _, ps := range [][]Problem{c.Unknown, c.Disagreements, c.Split, c.Mixed} {
		sort.SliceStable(ps, func(i, j int) bool {
			if ps[i].RFC != ps[j].RFC {
				return ps[i].RFC < ps[j].RFC
			}
			return ps[i].Spec < ps[j].Spec
		})
	}
	sort.SliceStable(c.Unmapped, func(i, j int) bool { return c.Unmapped[i].Text < c.Unmapped[j].Text })
	return c.nonNil()
}

// nonNil makes empty lists empty rather than nil, so that JSON says [].
func (c Coverage) nonNil() Coverage {
	for _, ps := range []*[]Problem{&c.Unknown, &c.Disagreements, &c.Split, &c.Mixed} {
		if *ps == nil {
			*ps = []Problem{}
		}
	}
	if c.RFCs == nil {
		c.RFCs = []RFCCoverage{}
	}
	if c.Unmapped == nil {
		c.Unmapped = []Spec{}
	}
	return c
}

// nearest suggests the spec whose text shares the longest prefix with an
// unknown one, as " (nearest: ...)", or "".
func nearest(text string, specs []Spec) string {
	best, bestN := "", 0
	for _, s := range specs {
		n := 0
		for n < len(text) && n < len(s.Text) && text[n] == s.Text[n] {
			n++
		}
		if n > bestN {
			best, bestN = s.Text, n
		}
	}
	if bestN < len(text)/3 {
		return ""
	}
	return " (nearest: " + strconv.Quote(best) + ")"
}

// Filter keeps the coverage of one RFC (0: all), with the findings about it
// and the unmapped specs labelled with it.
func (c Coverage) Filter(rfc int) Coverage {
	if rfc == 0 {
		return c
	}
	out := Coverage{}
	for _, r := range c.RFCs {
		if r.RFC == rfc {
			out.RFCs = append(out.RFCs, r)
		}
	}
	keep := func(ps []Problem) []Problem {
		var k []Problem
		for _, p := range ps {
			if p.RFC == rfc {
				k = append(k, p)
			}
		}
		return k
	}
	out.Unknown, out.Disagreements, out.Split, out.Mixed = keep(c.Unknown), keep(c.Disagreements), keep(c.Split), keep(c.Mixed)
	label := "rfc:" + strconv.Itoa(rfc)
	for _, s := range c.Unmapped {
		for _, l := range s.Labels {
			if l == label {
				out.Unmapped = append(out.Unmapped, s)
				break
			}
		}
	}
	out = out.nonNil()
	return out
}
