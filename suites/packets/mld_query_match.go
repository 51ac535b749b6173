package packets

import (
	"fmt"
	"net/netip"
	"slices"
)

// Matchers of the queries a multicast router sends (RFC 3810 §5.1,
// §7.1, §7.6.3), for the router specs.

// MLDQuery decodes the frame's MLDv2 Query (false for anything else,
// MLDv1 Queries included).
func (f *Frame) MLDQuery() (MLDQuery, bool) {
	if !f.IsICMP || f.ICMPType != TypeMLDQuery {
		return MLDQuery{}, false
	}
	q, v1, err := ParseMLDQuery(f.ICMPBody)
	if err != nil || v1 {
		return MLDQuery{}, false
	}
	return q, true
}

// MLDv2QuerySent recognises an MLDv2 Query from the node and judges what
// every query must be (RFC 3810 §5, §5.1, §7.6.2): from a link-local
// address, Hop Limit 1, a Router Alert option of value 0, a whole source
// list, Reserved fields 0.
func MLDv2QuerySent() *Matcher {
	m := newICMP("an MLDv2 Query", TypeMLDQuery)
	m.Identify("an MLDv2 Query (28 octets or more)", func(f *Frame) (bool, string) {
		return len(f.ICMPBody) >= 24, fmt.Sprintf("%d octets", len(f.ICMPBody)+4)
	})
	m.HopLimit(1)
	m.Require("a link-local source", func(f *Frame) (bool, string) { return f.Src.IsLinkLocalUnicast(), f.Src.String() })
	m.Require("a Hop-by-Hop Router Alert option of value 0", func(f *Frame) (bool, string) {
		v, ok := f.RouterAlert()
		if !ok {
			return false, "none"
		}
		return v == 0, fmt.Sprintf("value %d", v)
	})
	m.Require("a source list that fits the message, Reserved fields 0", func(f *Frame) (bool, string) {
		q, ok := f.MLDQuery()
		if !ok {
			return false, "undecodable"
		}
		return q.Reserved == 0 && q.Reserved2 == 0 && len(q.Extra) == 0, fmt.Sprintf("Reserved %d/%d, %d extra octets", q.Reserved, q.Reserved2, len(q.Extra))
	})
	return m
}

// GeneralQuerySent recognises a General Query from the node: Multicast
// Address ::, no sources, to ff02::1 (§5.1.5, §5.1.15).
func GeneralQuerySent() *Matcher {
	m := MLDv2QuerySent()
	m.Desc = "an MLDv2 General Query"
	m.Identify("Multicast Address ::", func(f *Frame) (bool, string) {
		q, _ := f.MLDQuery()
		return q.Group.IsUnspecified(), q.Group.String()
	})
	m.To(AllNodes)
	m.Require("no sources", func(f *Frame) (bool, string) {
		q, _ := f.MLDQuery()
		return len(q.Sources) == 0, fmt.Sprint(len(q.Sources), " sources")
	})
	return m
}

// SpecificQuerySent recognises a query from the node about group: any
// such query when sources is nil (for counting, or for "no query"), a
// Multicast Address Specific Query for an empty non-nil sources, and a
// Multicast Address and Source Specific Query whose source set is
// exactly sources otherwise. It must go to the group (§5.1.15).
func SpecificQuerySent(group netip.Addr, sources []netip.Addr) *Matcher {
	m := MLDv2QuerySent()
	switch {
	case sources == nil:
		m.Desc = "an MLDv2 query about " + group.String()
	case len(sources) == 0:
		m.Desc = "an MLDv2 Multicast Address Specific Query for " + group.String()
	default:
		m.Desc = fmt.Sprintf("an MLDv2 query for %s and sources {%s}", group, addrsJoined(sources))
	}
	m.Identify("Multicast Address "+group.String(), func(f *Frame) (bool, string) {
		q, _ := f.MLDQuery()
		return q.Group == group, q.Group.String()
	})
	if sources != nil {
		want := slices.Clone(sources)
		m.Identify(fmt.Sprintf("sources {%s}", addrsJoined(want)), func(f *Frame) (bool, string) {
			q, _ := f.MLDQuery()
			return sameSet(q.Sources, want), "{" + addrsJoined(q.Sources) + "}"
		})
	}
	m.To(group)
	return m
}

// QueryFields adds a check of the decoded query's fields.
func (m *Matcher) QueryFields(want string, test func(MLDQuery) (bool, string)) *Matcher {
	return m.Require(want, func(f *Frame) (bool, string) {
		q, ok := f.MLDQuery()
		if !ok {
			return false, "undecodable"
		}
		return test(q)
	})
}

// SFlag requires the Suppress Router-Side Processing flag to be s
// (§5.1.7).
func (m *Matcher) SFlag(s bool) *Matcher {
	return m.QueryFields(fmt.Sprintf("S flag %v", s), func(q MLDQuery) (bool, string) { return q.S == s, fmt.Sprint(q.S) })
}

// SFlagIs identifies queries by their S flag, for specs that tell the
// two queries of a split apart (§7.6.3.2).
func (m *Matcher) SFlagIs(s bool) *Matcher {
	return m.Identify(fmt.Sprintf("S flag %v", s), func(f *Frame) (bool, string) {
		q, _ := f.MLDQuery()
		return q.S == s, fmt.Sprint(q.S)
	})
}
