package faults

// Path MTU discovery (RFC 8201): refnode/pmtu, refnode/icmp6.go.
const (
	PTBIgnored          Fault = "ptb-ignored"
	PMTUBelow1280       Fault = "pmtu-below-1280"
	PMTURaisedByPTB     Fault = "pmtu-raised-by-ptb"
	NoFragmentation     Fault = "no-fragmentation"
	PMTURaisedEarly     Fault = "pmtu-raised-early"
	PMTUKeptForever     Fault = "pmtu-kept-forever"
	PTBUnvalidated      Fault = "ptb-unvalidated"
	PTB1280BelowMinimum Fault = "ptb-1280-below-minimum"
	PMTUGlobal          Fault = "pmtu-global"
	PMTUNewEvictsOld    Fault = "pmtu-new-evicts-old"
)

var _ = add(PathMTU, []Row{
	{PTBIgnored, "RFC 8201 §4", "ignores Packet Too Big messages"},
	{PMTUBelow1280, "RFC 8201 §4", "takes a Packet Too Big MTU below 1280 as the path MTU (down to 56)"},
	{PMTURaisedByPTB, "RFC 8201 §4", "raises the path MTU when a Packet Too Big reports a larger one"},
	{NoFragmentation, "RFC 8201 §4", "sends packets larger than the path MTU whole"},
	{PMTURaisedEarly, "RFC 8201 §4", "forgets a lowered path MTU after 1 minute instead of the required 5 or more"},
	{PMTUKeptForever, "RFC 8201 §4", "keeps a lowered path MTU for good, never trying a larger one again (10 minutes is the recommended time)"},
	{PTBUnvalidated, "RFC 8201 §4", "acts on a Packet Too Big whatever packet it quotes"},
	{PTB1280BelowMinimum, "RFC 8201 §4", "takes a Packet Too Big reporting exactly 1280 as below the minimum and discards it"},
	{PMTUGlobal, "RFC 8201 §5.2", "applies a Packet Too Big to every destination on the interface"},
	{PMTUNewEvictsOld, "RFC 8201 §5.2", "forgets the oldest path MTU estimate whenever a Packet Too Big lowers the path to a new destination"},
})
