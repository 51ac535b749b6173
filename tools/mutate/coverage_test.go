package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestCoverageMapping(t *testing.T) {
	const mod = "github.com/v6ct/v6ct"
	c := newCoverage()
	// Spec A runs the guard's condition and its body; spec B the condition
	// and what follows; spec C nothing of this file.
	profA := `mode: atomic
github.com/v6ct/v6ct/refnode/input.go:10.30,12.16 2 3
github.com/v6ct/v6ct/refnode/input.go:12.16,14.3 1 1
github.com/v6ct/v6ct/refnode/input.go:15.2,16.10 2 0
`
	profB := `mode: atomic
github.com/v6ct/v6ct/refnode/input.go:10.30,12.16 2 1
github.com/v6ct/v6ct/refnode/input.go:12.16,14.3 1 0
github.com/v6ct/v6ct/refnode/input.go:15.2,16.10 2 1
`
	profC := `mode: atomic
github.com/v6ct/v6ct/refnode/input.go:10.30,12.16 2 0
github.com/v6ct/v6ct/refnode/output.go:5.1,6.2 1 4
`
	for i, p := range []string{profA, profB, profC} {
		if err := c.addProfile(Spec{Role: "host", Text: string(rune('A' + i))}, mod, strings.NewReader(p)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		file      string
		line, col int
		want      []int
	}{
		{"refnode/input.go", 11, 5, []int{0, 1}},  // the condition: A and B
		{"refnode/input.go", 12, 16, []int{0, 1}}, // on the boundary of two blocks: both
		{"refnode/input.go", 13, 3, []int{0}},     // the guard's body: A only
		{"refnode/input.go", 16, 2, []int{1}},     // after the guard: B only
		{"refnode/input.go", 20, 1, nil},          // no block: not covered
		{"refnode/output.go", 5, 3, []int{2}},
		{"refnode/other.go", 5, 3, nil},
	}
	for _, tt := range tests {
		if got := c.Covering(tt.file, tt.line, tt.col); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:%d.%d: covered by %v, want %v", tt.file, tt.line, tt.col, got, tt.want)
		}
	}
}

func TestCoverageBadLine(t *testing.T) {
	c := newCoverage()
	if err := c.addProfile(Spec{}, "m", strings.NewReader("m/x.go:1.1,2.2 1\n")); err == nil {
		t.Error("a line without its count was accepted")
	}
}
