package reports

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/v6ct/v6ct/results"
)

// TestGarbageFrames: frames no decoder makes sense of (too short for
// Ethernet, an IPv6 header cut short, a Payload Length beyond the frame, an
// unknown ethertype, random octets) still get their row in the ladder and
// their page entry, with the hex dump and why decoding stopped.
func TestGarbageFrames(t *testing.T) {
	garbage := []string{
		"010203",
		"00005e00531000005e00538186dd6000",
		"00005e00531000005e00538186dd600000000400" + "3a40" + strings.Repeat("fe", 32) + "8000",
		"00005e00531000005e0053818137deadbeef",
		"ffffffffffff" + strings.Repeat("a5", 190),
	}
	run := ladderRun()
	spec := &run.Specs[0]
	spec.Frames = nil
	for i, h := range garbage {
		spec.Frames = append(spec.Frames, results.Frame{Link: "Link0", Dir: "to-nut", Node: "TN1", Summary: "garbage", Hex: h, Step: 1})
		b, _ := hex.DecodeString(h)
		if _, short, _ := decodeFrame(b); short == "" {
			t.Errorf("frame %d has no name in the ladder", i+1)
		}
	}
	dir := t.TempDir()
	if err := Write(run, dir); err != nil {
		t.Fatal(err)
	}
	page := readSpecPage(t, dir, "caught.html")
	for _, want := range []string{
		"0000  01 02 03", // the dump of each frame
		"0000  00 00 5e 00 53 10 00 00  5e 00 53 81 86 dd 60 00",
		"0000  ff ff ff ff ff ff a5 a5",
		"decoding stopped:",
		`id="f5"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("spec page lacks %q", want)
		}
	}
}

// FuzzDecodeFrame: no frame makes the report's decoder panic, and every
// frame gets a name for the ladder.
func FuzzDecodeFrame(f *testing.F) {
	for _, h := range []string{nsHex, echoV5, replyOK, "010203", "00005e00531000005e00538186dd6000"} {
		b, _ := hex.DecodeString(h)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ls, short, _ := decodeFrame(b)
		if len(b) > 0 && (short == "" || len(ls) == 0) {
			t.Fatalf("frame %x: %d layers, name %q", b, len(ls), short)
		}
		hexDump(b)
	})
}
