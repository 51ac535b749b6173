package reports

import (
	"fmt"
	"sort"
	"strings"

	"github.com/v6ct/v6ct/results"
)

// Pcapng writes a spec's frames as pcapng, one interface per link, each
// frame commented with its direction, the procedure step it went by in, and
// what the steps said of it (sent, matched, must not have been sent).
func Pcapng(s *results.Spec, file string) error {
	var links []string
	for _, f := range s.Frames {
		if !containsString(links, f.Link) {
			links = append(links, f.Link)
		}
	}
	sort.Strings(links)
	if len(links) == 0 {
		links = []string{"Link0"}
	}
	proc := procedure(s)
	about := map[int][]string{}
	for _, st := range s.Steps {
		if st.Frame == nil {
			continue
		}
		switch {
		case st.Kind == "send":
		case st.OK != nil && *st.OK:
			about[*st.Frame] = append(about[*st.Frame], "expected and matched: "+stripLink(st))
		case st.Kind == "expect-none":
			about[*st.Frame] = append(about[*st.Frame], "MUST NOT have been sent: "+stripLink(st))
		default:
			about[*st.Frame] = append(about[*st.Frame], "nearest candidate, WRONG, for: "+stripLink(st))
		}
	}
	c := results.Capture{
		Comment: fmt.Sprintf("%s: %s (%s) — %s: %s", s.Title, s.Part, rfcLabel(s.RFC, s.Section), s.Verdict, firstLine(s.Reason)),
		Links:   links,
		Start:   s.Started,
	}
	for i, f := range s.Frames {
		b, err := decodeHex(f.Hex)
		if err != nil {
			continue
		}
		who := "tester -> NUT"
		if f.Node != "" {
			who = f.Node + " -> NUT"
		}
		if f.Dir == "from-nut" {
			who = "NUT -> tester"
			if f.Node != "" {
				who = "NUT -> " + f.Node
			}
		}
		comments := []string{fmt.Sprintf("#%d %s: %s; %s", i+1, f.Link, who, stepOf(proc, f.Step))}
		comments = append(comments, about[i]...)
		c.Frames = append(c.Frames, results.CaptureFrame{At: f.At, Link: f.Link, Data: b, Comments: comments})
	}
	return results.WritePcapng(file, c)
}

func stripLink(st results.Step) string {
	if st.Want != "" {
		return st.Want
	}
	return strings.TrimPrefix(st.Text, st.Link+": ")
}

func containsString(l []string, s string) bool { return indexOf(l, s) >= 0 }

func indexOf(l []string, s string) int {
	for i, x := range l {
		if x == s {
			return i
		}
	}
	return -1
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
