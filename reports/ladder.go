package reports

import (
	"fmt"
	"html/template"
	"sort"
	"strings"

	"github.com/v6ct/v6ct/results"
)

// The packet ladder: one lane per simulated node and per interface of the
// node under test, one row per frame, an arrow from sender to receiver.

type ladderView struct {
	K    int // lanes
	Cols []ladderCol
	Rows []ladderRow
}

type ladderCol struct {
	Label string
	Sub   string
	Title string
	NUT   bool
}

type ladderRow struct {
	N       int    // frame number from 1; 0 for an expected frame that never came
	ID      string // anchor
	At      string
	Grid    template.CSS // grid-column of the arrow
	Inset   template.CSS // arrow inset from each end, in % of the arrow's span
	Right   bool         // the arrow points right
	Short   string
	Summary string
	Step    int
	Class   string // hinge (the verdict hinged on it), matched, missing
	Note    string
	Notes   []string // what steps say about this frame
	Detail  frameView
}

type lane struct{ link, node string } // node "NUT", a tester node, or "*" (others, multicast)

// procStep is one numbered step of the procedure (a By) with what the
// tester did under it.
type procStep struct {
	N     int
	Text  string
	At    string
	Items []stepView
}

// procedure groups the steps under their By: numbered from 1, with the
// tester's steps before any By under a step 0.
func procedure(s *results.Spec) []procStep {
	var out []procStep
	for i, st := range s.Steps {
		if st.Kind == "by" {
			out = append(out, procStep{N: len(out) + 1, Text: st.Text, At: fmtMillis(st.At)})
			continue
		}
		if len(out) == 0 {
			out = append(out, procStep{N: 0, Text: "Set-up", At: fmtMillis(st.At)})
		}
		out[len(out)-1].Items = append(out[len(out)-1].Items, stepViewOf(i, st))
	}
	if len(out) > 0 && out[0].N == 0 {
		for i := range out[1:] {
			out[i+1].N = i + 1
		}
	}
	return out
}

func stepViewOf(i int, st results.Step) stepView {
	sv := stepView{N: i + 1, At: fmtMillis(st.At), Kind: st.Kind, KindClass: stepKind(st.Kind), Text: st.Text}
	if st.OK != nil {
		if *st.OK {
			sv.Mark, sv.MarkClass = "✓ ok", "ok"
		} else {
			sv.Mark, sv.MarkClass = "✗ failed", "notok"
		}
	}
	if st.Frame != nil {
		sv.Frame = *st.Frame + 1
	}
	return sv
}

// failingStep is the last expectation that failed, or -1.
func failingStep(s *results.Spec) int {
	for i := len(s.Steps) - 1; i >= 0; i-- {
		if st := s.Steps[i]; st.OK != nil && !*st.OK {
			return i
		}
	}
	return -1
}

func buildLadder(run *results.Run, s *results.Spec, frames []frameView) ladderView {
	var lv ladderView
	fail := failingStep(s)
	// Lanes.
	seen := map[lane]bool{}
	var testers, nuts []lane
	addLane := func(l lane) {
		if seen[l] {
			return
		}
		seen[l] = true
		if l.node == "NUT" {
			nuts = append(nuts, l)
		} else {
			testers = append(testers, l)
		}
	}
	far := func(f results.Frame) lane {
		if f.Node != "" {
			return lane{f.Link, f.Node}
		}
		return lane{f.Link, "*"}
	}
	for _, f := range s.Frames {
		addLane(lane{f.Link, "NUT"})
		addLane(far(f))
	}
	var missing *results.Step
	if fail >= 0 && s.Steps[fail].Kind == "expect" {
		missing = &s.Steps[fail]
		link := missing.Link
		if link == "" {
			link = "Link0"
		}
		addLane(lane{link, "NUT"})
		hasTester := false
		for _, t := range testers {
			hasTester = hasTester || t.link == link
		}
		if !hasTester {
			addLane(lane{link, "*"})
		}
	}
	sort.SliceStable(testers, func(i, j int) bool {
		a, b := testers[i], testers[j]
		if a.link != b.link {
			return a.link < b.link
		}
		if (a.node == "*") != (b.node == "*") {
			return b.node == "*"
		}
		return a.node < b.node
	})
	sort.SliceStable(nuts, func(i, j int) bool { return nuts[i].link < nuts[j].link })
	lanes := append(testers, nuts...)
	pos := map[lane]int{}
	for i, l := range lanes {
		pos[l] = i
		lv.Cols = append(lv.Cols, laneCol(run, l))
	}
	lv.K = len(lanes)
	if lv.K == 0 {
		return lv
	}

	notes := map[int][]string{}
	class := map[int]string{}
	for i, st := range s.Steps {
		if st.Frame == nil {
			continue
		}
		n := *st.Frame
		switch {
		case st.Kind == "send" && n < len(s.Frames) && s.Frames[n].Summary != "" && strings.HasSuffix(st.Text, s.Frames[n].Summary):
			notes[n] = append(notes[n], "sent by the tester") // the step says no more than the frame's summary
		case st.Kind == "send":
			notes[n] = append(notes[n], "sent by the tester: "+st.Text)
		case st.OK != nil && *st.OK:
			notes[n] = append(notes[n], "matched the expectation: "+st.Text)
			if class[n] == "" {
				class[n] = "matched"
			}
		case st.Kind == "expect-none":
			notes[n] = append(notes[n], "the node sent this, which it must not: "+st.Text)
		default:
			notes[n] = append(notes[n], "the nearest candidate, but wrong: "+st.Text)
		}
		if i == fail {
			class[n] = "hinge"
		}
	}

	arrow := func(r *ladderRow, from, to lane) {
		a, b := pos[from], pos[to]
		r.Right = b > a
		if a > b {
			a, b = b, a
		}
		span := b - a + 1
		r.Grid = template.CSS(fmt.Sprintf("%d / %d", 3+a, 4+b))
		r.Inset = template.CSS(fmt.Sprintf("%.4g%%", 50/float64(span)))
	}
	for i, f := range s.Frames {
		r := ladderRow{N: i + 1, ID: fmt.Sprintf("f%d", i+1), At: fmtMillis(f.At), Summary: f.Summary, Step: f.Step, Class: class[i], Notes: notes[i]}
		if i < len(frames) {
			r.Detail = frames[i]
			r.Short = frames[i].Short
		}
		if f.Dir == "to-nut" {
			arrow(&r, far(f), lane{f.Link, "NUT"})
		} else {
			arrow(&r, lane{f.Link, "NUT"}, far(f))
		}
		switch r.Class {
		case "hinge":
			r.Note = "the verdict hinged on this frame"
		case "matched":
			r.Note = "expected, and it came"
		}
		lv.Rows = append(lv.Rows, r)
	}
	if missing != nil {
		link := missing.Link
		if link == "" {
			link = "Link0"
		}
		to := lane{link, "*"}
		for _, t := range testers {
			if t.link == link {
				to = t
				break
			}
		}
		want := missing.Want
		if want == "" {
			want = strings.TrimPrefix(missing.Text, link+": ")
		}
		r := ladderRow{ID: "missing", At: fmtMillis(missing.At), Short: "never came", Summary: "expected, never came: " + want,
			Class: "missing", Note: "the verdict hinged on this frame, which never came"}
		for _, st := range procedure(s) {
			for _, it := range st.Items {
				if it.N == fail+1 {
					r.Step = st.N
				}
			}
		}
		arrow(&r, lane{link, "NUT"}, to)
		// In time order: after the frames that came before the window closed.
		at := len(lv.Rows)
		for at > 0 && s.Frames[at-1].At > missing.At {
			at--
		}
		lv.Rows = append(lv.Rows[:at], append([]ladderRow{r}, lv.Rows[at:]...)...)
	}
	return lv
}

func laneCol(run *results.Run, l lane) ladderCol {
	c := ladderCol{Label: l.node, Sub: l.link, NUT: l.node == "NUT"}
	switch l.node {
	case "NUT":
		c.Label = "NUT"
	case "*":
		c.Label = "others"
		c.Title = "multicast groups and addresses of no simulated node"
	}
	for _, in := range run.Interfaces {
		if in.Link == l.link && in.Node == l.node {
			c.Title = strings.TrimSpace(in.MAC + " " + strings.Join(in.Addrs, " "))
		}
	}
	return c
}

// stepOf names a frame's step for a pcapng comment.
func stepOf(proc []procStep, n int) string {
	for _, p := range proc {
		if p.N == n {
			return fmt.Sprintf("step %d: %s", n, p.Text)
		}
	}
	if n == 0 {
		return "before the first step"
	}
	return fmt.Sprintf("step %d", n)
}
