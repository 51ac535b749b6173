package suites

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/v6ct/v6ct/suites/netx"
	"github.com/v6ct/v6ct/suites/packets"
)

// ProbeMAC is the tester's own address for the probes it sends outside
// specs (learning the device's addresses, alive checks, pre-flight), so
// that no tester node of a spec is ever in the device's neighbor cache
// because of them.
var ProbeMAC = net.HardwareAddr{0x00, 0x00, 0x5e, 0x00, 0x53, 0xfc}

// prober sends probes on one link and reads the answers. It answers the
// device's solicitations for its own addresses, so that the device can
// reply to it.
type prober struct {
	ps         *netx.PacketSocket
	ll, global netip.Addr
	seq        uint16
	// dad are the addresses some node on the link is checking with
	// Duplicate Address Detection (an NS from ::): tentative, they do not
	// answer yet.
	dad map[netip.Addr]net.HardwareAddr
}

func openProber(ns *netx.Namespace, ifname string, prefix netip.Prefix) (*prober, error) {
	ps, err := netx.OpenPacketSocket(ns, ifname)
	if err != nil {
		return nil, err
	}
	return &prober{ps: ps, ll: packets.LinkLocal(ProbeMAC), global: packets.WithInterfaceID(prefix.Addr(), ProbeMAC)}, nil
}

func (p *prober) Close() error { return p.ps.Close() }

// exchange sends frame, then reads until accept says it has had enough
// or the deadline passes.
func (p *prober) exchange(frame []byte, deadline time.Time, accept func(*packets.Frame) bool) error {
	if frame != nil {
		if err := p.ps.Write(frame); err != nil {
			return fmt.Errorf("sending: %w", err)
		}
	}
	buf := make([]byte, 65536)
	for {
		if err := p.ps.SetReadDeadline(deadline); err != nil {
			return err
		}
		n, err := p.ps.Read(buf)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading: %w", err)
		}
		f := packets.Decode(append([]byte(nil), buf[:n]...))
		if !f.IsIPv6() {
			continue
		}
		p.answerNS(f)
		if t, ok := f.NDTarget(); ok && f.ICMPType == packets.TypeNS && f.Src.IsUnspecified() {
			if p.dad == nil {
				p.dad = map[netip.Addr]net.HardwareAddr{}
			}
			p.dad[t] = f.EthSrc
		}
		if accept(f) {
			return nil
		}
	}
}

// answerNS answers a solicitation for one of the probe's addresses.
func (p *prober) answerNS(f *packets.Frame) {
	t, ok := f.NDTarget()
	if !ok || f.ICMPType != packets.TypeNS || (t != p.ll && t != p.global) || !f.Src.IsValid() || f.Src.IsUnspecified() {
		return
	}
	na := packets.NA(ProbeMAC, f.EthSrc, t, f.Src, t, packets.FlagSolicited|packets.FlagOverride, packets.TLLA(ProbeMAC))
	p.ps.Write(na.Bytes())
}

// NS asks who has target (multicast to its solicited-node group, or to mac
// when known) and returns the MAC in the answer.
func (p *prober) NS(target netip.Addr, mac net.HardwareAddr, timeout time.Duration) (net.HardwareAddr, error) {
	dst, dstMAC := packets.SolicitedNode(target), packets.MulticastMAC(packets.SolicitedNode(target))
	if mac != nil {
		dst, dstMAC = target, mac
	}
	src := p.ll
	if !target.IsLinkLocalUnicast() {
		src = p.global
	}
	ns := packets.NS(ProbeMAC, dstMAC, src, dst, target, packets.SLLA(ProbeMAC))
	var got net.HardwareAddr
	err := p.exchange(ns.Bytes(), time.Now().Add(timeout), func(f *packets.Frame) bool {
		if t, ok := f.NDTarget(); !ok || f.ICMPType != packets.TypeNA || t != target {
			return false
		}
		got = f.EthSrc
		if lla, ok := f.LLAOption(packets.OptTargetLLA); ok {
			got = lla
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	if got == nil {
		return nil, fmt.Errorf("no Neighbor Advertisement for %s within %s", target, timeout)
	}
	return got, nil
}

// echoReply is one answer to a probe's Echo Request.
type echoReply struct {
	MAC net.HardwareAddr
	Src netip.Addr
}

// Echo sends an Echo Request to dst (through dstMAC) from the probe's
// address of dst's scope (or from src when valid) and returns the replies
// that came within timeout; with all false it returns at the first one.
func (p *prober) Echo(dstMAC net.HardwareAddr, dst, src netip.Addr, timeout time.Duration, all bool) ([]echoReply, error) {
	p.seq++
	seq := p.seq
	if !src.IsValid() {
		src = p.ll
		if !dst.IsLinkLocalUnicast() && !dst.IsMulticast() {
			src = p.global
		}
	}
	req := packets.EchoRequest(ProbeMAC, dstMAC, src, dst, 0x7663, seq, []byte("v6ct probe"))
	var got []echoReply
	err := p.exchange(req.Bytes(), time.Now().Add(timeout), func(f *packets.Frame) bool {
		if f.ICMPType != packets.TypeEchoReply || f.Dst != src || len(f.ICMPBody) < 4 ||
			binary.BigEndian.Uint16(f.ICMPBody[0:]) != 0x7663 || binary.BigEndian.Uint16(f.ICMPBody[2:]) != seq {
			return false
		}
		got = append(got, echoReply{MAC: f.EthSrc, Src: f.Src})
		return !all
	})
	return got, err
}

// probeAlive checks that the device answers on a link: an Echo Request to
// its link-local address, then (or only, for method ns) a Neighbor
// Solicitation for it.
func probeAlive(p *prober, mac net.HardwareAddr, ll netip.Addr, method string, timeout time.Duration) error {
	var why string
	if method != "ns" {
		r, err := p.Echo(mac, ll, netip.Addr{}, timeout, false)
		if err != nil {
			return err
		}
		if len(r) > 0 {
			return nil
		}
		why = fmt.Sprintf("no Echo Reply from %s within %s", ll, timeout)
	}
	if _, err := p.NS(ll, mac, timeout); err != nil {
		if why != "" {
			return fmt.Errorf("%s, and %v", why, err)
		}
		return err
	}
	return nil
}

func readSysctl(path string) (string, error) {
	b, err := os.ReadFile(path)
	return strings.TrimSpace(string(b)), err
}
