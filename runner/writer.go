package runner

import (
	"fmt"
	"os"
	"time"

	"github.com/v6ct/v6ct/results"
)

// WriteEvery is how often, at most, results.json is written again while
// specs end. The whole file is encoded each time (megabytes in a full
// run), so writing it after every spec cost a full run about as much time
// as its specs took; a spec's result reaches the file at most this late,
// and the run's end (or its interruption) writes it at once.
const WriteEvery = time.Second

// resultsWriter writes a run's results file as specs end, at most every
// WriteEvery.
type resultsWriter struct {
	path string
	last time.Time
}

// specEnded writes the run unless it was written less than WriteEvery ago.
func (w *resultsWriter) specEnded(run *results.Run) {
	if time.Since(w.last) < WriteEvery {
		return
	}
	w.flush(run)
}

// flush writes the run now.
func (w *resultsWriter) flush(run *results.Run) error {
	w.last = time.Now()
	if err := run.Write(w.path); err != nil {
		fmt.Fprintf(os.Stderr, "v6ct: writing %s: %v\n", w.path, err)
		return err
	}
	return nil
}
