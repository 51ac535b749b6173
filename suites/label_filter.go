package suites

import "strings"

// LegacyLabel marks specs of classic behaviour that today's standards
// forbid (RFC 2460 type 0 routing headers): they run only when asked for.
const LegacyLabel = "legacy"

// EffectiveLabelFilter is the filter a run uses for the user's q: unless q
// names the legacy label, legacy specs are left out.
func EffectiveLabelFilter(q string) string {
	if strings.Contains(q, LegacyLabel) {
		return q
	}
	if strings.TrimSpace(q) == "" {
		return "!" + LegacyLabel
	}
	return "(" + q + ") && !" + LegacyLabel
}
