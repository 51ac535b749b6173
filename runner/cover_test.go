package runner

import (
	"regexp"
	"strings"
	"testing"
)

// TestExactFocus: --specs selects a spec by its full text and no other,
// whatever regexp characters the text holds.
func TestExactFocus(t *testing.T) {
	const desc = "v6ct against refnode"
	texts := []string{"Path MTU (RFC 8201) answers 1280 octets: Part A [x]", "Option 0x9E? ignored"}
	re := regexp.MustCompile(strings.Join(exactFocus(desc, texts), "|"))
	for _, tc := range []struct {
		text string
		want bool
	}{
		{texts[0], true},
		{texts[1], true},
		{"Path MTU (RFC 8201) answers 1280 octets: Part A [x] and more", false},
		{"Path MTU RFC 8201 answers 1280 octets: Part A x", false},
		{"Option 0x9E ignored", false},
	} {
		if got := re.MatchString(desc + " " + tc.text); got != tc.want {
			t.Errorf("%q selected: %v, want %v", tc.text, got, tc.want)
		}
	}
}
