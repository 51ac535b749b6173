package packets

import "net/netip"

// ParamProblemTo identifies any Parameter Problem sent to dst, whatever its
// code, pointer and quote: for a spec that judges whether the node reports
// a packet at all (RFC 4443 §3.4 words the report SHOULD), leaving its
// fields (a MUST once it is sent) to a spec of their own. Chain Code to
// require a code.
func ParamProblemTo(dst netip.Addr) *Matcher {
	m := &Matcher{Desc: "a Parameter Problem to " + dst.String()}
	m.Identify("ICMPv6 Parameter Problem", icmpOfType(TypeParamProblem))
	m.Identify("destination "+dst.String(), func(f *Frame) (bool, string) { return f.Dst == dst, f.Dst.String() })
	return m
}
