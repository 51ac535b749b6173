package reports

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/v6ct/v6ct/results"
)

const failReason = "hop limit was 64, want 255 <RA> & \"Cur Hop Limit\" ignored\n" +
	"second line: <script>alert('x')</script>"

// An IPv6 header (40 octets) followed by the start of an ICMPv6 echo request.
const echoHex = "6000000000083a40fe800000000000000200000000000001" +
	"fe8000000000000002000000000000028000a1b2000100 01"

func ptr(b bool) *bool { return &b }

func testRun() *results.Run {
	start := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	spec := func(id, folder, rfc, section string, v results.Verdict, reason string) results.Spec {
		return results.Spec{
			ID: id, Title: "Title of " + id, Part: "part of " + id,
			RFC: rfc, Section: section, IPv6Ready: "v6LC.1.1.1",
			Role: "host", Level: "must", Fault: "no-dad",
			Labels: []string{"nd", "host"}, Folder: folder,
			Verdict: v, Reason: reason, Started: start,
			Duration: 1500 * time.Millisecond,
		}
	}
	pass := spec("rfc8200-4-1-pass", "rfc2460", "8200", "4.1", results.Pass, "every requirement held")
	pass.Pcap = "pcap/rfc8200-4-1-pass.pcap"
	pass.Steps = []results.Step{
		{At: 0, Kind: "by", Text: "the node has a link-local address"},
		{At: 1_234_567, Kind: "send", Text: "Echo Request from TN"},
		{At: 2_000_000, Kind: "expect", Text: "Echo Reply to TN", OK: ptr(true)},
	}
	pass.Frames = []results.Frame{
		{At: 1_234_567, Link: "Link0", Dir: "to-nut", Node: "TN", Summary: "Echo Request fe80::1 > fe80::2", Hex: echoHex},
		{At: 2_000_000, Link: "Link0", Dir: "from-nut", Node: "TN", Summary: "Echo Reply fe80::2 > fe80::1", Hex: "zz"},
	}
	fail := spec("rfc4861-6-3-4-fail", "rfc2461", "RFC 4861", "6.3.4", results.Fail, failReason)
	fail.Location = "rfc2461/ra_test.go:42"
	fail.Steps = []results.Step{
		{At: 0, Kind: "send", Text: "RA with Cur Hop Limit 255"},
		{At: 3_000_000_000, Kind: "wait", Text: "3s"},
		{At: 3_000_000_000, Kind: "expect", Text: "Echo Reply with hop limit 255", OK: ptr(false)},
	}
	fail.Frames = []results.Frame{{At: 5, Link: "Link0", Dir: "to-nut", Node: "TR1", Summary: "RA", Hex: echoHex}}
	warn := spec("rfc4861-7-2-2-warn", "rfc2461", "4861", "7.2.2", results.Warn, "retransmitted after 1.2s, should be 1s")
	warn.Level = "should"
	na := spec("rfc8200-5-na", "rfc2460", "8200", "5", results.NA, "target has no reboot action")
	errSpec := spec("rfc4291-2-5-error", "rfc2373", "4291", "2.5.6", results.Error, "link Link1 is missing")
	return &results.Run{
		Tool: "v6ct", Version: "0.1.0", Target: "refnode", Role: "host",
		LabelFilter: "nd && !slow", Started: start, Ended: start.Add(9 * time.Second),
		Duration: 9 * time.Second,
		Specs:    []results.Spec{pass, fail, warn, na, errSpec},
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHTMLIndex(t *testing.T) {
	run := testRun()
	dir := t.TempDir()
	if err := HTML(run, dir); err != nil {
		t.Fatal(err)
	}
	index := readFile(t, filepath.Join(dir, "index.html"))
	for _, want := range []string{
		`id="total-all">5<`,
		`id="total-pass">1<`,
		`id="total-fail">1<`,
		`id="total-warn">1<`,
		`id="total-na">1<`,
		`id="total-error">1<`,
		`id="rfc-rfc2373"`,
		`id="rfc-rfc2460"`,
		`id="rfc-rfc2461"`,
		`class="seg fail" style="flex-grow: 1"`,
		"nd &amp;&amp; !slow",
		"2026-03-01 10:00:00.000 ",
		"9.00 s",
	} {
		if !strings.Contains(index, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	for _, s := range run.Specs {
		if !strings.Contains(index, `href="specs/`+s.ID+`.html"`) {
			t.Errorf("index.html has no link to %s", s.ID)
		}
	}
	if strings.Contains(index, "Fault-proof run") {
		t.Error("index.html announces a fault-proof run that was not one")
	}
	// The index carries no frames.
	if strings.Contains(index, "6000 0000") || strings.Contains(index, "Echo Request fe80") {
		t.Error("index.html carries frame data")
	}
	// Folders in order, sections in numeric order within a folder.
	if a, b := strings.Index(index, "rfc8200-4-1-pass"), strings.Index(index, "rfc8200-5-na"); a > b {
		t.Error("section 4.1 listed after section 5")
	}
	if a, b := strings.Index(index, "rfc-rfc2373\""), strings.Index(index, "rfc-rfc2461\""); a > b {
		t.Error("folders out of order")
	}
}

func TestHTMLProve(t *testing.T) {
	run := testRun()
	run.Prove = true
	dir := t.TempDir()
	if err := HTML(run, dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"index.html", "specs/rfc4861-6-3-4-fail.html"} {
		page := readFile(t, filepath.Join(dir, f))
		if !strings.Contains(page, "Fault-proof run") || !strings.Contains(page, "FAIL is the expected outcome") {
			t.Errorf("%s does not say FAIL is expected in a fault-proof run", f)
		}
	}
}

func TestHTMLSpecPages(t *testing.T) {
	run := testRun()
	dir := t.TempDir()
	if err := HTML(run, dir); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id   string
		want []string
	}{
		{"rfc8200-4-1-pass", []string{
			`href="https://www.rfc-editor.org/rfc/rfc8200#section-4.1"`,
			"RFC 8200 Section 4.1",
			`href="../pcap/rfc8200-4-1-pass.pcapng"`,
			`href="../index.html"`,
			"v6LC.1.1.1",
			"no-dad",
			`<span class="chip">nd</span>`,
			"TN → NUT", "NUT → TN",
			"1.235", "2.000",
			"0000  60 00 00 00 00 08 3a 40  fe 80 00 00 00 00 00 00",
			"0020  02 00 00 00 00 00 00 02  80 00 a1 b2 00 01 00 01",
			"not valid hex",
			"✓ ok",
			"Echo Request fe80::1 &gt; fe80::2",
			`href="rfc8200-5-na.html"`, // next page in index order
		}},
		{"rfc4861-6-3-4-fail", []string{
			`href="https://www.rfc-editor.org/rfc/rfc4861#section-6.3.4"`,
			// the first line heads the verdict box; the rest, once, below it
			`<pre class="reason">` + template.HTMLEscapeString(strings.SplitN(failReason, "\n", 2)[1]) + `</pre>`,
			"rfc2461/ra_test.go:42",
			"✗ failed",
			"3000.000",
			"0010  02 00 00 00 00 00 00 01  fe 80",
		}},
		{"rfc4861-7-2-2-warn", []string{"should", `badge warn`, "No frames recorded."}},
		{"rfc8200-5-na", []string{`href="https://www.rfc-editor.org/rfc/rfc8200#section-5"`, "target has no reboot action"}},
		{"rfc4291-2-5-error", []string{`href="https://www.rfc-editor.org/rfc/rfc4291#section-2.5.6"`, "link Link1 is missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			page := readSpecPage(t, dir, tt.id+".html")
			for _, want := range tt.want {
				if !strings.Contains(page, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			if strings.Contains(page, "<script>alert") || strings.Contains(page, "<RA>") {
				t.Error("page carries unescaped text")
			}
		})
	}
}

// TestSelfContained checks that no page loads anything from the network: the
// only absolute URLs are links to the RFC Editor.
func TestSelfContained(t *testing.T) {
	dir := t.TempDir()
	if err := HTML(testRun(), dir); err != nil {
		t.Fatal(err)
	}
	url := regexp.MustCompile(`(?i)(https?:)?//[^\s"'<>)]+`)
	// The spec pages load the report's own shared files: its style sheet,
	// its script and the frames/ shards, each by a relative path that
	// must exist; nothing else.
	external := regexp.MustCompile(`(?i)<img|<iframe|<object|<embed|@import|url\(`)
	local := regexp.MustCompile(`(?i)<link rel="stylesheet" href="([^"]+)"|\ssrc="([^"]+)"`)
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		n++
		page := readFile(t, p)
		for _, u := range url.FindAllString(page, -1) {
			if !strings.HasPrefix(u, "https://www.rfc-editor.org/rfc/rfc") {
				t.Errorf("%s refers to %s", p, u)
			}
		}
		if m := external.FindString(page); m != "" {
			t.Errorf("%s loads an external resource: %q", p, m)
		}
		for _, m := range local.FindAllStringSubmatch(page, -1) {
			ref := m[1] + m[2]
			if strings.Contains(ref, ":") || strings.HasPrefix(ref, "/") {
				t.Errorf("%s loads %s, not a file of the report", p, ref)
			} else if _, err := os.Stat(filepath.Join(filepath.Dir(p), ref)); err != nil {
				t.Errorf("%s loads %s, which the report lacks", p, ref)
			}
		}
		if strings.Contains(page, " src=") && local.FindString(page) == "" {
			t.Errorf("%s loads something in a way this test cannot read", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 6 {
		t.Errorf("found %d pages, want 6", n)
	}
}

type xmlSuites struct {
	Tests    int        `xml:"tests,attr"`
	Failures int        `xml:"failures,attr"`
	Errors   int        `xml:"errors,attr"`
	Skipped  int        `xml:"skipped,attr"`
	Time     string     `xml:"time,attr"`
	Suites   []xmlSuite `xml:"testsuite"`
}

type xmlSuite struct {
	Name     string    `xml:"name,attr"`
	Tests    int       `xml:"tests,attr"`
	Failures int       `xml:"failures,attr"`
	Errors   int       `xml:"errors,attr"`
	Skipped  int       `xml:"skipped,attr"`
	Cases    []xmlCase `xml:"testcase"`
}

type xmlCase struct {
	Classname string `xml:"classname,attr"`
	Name      string `xml:"name,attr"`
	Time      string `xml:"time,attr"`
	Props     []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	} `xml:"properties>property"`
	Failure *struct {
		Message string `xml:"message,attr"`
		Text    string `xml:",chardata"`
	} `xml:"failure"`
	Error *struct {
		Message string `xml:"message,attr"`
	} `xml:"error"`
	Skipped *struct {
		Message string `xml:"message,attr"`
	} `xml:"skipped"`
	SystemOut string `xml:"system-out"`
}

func (c xmlCase) props(name string) []string {
	var vs []string
	for _, p := range c.Props {
		if p.Name == name {
			vs = append(vs, p.Value)
		}
	}
	return vs
}

func TestJUnit(t *testing.T) {
	var buf bytes.Buffer
	if err := JUnit(testRun(), &buf); err != nil {
		t.Fatal(err)
	}
	var doc xmlSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("junit does not parse: %v\n%s", err, buf.String())
	}
	if doc.Tests != 5 || doc.Failures != 1 || doc.Errors != 1 || doc.Skipped != 1 || doc.Time != "9.000" {
		t.Errorf("totals = %+v", doc)
	}
	wantSuites := []struct {
		name                             string
		tests, failures, errors, skipped int
	}{
		{"rfc2373", 1, 0, 1, 0},
		{"rfc2460", 2, 0, 0, 1},
		{"rfc2461", 2, 1, 0, 0},
	}
	if len(doc.Suites) != len(wantSuites) {
		t.Fatalf("%d suites, want %d", len(doc.Suites), len(wantSuites))
	}
	cases := map[string]xmlCase{}
	for i, w := range wantSuites {
		s := doc.Suites[i]
		if s.Name != w.name || s.Tests != w.tests || s.Failures != w.failures || s.Errors != w.errors || s.Skipped != w.skipped {
			t.Errorf("suite %d = %s %d/%d/%d/%d, want %+v", i, s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, w)
		}
		if len(s.Cases) != s.Tests {
			t.Errorf("suite %s has %d testcases, says %d", s.Name, len(s.Cases), s.Tests)
		}
		for _, c := range s.Cases {
			cases[c.props("id")[0]] = c
		}
	}

	fail := cases["rfc4861-6-3-4-fail"]
	if fail.Classname != "rfc2461 Title of rfc4861-6-3-4-fail" || fail.Name != "part of rfc4861-6-3-4-fail" || fail.Time != "1.500" {
		t.Errorf("fail case = %q %q %q", fail.Classname, fail.Name, fail.Time)
	}
	if fail.Failure == nil || fail.Failure.Message != failReason {
		t.Errorf("failure message does not round-trip: %+v", fail.Failure)
	} else if !strings.Contains(fail.Failure.Text, "rfc2461/ra_test.go:42") {
		t.Errorf("failure text lacks the location: %q", fail.Failure.Text)
	}

	warn := cases["rfc4861-7-2-2-warn"]
	if warn.Failure != nil || warn.Error != nil || warn.Skipped != nil {
		t.Error("WARN does not pass")
	}
	if !strings.Contains(warn.SystemOut, "retransmitted after 1.2s, should be 1s") {
		t.Errorf("WARN system-out = %q", warn.SystemOut)
	}
	if na := cases["rfc8200-5-na"]; na.Skipped == nil || na.Skipped.Message != "target has no reboot action" {
		t.Errorf("N/A skipped = %+v", na.Skipped)
	}
	if e := cases["rfc4291-2-5-error"]; e.Error == nil || e.Error.Message != "link Link1 is missing" {
		t.Errorf("ERROR error = %+v", e.Error)
	}

	props := []struct{ id, name, want string }{
		{"rfc4861-7-2-2-warn", "verdict", "WARN"},
		{"rfc8200-4-1-pass", "verdict", "PASS"},
		{"rfc4861-6-3-4-fail", "verdict", "FAIL"},
		{"rfc4861-6-3-4-fail", "rfc", "RFC 4861"},
		{"rfc4861-6-3-4-fail", "section", "6.3.4"},
		{"rfc4861-6-3-4-fail", "ipv6ready", "v6LC.1.1.1"},
		{"rfc4861-6-3-4-fail", "label", "nd,host"},
	}
	for _, p := range props {
		if got := strings.Join(cases[p.id].props(p.name), ","); got != p.want {
			t.Errorf("%s property %s = %q, want %q", p.id, p.name, got, p.want)
		}
	}
}

func TestWriteFromFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "results.json")
	if err := testRun().Write(file); err != nil {
		t.Fatal(err)
	}
	run, err := results.Read(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(run, dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"index.html", "junit.xml", "specs/rfc8200-4-1-pass.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

func TestUnsafeIDs(t *testing.T) {
	run := testRun()
	run.Specs[0].ID = "../../escape"
	run.Specs[1].ID = "..-..-escape"
	dir := t.TempDir()
	if err := HTML(run, filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"out/specs/-..-escape.html", "out/specs/-..-escape-2.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "escape.html")); err == nil {
		t.Error("a spec page was written outside the report")
	}
}

func TestRFCURL(t *testing.T) {
	tests := []struct{ rfc, section, want string }{
		{"8200", "4.1", rfcEditor + "8200#section-4.1"},
		{"RFC 4861", "Section 7.2.2.", rfcEditor + "4861#section-7.2.2"},
		{"rfc2460", "§5", rfcEditor + "2460#section-5"},
		{"4291", "", rfcEditor + "4291"},
		{"4291", "Appendix A", rfcEditor + "4291#appendix-A"},
		{"4862", "A.1", rfcEditor + "4862#appendix-A.1"},
		{"4861", "6.3.4 (Cur Hop Limit)", rfcEditor + "4861#section-6.3.4"},
		{"", "4.1", ""},
		{"draft", "4.1", ""},
	}
	for _, tt := range tests {
		if got := rfcURL(tt.rfc, tt.section); got != tt.want {
			t.Errorf("rfcURL(%q, %q) = %q, want %q", tt.rfc, tt.section, got, tt.want)
		}
	}
}

func TestHexDump(t *testing.T) {
	tests := []struct {
		name, hex, want string
	}{
		{"empty", "", ""},
		{"short", "6000", "0000  60 00 " + strings.Repeat("   ", 14) + "  |`.|\n"},
		{"one line", "000102030405060708090a0b0c0d0e0f",
			"0000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|\n"},
		{"two lines", "41424344454647484950515253545556 57",
			"0000  41 42 43 44 45 46 47 48  49 50 51 52 53 54 55 56  |ABCDEFGHIPQRSTUV|\n" +
				"0010  57 " + strings.Repeat("   ", 15) + "  |W|\n"},
		{"colons", "3c:3e", "0000  3c 3e " + strings.Repeat("   ", 14) + "  |<>|\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := decodeHex(tt.hex)
			if err != nil {
				t.Fatal(err)
			}
			if got := hexDump(b); got != tt.want {
				t.Errorf("hexDump =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
	if _, err := decodeHex("6g"); err == nil {
		t.Error("decodeHex accepted a bad digit")
	}
}

func TestCompareSections(t *testing.T) {
	tests := []struct {
		a, b string
		want int // sign
	}{
		{"4.9", "4.10", -1},
		{"4.1", "4.1", 0},
		{"5", "4.1", 1},
		{"4", "4.1", -1},
		{"10", "A.1", -1},
	}
	for _, tt := range tests {
		got := compareSections(tt.a, tt.b)
		if (got < 0) != (tt.want < 0) || (got > 0) != (tt.want > 0) {
			t.Errorf("compareSections(%q, %q) = %d, want sign %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestJUnitAwkwardText(t *testing.T) {
	tests := []struct{ name, reason string }{
		{"cdata end", "got ]]> in the payload"},
		{"control", "octet \x01\x02 seen\x00"},
		{"markup", `<failure message="x"/> & more`},
		{"multi-line", "first\nsecond\r\nthird"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := testRun()
			run.Specs[1].Reason = tt.reason
			run.Specs[2].Reason = tt.reason
			var buf bytes.Buffer
			if err := JUnit(run, &buf); err != nil {
				t.Fatal(err)
			}
			var doc xmlSuites
			if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatalf("junit does not parse: %v\n%s", err, buf.String())
			}
			cases := doc.Suites[2].Cases
			// XML reads a CR LF in text as LF.
			want := strings.ReplaceAll(xmlSafe(tt.reason), "\r\n", "\n")
			if cases[0].Failure == nil || !strings.Contains(cases[0].Failure.Text, want) {
				t.Errorf("failure text lacks %q: %+v", want, cases[0].Failure)
			}
			if !strings.Contains(cases[1].SystemOut, want) {
				t.Errorf("system-out lacks %q: %q", want, cases[1].SystemOut)
			}
		})
	}
}

func TestUnknownVerdict(t *testing.T) {
	run := testRun()
	run.Specs[0].Verdict = "SKIPPED?"
	run.Specs[0].ID = ""
	dir := t.TempDir()
	if err := Write(run, dir); err != nil {
		t.Fatal(err)
	}
	index := readFile(t, filepath.Join(dir, "index.html"))
	for _, want := range []string{`id="total-other">1<`, `id="total-pass">0<`, `href="specs/spec.html"`} {
		if !strings.Contains(index, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	var doc xmlSuites
	if err := xml.Unmarshal([]byte(readFile(t, filepath.Join(dir, "junit.xml"))), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Errors != 2 {
		t.Errorf("errors = %d, want 2: an unknown verdict must not pass", doc.Errors)
	}
}

// readSpecPage is a spec page as a browser gets it: the page, then the
// frames/ shards it loads, where the decoded detail of its frames is.
func readSpecPage(t *testing.T, dir, name string) string {
	t.Helper()
	page := readFile(t, filepath.Join(dir, "specs", name))
	all := page
	entry := regexp.MustCompile(`(?m)^v6ctFrame\("([0-9a-f]+)",(.*)\);$`)
	for _, m := range regexp.MustCompile(`<script src="\.\./(frames/[0-9a-f]\.js)"></script>`).FindAllStringSubmatch(page, -1) {
		shard := readFile(t, filepath.Join(dir, m[1]))
		all += "\n" + shard
		for _, e := range entry.FindAllStringSubmatch(shard, -1) {
			var d frameDetail
			if err := json.Unmarshal([]byte(e[2]), &d); err != nil {
				t.Fatalf("%s: frame %s: %v", m[1], e[1], err)
			}
			b, err := hex.DecodeString(d.Hex)
			if err != nil || frameKey(b) != e[1] {
				t.Fatalf("%s: frame %s: its octets do not match its key (%v)", m[1], e[1], err)
			}
			all += "\n" + hexDump(b) // as report.js lays them out
		}
	}
	return all
}
