package mldrouter

import (
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/faults"
	"github.com/v6ct/v6ct/refnode/mld"
)

var _ = testedIn(
	faults.MLDRIncludeIsInIgnored, faults.MLDRIncludeIsExIgnored, faults.MLDRExcludeIsInIgnored, faults.MLDRExcludeIsExIgnored,
	faults.MLDRIncludeAllowIgnored, faults.MLDRIncludeBlockIgnored, faults.MLDRIncludeToExIgnored, faults.MLDRIncludeToInIgnored,
	faults.MLDRExcludeBlockIgnored, faults.MLDRExcludeToExIgnored, faults.MLDRExcludeToInIgnored,
	faults.MLDREmptyRecordJoins, faults.MLDRExcludeIsInSwitches, faults.MLDRChangesQueryGroup,
	faults.MLDRExcludeIsExNewExcluded, faults.MLDRLeaveUnknownQueried, faults.MLDRLLQExtraCopy, faults.MLDRFirstRecordOnly,
)

// TestRowFaults: each fault of one row of the §7.4.1 and §7.4.2 tables
// changes the state (or the queries) that row gives, on the querier.
func TestRowFaults(t *testing.T) {
	for _, c := range []struct {
		fault          faults.Fault
		recs           []mld.Record
		queries        bool // observe the queries of the last record, not the state
		correct, wrong string
	}{
		{faults.MLDRIncludeIsInIgnored, []mld.Record{rec(mld.ModeIsInclude, 1)}, false, "IN{S1}", "-"},
		{faults.MLDRIncludeIsExIgnored, []mld.Record{rec(mld.ModeIsInclude, 1), rec(mld.ModeIsExclude, 2)}, false, "EX{|S2}", "IN{S1}"},
		{faults.MLDRExcludeIsInIgnored, []mld.Record{rec(mld.ModeIsExclude), rec(mld.ModeIsInclude, 1)}, false, "EX{S1|}", "EX{|}"},
		{faults.MLDRExcludeIsExIgnored, []mld.Record{rec(mld.ModeIsExclude, 1), rec(mld.ModeIsExclude, 2)}, false, "EX{S2|}", "EX{|S1}"},
		{faults.MLDRIncludeAllowIgnored, []mld.Record{rec(mld.AllowNewSources, 1)}, false, "IN{S1}", "-"},
		{faults.MLDRIncludeBlockIgnored, []mld.Record{rec(mld.ModeIsInclude, 1), rec(mld.BlockOldSources, 1)}, true, "Q(M1,{S1})", ""},
		{faults.MLDRIncludeToExIgnored, []mld.Record{rec(mld.ChangeToExclude, 1)}, false, "EX{|S1}", "-"},
		{faults.MLDRIncludeToInIgnored, []mld.Record{rec(mld.ChangeToInclude, 1)}, false, "IN{S1}", "-"},
		{faults.MLDRExcludeBlockIgnored, []mld.Record{rec(mld.ModeIsExclude), rec(mld.BlockOldSources, 1)}, true, "Q(M1,{S1})", ""},
		{faults.MLDRExcludeToExIgnored, []mld.Record{rec(mld.ModeIsExclude), rec(mld.ChangeToExclude, 1)}, false, "EX{S1|}", "EX{|}"},
		{faults.MLDRExcludeToInIgnored, []mld.Record{rec(mld.ModeIsExclude), rec(mld.ChangeToInclude)}, true, "Q(M1)", ""},
		{faults.MLDREmptyRecordJoins, []mld.Record{rec(mld.ModeIsInclude)}, false, "-", "EX{|}"},
		{faults.MLDREmptyRecordJoins, []mld.Record{rec(mld.BlockOldSources, 1)}, false, "-", "EX{|}"},
		{faults.MLDRExcludeIsExNewExcluded, []mld.Record{rec(mld.ModeIsExclude), rec(mld.ModeIsExclude, 1)}, false, "EX{S1|}", "EX{|S1}"},
		{faults.MLDRLeaveUnknownQueried, []mld.Record{rec(mld.ChangeToInclude)}, true, "", "Q(M1)"},
		{faults.MLDRFirstRecordOnly, []mld.Record{{Type: mld.ModeIsInclude, Group: m2, Sources: srcs(1)}, rec(mld.ModeIsInclude, 1)}, false, "IN{S1}", "-"},
		{faults.MLDRExcludeIsInSwitches, []mld.Record{rec(mld.ModeIsExclude), rec(mld.ModeIsInclude, 1)}, false, "EX{S1|}", "IN{S1}"},
		{faults.MLDRChangesQueryGroup, []mld.Record{rec(mld.ModeIsExclude), rec(mld.AllowNewSources, 1)}, true, "", "Q(M1)"},
	} {
		t.Run(string(c.fault), func(t *testing.T) {
			eitherWay(t, c.fault, benchOf(t, Config{}, false), func(b *bench) string {
				if c.fault == faults.MLDRFirstRecordOnly { // in one Report
					b.report(c.recs...)
				} else {
					b.report(c.recs[:len(c.recs)-1]...)
					b.take()
					b.report(c.recs[len(c.recs)-1])
				}
				if got := b.take(); c.queries {
					return got
				}
				return b.state(m1)
			}, c.correct, c.wrong)
		})
	}
}

// TestLLQExtraCopy: the fault sends LLQC + 1 copies of a specific query.
func TestLLQExtraCopy(t *testing.T) {
	for _, c := range []struct {
		fs   []faults.Fault
		want string
	}{
		{nil, "Q(M1,{S1}) Q(M1,{S1})"},
		{[]faults.Fault{faults.MLDRLLQExtraCopy}, "Q(M1,{S1})/S1 Q(M1,{S1}) Q(M1,{S1})"},
	} {
		b := quiet(t, Config{}, c.fs...)
		b.report(rec(mld.ModeIsInclude, 1), rec(mld.BlockOldSources, 1))
		b.advance(5 * time.Second)
		if got := b.take(); got != c.want {
			t.Errorf("faults %v: %q, want %q", c.fs, got, c.want)
		}
	}
}
