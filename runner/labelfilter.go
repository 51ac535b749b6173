package runner

import (
	"errors"
	"fmt"
	"strings"

	"github.com/onsi/ginkgo/v2/types"
)

// Role labels. A spec labelled role:any applies to hosts and routers alike.
const (
	roleHost   = "role:host"
	roleRouter = "role:router"
	roleAny    = "role:any"
)

// ExpandRoles makes a label filter's role:host and role:router select the
// specs that apply to that role: those labelled with it and those labelled
// role:any (but not a role:any container's spec that its It labels with
// the other role, as the run judges by the last role label). Only an occurrence that selects is widened (one under an even
// number of negations), so that "!role:router" keeps meaning what it says
// (the specs not labelled role:router: the host and the role:any ones, the
// same selection as "role:host"). "role:host && !role:any" still names the
// label alone. Regular expressions and set operations are left as they are.
func ExpandRoles(q string) string {
	var b strings.Builder
	runes := []rune(q)
	neg := []bool{false} // negation parity of each open group, outermost first
	pendingNot := false  // a '!' waits for its operand
	flushLabel := func(start, end int) {
		seg := string(runes[start:end])
		label := strings.TrimSpace(seg)
		if (strings.EqualFold(label, roleHost) || strings.EqualFold(label, roleRouter)) && neg[len(neg)-1] == pendingNot {
			lead := seg[:strings.Index(seg, label)]
			trail := seg[len(lead)+len(label):]
			other := roleRouter
			if strings.EqualFold(label, roleRouter) {
				other = roleHost
			}
			seg = lead + "(" + label + " || (" + roleAny + " && !" + other + "))" + trail
		}
		b.WriteString(seg)
		pendingNot = false
	}
	for i := 0; i < len(runes); {
		switch r := runes[i]; r {
		case '!':
			pendingNot = !pendingNot
			b.WriteRune(r)
			i++
		case '(':
			neg = append(neg, neg[len(neg)-1] != pendingNot)
			pendingNot = false
			b.WriteRune(r)
			i++
		case ')':
			if len(neg) > 1 {
				neg = neg[:len(neg)-1]
			}
			b.WriteRune(r)
			i++
		case '&', '|', ',', ' ':
			b.WriteRune(r)
			i++
		case '/': // a regular expression: copied as it is
			j := i + 1
			for j < len(runes) && runes[j] != '/' {
				j++
			}
			if j < len(runes) {
				j++
			}
			b.WriteString(string(runes[i:j]))
			pendingNot = false
			i = j
		default:
			j := i
			for j < len(runes) && !strings.ContainsRune("&|!,()/", runes[j]) {
				j++
			}
			flushLabel(i, j)
			i = j
		}
	}
	return b.String()
}

// FilterLabels are the plain labels a filter names (not regular
// expressions, not set operations), in order, each once.
func FilterLabels(q string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(f string) {
		f = strings.TrimSpace(f)
		if f == "" || strings.Contains(f, ": ") || strings.ContainsAny(f, "{}") || seen[f] {
			return
		}
		seen[f] = true
		out = append(out, f)
	}
	start, inRegexp := 0, false
	for i, r := range q {
		switch {
		case r == '/':
			if !inRegexp {
				add(q[start:i])
			}
			inRegexp = !inRegexp
			start = i + 1
		case !inRegexp && strings.ContainsRune("&|!,()", r):
			add(q[start:i])
			start = i + 1
		}
	}
	if !inRegexp {
		add(q[start:])
	}
	return out
}

// ValidateLabelFilter checks a label filter before anything is built. Its
// error is plain text (no terminal colours) and points at the place of
// the mistake.
func ValidateLabelFilter(q string) error {
	if q == "" {
		return nil
	}
	if _, err := types.ParseLabelFilter(q); err != nil {
		return labelFilterError(q, err)
	}
	return nil
}

// Markup Ginkgo puts around the character where a label filter goes wrong.
const (
	ginkgoMarkStart = "{{red}}{{bold}}{{underline}}"
	ginkgoMarkEnd   = "{{/}}"
)

// labelFilterError turns Ginkgo's parse error (a message made for a
// colour terminal) into: what is wrong, the filter, and a caret under the
// place.
func labelFilterError(q string, err error) error {
	var ge types.GinkgoError
	if !errors.As(err, &ge) {
		return fmt.Errorf("bad label filter %q: %s", q, stripMarkup(firstLine(err.Error())))
	}
	msg := ge.Message
	what := msg
	if i := strings.LastIndex(msg, "\n"); i >= 0 {
		what, msg = msg[i+1:], msg[:i]
	} else {
		msg = ""
	}
	what = strings.TrimSpace(stripMarkup(what))
	col := -1 // in runes, from 0
	if i := strings.Index(msg, ginkgoMarkStart); i >= 0 {
		col = len([]rune(msg[:i]))
	}
	if col < 0 {
		return fmt.Errorf("bad label filter: %s (at the end)\n  %s\n  %s^", what, q, strings.Repeat(" ", len([]rune(q))))
	}
	return fmt.Errorf("bad label filter: %s (at column %d)\n  %s\n  %s^", what, col+1, q, strings.Repeat(" ", col))
}

// stripMarkup removes Ginkgo's {{colour}} markup and any ANSI escape
// sequence from s.
func stripMarkup(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "{{"):
			if j := strings.Index(s[i:], "}}"); j >= 0 && !strings.ContainsAny(s[i+2:i+j], " {") {
				i += j + 2
				continue
			}
		case s[i] == 0x1b:
			j := i + 1
			if j < len(s) && s[j] == '[' {
				j++
				for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
					j++
				}
				j++
			}
			i = min(j, len(s))
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
