package runner

import (
	"strings"
	"testing"

	"github.com/v6ct/v6ct/results"
	"github.com/v6ct/v6ct/suites"
)

func TestDeviceReason(t *testing.T) {
	st := &suites.DeviceStatus{Down: "device stopped answering: no Echo Reply", Recovery: []string{"action reset: $ x", "the device answers again after the reset action"}}
	if r := deviceReason(st); !strings.HasPrefix(r, "device stopped answering: ") || !strings.HasSuffix(r, "after the reset action") {
		t.Fatalf("recovered: %q", r)
	}
	st.Fatal = "FATAL: gone"
	if r := deviceReason(st); !strings.HasSuffix(r, "FATAL: gone") {
		t.Fatalf("fatal: %q", r)
	}
	for _, tc := range []struct {
		name   string
		v      results.Verdict
		reason string
		want   results.Verdict
	}{
		{"a FAIL stands", results.Fail, "Link0: expected X", results.Fail},
		{"a WARN stands", results.Warn, "Link0: expected X", results.Warn},
		{"a PASS from a silent device is ERROR", results.Pass, "every requirement held", results.Error},
		{"the alive check's own ERROR", results.Error, "tester error: " + st.Down + " (...)", results.Error},
		{"another ERROR stands", results.Error, "tester error: capture stopped", results.Error},
		{"a send that failed on the dead link", results.Error, "tester error: Link0: sending: write packet:tst0: no buffer space available", results.Error},
	} {
		v, reason, dev := withDevice(tc.v, tc.reason, st)
		if v != tc.want || dev == "" || !strings.Contains(reason, st.Down) {
			t.Errorf("%s: %s %q device %q", tc.name, v, reason, dev)
		}
		if tc.v != results.Pass && !strings.Contains(reason, tc.reason) && !strings.Contains(tc.reason, st.Down) {
			t.Errorf("%s: the spec's own reason is lost: %q", tc.name, reason)
		}
	}
	if _, r, _ := withDevice(results.Error, "tester error: Link0: sending: write packet:tst0: no buffer space available", st); !strings.HasPrefix(r, "device stopped answering: ") {
		t.Errorf("a send that failed on the dead link does not say the device stopped answering: %q", r)
	}
	missed := *st
	missed.SpecMissed = true
	if v, r, _ := withDevice(results.Fail, "Link0: expected X within 1s; none came.", &missed); v != results.Error || !strings.Contains(r, "none came") {
		t.Errorf("a FAIL for a frame a silent device never sent: %s %q", v, r)
	}
	if v, r, dev := withDevice(results.Pass, "ok", &suites.DeviceStatus{Recovery: []string{"reset"}}); v != results.Pass || r != "ok" || dev != "" {
		t.Errorf("a reset the spec asked for changes the verdict: %s %q %q", v, r, dev)
	}
	if !labelMatcher("rfc:4443 && role:any")([]string{"rfc:4443", "role:any"}) || labelMatcher("rfc:4443")([]string{"rfc:4861"}) {
		t.Fatal("label matcher")
	}
}
