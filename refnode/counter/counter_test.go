package counter

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// wellFormed is a dotted name: an area, then what happened, in lower case
// words joined by underscores.
var wellFormed = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*(\.[a-z0-9]+(_[a-z0-9]+)*)+$`)

func TestNames(t *testing.T) {
	if None.String() != "" {
		t.Errorf("None is named %q", None.String())
	}
	seen := map[string]Counter{}
	for c := None + 1; c < NumCounters; c++ {
		name := c.String()
		if !wellFormed.MatchString(name) {
			t.Errorf("counter %d: name %q is not area.what_happened", c, name)
		}
		if d, dup := seen[name]; dup {
			t.Errorf("counters %d and %d are both %q", d, c, name)
		}
		seen[name] = c
		if got, ok := Lookup(name); !ok || got != c {
			t.Errorf("Lookup(%q) = %d, %v; want %d", name, got, ok, c)
		}
	}
	if _, ok := Lookup(""); ok {
		t.Error("Lookup finds the empty name")
	}
	if NumCounters.String() != "" {
		t.Error("NumCounters has a name")
	}
}

// initialisms are the words a Go name spells in capitals (or as Go
// spells them); every other word is capitalized.
var initialisms = map[string]string{
	"api": "API", "arp": "ARP", "dad": "DAD", "df": "DF", "dns": "DNS", "dnssl": "DNSSL",
	"ectp": "ECTP", "exthdr": "ExtHdr", "fl": "FL", "hbh": "HBH", "hoplimit": "HopLimit",
	"icmp": "ICMP", "mld": "MLD", "ssm": "SSM", "icmp6": "ICMP6", "ipv4": "IPv4", "ipv6": "IPv6", "mtu": "MTU",
	"na": "NA", "nd": "ND", "ns": "NS", "nud": "NUD", "pmtu": "PMTU", "pmtu4": "PMTU4",
	"ptb": "PTB", "ra": "RA", "rdnss": "RDNSS", "rh0": "RH0", "rs": "RS", "slaac": "SLAAC",
	"slla": "SLLA", "tc": "TC", "tlla": "TLLA", "ttl": "TTL", "udp": "UDP",
}

// goName derives a constant's name from its dotted name:
// "nd.ra.accepted" is NDRAAccepted.
func goName(name string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == '.' || r == '_' }) {
		if s, ok := initialisms[w]; ok {
			b.WriteString(s)
		} else {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// TestSource reads counter.go: every constant says what it counts, and
// its Go name is derived from its dotted name, so that a name can be
// converted to its constant mechanically.
func TestSource(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "counter.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GenDecl:
			if n.Tok != token.CONST {
				return true
			}
			for _, s := range n.Specs {
				v := s.(*ast.ValueSpec)
				if v.Comment == nil || strings.TrimSpace(v.Comment.Text()) == "" {
					t.Errorf("constant %s has no comment saying what it counts", v.Names[0].Name)
				}
			}
		case *ast.KeyValueExpr:
			k, ok1 := n.Key.(*ast.Ident)
			l, ok2 := n.Value.(*ast.BasicLit)
			if ok1 && ok2 {
				name, _ := strconv.Unquote(l.Value)
				if want := goName(name); k.Name != want {
					t.Errorf("%q is named %s, want %s", name, k.Name, want)
				}
			}
		}
		return true
	})
}

// TestNoNamesInCode: the node's code names counters by constant only; a
// dotted name in a string literal (a comparison, a map key, a counter
// built from pieces) would escape the compiler. Tests may read counters
// by name, as users do.
func TestNoNamesInCode(t *testing.T) {
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "counter" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if l, ok := n.(*ast.BasicLit); ok && l.Kind == token.STRING {
				s, _ := strconv.Unquote(l.Value)
				if _, ok := Lookup(s); ok {
					t.Errorf("%s: counter name %q in a string: use counter.%s", fset.Position(l.Pos()), s, goName(s))
				} else if prefix, _, _ := strings.Cut(s, "."); areas[prefix] && wellFormed.MatchString(s) {
					t.Errorf("%s: %q looks like a counter name: add a constant %s", fset.Position(l.Pos()), s, goName(s))
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// areas are the first words of the counters' names.
var areas = func() map[string]bool {
	m := map[string]bool{}
	for c := None + 1; c < NumCounters; c++ {
		a, _, _ := strings.Cut(c.String(), ".")
		m[a] = true
	}
	return m
}()
