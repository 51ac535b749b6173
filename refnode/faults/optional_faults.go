package faults

// Faults in behaviours an RFC leaves optional (MAY) but, once the node
// does them, constrains: the specs that judge how the optional thing is
// done need a node that does it wrongly.
const (
	IncompleteChainPointer Fault = "incomplete-chain-pointer" // reports a first fragment without the whole header chain with Parameter Problem code 3 pointing at the Fragment header, not at octet 0
)

var _ = register(map[Fault]string{
	IncompleteChainPointer: "reports a first fragment without the whole header chain with Parameter Problem code 3 pointing at the Fragment header, not at octet 0",
})
