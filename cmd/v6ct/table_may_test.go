package main

import (
	"strings"
	"testing"

	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/runner"
)

// The verdict table tells a MAY not taken up from a broken SHOULD.
func TestTableWordsMayAndShould(t *testing.T) {
	r := &results.Run{Target: "lab", Role: "host", Specs: []results.Spec{
		{ID: "m", Title: "First fragment", Part: "reports it", RFC: "7112", Section: "5", Level: "may", Verdict: results.Warn, Reason: runner.MayNotObserved + "Link0: none came"},
		{ID: "s", Title: "Cur Hop Limit", Part: "takes it", RFC: "4861", Section: "6.3.4", Level: "should", Verdict: results.Warn, Reason: "Link0: hop limit 64"},
	}}
	var b strings.Builder
	writeNonPass(&b, r)
	out := b.String()
	for _, want := range []string{
		"RFC 7112 §5 lets the node do this (MAY) and it did not, which is no deviation: Link0: none came",
		"the node broke a SHOULD of RFC 4861 §6.3.4: Link0: hop limit 64",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}
