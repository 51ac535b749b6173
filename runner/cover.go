package runner

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/coverage"

	. "github.com/onsi/ginkgo/v2"
)

// CoverDirEnv names the folder where a coverage build of v6ct (go build
// -cover -covermode=atomic) writes one coverage profile per spec: the
// counters are cleared before each spec and written after it, into
// DIR/PID-NNNN/ next to spec.txt (the spec's verdict and run time in ms, then its full
// text; the process id keeps the folders of a parallel run's workers apart). The
// mutation tester (tools/mutate) maps each line of the reference node to
// the specs that ran it from these.
const CoverDirEnv = "V6CT_COVER_DIR"

// perSpecCoverage installs the hooks when CoverDirEnv is set; the returned
// function writes one spec's profile (nil when coverage is off).
func perSpecCoverage() (func(r SpecReport, verdict string), error) {
	dir := os.Getenv(CoverDirEnv)
	if dir == "" {
		return nil, nil
	}
	// The counter mode is known to runtime/coverage only once meta-data
	// has been written: write it once to nowhere first.
	if err := coverage.WriteMeta(io.Discard); err != nil {
		return nil, fmt.Errorf("%s is set but this v6ct was not built with -cover: %v", CoverDirEnv, err)
	}
	if err := coverage.ClearCounters(); err != nil {
		return nil, fmt.Errorf("%s is set but this v6ct was not built with -cover -covermode=atomic: %v", CoverDirEnv, err)
	}
	ReportBeforeEach(func(SpecReport) { coverage.ClearCounters() })
	n := 0
	return func(r SpecReport, verdict string) {
		n++
		d := filepath.Join(dir, fmt.Sprintf("%d-%04d", os.Getpid(), n)) // the workers of a parallel run share dir
		if err := os.MkdirAll(d, 0o755); err != nil {
			fmt.Fprintf(os.Stderr, "v6ct: coverage: %v\n", err)
			return
		}
		if err := coverage.WriteMetaDir(d); err != nil {
			fmt.Fprintf(os.Stderr, "v6ct: coverage: %v\n", err)
		}
		if err := coverage.WriteCountersDir(d); err != nil {
			fmt.Fprintf(os.Stderr, "v6ct: coverage: %v\n", err)
		}
		os.WriteFile(filepath.Join(d, "spec.txt"), []byte(fmt.Sprintf("%s %d\n%s\n", verdict, r.RunTime.Milliseconds(), r.FullText())), 0o644)
	}, nil
}

// exactFocus turns full spec texts into Ginkgo focus strings that select
// those specs and no others (a suite's description comes first in what
// Ginkgo matches).
func exactFocus(description string, texts []string) []string {
	out := make([]string, 0, len(texts))
	for _, t := range texts {
		out = append(out, "^"+regexp.QuoteMeta(description+" "+t)+"$")
	}
	return out
}
