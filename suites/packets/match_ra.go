package packets

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
	"time"
)

// RAFrom is a Router Advertisement from the node whose Ethernet address is
// mac (RFC 4861 §4.2, §6.2.3): any RA it sends is a candidate; it must come
// from its link-local address src with hop limit 255 and code 0, to
// all-nodes or to a unicast address (a solicited answer may be unicast).
func RAFrom(src netip.Addr, mac net.HardwareAddr) *Matcher {
	m := &Matcher{Desc: "Router Advertisement from " + src.String()}
	m.Identify("ICMPv6 type 134", icmpOfType(TypeRA))
	m.Identify("Ethernet source "+mac.String(), func(f *Frame) (bool, string) { return bytes.Equal(f.EthSrc, mac), f.EthSrc.String() })
	m.Require("a valid ICMPv6 checksum", func(f *Frame) (bool, string) { return f.ChecksumOK, "a wrong checksum" })
	m.From(src).HopLimit(255).Code(0)
	return m.Require("at least 16 octets, well-formed options", func(f *Frame) (bool, string) {
		_, ok := f.NDOptions()
		return len(f.ICMPBody) >= 12 && ok, fmt.Sprintf("%d octets", len(f.ICMPBody)+4)
	})
}

func (m *Matcher) raField(want string, get func(RAParams) string) *Matcher {
	return m.Require(want, func(f *Frame) (bool, string) {
		p, ok := f.RAFields()
		if !ok {
			return false, "no Router Advertisement fields"
		}
		got := get(p)
		return got == want, got
	})
}

// RouterLifetime requires the RA's Router Lifetime.
func (m *Matcher) RouterLifetime(d time.Duration) *Matcher {
	return m.raField(fmt.Sprintf("Router Lifetime %v", d), func(p RAParams) string { return fmt.Sprintf("Router Lifetime %v", p.RouterLifetime) })
}

// CurHopLimit requires the RA's Cur Hop Limit.
func (m *Matcher) CurHopLimit(h uint8) *Matcher {
	return m.raField(fmt.Sprintf("Cur Hop Limit %d", h), func(p RAParams) string { return fmt.Sprintf("Cur Hop Limit %d", p.CurHopLimit) })
}

// ReachableRetrans requires the RA's Reachable Time and Retrans Timer.
func (m *Matcher) ReachableRetrans(reachable, retrans time.Duration) *Matcher {
	return m.raField(fmt.Sprintf("Reachable Time %v, Retrans Timer %v", reachable, retrans), func(p RAParams) string {
		return fmt.Sprintf("Reachable Time %v, Retrans Timer %v", p.ReachableTime, p.RetransTimer)
	})
}

// WithPrefixInfo requires a Prefix Information option for prefix with the
// given L and A flags and a valid lifetime not below its preferred one.
func (m *Matcher) WithPrefixInfo(prefix netip.Prefix, flags uint8) *Matcher {
	want := fmt.Sprintf("a prefix option %s with L=%d A=%d", prefix, flags>>7&1, flags>>6&1)
	return m.Require(want, func(f *Frame) (bool, string) {
		opts, _ := f.NDOptions()
		got := "none"
		for _, o := range opts {
			if o.Type != OptPrefixInfo || len(o.Data) != 30 {
				continue
			}
			p := netip.PrefixFrom(netip.AddrFrom16([16]byte(o.Data[14:30])), int(o.Data[0]))
			valid, preferred := binary.BigEndian.Uint32(o.Data[2:]), binary.BigEndian.Uint32(o.Data[6:])
			got = fmt.Sprintf("%s with L=%d A=%d, lifetimes %d/%d s", p, o.Data[1]>>7&1, o.Data[1]>>6&1, valid, preferred)
			if p == prefix && o.Data[1]&0xc0 == flags&0xc0 && valid >= preferred {
				return true, ""
			}
		}
		return false, got
	})
}

// WithMTU requires an MTU option carrying mtu.
func (m *Matcher) WithMTU(mtu int) *Matcher {
	return m.Require(fmt.Sprintf("an MTU option of %d", mtu), func(f *Frame) (bool, string) {
		opts, _ := f.NDOptions()
		for _, o := range opts {
			if o.Type == OptMTU && len(o.Data) == 6 {
				got := int(binary.BigEndian.Uint32(o.Data[2:]))
				return got == mtu, fmt.Sprintf("MTU %d", got)
			}
		}
		return false, "none"
	})
}

// echoReplyIdentity adds the checks that make a frame an Echo Reply to req.
func echoReplyIdentity(m *Matcher, req *Packet) {
	id, seq := req.EchoID(), req.EchoSeq()
	m.Identify("ICMPv6 type 129", icmpOfType(TypeEchoReply))
	m.Identify("identifier and sequence of the request", func(f *Frame) (bool, string) {
		if len(f.ICMPBody) < 4 {
			return false, "a truncated echo"
		}
		return binary.BigEndian.Uint16(f.ICMPBody) == id && binary.BigEndian.Uint16(f.ICMPBody[2:]) == seq, ""
	})
	m.Identify("destination "+req.Src.String(), func(f *Frame) (bool, string) { return f.Dst == req.Src, f.Dst.String() })
}

// EchoReplyVia is an Echo Reply to req sent to the first hop whose
// Ethernet address is mac (name says which node that is): for judging the
// node's next-hop choice. A reply to another first hop fails it by name.
func EchoReplyVia(req *Packet, mac net.HardwareAddr, name string) *Matcher {
	m := &Matcher{Desc: fmt.Sprintf("Echo Reply to %s (seq %d)", req.Src, req.EchoSeq())}
	echoReplyIdentity(m, req)
	m.Require("a valid ICMPv6 checksum", func(f *Frame) (bool, string) { return f.ChecksumOK, "a wrong checksum" })
	m.Require(fmt.Sprintf("sent through %s (Ethernet destination %s)", name, mac), func(f *Frame) (bool, string) {
		return bytes.Equal(f.EthDst, mac), "Ethernet destination " + f.EthDst.String()
	})
	return m
}

// EchoReplyThrough is any Echo Reply to req sent to Ethernet address mac:
// for ExpectNo, when the node must not use that first hop.
func EchoReplyThrough(req *Packet, mac net.HardwareAddr, name string) *Matcher {
	m := &Matcher{Desc: fmt.Sprintf("an Echo Reply to %s through %s", req.Src, name)}
	echoReplyIdentity(m, req)
	m.Identify("Ethernet destination "+mac.String(), func(f *Frame) (bool, string) { return bytes.Equal(f.EthDst, mac), f.EthDst.String() })
	return m
}

// RedirectFor is a Redirect (RFC 4861 §4.5, §8.2) about destination: to
// the source of the packet redirected (to), from the router's link-local
// address src, hop limit 255, code 0, naming target as the better first
// hop.
func RedirectFor(destination, to, src, target netip.Addr) *Matcher {
	m := newICMP("Redirect for "+destination.String(), TypeRedirect)
	m.Identify("destination field "+destination.String(), func(f *Frame) (bool, string) {
		if len(f.ICMPBody) < 36 {
			return false, "a short Redirect"
		}
		d := netip.AddrFrom16([16]byte(f.ICMPBody[20:36]))
		return d == destination, d.String()
	})
	m.To(to).From(src).HopLimit(255).Code(0)
	return m.Require("target "+target.String(), func(f *Frame) (bool, string) {
		t := netip.AddrFrom16([16]byte(f.ICMPBody[4:20]))
		return t == target, t.String()
	})
}

// WithRedirectedHeader requires a Redirected Header option whose data
// starts with the first octets of pkt (as the router received it, or with
// its Hop Limit decremented), and a message of at most 1280 octets.
func (m *Matcher) WithRedirectedHeader(pkt *Packet) *Matcher {
	asSent := pkt.IPv6Bytes()
	dec := append([]byte(nil), asSent...)
	dec[7]--
	m.Require("at most 1280 octets", func(f *Frame) (bool, string) { return len(f.IPv6) <= MinMTU, fmt.Sprint(len(f.IPv6)) })
	return m.Require("a Redirected Header option quoting the packet", func(f *Frame) (bool, string) {
		opts, _ := f.NDOptions()
		for _, o := range opts {
			if o.Type != OptRedirected || len(o.Data) < 6+40 {
				continue
			}
			q := o.Data[6:]
			n := min(len(q), len(asSent))
			if bytes.Equal(q[:n], asSent[:n]) || bytes.Equal(q[:n], dec[:n]) {
				return true, ""
			}
			return false, fmt.Sprintf("a quote differing at octet %d", firstDiff(q, asSent))
		}
		return false, "none"
	})
}

// ToAllNodes narrows m to messages sent to all-nodes (ff02::1): the
// multicast advertisements that MIN_DELAY_BETWEEN_RAS spaces.
func (m *Matcher) ToAllNodes() *Matcher {
	m.Desc = "multicast " + m.Desc
	return m.Identify("destination ff02::1", func(f *Frame) (bool, string) { return f.Dst == AllNodes, f.Dst.String() })
}
