package refnode

import "github.com/v6ct/v6ct/refnode/faults"

// The multicast router's faults are tested next to the daemon, in
// refnode/mldrouter (faults_test.go there), the forwarding ones in
// mrouter_test.go.
var _ = testedIn(func() []faults.Fault {
	var out []faults.Fault
	for _, f := range faults.All() {
		if info, _ := faults.Lookup(f); info.Area == faults.MLDRouter {
			out = append(out, f)
		}
	}
	return out
}()...)
