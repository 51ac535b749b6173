// Package netx gives the tester its private network namespaces, the links
// inside them and raw AF_PACKET sockets on those links. Namespaces are
// unnamed: they live as long as a handle to them is open, so a killed run
// leaves nothing behind.
package netx

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/vishvananda/netns"
)

// Namespace is a network namespace made by the tester.
type Namespace struct {
	handle netns.NsHandle
}

// NewSilentNamespace is a new namespace whose interfaces carry no IPv6:
// the kernel side of a TAP device the tester uses as a wire must send
// nothing of its own (no DAD, no Router Solicitation, no MLD).
func NewSilentNamespace() (*Namespace, error) {
	ns, err := NewNamespace()
	if err != nil {
		return nil, err
	}
	for _, k := range []string{"conf/default/disable_ipv6", "conf/all/disable_ipv6"} {
		if err := ns.Sysctl(k, "1"); err != nil {
			ns.Close()
			return nil, err
		}
	}
	return ns, nil
}

// NewNamespace makes a fresh, unnamed network namespace. The calling
// goroutine's namespace is left unchanged.
func NewNamespace() (*Namespace, error) {
	runtime.LockOSThread()
	orig, err := netns.Get()
	if err != nil {
		runtime.UnlockOSThread()
		return nil, fmt.Errorf("reading the current network namespace: %w", err)
	}
	defer orig.Close()
	h, err := netns.New() // also switches this thread into it
	if err != nil {
		runtime.UnlockOSThread()
		return nil, fmt.Errorf("creating a network namespace: %w", err)
	}
	if err := netns.Set(orig); err != nil {
		// The thread is stuck in the new namespace: let it die with the goroutine.
		h.Close()
		return nil, fmt.Errorf("returning to the original network namespace: %w", err)
	}
	runtime.UnlockOSThread()
	return &Namespace{handle: h}, nil
}

// Handle is the namespace's file descriptor handle, for netlink.
func (n *Namespace) Handle() netns.NsHandle { return n.handle }

// Do runs fn on a thread that is inside the namespace. Sockets and devices
// created by fn belong to the namespace and stay usable from anywhere.
func (n *Namespace) Do(fn func() error) error {
	runtime.LockOSThread()
	orig, err := netns.Get()
	if err != nil {
		runtime.UnlockOSThread()
		return err
	}
	defer orig.Close()
	if err := netns.Set(n.handle); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("entering the test namespace: %w", err)
	}
	ferr := fn()
	if err := netns.Set(orig); err != nil {
		// Never hand a thread in the wrong namespace back to the scheduler:
		// returning without unlocking makes the runtime end the thread.
		return fmt.Errorf("leaving the test namespace: %w", err)
	}
	runtime.UnlockOSThread()
	return ferr
}

// Sysctl writes an IPv6 sysctl of this namespace, e.g. ("conf/default/disable_ipv6", "1").
func (n *Namespace) Sysctl(path, value string) error {
	return n.Do(func() error {
		p := filepath.Join("/proc/sys/net/ipv6", path)
		if err := os.WriteFile(p, []byte(value), 0o644); err != nil {
			return fmt.Errorf("sysctl %s=%s: %w", p, value, err)
		}
		return nil
	})
}

// Close releases the namespace; it disappears once nothing else holds it.
func (n *Namespace) Close() error {
	if n == nil || !n.handle.IsOpen() {
		return nil
	}
	return n.handle.Close()
}
