package runner

import (
	"errors"
	"strings"
	"testing"

	"github.com/v6ct/v6ct/suites"
)

// role:host and role:router select exactly the specs a run in that role
// judges (those whose last role label is that role or any; the others are
// N/A), and the same specs as !role:router and !role:host.
func TestListRoleSelection(t *testing.T) {
	list := func(q string) map[string]bool {
		t.Helper()
		specs, err := List(q)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, s := range specs {
			ids[s.ID] = true
		}
		return ids
	}
	all, err := List("")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ role, other string }{{"host", "router"}, {"router", "host"}} {
		sel := list("role:" + c.role)
		for _, s := range all {
			role := suites.LabelValue(s.Labels, "role")
			if judged := role == c.role || role == "any"; judged != sel[s.ID] {
				t.Errorf("role:%s: %s (role %s) selected %v", c.role, s.ID, role, sel[s.ID])
			}
		}
		if not := list("!role:" + c.other); len(not) != len(sel) {
			t.Errorf("role:%s selects %d specs, !role:%s %d", c.role, len(sel), c.other, len(not))
		}
		for id := range list("role:" + c.role + " && !role:any") {
			if !sel[id] {
				t.Errorf("role:%s && !role:any selects %s", c.role, id)
			}
		}
	}
	if len(list("rfc:4443 && role:host")) == 0 {
		t.Error("rfc:4443 && role:host selects nothing")
	}
}

func TestExplainEmpty(t *testing.T) {
	cases := []struct {
		o    Options
		want []string
	}{
		{Options{LabelFilter: "rfc:9999"}, []string{`no spec matches the label filter "rfc:9999"`, `no spec carries the label "rfc:9999"`}},
		{Options{LabelFilter: "rfc=4443"}, []string{`no spec carries the label "rfc=4443"`, "did you mean rfc:4443?"}},
		{Options{LabelFilter: "rfc:4443 && rfc:8200 && level:nosuch"}, []string{`no spec carries the label "level:nosuch"`}},
		{Options{Specs: []string{"x", "y"}}, []string{"none of the 2 spec texts given names a spec"}},
	}
	for _, c := range cases {
		err := ExplainEmpty(c.o)
		var ne *NoSpecsError
		if !errors.As(err, &ne) {
			t.Fatalf("%T", err)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%+v: %q lacks %q", c.o, err, w)
			}
		}
		if strings.Contains(err.Error(), `"rfc:4443"`) {
			t.Errorf("%q names a label that exists", err)
		}
	}
}

func TestSelect(t *testing.T) {
	sel, err := Select(Options{LabelFilter: "rfc:9999"})
	if err != nil || len(sel) != 0 {
		t.Fatalf("%d specs, %v", len(sel), err)
	}
	all, _ := List("")
	sel, err = Select(Options{Target: "refnode", Specs: []string{all[3].Text, all[1].Text, "no such spec"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sel) != 2 || sel[0].ID != all[1].ID || sel[1].ID != all[3].ID {
		t.Errorf("selected %+v", sel)
	}
	if again, _ := List(""); len(again) != len(all) {
		t.Errorf("after a selection by texts, List selects %d specs, before %d", len(again), len(all))
	}
}

func TestLabelsOrder(t *testing.T) {
	all := AllLabels()
	if len(all) < 50 {
		t.Fatalf("%d labels", len(all))
	}
	for i := 1; i < len(all); i++ {
		if !labelLess(all[i-1].Label, all[i].Label) {
			t.Errorf("%s before %s", all[i-1].Label, all[i].Label)
		}
	}
	cases := []struct {
		a, b string
		less bool
	}{
		{"section:4.9", "section:4.10", true},
		{"section:4.10", "section:4.9", false},
		{"rfc:791", "rfc:4443", true},
		{"level:may", "rfc:1", true},
		{"section:4.2", "section:4.2.1", true},
	}
	for _, c := range cases {
		if labelLess(c.a, c.b) != c.less {
			t.Errorf("labelLess(%s, %s) != %v", c.a, c.b, c.less)
		}
	}
}
