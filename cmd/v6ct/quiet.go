package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// quietStdout points file descriptor 1 at /dev/null for the length of a run,
// so that Ginkgo's own console reporter stays silent, and returns a file on
// the real standard output for v6ct's progress lines. restore undoes it.
func quietStdout() (progress *os.File, restore func()) {
	saved, err := unix.Dup(1)
	if err != nil {
		return os.Stdout, func() {}
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		unix.Close(saved)
		return os.Stdout, func() {}
	}
	defer null.Close()
	if err := unix.Dup3(int(null.Fd()), 1, 0); err != nil {
		unix.Close(saved)
		return os.Stdout, func() {}
	}
	progress = os.NewFile(uintptr(saved), "stdout")
	return progress, func() {
		unix.Dup3(saved, 1, 0)
		progress.Close()
	}
}
