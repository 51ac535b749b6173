package suites

import (
	"fmt"
	"os"
	"time"

	"github.com/v6ct/v6ct/suites/packets"
)

// Configuration settle time.
//
// A real device applies what a Router Advertisement, a Redirect, a Packet
// Too Big or a Neighbor Advertisement teaches it some time after the packet
// arrived: its control plane runs apart from its packet path. A spec that
// sends such a packet and, tens of microseconds later, the data packet
// whose treatment depends on it would judge the device's speed, not its
// conformance. So the tester remembers when it sent a configuration
// stimulus and lets the target's settle time (Session.ConfigSettle; a
// profile's settle:) pass on the target's clock before the next packet it
// sends, the next control action and the next reading of the node's state. It never delays an expectation: what the node does in answer to
// the stimulus itself is judged from the moment it was sent, and time an
// expectation waited counts towards the settle time.

// LinuxSettle is the settle time of the Linux targets. The kernel handles
// ND and ICMPv6 in its receive path, but with receive packet steering or
// several queues a stimulus and the packet behind it can run on different
// CPUs, and radvd and the routing daemons act later still.
const LinuxSettle = 100 * time.Millisecond

// settleState is the spec's pending settle time.
type settleState struct {
	pending bool
	at      time.Time // when the last stimulus was sent, on the target's clock
	what    string
}

// SettleEnv overrides every target's settle time: a duration ("250ms"),
// or "0" to turn settling off (to measure what it changes).
const SettleEnv = "V6CT_SETTLE"

// ConfigSettle is the time the tester lets pass after a configuration
// stimulus before its next packet: the target's, or V6CT_SETTLE's.
func (e *Env) ConfigSettle() time.Duration {
	d, set, err := SettleOverride()
	if err != nil {
		TesterError(err)
	}
	if set {
		return d
	}
	return e.sess.ConfigSettle
}

// SettleOverride reads V6CT_SETTLE: the settle time it sets, whether it
// is set, and what is wrong with it.
func SettleOverride() (time.Duration, bool, error) {
	v := os.Getenv(SettleEnv)
	if v == "" {
		return 0, false, nil
	}
	d, err := time.ParseDuration(v)
	if v == "0" {
		d, err = 0, nil
	}
	if err != nil || d < 0 {
		return 0, true, fmt.Errorf("%s=%q: a duration such as 100ms, or 0, is expected", SettleEnv, v)
	}
	return d, true, nil
}

// AfterConfig tells the tester that what it just sent changes the node's
// state that the next packet's verdict depends on, when the frame's type
// alone does not say so (a Neighbor Solicitation whose source link-layer
// address the node is to use, say): the next Send waits for the target's
// settle time first.
func (e *Env) AfterConfig() { e.configSent("configuration") }

func (e *Env) configSent(what string) {
	e.settle = settleState{pending: true, at: e.now(), what: what}
}

// IsConfigStimulus tells a frame that changes the node's state: a Router
// Advertisement, a Redirect, a Neighbor Advertisement or a Packet Too Big,
// and a Neighbor or Router Solicitation with a source link-layer address
// option, which creates or updates the sender's neighbor cache entry (RFC
// 4861 §7.2.3, §6.2.6). A device that spreads packets over several queues
// by flow may handle the solicitation after a packet of another flow that
// the tester sent right behind it.
func IsConfigStimulus(f *packets.Frame) bool {
	if !f.IsICMP {
		return false
	}
	switch f.ICMPType {
	case packets.TypeRA, packets.TypeRedirect, packets.TypeNA, packets.TypePacketTooBig:
		return true
	case packets.TypeNS, packets.TypeRS:
		_, ok := f.LLAOption(packets.OptSourceLLA)
		return ok
	}
	return false
}

// noteSent records a frame the spec sent, for the settle time.
func (e *Env) noteSent(f *packets.Frame) {
	if IsConfigStimulus(f) {
		e.configSent(stimulusName(f.ICMPType))
	}
}

func stimulusName(t uint8) string {
	switch t {
	case packets.TypeRA:
		return "Router Advertisement"
	case packets.TypeRedirect:
		return "Redirect"
	case packets.TypeNA:
		return "Neighbor Advertisement"
	case packets.TypePacketTooBig:
		return "Packet Too Big"
	case packets.TypeNS:
		return "Neighbor Solicitation's link-layer address"
	case packets.TypeRS:
		return "Router Solicitation's link-layer address"
	}
	return "configuration"
}

// settleBeforeNext lets the rest of the settle time pass, if a stimulus
// was sent since the last packet: before the next packet the tester sends,
// the next control action (Do) and the next reading of the node's state
// through the target (DNSConfig).
func (e *Env) settleBeforeNext() {
	if !e.settle.pending {
		return
	}
	e.settle.pending = false
	d := e.ConfigSettle() - e.now().Sub(e.settle.at)
	if d <= 0 {
		return
	}
	e.Note("the tester lets %v pass for the node to apply the %s (the target's settle time, %v)",
		d, e.settle.what, e.ConfigSettle())
	e.Wait(d)
}

// barriers sends a barrier frame on every link and waits for each. With
// several links it goes round twice: the barrier on Link1 proves that the
// node has handled what came before it there, but what the node wrote on
// Link0 because of it (an NS to resolve the next hop of a packet it
// forwards) may still be on its way to the tester's capture on Link0 when
// Link1's barrier returns. A second barrier on Link0 comes back after it,
// so the tester has seen it, and answered it, before Settle decides the
// node is quiet. A node that handles packets from queues (refnode-async)
// does its forwarding right at the barrier, which makes this visible.
func (e *Env) barriers() {
	passes := 1
	if len(e.Links) > 1 {
		passes = 2
	}
	for range passes {
		for _, l := range e.Links {
			e.receipt++
			if err := l.settle(e.receipt); err != nil {
				TesterError(err)
			}
		}
	}
}
