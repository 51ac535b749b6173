package faults

// Faults of the IPv6 core found by the second round of specs: path MTU
// bookkeeping, destination checks and duplicate fragments.
const (
	PMTUGlobal                   Fault = "pmtu-global"                    // applies a Packet Too Big to every destination on the interface
	PMTURaisedEarly              Fault = "pmtu-raised-early"              // forgets a lowered path MTU after 1 minute instead of the required 5 or more
	PTBNonzeroCodeIgnored        Fault = "ptb-nonzero-code-ignored"       // ignores a Packet Too Big whose code is not 0
	AcceptUnspecifiedDestination Fault = "accept-unspecified-destination" // accepts packets addressed to ::
	DuplicatesDropDatagram       Fault = "duplicates-drop-datagram"       // takes a duplicated fragment for an overlap and drops the datagram
	PTBUnvalidated               Fault = "ptb-unvalidated"                // acts on a Packet Too Big whatever packet it quotes
	EchoRequestBadChecksum       Fault = "echo-request-bad-checksum"      // sends its own Echo Requests with a wrong checksum
)

var _ = register(map[Fault]string{
	PMTUGlobal:                   "applies a Packet Too Big to every destination on the interface",
	PMTURaisedEarly:              "forgets a lowered path MTU after 1 minute instead of the required 5 or more",
	PTBNonzeroCodeIgnored:        "ignores a Packet Too Big whose code is not 0",
	AcceptUnspecifiedDestination: "accepts packets addressed to ::",
	DuplicatesDropDatagram:       "takes a duplicated fragment for an overlap and drops the datagram",
	PTBUnvalidated:               "acts on a Packet Too Big whatever packet it quotes",
	EchoRequestBadChecksum:       "sends its own Echo Requests with a wrong checksum",
})
