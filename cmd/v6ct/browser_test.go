package main

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/v6ct/v6ct/reports"
	"github.com/v6ct/v6ct/results"
)

// TestReportInBrowser reads a real report the way a person does, in
// headless Chromium: from the history of runs to the newest run's index,
// filters it, follows the link to a failing spec, reads its verdict and
// packet ladder, and opens a frame to see every decoded field and the
// octets. The report comes from two real runs by this binary: a passing
// one, then a fault-proof one of the same specs, where every spec FAILs.
//
// With V6CT_SCREENSHOTS=DIR it saves the index and the failing spec there
// (the README's pictures: V6CT_SCREENSHOTS=$PWD/docs go test -run
// TestReportInBrowser ./cmd/v6ct/).
func TestReportInBrowser(t *testing.T) {
	chromium, err := chromiumPath()
	if err != nil {
		t.Skip(err.Error())
	}
	needRoot(t)
	root := t.TempDir()
	// No spaces: v6ct() splits its arguments on them. The last term selects
	// nothing; it makes the filter as long as a lab's, for the history table.
	const filter = "section:2.5.1||ipv6ready:v6LC.1.1.1||(rfc:9999&&role:any&&level:must&&!slow&&!legacy)"
	code, runOut := v6ct(t, "run", "--label-filter", filter, "--out", root)
	if code != 0 {
		t.Fatalf("v6ct run exited %d:\n%s", code, runOut)
	}
	if code, out := v6ct(t, "run", "--prove", "--label-filter", filter, "--out", root); code != 0 {
		t.Fatalf("v6ct run --prove exited %d:\n%s", code, out)
	}
	latest, err := filepath.EvalSymlinks(filepath.Join(root, "latest"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := results.Read(filepath.Join(latest, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	fails := 0
	var missing, caught *results.Spec // a spec whose expected frame never came; one whose forbidden frame came
	for i := range res.Specs {
		s := &res.Specs[i]
		if s.Verdict != results.Fail {
			continue
		}
		fails++
		for _, st := range s.Steps {
			if st.OK != nil && !*st.OK && st.Kind == "expect" && missing == nil {
				missing = s
			}
			if st.OK != nil && !*st.OK && st.Kind == "expect-none" && st.Frame != nil && caught == nil {
				caught = s
			}
		}
	}
	if fails == 0 || missing == nil || caught == nil {
		t.Fatalf("the fault-proof run lacks the failures this test reads: %d FAIL, missing-frame spec %v, forbidden-frame spec %v", fails, missing != nil, caught != nil)
	}

	// The console names the RFC of each spec's section, not the folder
	// the spec lives in (an RFC 4291 section judged by a spec in rfc2463/).
	for _, s := range res.Specs {
		if want := fmt.Sprintf("RFC %s §%s ", s.RFC, s.Section); !strings.Contains(runOut, want) {
			t.Errorf("the console does not show %q for %s", want, s.ID)
		}
	}

	b := startBrowser(t, chromium)
	shots := os.Getenv("V6CT_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}

	// The history lists both runs; the newest leads to its index. At
	// 1400 px the whole table fits, Commit column included.
	b.viewport(1400, viewHeight)
	b.navigate("file://" + root + "/index.html")
	if n := b.evalInt(`document.querySelectorAll('#runs tbody tr').length`); n != 2 {
		t.Fatalf("the history lists %d runs, want 2", n)
	}
	if !b.evalBool(`(function(){var th=Array.from(document.querySelectorAll('#runs th')).pop(), t=document.getElementById('runs');
		return th.textContent==='Commit' && th.getBoundingClientRect().right <= document.documentElement.clientWidth && t.scrollWidth <= t.parentElement.clientWidth;})()`) {
		t.Errorf("the history table overflows at 1400 px (columns %s): table %d px wide in a card of %d px, Commit column ends at %d px",
			b.evalString(`Array.from(document.querySelectorAll('#runs th')).map(function(e){return e.textContent+'='+Math.round(e.getBoundingClientRect().width)}).join(' ')`),
			b.evalInt(`document.getElementById('runs').scrollWidth`), b.evalInt(`document.getElementById('runs').parentElement.clientWidth`),
			b.evalInt(`Math.round(Array.from(document.querySelectorAll('#runs th')).pop().getBoundingClientRect().right)`))
	}
	b.screenshot(filepath.Join(shots, "report-history.png"), 900)
	b.viewport(viewWidth, viewHeight)
	b.click(fmt.Sprintf(`#runs a[href="%s/index.html"]`, filepath.Base(latest)))
	b.waitLoaded("file://" + latest + "/index.html")

	// Run metadata and totals.
	body := b.evalString(`document.body.innerText`)
	for _, want := range []string{"fault-proof report", "refnode", "Commit", "Tester host", "Link0", "00:00:5e:00:53:10", "fe80::200:5eff:fe00:5310", filter} {
		if !strings.Contains(body, want) {
			t.Errorf("the index does not show %q", want)
		}
	}
	if got := b.evalString(`document.getElementById('total-fail').textContent`); got != fmt.Sprint(fails) {
		t.Errorf("the index counts %s FAIL, the results %d", got, fails)
	}
	// Durations in one format: milliseconds, seconds, minutes.
	if odd := b.evalString(`Array.from(document.querySelectorAll('tr[data-v] td.num')).map(function(e){return e.textContent}).filter(function(s){return !/^(\d+(\.\d)? ms|\d+\.\d\d s|\d+ min \d\d s)$/.test(s)}).join('|')`); odd != "" {
		t.Errorf("durations not in the report's one format: %s", odd)
	}
	visible := `document.querySelectorAll('tr[data-v]:not([hidden])').length`
	if n := b.evalInt(visible); n != len(res.Specs) {
		t.Errorf("%d spec rows shown, want %d", n, len(res.Specs))
	}
	// Untick FAIL: the failing specs go; tick it again: they come back.
	b.click(`#filter input[value=fail]`)
	if n := b.evalInt(visible); n != len(res.Specs)-fails {
		t.Errorf("with FAIL unticked %d rows shown, want %d", n, len(res.Specs)-fails)
	}
	b.click(`#filter input[value=fail]`)
	// The search box finds a spec by words of its title.
	b.click(`#f-text`)
	b.call("Input.insertText", map[string]any{"text": strings.ToLower(missing.Title)})
	if n := b.evalInt(visible); n < 1 || n >= len(res.Specs) {
		t.Errorf("searching %q shows %d rows", missing.Title, n)
	}
	b.eval(`(function(){var e=document.getElementById('f-text'); e.value=''; e.dispatchEvent(new Event('input'));})()`)
	b.screenshot(filepath.Join(shots, "report-index.png"), 1500)

	// From the index to the spec whose forbidden frame came.
	link := fmt.Sprintf(`tr[data-v=fail] a[href^="specs/%s"]`, caught.ID)
	b.click(link)
	b.waitLoaded("file://" + latest + "/specs/")
	if h := b.evalString(`document.querySelector('h1').innerText`); !strings.Contains(h, "FAIL") || !strings.Contains(h, caught.Title) {
		t.Errorf("the spec page's heading is %q", h)
	}
	page := b.evalString(`document.body.innerText`)
	for _, want := range []string{"RFC " + caught.RFC, "ipv6ready:" + caught.IPv6Ready, "Purpose", "Procedure", "Packet ladder", strings.SplitN(caught.Reason, "\n", 2)[0]} {
		if !strings.Contains(strings.ToLower(page), strings.ToLower(want)) {
			t.Errorf("the failing spec's page does not show %q", want)
		}
	}
	if href := b.evalString(`document.querySelector('a[href^="https://www.rfc-editor.org/rfc/rfc"]').href`); !strings.Contains(href, "rfc"+caught.RFC) {
		t.Errorf("the RFC link is %q", href)
	}
	// One ladder lane per simulated node and per NUT interface; the frame
	// the verdict hinged on is marked.
	lanes := b.evalString(`Array.from(document.querySelectorAll('.ladder .hdr .lane')).map(function(e){return e.innerText.replace(/\s+/g,' ')}).join('|')`)
	if !strings.Contains(lanes, "NUT") || !strings.Contains(lanes, "TN1") {
		t.Errorf("ladder lanes %q lack NUT or TN1", lanes)
	}
	hinge := b.evalString(`(document.querySelector('.ladder details.hinge')||{}).id || ''`)
	if hinge == "" {
		t.Fatal("no frame of the ladder is marked as the one the verdict hinged on")
	}
	// Open it: every layer decoded, field by field, and the octets.
	sel := "#" + hinge
	if b.evalBool(fmt.Sprintf(`document.querySelector('%s').open`, sel)) {
		t.Fatal("the frame is open before anyone clicked it")
	}
	b.click(sel + " > summary")
	if !b.evalBool(fmt.Sprintf(`document.querySelector('%s').open`, sel)) {
		t.Fatal("clicking the frame did not open it")
	}
	detail := b.evalString(fmt.Sprintf(`document.querySelector('%s .frame').innerText`, sel))
	for _, want := range []string{"Ethernet", "SrcMAC", "IPv6", "Version", "HopLimit", "SrcIP", "DstIP", "NextHeader", "ICMPv6", "TypeCode", "Checksum", "(correct)", "0000  "} {
		if !strings.Contains(detail, want) {
			t.Errorf("the opened frame does not show %q:\n%s", want, detail)
		}
	}
	if !b.evalBool(fmt.Sprintf(`document.querySelector('%s table.fields').getBoundingClientRect().height > 100`, sel)) {
		t.Error("the decoded fields are not visible")
	}
	// The octets, laid out in the page from the run's shared frames/
	// file, read as the report's hexDump lays them out.
	var hingeHex string
	if n, err := fmt.Sscanf(hinge, "f%d", new(int)); n == 1 && err == nil {
		var k int
		fmt.Sscanf(hinge, "f%d", &k)
		if k >= 1 && k <= len(caught.Frames) {
			hingeHex = caught.Frames[k-1].Hex
		}
	}
	if want := goHexDump(t, hingeHex); b.evalString(fmt.Sprintf(`document.querySelector('%s pre.hex').textContent`, sel)) != want {
		t.Errorf("the page's hex dump differs from the report's:\n%s\nwant\n%s", b.evalString(fmt.Sprintf(`document.querySelector('%s pre.hex').textContent`, sel)), want)
	}
	b.screenshot(filepath.Join(shots, "report-failing-spec.png"), 2600)

	// A passing spec: the verdict box says its reason once; the Purpose
	// is a sentence, not the spec's texts glued together.
	b.navigate("file://" + filepath.Join(root, filepath.Base(passRun(t, root, latest)), "index.html"))
	b.click(`tr[data-v=pass] a[href^="specs/"]`)
	b.waitLoaded("file://")
	box := b.evalString(`document.getElementById('verdict').innerText`)
	if n := strings.Count(box, "every requirement held"); n != 1 {
		t.Errorf("the PASS box says \"every requirement held\" %d times:\n%s", n, box)
	}
	purpose := b.evalString(`Array.from(document.querySelectorAll('table.meta tr')).filter(function(r){return r.querySelector('th').textContent==='Purpose'})[0].querySelector('td').textContent`)
	if !strings.HasPrefix(purpose, "Checks ") || regexp.MustCompile(`under test (Part|Rule) [A-Z0-9]+:`).MatchString(purpose) || !strings.HasSuffix(purpose, ".") {
		t.Errorf("the Purpose does not read as a sentence: %q", purpose)
	}

	// A spec whose expected frame never came shows it as a dashed row.
	b.navigate("file://" + latest + "/index.html")
	b.click(fmt.Sprintf(`tr[data-v=fail] a[href^="specs/%s"]`, missing.ID))
	b.waitLoaded("file://" + latest + "/specs/")
	if got := b.evalString(`(document.querySelector('.ladder .missing')||{}).innerText || ''`); !strings.Contains(got, "never came") {
		t.Errorf("no dashed row for the expected frame that never came (got %q)", got)
	}
	if style := b.evalString(`getComputedStyle(document.querySelector('.ladder .missing .shaft')).borderTopStyle`); style != "dashed" {
		t.Errorf("the missing frame's arrow is %s, not dashed", style)
	}

	// Nothing came from the network: the report is self-contained.
	for _, u := range b.requests() {
		if !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "about:") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the report asked the network for %s", u)
		}
	}
}

// passRun is the run of root other than latest: the passing one.
func passRun(t *testing.T, root, latest string) string {
	t.Helper()
	dirs, _ := filepath.Glob(filepath.Join(root, "2*"))
	for _, d := range dirs {
		if filepath.Base(d) != filepath.Base(latest) {
			return d
		}
	}
	t.Fatal("no passing run beside the fault-proof one")
	return ""
}

// goHexDump is the report's own layout of a frame's octets.
func goHexDump(t *testing.T, h string) string {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(h), ""))
	if err != nil {
		t.Fatalf("frame hex: %v", err)
	}
	return reports.HexDump(b)
}
