package runner

import (
	"slices"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

func TestExpandRoles(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"role:host", "(role:host || (role:any && !role:router))"},
		{"role:router", "(role:router || (role:any && !role:host))"},
		{"ROLE:Host", "(ROLE:Host || (role:any && !role:router))"},
		{"rfc:4443 && role:host", "rfc:4443 && (role:host || (role:any && !role:router))"},
		{"rfc:4443&&role:router", "rfc:4443&&(role:router || (role:any && !role:host))"},
		{"!role:router", "!role:router"},
		{"rfc:4861 && !role:router", "rfc:4861 && !role:router"},
		{"!!role:host", "!!(role:host || (role:any && !role:router))"},
		{"role:host && !role:any", "(role:host || (role:any && !role:router)) && !role:any"},
		{"!(rfc:4861 && role:host)", "!(rfc:4861 && role:host)"},
		{"!(rfc:4861 && !role:host)", "!(rfc:4861 && !(role:host || (role:any && !role:router)))"},
		{"(role:router) || legacy", "((role:router || (role:any && !role:host))) || legacy"},
		{"!(a) && role:host", "!(a) && (role:host || (role:any && !role:router))"},
		{"/role:host/", "/role:host/"},
		{"role: containsAny host", "role: containsAny host"},
		{"role:hostile", "role:hostile"},
		{"role:any", "role:any"},
		{"role:host, role:router", "(role:host || (role:any && !role:router)), (role:router || (role:any && !role:host))"},
	}
	for _, c := range cases {
		if got := ExpandRoles(c.in); got != c.want {
			t.Errorf("ExpandRoles(%q) = %q, want %q", c.in, got, c.want)
		}
		if c.in != "" {
			if _, err := types.ParseLabelFilter(ExpandRoles(c.in)); err != nil {
				t.Errorf("ExpandRoles(%q) does not parse: %v", c.in, err)
			}
		}
	}
}

// What a filter selects among specs of each role, once widened. "any>host"
// is a spec whose container is role:any and whose It says role:host: a
// run judges it as a host spec (the last role label).
func TestRoleSelection(t *testing.T) {
	specs := []struct {
		name   string
		labels []string
	}{
		{"host", []string{"role:host"}},
		{"router", []string{"role:router"}},
		{"any", []string{"role:any"}},
		{"any>host", []string{"role:any", "role:host"}},
	}
	cases := []struct {
		filter string
		want   []string // the specs selected
	}{
		{"role:host", []string{"host", "any", "any>host"}},
		{"role:router", []string{"router", "any"}},
		{"!role:router", []string{"host", "any", "any>host"}},
		{"!role:host", []string{"router", "any"}},
		{"role:host && !role:any", []string{"host"}},
		{"role:any", []string{"any", "any>host"}},
		{"role:host && role:router", []string{"any"}},
		{"!(role:host || role:router)", []string{"any"}},
	}
	for _, c := range cases {
		f, err := types.ParseLabelFilter(ExpandRoles(c.filter))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range specs {
			if f(append([]string{"rfc:4443"}, s.labels...)) {
				got = append(got, s.name)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q selects %v, want %v", c.filter, got, c.want)
		}
	}
}

func TestFilterLabels(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"rfc:4443", []string{"rfc:4443"}},
		{"rfc=4443", []string{"rfc=4443"}},
		{"rfc:4443 && (section:3.1 || !level:may)", []string{"rfc:4443", "section:3.1", "level:may"}},
		{"/rfc:44.*/ && role:host", []string{"role:host"}},
		{"role: containsAny {host,any} && slow", []string{"slow"}},
		{"a,a,b", []string{"a", "b"}},
	}
	for _, c := range cases {
		if got := FilterLabels(c.in); !slices.Equal(got, c.want) {
			t.Errorf("FilterLabels(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLabelFilterValidation(t *testing.T) {
	if err := ValidateLabelFilter("rfc:4861 && !role:router"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		filter string
		want   []string // in the message
	}{
		{"((", []string{"Mismatched '('", "at column 1", "\n  ((\n  ^"}},
		{"rfc:4861 &&", []string{"at the end", "\n  rfc:4861 &&\n             ^"}},
		{"rfc:4861 & level:must", []string{"Did you mean '&&'?", "at column 10", "\n           ^"}},
		{"rfc:4861 )", []string{"Mismatched ')'", "at column 10"}},
		{"a b", nil},
	}
	for _, c := range cases {
		err := ValidateLabelFilter(c.filter)
		if err == nil {
			if c.want != nil {
				t.Errorf("%q accepted", c.filter)
			}
			continue
		}
		msg := err.Error()
		if strings.Contains(msg, "\x1b") || strings.Contains(msg, "{{") {
			t.Errorf("%q: escape codes or markup in %q", c.filter, msg)
		}
		if !strings.HasPrefix(msg, "bad label filter: ") {
			t.Errorf("%q: %q", c.filter, msg)
		}
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%q: message %q lacks %q", c.filter, msg, w)
			}
		}
	}
}

func TestStripMarkup(t *testing.T) {
	cases := []struct{ in, want string }{
		{"{{red}}{{bold}}x{{/}}", "x"},
		{"\x1b[1m\x1b[38;5;9mSyntax\x1b[0m", "Syntax"},
		{"a {{ b }} c", "a {{ b }} c"},
		{"{set}", "{set}"},
	}
	for _, c := range cases {
		if got := stripMarkup(c.in); got != c.want {
			t.Errorf("stripMarkup(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
