// Package results holds the record of a v6ct run: what was run against which
// target, and for every spec its verdict, reason, steps and frames. The runner
// writes it as JSON; the reports read it and never run anything. A spec's
// frames also go into a pcapng file, written by WritePcapng for the tester
// and the reports alike.
package results

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"time"
)

// Verdict is the judgement of one spec.
type Verdict string

const (
	Pass  Verdict = "PASS"  // every requirement held
	Fail  Verdict = "FAIL"  // a MUST was broken
	Warn  Verdict = "WARN"  // a SHOULD was broken, or a MAY not observed (the reason says which)
	NA    Verdict = "N/A"   // the spec does not apply to this target or role
	Error Verdict = "ERROR" // the tester itself could not run the spec
)

// Verdicts lists every verdict in report order.
var Verdicts = []Verdict{Pass, Fail, Warn, NA, Error}

// Run is one execution of a selection of specs against one target.
type Run struct {
	Tool        string `json:"tool"`
	Version     string `json:"version"`
	Target      string `json:"target"`
	Role        string `json:"role"`
	LabelFilter string `json:"label_filter,omitempty"`
	// Prove is set when every spec ran against the reference node carrying
	// the spec's own fault: then FAIL is the expected outcome.
	Prove    bool          `json:"prove,omitempty"`
	Started  time.Time     `json:"started"`
	Ended    time.Time     `json:"ended"`
	Duration time.Duration `json:"duration_ns"`

	// Provenance (absent in files from before these fields existed).
	Commit    string `json:"commit,omitempty"`     // the tool's source revision, "+dirty" when modified
	GoVersion string `json:"go_version,omitempty"` // the Go toolchain that built the tool
	Host      string `json:"host,omitempty"`       // the tester's host name and kernel
	// Interfaces are the ends of the run's links: the node under test's
	// interfaces and the tester nodes, with their MACs and addresses.
	Interfaces []Interface `json:"interfaces,omitempty"`
	// Fatal is set when the run stopped before its end because the node
	// under test stopped answering and could not be brought back.
	Fatal string `json:"fatal,omitempty"`
	// Units name what each worker of a parallel run ran against (Spec.Worker
	// k is Units[k-1]): a node of the target's own, or one unit of a
	// device named by its profile.
	Units []string `json:"units,omitempty"`
	// Incomplete is set when some selected specs never ran: the run was
	// interrupted (Ctrl-C, SIGTERM), stopped FATAL, or stopped at the first
	// spec that did not pass (--fail-fast). The totals count only the specs
	// that ran.
	Incomplete *Incomplete `json:"incomplete,omitempty"`

	Specs []Spec `json:"specs"`
}

// Incomplete says why a run ended before its selection did, and what of
// the selection never ran.
type Incomplete struct {
	Reason   string `json:"reason"`
	Selected int    `json:"selected"` // specs the run set out to run
	NotRun   int    `json:"not_run"`  // of those, the ones that never ran
	// Specs are the specs that never ran and have no entry in Specs (a
	// FATAL run keeps its not-run specs among Specs, as ERROR "not run").
	Specs []NotRun `json:"specs_not_run,omitempty"`
}

// NotRun names a selected spec that never ran.
type NotRun struct {
	ID     string `json:"id"`
	Folder string `json:"folder"`
	Title  string `json:"title"`
	Part   string `json:"part"`
}

// Interface is one end of a link: an interface of the node under test
// (Node "NUT") or a simulated tester node (TN1, TR1...).
type Interface struct {
	Link  string   `json:"link"`
	Node  string   `json:"node"`
	MAC   string   `json:"mac,omitempty"`
	Addrs []string `json:"addrs,omitempty"`
}

// Spec is the outcome of one spec (one Ginkgo It).
type Spec struct {
	ID        string   `json:"id"`    // stable slug, unique in a run
	Title     string   `json:"title"` // the test (Describe)
	Part      string   `json:"part"`  // the behaviour checked (It), in our own words
	RFC       string   `json:"rfc"`
	Section   string   `json:"section"`
	IPv6Ready string   `json:"ipv6ready,omitempty"`
	Role      string   `json:"role"`
	Level     string   `json:"level"` // must, should or may
	Fault     string   `json:"fault,omitempty"`
	Labels    []string `json:"labels"`
	Folder    string   `json:"folder"` // rfc2460, rfc2461, ...

	Verdict  Verdict `json:"verdict"`
	Reason   string  `json:"reason"`
	Location string  `json:"location,omitempty"` // file:line of the failed expectation
	// Device is what the alive check after the spec found: the device had
	// stopped answering (and what brought it back); empty when it answered.
	Device string `json:"device,omitempty"`
	// Worker is the worker of a parallel run that ran the spec (from 1;
	// zero in a serial run), with its own node under test.
	Worker   int           `json:"worker,omitempty"`
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration_ns"`

	Steps  []Step  `json:"steps"`
	Frames []Frame `json:"frames"`
	Pcap   string  `json:"pcap,omitempty"` // path relative to the results file
}

// Step is one line of a spec's procedure: a By, a frame sent, an expectation
// met or missed.
type Step struct {
	At   time.Duration `json:"at_ns"` // since the spec started, on the target's clock
	Kind string        `json:"kind"`  // by, send, expect, expect-none, wait, note
	Text string        `json:"text"`
	OK   *bool         `json:"ok,omitempty"` // for expectations
	// Link is the link a send or an expectation was about.
	Link string `json:"link,omitempty"`
	// Frame is the index in Spec.Frames of the frame this step sent, the
	// frame an expectation matched, the wrong candidate a failed Expect
	// saw, or the frame a failed ExpectNo caught; nil: none.
	Frame *int `json:"frame,omitempty"`
	// Want describes the frame an expectation was about (its matcher).
	Want string `json:"want,omitempty"`
}

// Frame is one frame seen on a link during a spec.
type Frame struct {
	At      time.Duration `json:"at_ns"`
	Link    string        `json:"link"`
	Dir     string        `json:"dir"`            // "to-nut" (sent by the tester) or "from-nut"
	Node    string        `json:"node,omitempty"` // tester node that sent it or that it was addressed to
	Summary string        `json:"summary"`
	Hex     string        `json:"hex"`
	// Step is the number of the procedure step (the By, counted from 1)
	// during which the frame went by; 0: before the first step or unknown.
	Step int `json:"step,omitempty"`
}

// Totals counts specs per verdict.
func (r *Run) Totals() map[Verdict]int {
	t := map[Verdict]int{}
	for _, s := range r.Specs {
		t[s.Verdict]++
	}
	return t
}

// ByRFC groups specs per RFC folder, in folder order.
func (r *Run) ByRFC() (folders []string, specs map[string][]Spec) {
	specs = map[string][]Spec{}
	for _, s := range r.Specs {
		if _, ok := specs[s.Folder]; !ok {
			folders = append(folders, s.Folder)
		}
		specs[s.Folder] = append(specs[s.Folder], s)
	}
	sort.Strings(folders)
	return folders, specs
}

// Write saves the run as JSON: the run's fields indented, each spec on
// one line of its own (grep finds a spec's whole record; the file is a
// quarter smaller than fully indented).
func (r *Run) Write(path string) error {
	b, err := r.marshal()
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func (r *Run) marshal() ([]byte, error) {
	head := *r
	head.Specs = []Spec{}
	b, err := json.MarshalIndent(head, "", "  ")
	if err != nil {
		return nil, err
	}
	var specs bytes.Buffer
	specs.WriteString(`"specs": [`)
	for i, s := range r.Specs {
		line, err := json.Marshal(s)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			specs.WriteByte(',')
		}
		specs.WriteString("\n    ")
		specs.Write(line)
	}
	if len(r.Specs) > 0 {
		specs.WriteString("\n  ")
	}
	specs.WriteByte(']')
	// The empty list is the only place the text "specs": [] can be:
	// inside a string its quotes would be escaped.
	return bytes.Replace(b, []byte(`"specs": []`), specs.Bytes(), 1), nil
}

// Read loads a results file.
func Read(path string) (*Run, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Run
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: not a v6ct results file: %w", path, err)
	}
	return &r, nil
}
