package main

import (
	"go/format"
	"strings"
	"testing"
)

// golden lists a mutant as "line op: mutated source of that line".
func golden(t *testing.T, src string) []string {
	t.Helper()
	ms, err := Generate("refnode/x/x.go", "refnode/x", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		mutated := string(m.Apply([]byte(src)))
		if _, err := format.Source([]byte(mutated)); err != nil && m.Op != opRemoveSt {
			t.Errorf("%s: mutant does not parse: %v\n%s", m.Key, err, mutated)
		}
		lines := strings.Split(mutated, "\n")
		out = append(out, strings.TrimSpace(m.Op+": "+strings.TrimSpace(lines[m.Line-1])))
	}
	return out
}

func TestOperators(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "comparison: boundary and negation, literal ±1, the guard negated and removed",
			src: `package x
func f(n int) bool {
	if n < 1280 {
		return false
	}
	return true
}
`,
			want: []string{
				"if-negate: if !(n < 1280) {",
				"if-remove: if false {",
				"cmp-boundary: if n <= 1280 {",
				"cmp-negate: if n >= 1280 {",
				"const+1: if n < 1281 {",
				"const-1: if n < 1279 {",
			},
		},
		{
			name: "equality has no boundary; zero has no minus one; hex stays hex",
			src: `package x
func f(n, m int) bool {
	return n == 0 && m != 0xff
}
`,
			want: []string{
				"logic-swap: return n == 0 || m != 0xff",
				"cond-keep-left: return n == 0",
				"cond-keep-right: return m != 0xff",
				"cmp-negate: return n != 0 && m != 0xff",
				"const+1: return n == 1 && m != 0xff",
				"cmp-negate: return n == 0 && m == 0xff",
				"const+1: return n == 0 && m != 0x100",
				"const-1: return n == 0 && m != 0xfe",
			},
		},
		{
			name: "an if with an else: negated (branches swapped), never removed",
			src: `package x
func f(a bool) int {
	if a {
		return 1
	} else {
		return 2
	}
}
`,
			want: []string{"if-negate: if !(a) {"},
		},
		{
			name: "statements: calls, assignments and increments removed; counters, logs and := kept",
			src: `package x
type N struct{ c map[string]int; v int }
func (n *N) count(s string) { n.c[s]++ }
func (n *N) logf(f string, a ...any) {}
func (n *N) send() {}
func (n *N) f() {
	x := 3
	n.count("drop")
	n.logf("%d", x)
	n.send()
	n.v = x
	n.v++
	_ = x
}
`,
			want: []string{
				"stmt-remove: func (n *N) count(s string) {  }", // count's own body
				"stmt-remove:", // n.send() gone
				"stmt-remove:", // n.v = x gone
				"stmt-remove:", // n.v++ gone
			},
		},
		{
			name: "a fault's branch is left alone; its else and the real operand are mutated",
			src: `package x
import "faults"
type S struct{}
func (S) Has(faults.Fault) bool { return false }
func f(fs S, hop int) int {
	if fs.Has(faults.NSAnyHopLimit) {
		hop = 255
	} else if hop != 255 && !fs.Has(faults.NSAnyHopLimit) {
		return 0
	}
	return hop
}
`,
			want: []string{
				"if-negate: } else if !(hop != 255 && !fs.Has(faults.NSAnyHopLimit)) {",
				"if-remove: } else if false {",
				"logic-swap: } else if hop != 255 || !fs.Has(faults.NSAnyHopLimit) {",
				// keep-left (dropping only the fault's operand) would change nothing
				"cond-keep-right: } else if !fs.Has(faults.NSAnyHopLimit) {",
				"cmp-negate: } else if hop == 255 && !fs.Has(faults.NSAnyHopLimit) {",
				"const+1: } else if hop != 256 && !fs.Has(faults.NSAnyHopLimit) {",
				"const-1: } else if hop != 254 && !fs.Has(faults.NSAnyHopLimit) {",
			},
		},
		{
			name: "operands that are fault checks: dropping one that is neutral without faults is no mutant, a part made only of them is left alone",
			src: `package x
import "faults"
type S struct{}
func (S) Has(faults.Fault) bool { return false }
func f(fs S, mc bool) bool {
	return mc && !fs.Has(faults.A) || !mc && fs.Has(faults.B)
}
`,
			want: []string{
				"logic-swap: return mc && !fs.Has(faults.A) && !mc && fs.Has(faults.B)",
				"cond-keep-right: return !mc && fs.Has(faults.B)",
				"logic-swap: return mc || !fs.Has(faults.A) || !mc && fs.Has(faults.B)",
				"cond-keep-right: return !fs.Has(faults.A) || !mc && fs.Has(faults.B)",
			},
		},
		{
			name: "a test of the node's fault set is a fault check whatever fault it names",
			src: `package x
import "faults"
type S struct{}
func (S) Has(faults.Fault) bool { return false }
type N struct{ faults S }
type R struct{ off faults.Fault }
func (n *N) f(r *R, hop int) bool {
	return hop != 255 && !n.faults.Has(r.off)
}
`,
			want: []string{
				"logic-swap: return hop != 255 || !n.faults.Has(r.off)",
				"cond-keep-right: return !n.faults.Has(r.off)",
				"cmp-negate: return hop == 255 && !n.faults.Has(r.off)",
				"const+1: return hop != 256 && !n.faults.Has(r.off)",
				"const-1: return hop != 254 && !n.faults.Has(r.off)",
			},
		},
		{
			name: "a fault's case in a switch is left alone",
			src: `package x
import "faults"
type S struct{}
func (S) Has(faults.Fault) bool { return false }
func f(fs S, n int) int {
	switch {
	case fs.Has(faults.NoReassembly):
		return n + 1
	case n > 8:
		return 1
	}
	return 0
}
`,
			want: []string{
				"cmp-boundary: case n >= 8:",
				"cmp-negate: case n <= 8:",
				"const+1: case n > 9:",
				"const-1: case n > 7:",
			},
		},
		{
			name: "a condition of two: each kept alone, the connective swapped, inside a function literal too",
			src: `package x
func f(xs []int, lo, hi int) func(int) bool {
	return func(i int) bool { return xs[i] >= lo || xs[i] < hi }
}
`,
			want: []string{
				"logic-swap: return func(i int) bool { return xs[i] >= lo && xs[i] < hi }",
				"cond-keep-left: return func(i int) bool { return xs[i] >= lo }",
				"cond-keep-right: return func(i int) bool { return xs[i] < hi }",
				"cmp-boundary: return func(i int) bool { return xs[i] > lo || xs[i] < hi }",
				"cmp-negate: return func(i int) bool { return xs[i] < lo || xs[i] < hi }",
				"cmp-boundary: return func(i int) bool { return xs[i] >= lo || xs[i] <= hi }",
				"cmp-negate: return func(i int) bool { return xs[i] >= lo || xs[i] >= hi }",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := golden(t, tt.src)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("mutants:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestKeysAreStableAndUnique(t *testing.T) {
	src := `package x
func f(a, b int) bool { return a < 1 || b < 1 }
func g(a, b int) bool { return a < 1 || b < 1 }
`
	ms, err := Generate("refnode/x/x.go", "refnode/x", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range ms {
		if seen[m.Key] {
			t.Errorf("key %s twice", m.Key)
		}
		seen[m.Key] = true
	}
	// The same code one line lower keeps its keys (they do not hold line numbers).
	ms2, _ := Generate("refnode/x/x.go", "refnode/x", []byte(strings.Replace(src, "package x\n", "package x\n\n", 1)))
	for i := range ms {
		if ms[i].Key != ms2[i].Key {
			t.Errorf("key moved with the line: %s != %s", ms[i].Key, ms2[i].Key)
		}
	}
}

func TestSampleIsDeterministic(t *testing.T) {
	var ms []Mutant
	for i := range 200 {
		ms = append(ms, Mutant{Key: strings.Repeat("k", i%7) + string(rune('a'+i%26)) + strings.Repeat("z", i/26)})
	}
	a, b := sample(ms, 4, 0, "s"), sample(ms, 4, 0, "s")
	if len(a) == 0 || len(a) == len(ms) || len(a) != len(b) {
		t.Fatalf("sample of 1 in 4: %d then %d of %d", len(a), len(b), len(ms))
	}
	for i := range a {
		if a[i].Key != b[i].Key {
			t.Fatalf("two samples differ at %d", i)
		}
	}
	if got := sample(ms, 1, 10, "s"); len(got) != 10 {
		t.Errorf("--max 10 kept %d", len(got))
	}
}

func TestParseDiff(t *testing.T) {
	d := `diff --git a/refnode/input.go b/refnode/input.go
--- a/refnode/input.go
+++ b/refnode/input.go
@@ -10,0 +11,2 @@ func f() {
+	a
+	b
@@ -40 +42 @@ func g() {
-	c
+	d
diff --git a/refnode/gone.go b/refnode/gone.go
--- a/refnode/gone.go
+++ /dev/null
@@ -1,3 +0,0 @@
`
	got := parseDiff(d)
	want := map[int]bool{11: true, 12: true, 42: true}
	if len(got) != 1 || len(got["refnode/input.go"]) != len(want) {
		t.Fatalf("got %v", got)
	}
	for l := range want {
		if !got["refnode/input.go"][l] {
			t.Errorf("line %d not changed", l)
		}
	}
}

// A case expression lies in no coverage block: its mutants read the
// coverage of the switch statement.
func TestCaseExpressionsReadTheSwitchCoverage(t *testing.T) {
	src := `package x
func f(n int) int {
	switch {
	case n > 8:
		return n - 1
	}
	return 0
}
`
	ms, err := Generate("refnode/x/x.go", "refnode/x", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		want := m.Line
		if m.Line == 4 {
			want = 3
		}
		if m.CovLine != want {
			t.Errorf("%s %s at line %d reads coverage at line %d, want %d", m.Op, m.Desc, m.Line, m.CovLine, want)
		}
	}
}
