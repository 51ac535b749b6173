package faults

// UDP (RFC 768, RFC 8200 §8.1): refnode/udp.go.
const (
	UDPZeroChecksumAccepted Fault = "udp-zero-checksum-accepted"
)

var _ = add(UDP, []Row{
	{UDPZeroChecksumAccepted, "RFC 8200 §8.1", "accepts UDP datagrams with a zero checksum"},
})
