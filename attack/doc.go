// Package attack points the tools attackers and auditors use against IPv6
// stacks (Debian's thc-ipv6, as atk6-*, and ipv6toolkit) at the reference
// node, and checks that it takes them: during and after each attack the
// node answers a legitimate tester's Echo Requests within 100 ms, its
// resident memory stays under a stated bound, and its counters show what it
// dropped.
//
// The node runs as its own process (cmd/refnode), on a TAP device in a
// network namespace the test makes and that vanishes with it; the tools run
// in that namespace on the TAP's kernel side, so nothing they send leaves
// it. The kernel side carries the tester's own address, from which a raw
// ICMPv6 socket sends the Echo Requests whose answers are timed.
//
// The test is TestAttacks; it needs root and the two Debian packages, and
// runs only when V6CT_ATTACK is set:
//
//	V6CT_ATTACK=1 go test -count=1 -short -v ./attack/   # each attack for a few seconds (CI)
//	attack/run.sh                                        # each attack for a minute, the whole implementation6 and fuzz_ip6 runs
package attack
