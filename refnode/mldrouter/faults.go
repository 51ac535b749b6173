package mldrouter

import (
	"github.com/v6ct/v6ct/refnode/mld"
)

// Helpers that only a fault's code calls.

// hasSSMExclude says whether a Report holds an IS_EX or TO_EX record for
// a source-specific group: the record RFC 4604 §3.1 has the router skip,
// while the rest of the Report counts.
func (r *Router) hasSSMExclude(recs []mld.Record) bool {
	for _, rec := range recs {
		if IsSSM(rec.Group, r.cfg.SSMRanges) && (rec.Type == mld.ModeIsExclude || rec.Type == mld.ChangeToExclude) {
			return true
		}
	}
	return false
}
