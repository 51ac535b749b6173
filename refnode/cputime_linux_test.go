package refnode

import (
	"time"

	"golang.org/x/sys/unix"
)

// processCPU is the CPU time the process has used, every thread of it (the
// node's goroutines, the test's, the garbage collector). On a shared
// machine a benchmark's wall time also counts the time other processes
// held the cores; this does not.
func processCPU() time.Duration {
	var ru unix.Rusage
	if unix.Getrusage(unix.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
