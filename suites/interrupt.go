package suites

import (
	"sync/atomic"

	. "github.com/onsi/ginkgo/v2"
)

// interrupted is set when a run is being interrupted (SIGINT, SIGTERM).
var interrupted atomic.Bool

// MarkInterrupted tells the specs that the run is being interrupted. The
// runner calls it when the signal comes; Ginkgo then leaves the node in
// flight behind, still running on its goroutine, and moves on to its
// reports.
func MarkInterrupted() { interrupted.Store(true) }

// deferCleanup is Ginkgo's DeferCleanup for the tester's set-up, safe in a
// node that an interrupt has left behind: Ginkgo, already in its reporting
// nodes, would end the process on a DeferCleanup there ("DeferCleanup
// cannot be called in ReportAfterEach"), losing the report. Instead the
// cleanup runs at once when runNow (a topology to tear down), and the
// abandoned goroutine stops for good, never to touch Ginkgo again.
func deferCleanup(f func(), runNow bool) {
	if interrupted.Load() {
		if runNow {
			f()
		}
		select {}
	}
	DeferCleanup(f)
}
