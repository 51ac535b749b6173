package reports

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/v6ct/v6ct/results"
)

const rfcEditor = "https://www.rfc-editor.org/rfc/rfc"

// verdictClass is the CSS class (and filter key) of a verdict.
func verdictClass(v results.Verdict) string {
	switch v {
	case results.Pass:
		return "pass"
	case results.Fail:
		return "fail"
	case results.Warn:
		return "warn"
	case results.NA:
		return "na"
	case results.Error:
		return "error"
	}
	return "other"
}

// rfcNumber extracts the number from "8200", "RFC 8200" or "rfc8200".
func rfcNumber(rfc string) string {
	start := strings.IndexFunc(rfc, unicode.IsDigit)
	if start < 0 {
		return ""
	}
	end := start
	for end < len(rfc) && rfc[end] >= '0' && rfc[end] <= '9' {
		end++
	}
	n := strings.TrimLeft(rfc[start:end], "0")
	return n
}

// cleanSection turns "Section 4.1.", "§4.1" or "4.1" into "4.1".
func cleanSection(section string) string {
	s := strings.TrimSpace(section)
	for _, p := range []string{"section", "sec.", "§"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = strings.TrimSpace(s[len(p):])
		}
	}
	end := 0
	for end < len(s) && (isAlnum(s[end]) || s[end] == '.' || s[end] == ' ') {
		end++
	}
	return strings.TrimRight(s[:end], ". ")
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// rfcURL links an RFC section on the RFC Editor's site; "" when the RFC
// number is unknown.
func rfcURL(rfc, section string) string {
	n := rfcNumber(rfc)
	if n == "" {
		return ""
	}
	u := rfcEditor + n
	s := cleanSection(section)
	if s == "" {
		return u
	}
	if len(s) > 8 && strings.EqualFold(s[:8], "appendix") {
		s = strings.TrimSpace(s[8:])
		if s == "" {
			return u
		}
		return u + "#appendix-" + s
	}
	if strings.ContainsRune(s, ' ') {
		s = s[:strings.IndexByte(s, ' ')]
	}
	if s[0] >= '0' && s[0] <= '9' {
		return u + "#section-" + s
	}
	return u + "#appendix-" + s
}

// rfcLabel is how an RFC reference reads: "RFC 8200 Section 4.1".
func rfcLabel(rfc, section string) string {
	var parts []string
	if n := rfcNumber(rfc); n != "" {
		parts = append(parts, "RFC "+n)
	} else if rfc != "" {
		parts = append(parts, rfc)
	}
	if s := strings.TrimSpace(section); s != "" {
		if cleanSection(s) == s && s[0] >= '0' && s[0] <= '9' {
			s = "Section " + s
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// fmtTime shows an instant to the millisecond with its offset.
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format("2006-01-02 15:04:05.000 -07:00")
}

// fmtDuration shows a duration in one format throughout the report:
// milliseconds below a second (one decimal below 10 ms), seconds with
// two decimals below a minute, then minutes and seconds.
func fmtDuration(d time.Duration) string {
	if d < 0 {
		return "-" + fmtDuration(-d)
	}
	switch {
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%d ms", (d+time.Millisecond/2)/time.Millisecond)
	case d < time.Minute:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d < time.Hour:
		return fmt.Sprintf("%d min %02d s", int(d/time.Minute), int((d%time.Minute+time.Second/2)/time.Second))
	}
	return fmt.Sprintf("%d h %02d min", int(d/time.Hour), int((d%time.Hour+time.Minute/2)/time.Minute))
}

// purposeOf says in a sentence what a spec checks, from its behaviour
// text: the parts that say what the node does ("answers ...", "does not
// forward ...") after "Checks that the node under test", and the case a
// part of a catalogue test is about (its Part letter and its condition)
// in a sentence of its own.
func purposeOf(part string) string {
	var does, cases []string
	label := ""
	for _, seg := range strings.Split(strings.TrimSuffix(strings.TrimSpace(part), "."), ": ") {
		seg = strings.TrimSpace(seg)
		switch {
		case seg == "":
		case partLabel.MatchString(seg):
			label = seg
		case behaviour(seg):
			does = append(does, seg)
		default:
			cases = append(cases, seg)
		}
	}
	var b strings.Builder
	if len(does) > 0 && strings.HasPrefix(does[0], "and ") {
		// a part that goes on from the one before ("and no longer once ...")
		does[0] = "acts as the part before says, " + does[0]
	}
	if len(does) > 0 {
		b.WriteString("Checks that the node under test ")
		b.WriteString(strings.Join(does, "; it "))
		b.WriteString(".")
	}
	switch {
	case len(cases) > 0 && label != "" && len(does) == 0:
		fmt.Fprintf(&b, "Checks the node under test, %s: %s.", label, strings.Join(cases, ", "))
	case len(cases) > 0 && label != "":
		fmt.Fprintf(&b, " %s: %s.", label, strings.Join(cases, ", "))
	case len(cases) > 0 && len(does) > 0:
		fmt.Fprintf(&b, " Case: %s.", strings.Join(cases, ", "))
	case len(cases) > 0:
		fmt.Fprintf(&b, "Checks the node under test: %s.", strings.Join(cases, ", "))
	case label != "":
		fmt.Fprintf(&b, " (%s of the test.)", label)
	}
	return strings.TrimSpace(b.String())
}

var partLabel = regexp.MustCompile(`^(Part|Rule) [A-Z0-9]+$`)

// behaviour reports whether a piece of a spec's text says what the node
// does: it starts with a verb in the third person ("answers", "does not",
// "silently discards"), not with a condition ("a wrong checksum", "MTU
// 1500", "unicast, S=0").
func behaviour(seg string) bool {
	w, _, _ := strings.Cut(seg, " ")
	switch w {
	case "silently", "still", "never", "only", "neither", "first", "then", "also", "and":
		return true
	case "its", "this", "is", "was", "as", "less", "yes", "address", "options", "bits", "has":
		return w == "has"
	}
	if w == "" || strings.ToLower(w) != w || strings.ContainsAny(w, ",=:0123456789()") {
		return false
	}
	return strings.HasSuffix(w, "s")
}

// fmtMillis shows an offset in milliseconds with 3 decimals.
func fmtMillis(d time.Duration) string {
	return fmt.Sprintf("%.3f", float64(d)/float64(time.Millisecond))
}

// seconds shows a duration in seconds for JUnit.
func seconds(d time.Duration) string {
	return fmt.Sprintf("%.3f", d.Seconds())
}

// decodeHex reads a frame's octets, tolerating spaces, colons and dashes.
func decodeHex(s string) ([]byte, error) {
	clean := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == ':' || r == '-' {
			return -1
		}
		return r
	}, s)
	return hex.DecodeString(clean)
}

// hexDump lays octets out 16 a line: offset, hex (split after 8), ASCII.
func hexDump(b []byte) string {
	var sb strings.Builder
	for off := 0; off < len(b); off += 16 {
		line := b[off:min(off+16, len(b))]
		fmt.Fprintf(&sb, "%04x  ", off)
		for i := range 16 {
			if i == 8 {
				sb.WriteByte(' ')
			}
			if i < len(line) {
				fmt.Fprintf(&sb, "%02x ", line[i])
			} else {
				sb.WriteString("   ")
			}
		}
		sb.WriteString(" |")
		for _, c := range line {
			if c >= 0x20 && c < 0x7f {
				sb.WriteByte(c)
			} else {
				sb.WriteByte('.')
			}
		}
		sb.WriteString("|\n")
	}
	return sb.String()
}

// direction names who sent a frame.
func direction(dir string) (label, class string) {
	switch dir {
	case "to-nut":
		return "TN → NUT", "to-nut"
	case "from-nut":
		return "NUT → TN", "from-nut"
	}
	return dir, "dir-other"
}

// slug keeps a name safe as a file name or an HTML id.
func slug(s string) string {
	out := strings.Map(func(r rune) rune {
		if r < 0x80 && (isAlnum(byte(r)) || r == '-' || r == '_' || r == '.') {
			return r
		}
		return '-'
	}, s)
	out = strings.TrimLeft(out, ".")
	if out == "" {
		return "spec"
	}
	return out
}

// stepKind is the CSS class of a step kind.
func stepKind(k string) string {
	switch k {
	case "by", "send", "expect", "expect-none", "wait", "note":
		return k
	}
	return "other"
}

// HexDump is hexDump for other packages' tests: the layout report.js
// must reproduce.
func HexDump(b []byte) string { return hexDump(b) }
