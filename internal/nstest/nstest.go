// Package nstest puts a test into a network namespace of its own, so that
// the TAP devices and sockets it makes stay out of the machine's namespace.
package nstest

import (
	"os"
	"runtime"
	"testing"

	"github.com/vishvananda/netns"
)

// Enter locks the test's goroutine to its thread and moves that thread into
// a fresh, unnamed network namespace until the test ends. It skips the test
// where namespaces or TAP devices cannot be had (not root, no /dev/net/tun).
func Enter(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		t.Skip("no /dev/net/tun")
	}
	runtime.LockOSThread()
	orig, err := netns.Get()
	if err != nil {
		runtime.UnlockOSThread()
		t.Fatal(err)
	}
	ns, err := netns.New() // the thread is now in the new namespace
	if err != nil {
		orig.Close()
		runtime.UnlockOSThread()
		t.Skipf("cannot create a network namespace: %v", err)
	}
	// Cleanups run on the test's goroutine, so on the locked thread.
	t.Cleanup(func() {
		ns.Close()
		err := netns.Set(orig)
		orig.Close()
		if err == nil {
			// A thread left in the wrong namespace must die with the goroutine.
			runtime.UnlockOSThread()
		}
	})
}
