package mldrouter

import (
	"testing"
	"time"

	"github.com/v6ct/v6ct/refnode/mld"
)

// step is one report of a scenario (or a wait, with no records) and the
// queries it must draw at once.
type step struct {
	wait time.Duration
	recs []mld.Record
	qs   string
}

func r(typ uint8, ns ...int) step { return step{recs: []mld.Record{rec(typ, ns...)}} }

func (s step) draws(qs string) step { s.qs = qs; return s }

func after(d time.Duration) step { return step{wait: d} }

// The catalogue's group 4 scenarios (MLDv2R.4.x), on the state tables of
// §7.4.1 and §7.4.2 and the queries of §7.6.3: each report draws exactly
// the queries listed at once (retransmissions left out).
func TestCatalogueScenarios(t *testing.T) {
	const (
		isIn  = mld.ModeIsInclude
		isEx  = mld.ModeIsExclude
		toIn  = mld.ChangeToInclude
		toEx  = mld.ChangeToExclude
		allow = mld.AllowNewSources
		block = mld.BlockOldSources
	)
	llqt := 2*time.Second + 100*time.Millisecond
	base := []step{r(isEx, 3, 4), r(isIn, 2, 5)} // EX{S2,S5|S3,S4}
	for _, c := range []struct {
		name  string
		steps []step
	}{
		{"4.5.e", []step{r(isEx, 4), r(isIn, 5), r(isIn), r(toIn).draws("Q(M1) Q(M1,{S5})")}},
		{"4.5.f", []step{r(isEx, 4), r(isIn, 5), r(isIn), r(block, 4, 5).draws("Q(M1,{S5})")}},
		{"4.7.g", append(base, r(isEx, 1, 2, 3), r(toIn).draws("Q(M1) Q(M1,{S1,S2})"))},
		{"4.7.h", append(base, r(isEx, 1, 2, 3), r(block, 1, 2, 3, 4, 5).draws("Q(M1,{S1,S2,S4,S5})"))},
		{"4.11.b", []step{r(block), r(allow, 1), r(toIn).draws("Q(M1,{S1})")}},
		{"4.11.f", []step{r(isIn, 1, 3), r(block, 2, 3).draws("Q(M1,{S3})"), after(llqt), r(toIn).draws("Q(M1,{S1})")}},
		{"4.13.d", []step{r(toEx, 1), r(block, 1), r(toIn).draws("Q(M1)")}},
		{"4.13.g", []step{r(isIn, 1, 3), r(toEx, 2, 3).draws("Q(M1,{S3})"), after(llqt), r(toIn).draws("Q(M1)")}},
		{"4.15.b", []step{r(toIn), r(toIn, 1), r(toIn).draws("Q(M1,{S1})")}},
		{"4.17.f", append(base, r(allow), r(block, 1, 2, 3, 4, 5).draws("Q(M1,{S1,S2,S5})"))},
		{"4.19.g", append(base, r(block, 1, 2, 3).draws("Q(M1,{S1,S2})"), after(llqt), r(toIn).draws("Q(M1) Q(M1,{S5})"))},
		{"4.19.k", []step{r(isEx, 3, 4, 8), r(isEx, 2, 5, 7), {recs: []mld.Record{rec(block, 1, 2, 3), rec(allow, 6, 7, 8)}, qs: "Q(M1,{S1,S2,S3})"},
			r(toIn).draws("Q(M1) Q(M1,{S1,S2,S3,S5,S6,S7,S8})")}},
		{"4.21.c", []step{r(isEx), r(toEx, 1).draws("Q(M1,{S1})"), after(llqt), r(toIn).draws("Q(M1)")}},
		{"4.21.h", append(base, r(toEx, 1, 2, 3).draws("Q(M1,{S1,S2})"), after(llqt), r(block, 1, 2, 3, 4, 5).draws("Q(M1,{S4,S5})"))},
		{"4.23.b", []step{r(isEx), r(toIn, 1).draws("Q(M1)"), after(llqt), r(toIn).draws("Q(M1,{S1})")}},
		{"4.23.d", append(base, r(toIn, 1, 2, 3).draws("Q(M1) Q(M1,{S5})"), after(llqt), r(toIn).draws("Q(M1,{S1,S2,S3})"))},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := quiet(t, Config{})
			for i, s := range c.steps {
				if s.wait > 0 {
					b.advance(s.wait)
					b.take()
					continue
				}
				b.report(s.recs...)
				if got := b.take(); got != s.qs {
					t.Errorf("step %d: queries %q, want %q (state %s)", i, got, s.qs, b.state(m1))
				}
			}
		})
	}
}
