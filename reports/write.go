package reports

import (
	"os"
	"path/filepath"

	"github.com/v6ct/v6ct/results"
)

// Write writes the HTML report, dir/junit.xml, the captures, and
// dir/results.json when dir has none yet.
func Write(run *results.Run, dir string) error { return WriteWith(run, dir, Options{}) }

// WriteWith is Write with the options' extras (the previous run).
func WriteWith(run *results.Run, dir string, opt Options) error {
	if err := HTMLWith(run, dir, opt); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, "results.json")); os.IsNotExist(err) {
		if err := run.Write(filepath.Join(dir, "results.json")); err != nil {
			return err
		}
	}
	f, err := os.Create(filepath.Join(dir, "junit.xml"))
	if err != nil {
		return err
	}
	if err := JUnit(run, f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
