package runner

import (
	"strings"
	"testing"

	"github.com/v6ct/v6ct/results"
)

// The console shows the RFC of the section beside it, not the folder the
// spec lives in: an RFC 4291 requirement judged by a spec in rfc2463/.
func TestProgressLineNamesTheSectionsRFC(t *testing.T) {
	s := results.Spec{Verdict: results.Pass, Folder: "rfc2463", RFC: "4291", Section: "2.5.2", IPv6Ready: "v6LC.5.1.2",
		Title: "Replying to Echo Requests", Part: "Part E: does not answer an Echo Request sent to the unspecified address"}
	line := progressLine(s)
	if !strings.Contains(line, "RFC 4291 §2.5.2") || strings.Contains(line, "rfc2463") {
		t.Errorf("progress line %q", line)
	}
}
