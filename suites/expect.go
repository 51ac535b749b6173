package suites

import (
	"fmt"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/v6ct/v6ct/suites/packets"
)

// Expectation is a frame expected (or not) on a link within a time.
type Expectation struct {
	link *Link
	m    *packets.Matcher
	none bool
}

// Within judges the expectation over d on the target's clock. For Expect it
// returns the matching frame as soon as it arrives; for ExpectNo it waits
// all of d and returns nil. Expect looks at frames after the last Send or
// the last met Expect; ExpectNo looks at every frame since the run of sends
// it judges began, except those an Expect met.
func (x *Expectation) Within(d time.Duration) *Captured {
	GinkgoHelper()
	l, e := x.link, x.link.env
	e.judged()
	end := e.now().Add(d)
	var found, wrong *Captured // wrong: the last candidate that failed a check
	var candidate bool
	check := func() bool {
		var err error
		found, wrong, candidate, err = x.scan()
		if err != nil {
			TesterError(fmt.Errorf("%s: capture stopped: %w", l.Name, err))
		}
		return found != nil
	}
	e.runUntil(end, check)
	ok := (found != nil) != x.none
	if x.none {
		text := fmt.Sprintf("%s: no %s within %v", l.Name, x.m.Desc, d)
		e.stepAbout("expect-none", text, &ok, l.Name, found, x.m.Desc)
		if !ok {
			Fail(fmt.Sprintf("%s: the node sent %s, which it must not:\n  %s", l.Name, x.m.Desc, describe(found)))
		}
		return nil
	}
	text := fmt.Sprintf("%s: %s within %v", l.Name, x.m, d)
	ref := found
	if ref == nil {
		ref = wrong
	}
	e.stepAbout("expect", text, &ok, l.Name, ref, x.m.String())
	if !ok {
		Fail(x.failure(d, candidate))
	}
	l.consume(found)
	return found
}

// scan looks at the frames the expectation judges. For Expect, found is the
// first frame after the cursor that passes every check, wrong the last
// candidate that failed one; for ExpectNo, found is the first candidate
// since the run of sends began that no Expect has met.
func (x *Expectation) scan() (found, wrong *Captured, candidate bool, err error) {
	l := x.link
	if x.none {
		frames, err := l.sinceSends()
		for _, c := range frames {
			if x.m.IsCandidate(c.Frame) && l.unmatched(c) {
				return c, nil, true, err
			}
		}
		return nil, nil, false, err
	}
	frames, _, err := l.snapshot()
	for _, c := range frames {
		if !x.m.IsCandidate(c.Frame) {
			continue
		}
		candidate = true
		if len(x.m.Misses(c.Frame)) == 0 {
			return c, wrong, true, err
		}
		wrong = c
	}
	return nil, wrong, candidate, err
}

func (x *Expectation) failure(d time.Duration, candidate bool) string {
	l := x.link
	frames, _, _ := l.snapshot()
	var b strings.Builder
	if candidate {
		fmt.Fprintf(&b, "%s: the node sent %s, but not a right one within %v:\n", l.Name, x.m.Desc, d)
	} else {
		fmt.Fprintf(&b, "%s: expected %s within %v; none came.\n", l.Name, x.m, d)
	}
	if len(frames) == 0 {
		b.WriteString("  The node sent nothing on this link in that time.")
		return b.String()
	}
	b.WriteString("  Seen from the node instead:\n")
	for i, c := range frames {
		if i == 12 {
			fmt.Fprintf(&b, "  ... and %d more\n", len(frames)-i)
			break
		}
		b.WriteString("  " + describe(c) + "\n")
		if x.m.IsCandidate(c.Frame) {
			for _, miss := range x.m.Misses(c.Frame) {
				b.WriteString("      wrong: " + miss + "\n")
			}
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func describe(c *Captured) string {
	return fmt.Sprintf("[%8.3f ms] %s", float64(c.At.Microseconds())/1000, c.Summary())
}

// Collect waits all of d and returns every frame from the node that m
// matches, for specs that count.
func (l *Link) Collect(m *packets.Matcher) *Collection {
	return &Collection{link: l, m: m}
}

// Collection is a count of matching frames over a time.
type Collection struct {
	link *Link
	m    *packets.Matcher
}

// Within waits d on the target's clock and returns the matching frames.
func (c *Collection) Within(d time.Duration) []*Captured {
	l, e := c.link, c.link.env
	e.judged()
	e.runUntil(e.now().Add(d), nil)
	frames, _, err := l.snapshot()
	if err != nil {
		TesterError(fmt.Errorf("%s: capture stopped: %w", l.Name, err))
	}
	var out []*Captured
	for _, f := range frames {
		if c.m.Match(f.Frame) {
			out = append(out, f)
		}
	}
	e.step("expect", fmt.Sprintf("%s: counted %d × %s within %v", l.Name, len(out), c.m.Desc, d), nil)
	return out
}
