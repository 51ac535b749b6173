package reports

import (
	"os"
	"path/filepath"

	"github.com/v6ct/v6ct/results"
)

// Write writes the HTML report and dir/junit.xml.
func Write(run *results.Run, dir string) error {
	if err := HTML(run, dir); err != nil {
		return err
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
