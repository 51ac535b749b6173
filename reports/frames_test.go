package reports

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Each distinct frame of a run is decoded once, in one frames/ shard, and
// every page that shows it refers to it by key: the same frame in two
// specs costs one entry.
func TestFramesSharedOncePerRun(t *testing.T) {
	run := testRun()
	// the first spec's frames again, in a second spec
	var with, without int
	for i := range run.Specs {
		if len(run.Specs[i].Frames) > 0 {
			with = i
		} else {
			without = i
		}
	}
	run.Specs[without].Frames = run.Specs[with].Frames
	distinct := map[string]bool{}
	for _, s := range run.Specs {
		for _, f := range s.Frames {
			if b, err := decodeHex(f.Hex); err == nil {
				distinct[frameKey(b)] = true
			}
		}
	}
	dir := t.TempDir()
	if err := HTML(run, dir); err != nil {
		t.Fatal(err)
	}
	shards, _ := filepath.Glob(filepath.Join(dir, FramesDir, "*.js"))
	entries := 0
	for _, sh := range shards {
		b, _ := os.ReadFile(sh)
		entries += strings.Count(string(b), "v6ctFrame(")
	}
	if entries != len(distinct) || entries == 0 {
		t.Errorf("%d frame entries in %d shards, want one per distinct frame (%d)", entries, len(shards), len(distinct))
	}
	for _, i := range []int{with, without} {
		pages, _ := filepath.Glob(filepath.Join(dir, "specs", run.Specs[i].ID+"*.html"))
		if len(pages) != 1 {
			t.Fatalf("%s: %d pages", run.Specs[i].ID, len(pages))
		}
		page := readFile(t, pages[0])
		if n := len(regexp.MustCompile(`data-k="[0-9a-f]{16}"`).FindAllString(page, -1)); n != len(run.Specs[with].Frames) {
			t.Errorf("%s: %d frame keys on the page, want %d", run.Specs[i].ID, n, len(run.Specs[with].Frames))
		}
		if strings.Contains(page, `class="fields"`) || strings.Contains(page, "<style>") {
			t.Errorf("%s: the page still inlines decoded frames or the style sheet", run.Specs[i].ID)
		}
	}
	for _, a := range []string{"report.css", "report.js"} {
		if _, err := os.Stat(filepath.Join(dir, a)); err != nil {
			t.Errorf("the report lacks %s", a)
		}
	}
}
