// Package rfc2460 holds the specs for the IPv6 specification: RFC 8200,
// which obsoletes RFC 2460. Where the classic text differs from the current
// one, the spec says so and carries the label classic:rfc2460.
package rfc2460

// Folder names this suite in reports.
const Folder = "rfc2460"
