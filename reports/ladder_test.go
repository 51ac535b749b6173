package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/v6ct/v6ct/results"
)

// Frames from a real run: a DAD-style NS from the node with its SLLA, and
// TN1's Echo Request with Version 5.
const (
	nsHex   = "3333ff00538100005e00531086dd6000000000203afffe8000000000000002005efffe005310ff0200000000000000000001ff0053818700137900000000fe8000000000000002005efffe005381010100005e005310"
	echoV5  = "00005e00531000005e00538186dd50000000001c3a40fe8000000000000002005efffe005381fe8000000000000002005efffe0053108000af9106c7000176366374206563686f20544e312073657120312e"
	replyOK = "00005e00538100005e00531086dd60000000001c3a40fe8000000000000002005efffe005310fe8000000000000002005efffe0053818100ae9106c7000176366374206563686f20544e312073657120312e"
)

func fieldsText(t *testing.T, h string) (string, string) {
	t.Helper()
	b, err := decodeHex(h)
	if err != nil {
		t.Fatal(err)
	}
	ls, short, _ := decodeFrame(b)
	var sb strings.Builder
	for _, l := range ls {
		sb.WriteString("[" + l.Name + "]\n")
		for _, f := range l.Fields {
			sb.WriteString(strings.Repeat("  ", f.Depth) + f.Name + " = " + f.Value + "\n")
		}
	}
	return sb.String(), short
}

func TestDecodeEveryLayer(t *testing.T) {
	got, short := fieldsText(t, nsHex)
	if short != "NS" {
		t.Errorf("short name %q, want NS", short)
	}
	for _, want := range []string{"[Ethernet]", "EthernetType = IPv6 (0x86dd)", "[IPv6]", "HopLimit = 255", "DstIP = ff02::1:ff00:5381",
		"NextHeader = ICMPv6 (58)", "TypeCode = NeighborSolicitation (type 135, code 0)", "Checksum = 0x1379 (correct)",
		"[ICMPv6 Neighbor Solicitation]", "TargetAddress = fe80::200:5eff:fe00:5381",
		"Options[0] = Source Link-Layer Address", "  Link-Layer Address = 00:00:5e:00:53:10"} {
		if !strings.Contains(got, want) {
			t.Errorf("decoded NS lacks %q:\n%s", want, got)
		}
	}
	got, _ = fieldsText(t, echoV5)
	for _, want := range []string{"Version = 5", "Identifier = 1735", "SeqNumber = 1", "[Payload]", "(20 octets)"} {
		if !strings.Contains(got, want) {
			t.Errorf("decoded Echo Request lacks %q:\n%s", want, got)
		}
	}
	bad := nsHex[:112] + "0000" + nsHex[116:] // zero the ICMPv6 checksum (frame octets 56-57)
	if got, _ = fieldsText(t, bad); !strings.Contains(got, "WRONG: should be 0x1379") {
		t.Errorf("a wrong checksum is not called wrong:\n%s", got)
	}
}

func ladderRun() *results.Run {
	zero, one, two := 0, 1, 2
	start := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	caught := results.Spec{ID: "caught", Title: "Version field", Part: "discards a packet whose Version is not 6", RFC: "8200", Section: "3",
		Role: "any", Level: "must", Folder: "rfc2460", Verdict: results.Fail, Reason: "Link0: the node sent an Echo Reply, which it must not", Started: start,
		Steps: []results.Step{
			{Kind: "by", Text: "TN1 sends an Echo Request with Version 5"},
			{Kind: "send", Text: "Link0: echo request", Link: "Link0", Frame: &zero},
			{Kind: "by", Text: "the node neither answers nor reports it"},
			{Kind: "expect-none", Text: "Link0: no an Echo Reply within 1s", OK: ptr(false), Link: "Link0", Frame: &two, Want: "an Echo Reply"},
		},
		Frames: []results.Frame{
			{Link: "Link0", Dir: "to-nut", Node: "TN1", Summary: "echo request v5", Hex: echoV5, Step: 1},
			{At: time.Millisecond, Link: "Link0", Dir: "from-nut", Summary: "NS for TN1", Hex: nsHex, Step: 2},
			{At: 2 * time.Millisecond, Link: "Link0", Dir: "from-nut", Node: "TN1", Summary: "echo reply", Hex: replyOK, Step: 2},
		}}
	missing := results.Spec{ID: "missing", Title: "Interface identifiers", Part: "forms its link-local address", RFC: "4291", Section: "2.5.1",
		Role: "any", Level: "must", Folder: "rfc2373", Verdict: results.Fail, Reason: "Link0: expected an NS; none came", Started: start,
		Steps: []results.Step{
			{Kind: "by", Text: "the node comes up"},
			{At: 2500 * time.Millisecond, Kind: "expect", Text: "Link0: an NS within 2.5s", OK: ptr(false), Link: "Link0", Frame: &one, Want: "a DAD probe for the link-local address"},
		},
		Frames: []results.Frame{
			{At: 1 * time.Millisecond, Link: "Link0", Dir: "from-nut", Summary: "NS for something else", Hex: nsHex, Step: 1},
			{At: 2 * time.Millisecond, Link: "Link0", Dir: "from-nut", Summary: "NS, wrong", Hex: nsHex, Step: 1},
		}}
	return &results.Run{Tool: "v6ct", Target: "refnode", Role: "host", Started: start,
		Interfaces: []results.Interface{{Link: "Link0", Node: "NUT", MAC: "00:00:5e:00:53:10", Addrs: []string{"fe80::200:5eff:fe00:5310"}},
			{Link: "Link0", Node: "TN1", MAC: "00:00:5e:00:53:81"}},
		Specs: []results.Spec{caught, missing}}
}

func TestLadder(t *testing.T) {
	dir := t.TempDir()
	if err := Write(ladderRun(), dir); err != nil {
		t.Fatal(err)
	}
	caught := readSpecPage(t, dir, "caught.html")
	for _, want := range []string{
		`<details id="f3" class="hinge">`, // the frame the verdict hinged on
		`VERDICT`, "the node sent this, which it must not",
		`>TN1<small>Link0</small>`, `>others<small>Link0</small>`, `>NUT<small>Link0</small>`, // lanes
		`title="00:00:5e:00:53:10 fe80::200:5eff:fe00:5310"`,
		`<span class="st">step 2</span>`,
		`href="#f3">frame 3</a>`,
		"HopLimit", "Checksum", "0000  00 00 5e 00 53 10",
		"Echo Request", "Echo Reply", "NS",
		"Procedure", `id="step-2"`,
	} {
		if !strings.Contains(caught, want) {
			t.Errorf("spec page lacks %q", want)
		}
	}
	if strings.Contains(caught, `class="missing"`) {
		t.Error("a spec whose failure is a frame that came shows a missing frame")
	}
	missing := readFile(t, filepath.Join(dir, "specs", "missing.html"))
	for _, want := range []string{`<div class="missing" id="missing">`, "expected, never came: a DAD probe for the link-local address", "MISSING",
		`<details id="f2" class="hinge">`, "the nearest candidate, but wrong"} {
		if !strings.Contains(missing, want) {
			t.Errorf("missing-frame page lacks %q", want)
		}
	}
	// The dashed row comes after the frames that came before the window closed.
	if strings.Index(missing, `id="missing"`) < strings.Index(missing, `id="f2"`) {
		t.Error("the missing frame is shown before frames that came earlier")
	}
	// The pcapng carries every frame, commented with its step and role.
	pc, err := os.ReadFile(filepath.Join(dir, "pcap", "caught.pcapng"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"step 1: TN1 sends an Echo Request with Version 5", "#3 Link0: NUT -> TN1; step 2: the node neither answers nor reports it",
		"MUST NOT have been sent: an Echo Reply", "Version field"} {
		if !bytes.Contains(pc, []byte(want)) {
			t.Errorf("pcapng lacks the comment %q", want)
		}
	}
	if n := bytes.Count(pc, []byte{0x06, 0, 0, 0}); n < 3 { // enhanced packet blocks
		t.Errorf("pcapng has %d packet blocks, want 3", n)
	}
}

func TestCompare(t *testing.T) {
	old, cur := testRun(), testRun()
	// pass -> fail (regression), fail -> pass (fix), warn -> error (regression), na dropped, one new.
	cur.Specs[0].Verdict, cur.Specs[1].Verdict, cur.Specs[2].Verdict = results.Fail, results.Pass, results.Error
	cur.Specs = append(cur.Specs[:3], cur.Specs[4], results.Spec{ID: "brand-new", Verdict: results.Pass})
	d := Compare(old, cur)
	ids := func(cs []Change) (out []string) {
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	check := func(name string, got []string, want ...string) {
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
	check("regressions", ids(d.Regressions), "rfc8200-4-1-pass", "rfc4861-7-2-2-warn")
	check("fixes", ids(d.Fixes), "rfc4861-6-3-4-fail")
	check("new", ids(d.New), "brand-new")
	check("removed", ids(d.Removed), "rfc8200-5-na")
	if d.Same != 1 {
		t.Errorf("%d unchanged, want 1", d.Same)
	}
	var buf bytes.Buffer
	d.WriteText(&buf, "old", "new")
	for _, want := range []string{"2 regressions, 1 fixes, 0 other changes, 1 new, 1 removed, 1 unchanged", "PASS  -> FAIL", "Regressions:", "New specs:"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("diff text lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestHistory(t *testing.T) {
	root := t.TempDir()
	// A report written flat into the root by an earlier version moves into a run folder.
	flat := testRun()
	flat.Started = flat.Started.Add(-time.Hour)
	if err := flat.Write(filepath.Join(root, "results.json")); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	d1, err := NewRunDir(root, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "2026-03-01T09-00-00Z", "results.json")); err != nil {
		t.Errorf("the flat report was not kept in a run folder: %v", err)
	}
	first := testRun()
	first.Started = now
	if err := first.Write(filepath.Join(d1, "results.json")); err != nil {
		t.Fatal(err)
	}
	if err := WriteRun(first, root, d1); err != nil {
		t.Fatal(err)
	}
	d2, err := NewRunDir(root, now) // same second: a folder of its own
	if err != nil {
		t.Fatal(err)
	}
	if d2 == d1 || filepath.Base(d2) != "2026-03-02T08-00-00Z-2" {
		t.Fatalf("second run folder %s", d2)
	}
	second := testRun()
	second.Started = now.Add(time.Second)
	second.Specs[0].Verdict = results.Fail
	if err := WriteRun(second, root, d2); err != nil {
		t.Fatal(err)
	}
	if l, err := os.Readlink(filepath.Join(root, LatestLink)); err != nil || l != filepath.Base(d2) {
		t.Errorf("latest -> %q (%v), want %s", l, err, filepath.Base(d2))
	}
	if _, err := os.Stat(filepath.Join(d1, "index.html")); err != nil {
		t.Errorf("the first run's report is gone: %v", err)
	}
	hist := readFile(t, filepath.Join(root, "index.html"))
	for _, want := range []string{`href="2026-03-02T08-00-00Z-2/index.html"`, `href="2026-03-02T08-00-00Z/index.html"`, `href="2026-03-01T09-00-00Z/index.html"`,
		`<span class="badge fail">1</span> regressions`, "latest"} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q", want)
		}
	}
	idx := readFile(t, filepath.Join(d2, "index.html"))
	for _, want := range []string{"Changes since", `href="../2026-03-02T08-00-00Z/index.html"`, "Regressions", `href="specs/rfc8200-4-1-pass.html"`} {
		if !strings.Contains(idx, want) {
			t.Errorf("the second run's index lacks %q", want)
		}
	}
	if p, err := ResolveResults(root); err != nil || !strings.HasSuffix(p, filepath.Join(LatestLink, "results.json")) {
		t.Errorf("ResolveResults(root) = %q, %v", p, err)
	}
}
