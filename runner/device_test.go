package runner

import (
	"strings"
	"testing"

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
	if !labelMatcher("rfc:4443 && role:any")([]string{"rfc:4443", "role:any"}) || labelMatcher("rfc:4443")([]string{"rfc:4861"}) {
		t.Fatal("label matcher")
	}
}
