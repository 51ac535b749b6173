package results

import (
	"strings"
	"time"
)

// InteropRun is one interop run (v6ct interop): every scenario in every
// arrangement of implementations, written as interop.json.
type InteropRun struct {
	Started time.Time     `json:"started"`
	Impls   []string      `json:"impls"`
	DUT     string        `json:"dut,omitempty"`
	Cells   []InteropCell `json:"cells"`
}

// InteropCell is one scenario run on one arrangement.
type InteropCell struct {
	Scenario    string        `json:"scenario"` // interop:NAME
	Title       string        `json:"title"`
	RFC         string        `json:"rfc"`
	Arrangement string        `json:"arrangement"` // ROLE=impl pairs in the scenario's order
	Verdict     string        `json:"verdict"`     // PASS, FAIL, WARN (a recommendation not followed), N/A, ERROR
	Reason      string        `json:"reason,omitempty"`
	Duration    time.Duration `json:"duration_ns"`
	Steps       []string      `json:"steps"`
	Ladder      []string      `json:"ladder"`
	Nodes       []InteropNode `json:"nodes"`
	Frames      []LinkFrame   `json:"frames"`
	Pcaps       []string      `json:"pcaps,omitempty"` // one per link, relative to the run folder
}

// InteropNode is a node of a cell: its role, its implementation and its
// addresses per link.
type InteropNode struct {
	Name       string   `json:"name"`
	Impl       string   `json:"impl"`
	Router     bool     `json:"router,omitempty"`
	Links      []int    `json:"links"`
	LinkLocals []string `json:"link_locals"`
	Globals    []string `json:"globals"`
}

// LinkFrame is one frame on a link of the topology, with the node that
// sent it.
type LinkFrame struct {
	At   time.Duration `json:"at_ns"` // since the cell began
	Link int           `json:"link"`
	From string        `json:"from"`
	Data []byte        `json:"data"`
}

// Impls is the cell's arrangement as its implementations in role order,
// "refnode × linux": how a matrix names its columns.
func (c *InteropCell) Impls() string {
	var impls []string
	for _, f := range strings.Fields(c.Arrangement) {
		_, im, _ := strings.Cut(f, "=")
		impls = append(impls, im)
	}
	return strings.Join(impls, " × ")
}
