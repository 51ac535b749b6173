package runner

import (
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/v6ct/v6ct/results"
)

func TestVerdictMapping(t *testing.T) {
	cases := []struct {
		name  string
		state types.SpecState
		msg   string
		level string
		want  results.Verdict
	}{
		{"passed", types.SpecStatePassed, "", "must", results.Pass},
		{"must broken", types.SpecStateFailed, "Link0: expected ...", "must", results.Fail},
		{"should broken", types.SpecStateFailed, "Link0: expected ...", "should", results.Warn},
		{"may not done", types.SpecStateFailed, "Link0: expected ...", "may", results.Warn},
		{"may spec, tester error", types.SpecStateFailed, "tester error: the node did not return the barrier frame", "may", results.Error},
		{"tester error", types.SpecStateFailed, "tester error: the node did not return the barrier frame", "must", results.Error},
		{"skipped for role", types.SpecStateSkipped, "applies to routers only; the target is a host", "must", results.NA},
		{"panicked", types.SpecStatePanicked, "nil map", "must", results.Error},
		{"interrupted", types.SpecStateInterrupted, "signal", "must", results.Error},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := types.SpecReport{State: c.state, Failure: types.Failure{Message: c.msg}}
			got, reason := verdict(r, c.level)
			if got != c.want {
				t.Fatalf("verdict %s, want %s", got, c.want)
			}
			if reason == "" {
				t.Fatal("no reason")
			}
			if mayWarn := c.level == "may" && got == results.Warn; mayWarn != strings.HasPrefix(reason, MayNotObserved) {
				t.Fatalf("reason %q: a failed MAY spec, and only one, says the behaviour is optional", reason)
			}
		})
	}
}

func TestProveReason(t *testing.T) {
	s := results.Spec{Verdict: results.Pass, Fault: "no-dad"}
	if r := proveReason(s); !strings.HasPrefix(r, "NOT proven") {
		t.Fatalf("a spec passing against its fault reads %q", r)
	}
	s.Verdict = results.Fail
	if r := proveReason(s); !strings.HasPrefix(r, "proven") {
		t.Fatalf("a spec failing against its fault reads %q", r)
	}
}
