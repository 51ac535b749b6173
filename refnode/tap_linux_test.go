package refnode

import (
	"encoding/binary"
	"net"
	"os"
	"testing"
	"time"

	"github.com/v6ct/v6ct/internal/nstest"

	"golang.org/x/sys/unix"

	"github.com/v6ct/v6ct/refnode/link"
	"github.com/v6ct/v6ct/refnode/nd"
)

// TestTAP runs the node on a real TAP device in a fresh network namespace
// and talks to it through an AF_PACKET socket on the TAP's kernel side.
func TestTAP(t *testing.T) {
	nstest.Enter(t)

	const name = "v6t0"
	k := nd.Defaults()
	k.MaxRtrSolicitationDelay = 0
	k.RetransTimer = 50 * time.Millisecond
	node, err := New(Config{
		Interfaces: []InterfaceConfig{{Name: name, MAC: net.HardwareAddr(nutMAC[:])}},
		ND:         &k,
		Seed:       1,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer node.Close()
	// Silence the kernel side: the tester owns the link.
	if err := os.WriteFile("/proc/sys/net/ipv6/conf/"+name+"/disable_ipv6", []byte("1"), 0); err != nil {
		t.Fatal(err)
	}
	ifi, err := net.InterfaceByName(name)
	if err != nil {
		t.Fatal(err)
	}
	if ifi.Flags&net.FlagUp == 0 {
		t.Fatal("TAP not up")
	}
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, int(htons(unix.ETH_P_ALL)))
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	if err := unix.Bind(fd, &unix.SockaddrLinklayer{Protocol: htons(unix.ETH_P_ALL), Ifindex: ifi.Index}); err != nil {
		t.Fatal(err)
	}
	tv := unix.NsecToTimeval((200 * time.Millisecond).Nanoseconds())
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		t.Fatal(err)
	}

	node.Start()
	select {
	case <-node.Settled():
	case <-time.After(5 * time.Second):
		t.Fatal("DAD did not finish")
	}

	// expect reads frames until want accepts one.
	expect := func(what string, want func(out) bool) {
		t.Helper()
		buf := make([]byte, 2048)
		deadline := time.Now().Add(3 * time.Second)
		for time.Now().Before(deadline) {
			n, _, err := unix.Recvfrom(fd, buf, 0)
			if err != nil {
				continue // timeout: try again until the deadline
			}
			if o := decode(append([]byte(nil), buf[:n]...)); o.ip() != nil && want(o) {
				return
			}
		}
		t.Fatalf("no %s from the node", what)
	}
	send := func(frame []byte) {
		t.Helper()
		if _, err := unix.Write(fd, frame); err != nil {
			t.Fatal(err)
		}
	}

	send(etherFor(icmpPkt(tnLL, nutSolicited, 255, 135, 0, nsBody(nutLL, &tnMAC))))
	expect("Neighbor Advertisement", func(o out) bool {
		na := o.na()
		return na != nil && na.Solicited() && o.dst() == tnLL && o.eth().DstMAC.String() == tnMAC.String()
	})
	send(etherFor(echo(tnLL, nutLL, 9)))
	expect("Echo Reply", func(o out) bool { e := o.echo(); return e != nil && o.icmpType() == 129 && e.SeqNumber == 9 })

	// The loopback barrier comes back to the tester.
	payload := append([]byte{0, 0, 2, 0}, tnMAC[:]...)
	payload = append(payload, 1, 0, 1, 0)
	send(ether(nutMAC, tnMAC, link.EtherTypeLoopback, payload))
	buf := make([]byte, 2048)
	deadline := time.Now().Add(3 * time.Second)
	for {
		if time.Now().After(deadline) {
			t.Fatal("no loopback reply")
		}
		n, _, err := unix.Recvfrom(fd, buf, 0)
		if err == nil && n >= 16 && link.Frame(buf[:n]).EtherType() == link.EtherTypeLoopback &&
			link.Frame(buf[:n]).Dst() == tnMAC && binary.LittleEndian.Uint16(buf[14:]) == 8 {
			break
		}
	}

	if err := node.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := net.InterfaceByName(name); err == nil {
		t.Error("TAP still there after Close")
	}
}

func htons(v uint16) uint16 { return v<<8 | v>>8 }
