package refnode

import (
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/v6ct/v6ct/refnode/faults"
)

var _ = testedIn(faults.ExtHeaderExactFitTruncated, faults.ExtHeaderOverrunAccepted, faults.ExtHeaderLengthFromPadding,
	faults.OptionLengthPastHeader, faults.FragmentHeaderExactFitCut, faults.AtomicFragmentReassembled)

// firstPP is "code/pointer" of the first Parameter Problem the node sent,
// or "none".
func firstPP(h *harness) string {
	for _, o := range ofType(h.sent(), 4) {
		body := o.raw[14+40:]
		return fmt.Sprintf("%d/%d", body[1], binary.BigEndian.Uint32(body[4:]))
	}
	return "none"
}

// TestBoundsFaults: each fault of bounds_faults.go moves one boundary of
// the header chain, and only with the fault does the node behave that way.
func TestBoundsFaults(t *testing.T) {
	exact := withHeaders(tnLL, nutLL, 59, nil, xh{60, append([]byte{0, 0}, unknownOpt(0x9e, 4)...)})
	short := append([]byte(nil), exact...)
	binary.BigEndian.PutUint16(short[4:], uint16(len(short)-40-1)) // the header's last octet is padding
	oneOctet := append(ipPkt(tnLL, nutLL, 64, 60, []byte{59}), 0, 0, 0, 0, 0)
	binary.BigEndian.PutUint16(oneOctet[4:], 1)
	lastType := echoWith(nutLL, xh{60, []byte{0, 0, 1, 3, 0, 0, 0, 0x9e}})
	atomicEmpty := withHeaders(tnLL, nutLL, 59, nil, fragHdr(0, false, 7))
	cases := []struct {
		fault          faults.Fault
		observe        func(*harness) string
		correct, wrong string
	}{
		{faults.ExtHeaderExactFitTruncated, sendPP(exact), "2/42", "0/41"},
		{faults.ExtHeaderOverrunAccepted, sendPP(short), "0/41", "2/42"},
		{faults.ExtHeaderLengthFromPadding, sendPP(oneOctet), "0/4", "0/41"},
		{faults.OptionLengthPastHeader, sendPP(lastType), "0/47", "0/48"},
		{faults.FragmentHeaderExactFitCut, sendPP(atomicEmpty), "none", "0/4"},
		{faults.AtomicFragmentReassembled, func(h *harness) string {
			h.learnTN()
			last := fragmentsOf(bigEcho(tnGlobal, nutGlobal, 1, 1200), 9, 400)[1]
			h.send(last)
			h.send(withHeaders(tnGlobal, nutGlobal, 58, echoMsg(tnGlobal, nutGlobal, 2, "v6ct"), fragHdr(0, false, 9)))
			return echoSeqs(h.sent())
		}, "2", ""},
	}
	for _, c := range cases {
		t.Run(string(c.fault), func(t *testing.T) {
			if got := c.observe(started(t)); got != c.correct {
				t.Errorf("correct node: %q, want %q", got, c.correct)
			}
			if got := c.observe(started(t, c.fault)); got != c.wrong {
				t.Errorf("with the fault: %q, want %q", got, c.wrong)
			}
		})
	}
}

func sendPP(pkt []byte) func(*harness) string {
	return func(h *harness) string {
		h.learnTN()
		h.inject(etherFor(pkt))
		return firstPP(h)
	}
}
