package suites

import (
	"errors"
	"fmt"
	"testing"
)

func TestRefusal(t *testing.T) {
	for _, c := range []struct {
		name          string
		err           error
		refused, noAc bool
	}{
		{"refused", Refusal(false, "limit"), true, false},
		{"refused, N/A for others", Refusal(true, "limit"), true, true},
		{"wrapped", fmt.Errorf("set-filter: %w", Refusal(true, "limit")), true, true},
		{"no action", fmt.Errorf("%w: none", ErrNoAction), false, true},
	} {
		if got := errors.Is(c.err, ErrRefused); got != c.refused {
			t.Errorf("%s: errors.Is(ErrRefused) = %v", c.name, got)
		}
		if got := errors.Is(c.err, ErrNoAction); got != c.noAc {
			t.Errorf("%s: errors.Is(ErrNoAction) = %v", c.name, got)
		}
	}
}

type capsTarget struct {
	Target
	caps     []string
	switches bool
}

func (c capsTarget) Name() string                { return "t" }
func (c capsTarget) Capabilities() []string      { return c.caps }
func (c capsTarget) CanLeaveOff(cap string) bool { return c.switches }

func TestUnlessCapability(t *testing.T) {
	var setup SpecSetup
	UnlessCapability("x")(&setup)
	for _, c := range []struct {
		t  capsTarget
		na bool
	}{
		{capsTarget{}, false},
		{capsTarget{caps: []string{"x"}}, true},
		{capsTarget{caps: []string{"x"}, switches: true}, false},
	} {
		if got := notApplicable(c.t, setup) != ""; got != c.na {
			t.Errorf("%+v: N/A = %v, want %v", c.t, got, c.na)
		}
	}
}
