package suites

import (
	"fmt"
	"strings"

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
	// Down is why the spec is ERROR: "device stopped answering: ...".
	Down string
	// Recovery is what the tester did to bring the device back.
	Recovery []string
	// Fatal is set when it did not come back: the run stops there.
	Fatal string
}

// deviceCheck runs after every spec (and after the spec's own clean-up):
// a device that no longer answers makes the spec ERROR, whatever its
// verdict would have been, then the tester tries reset and reboot; if the
// device stays silent the run is aborted with a FATAL reason.
func deviceCheck() {
	ac, ok := cfg.Target.(AliveChecker)
	if !ok || openErr != nil || CurrentSpecReport().State.Is(types.SpecStateInterrupted|types.SpecStateAborted) {
		return
	}
	err := ac.Alive()
	if err == nil {
		return
	}
	st := &DeviceStatus{Down: "device stopped answering: " + err.Error()}
	logf := func(s string) {
		st.Recovery = append(st.Recovery, s)
		if cfg.Log != nil {
			cfg.Log("%s", s)
		}
	}
	rerr := ac.Recover(logf)
	if rerr != nil {
		st.Fatal = fmt.Sprintf("FATAL: the device stopped answering and could not be brought back (%v); the run stops here", rerr)
	}
	AddReportEntry(DeviceEntry, st, types.ReportEntryVisibilityNever)
	if st.Fatal != "" {
		AbortSuite(testerErrorPrefix + st.Down + ". " + st.Fatal)
	}
	Fail(testerErrorPrefix + st.Down + " (it answers again: " + strings.Join(lastN(st.Recovery, 1), "") + ")")
}

func lastN(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

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
