// Package rfc2463 holds the specs for ICMPv6: RFC 4443, which obsoletes
// RFC 2463. Errors that need the node to process a packet first (Parameter
// Problem for headers and options, Time Exceeded for reassembly) are judged
// in rfc2460 beside the processing that raises them.
package rfc2463

// Folder names this suite in reports.
const Folder = "rfc2463"
