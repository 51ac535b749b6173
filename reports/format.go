package reports

import (
	"encoding/hex"
	"fmt"
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

// fmtDuration rounds to the millisecond, keeping sub-millisecond values.
func fmtDuration(d time.Duration) string {
	if d < time.Millisecond && d > -time.Millisecond {
		return d.String()
	}
	return d.Round(time.Millisecond).String()
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
