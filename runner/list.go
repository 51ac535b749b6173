package runner

import (
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/v6ct/v6ct/suites"
)

// SpecInfo describes a spec without running it.
type SpecInfo struct {
	Folder, Title, Part string
	Labels              []string
	// FullText is the container texts and the It's, joined by spaces (a
	// line of --specs); ID is the spec's id in results.
	FullText, ID string
}

// List returns the specs the label filter selects, in run order (legacy
// specs only when the filter names them, as in a run).
func List(labelFilter string) ([]SpecInfo, error) {
	if err := ValidateLabelFilter(labelFilter); err != nil {
		return nil, err
	}
	sc, rc := GinkgoConfiguration()
	sc.LabelFilter = suites.EffectiveLabelFilter(labelFilter)
	sc.RandomizeAllSpecs, sc.RandomSeed = false, 1 // the order of a run (Run)
	rep := PreviewSpecs("v6ct", sc, rc)
	var out []SpecInfo
	for _, r := range rep.SpecReports {
		if r.LeafNodeType != types.NodeTypeIt || r.State == types.SpecStateSkipped {
			continue
		}
		title, part := titleAndPart(r)
		out = append(out, SpecInfo{Folder: filepath.Base(filepath.Dir(r.LeafNodeLocation.FileName)), Title: title, Part: part, Labels: r.Labels(),
			FullText: r.FullText(), ID: suites.SpecID(r)})
	}
	return out, nil
}
