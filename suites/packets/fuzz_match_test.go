package packets

import (
	"encoding/hex"
	"net/netip"
	"testing"
)

// FuzzMatchers: whatever arrives on a link (a garbage frame, a cut IPv6
// header, an ICMPv6 error quoting nonsense), every matcher an expectation
// may apply to it and every accessor of a decoded frame answers without
// panicking.
func FuzzMatchers(f *testing.F) {
	nut, tn := LinkLocal(nutMAC), LinkLocal(tn1MAC)
	req := EchoRequest(tn1MAC, nutMAC, tn, nut, 7, 9, []byte("abc"))
	glob := netip.MustParseAddr("2001:db8:1::1")
	b, _ := hex.DecodeString(goldenNS)
	f.Add(b)
	f.Add(req.Bytes())
	f.Add([]byte{1, 2, 3})
	f.Add(append(append([]byte(nil), b[:54]...), 4, 0, 0, 0, 0, 0, 0, 0x28, 0x60))
	matchers := []*Matcher{
		EchoReplyTo(req), ParamProblem(0, 40), ICMPErrorAbout(req), AnyReplyTo(req), NSFor(nut), NAFor(nut),
		TimeExceeded(1), DestUnreachable(3), Forwarded(req, tn1MAC, nutMAC), AnyTo(nut), PacketTooBigAbout(req, 1280),
		RSFrom(tn, tn1MAC), EchoRequestTo(tn), ResolutionNS(tn), ProbeNS(tn, tn1MAC), EchoReplyToMAC(req, tn1MAC),
		DADProbe(nut), DADProbeIn(netip.MustParsePrefix("2001:db8:1::/64")), RAFrom(tn, tn1MAC),
		EchoReplyVia(req, tn1MAC, "TR1"), EchoReplyThrough(req, tn1MAC, "TR1"), RedirectFor(glob, tn, nut, glob),
		ICMPErrorAboutForwarded(req), Tunneled4(netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2"), EchoReplyTo(req)),
		Tunneled6(glob, glob, EchoReplyTo(req)),
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		fr := Decode(raw)
		_ = fr.Summary()
		for _, m := range matchers {
			if m.IsCandidate(fr) {
				m.Misses(fr)
			}
			m.Match(fr)
		}
		if fr.IsIPv6() {
			fr.HopLimit()
			fr.NDTarget()
			fr.NDOptions()
			fr.LLAOption(1)
			fr.FragmentInfo()
		}
		fr.ARPRequest()
		if in, ok := fr.Inner(); ok {
			_ = in.Summary()
		}
		fr.EncapLimitOption()
	})
}
