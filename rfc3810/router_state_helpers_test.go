package rfc3810

import (
	"strings"
	"testing"
)

// TestScriptNotation: a script of the group 4 driver reads as the
// catalogue writes the part.
func TestScriptNotation(t *testing.T) {
	for _, c := range []struct {
		steps []step
		want  string
	}{
		{[]step{send(IS_IN()), send(TO_IN()).noQ()}, "IS_IN{}; TO_IN{} ⇒ noQ"},
		{[]step{send(IS_IN(), IS_IN(S1)), send(TO_IN()).draws(Q(S1))}, "[IS_IN{}, IS_IN{S1}]; TO_IN{} ⇒ Q(M1,{S1})"},
		{[]step{send(IS_IN(S1, S3)).at(t0), send(IS_EX(S2, S3)).at(t1), send(TO_IN()).at(minus(t0)).draws(Q(S3), Q())},
			"IS_IN{S1,S3} at t0; IS_EX{S2,S3} at t1 = t0+QI; TO_IN{} at t0− ⇒ Q(M1,{S3}) + Q(M1)"},
		{[]step{send(IS_EX(S3, S4)).at(t0), send(IS_IN(S2, S5)).at(t1h), send(BLOCK(S1)).at(t2), send(TO_IN()).at(plus(t1h)).noQ()},
			"IS_EX{S3,S4} at t0; IS_IN{S2,S5} at t1 = t0+QI/2; BLOCK{S1} at t2 = t0+QI; TO_IN{} at t1+ ⇒ noQ"},
		{[]step{send(BLOCK(S1, S2)).firstCopy(Q(S1, S2)), send(IS_EX(S1, S3)).thenRounds(round(q0(S1), q1(), opt(q1(S2))), round(q0(S3)))},
			"BLOCK{S1,S2} ⇒ Q(M1,{S1,S2}) ×1; IS_EX{S1,S3} ⇒ [S1]/S0 + Q(M1)/S1 + opt [S2]/S1, then [S3]/S0"},
		{[]step{sendRecords(recFor(M1, IS_IN(S1)), recFor(M2, IS_EX())), sendRecords(recFor(M2, TO_IN())).draws(Q2())},
			"[IS_IN{S1}, IS_EX(M2,{})]; TO_IN(M2,{}) ⇒ Q(M2)"},
		{[]step{send(ALLOW(srcRange(1, 89)...)), send(TO_IN()).drawsSplit(89, srcRange(1, 90), Q())},
			"ALLOW{S1…S89}; TO_IN{} ⇒ the sources' query split in queries of at most 89 sources + Q(M1)"},
		{[]step{send(TO_IN(S1, S2, S3)).at(t0), quietUntil(minus(t0))}, "TO_IN{S1,S2,S3} at t0; noQ until t0−"},
	} {
		var ws []string
		for _, s := range c.steps {
			ws = append(ws, s.String())
		}
		if got := strings.Join(ws, "; "); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}
