// Package builtin registers every built-in target with the tester: the
// reference node, the Linux kernel in namespaces and gVisor's netstack
// (profile devices are part of the tester). A program or test that
// selects targets by name imports it for its side effect.
package builtin

import (
	_ "github.com/v6ct/v6ct/targets/gvisor"    // gvisor-host
	_ "github.com/v6ct/v6ct/targets/linux"     // linux-host, linux-router
	_ "github.com/v6ct/v6ct/targets/reference" // refnode, refnode-async, refnode-without:CAP
)
