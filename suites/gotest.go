package suites

import (
	"os"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
)

// Protocol times the specs wait, named for what they stand for. On the
// reference node they pass instantly on its manual clock.
const (
	// ReplyWait is how long a node may take to answer a packet that asks
	// for an immediate reply.
	ReplyWait = 1 * second
	// RetransTimer is RFC 4861 §10 RETRANS_TIMER.
	RetransTimer = 1 * second
	// MaxRtrSolicitationDelay is RFC 4861 §10 MAX_RTR_SOLICITATION_DELAY,
	// which also bounds the delay before the first DAD probe (RFC 4862 §5.4.2).
	MaxRtrSolicitationDelay = 1 * second
	// MaxMulticastSolicit is RFC 4861 §10 MAX_MULTICAST_SOLICIT.
	MaxMulticastSolicit = 3
)

// RunSuite runs the calling package's specs as a Go test against the target
// named by V6CT_TARGET (refnode when unset), in the role V6CT_ROLE names
// (the target's own when unset). V6CT_OUT, when set, receives
// the captures. It needs root, for namespaces and TAP devices.
func RunSuite(t *testing.T, description string) {
	if os.Geteuid() != 0 {
		t.Skip("the conformance specs need root: they build network namespaces and TAP devices")
	}
	name := os.Getenv("V6CT_TARGET")
	if name == "" {
		name = "refnode"
	}
	target, err := NewTarget(name, os.Getenv("V6CT_ROLE"))
	if err != nil {
		t.Fatal(err)
	}
	Configure(Config{Target: target, OutDir: os.Getenv("V6CT_OUT")})
	defer Shutdown()
	sc, rc := GinkgoConfiguration()
	sc.LabelFilter = EffectiveLabelFilter(sc.LabelFilter)
	RunSpecs(t, description, sc, rc)
}

const second = time.Second

// Slack is what a real device may add to a protocol deadline for its own
// scheduling; it is never added to a minimum interval.
const Slack = 500 * time.Millisecond

// CaptureJitter bounds how far a frame's capture time may lag the moment
// a real device sent it; minimum intervals measured on the wire allow it.
// On the manual clock capture times are exact.
const CaptureJitter = 20 * time.Millisecond

// ReassemblyTimeout is RFC 8200 §4.5: reassembly gives up 60 s after the
// first-arriving fragment of a datagram.
const ReassemblyTimeout = 60 * time.Second

// LongTimerSlack is how late a real device may fire a timer of about a
// minute: kernels batch long timers (Linux's timer wheel lets one of 60 s
// run up to an eighth late). It widens only the window after a deadline,
// never the time before it.
const LongTimerSlack = ReassemblyTimeout / 8

// Router discovery times (RFC 4861 §10).
const (
	RtrSolicitationInterval = 4 * time.Second
	MaxRtrSolicitations     = 3
)
