package suites

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
)

// AliveChecker is the optional interface of a target whose node under test
// may stop answering (an external device): the tester checks it after
// every spec and, when it is silent, tries to bring it back.
type AliveChecker interface {
	// Alive returns nil when the device answers (echo or NS on Link0).
	Alive() error
	// Recover tries the reset action, then the reboot action, and returns
	// nil once the device answers again; log gets what was done.
	Recover(log func(string)) error
}

// DeviceEntry names the report entry that carries a DeviceStatus when the
// device stopped answering during a spec.
const DeviceEntry = "v6ct-device"

// DeviceStatus is what the alive check after a spec found.
type DeviceStatus struct {
	// Down says the device stopped answering ("device stopped answering:
	// ..."); empty when it answered (Recovery then tells of the reset a
	// GivesUpAddress spec asks for).
	Down string
	// Recovery is what the tester did to bring the device back.
	Recovery []string
	// Fatal is set when it did not come back: the run stops there.
	Fatal string
}

// deviceCheck runs after every spec (and after the spec's own clean-up).
// A device that no longer answers is recorded with what the tester did to
// bring it back (reset, then reboot); the spec keeps its own verdict, which
// the runner reports beside it (a PASS from a device that went silent
// becomes ERROR there, since silence passes every "must not answer"
// check). If the device stays silent the run is aborted with a FATAL
// reason. A spec that makes the node give up its address (GivesUpAddress)
// has the device reset before the check: its silence is the behaviour the
// spec asks for, not a fault.
func deviceCheck() {
	ac, ok := cfg.Target.(AliveChecker)
	if !ok || openErr != nil || CurrentSpecReport().State.Is(types.SpecStateInterrupted|types.SpecStateAborted) {
		return
	}
	st := &DeviceStatus{}
	logf := func(s string) {
		st.Recovery = append(st.Recovery, s)
		if cfg.Log != nil {
			cfg.Log("%s", s)
		}
	}
	if specSetup.GivesUpAddress {
		// The device is expected to be silent: bring its address back first.
		if err := ac.Recover(logf); err != nil {
			st.Down = "the device did not answer after the reset that gives it its address back: " + err.Error()
			st.Fatal = fmt.Sprintf("FATAL: the device could not be brought back after a spec that takes its address away (%v); the run stops here", err)
		}
	} else if err := ac.Alive(); err != nil {
		st.Down = "device stopped answering: " + err.Error()
		if rerr := ac.Recover(logf); rerr != nil {
			st.Fatal = fmt.Sprintf("FATAL: the device stopped answering and could not be brought back (%v); the run stops here", rerr)
		}
	}
	if st.Down == "" && len(st.Recovery) == 0 {
		return
	}
	AddReportEntry(DeviceEntry, st, types.ReportEntryVisibilityNever)
	if st.Fatal != "" {
		AbortSuite(testerErrorPrefix + st.Down + ". " + st.Fatal)
	}
	if st.Down != "" && !CurrentSpecReport().Failed() {
		// A FAIL stands; a PASS from a device gone silent cannot.
		Fail(testerErrorPrefix + st.Down + " (the spec's own checks passed, but a PASS needs a device that still answers)")
	}
}

// GivesUpAddress marks a spec that makes the node give up its address (a
// duplicate found by DAD): an external device is reset after it before the
// tester checks that it still answers, and a device that can be neither
// reset nor rebooted makes the spec N/A.
func GivesUpAddress() Option { return func(s *SpecSetup) { s.GivesUpAddress = true } }

// specSetup is the running spec's setup, for the check after it.
var specSetup SpecSetup

// DeviceStatusOf returns the device status a spec's report carries, if any.
func DeviceStatusOf(r types.SpecReport) *DeviceStatus {
	for _, e := range r.ReportEntries {
		if e.Name == DeviceEntry {
			st, _ := e.GetRawValue().(*DeviceStatus)
			return st
		}
	}
	return nil
}

// addSessionNotes puts what the target did to prepare the node (control
// actions and their output) into the spec's steps.
func (e *Env) addSessionNotes() {
	for _, n := range e.sess.Notes {
		e.Note("%s", n)
	}
}
