package reports

import (
	"testing"
	"time"
)

// The Purpose line reads as a sentence whatever shape the spec's texts
// have: a behaviour, a Part letter with its case, a case alone.
func TestPurposeReadsWell(t *testing.T) {
	for _, c := range []struct{ part, want string }{
		{"Part E: does not answer an Echo Request sent to the unspecified address",
			"Checks that the node under test does not answer an Echo Request sent to the unspecified address. (Part E of the test.)"},
		{"ignores an invalid Redirect and goes on sending through TR1: Part A: from a global address",
			"Checks that the node under test ignores an invalid Redirect and goes on sending through TR1. Part A: from a global address."},
		{"does not raise its path MTU estimate because of a Packet Too Big: Part A: MTU 1500",
			"Checks that the node under test does not raise its path MTU estimate because of a Packet Too Big. Part A: MTU 1500."},
		{"forms no address from a prefix of 63 or 65 bits: 63 bits",
			"Checks that the node under test forms no address from a prefix of 63 or 65 bits. Case: 63 bits."},
		{"Rule 2: sends to a global destination from its global address, not its link-local one",
			"Checks that the node under test sends to a global destination from its global address, not its link-local one. (Rule 2 of the test.)"},
		{"answers Time Exceeded code 0 for a packet whose Hop Limit runs out, and does not forward it: Part B: Hop Limit 1, decremented to 0",
			"Checks that the node under test answers Time Exceeded code 0 for a packet whose Hop Limit runs out, and does not forward it. Part B: Hop Limit 1, decremented to 0."},
		{"silently discards an invalid solicitation for its own address and still answers a valid one: Hop Limit 254",
			"Checks that the node under test silently discards an invalid solicitation for its own address and still answers a valid one. Case: Hop Limit 254."},
		{"Part A: and no longer once the valid lifetime has run out: the sender is then reached through the router",
			"Checks that the node under test acts as the part before says, and no longer once the valid lifetime has run out. Part A: the sender is then reached through the router."},
		{"Part A: Destination Options before the Fragment header",
			"Checks the node under test, Part A: Destination Options before the Fragment header."},
	} {
		if got := purposeOf(c.part); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.part, got, c.want)
		}
	}
}

// Durations read in one format: milliseconds, then seconds, then minutes.
func TestDurationOneFormat(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{310969 * time.Nanosecond, "0.3 ms"},
		{54 * time.Millisecond, "54 ms"},
		{2070 * time.Millisecond, "2.07 s"},
		{68 * time.Second, "1 min 08 s"},
		{0, "0.0 ms"},
	} {
		if got := fmtDuration(c.d); got != c.want {
			t.Errorf("%v: %q, want %q", c.d, got, c.want)
		}
	}
}
