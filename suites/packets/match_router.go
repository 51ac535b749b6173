package packets

import "bytes"

// ICMPErrorAboutForwarded is ICMPErrorAbout for a packet a router may have
// begun to forward before it gave up on it (address resolution failed on the
// next link): the quoted IPv6 header may carry the Hop Limit as received or
// already decremented. For specs where the router must stay silent, so that a
// quote of either kind is caught.
func ICMPErrorAboutForwarded(invoking *Packet) *Matcher {
	asSent := invoking.IPv6Bytes()[:40]
	asForwarded := append([]byte(nil), asSent...)
	asForwarded[7]--
	m := &Matcher{Desc: "an ICMPv6 error about the packet from " + invoking.Src.String()}
	m.Identify("an ICMPv6 error", func(f *Frame) (bool, string) { return f.IsICMP && f.ICMPType < 128, "" })
	m.Identify("quoting the packet, its Hop Limit as received or decremented", func(f *Frame) (bool, string) {
		if len(f.ICMPBody) < 44 {
			return false, ""
		}
		q := f.ICMPBody[4:44]
		return bytes.Equal(q, asSent) || bytes.Equal(q, asForwarded), ""
	})
	return m
}
