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

	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/suites"
)

// Impl is an implementation that can take roles: the target that plays a
// host and the one that plays a router ("" where it cannot).
type Impl struct {
	Name         string // as reports show it
	Key          string // as the command line names it (--impl, --dut)
	Host, Router string
	// One says there is one node of it: a device takes one role of an
	// arrangement, where a built-in implementation can take several.
	One bool
}

// Impls are the built-in implementations by name.
var Impls = map[string]Impl{
	"refnode": {Name: "refnode", Key: "refnode", Host: "refnode", Router: "refnode"},
	"linux":   {Name: "linux", Key: "linux", Host: "linux-host", Router: "linux-router"},
	"gvisor":  {Name: "gvisor", Key: "gvisor", Host: "gvisor-host"}, // a host only: netstack forwards, but sends no advertisements
}

// ImplFor parses an implementation name: a built-in one, or a target name
// (profile:X.yaml) that plays whatever role its target takes.
func ImplFor(name string) (Impl, error) {
	if i, ok := Impls[name]; ok {
		return i, nil
	}
	if path, ok := strings.CutPrefix(name, "profile:"); ok {
		// A device plays the role its profile gives it.
		p, err := suites.LoadProfile(path)
		if err != nil {
			return Impl{}, err
		}
		im := Impl{Name: "profile:" + p.Name, Key: name, One: true, Host: name}
		if p.Role == "router" {
			im.Host, im.Router = "", name
		}
		return im, nil
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
				if im.One && taken(a, im) {
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
			if im.Key == dut {
				with = append(with, a)
				break
			}
		}
	}
	return with
}

// taken says im already has a role in a.
func taken(a Arrangement, im Impl) bool {
	for _, x := range a {
		if x.Key == im.Key {
			return true
		}
	}
	return false
}

// Cell is one scenario run on one arrangement (results.InteropCell).
type Cell = results.InteropCell

// CellNode is a node of a cell as the report shows it.
type CellNode = results.InteropNode

// CellFrame is one frame on a link, with the node that sent it.
type CellFrame = results.LinkFrame

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
	if errors.As(err, &na) {
		c.Verdict, c.Reason = "N/A", err.Error()
		return c
	}
	if err != nil {
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
	case errors.As(err, &f) && f.Should:
		c.Verdict, c.Reason = "WARN", err.Error()
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

func addrs(l []netip.Addr) []string {
	var out []string
	for _, a := range l {
		out = append(out, a.String())
	}
	return out
}

// Matrix is a whole interop run (results.InteropRun).
type Matrix = results.InteropRun

// Write saves the matrix as interop.json in dir.
func Write(m *Matrix, dir string) error {
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
		col := c.Impls()
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
