package suites

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// gatingCalls reads the spec sources (the rfc* folders) and returns, for
// each capability, the places that ask for it: NeedsCapability with a
// string or a suites constant, Links(2) for multiple-interfaces, and the
// tunnel setups (SixInFour...) for tunnel-MODE.
func gatingCalls(t *testing.T) map[string][]string {
	t.Helper()
	fset := token.NewFileSet()
	consts := map[string]string{} // suites constants: name -> value
	suitesFiles, _ := filepath.Glob("*.go")
	for _, f := range suitesFiles {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, sp := range g.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[n.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			}
		}
	}
	tunnels := map[string]string{"SixInFour": "tunnel-6in4", "SixInSix": "tunnel-6in6", "FourInSix": "tunnel-4in6", "FourInFour": "tunnel-4in4"}
	gates := map[string][]string{}
	specFiles, _ := filepath.Glob("../rfc*/*.go")
	if len(specFiles) == 0 {
		t.Fatal("no spec sources found")
	}
	for _, f := range specFiles {
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "suites" {
				return true
			}
			at := fset.Position(call.Pos()).String()
			switch name := sel.Sel.Name; {
			case name == "NeedsCapability":
				for _, a := range call.Args {
					switch a := a.(type) {
					case *ast.BasicLit:
						v, _ := strconv.Unquote(a.Value)
						gates[v] = append(gates[v], at)
					case *ast.SelectorExpr:
						if v, ok := consts[a.Sel.Name]; ok {
							gates[v] = append(gates[v], at)
						} else {
							t.Errorf("%s: NeedsCapability(%s): not a suites string constant", at, a.Sel.Name)
						}
					default:
						t.Errorf("%s: NeedsCapability with an argument this test cannot read", at)
					}
				}
			case name == "Links":
				gates[CapMultipleInterfaces] = append(gates[CapMultipleInterfaces], at)
			case tunnels[name] != "":
				gates[tunnels[name]] = append(gates[tunnels[name]], at)
			}
			return true
		})
	}
	return gates
}

// Every documented capability makes some spec N/A on a target that does
// not declare it; one that gates nothing misleads whoever writes a profile.
func TestEveryCapabilityGatesSpecs(t *testing.T) {
	gates := gatingCalls(t)
	var names []string
	for c := range KnownCapabilities {
		names = append(names, c)
	}
	sort.Strings(names)
	for _, c := range names {
		if len(gates[c]) == 0 {
			t.Errorf("capability %q (%s) gates no spec", c, KnownCapabilities[c])
		}
	}
	for c, at := range gates {
		if _, ok := KnownCapabilities[c]; !ok {
			t.Errorf("%s: a spec needs %q, which is no known capability", at[0], c)
		}
	}
	for c := range retiredCapabilities {
		if _, ok := KnownCapabilities[c]; ok {
			t.Errorf("%q is both known and retired", c)
		}
	}
}

// A target without a capability gets N/A for the specs that need it, with
// the capability named; with it, the spec runs.
func TestCapabilityMakesSpecsNotApplicable(t *testing.T) {
	for c := range KnownCapabilities {
		t.Run(c, func(t *testing.T) {
			setup := SpecSetup{Links: 1, Capabilities: []string{c}}
			without := capTarget{name: "lab-device"}
			if got := notApplicable(without, setup); !strings.Contains(got, strconv.Quote(c)) {
				t.Errorf("without %s: %q", c, got)
			}
			with := capTarget{name: "lab-device", caps: []string{c}}
			if got := notApplicable(with, setup); got != "" {
				t.Errorf("with %s: N/A: %s", c, got)
			}
		})
	}
}

// capTarget is a target that declares the capabilities given.
type capTarget struct {
	Target
	name string
	caps []string
}

func (t capTarget) Name() string           { return t.name }
func (t capTarget) Capabilities() []string { return t.caps }

// A profile that still names a retired capability is told why it is gone.
func TestRetiredCapabilityInProfile(t *testing.T) {
	_, err := ParseProfile("old.yaml", []byte("name: old\nrole: host\nlinks:\n  - tester: eth1\ncapabilities: [jumbograms]\n"))
	if err == nil || !strings.Contains(err.Error(), "old.yaml:5") || !strings.Contains(err.Error(), "no spec judges Jumbo Payload") {
		t.Fatalf("a profile with jumbograms: %v", err)
	}
}
