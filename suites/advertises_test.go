package suites

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every spec file that makes the router advertise says so in its setup
// (RouterAdvertises), so that a device without start-ra has the spec N/A
// before it starts, and v6ct plan sees it.
func TestAdvertisingSpecsSayTheyAdvertise(t *testing.T) {
	files, _ := filepath.Glob("../rfc*/*.go")
	calls := regexp.MustCompile(`\.Advertise(With)?\(`)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if calls.Match(b) {
			n++
			if !strings.Contains(string(b), "suites.RouterAdvertises()") {
				t.Errorf("%s makes the router advertise but no setup in it says suites.RouterAdvertises()", f)
			}
		}
	}
	if n == 0 {
		t.Fatal("no spec file makes the router advertise: the test reads the wrong folder")
	}
}

// roleTarget is a target of a role with some actions.
type roleTarget struct {
	Target
	role string
	acts []ActionName
}

func (t roleTarget) Name() string { return "lab-device" }
func (t roleTarget) Role() string { return t.role }
func (t roleTarget) Has(a ActionName) bool {
	for _, x := range t.acts {
		if x == a {
			return true
		}
	}
	return false
}
func (t roleTarget) Do(Action) ([]string, error) { return nil, nil }

func TestRouterAdvertisesNeedsStartRA(t *testing.T) {
	setup := SpecSetup{Links: 1}
	RouterAdvertises()(&setup)
	if why := notApplicable(roleTarget{role: "router"}, setup); !strings.Contains(why, "start-ra") {
		t.Errorf("a router without start-ra: %q", why)
	}
	if why := notApplicable(roleTarget{role: "router", acts: []ActionName{ActStartRA}}, setup); why != "" {
		t.Errorf("a router with start-ra: %q", why)
	}
	if why := notApplicable(roleTarget{role: "host"}, setup); why != "" {
		t.Errorf("a host: %q", why)
	}
}
