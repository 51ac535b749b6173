package interop

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Impl is an implementation that can take roles: the target that plays a
// host and the one that plays a router ("" where it cannot).
type Impl struct {
	Name         string
	Host, Router string
}

// Impls are the built-in implementations by name.
var Impls = map[string]Impl{
	"refnode": {Name: "refnode", Host: "refnode", Router: "refnode"},
	"linux":   {Name: "linux", Host: "linux-host", Router: "linux-router"},
	"gvisor":  {Name: "gvisor", Host: "gvisor-host"}, // a host only: netstack forwards, but sends no advertisements
}

// ImplFor parses an implementation name: a built-in one, or a target name
// (profile:X.yaml) that plays whatever role its target takes.
func ImplFor(name string) (Impl, error) {
	if i, ok := Impls[name]; ok {
		return i, nil
	}
	if strings.HasPrefix(name, "profile:") {
		// A device plays the role of its profile; which one is known once
		// the target is made: offer both, NewTarget refuses the other.
		return Impl{Name: name, Host: name, Router: name}, nil
	}
	var known []string
	for k := range Impls {
		known = append(known, k)
	}
	sort.Strings(known)
	return Impl{}, fmt.Errorf("unknown implementation %q (known: %s, profile:PATH.yaml)", name, strings.Join(known, ", "))
}

// Arrangement binds each role of a scenario to an implementation.
type Arrangement map[string]Impl

// String is the arrangement as ROLE=impl pairs in the scenario's order.
func (a Arrangement) String(s Scenario) string {
	var parts []string
	for _, r := range s.Roles {
		parts = append(parts, r.Name+"="+a[r.Name].Name)
	}
	return strings.Join(parts, " ")
}

// Arrangements are every way to bind the scenario's roles to impls, in a
// stable order; with dut set, only those where dut takes at least one
// role (the others are its partners).
func Arrangements(s Scenario, impls []Impl, dut string) []Arrangement {
	out := []Arrangement{{}}
	for _, r := range s.Roles {
		var next []Arrangement
		for _, a := range out {
			for _, im := range impls {
				if (r.Router && im.Router == "") || (!r.Router && im.Host == "") {
					continue
				}
				b := Arrangement{}
				for k, v := range a {
					b[k] = v
				}
				b[r.Name] = im
				next = append(next, b)
			}
		}
		out = next
	}
	if dut == "" {
		return out
	}
	var with []Arrangement
	for _, a := range out {
		for _, im := range a {
			if im.Name == dut {
				with = append(with, a)
				break
			}
		}
	}
	return with
}

// Cell is one scenario run on one arrangement.
type Cell struct {
	Scenario    string        `json:"scenario"`
	Title       string        `json:"title"`
	RFC         string        `json:"rfc"`
	Arrangement string        `json:"arrangement"`
	Verdict     string        `json:"verdict"` // PASS, FAIL, N/A, ERROR
	Reason      string        `json:"reason,omitempty"`
	Duration    time.Duration `json:"duration_ns"`
	Steps       []string      `json:"steps"`
	Ladder      []string      `json:"ladder"`
	Nodes       []CellNode    `json:"nodes"`
	Frames      []CellFrame   `json:"frames"`
	Pcaps       []string      `json:"pcaps,omitempty"` // relative to the run folder
}

// Run runs one scenario on one arrangement, keeping its evidence in dir.
func Run(s Scenario, a Arrangement, dir string) Cell { return RunWith(s, a, dir, nil) }

// RunWith is Run with faults in reference nodes (by role name).
func RunWith(s Scenario, a Arrangement, dir string, faults map[string][]string) (c Cell) {
	c = Cell{Scenario: s.ID, Title: s.Title, RFC: s.RFC, Arrangement: a.String(s)}
	start := time.Now()
	defer func() { c.Duration = time.Since(start) }()
	impls := map[string]string{}
	for _, r := range s.Roles {
		if r.Router {
			impls[r.Name] = a[r.Name].Router
		} else {
			impls[r.Name] = a[r.Name].Host
		}
	}
	w, err := Build(s.Roles, impls, faults)
	var na *NotApplicable
	switch {
	case errors.As(err, &na): // a node cannot take its role
		c.Verdict, c.Reason = "N/A", na.Why
		return c
	case err != nil:
		c.Verdict, c.Reason = "ERROR", "building the topology: "+err.Error()
		return c
	}
	err = s.Run(w)
	var f *Failure
	switch {
	case err == nil:
		c.Verdict = "PASS"
	case errors.As(err, &na):
		c.Verdict, c.Reason = "N/A", na.Why
	case errors.As(err, &f):
		c.Verdict, c.Reason = "FAIL", err.Error()
	default:
		c.Verdict, c.Reason = "ERROR", err.Error()
	}
	time.Sleep(200 * time.Millisecond) // the last frames reach the relays
	if c.Verdict != "PASS" {
		w.StateNotes()
	}
	c.Steps, c.Ladder, c.Frames = w.Steps(), w.Ladder(), w.Frames()
	for _, n := range w.order {
		c.Nodes = append(c.Nodes, CellNode{Name: n.Name, Impl: n.Impl, Router: n.Router, Links: n.Links,
			LinkLocals: addrs(n.Info().LinkLocals), Globals: addrs(n.Info().Globals)})
	}
	if files, err := w.WritePcapng(dir, s.Links); err == nil {
		for _, f := range files {
			if rel, err := filepath.Rel(filepath.Dir(filepath.Dir(dir)), f); err == nil {
				c.Pcaps = append(c.Pcaps, rel)
			}
		}
	}
	if err := w.Close(); err != nil && c.Verdict == "PASS" {
		c.Verdict, c.Reason = "ERROR", "removing the topology: "+err.Error()
	}
	return c
}

// CellNode is a node of a cell as the report shows it.
type CellNode struct {
	Name       string   `json:"name"`
	Impl       string   `json:"impl"`
	Router     bool     `json:"router,omitempty"`
	Links      []int    `json:"links"`
	LinkLocals []string `json:"link_locals"`
	Globals    []string `json:"globals"`
}

// CellFrame is one frame on a link, with the node that sent it.
type CellFrame struct {
	At   time.Duration `json:"at_ns"`
	Link int           `json:"link"`
	From string        `json:"from"`
	Data []byte        `json:"data"`
}

func addrs(l []netip.Addr) []string {
	var out []string
	for _, a := range l {
		out = append(out, a.String())
	}
	return out
}

// Matrix is a whole interop run.
type Matrix struct {
	Started time.Time `json:"started"`
	Impls   []string  `json:"impls"`
	DUT     string    `json:"dut,omitempty"`
	Cells   []Cell    `json:"cells"`
}

// Write saves the matrix as interop.json in dir.
func (m *Matrix) Write(dir string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(dir, "interop.json.tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, "interop.json"))
}

// CellDir is where a cell's evidence goes under the run folder.
func CellDir(run string, s Scenario, a Arrangement) string {
	name := strings.NewReplacer(" ", "_", "=", "-", ":", "-", "/", "-").Replace(a.String(s))
	return filepath.Join(run, strings.TrimPrefix(s.ID, "interop:"), name)
}

// Table is the matrix as Markdown: a row per scenario, a column per
// arrangement pattern (the implementations in role order).
func Table(m *Matrix) string {
	var cols []string
	seen := map[string]bool{}
	rows := map[string]map[string]string{}
	var order []string
	for _, c := range m.Cells {
		col := arrangementPattern(c.Arrangement)
		if !seen[col] {
			seen[col] = true
			cols = append(cols, col)
		}
		if rows[c.Scenario] == nil {
			rows[c.Scenario] = map[string]string{}
			order = append(order, c.Scenario)
		}
		rows[c.Scenario][col] = c.Verdict
	}
	var b strings.Builder
	b.WriteString("| scenario | " + strings.Join(cols, " | ") + " |\n|---|" + strings.Repeat("---|", len(cols)) + "\n")
	for _, s := range order {
		b.WriteString("| " + s)
		for _, c := range cols {
			v := rows[s][c]
			if v == "" {
				v = "-"
			}
			b.WriteString(" | " + v)
		}
		b.WriteString(" |\n")
	}
	return b.String()
}

// arrangementPattern is "HOST1=a HOST2=b" as "a × b".
func arrangementPattern(a string) string {
	var impls []string
	for _, f := range strings.Fields(a) {
		_, im, _ := strings.Cut(f, "=")
		impls = append(impls, im)
	}
	return strings.Join(impls, " × ")
}
