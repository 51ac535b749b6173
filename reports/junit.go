package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/v6ct/v6ct/results"
)

type junitSuites struct {
	XMLName   xml.Name     `xml:"testsuites"`
	Name      string       `xml:"name,attr"`
	Tests     int          `xml:"tests,attr"`
	Failures  int          `xml:"failures,attr"`
	Errors    int          `xml:"errors,attr"`
	Skipped   int          `xml:"skipped,attr"`
	Time      string       `xml:"time,attr"`
	Timestamp string       `xml:"timestamp,attr,omitempty"`
	Suites    []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Classname  string          `xml:"classname,attr"`
	Name       string          `xml:"name,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Skipped    *junitOutcome   `xml:"skipped"`
	Error      *junitOutcome   `xml:"error"`
	Failure    *junitOutcome   `xml:"failure"`
	SystemOut  *junitText      `xml:"system-out"`
}

type junitText struct {
	Text string `xml:",cdata"`
}

type junitOutcome struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",cdata"`
}

// JUnit writes the run as JUnit XML: one testsuite per RFC folder, one
// testcase per spec. FAIL is a failure, ERROR an error, N/A skipped; WARN
// passes with verdict=WARN among its properties and its reason in system-out.
func JUnit(run *results.Run, w io.Writer) error {
	if run == nil {
		return fmt.Errorf("reports: no run")
	}
	doc := junitSuites{
		Name:      strings.TrimSpace(run.Tool + " " + run.Target),
		Time:      seconds(runDuration(run)),
		Timestamp: junitTime(run.Started),
	}
	if doc.Name == "" {
		doc.Name = "v6ct"
	}
	runProps := []junitProperty{
		{"tool", run.Tool}, {"version", run.Version},
		{"target", run.Target}, {"role", run.Role},
	}
	if run.LabelFilter != "" {
		runProps = append(runProps, junitProperty{"label_filter", run.LabelFilter})
	}
	if run.Prove {
		runProps = append(runProps, junitProperty{"prove", "true"})
	}
	notRun := map[string][]junitCase{}
	if inc := run.Incomplete; inc != nil {
		runProps = append(runProps, junitProperty{"incomplete", inc.Reason},
			junitProperty{"selected", fmt.Sprint(inc.Selected)}, junitProperty{"not_run", fmt.Sprint(inc.NotRun)})
		for _, n := range inc.Specs {
			notRun[n.Folder] = append(notRun[n.Folder], notRunCase(n, inc.Reason))
		}
	}

	folders, byFolder := run.ByRFC()
	for f := range notRun {
		if _, ok := byFolder[f]; !ok {
			folders = append(folders, f)
		}
	}
	sort.Strings(folders)
	for _, name := range folders {
		specs := byFolder[name]
		suite := junitSuite{Name: name, Properties: runProps}
		if suite.Name == "" {
			suite.Name = "(no folder)"
		}
		var total time.Duration
		var first time.Time
		for i := range specs {
			c := junitCaseOf(&specs[i])
			switch {
			case c.Failure != nil:
				suite.Failures++
			case c.Error != nil:
				suite.Errors++
			case c.Skipped != nil:
				suite.Skipped++
			}
			total += specs[i].Duration
			if st := specs[i].Started; !st.IsZero() && (first.IsZero() || st.Before(first)) {
				first = st
			}
			suite.Cases = append(suite.Cases, c)
		}
		suite.Cases = append(suite.Cases, notRun[name]...)
		suite.Skipped += len(notRun[name])
		suite.Tests = len(suite.Cases)
		suite.Time = seconds(total)
		suite.Timestamp = junitTime(first)
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Errors += suite.Errors
		doc.Skipped += suite.Skipped
		doc.Suites = append(doc.Suites, suite)
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// notRunCase is a selected spec that never ran (an incomplete run):
// skipped, with the run's reason.
func notRunCase(n results.NotRun, reason string) junitCase {
	c := junitCase{Classname: strings.TrimSpace(n.Folder + " " + n.Title), Name: n.Part, Time: seconds(0)}
	if c.Name == "" {
		c.Name = n.ID
	}
	c.Properties = []junitProperty{{"id", n.ID}, {"verdict", "NOT RUN"}}
	c.Skipped = &junitOutcome{Message: "not run: the run was " + reason}
	return c
}

func junitCaseOf(s *results.Spec) junitCase {
	c := junitCase{
		Classname: strings.TrimSpace(s.Folder + " " + s.Title),
		Name:      s.Part,
		Time:      seconds(s.Duration),
	}
	if c.Name == "" {
		c.Name = s.ID
	}
	props := []junitProperty{{"id", s.ID}}
	for _, l := range s.Labels {
		props = append(props, junitProperty{"label", l})
	}
	props = append(props,
		junitProperty{"rfc", s.RFC},
		junitProperty{"section", s.Section},
		junitProperty{"ipv6ready", s.IPv6Ready},
		junitProperty{"role", s.Role},
		junitProperty{"level", s.Level},
	)
	if s.Fault != "" {
		props = append(props, junitProperty{"fault", s.Fault})
	}
	if u := rfcURL(s.RFC, s.Section); u != "" {
		props = append(props, junitProperty{"rfc_url", u})
	}
	c.Properties = append(props, junitProperty{"verdict", string(s.Verdict)}, junitProperty{"reason", firstLine(s.Reason)})

	detail := xmlSafe(outcomeText(s))
	switch s.Verdict {
	case results.Pass:
	case results.Fail:
		c.Failure = &junitOutcome{Message: s.Reason, Type: string(s.Verdict), Text: detail}
	case results.Error:
		c.Error = &junitOutcome{Message: s.Reason, Type: string(s.Verdict), Text: detail}
	case results.NA:
		c.Skipped = &junitOutcome{Message: s.Reason}
	case results.Warn:
		c.SystemOut = &junitText{detail}
	default:
		c.Error = &junitOutcome{
			Message: fmt.Sprintf("unknown verdict %q: %s", s.Verdict, s.Reason),
			Type:    "unknown",
			Text:    detail,
		}
	}
	return c
}

// outcomeText is the verdict, reason, location and steps as plain text.
func outcomeText(s *results.Spec) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", s.Verdict, s.Reason)
	if l := rfcLabel(s.RFC, s.Section); l != "" {
		fmt.Fprintf(&b, "%s\n", l)
	}
	if s.Location != "" {
		fmt.Fprintf(&b, "at %s\n", s.Location)
	}
	if len(s.Steps) > 0 {
		b.WriteString("\nsteps:\n")
		for i, st := range s.Steps {
			mark := ""
			if st.OK != nil {
				mark = " [ok]"
				if !*st.OK {
					mark = " [FAILED]"
				}
			}
			fmt.Fprintf(&b, "%3d. %10s ms  %-11s %s%s\n", i+1, fmtMillis(st.At), st.Kind, st.Text, mark)
		}
	}
	return b.String()
}

// xmlSafe replaces the characters XML 1.0 cannot carry, as CDATA holds text
// unescaped.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xd7ff,
			r >= 0xe000 && r <= 0xfffd,
			r >= 0x10000 && r <= 0x10ffff:
			return r
		}
		return '\ufffd'
	}, s)
}

func runDuration(run *results.Run) time.Duration {
	if run.Duration == 0 && run.Ended.After(run.Started) {
		return run.Ended.Sub(run.Started)
	}
	return run.Duration
}

func junitTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05")
}
