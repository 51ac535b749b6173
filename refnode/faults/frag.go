package faults

// Fragmentation and reassembly (RFC 8200 §4.5, RFC 5722, RFC 6946, RFC
// 7112, RFC 6980): refnode/frag, refnode/frag6.go.
const (
	OverlapStartOnly                   Fault = "overlap-start-only"
	AtomicFragmentReassembled          Fault = "atomic-fragment-reassembled"
	IncompleteChainAccepted            Fault = "incomplete-chain-accepted"
	IncompleteChainPointer             Fault = "incomplete-chain-pointer"
	ChainExactFitIncomplete            Fault = "chain-exact-fit-incomplete"
	NoReassembly                       Fault = "no-reassembly"
	ReassemblyMixedIDs                 Fault = "reassembly-mixed-ids"
	ReassemblyNoTimeoutError           Fault = "reassembly-no-timeout-error"
	ReassemblyTimeoutErrorWithoutFirst Fault = "reassembly-timeout-error-without-first"
	OverlapAccepted                    Fault = "overlap-accepted"
	AtomicThroughReassembly            Fault = "atomic-through-reassembly"
	FragLengthNotChecked               Fault = "frag-length-not-checked"
	ReassemblySizeUnchecked            Fault = "reassembly-size-unchecked"
	ReassemblyMixedKeys                Fault = "reassembly-mixed-keys"
	DuplicatesDropDatagram             Fault = "duplicates-drop-datagram"
	FragErrorSilent                    Fault = "frag-error-silent"
	ReassemblyNeverAbandoned           Fault = "reassembly-never-abandoned"
	ReassemblyKeepsCompleted           Fault = "reassembly-keeps-completed"
)

var _ = add(Fragmentation, []Row{
	{OverlapStartOnly, "RFC 5722 §4.5", "takes a new fragment for an overlap only when it starts inside a held one, not when it starts before one and runs into it"},
	{AtomicFragmentReassembled, "RFC 6946 §4", "puts an atomic fragment through reassembly, as a datagram of one fragment"},
	{IncompleteChainAccepted, "RFC 7112 §5", "reassembles a first fragment that does not hold the whole header chain"},
	{IncompleteChainPointer, "RFC 7112 §5", "reports a first fragment without the whole header chain with Parameter Problem code 3 pointing at the Fragment header, not at octet 0"},
	{ChainExactFitIncomplete, "RFC 7112 §5", "takes a first fragment that ends exactly after the upper-layer header for one without the whole header chain"},
	{NoReassembly, "RFC 8200 §4.5", "drops every fragment that is not an atomic fragment"},
	{ReassemblyMixedIDs, "RFC 8200 §4.5", "ignores the Identification when matching fragments to a datagram"},
	{ReassemblyNoTimeoutError, "RFC 8200 §4.5", "sends no Time Exceeded when reassembly times out"},
	{ReassemblyTimeoutErrorWithoutFirst, "RFC 8200 §4.5", "sends Time Exceeded when reassembly times out even if the first fragment never came"},
	{OverlapAccepted, "RFC 8200 §4.5", "reassembles overlapping fragments, the last one received winning"},
	{AtomicThroughReassembly, "RFC 8200 §4.5", "puts atomic fragments through reassembly with the other fragments of the same Identification"},
	{FragLengthNotChecked, "RFC 8200 §4.5", "accepts fragments with M=1 whose length is not a multiple of 8"},
	{ReassemblySizeUnchecked, "RFC 8200 §4.5", "accepts fragments that would reassemble to more than 65535 octets of payload"},
	{ReassemblyMixedKeys, "RFC 8200 §4.5", "matches fragments to a datagram whatever their Identification, source and destination"},
	{DuplicatesDropDatagram, "RFC 8200 §4.5", "takes a duplicated fragment for an overlap and drops the datagram"},
	{FragErrorSilent, "RFC 8200 §4.5", "discards a fragment with M=1 whose length is not a multiple of 8, or one that would end past 65535 octets, without Parameter Problem"},
	{ReassemblyNeverAbandoned, "RFC 8200 §4.5", "sends Time Exceeded when the reassembly time runs out but keeps the fragments: a datagram completed later is delivered"},
	{ReassemblyKeepsCompleted, "RFC 8200 §4.5", "keeps the fragments of a datagram it reassembled, so that a later datagram with the same Identification overlaps them"},
})
