// Package requirements holds, per RFC the suites cover, an inventory of its
// requirements in our own words (section, keyword, role), each mapped to
// the specs that judge it, and computes the coverage: requirements without
// a spec, specs whose level: label disagrees with the keyword, specs mapped
// to no requirement.
//
// The inventories are the files rfcNNNN.yaml in this folder, embedded into
// the binary; see README.md for the format.
package requirements

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed *.yaml
var embedded embed.FS

// File is one RFC's inventory.
type File struct {
	RFC          int           `yaml:"rfc"`
	Title        string        `yaml:"title"`
	Updates      []int         `yaml:"updates"`
	Requirements []Requirement `yaml:"requirements"`

	Name string `yaml:"-"` // file name, for messages
}

// Requirement is one statement of an RFC about a node's behaviour.
type Requirement struct {
	ID      string   `yaml:"id" json:"id"`
	Section string   `yaml:"section" json:"section"`
	Keyword string   `yaml:"keyword" json:"keyword"`
	Role    string   `yaml:"role" json:"role"`
	Says    string   `yaml:"says" json:"says"`
	Specs   []string `yaml:"specs" json:"specs,omitempty"`
	// Mixed are specs that judge this requirement together with one of
	// another level (a MUST and a SHOULD at once): they count as coverage
	// but are not checked against this keyword, and are reported as specs
	// to split.
	Mixed      []string `yaml:"mixed" json:"mixed,omitempty"`
	Untestable string   `yaml:"untestable" json:"untestable,omitempty"`
	Capability string   `yaml:"capability" json:"capability,omitempty"`
	Note       string   `yaml:"note" json:"note,omitempty"`
	// Informal: the RFC states this without an RFC 2119 keyword in
	// capitals (in lower case, as RFC 8200 mostly does, or as a field's
	// definition); the keyword is the word it uses, and sets the level.
	Informal bool `yaml:"informal" json:"informal,omitempty"`

	RFC  int    `yaml:"-" json:"rfc"`  // the file's RFC
	File string `yaml:"-" json:"file"` // the file's name
	Line int    `yaml:"-" json:"line"` // the line the requirement starts on
}

// Where names the requirement's place for messages: file, line and id.
func (r Requirement) Where() string {
	return fmt.Sprintf("%s:%d: %s", r.File, r.Line, r.ID)
}

// Levels, as the specs' level: labels spell them.
const (
	Must   = "must"
	Should = "should"
	May    = "may"
)

// keywords maps each RFC 2119 keyword to the level a spec judging it carries.
var keywords = map[string]string{
	"MUST": Must, "MUST NOT": Must, "REQUIRED": Must, "SHALL": Must, "SHALL NOT": Must,
	"SHOULD": Should, "SHOULD NOT": Should, "RECOMMENDED": Should, "NOT RECOMMENDED": Should,
	"MAY": May, "OPTIONAL": May,
}

// LevelOf returns the spec level a keyword calls for, "" for an unknown one.
func LevelOf(keyword string) string { return keywords[keyword] }

// Roles a requirement may apply to.
var Roles = []string{"any", "host", "router"}

var (
	fileName = regexp.MustCompile(`^rfc([0-9]+)([-_][a-z0-9-]+)?\.yaml$`)
	idForm   = regexp.MustCompile(`^([0-9]+)-([0-9A-Za-z.()]+)-([a-z0-9]+([-.][a-z0-9]+)*)$`)
)

// Load reads every embedded inventory.
func Load() ([]File, error) { return LoadFS(embedded) }

// LoadFS reads every rfc*.yaml at the top of fsys, sorted by RFC number
// then name. Errors name the file and line.
func LoadFS(fsys fs.FS) ([]File, error) {
	names, err := fs.Glob(fsys, "rfc*.yaml")
	if err != nil {
		return nil, err
	}
	var files []File
	var errs []error
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		f, err := Parse(n, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		files = append(files, f)
	}
	sort.SliceStable(files, func(i, j int) bool {
		if files[i].RFC != files[j].RFC {
			return files[i].RFC < files[j].RFC
		}
		return files[i].Name < files[j].Name
	})
	return files, errors.Join(errs...)
}

// Parse reads one inventory. Unknown fields are errors, so that a typo
// does not silently drop a mapping.
func Parse(name string, data []byte) (File, error) {
	f := File{Name: name}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return f, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	f.Name = name
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err == nil {
		lines := requirementLines(&doc)
		for i := range f.Requirements {
			if i < len(lines) {
				f.Requirements[i].Line = lines[i]
			}
		}
	}
	for i := range f.Requirements {
		r := &f.Requirements[i]
		r.RFC, r.File = f.RFC, name
		r.Keyword = strings.Join(strings.Fields(r.Keyword), " ")
	}
	return f, nil
}

// requirementLines returns the line each item of requirements: starts on.
func requirementLines(doc *yaml.Node) []int {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "requirements" {
			var lines []int
			for _, it := range m.Content[i+1].Content {
				lines = append(lines, it.Line)
			}
			return lines
		}
	}
	return nil
}

// Validate checks the inventories on their own (not against the specs):
// file names, RFC numbers, unique and well-formed ids, keywords, roles,
// sections and texts. capabilities, when not nil, are the known target
// capabilities a requirement may name.
func Validate(files []File, capabilities map[string]string) []error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	seen := map[string]string{}
	for _, f := range files {
		m := fileName.FindStringSubmatch(f.Name)
		switch {
		case m == nil:
			bad("%s: a file name is rfcNNNN.yaml (or rfcNNNN-part.yaml)", f.Name)
		case m[1] != strconv.Itoa(f.RFC):
			bad("%s: rfc: %d does not match the file name", f.Name, f.RFC)
		}
		if f.RFC <= 0 {
			bad("%s: no rfc: number", f.Name)
		}
		if strings.TrimSpace(f.Title) == "" {
			bad("%s: no title:", f.Name)
		}
		if len(f.Requirements) == 0 {
			bad("%s: no requirements", f.Name)
		}
		for _, r := range f.Requirements {
			w := r.Where()
			if prev, ok := seen[r.ID]; ok {
				bad("%s: id used twice (also %s)", w, prev)
			} else {
				seen[r.ID] = fmt.Sprintf("%s:%d", r.File, r.Line)
			}
			if im := idForm.FindStringSubmatch(r.ID); im == nil {
				bad("%s: an id is <rfc>-<section>-<short-slug>, lower case", w)
			} else if im[1] != strconv.Itoa(f.RFC) {
				bad("%s: the id does not start with the file's RFC number %d", w, f.RFC)
			}
			if strings.TrimSpace(r.Section) == "" {
				bad("%s: no section", w)
			}
			if LevelOf(r.Keyword) == "" {
				bad("%s: unknown keyword %q (MUST, MUST NOT, SHOULD, SHOULD NOT, MAY, REQUIRED, RECOMMENDED, SHALL, SHALL NOT, OPTIONAL)", w, r.Keyword)
			}
			if !validRole(r.Role) {
				bad("%s: unknown role %q (any, host, router)", w, r.Role)
			}
			if strings.TrimSpace(r.Says) == "" {
				bad("%s: says nothing", w)
			}
			if r.Untestable != "" && len(r.Specs)+len(r.Mixed) > 0 {
				bad("%s: untestable, yet mapped to specs", w)
			}
			if r.Capability != "" && capabilities != nil {
				if _, ok := capabilities[r.Capability]; !ok {
					bad("%s: unknown capability %q", w, r.Capability)
				}
			}
			dup := map[string]bool{}
			for _, s := range append(append([]string{}, r.Specs...), r.Mixed...) {
				if dup[s] {
					bad("%s: spec listed twice: %s", w, s)
				}
				dup[s] = true
				if folder, _, ok := strings.Cut(s, ": "); !ok || strings.Contains(folder, " ") {
					bad("%s: a spec is \"<folder>: <full spec text>\": %q", w, s)
				}
			}
		}
	}
	return errs
}

func validRole(role string) bool {
	for _, r := range Roles {
		if r == role {
			return true
		}
	}
	return false
}
